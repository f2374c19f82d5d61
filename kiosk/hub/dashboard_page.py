"""The organisers' live view as one self-contained page: no external files, no data of its own.

The page is the same for everyone and names no one: it is served without a token. The private
link carries the organiser token in its fragment (`…/organiser#token=…`), which browsers never
send to a server nor put in a Referer; the page's script reads it there and fetches
`dashboard.json` beside it with `Authorization: Bearer …`, every 10 seconds. Everything it shows
is written as text (textContent), never as HTML, and the Content-Security-Policy lets only this
page's own script and style run (by their hashes) and only the hub be fetched.
"""

from __future__ import annotations

import base64
import hashlib

REFRESH_MS = 10_000

STYLE = """
:root { --ink: #0b0c0c; --muted: #505a5f; --line: #b1b4b6; --bar: #1d70b8; --ok: #00703c;
        --warn: #f47738; --bad: #d4351c; --notice: #6f2c91; --bg: #f3f2f1; }
* { box-sizing: border-box; }
body { margin: 0; font: 16px/1.4 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink);
       background: #fff; overflow-wrap: break-word; }
/* A name longer than the screen is wide (one unbroken word) scrolls inside its table, not the page. */
.scroll { overflow-x: auto; }
header { background: var(--ink); color: #fff; padding: .75rem 1rem; }
header h1 { margin: 0; font-size: 1.35rem; }
header p { margin: .2rem 0 0; color: #dee0e2; }
main { max-width: 70rem; margin: 0 auto; padding: .5rem 1rem 2rem; }
#status { margin: .5rem 0; padding: .5rem .75rem; border-left: 5px solid var(--line); background: var(--bg); }
#status.ok { border-color: var(--ok); } #status.warn { border-color: var(--warn); }
#status.bad { border-color: var(--bad); font-weight: 600; }
.cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(6.5rem, 1fr)); gap: .5rem; margin: .75rem 0; }
.card { border: 1px solid var(--line); border-top: 5px solid var(--bar); padding: .4rem .6rem; }
.card .value { display: block; font-size: 1.8rem; font-weight: 700; line-height: 1.1; }
.card[data-key="open_notices"].some { border-top-color: var(--notice); background: #f3ecf7; }
.card .label { color: var(--muted); }
.sections { display: grid; grid-template-columns: repeat(auto-fit, minmax(20rem, 1fr)); gap: 0 2rem; }
section { min-width: 0; }
h2 { font-size: 1.15rem; margin: 1.25rem 0 .4rem; border-bottom: 2px solid var(--ink); padding-bottom: .2rem; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; padding: .3rem .4rem; border-bottom: 1px solid var(--line); vertical-align: top; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.bar { background: var(--bg); height: .9rem; min-width: 2rem; }
.bar span { display: block; height: 100%; background: var(--bar); }
td.barcell { width: 35%; }
@media (max-width: 30rem) { td.barcell { width: 22%; } main { padding: .25rem .6rem 1.5rem; } }
.empty { color: var(--muted); font-style: italic; }
#notices li { border-left: 6px solid var(--notice); background: #f3ecf7; padding: .4rem .6rem; margin: .3rem 0;
              list-style: none; }
#notices ul { padding: 0; margin: 0; }
#notices .meta { color: var(--muted); font-size: .9rem; }
#grid h3 { font-size: 1rem; margin: .8rem 0 .2rem; }
#grid ul { margin: 0; padding-left: 1.1rem; }
.slot.break h3 { color: var(--muted); font-style: italic; }
.space { font-weight: 600; }
li.clash .flag { color: var(--bad); font-weight: 600; }
footer { color: var(--muted); font-size: .9rem; margin-top: 2rem; }
"""

SCRIPT = """
"use strict";
(function () {
  var REFRESH_MS = %(refresh)d;
  var MODES = {in_person: "In person", online: "Online", both: "In person and online"};
  var match = /(?:^#|&)token=([^&]+)/.exec(window.location.hash);
  var token = "";
  try { token = match ? decodeURIComponent(match[1]) : ""; } catch (e) { token = ""; }  // a mangled link
  var lastGood = "";
  var timer = null;

  function $(id) { return document.getElementById(id); }
  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    return node;
  }
  function clear(node) { while (node.firstChild) { node.removeChild(node.firstChild); } return node; }
  function say(text, kind) { var s = $("status"); s.textContent = text; s.className = kind; }
  function hhmm(iso) { return typeof iso === "string" && iso.length >= 16 ? iso.slice(11, 16) : ""; }
  function clock() { return new Date().toTimeString().slice(0, 8); }
  // HH:MM of a moment in the hub's time zone, taken from the offset of one of its own stamps
  // ("…+01:00"), so quiet quarters read like the busy ones whatever zone the phone is in.
  function hubTime(ms, stamp) {
    var zone = /([+-])(\\d\\d):(\\d\\d)$/.exec(stamp), offset = 0;
    if (zone) { offset = (zone[1] === "-" ? -1 : 1) * (Number(zone[2]) * 60 + Number(zone[3])); }
    return new Date(ms + offset * 60000).toISOString().slice(11, 16);
  }

  function card(parent, key, label, value) {
    if (value === undefined || value === null) { return; }
    var box = el("div", "card");
    box.setAttribute("data-key", key);
    box.appendChild(el("span", "value", value));
    box.appendChild(el("span", "label", label));
    parent.appendChild(box);
  }
  function table(parent, headings, rows, empty) {
    clear(parent);
    if (!rows.length) { parent.appendChild(el("p", "empty", empty)); return; }
    var t = el("table"), head = el("tr");
    headings.forEach(function (h) { head.appendChild(el("th", h.num ? "num" : "", h.text)); });
    t.appendChild(el("thead")).appendChild(head);
    var body = t.appendChild(el("tbody"));
    rows.forEach(function (r) { body.appendChild(r); });
    parent.appendChild(el("div", "scroll")).appendChild(t);
  }
  function row(attr, value, cells) {
    var tr = el("tr");
    if (attr) { tr.setAttribute(attr, value); }
    cells.forEach(function (c) { tr.appendChild(c); });
    return tr;
  }
  function num(className, n) { return el("td", "num " + className, n); }
  function bar(part, whole) {
    var td = el("td", "barcell"), outer = el("div", "bar"), inner = el("span");
    inner.style.width = (whole > 0 ? Math.min(100, 100 * part / whole) : 0) + "%%";
    outer.appendChild(inner); td.appendChild(outer); return td;
  }

  function render(data) {
    var stats = data.stats || {};
    $("title").textContent = data.event.name || data.event.slug;
    document.title = (data.event.name || data.event.slug) + ": live view";
    $("subtitle").textContent = [data.event.date, data.event.venue].filter(Boolean).join(" · ");
    var cards = clear($("cards"));
    card(cards, "checked_in", "checked in", stats.checked_in);
    card(cards, "expected", "expected", stats.expected);
    card(cards, "not_arrived", "not arrived yet", stats.not_arrived);
    card(cards, "cancelled", "cancelled", stats.cancelled);
    if (typeof stats.no_show_rate === "number") {
      card(cards, "no_show_rate", "no-shows so far", Math.round(stats.no_show_rate * 100) + "%%");
    }
    card(cards, "walk_ins", "walk-ins", stats.walk_ins);
    card(cards, "open_notices", "open notices", (data.notices || []).length);
    if ((data.notices || []).length) { cards.lastChild.className += " some"; }
    renderNotices(data.notices || []);
    renderArrivals(stats.arrivals || []);
    table($("desks"), [{text: "Desk"}, {text: "Arrivals", num: true}],
          (data.arrivals_by_desk || []).map(function (d) {
            return row("data-desk", d.desk, [el("td", "", d.desk), num("count", d.count)]);
          }), "No one checked in yet.");
    var types = stats.by_ticket_type || {};
    table($("types"), [{text: "Ticket type"}, {text: "In", num: true}, {text: "Expected", num: true}, {text: ""}],
          Object.keys(types).map(function (name) {
            var v = types[name];
            return row("data-type", name, [el("td", "", name), num("in", v.checked_in), num("expected", v.expected),
                                           bar(v.checked_in, v.expected)]);
          }), "No tickets yet.");
    var modes = stats.by_attendance || {};
    $("modes-section").hidden = !stats.by_attendance;
    table($("modes"), [{text: "Joining"}, {text: "In", num: true}, {text: "Expected", num: true}],
          Object.keys(modes).map(function (mode) {
            var v = modes[mode];
            var here = v.checked_in === undefined ? "–" : v.checked_in;
            return row("data-mode", mode, [el("td", "", MODES[mode] || mode), num("in", here),
                                           num("expected", v.expected)]);
          }), "No tickets yet.");
    table($("diets"), [{text: "Dietary need"}, {text: "People", num: true}, {text: "Here", num: true}],
          (data.dietary || []).map(function (d) {
            return row("data-need", d.need, [el("td", "", d.need), num("people", d.people), num("in", d.checked_in)]);
          }), "No dietary needs recorded.");
    renderGrid(data.grid || {slots: [], parked: []});
  }

  function renderNotices(notices) {
    var box = clear($("notices"));
    if (!notices.length) { box.appendChild(el("p", "empty", "No open notices.")); return; }
    var list = box.appendChild(el("ul"));
    notices.forEach(function (n) {
      var item = list.appendChild(el("li"));
      item.setAttribute("data-notice", n.id);
      item.appendChild(el("div", "", (n.name ? n.name + ": " : "") + n.text));
      item.appendChild(el("div", "meta", [hhmm(n.at), n.device, n.id].filter(Boolean).join(" · ")));
    });
  }

  function renderArrivals(arrivals) {
    var rows = [], peak = 0, step = 15 * 60 * 1000, filled = [];
    arrivals.forEach(function (a) { peak = Math.max(peak, a.count); });
    // Quiet quarters between busy ones are shown as 0 (within a day: older stray check-ins are not).
    for (var i = 0; i < arrivals.length; i++) {
      filled.push(arrivals[i]);
      var at = Date.parse(arrivals[i].start), next = i + 1 < arrivals.length ? Date.parse(arrivals[i + 1].start) : at;
      var gaps = Math.round((next - at) / step) - 1;
      for (var g = 1; gaps > 0 && gaps < 96 && g <= gaps; g++) {
        filled.push({start: hubTime(at + g * step, arrivals[i].start), count: 0, gap: true});
      }
    }
    filled.forEach(function (a) {
      var label = a.gap ? a.start : hhmm(a.start);
      rows.push(row("data-start", a.gap ? "" : a.start,
                    [el("td", "", label), num("count", a.count), bar(a.count, peak)]));
    });
    table($("arrivals"), [{text: "From"}, {text: "Arrived", num: true}, {text: ""}], rows, "No one checked in yet.");
  }

  function renderGrid(grid) {
    var box = clear($("grid"));
    if (!grid.slots.length) { box.appendChild(el("p", "empty", "No grid yet.")); }
    grid.slots.forEach(function (s) {
      var part = box.appendChild(el("div", "slot" + (s.is_break ? " break" : "")));
      var when = s.start + "–" + s.end;
      var label = s.is_break ? " " + (s.label || "Break") : (s.label ? " " + s.label : "");
      part.appendChild(el("h3", "", when + label));
      if (s.is_break) { return; }
      if (!s.cells.length) { part.appendChild(el("p", "empty", "Nothing placed.")); return; }
      var list = part.appendChild(el("ul"));
      s.cells.forEach(function (c) {
        c.sessions.forEach(function (session) {
          var item = list.appendChild(el("li"));
          item.appendChild(el("span", "space", c.space + (c.online ? " (also online)" : "") + ": "));
          item.appendChild(document.createTextNode(session.title +
            (session.conveners.length ? " — " + session.conveners.join(", ") : "")));
          if (c.sessions.length > 1) {  // two sessions in one space at once: in words, not colour alone
            item.className = "clash";
            item.appendChild(el("span", "flag", " Clash: " + c.sessions.length + " sessions here"));
          }
        });
      });
    });
    if (grid.parked.length) {
      box.appendChild(el("h3", "", "Not placed yet"));
      var parked = box.appendChild(el("ul"));
      grid.parked.forEach(function (t) { parked.appendChild(el("li", "", t)); });
    }
  }

  function forget() {
    // A withdrawn link shows nothing it showed before.
    ["cards", "notices", "arrivals", "desks", "types", "modes", "diets", "grid"].forEach(function (id) {
      clear($(id));
    });
    $("content").hidden = true;
  }

  function load() {
    timer = null;
    fetch("dashboard.json", {headers: {"Authorization": "Bearer " + token}, cache: "no-store",
                             credentials: "omit", referrerPolicy: "no-referrer"})
      .then(function (answer) {
        if (answer.status === 401 || answer.status === 403) {
          forget();
          say("This link does not work (it was withdrawn, or it is for another event). " +
              "Ask the person who runs the hub for a new organiser link.", "bad");
          return;
        }
        if (answer.status === 404) {
          say("Nothing has reached the hub for this event yet. This page fills in once a desk syncs.", "warn");
          schedule(); return;
        }
        if (!answer.ok) { throw new Error("status " + answer.status); }
        return answer.json().then(function (data) {
          render(data);
          $("content").hidden = false;
          lastGood = clock();
          say("Updated at " + lastGood + ". Updates every " + REFRESH_MS / 1000 + " seconds.", "ok");
          schedule();
        });
      })
      .catch(function () {
        say("Cannot reach the hub just now" + (lastGood ? "; figures as at " + lastGood : "") +
            ". Trying again every " + REFRESH_MS / 1000 + " seconds.", "warn");
        schedule();
      });
  }
  function schedule() { if (timer === null) { timer = setTimeout(load, REFRESH_MS); } }

  if (!token) {
    say("This page needs the private organiser link (with its key after the #). " +
        "Ask the person who runs the hub for one: kiosk hub organiser-link.", "bad");
  } else {
    load();
  }
})();
""" % {"refresh": REFRESH_MS}

PAGE = f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>Live view</title>
<style>{STYLE}</style></head>
<body>
<header><h1 id="title">Live view</h1><p id="subtitle"></p></header>
<main>
<p id="status" role="status" aria-live="polite">Loading…</p>
<div id="content" hidden>
<div id="cards" class="cards"></div>
<section><h2>Open notices for staff</h2><div id="notices"></div></section>
<div class="sections">
<section><h2>Checked in by ticket type</h2><div id="types"></div></section>
<section id="modes-section"><h2>Checked in by how people join</h2><div id="modes"></div></section>
<section><h2>Arrivals every 15 minutes</h2><div id="arrivals"></div></section>
<section><h2>Arrivals by desk</h2><div id="desks"></div></section>
<section><h2>Dietary needs</h2><div id="diets"></div></section>
</div>
<section><h2>Sessions</h2><div id="grid"></div></section>
</div>
<footer>This view is private to the organisers. Do not share its link.</footer>
</main>
<script>{SCRIPT}</script>
</body></html>
"""


def _hash(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


# Only this page's own style and script, only fetches to the hub that served it, nothing framed.
CSP = (f"default-src 'none'; script-src {_hash(SCRIPT)}; style-src {_hash(STYLE)}; connect-src 'self'; "
       "img-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'")

HEADERS = {
    "Content-Security-Policy": CSP,
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Cache-Control": "no-store",
}
