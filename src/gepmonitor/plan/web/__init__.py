"""Plan pages: the GEP register, its forms, and the Horizon Europe self-check."""

from gepmonitor.plan.web.pages import NAV, router

__all__ = ["NAV", "router"]
