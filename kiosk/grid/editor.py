"""Edits the grid the way facilitators do at the wall; every change is an operation.

Two sessions in one cell is allowed (a clash to resolve at the wall, not a refusal). Removing a
space or slot parks its sessions. Pinned sessions are never moved by bulk actions, and a single
move of a pinned session needs `force`. Bad input changes nothing and says why.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Mapping

from kiosk.attendees.checkin import clean_text
from kiosk.core.errors import RefusedError, UsageError
from kiosk.core.hlc import wall_ms
from kiosk.grid.access import FLAG_NAMES
from kiosk.grid.model import Grid, Session, Slot, Space, load_grid
from kiosk.grid.reports import Action, clean_actions, clean_involve, clean_key_points, parse_participants
from kiosk.ops.grid import MAX_LIST, MAX_TEXT, MAX_URL, url_ok
from kiosk.store.event_store import EventStore

MAX_TITLE = 200      # a wall card holds about seven words; 200 characters is already a paragraph
MAX_NAME = 100
_TIME_RE = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")
_ID_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def parse_time(text: str) -> str:
    match = _TIME_RE.match(text.strip())
    if not match:
        raise UsageError(f"not a time of day: {text!r} (use HH:MM)")
    return f"{int(match.group(1)):02d}:{match.group(2)}"


def clean_title(title: str) -> str:
    text = clean_text(title)
    if not text:
        raise UsageError("a session needs a title")
    if len(text) > MAX_TITLE:
        raise UsageError(f"the title is {len(text)} characters; keep it under {MAX_TITLE} "
                         "(a wall card holds about seven words)")
    return text


def clean_names(names: list[str]) -> list[str]:
    cleaned = [clean_text(n)[:MAX_NAME] for n in names]
    cleaned = [n for n in dict.fromkeys(cleaned) if n]
    if not cleaned:
        raise UsageError("a session needs a convener")
    return cleaned


def clean_link(text: str) -> str:
    """A space's online link: an http(s) address, or "" for none. Anything else is refused in words."""
    link = (text or "").strip()
    if not link:
        return ""
    if len(link) > MAX_URL:
        raise UsageError(f"the online link is {len(link)} characters; keep it under {MAX_URL}")
    if not link.lower().startswith(("http://", "https://")):
        raise UsageError(f"the online link must be a web address starting https:// (not {link[:40]!r})")
    if not url_ok(link):
        raise UsageError(f"{link[:60]!r} is not a web address people can open: "
                         "no spaces, quotes or angle brackets, and no name@ before the site")
    return link


def _flags(flags: Mapping[str, bool | None]) -> dict[str, object]:
    unknown = set(flags) - set(FLAG_NAMES)
    if unknown:
        raise UsageError(f"unknown access flag {sorted(unknown)[0]!r}; flags: {', '.join(FLAG_NAMES)}")
    return {name: bool(value) for name, value in flags.items() if value is not None}


class GridEditor:
    def __init__(self, store: EventStore) -> None:
        self.store = store

    def grid(self) -> Grid:
        return load_grid(self.store)

    def _set(self, kind: str, item: str, **values: object) -> None:
        self.store.record("grid.set", {"kind": kind, "id": item, "set": values})

    def _new_id(self, prefix: str) -> str:
        while True:
            item = prefix + "".join(secrets.choice(_ID_ALPHABET) for _ in range(5))
            if not self.store.conn.execute("SELECT 1 FROM grid_items WHERE id = ?", (item,)).fetchone():
                return item

    # -- finding --------------------------------------------------------------------------------

    def space(self, name_or_id: str, grid: Grid | None = None) -> Space:
        grid = grid or self.grid()
        key = name_or_id.strip().casefold()
        found = next((s for s in grid.spaces if s.id.casefold() == key or s.name.casefold() == key), None)
        if found is None:
            names = ", ".join(s.name for s in grid.spaces) or "none yet"
            raise RefusedError(f"no space {name_or_id!r}; spaces: {names}")
        return found

    def slot(self, start_or_id: str, grid: Grid | None = None) -> Slot:
        grid = grid or self.grid()
        key = start_or_id.strip()
        found = next((s for s in grid.slots if s.id == key), None)
        if found is None and _TIME_RE.match(key):
            found = next((s for s in grid.slots if s.start == parse_time(key)), None)
        if found is None:
            starts = ", ".join(s.start for s in grid.slots) or "none yet"
            raise RefusedError(f"no slot {start_or_id!r}; slots start at {starts}")
        return found

    def session(self, session_id: str, grid: Grid | None = None) -> Session:
        grid = grid or self.grid()
        key = session_id.strip().upper()
        found = next((s for s in grid.sessions + grid.merged if s.id == key), None)
        if found is None:
            raise RefusedError(f"no session {session_id!r}")
        return found

    # -- spaces and slots -----------------------------------------------------------------------

    def add_space(self, name: str, capacity: int | None = None, access: str = "", online_link: str = "",
                  **flags: bool) -> Space:
        name = clean_text(name)[:MAX_NAME]
        if not name:
            raise UsageError("a space needs a name")
        if capacity is not None and not 0 < capacity <= 100_000:
            raise UsageError("capacity must be a positive number of people")
        link = clean_link(online_link)
        with self.store.write():
            grid = self.grid()
            if any(s.name.casefold() == name.casefold() for s in grid.spaces):
                raise UsageError(f"there is already a space called {name!r}")
            item = self._new_id("R")
            position = max((s.position for s in grid.spaces), default=0.0) + 1
            self._set("space", item, name=name, capacity=capacity, access=clean_text(access), position=position,
                      removed=False, **({"online_link": link} if link else {}), **_flags(flags))
        return self.space(item)

    def edit_space(self, name_or_id: str, access: str | None = None, online_link: str | None = None,
                   capacity: int | None = None, **flags: bool | None) -> Space:
        """Change a space's access note, online link (\"\" takes it away), capacity or flags."""
        values: dict[str, object] = _flags({k: v for k, v in flags.items() if v is not None})
        if access is not None:
            values["access"] = clean_text(access)
        if online_link is not None:
            values["online_link"] = clean_link(online_link)
        if capacity is not None:
            if not 0 < capacity <= 100_000:
                raise UsageError("capacity must be a positive number of people")
            values["capacity"] = capacity
        with self.store.write():
            space = self.space(name_or_id)
            if values:
                self._set("space", space.id, **values)
        return self.space(space.id)

    def rename_space(self, name_or_id: str, new_name: str) -> Space:
        with self.store.write():
            space = self.space(name_or_id)
            name = clean_text(new_name)[:MAX_NAME]
            if not name:
                raise UsageError("a space needs a name")
            self._set("space", space.id, name=name)
        return self.space(space.id)

    def remove_space(self, name_or_id: str) -> list[Session]:
        """Remove a space; its sessions are parked, never deleted."""
        with self.store.write():
            grid = self.grid()
            space = self.space(name_or_id, grid)
            return self._remove("space", space.id, [s for s in grid.sessions if s.space_id == space.id])

    def _remove(self, kind: str, item: str, sessions: list[Session]) -> list[Session]:
        for session in sessions:
            self._set("session", session.id, placement=None)
        self._set(kind, item, removed=True)
        return sessions

    def add_slot(self, start: str, end: str, label: str = "", is_break: bool = False) -> Slot:
        start, end = parse_time(start), parse_time(end)
        if end <= start:
            raise UsageError(f"a slot must end after it starts ({start}–{end})")
        with self.store.write():
            grid = self.grid()
            for other in grid.slots:
                if start < other.end and other.start < end:
                    raise UsageError(f"{start}–{end} overlaps the slot {other.title}")
            item = self._new_id("T")
            self._set("slot", item, start=start, end=end, label=clean_text(label)[:MAX_NAME],
                      is_break=bool(is_break), removed=False)
        return self.slot(item)

    def remove_slot(self, start_or_id: str) -> list[Session]:
        """Remove a slot; its sessions are parked, never deleted."""
        with self.store.write():
            grid = self.grid()
            slot = self.slot(start_or_id, grid)
            return self._remove("slot", slot.id, [s for s in grid.sessions if s.slot_id == slot.id])

    # -- sessions -------------------------------------------------------------------------------

    def propose(self, title: str, conveners: list[str], description: str = "", space: str | None = None,
                slot: str | None = None, first_free: bool = False, tags: list[str] | None = None) -> Session:
        """A session from the marketplace: placed where asked, in the first free cell, or parked."""
        title, names = clean_title(title), clean_names(conveners)
        with self.store.write():
            grid = self.grid()
            placement = self._placement(grid, space, slot) if (space or slot) else None
            if placement is None and first_free:
                placement = self.first_free(grid)
                if placement is None:
                    raise RefusedError("the grid is full: add a space or a slot, or park the session")
            item = self._new_id("S")
            self._set("session", item, title=title, conveners=names,
                      description=clean_text(description, multiline=True),
                      tags=[clean_text(t)[:40] for t in tags or [] if clean_text(t)], placement=placement,
                      pinned=False, merged_into="", note="", report={}, created_ms=wall_ms())
        return self.session(item)

    def _placement(self, grid: Grid, space: str | None, slot: str | None) -> dict:
        if not (space and slot):
            raise UsageError("give both a space and a slot, or neither")
        target_space, target_slot = self.space(space, grid), self.slot(slot, grid)
        if target_slot.is_break:
            raise RefusedError(f"{target_slot.title} is a break: it holds no sessions")
        return {"space": target_space.id, "slot": target_slot.id}

    @staticmethod
    def first_free(grid: Grid) -> dict | None:
        """The earliest empty cell, slot by slot, space by space."""
        for slot in grid.slots:
            if slot.is_break:
                continue
            for space in grid.spaces:
                if not grid.cell(space.id, slot.id):
                    return {"space": space.id, "slot": slot.id}
        return None

    def move(self, session_id: str, space: str, slot: str, force: bool = False) -> Session:
        """Move a session; a second session in the cell is a clash, shown, not refused."""
        with self.store.write():
            grid = self.grid()
            session = self._live(session_id, grid)
            if session.pinned and not force:
                raise RefusedError(f"session {session.id} is pinned; unpin it or move it with force")
            self._set("session", session.id, placement=self._placement(grid, space, slot))
        return self.session(session.id)

    def swap(self, first_id: str, second_id: str, force: bool = False) -> None:
        with self.store.write():
            grid = self.grid()
            a, b = self._live(first_id, grid), self._live(second_id, grid)
            if (a.pinned or b.pinned) and not force:
                raise RefusedError("a pinned session is not swapped without force")
            self._set("session", a.id, placement=b.placement)
            self._set("session", b.id, placement=a.placement)

    def park(self, session_id: str, force: bool = False) -> Session:
        with self.store.write():
            session = self._live(session_id)
            if session.pinned and not force:
                raise RefusedError(f"session {session.id} is pinned; unpin it first")
            self._set("session", session.id, placement=None)
        return self.session(session.id)

    def pin(self, session_id: str, pinned: bool = True) -> Session:
        with self.store.write():
            self._set("session", self._live(session_id).id, pinned=pinned)
        return self.session(session_id)

    def merge(self, session_id: str, into_id: str) -> Session:
        """Merge a session into another: the kept one has both conveners and a note of the merge."""
        with self.store.write():
            grid = self.grid()
            gone, kept = self._live(session_id, grid), self._live(into_id, grid)
            if gone.id == kept.id:
                raise UsageError("a session cannot be merged into itself")
            conveners = list(dict.fromkeys(kept.conveners + gone.conveners))
            tags = list(dict.fromkeys(kept.tags + gone.tags))
            if max(len(conveners), len(tags)) > MAX_LIST:
                raise UsageError(f"merged, the session would have over {MAX_LIST} conveners or tags")
            note = (kept.note + "\n" if kept.note else "") + \
                f"Merged with “{gone.title}” ({', '.join(gone.conveners)})."
            # The newest merges matter most: the merge reducer takes a note of at most MAX_TEXT.
            note = note[-MAX_TEXT:]
            self._set("session", kept.id, conveners=conveners, note=note, tags=tags)
            self._set("session", gone.id, merged_into=kept.id, placement=None)
        return self.session(kept.id)

    def edit(self, session_id: str, title: str | None = None, description: str | None = None,
             conveners: list[str] | None = None) -> Session:
        values: dict[str, object] = {}
        if title is not None:
            values["title"] = clean_title(title)
        if description is not None:
            values["description"] = clean_text(description, multiline=True)
        if conveners is not None:
            values["conveners"] = clean_names(conveners)
        with self.store.write():
            session = self._live(session_id)
            if values:
                self._set("session", session.id, **values)
        return self.session(session_id)

    def report(self, session_id: str, participants: int | str | None = None, key_points: str | None = None,
               actions: list[Action] | None = None, involve: list[str] | None = None) -> Session:
        """Record a session's report; a part given as None stays as it was (each part is its own register)."""
        values: dict[str, object] = {}
        if participants is not None:
            values["participants"] = parse_participants(participants)
        if key_points is not None:
            values["key_points"] = clean_key_points(key_points)
        if actions is not None:
            values["actions"] = [a.to_json() for a in clean_actions(actions)]
        if involve is not None:
            values["involve"] = clean_involve(involve)
        with self.store.write():
            session = self.session(session_id)
            for _ in range(20):  # a slip of a session merged since: the report goes where it went
                if not session.merged_into:
                    break
                session = self.session(session.merged_into)
            if values:
                self._set("session", session.id, reported_ms=wall_ms(), **values)
        return self.session(session.id)

    # -- bulk actions (pinned sessions stay where they are) -------------------------------------

    def _live(self, session_id: str, grid: Grid | None = None) -> Session:
        session = self.session(session_id, grid)
        if session.merged_into:
            raise RefusedError(f"session {session.id} was merged into {session.merged_into}")
        return session
