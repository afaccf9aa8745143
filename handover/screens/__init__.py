"""The app's screens: one screen or modal per module."""
