"""Safety pages: the counsellor's log, yearly totals, and hr's registers."""

from gepmonitor.safety.web.log import NAV, router

__all__ = ["NAV", "router"]
