"""What went wrong reaching a printer, in words a volunteer can act on.

Every backend meets the same few operating-system failures (a printer switched off refuses the
connection, a wrong address times out, a device file or folder is missing, the laptop may not
use it) but each library wraps them its own way: python-escpos in DeviceNotFoundError, pyserial
in SerialException, brother_ql not at all. The errno text inside ("[Errno 111] Connection
refused") means nothing at a registration desk, so the OS error is dug out of the exception's
chain and said in plain words here, the same for every backend.
"""

from __future__ import annotations

import errno
import socket

NETWORK, DEVICE, FOLDER = "network", "device", "folder"
_ON_NETWORK = "check it is on and connected to this network"


def os_error(exc: BaseException | None) -> OSError | None:
    """The operating-system error at the root of `exc` (itself, its cause or what it replaced)."""
    seen: set[int] = set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        if isinstance(exc, OSError):
            return exc
        exc = exc.__cause__ or exc.__context__
    return None


def _code(exc: OSError) -> int | None:
    code = exc.errno
    if isinstance(code, int):
        return code
    if isinstance(exc, ConnectionRefusedError):
        return errno.ECONNREFUSED
    if isinstance(exc, FileNotFoundError):
        return errno.ENOENT
    if isinstance(exc, PermissionError):
        return errno.EACCES
    return None


def problem(exc: BaseException | None, where: str, kind: str = NETWORK) -> str:
    """Words to follow "The printer 'NAME' " (for a folder: "Cannot write to the PDF folder: "):
    what happened at `where` (HOST:PORT, a device path, a folder) and what to do. Never errno
    text. The desk turns these into its own shorter words by their first phrase ("is not
    answering", "is unreachable", "cannot write"), so each kind keeps its phrase."""
    err = os_error(exc)
    code = _code(err) if err is not None else None
    if code is None and exc is not None and "NotFound" in type(exc).__name__:
        code = errno.ENOENT  # python-escpos's USBNotFoundError: no such device plugged in
    if kind == FOLDER:
        return _folder(code, where)
    if isinstance(err, socket.gaierror):
        return f"is unreachable: no computer called {where.rsplit(':', 1)[0]} on this network (check the address)"
    if isinstance(err, TimeoutError) or code == errno.ETIMEDOUT:
        return f"is not answering at {where}: it did not reply in time; {_ON_NETWORK}, and that the address is right"
    if code in (errno.ECONNREFUSED, errno.ECONNRESET):
        return f"is not answering at {where}: {_ON_NETWORK}"
    if code in (errno.EHOSTUNREACH, errno.ENETUNREACH, errno.EHOSTDOWN, errno.ENETDOWN):
        return (f"is unreachable at {where}: this laptop has no way to that address "
                "(check the network and the address)")
    if code in (errno.ENOENT, errno.ENOTDIR, errno.ENODEV, errno.ENXIO):
        if kind == DEVICE:
            return (f"is not answering at {where}: nothing is plugged in there; check the cable, that it is "
                    "switched on, and the device's name")
        return f"is not answering at {where}: {_ON_NETWORK}"
    if code in (errno.EACCES, errno.EPERM, errno.EROFS):
        if kind == DEVICE:
            return (f"cannot be used: this laptop's user may not use {where} (on Linux, add the user to the "
                    "'lp' or 'dialout' group, then log in again)")
        return f"is unreachable at {where}: this laptop is not allowed to connect (check its firewall)"
    if code == errno.EBUSY:
        return f"is busy at {where}: another program is using it; close it and print again"
    if kind == DEVICE:
        return f"is not answering at {where}: check it is plugged in and switched on"
    return f"is not answering at {where}: {_ON_NETWORK}"


def _folder(code: int | None, where: str) -> str:
    if code in (errno.ENOENT, errno.ENOTDIR):
        return f"the folder {where} does not exist and cannot be made there"
    if code in (errno.EACCES, errno.EPERM):
        return f"this laptop's user may not write to the folder {where}"
    if code == errno.EROFS:
        return f"the folder {where} is on a disk that cannot be written to (read-only)"
    if code in (errno.ENOSPC, errno.EDQUOT):
        return f"the disk holding {where} is full"
    return f"the folder {where} could not be written to"
