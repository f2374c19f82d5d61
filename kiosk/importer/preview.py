"""What the import window's mapping step shows before anything is planned, and what it remembers.

`preview_file` reads only a file's first rows: its headers, a few sample rows, the format in words
and a choice for each column (a field, "extra": kept under its heading, or "skip": not imported).
A mapping the organiser confirmed is remembered per *header set* (the file's normalised headers,
in order) in the event's folder (`import-mappings.json`, owner-only), and offered again the next
time a file with the same headers is imported into that event.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from kiosk.core.errors import UsageError
from kiosk.core.files import write_json_atomic
from kiosk.importer.plan import _find_header_row
from kiosk.importer.presets import (
    CODE,
    EXTRA,
    IMPORT_FIELDS,
    SKIP,
    detect,
    format_in_words,
    map_columns,
    normalise_header,
)
from kiosk.importer.reader import read_rows

MEMORY_FILE = "import-mappings.json"
SAMPLE_ROWS = 5
_REMEMBERED_MAX = 50  # header sets kept per event: the oldest go first
# Columns that forms add and a badge never needs: offered as "Not imported".
_NOISE = {"timestamp", "id", "start time", "completion time", "last modified time", "total points",
          "quiz feedback", "points", "feedback", "submitted at", "submission id", "response id",
          "ip address", "user agent"}


@dataclass
class FilePreview:
    name: str
    headers: list[str]
    samples: list[list[str]]    # up to SAMPLE_ROWS data rows, each as wide as the headers
    preset: str
    described: str              # "Looks like an Eventbrite export (CSV)"
    choices: list[str]          # one per column: a field, EXTRA or SKIP
    generate_codes: bool        # no column holds ticket codes: make them
    remembered: bool = False    # choices are the ones confirmed last time for these headers

    @property
    def key(self) -> str:
        return headers_key(self.headers)


def headers_key(headers: list[str]) -> str:
    text = "\x1f".join(normalise_header(h) for h in headers)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:24]


def preview_file(path: Path, event_folder: Path | None = None) -> FilePreview:
    """The file's headers, sample rows and a choice per column (remembered ones when there are)."""
    path = Path(path)
    table, source = read_rows(path)
    header_index = _find_header_row(table)
    if header_index is None:
        raise UsageError(f"{path.name} has no header row")
    headers = [h.strip() for h in table[header_index]]
    samples: list[list[str]] = []
    for row in table[header_index + 1:header_index + 1 + SAMPLE_ROWS * 4]:
        if any(cell.strip() for cell in row):
            samples.append([*row[:len(headers)], *[""] * (len(headers) - len(row))])
        if len(samples) == SAMPLE_ROWS:
            break
    preset = detect(headers)
    choices = _emails_where_they_are(detected_choices(headers), samples)
    preview = FilePreview(path.name, headers, samples, preset.name, format_in_words(preset.name, source),
                          choices, CODE not in choices)
    saved = remembered(event_folder, headers) if event_folder is not None else None
    if saved is not None:
        preview.choices, preview.generate_codes, preview.remembered = saved[0], saved[1], True
    return preview


def detected_choices(headers: list[str]) -> list[str]:
    columns = map_columns(headers, detect(headers))
    choices = [EXTRA] * len(headers)
    for field_name, index in columns.items():
        choices[index] = field_name
    for index, header in enumerate(headers):
        if choices[index] == EXTRA and (not header or normalise_header(header) in _NOISE):
            choices[index] = SKIP
    return choices


def _emails_where_they_are(choices: list[str], samples: list[list[str]]) -> list[str]:
    """Microsoft Forms' "Email" column says "anonymous" for a form open to anyone, and the
    addresses people typed are in another column: read the one whose rows hold addresses."""
    def addresses(index: int) -> int:
        return sum(1 for row in samples if "@" in row[index])

    if "email" not in choices or not samples:
        return choices
    chosen = choices.index("email")
    if addresses(chosen):
        return choices
    better = max((i for i, c in enumerate(choices) if c == EXTRA), key=addresses, default=None)
    if better is not None and addresses(better) * 2 >= len(samples):
        choices = list(choices)
        choices[chosen], choices[better] = SKIP, "email"
    return choices


def _memory(event_folder: Path) -> dict:
    try:
        data = json.loads((Path(event_folder) / MEMORY_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}  # none yet, or a damaged file: nothing is offered, nothing breaks
    return data if isinstance(data, dict) else {}


def remembered(event_folder: Path, headers: list[str]) -> tuple[list[str], bool] | None:
    """The choices and code making confirmed last time for these headers, if they still fit."""
    entry = _memory(event_folder).get(headers_key(headers))
    if not isinstance(entry, dict):
        return None
    choices = entry.get("choices")
    allowed = {*IMPORT_FIELDS, EXTRA, SKIP}
    if (not isinstance(choices, list) or len(choices) != len(headers)
            or not all(isinstance(c, str) and c in allowed for c in choices)):
        return None
    return list(choices), bool(entry.get("generate_codes"))


def remember(event_folder: Path, headers: list[str], choices: list[str], generate_codes: bool) -> None:
    """Keep this mapping for the next file with the same headers (owner-only, in the event folder)."""
    memory = _memory(event_folder)
    key = headers_key(headers)
    memory.pop(key, None)
    memory[key] = {"headers": [normalise_header(h) for h in headers], "choices": list(choices),
                   "generate_codes": generate_codes}
    while len(memory) > _REMEMBERED_MAX:
        memory.pop(next(iter(memory)))
    write_json_atomic(Path(event_folder) / MEMORY_FILE, memory)
