"""Badge layouts as data: a JSON file per layout (page size, fields, positions, fonts, sizes).

Shipped layouts live in assets/layouts; an organiser copies one into the data folder's layouts/
and edits it without touching code. All lengths are millimetres, measured from the top-left
corner of the badge. Only fields fit for a badge can be placed: name, organisation, pronouns,
ticket type and event name; never email, phone or needs.

The loader refuses a layout people could not read: text fainter than 4.5:1 against its
background (WCAG AA, for every band colour the layout can give), a QR code with another field in
its clear space, a sheet whose badges come closer than 5 mm to the paper's edge (office printers
cannot print there).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from kiosk.core.errors import UsageError
from kiosk.core.resources import assets_dir

BADGE_SOURCES = frozenset({"first_name", "last_name", "full_name", "organisation", "pronouns",
                           "ticket_type", "event_name"})
FIELD_TYPES = frozenset({"text", "band", "qr", "logo", "marker"})
QR_CONTENTS = ("ticket", "contact", "none")
# Every colour here takes white text at 4.5:1 or more (Walk-in was #ef6c00 orange: 3.08:1).
DEFAULT_BAND_COLOURS = {"Speaker": "#c62828", "Staff": "#1565c0", "Facilitator": "#6a1b9a",
                        "Guest": "#2e7d32", "Member": "#37474f", "Walk-in": "#b34700", "*": "#455a64"}
# The colour never carries the meaning alone: the band names the ticket type in words and a
# marker shape at each end tells the common types apart at a glance, in grey print too.
BAND_SHAPES = ("star", "square", "diamond", "circle", "triangle", "plus")
DEFAULT_BAND_SHAPES = {"Speaker": "star", "Staff": "square", "Facilitator": "diamond",
                       "Guest": "circle", "Member": "triangle", "Walk-in": "plus"}
# A marker answers one of the organiser's questions on the badge ("No photos", an interaction
# preference): a shape, words and a colour, chosen by the layout for each answer it names; the
# answer's own text is never printed (kiosk/print/draw/markers.py draws them).
MARKER_SHAPES = BAND_SHAPES + ("no-camera",)
MAX_MARKER_WORDS = 40
MIN_CONTRAST = 4.5
MIN_SHEET_MARGIN = 5.0  # mm: most office printers cannot print closer to the paper's edge
BADGE_BACKGROUND = "#ffffff"


def ticket_key(table: dict[str, str], ticket_type: str) -> str | None:
    """The entry of a band table for a ticket type as platforms name them: exactly, then in any
    case, then by its first word, singular ("Speakers", "Speaker pass", "SPEAKER" → Speaker;
    "Walk-in ticket" → Walk-in). None: the "*" fallback."""
    if ticket_type in table and ticket_type != "*":
        return ticket_type
    folded = {key.casefold(): key for key in table if key != "*"}
    words = ticket_type.casefold().split()
    if not words:
        return None
    first = words[0].strip(".,:;()")
    for candidate in (" ".join(words), first, first.removesuffix("s"), first.removesuffix("es")):
        if candidate in folded:
            return folded[candidate]
    return None


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
    quiet_zone: int = 4            # QR: clear modules round the symbol, inside the box
    question: str = ""             # marker: the imported question it answers ("Photo consent")
    markers: tuple[tuple[str, str, str, str], ...] = ()  # marker: (answer, shape, words, colour)

    def marker_for(self, answer: str) -> tuple[str, str, str] | None:
        """(shape, words, colour) for an attendee's answer, or None when the layout names none.
        An answer matches a value ignoring case and accents, whole or as its first word(s):
        "Green: happy to chat" is "Green"."""
        from kiosk.core.textfold import fold

        said = fold(" ".join(str(answer).split()))
        for value, shape, words, colour in self.markers:
            wanted = fold(" ".join(value.split()))
            if said == wanted or (said.startswith(wanted) and not said[len(wanted):][:1].isalnum()):
                return shape, words, colour
        return None

    def qr_place(self, modules: int) -> tuple[float, float, float]:
        """Where a QR symbol `modules` wide goes in this box: its top-left (mm from the badge's
        top-left) and the module size in mm. The symbol is centred in the box's square with
        `quiet_zone` clear modules on every side, all inside the box, so the box is the code's
        whole clear space and no other field may overlap it."""
        module = min(self.w, self.h) / (modules + 2 * self.quiet_zone)
        side = modules * module
        return self.x + (self.w - side) / 2, self.y + (self.h - side) / 2, module


@dataclass(frozen=True)
class Sheet:
    """Several badges per page, for pre-printing on office printers."""

    page_w: float
    page_h: float
    columns: int
    rows: int
    cut_marks: bool = True
    gutter: float = 0.0  # mm between neighbouring badges, where the cut marks go

    def slots(self, width: float, height: float) -> list[tuple[float, float]]:
        """Each badge's top-left on the page (mm), row by row, the grid centred on the page."""
        left = (self.page_w - self.columns * width - (self.columns - 1) * self.gutter) / 2
        top = (self.page_h - self.rows * height - (self.rows - 1) * self.gutter) / 2
        return [(left + c * (width + self.gutter), top + r * (height + self.gutter))
                for r in range(self.rows) for c in range(self.columns)]

    def margins(self, width: float, height: float) -> tuple[float, float]:
        """The clear paper left and right, and above and below, of the grid of badges (mm)."""
        return (self.page_w - self.columns * width - (self.columns - 1) * self.gutter) / 2, \
            (self.page_h - self.rows * height - (self.rows - 1) * self.gutter) / 2

    def cut_marks_mm(self, width: float, height: float) -> list[tuple[float, float, float, float]]:
        """Short lines (x1, y1, x2, y2 in mm) continuing every cut line into the paper around and
        between the badges: never across a badge, never within 2 mm of the paper's edge."""
        slots = self.slots(width, height)
        lefts, tops = sorted({x for x, _ in slots}), sorted({y for _, y in slots})
        gap, edge, length = 1.0, 2.0, 6.0
        cut_xs = sorted({x for x in lefts} | {x + width for x in lefts})
        cut_ys = sorted({y for y in tops} | {y + height for y in tops})

        def spans(starts: list[float], size: float, page: float) -> list[tuple[float, float]]:
            """The stretches of paper along one direction that no badge covers: the margin before
            the grid (its mark ends by the badge), the gutters, the margin after."""
            out = [(max(edge, starts[0] - gap - length), starts[0] - gap)]
            out += [(a + size + gap, b - gap) for a, b in zip(starts, starts[1:], strict=False)]
            out.append((starts[-1] + size + gap, min(page - edge, starts[-1] + size + gap + length)))
            return [(a, b) for a, b in out if b - a >= 1.0]

        marks = [(x, a, x, b) for x in cut_xs for a, b in spans(tops, height, self.page_h)]
        marks += [(a, y, b, y) for y in cut_ys for a, b in spans(lefts, width, self.page_w)]
        return marks


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
    band_shapes: dict[str, str] = field(default_factory=dict)

    def band_colour(self, ticket_type: str) -> str:
        colours = {**DEFAULT_BAND_COLOURS, **self.band_colours}
        key = ticket_key(colours, ticket_type)
        return colours[key] if key else colours["*"]

    def band_shape(self, ticket_type: str) -> str:
        """The marker drawn at each end of the band for this ticket type, or "" for none."""
        shapes = {**DEFAULT_BAND_SHAPES, **self.band_shapes}
        key = ticket_key(shapes, ticket_type)
        shape = shapes[key] if key else shapes.get("*", "")
        return shape if shape in BAND_SHAPES else ""

    def slots(self) -> list[tuple[float, float]]:
        """Each badge's top-left on the page, in mm: one at (0, 0), or a sheet's grid."""
        return self.sheet.slots(self.width, self.height) if self.sheet else [(0.0, 0.0)]

    @property
    def page_size(self) -> tuple[float, float]:
        """The PDF page in mm: the badge itself, or the sheet holding several."""
        return (self.sheet.page_w, self.sheet.page_h) if self.sheet else (self.width, self.height)


def marker_polygon(shape: str) -> list[tuple[float, float]]:
    """A band marker's outline in a unit square (x right, y down), or [] for no marker. Shapes
    differ by outline, not fill, so they stay apart in one ink on a 1-bit printer."""
    import math

    def ring(points: int, radius: float, start: float = -90.0, inner: float = 0.0) -> list[tuple[float, float]]:
        out = []
        for i in range(points * (2 if inner else 1)):
            r = inner if inner and i % 2 else radius
            a = math.radians(start + i * 360 / (points * (2 if inner else 1)))
            out.append((0.5 + r * math.cos(a), 0.5 + r * math.sin(a)))
        return out

    a, b = 0.32, 0.68  # the plus sign's arm edges
    return {"star": ring(5, 0.5, inner=0.21), "square": [(0.08, 0.08), (0.92, 0.08), (0.92, 0.92), (0.08, 0.92)],
            "diamond": ring(4, 0.5), "circle": ring(32, 0.46), "triangle": [(0.5, 0.04), (0.98, 0.9), (0.02, 0.9)],
            "plus": [(a, 0), (b, 0), (b, a), (1, a), (1, b), (b, b), (b, 1), (a, 1), (a, b), (0, b), (0, a), (a, a)],
            }.get(shape, [])


def parse_colour(text: str) -> tuple[float, float, float]:
    """#rgb or #rrggbb as red, green, blue from 0 to 1; ValueError for anything else."""
    digits = text.strip().removeprefix("#")
    if len(digits) == 3:
        digits = "".join(ch * 2 for ch in digits)
    if len(digits) != 6 or not all(ch in "0123456789abcdefABCDEF" for ch in digits):
        raise ValueError(text)
    r, g, b = (int(digits[i:i + 2], 16) / 255 for i in (0, 2, 4))
    return r, g, b


def contrast(colour_a: str, colour_b: str) -> float:
    """The WCAG 2 contrast ratio of two colours, from 1 (none) to 21 (black on white)."""
    def luminance(colour: str) -> float:
        channels = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in parse_colour(colour)]
        return 0.2126 * channels[0] + 0.7152 * channels[1] + 0.0722 * channels[2]

    light, dark = sorted((luminance(colour_a), luminance(colour_b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def _check_colours(where: str, fields: list[Field], band_colours: dict[str, str]) -> None:
    """Refuse text people cannot read: below 4.5:1 against what it is drawn on."""
    for label, colour in band_colours.items():
        try:
            parse_colour(colour)
        except ValueError:
            raise UsageError(f"{where}: the band colour for {label!r} is {colour!r}; "
                             "write colours as #rrggbb, e.g. #1565c0") from None
    for i, f in enumerate(fields):
        try:
            parse_colour(f.colour)
        except ValueError:
            raise UsageError(f"{where}, field {i + 1}: colour {f.colour!r} is not a colour; "
                             "write colours as #rrggbb, e.g. #000000") from None
        backgrounds = band_colours.items() if f.type == "band" else [("the badge", BADGE_BACKGROUND)]
        for label, background in backgrounds:
            ratio = contrast(f.colour, background)
            if ratio < MIN_CONTRAST:
                on = label if label == "the badge" else (
                    "the band of other ticket types" if label == "*" else f"the {label!r} band")
                what = "the band's text" if f.type == "band" else f"the {f.source} text"
                raise UsageError(
                    f"{where}: {what} in {f.colour} on {on} ({background}) has a contrast "
                    f"of {ratio:.2f}:1; people need at least {MIN_CONTRAST}:1 to read it. Choose a darker "
                    "or lighter colour for the text or the background")


def _overlaps(a: Field, b: Field) -> bool:
    return a.x < b.x + b.w - 0.01 and b.x < a.x + a.w - 0.01 and a.y < b.y + b.h - 0.01 and b.y < a.y + a.h - 0.01


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
        markers = _markers(raw, f_where) if raw["type"] == "marker" else ()
        f = Field(
            type=raw["type"], x=_number(raw, "x", f_where), y=_number(raw, "y", f_where),
            w=_number(raw, "w", f_where), h=_number(raw, "h", f_where), source=source,
            font=raw.get("font", "regular"), size=_number(raw, "size", f_where, 12),
            min_size=_number(raw, "min_size", f_where, 6), max_lines=int(raw.get("max_lines", 1)),
            align=raw.get("align", "center"), colour=str(raw.get("colour", "#000000")),
            prefix=str(raw.get("prefix", "")), suffix=str(raw.get("suffix", "")),
            quiet_zone=int(_number(raw, "quiet_zone", f_where, 4)),
            question=str(raw.get("question", ""))[:200] if markers else "", markers=markers,
        )
        if f.x + f.w > width + 0.01 or f.y + f.h > height + 0.01:
            raise UsageError(f"{f_where}: the box reaches outside the {width}×{height} mm badge")
        if f.font not in ("regular", "bold") or f.align not in ("left", "center", "right"):
            raise UsageError(f"{f_where}: font is regular or bold; align is left, center or right")
        if not 1 <= f.max_lines <= 6 or f.min_size > f.size:
            raise UsageError(f"{f_where}: max_lines 1–6, min_size ≤ size")
        if f.type == "qr" and not 2 <= f.quiet_zone <= 10:
            raise UsageError(f"{f_where}: quiet_zone is 2–10 modules of clear space round the QR code "
                             "(4 is the standard)")
        fields.append(f)
    for i, f in enumerate(fields):
        for other in fields:
            if f.type == "qr" and other is not f and _overlaps(f, other):
                raise UsageError(f"{where}, field {i + 1}: the {other.source or other.type} box overlaps the "
                                 "QR code's box, which must stay clear for the code to scan")
    qr = data.get("qr", "ticket")
    if qr not in QR_CONTENTS:
        raise UsageError(f"{where}: qr is one of {', '.join(QR_CONTENTS)}")
    sheet = _sheet(data.get("sheet"), width, height, where)
    colours = data.get("band_colours", {})
    colours = {str(k): str(v) for k, v in colours.items()} if isinstance(colours, dict) else {}
    _check_colours(where, fields, {**DEFAULT_BAND_COLOURS, **colours})
    shapes = data.get("band_shapes", {})
    shapes = {str(k): str(v) for k, v in shapes.items()} if isinstance(shapes, dict) else {}
    for label, shape in shapes.items():
        if shape not in BAND_SHAPES and shape != "none":
            raise UsageError(f"{where}: the band shape for {label!r} is {shape!r}; "
                             f"choose one of {', '.join(BAND_SHAPES)} or none")
    return Layout(name, str(data.get("title", name)), width, height, tuple(fields), qr, colours, sheet, path,
                  str(data.get("brother_label", "")), shapes)


def _markers(raw: dict, where: str) -> tuple[tuple[str, str, str, str], ...]:
    """A marker field's answers: each a shape, words (never colour alone) and a readable colour."""
    question, values = raw.get("question"), raw.get("values")
    if not isinstance(question, str) or not question.strip():
        raise UsageError(f"{where}: a marker names the 'question' it answers, as the import's column says it")
    if not isinstance(values, dict) or not 1 <= len(values) <= 20:
        raise UsageError(f"{where}: a marker's 'values' maps 1–20 answers to a shape and words, e.g. "
                         '{"No": {"shape": "no-camera", "words": "No photos"}}')
    found = []
    for answer, spec in values.items():
        spec = spec if isinstance(spec, dict) else {}
        shape, words, colour = str(spec.get("shape", "none")), spec.get("words"), str(spec.get("colour", "#000000"))
        if shape not in MARKER_SHAPES and shape != "none":
            raise UsageError(f"{where}: the shape for {str(answer)[:40]!r} is {shape[:40]!r}; "
                             f"choose one of {', '.join(MARKER_SHAPES)} or none")
        if not isinstance(words, str) or not words.strip() or len(words) > MAX_MARKER_WORDS:
            raise UsageError(f"{where}: the answer {str(answer)[:40]!r} needs 'words' (up to {MAX_MARKER_WORDS} "
                             "characters): a colour or a shape alone is not enough for everyone")
        try:
            ratio = contrast(colour, BADGE_BACKGROUND)
        except ValueError:
            raise UsageError(f"{where}: colour {colour[:20]!r} is not a colour; write colours as #rrggbb") from None
        if ratio < MIN_CONTRAST:
            raise UsageError(f"{where}: the marker for {str(answer)[:40]!r} in {colour} on the badge has a contrast "
                             f"of {ratio:.2f}:1; people need at least {MIN_CONTRAST}:1. Choose a darker colour")
        found.append((str(answer)[:200], shape, words.strip(), colour))
    return tuple(found)


def _sheet(raw: object, width: float, height: float, where: str) -> Sheet | None:
    if not isinstance(raw, dict):
        return None
    sheet = Sheet(_number(raw, "page_w", where), _number(raw, "page_h", where),
                  int(raw.get("columns", 1)), int(raw.get("rows", 1)), bool(raw.get("cut_marks", True)),
                  _number(raw, "gutter", where, 0))
    if not (1 <= sheet.columns <= 20 and 1 <= sheet.rows <= 20):
        raise UsageError(f"{where}: a sheet has 1–20 columns and 1–20 rows of badges")
    side, ends = sheet.margins(width, height)
    if min(side, ends) < 0:
        raise UsageError(f"{where}: {sheet.columns}×{sheet.rows} badges do not fit on the sheet")
    if min(side, ends) < MIN_SHEET_MARGIN - 0.01:
        raise UsageError(
            f"{where}: the badges come within {min(side, ends):.1f} mm of the paper's edge; most office "
            f"printers cannot print closer than {MIN_SHEET_MARGIN:.0f} mm. Make the badges or the gutters "
            "smaller, or put fewer on a page")
    return sheet


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
