"""The desk's arrivals chart keeps an even time axis: a quiet quarter-hour is a bar of nought."""

from __future__ import annotations

from datetime import datetime

from kiosk.attendees.stats import BUCKET_MS
from kiosk.ui.stats_panel import ArrivalsChart


def test_quiet_quarter_hours_are_shown_as_nought(qtbot):
    chart = ArrivalsChart()
    qtbot.addWidget(chart)
    nine = int(datetime(2026, 11, 29, 9, 0).timestamp() * 1000)
    chart.set_buckets([(nine, 12), (nine + 4 * BUCKET_MS, 3)])  # 09:00 and 10:00, nobody between
    assert [n for _, n in chart.buckets] == [12, 0, 0, 0, 3]
    assert [ms - nine for ms, _ in chart.buckets] == [i * BUCKET_MS for i in range(5)]
    assert chart.accessibleDescription() == "09:00 12, 09:15 0, 09:30 0, 09:45 0, 10:00 3"
    chart.resize(400, 120)
    chart.show()
    qtbot.waitExposed(chart)
    chart.grab()  # paints without error with the nought bars


def test_no_arrivals_yet(qtbot):
    chart = ArrivalsChart()
    qtbot.addWidget(chart)
    chart.set_buckets([])
    assert chart.buckets == [] and chart.accessibleDescription() == "No arrivals yet"
