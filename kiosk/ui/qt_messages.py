"""A quiet terminal: Qt's start-up chatter about audio and video back-ends is not printed.

Every start used to print ~15 lines ("qt.multimedia.symbolsresolver: Couldn't load pipewire-0.3
library", "PulseAudioService: pa_context_connect() failed", "QSoundEffect: playback of this format
is not supported…") that mean nothing to a volunteer and hide what matters. Whether sound and the
camera work is `kiosk doctor`'s question, answered in words. Anything else Qt says still reaches
stderr as before.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QLoggingCategory, QtMsgType, qInstallMessageHandler

# Categories turned off before QtMultimedia loads (its first messages come while it loads).
QUIET_CATEGORIES = ("qt.multimedia.*", "qt.multimedia.symbolsresolver", "qt.multimedia.ffmpeg*")

# Uncategorised messages with these beginnings are the same noise.
QUIET_PREFIXES = (
    "PulseAudioService:",
    "QSoundEffect:",
    "QAudioSink",
    "This plugin does not support propagateSizeHints()",  # the offscreen platform
    "This plugin does not support raise()",
    "[ffmpeg]",
)

_installed = False


def is_noise(category: str, message: str) -> bool:
    return category.startswith("qt.multimedia") or message.startswith(QUIET_PREFIXES)


def _handler(kind: QtMsgType, context, message: str) -> None:
    category = getattr(context, "category", "") or ""
    if kind != QtMsgType.QtFatalMsg and is_noise(category, message):
        return
    prefix = f"{category}: " if category and category != "default" else ""
    print(prefix + message, file=sys.stderr)


def install() -> None:
    """Filter Qt's messages for this process (idempotent). Call before QtMultimedia is used."""
    global _installed
    if _installed:
        return
    QLoggingCategory.setFilterRules("\n".join(f"{c}=false" for c in QUIET_CATEGORIES))
    qInstallMessageHandler(_handler)
    _installed = True
