"""The organisers' live view on a real hub: its JSON over raw HTTP, and its page in a real Chromium.

A desk holding the demo day pairs with a hub process and syncs; `kiosk hub organiser-link` gives
the private link. The page's numbers are read off the page as a person sees them and compared
with `kiosk stats --json` on that desk, whatever keys the statistics have.
"""

from __future__ import annotations

import http.client
import json
import time
import urllib.parse
from pathlib import Path

import pytest

from kiosk.store.datadir import DataDir

from tests.support.browser import chromium
from tests.support.cli import assert_clean_failure, kiosk, kiosk_json
from tests.support.hub import Hub, synced_walk_in

# The page's own script and style only; a blocked one, or a script injected through data, would
# show here (Chromium reports CSP violations on the console).
PAGE_WAIT_MS = 15_000


def get(url: str, token: str | None = None, scheme: str = "Bearer") -> tuple[int, dict, bytes]:
    """One GET over a plain HTTP connection: (status, headers in lower case, body)."""
    parts = urllib.parse.urlsplit(url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    try:
        headers = {"Authorization": f"{scheme} {token}"} if token is not None else {}
        conn.request("GET", parts.path, headers=headers)
        answer = conn.getresponse()
        return answer.status, {k.lower(): v for k, v in answer.getheaders()}, answer.read()
    finally:
        conn.close()


def token_of_link(link: str) -> str:
    fragment = urllib.parse.urlsplit(link).fragment
    assert fragment.startswith("token="), link
    return fragment[len("token="):]


def organiser_link(hub: Hub, event: str, *extra: str) -> dict:
    return kiosk_json(hub.data, "hub", "organiser-link", "--event", event, "--url", hub.url, *hub.db_args, *extra)


# -- over HTTP, on each backend -------------------------------------------------------------------


def test_the_dashboard_json_is_refused_without_the_organiser_token_and_the_same_as_stats_with_it(hub, tmp_path):
    device_token, _ = synced_walk_in(hub, tmp_path / "desk")
    desk = tmp_path / "desk"
    made = organiser_link(hub, "day", "--name", "Sam")
    assert made["link"].startswith(f"{hub.url}/events/day/organiser#token=")
    token = token_of_link(made["link"])
    url = f"{hub.url}/events/day/dashboard.json"

    for sent, scheme in ((None, "Bearer"), ("", "Bearer"), ("not-a-token", "Bearer"), (token, "Basic"),
                         (token + "x", "Bearer"), (device_token, "Bearer")):
        status, headers, body = get(url, sent, scheme)
        assert status == 401, (sent, scheme, status, body)
        assert headers["cache-control"] == "no-store" and headers["www-authenticate"].startswith("Bearer")
        assert b"Example" not in body and set(json.loads(body)) == {"error"}
    other = token_of_link(organiser_link(hub, "other-day")["link"])
    status, _, body = get(url, other)
    assert status == 403 and b"another event" in body
    status, _, body = get(f"{hub.url}/events/other-day/dashboard.json", other)  # a link made before any sync
    assert status == 404 and b"nothing has reached the hub" in body

    status, headers, body = get(url, token)
    assert status == 200 and headers["cache-control"] == "no-store"
    view = json.loads(body)
    assert view["stats"] == kiosk_json(desk, "stats")
    assert view["arrivals_by_desk"] == [{"desk": "Desk 1", "count": 1}]

    # Withdrawn: refused at once, and listed as withdrawn.
    kiosk_json(hub.data, "hub", "organiser-link", "--event", "day", "--revoke", made["id"], *hub.db_args)
    assert get(url, token)[0] == 401
    listed = organiser_link(hub, "day", "--list")["links"]
    assert [(ln["id"], ln["name"], ln["revoked"]) for ln in listed] == [(made["id"], "Sam", True)]
    refused = kiosk(hub.data, "hub", "organiser-link", "--event", "day", "--revoke", "nope", *hub.db_args)
    assert refused.returncode == 1 and "no organiser link 'nope'" in refused.stderr
    assert "Traceback" not in refused.stderr


def test_organiser_link_in_a_terminal_says_what_it_is_and_refuses_in_words(tmp_path):
    hub_data = tmp_path / "hub-data"
    made = kiosk(hub_data, "hub", "organiser-link", "--event", "day", "--url", "http://hub.example:8787/",
                 "--name", "Programme team")
    assert made.returncode == 0 and made.stderr == ""
    lines = made.stdout.splitlines()
    assert lines[0].startswith("Live view for the organisers of day (link ") and "Programme team" in lines[0]
    assert lines[1].startswith("http://hub.example:8787/events/day/organiser#token=")
    assert "share it only with organisers" in made.stdout and "--revoke" in made.stdout
    assert "█" in made.stdout  # a QR code of the link, for a phone
    listed = kiosk(hub_data, "hub", "organiser-link", "--event", "day", "--list")
    assert "works" in listed.stdout and "Programme team" in listed.stdout and "token" not in listed.stdout
    empty = kiosk(hub_data, "hub", "organiser-link", "--event", "other-day", "--list")
    assert empty.returncode == 0 and "No organiser links for other-day" in empty.stdout
    assert_clean_failure(kiosk(hub_data, "hub", "organiser-link", "--event", "../day"), 2)
    assert_clean_failure(kiosk(hub_data, "hub", "organiser-link", "--event", "day", "--name", "x" * 61), 2)
    assert_clean_failure(kiosk(hub_data, "hub", "organiser-link", "--event", "day", "--revoke", "nope"), 1)


def test_the_page_holds_nothing_personal_and_lets_only_its_own_code_run(hub, tmp_path):
    synced_walk_in(hub, tmp_path / "desk")  # Ann Example, on the hub
    status, headers, body = get(f"{hub.url}/events/day/organiser")  # no token: the page is public
    assert status == 200 and headers["content-type"].startswith("text/html")
    page = body.decode()
    assert "Example" not in page and "Ann" not in page
    assert "://" not in page and " src=" not in page and "<link" not in page  # nothing fetched from elsewhere
    csp = headers["content-security-policy"]
    assert "default-src 'none'" in csp and "connect-src 'self'" in csp and "unsafe-inline" not in csp
    assert headers["referrer-policy"] == "no-referrer" and headers["x-content-type-options"] == "nosniff"
    assert get(f"{hub.url}/events/NOT..A..SLUG/organiser")[0] == 404


# -- in a real browser -----------------------------------------------------------------------------


@pytest.fixture
def demo_day(tmp_path):
    """The demo day on a desk paired with a hub process (SQLite), synced: (hub, desk folder, link)."""
    desk = tmp_path / "desk"
    kiosk_json(desk, "demo", "--no-gui", "--attendees", "80")
    hub = Hub(tmp_path / "hub-data")
    hub.start()
    try:
        code = kiosk_json(hub.data, "hub", "pair", "--event", "demo", "--device", "Desk 3", "--url", hub.url)["code"]
        kiosk_json(desk, "sync", "pair", hub.url, code)
        # A session title that is markup, and one long word: shown as text, and wrapped on a phone.
        kiosk_json(desk, "grid", "propose", '<img src=x onerror="window.pwned=1">Fika', "--convener", "Siân")
        kiosk_json(desk, "grid", "propose", "Coproduction" * 8, "--convener", "Dafydd")
        kiosk_json(desk, "sync", "--once")
        yield hub, desk, organiser_link(hub, "demo")["link"]
    finally:
        hub.kill()


def page_numbers(page) -> dict:
    """What the page shows, read off its cards and tables."""
    return page.evaluate("""() => {
        const text = (node, sel) => node.querySelector(sel).textContent.trim();
        const cards = {};
        document.querySelectorAll("#cards .card").forEach(c => { cards[c.dataset.key] = text(c, ".value"); });
        const types = {};
        document.querySelectorAll("#types tr[data-type]").forEach(r => {
            types[r.dataset.type] = {checked_in: Number(text(r, ".in")), expected: Number(text(r, ".expected"))};
        });
        const modes = {};
        document.querySelectorAll("#modes tr[data-mode]").forEach(r => {
            const here = text(r, ".in");
            modes[r.dataset.mode] = here === "–" ? {expected: Number(text(r, ".expected"))}
                : {expected: Number(text(r, ".expected")), checked_in: Number(here)};
        });
        const desks = [...document.querySelectorAll("#desks tr[data-desk]")].map(r => Number(text(r, ".count")));
        const arrivals = [...document.querySelectorAll("#arrivals tr[data-start]")]
            .filter(r => r.dataset.start).map(r => ({start: r.dataset.start, count: Number(text(r, ".count"))}));
        const diets = [...document.querySelectorAll("#diets tr[data-need]")].map(r => ({
            need: r.dataset.need, people: Number(text(r, ".people")), checked_in: Number(text(r, ".in"))}));
        const notices = [...document.querySelectorAll("#notices [data-notice]")].map(n => n.dataset.notice);
        return {cards, types, modes, desks, arrivals, diets, notices};
    }""")


def assert_page_matches(shown: dict, stats: dict) -> None:
    assert shown["cards"]["checked_in"] == str(stats["checked_in"])
    assert shown["cards"]["expected"] == str(stats["expected"])
    assert shown["types"] == stats["by_ticket_type"]
    assert shown["arrivals"] == stats["arrivals"]
    assert sum(shown["desks"]) == stats["checked_in"]
    # Keys the statistics gained (drop-outs, attendance modes) are on the page as they are in stats.
    for key in ("not_arrived", "cancelled", "walk_ins"):
        if key in stats:
            assert shown["cards"][key] == str(stats[key]), key
    if "by_attendance" in stats:
        assert shown["modes"] == stats["by_attendance"]


def a_code_not_checked_in(desk: Path) -> list[str]:
    with DataDir(desk).open("demo") as store:
        return [r[0] for r in store.conn.execute(
            "SELECT code FROM attendees a WHERE status = 'valid' AND NOT EXISTS "
            "(SELECT 1 FROM active_checkins c WHERE c.code = a.code) ORDER BY code")]


@pytest.mark.slow
def test_the_page_in_chromium_shows_the_stats_of_the_desk_and_follows_a_check_in(demo_day, tmp_path):
    hub, desk, link = demo_day
    problems: list[str] = []
    with chromium() as browser:
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.on("console", lambda m: problems.append(m.text) if m.type in ("error", "warning") else None)
        page.on("pageerror", lambda exc: problems.append(str(exc)))
        requests: list[str] = []
        page.on("request", lambda r: requests.append(r.url))
        page.goto(link)
        page.wait_for_selector("#content:not([hidden])", timeout=PAGE_WAIT_MS)
        stats = kiosk_json(desk, "stats")
        assert stats["checked_in"] > 0
        shown = page_numbers(page)
        assert_page_matches(shown, stats)
        # Dietary counts as the catering briefing counts them; the desks' open notices.
        diets = kiosk_json(desk, "export", "needs", "--out", str(tmp_path / "needs.csv"))["dietary_counts"]
        assert diets and shown["diets"] == diets
        notices = [n["id"] for n in kiosk_json(desk, "notices")["notices"] if not n["acknowledged_at"]]
        assert notices and shown["notices"] == notices
        assert shown["cards"]["open_notices"] == str(len(notices))
        # Markup in the data is shown as text and runs nothing.
        assert page.locator("#grid").get_by_text('<img src=x onerror="window.pwned=1">Fika').count() == 1
        assert page.evaluate("window.pwned") is None
        # The token never travels in a URL: only in the fragment of the page's own address.
        token = token_of_link(link)
        assert not [u for u in requests if token in u.split("#")[0]]
        page.screenshot(path=str(tmp_path / "organiser-desktop.png"), full_page=True)

        # A check-in at the desk, synced: the page follows within its refresh without a reload.
        for code in a_code_not_checked_in(desk):
            if kiosk(desk, "checkin", code, "--json").returncode == 0:
                break
        kiosk_json(desk, "sync", "--once")
        after = kiosk_json(desk, "stats")
        assert after["checked_in"] == stats["checked_in"] + 1
        started = time.monotonic()
        page.wait_for_function("n => document.querySelector('[data-key=checked_in] .value').textContent === n",
                               arg=str(after["checked_in"]), timeout=PAGE_WAIT_MS)
        assert time.monotonic() - started < 15
        assert_page_matches(page_numbers(page), after)

        # On a phone: readable at 360 px, nothing wider than the screen.
        phone = browser.new_page(viewport={"width": 360, "height": 740}, device_scale_factor=2)
        phone.goto(link)
        phone.wait_for_selector("#content:not([hidden])", timeout=PAGE_WAIT_MS)
        assert phone.evaluate("document.documentElement.scrollWidth") <= 360
        assert phone.evaluate("getComputedStyle(document.body).fontSize") == "16px"
        phone.screenshot(path=str(tmp_path / "organiser-phone.png"))

        # The link withdrawn: the open page says so and drops what it showed.
        link_id = organiser_link(hub, "demo", "--list")["links"][0]["id"]
        kiosk_json(hub.data, "hub", "organiser-link", "--event", "demo", "--revoke", link_id)
        page.wait_for_selector("#content[hidden]", state="attached", timeout=PAGE_WAIT_MS)
        assert "does not work" in page.inner_text("#status")
        assert page.locator("#types tr").count() == 0
        # A 401 is logged by Chromium as a failed resource: that one is expected.
        problems = [p for p in problems if "401" not in p]
    assert problems == []


def test_the_page_without_its_key_says_what_to_do_and_fetches_nothing():
    from kiosk.hub.dashboard_page import HEADERS, PAGE

    fetched: list[str] = []

    def answer(route) -> None:
        fetched.append(route.request.url)
        route.fulfill(status=200, content_type="text/html; charset=utf-8", body=PAGE, headers=HEADERS)

    with chromium() as browser:
        page = browser.new_page(viewport={"width": 360, "height": 740})
        page.route("http://hub.test/**", answer)
        page.goto("http://hub.test/events/day/organiser")  # the link without its #token=…
        assert "needs the private organiser link" in page.inner_text("#status")
        assert page.locator("#content").is_hidden()
        page.wait_for_timeout(500)
        assert fetched == ["http://hub.test/events/day/organiser"]


def test_quiet_quarters_read_in_the_hubs_time_and_odd_data_stays_text_on_a_phone():
    """The page alone, served as the hub serves it, with a dashboard.json made up to be awkward:
    arrivals an hour apart in the hub's zone (+01:00) read on a phone set to New York, a ticket
    type that is markup and one that is a 200-letter word."""
    from kiosk.hub.dashboard_page import HEADERS, PAGE

    odd_type, long_type = "<b onmouseover=alert(1)>VIP</b>", "Q" * 200
    view = {
        "event": {"slug": "day", "name": "Day <script>", "date": "", "venue": ""},
        "stats": {"expected": 3, "checked_in": 2, "walk_ins": 0, "arrivals": [
            {"start": "2026-11-23T09:00:00+01:00", "count": 1}, {"start": "2026-11-23T10:00:00+01:00", "count": 1}],
            "by_ticket_type": {odd_type: {"expected": 1, "checked_in": 1},
                               long_type: {"expected": 2, "checked_in": 1}}},
        "arrivals_by_desk": [{"desk": "Desk 1", "count": 2}], "notices": [], "dietary": [],
        "grid": {"spaces": ["Library"], "parked": [], "clashes": 1, "slots": [
            {"start": "10:00", "end": "11:00", "label": "", "is_break": False, "cells": [
                {"space": "Library", "online": False, "sessions": [{"title": "One", "conveners": ["Siân"]},
                                                                   {"title": "Two", "conveners": []}]}]}]},
    }
    seen_tokens: list[str] = []

    def answer(route) -> None:
        if route.request.url.endswith("/dashboard.json"):
            seen_tokens.append(route.request.headers.get("authorization", ""))
            route.fulfill(status=200, content_type="application/json", body=json.dumps(view))
        else:
            route.fulfill(status=200, content_type="text/html; charset=utf-8", body=PAGE, headers=HEADERS)

    with chromium() as browser:
        context = browser.new_context(viewport={"width": 360, "height": 740}, timezone_id="America/New_York")
        page = context.new_page()
        page.route("http://hub.test/**", answer)
        page.goto("http://hub.test/events/day/organiser#token=abc%2Fdef")
        page.wait_for_selector("#content:not([hidden])", timeout=PAGE_WAIT_MS)
        assert seen_tokens == ["Bearer abc/def"]
        rows = page.eval_on_selector_all("#arrivals tbody tr", "rows => rows.map(r => r.innerText.split('\\t')"
                                                                "   .slice(0, 2).map(t => t.trim()).join(' '))")
        assert rows == ["09:00 1", "09:15 0", "09:30 0", "09:45 0", "10:00 1"]
        assert page.locator("#types").get_by_text(odd_type, exact=True).count() == 1
        assert page.locator("#types b").count() == 0 and page.inner_text("#title") == "Day <script>"
        assert page.evaluate("document.documentElement.scrollWidth") <= 360
        assert page.locator("#grid li.clash").all_inner_texts() == [
            "Library: One — Siân Clash: 2 sessions here", "Library: Two Clash: 2 sessions here"]
        context.close()
