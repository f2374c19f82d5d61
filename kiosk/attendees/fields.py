"""The organiser's own questions (an import's other columns, kept as each attendee's "extra"
answers), and which of them the desk shows beside a check-in.

Which questions are shown is an event setting, not a desk one: every desk of the event should show
the same answers (photo consent matters at every door), so the choice is recorded as event details
(`event.update`, key "shown_field:<question>" = "yes" or "no"). Each question is its own
last-writer-wins register, so two desks choosing different questions at once both keep theirs.
"""

from __future__ import annotations

from dataclasses import dataclass

from kiosk.core.errors import UsageError
from kiosk.core.model import Attendee
from kiosk.core.textfold import fold
from kiosk.store.event_store import EventStore

SHOWN_PREFIX = "shown_field:"
MAX_QUESTION_LENGTH = 200


@dataclass(frozen=True)
class Question:
    name: str
    answered: int  # attendees with a non-empty answer
    shown: bool

    def to_json(self) -> dict:
        return {"name": self.name, "answered": self.answered, "shown": self.shown}


def questions(store: EventStore) -> list[Question]:
    """Every question some attendee answered, with how many did, and whether the desk shows it."""
    rows = store.conn.execute(
        "SELECT j.key, COUNT(*) FROM attendees a, json_each(a.extra) j "
        "WHERE json_valid(a.extra) AND j.type = 'text' AND j.value != '' GROUP BY j.key"
    ).fetchall()
    shown = set(shown_questions(store))
    found = [Question(name, count, name in shown) for name, count in rows]
    return sorted(found, key=lambda q: fold(q.name))


def shown_questions(store: EventStore) -> list[str]:
    """The questions the desk shows, in the order they are listed."""
    info = store.event_info()
    names = [k[len(SHOWN_PREFIX):] for k, v in info.items() if k.startswith(SHOWN_PREFIX) and v == "yes"]
    return sorted(names, key=fold)


def set_shown(store: EventStore, question: str, shown: bool) -> str:
    """Show or hide one question's answers at the desk; returns the question as the import named it.

    A question is matched ignoring case and accents; one no attendee answered is refused with the
    names there are, so a typo does not silently show nothing."""
    wanted = fold(" ".join(question.split()))
    if not wanted or len(question) > MAX_QUESTION_LENGTH:
        raise UsageError("name a question, as the import's column heading says it")
    known = questions(store)
    match = next((q.name for q in known if fold(" ".join(q.name.split())) == wanted), None)
    if match is None and not shown:
        match = next((n for n in shown_questions(store) if fold(n) == wanted), None)
    if match is None:
        names = ", ".join(repr(q.name) for q in known[:20]) or "none: the import kept no other columns"
        raise UsageError(f"no attendee answered a question called {question!r}; the questions are: {names}")
    store.update_event_info(**{SHOWN_PREFIX + match: "yes" if shown else "no"})
    return match


def answers_to_show(attendee: Attendee, shown: list[str]) -> list[tuple[str, str]]:
    """(question, answer) for each shown question this attendee answered."""
    extra = attendee.extra or {}
    return [(name, str(extra[name])) for name in shown if str(extra.get(name, "") or "").strip()]
