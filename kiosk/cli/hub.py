"""`kiosk hub …`: run the hub, and pair, revoke and list devices beside it (same --db)."""

from __future__ import annotations

import argparse
import os
import time
from pathlib import Path

from kiosk.cli.base import Commands, data_dir, emit
from kiosk.core.errors import UsageError

DB_HELP = ("the hub's folder (SQLite; default: the data folder's hub/) or a postgresql://USER@HOST/DB "
           "address (the password from PGPASSWORD or ~/.pgpass keeps it out of the process list)")


def register(commands: Commands) -> None:
    hub_group = commands.group("hub", hub_serve, "run the hub that kiosks sync with")
    hub = hub_group.parser
    hub.add_argument("--host", default="127.0.0.1")
    hub.add_argument("--port", type=int, default=8787)
    hub.add_argument("--db", help=DB_HELP)
    hub.add_argument("--cache", metavar="DIR",
                     help="where the hub keeps each event's state, rebuilt from the log when missing "
                          "(default: cache/ in a SQLite hub's folder; the user cache folder for PostgreSQL)")
    hub.add_argument("--workers", type=int, default=1, metavar="N",
                     help="serve from N processes (PostgreSQL only; each keeps its own cache in --cache)")
    hub.add_argument("--certfile", help="TLS certificate (PEM); with --keyfile, serve HTTPS")
    hub.add_argument("--keyfile")
    hub.add_argument("--trusted-proxy", action="append", default=[], metavar="ADDR", dest="trusted_proxies",
                     help="a reverse proxy (address or network) whose X-Forwarded-For is believed; repeatable "
                          "(without it, the header is ignored)")
    hub.add_argument("--quota-minute", metavar="OPS/MB", default=None,
                     help="what one device may push in a minute (default: 20000/64)")
    hub.add_argument("--quota-day", metavar="OPS/MB", default=None,
                     help="what one device may push in a day (default: 200000/256)")
    p = hub_group.add("pair", hub_pair, "a one-time pairing code for a device")
    _event_and_db(p, device=True)
    p.add_argument("--url", default="http://127.0.0.1:8787", help="the hub address kiosks use")
    p = hub_group.add("revoke", hub_revoke, "revoke a device: it wipes the event at next contact")
    _event_and_db(p, device=True)
    p = hub_group.add("devices", hub_devices, "the devices of an event: paired, revoked, last seen")
    _event_and_db(p, device=False)
    p = hub_group.add("organiser-link", hub_organiser_link,
                      "a private link to the event's live view for organisers (or --list, --revoke ID)")
    _event_and_db(p, device=False)
    p.add_argument("--url", default="http://127.0.0.1:8787", help="the hub address the organisers' browsers use")
    p.add_argument("--name", default="", help="whom the link is for, to tell links apart in --list")
    action = p.add_mutually_exclusive_group()
    action.add_argument("--list", action="store_true", help="list the event's organiser links")
    action.add_argument("--revoke", metavar="ID", help="withdraw a link (its id from --list): it stops working at once")


def _event_and_db(parser: argparse.ArgumentParser, device: bool) -> None:
    parser.add_argument("--event", required=True)
    if device:
        parser.add_argument("--device", dest="device_name", required=True)
    # SUPPRESS: `kiosk hub --db X pair …` keeps X rather than being reset by this parser's default.
    parser.add_argument("--db", default=argparse.SUPPRESS, help=DB_HELP)


def _hub(args: argparse.Namespace):
    from kiosk.hub.store import HubStore

    db = getattr(args, "db", None) or data_dir(args).root / "hub"
    cache = getattr(args, "cache", None)
    return HubStore(db, Path(cache) if cache else None)


def _server_settings(args: argparse.Namespace):
    from kiosk.hub import server
    from kiosk.hub.app import MAX_BODY_BYTES, MAX_OPS_PER_PUSH
    from kiosk.hub.quota import MB, Quota

    try:
        proxies = [server.check_proxy(p) for p in getattr(args, "trusted_proxies", None) or []]
    except ValueError as exc:
        raise UsageError(f"--trusted-proxy: {exc}") from None
    default = Quota()
    minute = _ops_and_mb("--quota-minute", getattr(args, "quota_minute", None),
                         (default.minute_ops, default.minute_bytes // MB))
    day = _ops_and_mb("--quota-day", getattr(args, "quota_day", None), (default.day_ops, default.day_bytes // MB))
    quota = Quota(minute[0], minute[1] * MB, day[0], day[1] * MB)
    problem = quota.check(MAX_OPS_PER_PUSH, MAX_BODY_BYTES)
    if problem:
        raise UsageError(f"--quota-minute/--quota-day: {problem}")
    return server.ServerSettings(proxies, quota)


def _ops_and_mb(option: str, text: str | None, default: tuple[int, int]) -> tuple[int, int]:
    if text is None:
        return default
    ops, _, mb = text.partition("/")
    if not (ops.strip().isdigit() and mb.strip().isdigit()):
        raise UsageError(f"{option} is OPERATIONS/MEGABYTES, e.g. {default[0]}/{default[1]}")
    return int(ops), int(mb)


def hub_serve(args: argparse.Namespace) -> int:
    import uvicorn

    from kiosk.hub import server, workers
    from kiosk.hub.app import create_app

    count = getattr(args, "workers", 1)
    workers.check_workers(getattr(args, "db", None) or "", count)
    settings = _server_settings(args)
    hub = _hub(args)  # here too with workers: a database that cannot be opened is said once, plainly
    tls = {}
    if args.certfile:
        tls = {"ssl_certfile": args.certfile, "ssl_keyfile": args.keyfile}
    server.install_logging()
    if count > 1:
        # Each worker process imports the app and opens the hub itself, from these.
        os.environ[workers.DB_ENV], os.environ[workers.CACHE_ENV] = str(args.db), str(hub.cache_dir)
        os.environ[server.SETTINGS_ENV] = settings.to_env()
        hub.close()
        uvicorn.run("kiosk.hub.workers:worker_app", factory=True, workers=count, host=args.host,
                    port=args.port, **server.uvicorn_options(), **tls)
        return 0
    server.configure(settings)
    try:
        app = create_app(hub, trusted=server.TrustedProxies(settings.trusted_proxies), quota=settings.quota)
        uvicorn.run(app, host=args.host, port=args.port, **server.uvicorn_options(), **tls)
    finally:
        hub.close()
    return 0


def hub_pair(args: argparse.Namespace) -> int:
    hub = _hub(args)
    try:
        code = hub.new_pairing_code(args.event, args.device_name)
    finally:
        hub.close()
    payload = f"{args.url.rstrip('/')}#pair={code}"
    text = [f"Pairing code for {args.device_name} ({args.event}): {code}  (valid 15 minutes)",
            f"On the kiosk: kiosk sync pair {args.url} {code}"]
    if not getattr(args, "json", False):
        import io

        import qrcode

        qr = qrcode.QRCode(border=1)
        qr.add_data(payload)
        buffer = io.StringIO()
        qr.print_ascii(out=buffer)
        text.append(buffer.getvalue())
    emit(args, {"code": code, "event": args.event, "device": args.device_name, "qr": payload}, "\n".join(text))
    return 0


def hub_revoke(args: argparse.Namespace) -> int:
    hub = _hub(args)
    try:
        hub.revoke(args.event, args.device_name)
    finally:
        hub.close()
    emit(args, {"revoked": args.device_name, "event": args.event}, f"Revoked {args.device_name} in {args.event}")
    return 0


def hub_devices(args: argparse.Namespace) -> int:
    hub = _hub(args)
    try:
        devices = hub.device_list(args.event)
    finally:
        hub.close()
    lines = [f"{'device':<30} {'state':<10} {'last seen':<16} pushed today"]
    for d in devices:
        state = "revoked" if d.revoked else "paired" if d.paired else "code given"
        seen = time.strftime("%Y-%m-%d %H:%M", time.localtime(d.last_seen)) if d.last_seen else "never"
        lines.append(f"{d.name:<30} {state:<10} {seen:<16} {_quota_text(d.to_json()['quota'])}")
    if not devices:
        lines = [f"No devices in {args.event}: kiosk hub pair --event {args.event} --device NAME"]
    emit(args, {"event": args.event, "devices": [d.to_json() for d in devices]}, "\n".join(lines))
    return 0


def hub_organiser_link(args: argparse.Namespace) -> int:
    hub = _hub(args)
    try:
        if args.list:
            links = hub.organiser_links(args.event)
        elif args.revoke:
            hub.revoke_organiser_link(args.event, args.revoke)
        else:
            token, link = hub.new_organiser_link(args.event, args.name)
    finally:
        hub.close()
    if args.list:
        lines = [f"{'id':<10} {'made':<17} {'state':<10} name"]
        lines += [f"{ln.id:<10} {time.strftime('%Y-%m-%d %H:%M', time.localtime(ln.created_at)):<17} "
                  f"{'withdrawn' if ln.revoked_at else 'works':<10} {ln.name}" for ln in links]
        if not links:
            lines = [f"No organiser links for {args.event}: kiosk hub organiser-link --event {args.event}"]
        emit(args, {"event": args.event, "links": [ln.to_json() for ln in links]}, "\n".join(lines))
        return 0
    if args.revoke:
        emit(args, {"revoked": args.revoke, "event": args.event},
             f"Withdrew organiser link {args.revoke} of {args.event}: it no longer opens the live view")
        return 0
    # The token rides in the fragment: browsers never send it to a server or in a Referer.
    url = f"{args.url.rstrip('/')}/events/{args.event}/organiser#token={token}"
    text = [f"Live view for the organisers of {args.event} (link {link.id}{': ' + link.name if link.name else ''}):",
            url, "Anyone with this link sees the event's figures and notices: share it only with organisers.",
            f"To withdraw it: kiosk hub organiser-link --event {args.event} --revoke {link.id}"]
    if not getattr(args, "json", False):
        text.append(_ascii_qr(url))
    emit(args, {"link": url, "id": link.id, "event": args.event, "name": link.name}, "\n".join(text))
    return 0


def _ascii_qr(payload: str) -> str:
    import io

    import qrcode

    qr = qrcode.QRCode(border=1)
    qr.add_data(payload)
    buffer = io.StringIO()
    qr.print_ascii(out=buffer)
    return buffer.getvalue()


def _quota_text(quota: dict) -> str:
    text = f"{quota['ops_today']:,} operations, {quota['bytes_today'] / (1024 * 1024):.1f} MB"
    if quota["hit"] and quota["until"]:
        held = "held back until" if quota["held"] else "was held back until"
        text += f"; QUOTA HIT: {held} {time.strftime('%H:%M:%S', time.localtime(quota['until']))} ({quota['reason']})"
    return text
