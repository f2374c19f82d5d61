"""`kiosk export needs`: the access and dietary briefing for venue and catering staff, as the
organiser runs it. Never an email or a phone number in it; its dietary counts are the data's."""

from __future__ import annotations

import csv
import random
import re
import stat
import subprocess
from collections import Counter
from pathlib import Path

from tests.support.cli import assert_clean_failure, kiosk, kiosk_json
from tests.support.paths import DATA

HEADER = (DATA / "eventbrite-2024.csv").read_text(encoding="utf-8").splitlines()[0] + ",Cell Phone"
NAMES = [("Siân", "Jones"), ("Seán", "Ó Súilleabháin"), ("Gwenllïan", "ap Rhys"), ("Aoife", "Ní Bhriain"),
         ("Priya", "Sharma"), ("प्रिया", "शर्मा"), ("Gurpreet", "Singh"), ("Llŷr", "Hughes"), ("Zoë", "O'Neill"),
         ("Łukasz", "Nowak")]
DIETS = ["Vegan", "vegan ", " VEGAN", "Vegetarian", "vegetarian", "Gluten  free", "gluten free", "Halal",
         "None", "N/A", "", "", "", "Nut allergy (severe)"]
ACCESS = ["", "", "", "Wheelchair user: step-free route", "Hearing loop", "BSL interpreter",
          "Please call my PA on 07700 900{n:03} if I am late", "Quiet room; my carer is pa{n}@example.net"]


def people(count: int = 60) -> list[dict]:
    rng = random.Random(16)
    out = []
    for n in range(count):
        first, last = NAMES[n % len(NAMES)]
        out.append({
            "code": f"{881234600000000000000 + n}", "first": first, "last": f"{last}",
            "email": f"person.{n}@example.org", "phone": f"+44 7700 9{n:05d}",
            "status": "Refunded" if n % 17 == 5 else "Attending",
            "diet": rng.choice(DIETS), "access": rng.choice(ACCESS).format(n=n),
        })
    return out


def write_export(folder: Path, rows: list[dict]) -> Path:
    path = folder / "community-day.csv"
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(next(csv.reader([HEADER])))
        for n, p in enumerate(rows):
            writer.writerow([f"88{n:08d}", "2024-09-01 10:00:00+01:00", p["first"], p["last"], p["email"], 1, "",
                             "Member", n, "", "Free Order", "GBP", "0.00", "0.00", "0.00", p["status"], "", "NHS",
                             "", p["diet"], p["access"], p["code"], p["phone"]])
    return path


def expected_diets(rows: list[dict], here: set[str]) -> dict[str, tuple[int, int]]:
    """People (and those checked in) per dietary need, worked out here from the file itself."""
    people, arrived = Counter(), Counter()
    for p in rows:
        key = " ".join(p["diet"].split()).casefold()
        if p["status"] != "Attending" or key in ("", "none", "n/a"):
            continue
        people[key] += 1
        arrived[key] += p["code"] in here
    return {key: (people[key], arrived[key]) for key in people}


def contacts(rows: list[dict]) -> list[str]:
    """Every attendee's email and phone, as written and as bare digits."""
    found = []
    for p in rows:
        found += [p["email"], p["phone"], re.sub(r"\D", "", p["phone"]), p["phone"].replace(" ", "")]
    found += re.findall(r"07700 900\d{3}|pa\d+@example\.net", " ".join(p["access"] for p in rows))
    return found


def test_the_briefing_has_no_email_or_phone_and_counts_diets_as_the_data_says(tmp_path):
    data = tmp_path / "kiosk-data"
    rows = people()
    kiosk_json(data, "import", str(write_export(tmp_path, rows)))
    here = {p["code"] for p in rows[::4] if p["status"] == "Attending"}
    for code in here:
        kiosk_json(data, "checkin", code)

    csv_out, pdf_out = tmp_path / "out" / "needs.csv", tmp_path / "out" / "needs.pdf"
    from_csv = kiosk_json(data, "export", "needs", "--out", str(csv_out))
    from_pdf = kiosk_json(data, "export", "needs", "--out", str(pdf_out))
    for out in (csv_out, pdf_out):
        assert stat.S_IMODE(out.stat().st_mode) == 0o600

    text = csv_out.read_text(encoding="utf-8-sig")
    pdf_text = subprocess.run(["pdftotext", "-layout", str(pdf_out), "-"], capture_output=True, text=True,
                              check=True).stdout
    pdf_bytes = pdf_out.read_bytes()
    secrets = contacts(rows)
    assert len(secrets) > 200
    for secret in secrets:
        assert secret not in text, secret
        assert secret not in pdf_text, secret
        assert secret.encode() not in pdf_bytes, secret
    assert "@" not in text and "@" not in pdf_text

    # The counts: the command's answer, the CSV's table and the PDF's all match the file's own.
    want = expected_diets(rows, here)
    got = {d["need"].casefold(): (d["people"], d["checked_in"]) for d in from_csv["dietary_counts"]}
    assert got == want and from_pdf["dietary_counts"] == from_csv["dietary_counts"]
    lines = list(csv.reader(text.splitlines()))
    table = lines[lines.index(["dietary_need", "people", "checked_in"]) + 1:]
    assert {need.casefold(): (int(n), int(h)) for need, n, h in table} == want
    spellings = {" ".join(p["diet"].split()) for p in rows}
    assert all(d["need"] in spellings for d in from_csv["dietary_counts"])  # a spelling people used
    for d in from_csv["dietary_counts"]:
        assert re.search(rf"{re.escape(d['need'])}\s+{d['people']}\s+{d['checked_in']}", pdf_text), d

    # One row a person with a need (valid tickets only), with whether they are here.
    people_rows = lines[1:lines.index([])]
    with_needs = [p for p in rows if p["status"] == "Attending"
                  and (p["access"] or " ".join(p["diet"].split()).casefold() not in ("", "none", "n/a"))]
    assert len(people_rows) == len(with_needs) == from_csv["people"]
    by_name = {r[0]: r for r in people_rows}
    sian = next(p for p in with_needs if p["first"] == "Siân")
    assert by_name[f"Siân {sian['last']}"][3] == ("yes" if sian["code"] in here else "no")
    assert "Seán Ó Súilleabháin" in pdf_text and "Page 1 of" in pdf_text


def test_a_briefing_it_cannot_write_is_said_in_words(tmp_path):
    data = tmp_path / "kiosk-data"
    kiosk_json(data, "import", str(write_export(tmp_path, people(5))))
    assert_clean_failure(kiosk(data, "export", "needs", "--out", str(tmp_path / "needs.txt")), 2)
    (tmp_path / "folder.pdf").mkdir()
    assert_clean_failure(kiosk(data, "export", "needs", "--out", str(tmp_path / "folder.pdf")), 2)


def test_someone_joining_online_only_is_counted_not_listed_until_they_come(tmp_path):
    data = tmp_path / "kiosk-data"
    rows = [{**p, "status": "Attending", "access": "Hearing loop", "diet": "Vegan"} for p in people(3)]
    kiosk_json(data, "import", str(write_export(tmp_path, rows)))
    online = rows[1]
    kiosk_json(data, "edit", online["code"], "--attendance", "online")
    csv_out, pdf_out = tmp_path / "needs.csv", tmp_path / "needs.pdf"
    answer = kiosk_json(data, "export", "needs", "--out", str(csv_out))
    kiosk_json(data, "export", "needs", "--out", str(pdf_out))
    names = [r[0] for r in csv.reader(csv_out.read_text(encoding="utf-8-sig").splitlines()[1:4]) if r]
    assert answer["people"] == 2 and answer["online_only_left_out"] == 1
    assert f"{online['first']} {online['last']}" not in names and len(names) == 2
    assert answer["dietary_counts"] == [{"need": "Vegan", "people": 2, "checked_in": 0}]
    pdf_text = " ".join(subprocess.run(["pdftotext", str(pdf_out), "-"], capture_output=True, text=True,
                                       check=True).stdout.split())
    assert "(1 more join online only and are not listed)" in pdf_text
    kiosk_json(data, "edit", online["code"], "--attendance", "both")  # coming after all: in the briefing
    assert kiosk_json(data, "export", "needs", "--out", str(csv_out))["people"] == 3
