"""At a glance: checked in of expected, by ticket type, and arrivals per 15 minutes as a chart."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import QLabel, QSizePolicy, QVBoxLayout, QWidget

from kiosk.attendees.stats import BUCKET_MS, Stats


class ArrivalsChart(QWidget):
    """Bars of arrivals per 15 minutes, labelled by the hour, drawn with QPainter."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(self.tr("Arrivals per 15 minutes"))
        self.setMinimumHeight(90)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.buckets: list[tuple[int, int]] = []

    def set_buckets(self, buckets: list[tuple[int, int]]) -> None:
        # Quiet quarter-hours are bars of nought, not skipped: the time axis stays even.
        counts = dict(buckets)
        filled = [(ms, counts.get(ms, 0)) for ms in range(buckets[0][0], buckets[-1][0] + 1, BUCKET_MS)] \
            if buckets else []
        self.buckets = filled[-24:]  # the last six hours
        summary = ", ".join(f"{datetime.fromtimestamp(ms / 1000):%H:%M} {n}" for ms, n in self.buckets)
        self.setAccessibleDescription(summary or self.tr("No arrivals yet"))
        self.update()

    def paintEvent(self, event) -> None:  # noqa: N802 (Qt API)
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        rect = self.rect().adjusted(4, 4, -4, -4)
        text_h = self.fontMetrics().height()
        palette_text = self.palette().windowText().color()
        if not self.buckets:
            painter.setPen(palette_text)
            painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, self.tr("No arrivals yet"))
            return
        peak = max(n for _, n in self.buckets)
        bar_w = rect.width() / len(self.buckets)
        chart_h = rect.height() - 2 * text_h
        for i, (ms, n) in enumerate(self.buckets):
            h = chart_h * n / peak if peak else 0
            x = rect.left() + i * bar_w
            bar = QRectF(x + 2, rect.top() + text_h + chart_h - h, max(bar_w - 4, 1), h)
            painter.fillRect(bar, QColor("#1b5e20"))
            painter.setPen(palette_text)
            if n and bar_w >= self.fontMetrics().horizontalAdvance(str(n)):
                painter.drawText(QRectF(x, bar.top() - text_h, bar_w, text_h), Qt.AlignmentFlag.AlignCenter, str(n))
            moment = datetime.fromtimestamp(ms / 1000)
            label_every = max(1, int(self.fontMetrics().horizontalAdvance("00:00 ") // max(bar_w, 1)) + 1)
            if i % label_every == 0:
                painter.drawText(QRectF(x, rect.bottom() - text_h, bar_w * label_every, text_h),
                                 Qt.AlignmentFlag.AlignLeft, f"{moment:%H:%M}")


_NO_TYPE = "(none)"  # kiosk.attendees.stats: the people whose list gave no ticket type


class StatsPanel(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.headline = QLabel()
        self.headline.setAccessibleName(self.tr("Checked in of expected"))
        font = self.headline.font()
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        self.headline.setFont(font)
        self.by_type = QLabel()
        self.by_type.setAccessibleName(self.tr("Checked in by ticket type"))
        self.by_type.setWordWrap(True)
        # Who is still expected at the door (issue 16): online-only people are not.
        self.dropouts = QLabel()
        self.dropouts.setAccessibleName(self.tr("Not arrived, cancelled and online"))
        self.dropouts.setWordWrap(True)
        self.chart = ArrivalsChart()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.headline)
        layout.addWidget(self.by_type)
        layout.addWidget(self.dropouts)
        layout.addWidget(self.chart, 1)

    def show_stats(self, stats: Stats) -> None:
        self.headline.setText(self.tr("{0} of {1} checked in").format(stats.checked_in, stats.expected_in_person))
        online = stats.by_attendance.get("online", {}).get("expected", 0)
        parts = [self.tr("Not arrived yet: {0}").format(stats.not_arrived)]
        parts += [self.tr("cancelled: {0}").format(stats.cancelled)] if stats.cancelled else []
        parts += [self.tr("online only (not expected here): {0}").format(online)] if online else []
        self.dropouts.setText(" · ".join(parts) + " " + self.tr("(Ctrl+Shift+N lists them)"))
        # One line per type in words ("Speaker: 3 of 10"); a list with no ticket types at all
        # has nothing to break down (the headline already says it), so the line is hidden.
        types = stats.by_ticket_type
        self.by_type.setText("   ".join(
            self.tr("{0}: {1} of {2}").format(self.tr("No ticket type") if t == _NO_TYPE else t,
                                              v["checked_in"], v["expected"])
            for t, v in types.items()))
        self.by_type.setVisible(bool(types) and list(types) != [_NO_TYPE])
        self.chart.set_buckets(stats.arrivals)
