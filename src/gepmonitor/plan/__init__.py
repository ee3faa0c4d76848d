"""plan module."""
