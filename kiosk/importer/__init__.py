"""Attendee import from ticketing exports: read, map, check every row, then upsert by ticket code."""

from kiosk.importer.plan import ImportPlan, RowProblem, apply_import, plan_import
from kiosk.importer.presets import PRESETS

__all__ = ["ImportPlan", "RowProblem", "apply_import", "plan_import", "PRESETS"]
