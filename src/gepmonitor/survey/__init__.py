"""survey module."""
