"""Names are stored composed (NFC) however they arrive: imported, walked in, edited or synced.

A name exported or typed decomposed ("Sia" + U+0302 + "n") prints with its marks stacked wrong and
searches apart from the same name composed. The attendee operation kinds compose every text field
where a payload is turned into registers, so every way in gets it; extra columns stay as given.
"""

import unicodedata
import uuid

from kiosk.attendees.checkin import Desk
from kiosk.importer import apply_import, plan_import
from kiosk.ops.base import Operation

SIAN = "Siân"
NGUYEN = "Nguyễn Thị Ánh"
WYN = "Ŵyn"


def nfd(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text)
    assert decomposed != text  # the test means something only if the input really is decomposed
    return decomposed


def stored(store, code):
    row = store.conn.execute("SELECT first_name, last_name, full_name, organisation, extra "
                             "FROM attendees WHERE code = ?", (code,)).fetchone()
    return tuple(row)


def test_an_nfd_name_imported_walked_in_edited_and_synced_comes_out_nfc(store, data_dir, tmp_path):
    csv_path = tmp_path / "nfd.csv"
    csv_path.write_text(
        "Barcode #,First Name,Last Name,Company,Seat\n"
        f"T-1,{nfd(SIAN)},{nfd('Jonés')},{nfd('Café Cymru')},{nfd('Rhês')}\n"
        f"T-2,{nfd(NGUYEN)},,,\n", encoding="utf-8")
    plan = plan_import(csv_path, store)
    assert len(plan.creates) == 2 and not plan.errors
    apply_import(store, plan)
    assert stored(store, "T-1")[:4] == (SIAN, "Jonés", f"{SIAN} Jonés", "Café Cymru")
    assert stored(store, "T-2")[0] == NGUYEN
    # The extra columns are kept byte for byte as the file gave them.
    assert nfd("Rhês") in stored(store, "T-1")[4]

    # Importing the same file again finds nothing changed: the planner composes as the store does.
    again = plan_import(csv_path, store)
    assert again.unchanged == 2 and not again.updates and not again.creates

    desk = Desk(store)
    walk_in = desk.walk_in(first_name=nfd(WYN), last_name=nfd("Gŵyr"), organisation=nfd("Ysbyty Gŵyr"))
    assert stored(store, walk_in.code)[:4] == (WYN, "Gŵyr", f"{WYN} Gŵyr", "Ysbyty Gŵyr")

    desk.edit("T-2", last_name=nfd("Trần"))
    assert stored(store, "T-2")[1:3] == ("Trần", f"{NGUYEN} Trần")

    # Another laptop's operations, as a sync brings them, with the payload still decomposed.
    other = data_dir.create("other-day", "Other")
    try:
        upsert = Operation(str(uuid.uuid4()), "device-far", store.clock.now(), "attendee.upsert",
                           {"code": "T-9", "set": {"first_name": nfd("Seán"), "full_name": nfd("Seán Ó Dónaill")}})
        imported = Operation(str(uuid.uuid4()), "device-far", store.clock.now(), "attendee.import",
                             {"rows": [{"code": "T-8", "set": {"last_name": nfd("Ní Bhriain"),
                                                                "extra": {"Note": nfd("é")}}}]})
        for replica in (store, other):
            replica.ingest(store.operations() + [upsert, imported])
            assert stored(replica, "T-9")[0] == "Seán" and stored(replica, "T-9")[2] == "Seán Ó Dónaill"
            assert stored(replica, "T-8")[1] == "Ní Bhriain"
            assert nfd("é") in stored(replica, "T-8")[4]
            assert stored(replica, "T-1")[0] == SIAN
        assert store.snapshot()["attendees"] == other.snapshot()["attendees"]
    finally:
        other.close()
    for row in store.conn.execute("SELECT first_name, last_name, full_name, organisation FROM attendees"):
        assert all(unicodedata.is_normalized("NFC", value) for value in row), tuple(row)


def test_a_composed_name_is_written_as_it_is(store):
    desk = Desk(store)
    walk_in = desk.walk_in(first_name=SIAN, last_name="Jones")
    payload = store.operations()[-2].payload
    assert payload["set"]["first_name"] == SIAN  # the log keeps what was recorded
    assert stored(store, walk_in.code)[0] == SIAN
