"""Badge layouts as data: a JSON file per layout (page size, fields, positions, fonts, sizes).

Shipped layouts live in assets/layouts; an organiser copies one into the data folder's layouts/
and edits it without touching code. All lengths are millimetres, measured from the top-left
corner of the badge. Only fields fit for a badge can be placed: name, organisation, pronouns,
ticket type and event name; never email, phone or needs.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from kiosk.core.errors import UsageError
from kiosk.core.resources import assets_dir

BADGE_SOURCES = frozenset({"first_name", "last_name", "full_name", "organisation", "pronouns",
                           "ticket_type", "event_name"})
FIELD_TYPES = frozenset({"text", "band", "qr", "logo"})
QR_CONTENTS = ("ticket", "contact", "none")
DEFAULT_BAND_COLOURS = {"Speaker": "#c62828", "Staff": "#1565c0", "Facilitator": "#6a1b9a",
                        "Guest": "#2e7d32", "Member": "#37474f", "Walk-in": "#ef6c00"}


@dataclass(frozen=True)
class Field:
    type: str
    x: float
    y: float
    w: float
    h: float
    source: str = ""
    font: str = "regular"          # regular or bold
    size: float = 12               # the largest size; text shrinks from here to fit
    min_size: float = 6
    max_lines: int = 1
    align: str = "center"          # left, center, right
    colour: str = "#000000"
    prefix: str = ""               # e.g. "(" for pronouns
    suffix: str = ""


@dataclass(frozen=True)
class Sheet:
    """Several badges per page, for pre-printing on office printers."""

    page_w: float
    page_h: float
    columns: int
    rows: int
    cut_marks: bool = True


@dataclass(frozen=True)
class Layout:
    name: str
    title: str
    width: float
    height: float
    fields: tuple[Field, ...]
    qr: str = "ticket"
    band_colours: dict[str, str] = field(default_factory=dict)
    sheet: Sheet | None = None
    path: Path | None = None
    brother_label: str = ""  # the Brother QL label this layout is made for (62, 62x100, …)

    def band_colour(self, ticket_type: str) -> str:
        colours = {**DEFAULT_BAND_COLOURS, **self.band_colours}
        return colours.get(ticket_type, colours.get("*", "#455a64"))

    @property
    def page_size(self) -> tuple[float, float]:
        """The PDF page in mm: the badge itself, or the sheet holding several."""
        return (self.sheet.page_w, self.sheet.page_h) if self.sheet else (self.width, self.height)


def _number(data: dict, key: str, where: str, default: float | None = None) -> float:
    value = data.get(key, default)
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0:
        raise UsageError(f"{where}: '{key}' must be a number of millimetres ≥ 0")
    return float(value)


def parse_layout(data: dict, name: str, path: Path | None = None) -> Layout:
    """A Layout from its JSON form, refusing anything that would overflow the badge or put
    personal data on it."""
    where = f"layout {name!r}"
    if not isinstance(data, dict):
        raise UsageError(f"{where}: expected a JSON object")
    width, height = _number(data, "width", where), _number(data, "height", where)
    if not (10 <= width <= 500 and 10 <= height <= 500):
        raise UsageError(f"{where}: badge size {width}×{height} mm is not plausible")
    fields = []
    for i, raw in enumerate(data.get("fields", [])):
        f_where = f"{where}, field {i + 1}"
        if not isinstance(raw, dict) or raw.get("type") not in FIELD_TYPES:
            raise UsageError(f"{f_where}: type must be one of {', '.join(sorted(FIELD_TYPES))}")
        source = raw.get("source", "")
        if raw["type"] in ("text", "band") and source not in BADGE_SOURCES:
            raise UsageError(f"{f_where}: source {source!r} may not go on a badge "
                             f"(allowed: {', '.join(sorted(BADGE_SOURCES))})")
        f = Field(
            type=raw["type"], x=_number(raw, "x", f_where), y=_number(raw, "y", f_where),
            w=_number(raw, "w", f_where), h=_number(raw, "h", f_where), source=source,
            font=raw.get("font", "regular"), size=_number(raw, "size", f_where, 12),
            min_size=_number(raw, "min_size", f_where, 6), max_lines=int(raw.get("max_lines", 1)),
            align=raw.get("align", "center"), colour=str(raw.get("colour", "#000000")),
            prefix=str(raw.get("prefix", "")), suffix=str(raw.get("suffix", "")),
        )
        if f.x + f.w > width + 0.01 or f.y + f.h > height + 0.01:
            raise UsageError(f"{f_where}: the box reaches outside the {width}×{height} mm badge")
        if f.font not in ("regular", "bold") or f.align not in ("left", "center", "right"):
            raise UsageError(f"{f_where}: font is regular or bold; align is left, center or right")
        if not 1 <= f.max_lines <= 6 or f.min_size > f.size:
            raise UsageError(f"{f_where}: max_lines 1–6, min_size ≤ size")
        fields.append(f)
    qr = data.get("qr", "ticket")
    if qr not in QR_CONTENTS:
        raise UsageError(f"{where}: qr is one of {', '.join(QR_CONTENTS)}")
    sheet = None
    if isinstance(data.get("sheet"), dict):
        s = data["sheet"]
        sheet = Sheet(_number(s, "page_w", where), _number(s, "page_h", where),
                      int(s.get("columns", 1)), int(s.get("rows", 1)), bool(s.get("cut_marks", True)))
        if sheet.columns * width > sheet.page_w or sheet.rows * height > sheet.page_h:
            raise UsageError(f"{where}: {sheet.columns}×{sheet.rows} badges do not fit on the sheet")
    colours = data.get("band_colours", {})
    return Layout(name, str(data.get("title", name)), width, height, tuple(fields), qr,
                  dict(colours) if isinstance(colours, dict) else {}, sheet, path,
                  str(data.get("brother_label", "")))


def layout_dirs(data_root: Path | None = None) -> list[Path]:
    """Where layouts are found: the data folder's own first, so a copy overrides a shipped one."""
    dirs = []
    if data_root is not None:
        dirs.append(Path(data_root) / "layouts")
    dirs.append(assets_dir() / "layouts")
    return dirs


def available_layouts(data_root: Path | None = None) -> dict[str, Path]:
    found: dict[str, Path] = {}
    for folder in reversed(layout_dirs(data_root)):
        if folder.is_dir():
            for path in sorted(folder.glob("*.json")):
                found[path.stem] = path
    return dict(sorted(found.items()))


def load_layout(name: str, data_root: Path | None = None) -> Layout:
    layouts = available_layouts(data_root)
    path = layouts.get(name)
    if path is None:
        raise UsageError(f"no badge layout {name!r}; available: {', '.join(layouts)}")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise UsageError(f"cannot read layout {path}: {exc}") from exc
    return parse_layout(data, name, path)
