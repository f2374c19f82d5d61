"""The checks that need no Qt: the data folder, the disk, the event, its names' fonts, the hub."""

from __future__ import annotations

import os
import shutil
import statistics
import time
from email.utils import parsedate_to_datetime
from pathlib import Path

from kiosk.core.errors import KioskError
from kiosk.doctor.report import FAIL, OK, WARN, Check
from kiosk.event import OpenEvent
from kiosk.store.datadir import DataDir

MIN_FREE_BYTES = 200 * 1024 * 1024  # the event, its print queue and a day of PDF badges, with room
LOW_FREE_BYTES = 2 * 1024 * 1024 * 1024
SYNC_WRITES = 5
SYNC_SLOW_MS = 50.0  # each check-in waits for one or two of these
SYNC_FAIL_MS = 500.0
SKEW_WARN_S = 60


def _size(n: float) -> str:
    for unit in ("bytes", "KB", "MB", "GB", "TB"):
        if n < 1024 or unit == "TB":
            return f"{n:.0f} {unit}" if unit in ("bytes", "KB", "MB") else f"{n:.1f} {unit}"
        n /= 1024
    return f"{n:.1f} TB"


def data_folder(data: DataDir) -> Check:
    """The data folder exists (or can be made), can be written, and has room."""
    name = "Data folder"
    root = data.root
    advice_move = ("Free some space, or start the app with another data folder "
                   "(kiosk --data FOLDER, or set KIOSK_DATA).")
    try:
        root.mkdir(parents=True, exist_ok=True, mode=0o700)
        probe = root / f".doctor-{os.getpid()}.probe"
        fd = os.open(probe, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        os.close(fd)
        probe.unlink()
    except OSError:
        return Check(name, FAIL, f"Cannot write to the data folder {root}.",
                     "Check the folder is on a disk that is plugged in and yours to write, or start the "
                     "app with another data folder (kiosk --data FOLDER).")
    free = shutil.disk_usage(root).free
    detail = f"{root}: {_size(free)} free."
    if free < MIN_FREE_BYTES:
        return Check(name, FAIL, f"{detail} That is too little for a day of check-ins and badges.", advice_move)
    if free < LOW_FREE_BYTES:
        return Check(name, WARN, f"{detail} Enough for today, but not much.", advice_move)
    return Check(name, OK, detail)


def disk_sync(data: DataDir) -> Check:
    """How long the disk takes to make a small write safe (fsync): every check-in waits for it."""
    name = "Disk speed"
    probe = data.root / f".doctor-{os.getpid()}.sync"
    times: list[float] = []
    try:
        fd = os.open(probe, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        try:
            for n in range(SYNC_WRITES):
                os.lseek(fd, 0, os.SEEK_SET)  # not os.pwrite: Windows has none
                os.write(fd, bytes([n]) * 4096)
                start = time.perf_counter()
                os.fsync(fd)
                times.append((time.perf_counter() - start) * 1000)
        finally:
            os.close(fd)
            probe.unlink(missing_ok=True)
    except OSError:
        return Check(name, FAIL, "Could not write a test file to the data folder.",
                     "Fix the data folder first (see above).")
    ms = statistics.median(times)
    detail = f"Saving a check-in safely to disk takes {ms:.1f} ms (median of {SYNC_WRITES} writes)."
    if ms > SYNC_FAIL_MS:
        return Check(name, FAIL, detail + " Every check-in would keep people waiting.",
                     "Keep the data folder on the laptop's own disk, not a USB stick or network folder.")
    if ms > SYNC_SLOW_MS:
        return Check(name, WARN, detail + " Check-ins will feel slow.",
                     "Keep the data folder on the laptop's own disk, not a USB stick or network folder.")
    return Check(name, OK, detail)


def open_current(data: DataDir, device_name: str | None = None) -> tuple[Check, OpenEvent | None]:
    """The current event, opened for the checks that need it (the caller closes it)."""
    name = "Event"
    if data.current_slug() is None:
        return Check(name, WARN, "No event on this laptop yet.",
                     "Import the attendee list, or pair with the organisers' hub, before the doors open."), None
    try:
        event = OpenEvent.current(data, device_name)
    except KioskError as exc:
        return Check(name, FAIL, f"The current event cannot be opened: {exc.message}",
                     "Tell the organiser; the event may need to be copied from the hub again."), None
    return event_check(event), event


def event_check(event: OpenEvent) -> Check:
    count = event.attendee_count()
    name = event.info().get("name", "") or event.slug
    if count == 0:
        return Check("Event", WARN, f"'{name}' has no attendees yet.",
                     "Import the attendee list before the doors open.")
    return Check("Event", OK, f"'{name}' with {count} attendee{'s' if count != 1 else ''}.")


def event_texts(event: OpenEvent) -> list[str]:
    """Everything each valid attendee's badge can show, one text per attendee (counts are people)."""
    from kiosk.print.batch import batch_codes
    from kiosk.print.draw.badge_pdf import badge_values

    event_name = event.info().get("name", "")
    return [" ".join(badge_values(attendee, event_name).values())
            for code in batch_codes(event.store, not_printed=False)
            if (attendee := event.attendee(code)) is not None]


def fonts(event: OpenEvent | None) -> Check:
    """Every script in the event's names has a font here (the one call to fonts.uncovered_scripts)."""
    name = "Fonts"
    if event is None:
        return Check(name, OK, "No names to check yet: only the shipped fonts are needed.")
    from kiosk.print.draw import fonts as font_lookup

    texts = event_texts(event)
    uncovered = font_lookup.uncovered_scripts(texts)
    if not uncovered:
        return Check(name, OK, f"Every name on the {len(texts)} badges has a font on this laptop.")
    parts = [f"{script} ({n} attendee{'s' if n != 1 else ''})" for script, n in uncovered.items()]
    scripts = list(uncovered)
    example = next((s for s in scripts if s[:1].isupper() and " " not in s), "")
    hint = f" such as the free Noto Sans {example}" if example else " (the free Noto Sans fonts cover most)"
    return Check(name, FAIL, "No font on this laptop for " + ", ".join(parts) + ": those badges will not print.",
                 f"Install a font for {'it' if len(scripts) == 1 else 'them'}{hint}, "
                 "or give those names in Latin letters.")


def hub(event: OpenEvent | None) -> Check:
    """The organisers' hub answers (when this event is paired), and how far our clock is from its."""
    name = "Hub"
    if event is None or not event.store.get_meta("sync.hub", "") or not event.store.get_meta("sync.token", ""):
        return Check(name, OK, "Not paired with a hub: this desk keeps its check-ins on its own.")
    from kiosk.sync.transport import Connection, request

    url = event.store.get_meta("sync.hub", "").rstrip("/")
    ca_pem = event.store.get_meta("sync.ca_pem", "") if url.startswith("https:") else ""
    headers: dict = {}
    connection = Connection(ca_pem)
    try:
        request(url + "/api/v1/status", None, None, connection, headers)
    except KioskError:
        return Check(name, WARN, f"The hub at {url} does not answer.",
                     "Check this laptop is on the venue's network; check-ins are kept here and shared "
                     "when the hub is back.")
    finally:
        connection.close()
    received = time.time()
    try:
        skew = round(received - parsedate_to_datetime(headers.get("date", "")).timestamp())
    except (TypeError, ValueError, IndexError):
        return Check(name, OK, f"The hub at {url} answers.")
    if abs(skew) >= SKEW_WARN_S:
        way = "ahead of" if skew > 0 else "behind"
        return Check(name, WARN, f"The hub at {url} answers, but this laptop's clock is {_duration(abs(skew))} "
                     f"{way} the hub's.", "Set this laptop's date and time (or turn on 'set time automatically').")
    return Check(name, OK, f"The hub at {url} answers; this laptop's clock agrees with it.")


def _duration(seconds: int) -> str:
    if seconds < 120:
        return f"{seconds} seconds"
    if seconds < 7200:
        return f"{seconds // 60} minutes"
    if seconds < 2 * 86400:
        return f"{seconds // 3600} hours"
    return f"{seconds // 86400} days"


def folder_free(path: Path) -> int:
    """Free bytes on the disk of `path` or its nearest existing parent."""
    while not path.exists() and path != path.parent:
        path = path.parent
    return shutil.disk_usage(path).free
