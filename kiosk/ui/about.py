"""Help → About Event Kiosk: the version, where this laptop keeps its data, and the licences of the
fonts and libraries that come with the app (the standalone bundle ships them all)."""

from __future__ import annotations

import html
import importlib.metadata
import platform
import sys
from pathlib import Path

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import QCoreApplication, qVersion
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

from kiosk import __version__
from kiosk.core.resources import assets_dir
from kiosk.ui.translate_marks import QT_TRANSLATE_NOOP

# (what, distribution for its version, licence, what it does here). Checked against each
# package's own metadata; the full texts come with each package (and in the bundle's _internal).
LIBRARIES: tuple[tuple[str, str, str, str], ...] = (
    ("Qt 6 and PySide6", "PySide6_Essentials", "LGPL-3.0", "windows, printing, camera and sound"),
    ("FFmpeg (in Qt Multimedia)", "", "LGPL-2.1 or later", "camera frames and sounds"),
    ("Python", "", "PSF License", "the language the app is written in"),
    ("ReportLab", "reportlab", "BSD", "badge and ticket PDFs"),
    ("segno", "segno", "BSD-3-Clause", "QR codes on badges and tickets"),
    ("qrcode", "qrcode", "BSD", "the hub's pairing QR in a terminal"),
    ("python-escpos", "python-escpos", "MIT", "thermal receipt printers"),
    ("brother-ql-next", "brother-ql-next", "GPL-3.0", "Brother QL label printers"),
    ("zxing-cpp", "zxing-cpp", "Apache-2.0", "reading QR codes from the camera"),
    ("NumPy", "numpy", "BSD-3-Clause", "camera frames and QR masks"),
    ("Pillow", "pillow", "MIT-CMU", "printer rasters"),
    ("openpyxl", "openpyxl", "MIT", "reading .xlsx attendee lists"),
    ("Starlette and uvicorn", "starlette", "BSD-3-Clause", "the organisers' hub"),
    ("HTTPX", "httpx", "BSD-3-Clause", "syncing with the hub"),
    ("icalendar", "icalendar", "BSD-2-Clause", "the session grid's calendar"),
    ("platformdirs", "platformdirs", "MIT", "finding the data folder"),
    ("pyserial", "pyserial", "BSD", "serial printers"),
)

# The shipped font families and their licence files in assets/fonts.
FONTS: tuple[tuple[str, str, str], ...] = (
    ("DejaVu Sans", "DejaVu fonts licence (Bitstream Vera: free to use and share)", "DejaVu-LICENSE.txt"),
    ("Noto Sans Bengali, Devanagari, Gujarati, Gurmukhi, Malayalam, Tamil", "SIL Open Font License 1.1",
     "Noto-OFL.txt"),
)


def _version(dist: str) -> str:
    if not dist:
        return ""
    try:
        return importlib.metadata.version(dist)
    except importlib.metadata.PackageNotFoundError:
        return ""


def about_html(data_root: Path) -> str:
    """The dialog's text (HTML): plain facts, every name escaped."""
    e = html.escape
    fonts = assets_dir() / "fonts"
    rows = "".join(
        f"<tr><td>{e(name)}</td><td>{e(licence)}</td><td>{e(str(fonts / file))}</td></tr>"
        for name, licence, file in FONTS)
    libs = "".join(
        f"<tr><td>{e(name)} {e(_version(dist))}</td><td>{e(licence)}</td><td>{e(use)}</td></tr>"
        for name, dist, licence, use in LIBRARIES)
    def say(text: str) -> str:  # the words are marked where they are written, below
        return e(QCoreApplication.translate("AboutDialog", text))

    frozen = " (" + say(QT_TRANSLATE_NOOP("AboutDialog", "standalone")) + ")" if getattr(sys, "frozen", False) else ""
    # Marked outside the f-strings: lupdate does not look inside them.
    data_folder = say(QT_TRANSLATE_NOOP("AboutDialog", "Data folder:"))
    running_on = say(QT_TRANSLATE_NOOP("AboutDialog", "Running on:"))
    font, library = say(QT_TRANSLATE_NOOP("AboutDialog", "Font")), say(QT_TRANSLATE_NOOP("AboutDialog", "Library"))
    licence = say(QT_TRANSLATE_NOOP("AboutDialog", "Licence"))
    used_for = say(QT_TRANSLATE_NOOP("AboutDialog", "Used for"))
    licence_text = say(QT_TRANSLATE_NOOP("AboutDialog", "Licence text"))
    return (
        f"<h2>Event Kiosk {e(__version__)}</h2>"
        "<p>" + say(QT_TRANSLATE_NOOP("AboutDialog", "Check-in and badge printing for community events. "
                                                     "Free software under the MIT licence.")) + "</p>"
        f"<p><b>{data_folder}</b> {e(str(data_root))}<br>"
        + say(QT_TRANSLATE_NOOP("AboutDialog", "This laptop keeps its events, settings and printed badges there."))
        + "</p>"
        f"<p><b>{running_on}</b> Python {e(platform.python_version())}"
        f"{frozen}, Qt {e(qVersion())}, PySide6 {e(pyside_version)}, {e(platform.system())} {e(platform.release())}</p>"
        "<h3>" + say(QT_TRANSLATE_NOOP("AboutDialog", "Fonts that come with the app")) + "</h3>"
        f"<table cellpadding='3'><tr><th align='left'>{font}</th><th align='left'>{licence}</th>"
        f"<th align='left'>{licence_text}</th></tr>{rows}</table>"
        "<h3>" + say(QT_TRANSLATE_NOOP("AboutDialog", "Libraries")) + "</h3>"
        f"<table cellpadding='3'><tr><th align='left'>{library}</th><th align='left'>{licence}</th>"
        f"<th align='left'>{used_for}</th></tr>{libs}</table>"
        "<p>" + say(QT_TRANSLATE_NOOP("AboutDialog", "Qt and FFmpeg are used under the LGPL as separate shared "
                                                     "libraries. Each library's full licence text comes with it."))
        + "</p>"
    )


class AboutDialog(QDialog):
    def __init__(self, data_root: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("About Event Kiosk"))
        self.setAccessibleName(self.tr("About Event Kiosk"))
        self.resize(760, 600)
        self.text = QTextBrowser()
        self.text.setObjectName("about_text")
        self.text.setAccessibleName(self.tr("About this app"))
        self.text.setOpenLinks(False)
        self.text.setHtml(about_html(data_root))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text)
        layout.addWidget(buttons)
        buttons.button(QDialogButtonBox.StandardButton.Close).setFocus()
