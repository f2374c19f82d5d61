"""This desk's settings, each declared once: its type, default and what it is for.

Settings live in the data folder's config.json (local to this machine, never synced). A value
of the wrong type — a hand-edited file, a newer app's value — reads as the default (with a
warning naming the key), so a bad file never stops the desk or the kiosk; `save` refuses a wrong value outright.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from kiosk.core.errors import UsageError

if TYPE_CHECKING:
    from kiosk.store.datadir import DataDir

AUTO_PRINT = ("never", "first", "always")
NO_CAMERA = "none"  # the `camera` value for "this desk uses no camera"


def _setting(default: Any, doc: str, choices: tuple = (), low: int | None = None) -> Any:
    return field(default=default, metadata={"doc": doc, "choices": choices, "low": low})


@dataclass(frozen=True)
class Settings:
    # Scanner input timing: scanners type in under ~15 ms a key, people rarely under 50 ms.
    max_gap_ms: int = _setting(40, "keys closer together than this (ms) belong to one scanner burst", low=1)
    min_length: int = _setting(4, "a shorter burst of keys is typing, not a scan", low=1)
    end_pause_ms: int = _setting(70, "a burst with no Enter or Tab ends after this pause (ms)", low=1)
    muted: bool = _setting(False, "the desk plays no outcome sounds")
    auto_print: str = _setting("never", "print a badge on check-in: never, the first time, or always",
                               choices=AUTO_PRINT)
    camera: str | None = _setting(None, "the camera the desk reads tickets with ('none': no camera; "
                                        "unset: the system's default)")
    camera_mirror: bool | None = _setting(None, "mirror the camera preview (unset: only a front camera)")
    kiosk_result_s: int = _setting(6, "seconds a result stays on the self-service kiosk", low=1)
    kiosk_idle_s: int = _setting(45, "seconds untouched before the kiosk starts again", low=1)
    kiosk_muted: bool = _setting(False, "the self-service kiosk plays no outcome sounds")
    kiosk_language: str = _setting("en", "the kiosk's language when it starts again (en, cy)")
    desk_language: str = _setting("en", "the desk and grid windows' language (en, cy)")
    kiosk_camera: bool = _setting(True, "the self-service kiosk shows its camera view")
    desk_named: bool = _setting(False, "the desk window has asked this laptop's desk name (asked once)")

    @classmethod
    def load(cls, data: DataDir) -> Settings:
        from kiosk.store.datadir import config_warning

        stored = data.section("settings")
        values = {}
        for f in dataclasses.fields(cls):
            if f.name not in stored:
                continue
            if _fits(f, stored[f.name]):
                values[f.name] = stored[f.name]
            else:
                config_warning(f"{data.root / 'config.json'}: setting {f.name!r} cannot be "
                               f"{str(stored[f.name])[:40]!r}; using {f.default!r}")
        return cls(**values)

    @classmethod
    def update(cls, data: DataDir, **changes: Any) -> Settings:
        """Change some of this machine's settings (a wrong value is refused)."""
        return cls.load(data).save(data, **changes)

    def save(self, data: DataDir, **changes: Any) -> Settings:
        """These settings with `changes`, written to the data folder; a wrong value is refused."""
        fields = {f.name: f for f in dataclasses.fields(self)}
        for name, value in changes.items():
            if name not in fields:
                raise UsageError(f"there is no setting {name!r}")
            if not _fits(fields[name], value):
                raise UsageError(f"setting {name!r} cannot be {value!r}")
        updated = dataclasses.replace(self, **changes)
        data.save_section("settings", {**data.section("settings"), **changes})
        return updated

    @staticmethod
    def describe() -> list[dict]:
        """Every setting with its type, default and description (for docs and `--help`)."""
        return [{"name": f.name, "type": str(f.type), "default": f.default, "description": f.metadata["doc"]}
                for f in dataclasses.fields(Settings)]


def _fits(f: dataclasses.Field, value: object) -> bool:
    default, meta = f.default, f.metadata
    optional = "None" in str(f.type)
    if value is None:
        return optional
    if meta["choices"]:
        return value in meta["choices"]
    if "bool" in str(f.type):
        return isinstance(value, bool)
    if "int" in str(f.type):
        return type(value) is int and (meta["low"] is None or value >= meta["low"])
    if "str" in str(f.type):
        return isinstance(value, str)
    return isinstance(value, type(default))
