"""gepmonitor: Gender Equality Plan and social-safety monitor for public employers."""

__version__ = "0.1.0"
