"""The audit log as administrators read it: filtered view and CSV export."""
