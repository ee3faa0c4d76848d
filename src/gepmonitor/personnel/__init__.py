"""personnel module."""
