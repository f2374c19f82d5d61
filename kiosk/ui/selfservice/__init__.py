"""The self-service kiosk: attendees scan their own ticket, see a welcome, and their badge prints."""

from __future__ import annotations


def open_kiosk_mode(data, store, desk=None):
    """Start kiosk mode from the desk window: see kiosk.ui.selfservice.launch.open_kiosk_mode."""
    from kiosk.ui.selfservice.launch import open_kiosk_mode as _open

    return _open(data, store, desk)
