"""The grid as people see it: spaces, slots and the sessions in each cell, parked ones, clashes."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field

from kiosk.store.event_store import EventStore


@dataclass
class Space:
    id: str
    name: str = ""
    capacity: int | None = None
    access: str = ""
    position: float = 0.0
    removed: bool = False
    online_link: str = ""     # a hybrid space: where people join from afar (http/https only)
    step_free: bool = False   # the structured access flags (kiosk/grid/access.py words them)
    hearing_loop: bool = False
    quiet: bool = False
    seating: bool = False


@dataclass
class Slot:
    id: str
    start: str = "00:00"
    end: str = "00:00"
    label: str = ""
    is_break: bool = False
    removed: bool = False

    @property
    def title(self) -> str:
        return f"{self.start}–{self.end}" + (f" {self.label}" if self.label else "")


@dataclass
class Session:
    id: str
    title: str = ""
    conveners: list[str] = field(default_factory=list)
    description: str = ""
    tags: list[str] = field(default_factory=list)
    placement: dict | None = None       # {"space": id, "slot": id} or None when parked
    pinned: bool = False
    merged_into: str = ""
    note: str = ""
    report: dict = field(default_factory=dict)  # an older laptop's report as free text (reports.py reads it)
    created_ms: int = 0
    participants: int | None = None  # the report captured on the day (kiosk/grid/reports.py)
    key_points: str = ""
    actions: list[dict] = field(default_factory=list)  # [{"text", "owner"}]
    involve: list[str] = field(default_factory=list)
    reported_ms: int = 0

    @property
    def space_id(self) -> str | None:
        return (self.placement or {}).get("space")

    @property
    def slot_id(self) -> str | None:
        return (self.placement or {}).get("slot")

    def to_json(self) -> dict:
        data = asdict(self)
        data["space"], data["slot"] = self.space_id, self.slot_id
        return data


@dataclass
class Grid:
    spaces: list[Space]
    slots: list[Slot]
    sessions: list[Session]          # not merged into another
    merged: list[Session] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._space_ids = {s.id for s in self.spaces}
        self._slot_ids = {s.id for s in self.slots if not s.is_break}

    def is_placed(self, session: Session) -> bool:
        """Placed in a space and slot that still exist: else it shows as parked, never lost."""
        return session.space_id in self._space_ids and session.slot_id in self._slot_ids

    def cell(self, space_id: str, slot_id: str) -> list[Session]:
        return [s for s in self.sessions if s.space_id == space_id and s.slot_id == slot_id
                and self.is_placed(s)]

    @property
    def parked(self) -> list[Session]:
        return [s for s in self.sessions if not self.is_placed(s)]

    @property
    def placed(self) -> list[Session]:
        return [s for s in self.sessions if self.is_placed(s)]

    def clashes(self) -> list[tuple[Space, Slot, list[Session]]]:
        found = []
        for slot in self.slots:
            for space in self.spaces:
                here = self.cell(space.id, slot.id)
                if len(here) > 1:
                    found.append((space, slot, here))
        return found

    def space(self, space_id: str | None) -> Space | None:
        return next((s for s in self.spaces if s.id == space_id), None)

    def slot(self, slot_id: str | None) -> Slot | None:
        return next((s for s in self.slots if s.id == slot_id), None)

    def to_json(self) -> dict:
        return {
            "spaces": [asdict(s) for s in self.spaces],
            "slots": [asdict(s) for s in self.slots],
            "sessions": [s.to_json() for s in self.sessions],
            "parked": [s.id for s in self.parked],
            "clashes": [{"space": sp.id, "slot": sl.id, "sessions": [s.id for s in here]}
                        for sp, sl, here in self.clashes()],
            "merged": [s.to_json() for s in self.merged],
        }


def load_grid(store: EventStore, include_removed: bool = False) -> Grid:
    spaces: list[Space] = []
    slots: list[Slot] = []
    sessions: list[Session] = []
    merged: list[Session] = []
    for kind, item, fields in store.conn.execute("SELECT kind, id, fields FROM grid_items"):
        values = json.loads(fields)
        if kind == "space":
            space = Space(item, **{k: v for k, v in values.items() if k in Space.__dataclass_fields__})
            if include_removed or not space.removed:
                spaces.append(space)
        elif kind == "slot":
            slot = Slot(item, **{k: v for k, v in values.items() if k in Slot.__dataclass_fields__})
            if include_removed or not slot.removed:
                slots.append(slot)
        elif kind == "session":
            session = Session(item, **{k: v for k, v in values.items() if k in Session.__dataclass_fields__})
            (merged if session.merged_into else sessions).append(session)
    spaces.sort(key=lambda s: (s.position, s.name.casefold(), s.id))
    slots.sort(key=lambda s: (s.start, s.end, s.id))
    sessions.sort(key=lambda s: (s.created_ms, s.id))
    return Grid(spaces, slots, sessions, merged)
