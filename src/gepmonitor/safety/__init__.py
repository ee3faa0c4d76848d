"""safety module."""
