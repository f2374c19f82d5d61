"""The kiosk's camera view: the camera scanner, set up from this machine's `camera` settings."""

from __future__ import annotations

import importlib
import logging

from PySide6.QtWidgets import QWidget

log = logging.getLogger("kiosk.selfservice")


def make_camera(settings: dict) -> tuple[QWidget | None, str]:
    """(the camera view for the welcome screen, or None; why a chosen camera is missing, or "").

    Imports kiosk.ui.camera_panel lazily. It may offer `make_camera_panel(settings)`, a widget
    sized for the kiosk; otherwise its `CameraScanner` (a QWidget with `scanned(str)`,
    `available_cameras()`, `start(device_id)` and `stop()`) is used directly, because the desk's
    CameraPanel is a dock with an on/off button, not a kiosk's always-on view. It is mirrored as
    `camera_mirror` says, as at the desk. No view when the camera is turned off in the settings
    (`camera` = "none", or `kiosk_camera` = false), or there is none: the kiosk then works with the
    scanner alone. The reason is given only when a camera was chosen, so the kiosk can say so: an
    unplugged camera must not go unnoticed, while a machine with no camera chosen is a scanner kiosk.
    """
    if settings.get("kiosk_camera", True) is False or settings.get("camera") == "none":
        return None, ""
    try:
        camera_panel = importlib.import_module("kiosk.ui.camera_panel")
    except Exception as exc:  # not there, or a missing multimedia library
        log.info("kiosk: no camera panel: %s", exc)
        return _missing(settings, f"no camera support ({exc})")
    try:
        factory = getattr(camera_panel, "make_camera_panel", None)
        if factory is not None:
            panel = factory(settings)
            has_camera = getattr(panel, "has_camera", None)
            if panel is not None and callable(has_camera) and not has_camera():
                panel.deleteLater()
                panel = None
        else:
            scanner = getattr(camera_panel, "CameraScanner", None)
            if scanner is None or not scanner.available_cameras():
                return _missing(settings, "no camera found")
            panel = scanner()
            panel.mirrored = camera_panel.mirror_setting(settings)
            panel.start(camera_panel.chosen_camera(settings))
    except Exception as exc:
        log.warning("kiosk: camera unavailable: %s", exc)
        return _missing(settings, str(exc))
    if panel is None or not hasattr(panel, "scanned"):
        return _missing(settings, "no camera found")
    return panel, ""


def _missing(settings: dict, why: str) -> tuple[None, str]:
    device = settings.get("camera")
    if not isinstance(device, str) or not device:
        return None, ""
    return None, f"camera {device!r} is not available: {why}; scanning with the scanner only"
