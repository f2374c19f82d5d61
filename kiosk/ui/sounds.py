"""An audible cue per check-in outcome, so the desk hears a problem without looking. Can be muted.

Plays the WAV cues in assets/sounds through QtMultimedia. A laptop with no audio output simply
stays silent: the cues are a help, never a requirement.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, QUrl

from kiosk.core.resources import assets_dir

OUTCOMES = ("checked_in", "already_checked_in", "unknown", "void", "invalid")


def cue_path(outcome: str) -> Path:
    """The WAV file of an outcome's cue."""
    return assets_dir() / "sounds" / f"{outcome}.wav"


class OutcomeSounds(QObject):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.muted = False
        self.last_played: str | None = None
        self._effects: dict = {}
        try:
            from PySide6.QtMultimedia import QSoundEffect
        except ImportError:  # QtMultimedia missing: silent, not broken
            return
        for outcome in OUTCOMES:
            path = cue_path(outcome)
            if path.is_file():
                effect = QSoundEffect(self)
                effect.setSource(QUrl.fromLocalFile(str(path)))
                effect.setVolume(0.8)
                self._effects[outcome] = effect

    def effect(self, outcome: str):
        """The QSoundEffect that plays this cue, or None (no such cue, or no QtMultimedia)."""
        return self._effects.get(outcome)

    def play(self, outcome: str) -> None:
        if self.muted:
            return
        effect = self._effects.get(outcome)
        if effect is not None:
            effect.play()
            self.last_played = outcome
