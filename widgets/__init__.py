"""Reusable Textual widgets. They take domain models or plain rows and know nothing of storage."""
