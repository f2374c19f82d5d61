"""The import's mapping step without a window: detected choices, remembered mappings, made codes."""

from __future__ import annotations

import os
import re

import pytest

from kiosk.core.errors import UsageError
from kiosk.importer.generated import made_code, new_secret, stable_key
from kiosk.importer.plan import NoCodeColumn, plan_import
from kiosk.importer.presets import CHOICE_LABELS, EXTRA, IMPORT_FIELDS, SKIP, format_in_words
from kiosk.importer.preview import MEMORY_FILE, preview_file, remember, remembered

FORMS = ("ID,Start time,Completion time,Email,Name,Full name,Email address,Organisation,"
         "Do you have any dietary requirements?\n"
         "1,2026-11-01 09:00,2026-11-01 09:02,anonymous,,Aled Jones,aled@example.org,HEIW,Vegetarian\n"
         "2,2026-11-01 09:05,2026-11-01 09:07,anonymous,,Zoë Ní Bhriain,zoe@example.org,,\n")


def write(tmp_path, text: str, name: str = "list.csv"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_every_choice_has_a_plain_label():
    assert set(CHOICE_LABELS) == {*IMPORT_FIELDS, EXTRA, SKIP}
    for label in CHOICE_LABELS.values():
        assert "_" not in label and label[0].isupper()
    assert CHOICE_LABELS["dietary_needs"] == "Dietary needs" and CHOICE_LABELS[SKIP] == "Not imported"


@pytest.mark.parametrize("preset, source, words", [
    ("eventbrite", "csv (utf-8, delimiter ',')", "Looks like an Eventbrite export (CSV)"),
    ("tito", "xlsx", "Looks like a Tito export (Excel workbook)"),
    ("generic", "csv (cp1252, delimiter ';')", "Looks like a spreadsheet or sign-up form (CSV with semicolons)"),
    ("pretix", "csv (utf-8, delimiter '\\t')", "Looks like a pretix export (tab-separated text)"),
])
def test_the_format_in_words(preset, source, words):
    assert format_in_words(preset, source) == words


def test_a_microsoft_forms_sheet_is_previewed_with_plain_choices(tmp_path):
    preview = preview_file(write(tmp_path, FORMS))
    choices = dict(zip(preview.headers, preview.choices, strict=True))
    # Form bookkeeping is left out; "Email" says "anonymous", so the typed addresses are the email.
    assert [choices[h] for h in ("ID", "Start time", "Completion time", "Email")] == [SKIP] * 4
    assert choices["Email address"] == "email" and choices["Full name"] == "full_name"
    assert choices["Do you have any dietary requirements?"] == "dietary_needs"
    assert preview.generate_codes and not preview.remembered
    assert preview.described == "Looks like a spreadsheet or sign-up form (CSV)"
    assert preview.samples[1][5] == "Zoë Ní Bhriain" and len(preview.samples) == 2


def test_a_mapping_is_remembered_per_header_set(tmp_path):
    folder = tmp_path / "event"
    folder.mkdir()
    sheet = write(tmp_path, "Ref,First name,Surname\nR-1,Nia,Evans\n")
    assert preview_file(sheet, folder).choices == [EXTRA, "first_name", "last_name"]
    remember(folder, ["Ref", "First name", "Surname"], ["code", "first_name", "last_name"], False)
    again = preview_file(sheet, folder)
    assert again.remembered and again.choices == ["code", "first_name", "last_name"]
    assert not again.generate_codes
    # The same headings written differently are the same set; other headings are not.
    assert remembered(folder, ["REF", "first  name", "Surname "]) is not None
    assert remembered(folder, ["Ref", "First name"]) is None
    if os.name == "posix":
        assert (folder / MEMORY_FILE).stat().st_mode & 0o777 == 0o600


@pytest.mark.parametrize("damage", ["not json", "[]", '{"x": 1}', None])
def test_a_damaged_memory_is_ignored(tmp_path, damage):
    folder = tmp_path / "event"
    folder.mkdir()
    remember(folder, ["Ref", "Name"], ["code", "full_name"], False)
    if damage is not None:
        (folder / MEMORY_FILE).write_text(damage, encoding="utf-8")
    else:  # a hand edit that no longer fits the file
        text = (folder / MEMORY_FILE).read_text(encoding="utf-8").replace('"full_name"', '"shoe_size"')
        (folder / MEMORY_FILE).write_text(text, encoding="utf-8")
    assert remembered(folder, ["Ref", "Name"]) is None


def test_made_codes_are_stable_unguessable_and_keyed_on_who_someone_is():
    secret = new_secret()
    aled = stable_key({"email": " Aled@Example.org ", "full_name": "Aled Jones"})
    assert aled == stable_key({"email": "aled@example.org", "full_name": "A. Jones"}) == "email:aled@example.org"
    code = made_code(secret, aled)
    assert re.fullmatch(r"S-[A-HJ-NP-Z2-9]{12}", code)
    assert made_code(secret, aled) == code and made_code(new_secret(), aled) != code
    # No email (or Microsoft Forms' "anonymous"): name and organisation, folded.
    zoe = stable_key({"email": "anonymous", "full_name": "Zoë  NÍ Bhriain", "organisation": "Mind"})
    assert zoe == stable_key({"first_name": "zoe", "last_name": "ni bhriain", "organisation": " MIND"})
    assert stable_key({"organisation": "HEIW"}) is None
    codes = {made_code(secret, f"email:person{n}@example.org") for n in range(5000)}
    assert len(codes) == 5000


def test_planning_with_chosen_columns_and_made_codes(tmp_path):
    sheet = write(tmp_path, "Timestamp,Ref,Name,Email,Team\n"
                            "t1,R-1,Nia Evans,nia@example.org,Blue\n"
                            "t2,,Cai Morgan,cai@example.org,Red\n"
                            "t3,,,,Green\n"
                            "t4,,Cai Morgan,CAI@example.org,Red\n")
    choices = [SKIP, "code", "full_name", "email", EXTRA]
    with pytest.raises(NoCodeColumn, match="no ticket code column"):
        plan_import(sheet, None, choices=[SKIP, SKIP, "full_name", "email", EXTRA])
    plan = plan_import(sheet, None, choices=choices, generate_codes=True)
    created = {row["code"]: row["set"] for row in plan.creates}
    assert "R-1" in created and len(plan.generated) == 1 and plan.generated[0] in created
    cai = created[plan.generated[0]]
    assert (cai["first_name"], cai["last_name"], cai["extra"]) == ("Cai", "Morgan", {"Team": "Red"})
    assert "Timestamp" not in created["R-1"]["extra"]  # not imported: not kept either
    assert [(e.row, e.error.split(";")[0]) for e in plan.errors] == [
        (4, "no ticket code, and no email or name to make one from"),
        (5, "the same email as row 3: the same person twice")]
    with pytest.raises(UsageError, match="both read as the same field"):
        plan_import(sheet, None, choices=[SKIP, "code", "full_name", "full_name", EXTRA])


def test_an_excel_signup_sheet_is_previewed_and_planned(tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["Responses to the sign-up form"])  # a title above the headings
    sheet.append(["Timestamp", "Full name", "Email", "Organisation"])
    sheet.append(["2026-11-01 09:12", "Aled Jones", "aled@example.org", "HEIW"])
    path = tmp_path / "signups.xlsx"
    book.save(path)
    preview = preview_file(path)
    assert preview.described == "Looks like a spreadsheet or sign-up form (Excel workbook)"
    assert preview.choices == [SKIP, "full_name", "email", "organisation"] and preview.generate_codes
    plan = plan_import(path, None, choices=preview.choices, generate_codes=True)
    assert len(plan.creates) == 1 and plan.creates[0]["set"]["last_name"] == "Jones"
