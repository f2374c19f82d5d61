"""Name search for people who forgot their ticket: prefix, multi-word, accent-insensitive, ranked.

An in-memory index of folded words, kept in step with the database through the attendees' change
counter (rev), answers each keystroke in well under a millisecond at 100k attendees. Ranking: an
exact word before a longer word it prefixes, name words before organisation, email or booking
reference, then alphabetical by surname.

The index is built whole from one query: names, organisations and email domains repeat, so each
distinct value is folded once and its attendees are added as a group. Attendees are numbered in
surname order (their rank), and each index (names, other fields) is a sorted list of distinct
words with one flat array of ranks per word, end to end: the entries of a prefix are one slice,
already in ranking order. Attendees changed after the build go into a small overlay (sorted
"word NUL sort-name NUL rowid" strings, as the whole index once was) and hide their old entries,
until the next rebuild. Apart from a few lists, the index holds no Python object per attendee
that the garbage collector would have to walk.
"""

from __future__ import annotations

from array import array
from bisect import bisect_left, insort
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache
from itertools import chain, compress, filterfalse
from operator import methodcaller

from kiosk.core.gcpause import gc_paused
from kiosk.core.textfold import fold, tokens
from kiosk.store.event_store import EventStore

_REBUILD_THRESHOLD = 5000  # past this many changed attendees a rebuild beats incremental updates
_HIGH = "\U0010ffff"
_WORD = "\0"  # starts each word in an attendee's key: "\0w" in key ⇔ one of its words starts with w
_PART = "\1"  # ends the name words in a key (a folded word is made of word characters only)


@dataclass(frozen=True)
class SearchHit:
    code: str
    name: str
    organisation: str
    ticket_type: str
    status: str
    checked_in: bool

    def to_json(self) -> dict:
        return {"code": self.code, "name": self.name, "organisation": self.organisation,
                "ticket_type": self.ticket_type, "status": self.status, "checked_in": self.checked_in}


_SOURCE_COLUMNS = "rowid, first_name, last_name, full_name, organisation, email, booking_ref"


@lru_cache(maxsize=100_000)
def _words(text: str) -> tuple[str, ...]:
    # Names and organisations repeat across an event: fold each distinct string once.
    return tuple(tokens(text))


def _name_words(first: str, last: str, full: str) -> tuple[str, list[str]]:
    """(sort key, folded name words)."""
    names = list(dict.fromkeys(_words(first) + _words(last) + (
        _words(full) if full != f"{first} {last}" else ())))
    return fold(f"{last} {first}".strip() or full), names


def search_words(first: str, last: str, full: str, organisation: str, email: str, booking_ref: str
                 ) -> tuple[str, list[str], list[str]]:
    """(sort key, folded name words, folded other words) for one attendee."""
    sort_name, names = _name_words(first, last, full)
    other = dict.fromkeys(_words(organisation) + _words(email.replace("@", " ")) + _words(booking_ref))
    for word in names:
        other.pop(word, None)
    return sort_name, names, list(other)


def _key(names: list[str], other: list[str] | tuple[str, ...]) -> str:
    return "".join(_WORD + w for w in names) + _PART + "".join(_WORD + w for w in other)


def _split_key(key: str) -> tuple[list[str], list[str]]:
    """An attendee's (name words, other words) back from its key, as search_words gives them."""
    name_part, other_part = key.split(_PART)
    names = name_part.split(_WORD)[1:]
    other = dict.fromkeys(other_part.split(_WORD)[1:])
    for word in names:
        other.pop(word, None)
    return names, list(other)


def _entry(word: str, sort_name: str, rowid: int) -> str:
    return f"{word}\0{sort_name}\0{rowid:012d}"


def _rowid(entry: str) -> int:
    return int(entry[-12:])


class _Postings:
    """One index of the build: the distinct words, sorted, and after them in `ranks` the ranks of
    the attendees that have each word (word i's are ranks[starts[i]:starts[i + 1]], ascending)."""

    def __init__(self, by_word: Mapping[str, int | list[int]]) -> None:
        self.words = sorted(by_word)
        # One pass over the words' postings: touching 100k small objects costs more than the work.
        starts: list[int] = [0]
        ranks: list[int] = []
        add_start, add, extend = starts.append, ranks.append, ranks.extend
        for posting in map(by_word.__getitem__, self.words):
            if isinstance(posting, int):
                add(posting)
            else:
                extend(posting)
            add_start(len(ranks))
        self.starts = array("q", starts)  # from lists: sized once, not grown rank by rank
        self.ranks = array("q", ranks)
        self.view = memoryview(self.ranks)

    def span(self, prefix: str) -> tuple[int, int]:
        """The words that start with prefix: words[lo:hi]."""
        return bisect_left(self.words, prefix), bisect_left(self.words, prefix + _HIGH)


class _Overlay:
    """Attendees changed since the build: their entries, and the build's entries they replace."""

    def __init__(self) -> None:
        self.entries: list[str] = []  # sorted _entry strings
        self.dead: list[str] = []  # sorted words of the build's entries no longer valid

    def span(self, prefix: str) -> tuple[int, int]:
        return bisect_left(self.entries, prefix), bisect_left(self.entries, prefix + _HIGH)

    def dead_count(self, prefix: str) -> int:
        return bisect_left(self.dead, prefix + _HIGH) - bisect_left(self.dead, prefix)

    def remove(self, entry: str) -> None:
        i = bisect_left(self.entries, entry)
        if i < len(self.entries) and self.entries[i] == entry:
            del self.entries[i]


class SearchIndex:
    def __init__(self, store: EventStore) -> None:
        self.store = store
        self._rev = -1
        # The build, indexed by rank (surname order).
        self._postings = (_Postings({}), _Postings({}))  # names, other fields
        self._rank_rowid = array("q")
        self._rank_sort: list[str] = []
        self._rank_key: list[str] = []
        self._rank_of: dict[int, int] = {}  # rowid → rank
        self._dead: set[int] = set()  # ranks changed since the build
        # Changes since the build.
        self._overlays = (_Overlay(), _Overlay())
        self._changed: dict[int, tuple[str, list[str], list[str], str]] = {}  # rowid → sort, names, other, key

    def needs_rebuild(self) -> bool:
        """So many attendees changed (a list imported elsewhere, arriving by sync) that the next
        refresh would rebuild the whole index: better done off the GUI thread."""
        changed = self.store.conn.execute("SELECT COUNT(*) FROM attendees WHERE rev > ?",
                                          (self._rev,)).fetchone()[0]
        # Many changes since the build also slow every keystroke a little: a good time to start afresh.
        return changed > 0 and changed + len(self._changed) > _REBUILD_THRESHOLD

    def refresh(self) -> None:
        """Catch up with changes made since the last search, by this or another process."""
        conn = self.store.conn
        latest = conn.execute("SELECT COALESCE(MAX(rev), 0) FROM attendees").fetchone()[0]
        if latest == self._rev:
            return
        # The first build counts nothing: a count of every row costs a tenth of the build.
        if self._rev < 0 or conn.execute("SELECT COUNT(*) FROM attendees WHERE rev > ?",
                                         (self._rev,)).fetchone()[0] > _REBUILD_THRESHOLD:
            with gc_paused():
                self._rebuild()
        else:
            rows = conn.execute(
                f"SELECT {_SOURCE_COLUMNS} FROM attendees WHERE rev > ?", (self._rev,)
            ).fetchall()
            for row in rows:
                self._drop(row[0])
                self._insert(row[0], *search_words(*row[1:]))
        self._rev = latest

    # -- the build ------------------------------------------------------------------------------

    def _rebuild(self) -> None:
        cursor = self.store.conn.cursor()
        cursor.row_factory = None  # plain tuples: a sqlite3.Row each cost a fifth of the build
        rows = cursor.execute(f"SELECT {_SOURCE_COLUMNS} FROM attendees ORDER BY rowid").fetchall()

        # People sharing a name share its words and sort key: fold each distinct name once.
        by_name: dict[tuple[str, str, str], list[int]] = {}
        for i, row in enumerate(rows):
            name = row[1:4]
            group = by_name.get(name)
            if group is None:
                by_name[name] = [i]
            else:
                group.append(i)
        by_sort: dict[str, list[tuple[list[str], list[int]]]] = {}
        for (first, last, full), members in by_name.items():
            sort_name, names = _name_words(first, last, full)
            by_sort.setdefault(sort_name, []).append((names, members))

        # Ranks in (sort name, rowid) order; the name words' ranks, and each rank's key so far.
        order: list[int] = []
        rank_sort: list[str] = []
        name_parts: list[str] = []
        name_ranks: dict[str, list[int]] = {}
        for sort_name in sorted(by_sort):
            spellings = by_sort[sort_name]
            first_rank = len(order)
            if len(spellings) > 1:  # the same sort key from different spellings: by rowid between them
                merged = sorted((i, n) for n, (_, members) in enumerate(spellings) for i in members)
                rank_of = {i: len(order) + k for k, (i, _) in enumerate(merged)}
                for names, members in spellings:
                    ranks = [rank_of[i] for i in members]
                    for w in names:
                        name_ranks.setdefault(w, []).extend(ranks)
                parts = [_key(names, ()) for names, _ in spellings]
                order.extend(i for i, _ in merged)
                name_parts.extend(parts[n] for _, n in merged)
            else:
                names, members = spellings[0]
                span = range(len(order), len(order) + len(members))
                for w in names:
                    name_ranks.setdefault(w, []).extend(span)
                order.extend(members)
                name_parts.extend([_key(names, ())] * len(members))
            rank_sort.extend([sort_name] * (len(order) - first_rank))
        for word_ranks in name_ranks.values():
            word_ranks.sort()  # ascending already, but for a sort key shared by several spellings

        # The other fields. Organisations and email domains repeat: one group of
        # ranks for each pair, given its words afterwards. Email local parts and booking
        # references mostly do not, so their words take their ranks as they come.
        fields: dict[tuple[str, str], tuple[str, list[int]]] = {}
        ref_cache: dict[str, tuple[str, tuple[str, ...]]] = {}
        sparse: dict[str, int | list[int]] = {}  # a word of one person is a rank, not a list
        # In the order the rows came (memory order): in rank order each row is a cache miss.
        rank_of_row = [0] * len(order)
        for rank, i in enumerate(order):
            rank_of_row[i] = rank
        keys: list[str] = [""] * len(order)
        rank_rowid = array("q", bytes(8 * len(order)))
        for rank, (rowid, _, _, _, org, email, ref) in zip(rank_of_row, rows, strict=True):
            rank_rowid[rank] = rowid
            local, _, domain = email.partition("@")
            field = fields.get((org, domain))
            if field is None:
                field = fields[(org, domain)] = (_field_words(f"{org} {domain.replace('@', ' ')}")[0], [])
            field[1].append(rank)
            if local.isalnum() and local.isascii():
                word = local.lower()
                local_key = _WORD + word
                words: tuple[str, ...] = (word,)
            else:
                local_key, words = _field_words(local)
            found = ref_cache.get(ref)
            if found is None:
                found = ref_cache[ref] = _field_words(ref)
            ref_key, more = found
            for word in words + more if more else words:
                posting = sparse.get(word)
                if posting is None:
                    sparse[word] = rank
                elif isinstance(posting, int):
                    if posting != rank:  # (the same word in this person's email and reference: once)
                        sparse[word] = [posting, rank] if posting < rank else [rank, posting]
                elif rank > posting[-1]:
                    posting.append(rank)
                elif rank not in posting:
                    insort(posting, rank)
            keys[rank] = f"{name_parts[rank]}{field[0]}{local_key}{ref_key}"
        del ref_cache, name_parts, rank_of_row
        for _, members in fields.values():
            members.sort()

        # One attendee with the same word in two fields has it once.
        runs: dict[str, list[list[int]]] = {}
        for key, members in fields.values():
            for word in key.split(_WORD)[1:]:
                runs.setdefault(word, []).append(members)
        other_ranks = sparse
        for word, found_runs in runs.items():
            known = sparse.get(word)
            if known is not None:
                found_runs.append([known] if isinstance(known, int) else known)
            other_ranks[word] = (found_runs[0] if len(found_runs) == 1
                                 else sorted(set(chain.from_iterable(found_runs))))
        # A word among a person's names is not also one of their other words.
        for w, named in name_ranks.items():
            known = other_ranks.get(w)
            if known is not None:
                taken = set(named)
                kept = [r for r in ([known] if isinstance(known, int) else known) if r not in taken]
                if kept:
                    other_ranks[w] = kept
                else:
                    del other_ranks[w]

        self._postings = (_Postings(name_ranks), _Postings(other_ranks))
        self._rank_rowid = rank_rowid
        self._rank_sort = rank_sort
        self._rank_key = keys
        self._rank_of = dict(zip(self._rank_rowid, range(len(order)), strict=True))  # here, not at a keystroke
        self._dead = set()
        self._overlays = (_Overlay(), _Overlay())
        self._changed = {}

    # -- changes since the build ----------------------------------------------------------------

    def _drop(self, rowid: int) -> None:
        old = self._changed.pop(rowid, None)
        if old:
            sort_name, n_words, o_words, _ = old
            names, other = self._overlays
            for w in n_words:
                names.remove(_entry(w, sort_name, rowid))
            for w in o_words:
                other.remove(_entry(w, sort_name, rowid))
            return
        rank = self._rank_of.get(rowid)
        if rank is not None and rank not in self._dead:
            self._dead.add(rank)
            n_words, o_words = _split_key(self._rank_key[rank])
            names, other = self._overlays
            for w in n_words:
                insort(names.dead, w)
            for w in o_words:
                insort(other.dead, w)

    def _insert(self, rowid: int, sort_name: str, n_words: list[str], o_words: list[str]) -> None:
        self._changed[rowid] = (sort_name, n_words, o_words, _key(n_words, o_words))
        names, other = self._overlays
        for w in n_words:
            insort(names.entries, _entry(w, sort_name, rowid))
        for w in o_words:
            insort(other.entries, _entry(w, sort_name, rowid))

    # -- searching ------------------------------------------------------------------------------

    def search(self, query: str, limit: int = 20) -> list[SearchHit]:
        words = list(dict.fromkeys(tokens(query[:200])))
        if not words or limit <= 0:
            return []
        self.refresh()
        rowids = self._match(words, limit)
        return self._hits(rowids)

    def _count(self, word: str) -> int:
        """How many entries (one per attendee and index) have a word starting with `word`."""
        count = 0
        for postings, overlay in zip(self._postings, self._overlays, strict=True):
            lo, hi = postings.span(word)
            count += postings.starts[hi] - postings.starts[lo]
            if overlay.entries or overlay.dead:
                o_lo, o_hi = overlay.span(word)
                count += o_hi - o_lo - overlay.dead_count(word)
        return count

    def _match(self, words: list[str], limit: int) -> list[int]:
        # Walk the rarest word's entries in rank order and keep those matching every other word.
        if len(words) == 1:
            lead, needles = 0, []
        else:
            counts = [self._count(w) for w in words]
            lead = min(range(len(words)), key=counts.__getitem__)
            # The rarest of the other words first: it rules out the most people.
            needles = [_WORD + words[i] for i in sorted(range(len(words)), key=counts.__getitem__) if i != lead]
        found: list[int] = []
        seen: set[int] = set()
        for rowid, key in self._walk(words[lead], needles[0] if needles else ""):
            if rowid in seen:
                continue
            if needles and not all(n in key for n in needles):
                continue
            seen.add(rowid)
            found.append(rowid)
            if len(found) >= limit:
                break
        return found

    def _walk(self, prefix: str, needle: str) -> Iterator[tuple[int, str]]:
        """(rowid, key) of each entry whose word starts with prefix, names first, in rank order;
        from the build, only the people whose key holds `needle` (whose words all others lack)."""
        for postings, overlay in zip(self._postings, self._overlays, strict=True):
            lo, hi = postings.span(prefix)
            o_lo, o_hi = overlay.span(prefix)
            if o_lo == o_hi:
                yield from self._base(postings, postings.starts[lo], postings.starts[hi], needle)
                continue
            # Interleave the changed attendees' entries with the build's, word by word.
            by_word: dict[str, list[str]] = {}
            for entry in overlay.entries[o_lo:o_hi]:
                by_word.setdefault(entry[:entry.index("\0")], []).append(entry)
            at = lo
            for word, entries in by_word.items():
                j = bisect_left(postings.words, word, at, hi)
                yield from self._base(postings, postings.starts[at], postings.starts[j], needle)
                if j < hi and postings.words[j] == word:
                    yield from self._merge_word(postings, j, entries)
                    at = j + 1
                else:
                    yield from ((_rowid(e), self._changed[_rowid(e)][3]) for e in entries)
                    at = j
            yield from self._base(postings, postings.starts[at], postings.starts[hi], needle)

    def _base(self, postings: _Postings, start: int, end: int, needle: str) -> Iterator[tuple[int, str]]:
        rank_rowid, rank_key, dead = self._rank_rowid, self._rank_key, self._dead
        ranks: Iterable[int] = postings.view[start:end]
        if needle:  # a whole span may have to be walked for a few people: test keys in C, not here
            ranks = compress(ranks, map(methodcaller("__contains__", needle), map(rank_key.__getitem__, ranks)))
        if dead:
            ranks = filterfalse(dead.__contains__, ranks)
        for rank in ranks:
            yield rank_rowid[rank], rank_key[rank]

    def _merge_word(self, postings: _Postings, j: int, entries: list[str]) -> Iterator[tuple[int, str]]:
        """One word's entries from the build and the overlay, by (sort name, rowid)."""
        rank_rowid, rank_sort, rank_key = self._rank_rowid, self._rank_sort, self._rank_key
        tail = len(postings.words[j]) + 1
        pending = [(e[tail:], _rowid(e)) for e in entries]
        n = 0
        for rank in postings.view[postings.starts[j]:postings.starts[j + 1]]:
            rowid = rank_rowid[rank]
            mine = f"{rank_sort[rank]}\0{rowid:012d}"
            while n < len(pending) and pending[n][0] < mine:
                yield pending[n][1], self._changed[pending[n][1]][3]
                n += 1
            if rank not in self._dead:
                yield rowid, rank_key[rank]
        for _, rowid in pending[n:]:
            yield rowid, self._changed[rowid][3]

    def _hits(self, rowids: list[int]) -> list[SearchHit]:
        if not rowids:
            return []
        marks = ",".join("?" * len(rowids))
        rows = self.store.conn.execute(
            f"SELECT rowid, code, first_name, last_name, full_name, organisation, ticket_type, status, "
            f"EXISTS (SELECT 1 FROM active_checkins c WHERE c.code = a.code) "
            f"FROM attendees a WHERE rowid IN ({marks})", rowids,
        ).fetchall()
        by_rowid = {r[0]: r for r in rows}
        hits = []
        for rowid in rowids:
            r = by_rowid.get(rowid)
            if r is None:
                continue
            name = r[4] or " ".join(p for p in (r[2], r[3]) if p)
            hits.append(SearchHit(r[1], name, r[5], r[6], r[7], bool(r[8])))
        return hits


def _field_words(text: str) -> tuple[str, tuple[str, ...]]:
    """(key piece, distinct folded words) of one field's text."""
    if text.isalnum() and text.isascii():  # one plain word: what tokens() would make of it
        word = text.lower()
        return _WORD + word, (word,)
    words = tuple(dict.fromkeys(tokens(text)))
    return "".join(_WORD + w for w in words), words
