"""`kiosk hub …` (the organisers' server) and `kiosk sync …` (a kiosk's side)."""

from __future__ import annotations

import argparse
import random
import time
from contextlib import closing
from pathlib import Path

from kiosk.cli import emit
from kiosk.commands import _data, _store
from kiosk.errors import UsageError


def add_sync_parsers(command, common, parser_class) -> None:
    hub = command("hub", hub_serve, "run the hub that kiosks sync with")
    hub.add_argument("--host", default="127.0.0.1")
    hub.add_argument("--port", type=int, default=8787)
    hub.add_argument("--db", help="hub folder (default: the data folder's hub/)")
    hub.add_argument("--certfile", help="TLS certificate (PEM); with --keyfile, serve HTTPS")
    hub.add_argument("--keyfile")
    sub = hub.add_subparsers(dest="hub_command", parser_class=parser_class)
    p = sub.add_parser("pair", parents=[common], help="a one-time pairing code for a device")
    p.add_argument("--event", required=True)
    p.add_argument("--device", dest="device_name", required=True)
    p.add_argument("--db")
    p.add_argument("--url", default="http://127.0.0.1:8787", help="the hub address kiosks use")
    p.set_defaults(handler=hub_pair)
    p = sub.add_parser("revoke", parents=[common], help="revoke a device: it wipes the event at next contact")
    p.add_argument("--event", required=True)
    p.add_argument("--device", dest="device_name", required=True)
    p.add_argument("--db")
    p.set_defaults(handler=hub_revoke)

    sync = command("sync", sync_run, "sync the current event with its hub")
    sync.add_argument("--hub", help="hub address (default: the one this event was paired with)")
    sync.add_argument("--once", action="store_true", help="sync once and exit")
    ssub = sync.add_subparsers(dest="sync_command", parser_class=parser_class)
    p = ssub.add_parser("pair", parents=[common], help="pair this device with a hub")
    p.add_argument("hub_url")
    p.add_argument("code")
    p.set_defaults(handler=sync_pair)


def _hub(args: argparse.Namespace):
    from kiosk.sync.hub_store import HubStore

    db = getattr(args, "db", None)
    if db and "://" in db:
        raise UsageError("this version's hub stores events in a folder (SQLite); PostgreSQL is not supported yet")
    return HubStore(Path(db) if db else _data(args).root / "hub")


def hub_serve(args: argparse.Namespace) -> int:
    import uvicorn

    from kiosk.sync.hub_app import create_app

    hub = _hub(args)
    tls = {}
    if args.certfile:
        tls = {"ssl_certfile": args.certfile, "ssl_keyfile": args.keyfile}
    try:
        uvicorn.run(create_app(hub), host=args.host, port=args.port, log_level="warning", **tls)
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


def sync_pair(args: argparse.Namespace) -> int:
    """Pair with a hub; with no copy of the event here yet, download it."""
    from kiosk.sync.client import SyncClient, pair

    answer = pair(args.hub_url, args.code)
    data = _data(args)
    slug = answer["event"]
    if data.exists(slug):
        data.use(slug)
        store = data.open(slug)
    else:
        store = data.create(slug, answer.get("name", slug), record_info=False)
    with closing(store):
        client = SyncClient(store)
        client.configure(args.hub_url, answer["token"])
        result = client.sync_once()
    emit(args, {"event": slug, "device": answer["device"], **result.to_json()},
         f"Paired with {args.hub_url} as {answer['device']}; {result.pulled} operations downloaded")
    return 0


def sync_run(args: argparse.Namespace) -> int:
    from kiosk.sync.client import Offline, Revoked, SyncClient

    data = _data(args)
    while True:
        slug = data.current_slug()
        try:
            with closing(_store(args)) as store:
                client = SyncClient(store)
                if args.hub:
                    client.configure(args.hub, client.token)
                result = client.sync_once()
        except Revoked as exc:
            if slug:
                data.purge(slug)  # the organisers revoked this laptop: its copy goes
            raise Revoked(f"{exc.message}; this event's data was wiped from this machine") from None
        except Offline as exc:
            if args.once:
                raise
            print(f"offline: {exc.message}", flush=True)
            time.sleep(random.uniform(3, 8))  # back off with jitter until the hub answers
            continue
        if args.once:
            emit(args, result.to_json(), f"Pushed {result.pushed}, pulled {result.pulled}, {result.pending} waiting")
            return 0
        print(f"pushed {result.pushed}, pulled {result.pulled}, {result.pending} waiting", flush=True)
        time.sleep(5)
