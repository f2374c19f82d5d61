"""The kiosk's camera view: the camera scanner, set up from this machine's `camera` settings."""

from __future__ import annotations

import importlib
import logging
from typing import TYPE_CHECKING

from kiosk.store.settings import NO_CAMERA, Settings

if TYPE_CHECKING:
    from kiosk.ui.camera import CameraScanner

log = logging.getLogger("kiosk.selfservice.rules")


def make_camera(settings: Settings) -> tuple[CameraScanner | None, str]:
    """(the camera view for the welcome screen, or None; why a chosen camera is missing, or "").

    Imports kiosk.ui.camera_panel lazily (QtMultimedia may be missing) and uses its
    `CameraScanner` directly, because the desk's CameraPanel is a dock with an on/off button, not
    a kiosk's always-on view. It is mirrored as
    `camera_mirror` says, as at the desk. No view when the camera is turned off in the settings
    (`camera` = "none", or `kiosk_camera` = false), or there is none: the kiosk then works with the
    scanner alone. The reason is given only when a camera was chosen, so the kiosk can say so: an
    unplugged camera must not go unnoticed, while a machine with no camera chosen is a scanner kiosk.
    """
    if not settings.kiosk_camera or settings.camera == NO_CAMERA:
        return None, ""
    try:
        camera_panel = importlib.import_module("kiosk.ui.camera_panel")
    except Exception as exc:  # not there, or a missing multimedia library
        log.info("kiosk: no camera panel: %s", exc)
        return _missing(settings, f"no camera support ({exc})")
    try:
        if not camera_panel.CameraScanner.available_cameras():
            return _missing(settings, "no camera found")
        view = camera_panel.CameraScanner()
        view.mirrored = camera_panel.mirror_setting(settings)
        view.start(camera_panel.chosen_camera(settings))
    except Exception as exc:  # a camera that fails to open must not keep the kiosk from starting
        log.warning("kiosk: camera unavailable: %s", exc)
        return _missing(settings, str(exc))
    return view, ""


def _missing(settings: Settings, why: str) -> tuple[None, str]:
    device = settings.camera
    if not device:
        return None, ""
    return None, f"camera {device!r} is not available: {why}; scanning with the scanner only"
