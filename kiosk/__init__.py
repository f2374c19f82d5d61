"""Offline event-day check-in kiosk and badge printer: the core engine (no Qt widgets here)."""

__version__ = "0.1.0"
