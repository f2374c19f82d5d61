"""pretix's badge renderer timed on this machine: the yardstick for our badge PDF.

Run it with the Python of a SEPARATE environment that has pretix installed (pretix is never a
dependency of the kiosk, and this script imports nothing from it):

    python3 -m venv /work/pretix-venv && /work/pretix-venv/bin/pip install pretix
    /work/pretix-venv/bin/python benchmarks/pretix_badge.py [--badges 200] [--layout default]

It prints one JSON object: per-badge milliseconds (median, p99, all samples' count), the pretix
version and the layout used. `python -m benchmarks.printing --pretix-python PATH` runs it in the
same run as ours and prints the ratio.

What is timed, per badge: `pretix.plugins.badges.exporters.render_pdf(event, [position],
OPTIONS["one"], BytesIO())`: exactly what pretix runs to export one attendee's badge (finding the
layout, drawing the page with reportlab, merging the default A6 background PDF with pypdf, writing
the PDF). Each badge is a different position with its own pretix-style 32-character secret.

Layouts (`--layout`):
- `default`: the layout a new pretix event gets (pretix.plugins.badges' BadgeLayout default: the
  attendee's name only, on the shipped A6 background).
- `matched`: the same, plus what our 4×3 badge carries: the company line and a QR code of the
  secret (pretix's own "barcodearea", drawn by reportlab's QR widget).

What it takes to run pretix's renderer outside a pretix server, all in-process and throwaway:
- a pretix config file in a temporary data folder (sqlite in memory, no Redis, no Celery);
- Django settings = pretix.settings with migrations switched off (MIGRATION_MODULES → None), so
  `migrate --run-syncdb` creates the tables straight from the models in a few seconds instead of
  replaying pretix's ~430 migrations;
- an organizer, an event with the badges plugin (its default layout made by the plugin's own
  `installed()` hook), one admission product, one order and N positions made with the ORM;
- the work runs inside django-scopes' `scopes_disabled()` (pretix guards queries by organizer).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import string
import sys
import tempfile
import time
import types
from decimal import Decimal
from io import BytesIO

NAMES = [("Siân", "Jones", "Betsi Cadwaladr University Health Board"), ("Łukasz", "Wiśniewski", "Ó Súilleabháin & Co"),
         ("Maximilian Alexander", "Featherstonehaugh-Cholmondeley", "Royal College of General Practitioners"),
         ("Aoife", "Ní Bhriain", ""), ("Tomasz", "Nowak", "Cardiff Council"), ("Gwenllïan", "ap Rhys", "NHS Wales")]


def _configure(data_dir: str) -> None:
    cfg = os.path.join(data_dir, "pretix.cfg")
    with open(cfg, "w", encoding="utf-8") as f:
        f.write(f"[pretix]\ndatadir={data_dir}\nurl=http://localhost\n"
                "[database]\nbackend=sqlite3\nname=:memory:\n[django]\ndebug=false\n")
    os.environ["PRETIX_CONFIG_FILE"] = cfg
    os.environ["DATA_DIR"] = data_dir

    import pretix.settings as base

    settings = types.ModuleType("pretix_bench_settings")
    settings.__dict__.update({k: v for k, v in vars(base).items() if k.isupper()})
    # Quiet: pretix warns (with a stack) that the bench order's total is not recomputed.
    settings.LOGGING = {"version": 1, "disable_existing_loggers": True, "root": {"level": "CRITICAL"}}
    sys.modules["pretix_bench_settings"] = settings
    os.environ["DJANGO_SETTINGS_MODULE"] = "pretix_bench_settings"

    import django

    django.setup()
    from django.apps import apps
    from django.conf import settings as live
    from django.core.management import call_command

    # Tables straight from the models, not by replaying each of pretix's ~430 migrations.
    live.MIGRATION_MODULES = {app.label: None for app in apps.get_app_configs()}

    call_command("migrate", run_syncdb=True, verbosity=0)


def _secret() -> str:
    # pretix's default secret generator: 32 characters of [a-z0-9]
    return "".join(random.choice(string.ascii_lowercase + string.digits) for _ in range(32))


def _event(layout: str, badges: int):
    from django.utils.timezone import now
    from pretix.base.models import Event, Item, Order, OrderPosition, Organizer
    from pretix.plugins.badges.apps import BadgesApp

    organizer = Organizer.objects.create(name="Bench", slug="bench")
    event = Event.objects.create(organizer=organizer, name="Community Day", slug="day", date_from=now(),
                                 plugins="pretix.plugins.badges", currency="GBP")
    BadgesApp.installed(None, event)  # the default layout, as the plugin makes it
    badge_layout = event.badge_layouts.get(default=True)
    if layout == "matched":
        elements = json.loads(badge_layout.layout)
        elements.append({"type": "textarea", "left": "13.09", "bottom": "38", "fontsize": "13",
                         "color": [0, 0, 0, 1], "fontfamily": "Open Sans", "bold": False, "italic": False,
                         "width": "121.83", "content": "attendee_company", "text": "Company",
                         "align": "center"})
        elements.append({"type": "barcodearea", "page": 1, "left": "110", "bottom": "5", "size": "30",
                         "content": "secret"})
        badge_layout.layout = json.dumps(elements)
        badge_layout.save()
    item = Item.objects.create(event=event, name="Admission", default_price=Decimal("0"), admission=True)
    order = Order.objects.create(event=event, email="bench@example.org", locale="en", total=Decimal("0"),
                                 status=Order.STATUS_PAID, datetime=now(), expires=now(),
                                 sales_channel=organizer.sales_channels.get(identifier="web"))
    positions = []
    for i in range(badges):
        first, last, company = NAMES[i % len(NAMES)]
        positions.append(OrderPosition.objects.create(
            order=order, item=item, price=Decimal("0"), secret=_secret(), company=company or None,
            attendee_name_parts={"_scheme": "given_family", "given_name": first, "family_name": last}))
    return event, positions


def _timed(event, positions, save: str | None = None) -> tuple[list[float], int]:
    """Each position's badge rendered alone into its own PDF: the milliseconds each took."""
    from pretix.plugins.badges.exporters import OPTIONS, render_pdf

    samples, out = [], BytesIO()
    for position in positions:
        out = BytesIO()
        start = time.perf_counter()
        render_pdf(event, [position], OPTIONS["one"], out)
        samples.append((time.perf_counter() - start) * 1000)
    if save:
        with open(save, "wb") as f:
            f.write(out.getvalue())
    return samples, len(out.getvalue())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Time pretix's badge renderer, one badge per PDF.")
    parser.add_argument("--badges", type=int, default=200, help="badges to time (default: 200)")
    parser.add_argument("--layout", choices=("default", "matched"), default="default")
    parser.add_argument("--save", help="also write the last badge's PDF here, to look at")
    parser.add_argument("--serve", action="store_true",
                        help="for the print benchmark: after a 'ready' line, read a number N per line "
                             "and answer each with one JSON line of N badges' milliseconds, so the two "
                             "renderers can take turns under the same load")
    args = parser.parse_args(argv)
    random.seed(14)
    with tempfile.TemporaryDirectory(prefix="pretix-bench-") as data_dir:
        _configure(data_dir)
        import pretix
        from django_scopes import scopes_disabled

        with scopes_disabled():
            event, positions = _event(args.layout, args.badges + 3)
            _timed(event, positions[:3])  # warm-up: fonts, the background PDF's first read
            positions = positions[3:]
            if args.serve:
                print(json.dumps({"ready": True, "pretix_version": pretix.__version__, "layout": args.layout}),
                      flush=True)
                done = 0
                for line in sys.stdin:
                    count = int(line.strip() or 0)
                    batch = [positions[(done + i) % len(positions)] for i in range(count)]
                    done += count
                    print(json.dumps({"ms": [round(ms, 3) for ms in _timed(event, batch)[0]]}), flush=True)
                return 0
            samples, size = _timed(event, positions, args.save)
    ordered = sorted(samples)
    print(json.dumps({
        "pretix_version": pretix.__version__, "layout": args.layout, "badges": len(samples),
        "badge_pdf_median_ms": round(statistics.median(samples), 2),
        "badge_pdf_p99_ms": round(ordered[min(len(ordered) - 1, round(0.99 * (len(ordered) - 1)))], 2),
        "pdf_bytes": size,
    }))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
