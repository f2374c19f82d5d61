"""This laptop as the hub, for the desk window: the hub's own code run as a child process.

`kiosk hub` in a child process (the same command an organiser types), listening on this laptop's
network address over HTTPS with a certificate of its own (kiosk/hub/selfsigned.py: the pairing QR
carries its fingerprint, so a desk that scans it trusts exactly this laptop), with its storage
in the data folder's hub/ (the CLI's default, so `kiosk hub devices` beside it sees the same
desks). The desk that starts it pairs with it in-process (no
code to type: it holds the hub's database), and each new desk gets a one-time short code, as
text for a QR code (kiosk.sync.pairing) and typed.

The child dies with the window: stop() at the end, an atexit hook, and on Linux the kernel's
parent-death signal (PR_SET_PDEATHSIG), so a desk that crashes leaves no hub holding the port.
That signal follows the *thread* that started the child: call start() from the GUI thread.

No Qt: the window (kiosk/ui/hub_host.py) calls start() and stop() on its own thread and the
blocking parts (wait_ready, share) on a worker thread.
"""

from __future__ import annotations

import atexit
import contextlib
import json
import os
import signal
import socket
import ssl
import subprocess
import sys
import threading
import time
import urllib.request
import weakref
from dataclasses import dataclass
from pathlib import Path

import kiosk
from kiosk.core.errors import KioskError
from kiosk.core.files import write_json_atomic
from kiosk.core.private import private_dir, private_file
from kiosk.hub import selfsigned
from kiosk.hub.backend import PAIRING_TTL_S, DeviceInfo
from kiosk.hub.store import HubStore
from kiosk.store.datadir import DataDir
from kiosk.sync.client import SyncClient
from kiosk.sync.pairing import pairing_text, read_pairing_text, security_check

DEFAULT_PORT = 8787
READY_TIMEOUT_S = 30.0  # a loaded 2-core laptop takes a few seconds to import the hub
STOP_WAIT_S = 5.0
HOST_FILE = "host.json"   # in the hub folder: the port used last, tried first (desks are paired to it)
LOG_FILE = "host.log"     # the child's stderr: uvicorn's warnings, never a request or a name
MAX_LOG_BYTES = 1024 * 1024  # started afresh past this: a laptop shares for years of events
_PR_SET_PDEATHSIG = 1


class HostError(KioskError):
    """The hub could not start or stopped: the message says what to do."""


@dataclass(frozen=True)
class PairingOffer:
    """A one-time pairing code for one new desk, with the text of its QR code."""

    event: str
    device: str   # the name the hub gives the desk ("Desk 2")
    code: str     # "K7QM-3XPD-HW9R"
    url: str      # "https://192.168.1.20:8787"
    text: str     # the QR code's text: kiosk-pair:2;URL;CODE;FINGERPRINT
    expires: float  # time.time() after which the code no longer pairs

    @property
    def address_words(self) -> str:
        """The address as a person reads it out and types it: "192.168.1.20:8787"."""
        return self.url.split("://", 1)[1]

    @property
    def check(self) -> str:
        """The certificate's security check, typed with the code ("YAYV-NQJ5-KDT5-WOTU"); "" for
        a plain-HTTP hub."""
        fingerprint = read_pairing_text(self.text).fingerprint
        return security_check(fingerprint) if fingerprint else ""


def lan_address() -> str | None:
    """This laptop's address on its network, or None when it is on none. A UDP socket "connected"
    to a far address picks the interface a packet would leave by; nothing is sent."""
    for probe in ("192.0.2.1", "10.255.255.255", "198.51.100.1"):
        with contextlib.suppress(OSError), socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
            s.connect((probe, 9))
            address = s.getsockname()[0]
            if address and not address.startswith(("127.", "0.")):
                return address
    return None


def port_is_free(address: str, port: int) -> bool:
    with socket.socket() as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as uvicorn binds: TIME_WAIT is no clash
        try:
            s.bind((address, port))
        except OSError:
            return False
    return True


def _any_free_port(address: str) -> int:
    with socket.socket() as s:
        s.bind((address, 0))
        return int(s.getsockname()[1])


def _die_with_parent() -> None:  # in the child, before it runs the hub
    with contextlib.suppress(Exception):
        import ctypes

        ctypes.CDLL(None).prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)


_RUNNING: weakref.WeakSet[HubHost] = weakref.WeakSet()


class HubHost:
    """One hub child process serving this data folder's hub/ at `address`:`port`.

    address: None for this laptop's network address (the tests give 127.0.0.1)."""

    def __init__(self, data: DataDir, address: str | None = None) -> None:
        self.data = data
        self.hub_dir = data.root / "hub"
        self.wanted_address = address
        self.address = ""
        self.port = 0
        self.proc: subprocess.Popen | None = None
        self.certificate: selfsigned.HubCertificate | None = None  # made or kept at start()
        self._hub: HubStore | None = None
        self._reaper: threading.Thread | None = None  # waits for a child told to stop

    @property
    def url(self) -> str:
        host = f"[{self.address}]" if ":" in self.address else self.address
        return f"https://{host}:{self.port}"

    @property
    def running(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    # -- starting and stopping -----------------------------------------------------------------

    def start(self) -> None:
        """Start the child (returns at once; wait_ready() then waits for it to answer). Call it from
        the thread that outlives the hub (the GUI thread): see the module's doc."""
        if self.running:
            return
        if self._reaper is not None:  # started again at once: the last child must let the port go
            self._reaper.join(2 * STOP_WAIT_S)
            self._reaper = None
        address = self.wanted_address or lan_address()
        if address is None:
            raise HostError("This laptop is not connected to a network, so other laptops cannot reach it. "
                            "Connect to the venue's Wi-Fi or network cable, then press Start again.")
        self.address = address
        self.port = self._choose_port(address)
        private_dir(self.hub_dir)
        try:
            self.certificate = selfsigned.ensure(self.hub_dir, address)
        except ImportError:  # a bundle built without cryptography: sharing in plain HTTP is no fallback
            raise HostError("This copy of Event Kiosk cannot share securely: a part it needs is missing. "
                            "Install Event Kiosk again, or ask the organiser.") from None
        except (OSError, KioskError):
            raise HostError("This laptop could not keep its security certificate in its data folder. Check "
                            "that the disk is not full, then press Start again.") from None
        log_path = private_file(self.hub_dir / LOG_FILE)
        with contextlib.suppress(OSError):
            if log_path.stat().st_size > MAX_LOG_BYTES:
                log_path.write_bytes(b"")
        command = [*self._kiosk_command(), "--data", str(self.data.root), "hub",
                   "--host", address, "--port", str(self.port),
                   "--certfile", str(self.certificate.cert_path), "--keyfile", str(self.certificate.key_path)]
        env = dict(os.environ)
        package_parent = str(Path(kiosk.__file__).resolve().parents[1])
        env["PYTHONPATH"] = os.pathsep.join(p for p in (package_parent, env.get("PYTHONPATH", "")) if p)
        with open(log_path, "ab") as log:
            self.proc = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=log,
                                         env=env, preexec_fn=_die_with_parent if sys.platform == "linux" else None)
        _RUNNING.add(self)
        write_json_atomic(self.hub_dir / HOST_FILE, {"port": self.port, "url": self.url})

    @staticmethod
    def _kiosk_command() -> list[str]:
        if getattr(sys, "frozen", False):  # a packaged app: its executable takes the CLI's arguments
            return [sys.executable]
        return [sys.executable, "-m", "kiosk"]

    def _remembered(self) -> dict:
        try:
            data = json.loads((self.hub_dir / HOST_FILE).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return data if isinstance(data, dict) else {}

    def is_own(self, hub_url: str) -> bool:
        """Whether a desk's hub address is this laptop's hub (now, or when it last shared; http:// as
        before it shared over HTTPS counts too)."""
        def bare(url: object) -> str:
            return url.split("://", 1)[-1] if isinstance(url, str) else ""
        return bool(hub_url) and bare(hub_url) in (bare(self.url) if self.port else "",
                                                   bare(self._remembered().get("url")))

    def _choose_port(self, address: str) -> int:
        """The port used last (desks paired before keep working), else 8787, else any free one."""
        remembered = None
        with contextlib.suppress(ValueError, TypeError):
            remembered = int(self._remembered().get("port"))  # type: ignore[arg-type]
        for port in (remembered, DEFAULT_PORT):
            if port and 1024 <= port <= 65535 and port_is_free(address, port):
                return port
        try:
            return _any_free_port(address)
        except OSError:
            raise HostError("This laptop's network address changed while starting. "
                            "Press Start sharing again.") from None

    def wait_ready(self, timeout_s: float = READY_TIMEOUT_S) -> None:
        """Until the hub answers at its address; HostError in words when it exits or never answers."""
        deadline = time.monotonic() + timeout_s
        # Its own certificate, checked as a desk checks it: a hub that answers is this one.
        context = ssl.create_default_context(cadata=self.certificate.pem) if self.certificate else None
        while time.monotonic() < deadline:
            if self.proc is None:
                raise HostError("Sharing was stopped.")
            if self.proc.poll() is not None:
                self.proc = None
                raise HostError(self._why_it_stopped())
            try:
                with urllib.request.urlopen(self.url + "/api/v1/status", timeout=2, context=context) as answer:
                    if json.loads(answer.read()).get("ok"):
                        return
            except (OSError, ValueError):
                pass
            time.sleep(0.2)
        self.stop()
        raise HostError("The hub did not answer within half a minute. Close other programs that may be "
                        "busy, then press Start again.")

    def _why_it_stopped(self) -> str:
        try:
            tail = (self.hub_dir / LOG_FILE).read_bytes()[-4000:].decode("utf-8", "replace").lower()
        except OSError:
            tail = ""
        if "address already in use" in tail:
            return (f"Another program is already using port {self.port} on this laptop. Press Start sharing again "
                    "to use another port; desks paired before will need pairing again.")
        if "cannot assign requested address" in tail or "assign requested" in tail:
            return ("This laptop's network address changed while starting (the Wi-Fi may have reconnected). "
                    "Press Start sharing again.")
        if "database" in tail or "disk" in tail or "permission" in tail:
            return ("The hub could not open its storage in this laptop's data folder. Check that the disk "
                    "is not full, then press Start again.")
        return "The hub stopped as it started. Press Start sharing again; if it stops again, ask the organiser."

    def stop(self, wait: bool = True) -> None:
        """Stop the child (desks keep their work and send it when it runs again). Never raises.
        Without `wait`, returns at once (the window must not freeze the ~0.2 s the hub takes to
        finish its requests and close); a thread waits for it, and kills it if it hangs."""
        proc, self.proc = self.proc, None
        if proc is not None and proc.poll() is None:
            proc.terminate()
            if wait:
                _reap(proc)
            else:
                self._reaper = threading.Thread(target=_reap, args=(proc,), name="hub-stop", daemon=True)
                self._reaper.start()
        hub, self._hub = self._hub, None
        if hub is not None:
            with contextlib.suppress(Exception):
                hub.close()
        _RUNNING.discard(self)

    # -- desks -----------------------------------------------------------------------------------

    def hub(self) -> HubStore:
        """The hub's storage, opened here beside the child (as `kiosk hub pair` does); thread-safe."""
        if self._hub is None:
            self._hub = HubStore(self.hub_dir)
        return self._hub

    def share(self, slug: str, desk_name: str) -> str:
        """Pair this laptop's copy of the event with its own hub (its next sync sends everything),
        keeping a pairing it already has with this hub. Returns the name the hub knows it by.
        Blocking (SQLite): not on the GUI thread."""
        hub = self.hub()
        pem = self.certificate.pem if self.certificate else ""
        with self.data.open(slug) as store:
            client = SyncClient(store)
            device = hub.authenticate(client.token) if client.token else None
            if device is not None and device.event == slug and not device.revoked:
                # Same hub at a new address, port or certificate (or plain HTTP before): keep the token.
                if client.hub_url != self.url or store.get_meta("sync.ca_pem", "") != pem:
                    client.configure(self.url, client.token, pem)
                return device.name
            name = self._own_name(slug, desk_name, store.device_id)
            token, _, _ = hub.pair(hub.new_pairing_code(slug, name))
            client.configure(self.url, token, pem)
            return name

    def _own_name(self, slug: str, desk_name: str, device_id: str) -> str:
        # Another laptop paired under the same name keeps it: re-pairing a name replaces its token.
        taken = {d.name: d for d in self.devices(slug)}
        for name in (desk_name.strip()[:45] or "Sharing laptop", f"{desk_name.strip()[:45]} (sharing)"):
            if name not in taken or taken[name].device_id in (None, device_id):
                return name
        return self._next_name(set(taken), "Sharing laptop")

    def devices(self, slug: str) -> list[DeviceInfo]:
        return self.hub().device_list(slug)

    def offer(self, slug: str, device: str | None = None) -> PairingOffer:
        """A one-time code for the next desk ("Desk 2", "Desk 3"… unless named), valid 15 minutes."""
        if not self.running:
            raise HostError("Sharing has stopped. Press Start sharing to share this event again.")
        name = device or self._next_name({d.name for d in self.devices(slug)}, "Desk")
        code = self.hub().new_pairing_code(slug, name, short=True)
        fingerprint = self.certificate.fingerprint if self.certificate else ""
        return PairingOffer(slug, name, code, self.url, pairing_text(self.url, code, fingerprint),
                            time.time() + PAIRING_TTL_S)

    @staticmethod
    def _next_name(taken: set[str], stem: str) -> str:
        n = 2
        while f"{stem} {n}" in taken:
            n += 1
        return f"{stem} {n}"


def _reap(proc: subprocess.Popen) -> None:
    try:
        proc.wait(STOP_WAIT_S)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(STOP_WAIT_S)


@atexit.register
def _stop_all() -> None:
    for host in list(_RUNNING):
        host.stop()
