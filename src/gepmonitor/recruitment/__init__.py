"""recruitment module."""
