"""The survey's signals as the plan sees them (registry part 'signals')."""

from gepmonitor.survey.service import signal_exists
from gepmonitor.survey.tables import unlinked_choices

__all__ = ["signal_exists", "unlinked_choices"]
