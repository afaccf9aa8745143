"""handover: a keyboard-driven board that makes rupture and repair visible and owned in a children's home."""

__version__ = "0.1.0"
