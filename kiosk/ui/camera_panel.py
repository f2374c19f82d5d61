"""The desk's camera panel: the camera scanner in a dock with an on/off button.

It is set up from this desk's settings (`camera`, `camera_mirror`).
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QDockWidget, QPushButton, QVBoxLayout, QWidget

from kiosk.store.datadir import DataDir
from kiosk.store.settings import NO_CAMERA, Settings
from kiosk.ui.camera import READY, CameraScanner

NO_CAMERA_SETTING = NO_CAMERA  # settings' camera value for "this desk uses no camera"
TURNED_OFF = "Camera turned off in Settings — use the scanner or type the code"


def chosen_camera(settings: Settings) -> str | None:
    """The camera id chosen in Settings; None when none is chosen yet or it is "no camera"."""
    camera = settings.camera
    return camera if camera and camera != NO_CAMERA_SETTING else None


def mirror_setting(settings: Settings) -> bool | None:
    """`camera_mirror` as CameraScanner.mirrored takes it: None (unset) mirrors a front-facing camera only."""
    return settings.camera_mirror


class CameraPanel(QDockWidget):
    """A dock the desk adds in one line; `scanned(text)` carries each code the camera reads.

    The camera starts by itself when a camera is chosen in Settings, else from the button. It is
    released while the panel is hidden (dock closed, window minimised or closed) and resumes
    when it is shown again.
    """

    scanned = Signal(str)

    def __init__(self, data: DataDir, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Camera"))
        self.setObjectName("cameraPanel")
        self.data = data
        self.device_id: str | None = None
        self.scanner = CameraScanner()
        self.scanner.scanned.connect(self.scanned)
        self.scanner.status.connect(self._on_status)
        self.toggle = QPushButton(self.tr("Turn camera on"))
        self.toggle.setCheckable(True)
        self.toggle.setAccessibleName(self.tr("Camera on/off"))
        # A click must not take the focus from the search box, where typing goes.
        self.toggle.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.toggle.toggled.connect(self.set_camera_on)
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.addWidget(self.toggle)
        layout.addWidget(self.scanner, 1)
        self.setWidget(body)
        self._resume = False  # turn the camera on when the panel is next shown
        self.apply_settings()

    def apply_settings(self) -> None:
        """Read the camera settings again (after the Settings dialog) and restart if on."""
        settings = Settings.load(self.data)
        self.scanner.mirrored = mirror_setting(settings)
        self.device_id = chosen_camera(settings)
        if settings.camera == NO_CAMERA_SETTING:
            self._resume = False
            self._set_checked(False)
            self.scanner.stop()
            self.toggle.setEnabled(False)
            self.scanner.show_status(TURNED_OFF)
            return
        self.toggle.setEnabled(True)
        # A camera chosen in Settings starts by itself; with none chosen yet the button does.
        # Nothing opens the camera before the panel is on screen.
        wanted = self.toggle.isChecked() or self._resume or self.device_id is not None
        if self.isVisible():
            if wanted:
                self.set_camera_on(True)
        else:
            self._resume = wanted

    def set_camera_on(self, on: bool) -> None:
        if on:
            on = self.scanner.start(self.device_id)
        else:
            self.scanner.stop()
        self._set_checked(on)

    def _on_status(self, text: str) -> None:
        if text == READY:  # also after a permission prompt answered later
            self._set_checked(True)

    def _set_checked(self, on: bool) -> None:
        self.toggle.blockSignals(True)
        self.toggle.setChecked(on)
        self.toggle.blockSignals(False)
        self.toggle.setText(self.tr("Turn camera off") if on else self.tr("Turn camera on"))

    def hideEvent(self, event) -> None:  # noqa: N802 (Qt API)
        # Closing the desk window hides its docks: the camera and decode thread end here.
        self._resume = self.toggle.isChecked()
        self.scanner.stop()
        super().hideEvent(event)

    def showEvent(self, event) -> None:  # noqa: N802 (Qt API)
        super().showEvent(event)
        if self._resume:
            self._resume = False
            self.set_camera_on(True)

    def closeEvent(self, event) -> None:  # noqa: N802 (Qt API)
        self.scanner.stop()
        super().closeEvent(event)
