"""The pure core: models, enums, lifecycle rules and urgency. Imports nothing of the project, textual or sqlite."""
