"""The printers this machine knows, each a name and a URI, and which one prints what.

    escpos+tcp://HOST[:PORT]   ESC/POS thermal printer on the network (raw TCP, port 9100)
    escpos+usb://VID:PID       ESC/POS over USB (hex ids)
    escpos+serial:///dev/ttyUSB0
    escpos+file:///dev/usb/lp0 ESC/POS to a device file (or the CUPS raw queue's device)
    brother+tcp://HOST[:PORT]  Brother QL raster over the network (no driver needed)
    brother+usb://VID:PID      Brother QL over USB;  brother+file:///dev/usb/lp0 the device file
    zpl+tcp://HOST[:PORT]      Zebra label printer (ZPL) on the network (raw TCP, port 9100)
    system:QUEUE               an OS printer with its driver (CUPS, Windows spooler)
    pdf:DIR                    a folder of PDF files: the default, so badges appear with no hardware

Printers are this machine's, not the event's: they live in the data folder's config.json.
"""

from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from kiosk.core.errors import RefusedError, UsageError
from kiosk.store.datadir import DataDir

DEFAULT_PRINTER = "pdf"
PURPOSES = ("badges", "slips")
_NAME_RE = re.compile(r"^[\w .-]{1,40}$")
SCHEMES = ("escpos+tcp", "escpos+usb", "escpos+serial", "escpos+file", "brother+tcp", "brother+usb",
           "brother+file", "zpl+tcp", "system", "pdf")
ZPL_DPIS = (203, 300)  # a Zebra's head: 8 or 12 dots per mm
_HOST_RE = re.compile(r"[A-Za-z0-9]([A-Za-z0-9._-]*[A-Za-z0-9])?")  # a name or IPv4 address


@dataclass(frozen=True)
class PrinterConfig:
    name: str
    uri: str
    layout: str = ""
    profile: str = ""
    dpi: int = 0  # a Zebra's head (203 or 300); 0: its default
    cut: bool = False  # a Zebra with a cutter cuts each badge off (^MMC); else it is torn off (^MMT)

    @property
    def scheme(self) -> str:
        return self.uri.split(":", 1)[0]

    def to_json(self) -> dict:
        data: dict[str, object] = {"name": self.name, "uri": self.uri, "layout": self.layout,
                                   "profile": self.profile}
        if self.scheme == "zpl+tcp":
            data.update(dpi=self.dpi or ZPL_DPIS[0], cut=self.cut)
        return data


def check_uri(uri: str) -> str:
    scheme = uri.split(":", 1)[0]
    if scheme not in SCHEMES:
        raise UsageError(f"printer URI {uri!r}: use one of {', '.join(s + ':' for s in SCHEMES)}")
    rest = uri.split(":", 1)[1] if ":" in uri else ""
    if scheme in ("escpos+tcp", "brother+tcp", "zpl+tcp"):
        _check_host_port(uri, scheme)
    elif scheme in ("escpos+usb", "brother+usb") and not re.fullmatch(r"//[0-9a-fA-F]{1,4}:[0-9a-fA-F]{1,4}", rest):
        raise UsageError(f"printer URI {uri!r}: expected escpos+usb://VID:PID in hex")
    elif scheme in ("escpos+serial", "escpos+file", "brother+file") and not rest.startswith("///"):
        raise UsageError(f"printer URI {uri!r}: expected {scheme}:///path/to/device")
    elif scheme in ("system", "pdf") and not rest.strip("/"):
        raise UsageError(f"printer URI {uri!r}: name the queue or folder after '{scheme}:'")
    return uri


def _check_host_port(uri: str, scheme: str) -> None:
    """HOST[:PORT] after scheme://, each checked apart so the words say which is wrong."""
    expected = f"printer URI {uri!r}: expected {scheme}://HOST[:PORT], e.g. {scheme}://192.168.1.50:9100"
    try:
        parts = urlsplit(uri)
        host = parts.hostname or ""
    except ValueError:  # "[::1" without its closing bracket: Python says "Invalid IPv6 URL"
        raise UsageError(f"{expected} (an IPv6 address goes in square brackets: [fe80::1])") from None
    if not host or "@" in parts.netloc:
        raise UsageError(expected)
    if parts.netloc.startswith("["):
        try:
            ipaddress.IPv6Address(host.split("%", 1)[0])
        except ValueError:
            raise UsageError(f"printer URI {uri!r}: {host!r} is not an IPv6 address") from None
    elif not _HOST_RE.fullmatch(host):
        raise UsageError(f"printer URI {uri!r}: the address {host!r} may hold only letters, digits, dots and "
                         "hyphens (no spaces)")
    after_host = parts.netloc.rsplit("]", 1)[-1]  # past an IPv6 address's own colons
    _, has_port, raw_port = after_host.partition(":")
    if has_port and not raw_port.isdigit():
        raise UsageError(f"printer URI {uri!r}: the port {raw_port!r} is not a number (the printer's own port, "
                         "usually 9100)")
    if raw_port and not 1 <= int(raw_port) <= 65535:
        raise UsageError(f"printer URI {uri!r}: the port must be 1–65535 (a printer's is usually 9100)")
    if parts.path.strip("/") or parts.query or parts.fragment:
        raise UsageError(expected)


def check_profile(profile: str) -> str:
    """An ESC/POS model name python-escpos knows (its capabilities database)."""
    try:
        from escpos.capabilities import get_profile

        get_profile(profile)
    except ImportError:
        return profile
    except Exception:
        raise UsageError(f"unknown ESC/POS printer model {profile!r} (e.g. TM-T20II, TM-T88V, default)") from None
    return profile


_KIND = {"zpl+tcp": "a Zebra printer", "system": "a system printer (its driver knows the model)",
         "pdf": "the PDF folder"}


def check_brother_model(model: str) -> str:
    """A Brother QL model brother_ql knows (its raster differs by model)."""
    try:
        from brother_ql.models import ALL_MODELS
    except ImportError:
        return model
    known = [m.identifier for m in ALL_MODELS]
    if model not in known:
        raise UsageError(f"unknown Brother printer model {model!r} (e.g. {', '.join(known[-6:])})")
    return model


class PrinterRegistry:
    def __init__(self, data: DataDir) -> None:
        self.data = data

    def _section(self) -> dict:
        return self.data.section("printers")

    def default_pdf_folder(self) -> Path:
        return self.data.root / "prints"

    def printers(self) -> dict[str, PrinterConfig]:
        configured = {
            name: PrinterConfig(name, p.get("uri", ""), p.get("layout", ""), p.get("profile", ""),
                                _int(p.get("dpi")), p.get("cut") is True)
            for name, p in self._section().get("printers", {}).items() if isinstance(p, dict)
        }
        configured.setdefault(DEFAULT_PRINTER, PrinterConfig(DEFAULT_PRINTER, f"pdf:{self.default_pdf_folder()}"))
        return configured

    def get(self, name: str) -> PrinterConfig:
        printers = self.printers()
        if name not in printers:
            raise RefusedError(f"no printer {name!r}; known: {', '.join(printers)}")
        return printers[name]

    def add(self, name: str, uri: str, layout: str = "", profile: str = "", dpi: int = 0,
            cut: bool = False) -> PrinterConfig:
        if not _NAME_RE.match(name):
            raise UsageError("a printer name is 1–40 letters, digits, spaces, dots, hyphens")
        check_uri(uri)
        if profile and uri.startswith("escpos+"):
            check_profile(profile)
        elif profile and uri.startswith("brother+"):
            check_brother_model(profile)
        elif profile:
            raise UsageError(f"--profile names the model of an ESC/POS or Brother QL printer; it does not apply "
                             f"to {_KIND.get(uri.split(':', 1)[0], 'this printer')}")
        if layout:
            from kiosk.print.draw.layout import load_layout

            load_layout(layout, self.data.root)  # a name that exists and a layout that loads
        zebra = uri.startswith("zpl+")
        if (dpi or cut) and not zebra:
            raise UsageError("dots per inch and cutting are set only for Zebra (zpl+tcp://) printers")
        if dpi and dpi not in ZPL_DPIS:
            raise UsageError(f"a Zebra printer prints at {' or '.join(map(str, ZPL_DPIS))} dots per inch")
        entry: dict = {"uri": uri, "layout": layout, "profile": profile}
        if zebra:
            dpi = dpi or ZPL_DPIS[0]
            entry.update(dpi=dpi, cut=cut)
        section = self._section()
        section.setdefault("printers", {})[name] = entry
        self.data.save_section("printers", section)
        return PrinterConfig(name, uri, layout, profile, dpi, cut)

    def remove(self, name: str) -> None:
        section = self._section()
        if name not in section.get("printers", {}):
            raise RefusedError(f"no printer {name!r}")
        del section["printers"][name]
        section["purposes"] = {k: v for k, v in section.get("purposes", {}).items() if v != name}
        self.data.save_section("printers", section)

    def for_purpose(self, purpose: str) -> PrinterConfig:
        name = self._section().get("purposes", {}).get(purpose, DEFAULT_PRINTER)
        printers = self.printers()
        return printers.get(name, printers[DEFAULT_PRINTER])

    def assign(self, purpose: str, name: str) -> None:
        if purpose not in PURPOSES:
            raise UsageError(f"purpose is one of {', '.join(PURPOSES)}")
        self.get(name)
        section = self._section()
        section.setdefault("purposes", {})[purpose] = name
        self.data.save_section("printers", section)

    def purposes(self) -> dict[str, str]:
        return {p: self.for_purpose(p).name for p in PURPOSES}


def _int(value) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) else 0
