"""web module."""
