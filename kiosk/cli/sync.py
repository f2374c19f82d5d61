"""`kiosk sync …`: a kiosk's side of sync (`kiosk hub …`, the organisers' server, is in hub_commands)."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from kiosk.cli.base import Commands, data_dir, emit, open_event
from kiosk.core.errors import UsageError


def register(commands: Commands) -> None:
    sync = commands.group("sync", sync_run, "sync the current event with its hub")
    sync.parser.add_argument("--hub", help="the hub's address, when it moved (kept for later syncs; "
                                    "default: the one this event was paired with)")
    sync.parser.add_argument("--once", action="store_true", help="sync once and exit")
    p = sync.add("pair", sync_pair, "pair this device with a hub")
    p.add_argument("hub_url", help="the hub's address, or the whole text of a pairing QR code (kiosk-pair:…)")
    p.add_argument("code", nargs="?", default="", help="the one-time code (not with a pairing text)")
    p.add_argument("--cafile", metavar="PEM", help="the CA certificate of an HTTPS hub the system does not trust")
    p.add_argument("--check", default="", metavar="CHECK",
                   help="the security check a laptop sharing its event shows under its code (e.g. YAYV-NQJ5-KDT5-WOTU)")


def sync_pair(args: argparse.Namespace) -> int:
    """Pair with a hub; with no copy of the event here yet, download it."""
    from kiosk.sync.pairing import hub_address, join, looks_like_pairing_text, normalise_check, read_pairing_text

    ca_pem = ""
    if args.cafile:
        try:
            ca_pem = Path(args.cafile).read_text(encoding="ascii")
        except FileNotFoundError:
            raise UsageError(f"there is no file {args.cafile}: give the CA certificate the organiser sent") from None
        except (OSError, UnicodeDecodeError):
            raise UsageError(f"{args.cafile} is not a CA certificate this app can read (a .pem file of text, "
                             "starting -----BEGIN CERTIFICATE-----)") from None
    hub_url, code, check = args.hub_url, args.code, args.check
    if looks_like_pairing_text(hub_url):  # the QR's text, pasted or read by a scanner into a terminal
        if code:
            raise UsageError("give either a pairing text or a hub address and a code, not both")
        hub_url, code, fingerprint = read_pairing_text(hub_url)
        check = check or fingerprint
    elif not code:
        raise UsageError("give the hub's address and its one-time code, or the text of its pairing QR code")
    else:
        hub_url = hub_address(hub_url)
        check = normalise_check(check)  # typed as the screen shows it: any case, dashes or none
        if check and hub_url.startswith("http://"):  # a security check is a certificate's: TLS
            hub_url = "https://" + hub_url[len("http://"):]
    joined = join(data_dir(args), hub_url, code, ca_pem, check)
    apart = (f". This laptop's own event {joined.kept_apart!r} was left as it was: it was never shared, and the "
             "hub's is another one" if joined.kept_apart else "")
    emit(args, {"event": joined.event, "device": joined.device, "kept_apart": joined.kept_apart,
                **joined.result.to_json()},
         f"Paired with {hub_url} as {joined.device}; {joined.result.pulled} operations downloaded{apart}")
    return 0


def sync_run(args: argparse.Namespace) -> int:
    """`--once`: one round, as JSON. Otherwise the desk's own policy (kiosk.sync.loop), in a terminal."""
    from kiosk.sync.client import SyncClient
    from kiosk.sync.loop import SyncLoop, describe
    from kiosk.sync.pairing import check_hub_url
    from kiosk.sync.transport import Revoked

    hub_url = check_hub_url(args.hub) if args.hub else ""
    event = open_event(args)
    store = event.store
    try:
        client = SyncClient(store)
        if hub_url:
            client.configure(hub_url, client.token)
        if args.once:
            result = client.sync_once()
            emit(args, result.to_json(), f"Pushed {result.pushed}, pulled {result.pulled}, {result.pending} waiting")
            return 0
        loop = SyncLoop(store)
        while True:
            status = loop.sync_now()
            if status.state == "revoked":
                raise Revoked(status.detail)
            detail = f" ({status.detail})" if status.detail else ""
            # One JSON object a line under --json, for a script that watches the laptop.
            emit(args, status.to_json(), f"{describe(status)}; pushed {status.pushed}, pulled {status.pulled}{detail}")
            sys.stdout.flush()
            time.sleep(loop.seconds_to_next())
    except Revoked as exc:
        event.erase()  # the organisers revoked this laptop: its copy goes
        raise Revoked(f"{exc.message}; this event's data was wiped from this machine") from None
    finally:
        event.close()
