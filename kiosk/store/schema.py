"""The event database schema and its migrations, versioned from the first release."""

from __future__ import annotations

import sqlite3

from kiosk.core.errors import KioskError

# Each entry moves the schema from version N to N+1. Never edit a released entry: append one.
MIGRATIONS: list[str] = [
    # 1: operation log, attendees (last-writer-wins registers), check-ins, undo tombstones.
    """
    CREATE TABLE meta (
        key   TEXT PRIMARY KEY,
        value TEXT NOT NULL
    );
    CREATE TABLE ops (
        seq     INTEGER PRIMARY KEY AUTOINCREMENT,  -- local arrival order: the sync cursor
        id      TEXT NOT NULL UNIQUE,
        device  TEXT NOT NULL,
        hlc     INTEGER NOT NULL,
        kind    TEXT NOT NULL,
        payload TEXT NOT NULL,
        local   INTEGER NOT NULL                     -- 1 when recorded on this device
    );
    CREATE TABLE event_info (
        key   TEXT PRIMARY KEY,
        value TEXT NOT NULL,
        stamp TEXT NOT NULL
    );
    CREATE TABLE attendees (
        code          TEXT PRIMARY KEY,
        first_name    TEXT NOT NULL DEFAULT '',
        last_name     TEXT NOT NULL DEFAULT '',
        full_name     TEXT NOT NULL DEFAULT '',
        email         TEXT NOT NULL DEFAULT '',
        organisation  TEXT NOT NULL DEFAULT '',
        job_title     TEXT NOT NULL DEFAULT '',
        pronouns      TEXT NOT NULL DEFAULT '',
        ticket_type   TEXT NOT NULL DEFAULT '',
        booking_ref   TEXT NOT NULL DEFAULT '',
        status        TEXT NOT NULL DEFAULT 'valid',
        access_needs  TEXT NOT NULL DEFAULT '',
        dietary_needs TEXT NOT NULL DEFAULT '',
        notes         TEXT NOT NULL DEFAULT '',
        source        TEXT NOT NULL DEFAULT '',
        extra         TEXT NOT NULL DEFAULT '{}',   -- other columns of the import, as answers
        stamps        TEXT NOT NULL DEFAULT '{}',   -- winning "hlc/op-id" → the registers it set
        rev           INTEGER NOT NULL DEFAULT 0    -- local change counter, for search refresh
    );
    CREATE INDEX attendees_code_nocase ON attendees (code COLLATE NOCASE);
    CREATE INDEX attendees_rev ON attendees (rev);
    CREATE INDEX attendees_booking_ref ON attendees (booking_ref COLLATE NOCASE);
    CREATE TABLE checkins (
        op_id  TEXT PRIMARY KEY,
        code   TEXT NOT NULL,
        device TEXT NOT NULL,
        at_ms  INTEGER NOT NULL,
        hlc    INTEGER NOT NULL
    );
    CREATE INDEX checkins_code ON checkins (code);
    CREATE TABLE undone (
        checkin_op_id TEXT NOT NULL,
        undo_op_id    TEXT NOT NULL,
        PRIMARY KEY (checkin_op_id, undo_op_id)
    ) WITHOUT ROWID;
    CREATE VIEW active_checkins AS
        SELECT c.* FROM checkins c
        WHERE NOT EXISTS (SELECT 1 FROM undone u WHERE u.checkin_op_id = c.op_id);
    """,
    # 2: print jobs (queued on one device, printed there) and the badges printed (facts).
    """
    CREATE TABLE print_jobs (
        id          TEXT PRIMARY KEY,           -- the print.queued operation's job id
        device      TEXT NOT NULL,              -- the device whose printer prints it
        device_name TEXT NOT NULL,
        kind        TEXT NOT NULL,              -- badge, slip, test
        code        TEXT NOT NULL DEFAULT '',
        printer     TEXT NOT NULL,
        layout      TEXT NOT NULL DEFAULT '',
        queued_ms   INTEGER NOT NULL,
        state       TEXT NOT NULL DEFAULT 'queued',  -- queued, printing, failed, done, cancelled
        attempts    INTEGER NOT NULL DEFAULT 0,      -- local: this device's tries
        error       TEXT NOT NULL DEFAULT '',
        next_try_ms INTEGER NOT NULL DEFAULT 0,
        done_ms     INTEGER
    );
    CREATE INDEX print_jobs_waiting ON print_jobs (device, state, next_try_ms);
    CREATE TABLE badge_prints (
        job_id  TEXT PRIMARY KEY,
        code    TEXT NOT NULL,
        at_ms   INTEGER NOT NULL,
        device  TEXT NOT NULL,
        printer TEXT NOT NULL
    );
    CREATE INDEX badge_prints_code ON badge_prints (code);
    """,
    # 3: the Open Space session grid: spaces, slots and sessions, every field a register whose
    # value is JSON and whose winning stamp is kept, as for attendees.
    """
    CREATE TABLE grid_items (
        kind   TEXT NOT NULL,                   -- space, slot, session
        id     TEXT NOT NULL,
        fields TEXT NOT NULL DEFAULT '{}',      -- {field: value}
        stamps TEXT NOT NULL DEFAULT '{}',      -- {field: "hlc/op-id"}
        PRIMARY KEY (kind, id)
    ) WITHOUT ROWID;
    """,
    # 4: a print job's progress on the device that prints it (tries, errors, cancelling) moves to
    # its own local table: print_jobs keeps only what the print.queued and print.done operations
    # say, which every replica rebuilds the same way.
    """
    CREATE TABLE print_attempts (
        job_id      TEXT PRIMARY KEY,
        state       TEXT NOT NULL DEFAULT 'queued',  -- queued, printing, failed, cancelled
        attempts    INTEGER NOT NULL DEFAULT 0,
        error       TEXT NOT NULL DEFAULT '',
        next_try_ms INTEGER NOT NULL DEFAULT 0
    ) WITHOUT ROWID;
    INSERT INTO print_attempts (job_id, state, attempts, error, next_try_ms)
        SELECT id, CASE WHEN state = 'done' THEN 'queued' ELSE state END, attempts, error, next_try_ms
        FROM print_jobs WHERE state != 'queued' OR attempts > 0;
    CREATE TABLE print_jobs_replicated (
        id          TEXT PRIMARY KEY,           -- the print.queued operation's job id
        device      TEXT NOT NULL,              -- the device whose printer prints it
        device_name TEXT NOT NULL,
        kind        TEXT NOT NULL,              -- badge, slip, gridlist
        code        TEXT NOT NULL DEFAULT '',
        printer     TEXT NOT NULL,
        layout      TEXT NOT NULL DEFAULT '',
        queued_ms   INTEGER NOT NULL,
        done_ms     INTEGER                     -- set by print.done
    );
    INSERT INTO print_jobs_replicated
        SELECT id, device, device_name, kind, code, printer, layout, queued_ms, done_ms FROM print_jobs;
    DROP TABLE print_jobs;
    ALTER TABLE print_jobs_replicated RENAME TO print_jobs;
    CREATE INDEX print_jobs_device ON print_jobs (device, queued_ms);
    -- A job's state as the queue sees it: done once printed anywhere, else this device's progress.
    CREATE VIEW print_queue AS
        SELECT j.id, j.device, j.device_name, j.kind, j.code, j.printer, j.layout, j.queued_ms,
               CASE WHEN j.done_ms IS NOT NULL THEN 'done' ELSE COALESCE(a.state, 'queued') END AS state,
               COALESCE(a.attempts, 0) AS attempts, COALESCE(a.error, '') AS error,
               COALESCE(a.next_try_ms, 0) AS next_try_ms, j.done_ms
        FROM print_jobs j LEFT JOIN print_attempts a ON a.job_id = j.id;
    """,
    # 5: who said a badge printed. A print.done names a job; it counts for a job queued on another
    # device only when that device said it, so one desk cannot mark another desk's job as printed
    # (which would stop it printing and make every desk's reprint guard say "already printed").
    """
    CREATE TABLE badge_prints_by (
        job_id    TEXT NOT NULL,
        code      TEXT NOT NULL,
        at_ms     INTEGER NOT NULL,
        device    TEXT NOT NULL,               -- the desk's name, as shown to staff
        printer   TEXT NOT NULL,
        by_device TEXT NOT NULL DEFAULT '',    -- the device id of the print.done ('' before 5)
        PRIMARY KEY (job_id, by_device)
    ) WITHOUT ROWID;
    INSERT INTO badge_prints_by (job_id, code, at_ms, device, printer)
        SELECT job_id, code, at_ms, device, printer FROM badge_prints;
    DROP TABLE badge_prints;
    ALTER TABLE badge_prints_by RENAME TO badge_prints;
    CREATE INDEX badge_prints_code ON badge_prints (code);
    CREATE VIEW printed_badges AS
        SELECT b.* FROM badge_prints b LEFT JOIN print_jobs j ON j.id = b.job_id
        WHERE j.id IS NULL OR b.by_device = '' OR j.device = b.by_device;
    """,
    # 6: what each attendee's row said in the file that last imported it on this laptop: a digest
    # of the row's cells and the file's layout. Re-importing an unchanged export then compares
    # digests instead of planning every row again. Local and disposable (never synced, not state):
    # an entry counts only while the attendee's rev is still the one the import left.
    """
    CREATE TABLE import_rows (
        code   TEXT PRIMARY KEY,
        digest INTEGER NOT NULL,
        rev    INTEGER NOT NULL
    ) WITHOUT ROWID;
    """,
    # (issue 16, access needs) notices for staff (kiosk/ops/notices.py): a notice raised when
    # someone with access needs checks in at the kiosk, and who acknowledged it first. Kept apart
    # so an acknowledgement that arrives before its notice still counts. Replicated state.
    """
    CREATE TABLE notices (
        id     TEXT PRIMARY KEY,
        kind   TEXT NOT NULL,
        code   TEXT NOT NULL,
        text   TEXT NOT NULL,
        device TEXT NOT NULL,                  -- the desk name that raised it (the kiosk)
        at_ms  INTEGER NOT NULL,
        stamp  TEXT NOT NULL                   -- "hlc/op-id" of the raise kept
    ) WITHOUT ROWID;
    CREATE INDEX notices_at ON notices (at_ms);
    CREATE TABLE notice_acks (
        notice_id TEXT PRIMARY KEY,
        acked_by  TEXT NOT NULL,               -- the desk name that acknowledged it
        at_ms     INTEGER NOT NULL,
        stamp     TEXT NOT NULL                -- the oldest acknowledgement wins
    ) WITHOUT ROWID;
    """,
    # (issue 16, in person, online or both) each attendee's attendance register: what the import's
    # column or the desk said ("online", "How will you join?" answers); kiosk/core/attendance.py
    # reads the mode from it, or from the ticket type when it is empty. '' before this version.
    """
    ALTER TABLE attendees ADD COLUMN attendance TEXT NOT NULL DEFAULT '';
    """,
    # 9: (issue 13, import speed) the booking reference index goes: no query could use it (the
    # kiosk's forgotten-ticket look-up asks "reference OR email", and email has no index, so SQLite
    # scans either way), and an import wrote it in random order: ~0.3-1 s of a 100k import.
    # The import digests of version 6 are kept a chunk to a row (the codes and digests the chunk
    # of that rev wrote), not an attendee to a row: 100 rows instead of 100,000 a 100k import.
    # Local and disposable as before: the old notes go (a re-import plans those rows in full).
    """
    DROP INDEX attendees_booking_ref;
    DROP TABLE import_rows;
    CREATE TABLE import_digests (
        rev     INTEGER PRIMARY KEY,    -- the attendee.import operation's change counter
        codes   TEXT NOT NULL,          -- the codes it wrote, one to a line
        digests BLOB NOT NULL           -- each one's file row digest: 8 bytes, little-endian, signed
    );
    """,
]

LATEST_VERSION = len(MIGRATIONS)


def migrate(conn: sqlite3.Connection) -> None:
    """Bring the database to the latest schema, one transaction per step."""
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    if version > LATEST_VERSION:
        raise KioskError(
            f"this event was written by a newer version of the app (schema {version}); "
            "update the app to open it"
        )
    for target in range(version + 1, LATEST_VERSION + 1):
        conn.execute("BEGIN IMMEDIATE")
        try:
            for statement in _split(MIGRATIONS[target - 1]):
                conn.execute(statement)
            conn.execute(f"PRAGMA user_version = {target}")
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise


def _split(script: str) -> list[str]:
    # executescript() would commit implicitly; splitting keeps each migration atomic.
    statements, current = [], []
    for line in script.splitlines():
        current.append(line)
        if sqlite3.complete_statement("\n".join(current)):
            statements.append("\n".join(current).strip())
            current = []
    return [s for s in statements if s]
