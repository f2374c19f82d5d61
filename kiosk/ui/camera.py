"""The camera as a QR scanner: live preview with a target box, decoding on a worker thread.

Frames reach a QVideoSink from the camera (or from `feed`, through the same capture session,
for tests and the benchmark). The GUI thread only keeps the newest frame for the preview and
hands a frame to the decode worker when the worker is idle: frames that arrive while it is busy
are dropped, never queued, so the preview keeps the camera's frame rate and a decode always
works on a recent frame. The worker reads the luma plane in place (NV12, YUV420P, YUYV… — what
cameras deliver), decodes it (kiosk/qrdecode.py) and passes the codes through a RepeatFilter, so
a ticket held in view is one scan.
"""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable
from typing import cast

import numpy as np
from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QCoreApplication,
    QEvent,
    QObject,
    QPointF,
    QRectF,
    QSize,
    Qt,
    QThread,
    QTimer,
    Signal,
    Slot,
)
from PySide6.QtGui import QColor, QImage, QPainter, QPainterPath, QPen, QTransform
from PySide6.QtMultimedia import (
    QCamera,
    QCameraDevice,
    QMediaCaptureSession,
    QMediaDevices,
    QVideoFrame,
    QVideoFrameFormat,
    QVideoFrameInput,
    QVideoSink,
)
from PySide6.QtWidgets import QApplication, QLabel, QSizePolicy, QVBoxLayout, QWidget

from kiosk.camera.qrdecode import QrReader, RepeatFilter

PF = QVideoFrameFormat.PixelFormat
# Status keys: the signal carries these English texts; the label shows them translated (the
# kiosk's Welsh, through Qt's translator), so more languages are .ts files, not code.
# QT_TRANSLATE_NOOP returns its text unchanged; PySide's stub says object, hence the casts.
NO_CAMERA = cast(str, QT_TRANSLATE_NOOP("CameraScanner", "No camera found — use the scanner or type the code"))
READY = cast(str, QT_TRANSLATE_NOOP("CameraScanner", "Camera ready — hold the ticket's QR code in the box"))
OFF = cast(str, QT_TRANSLATE_NOOP("CameraScanner", "Camera off"))
DENIED = cast(str, QT_TRANSLATE_NOOP("CameraScanner", "Camera access is not allowed — allow it in the system's "
                                     "privacy settings, or use the scanner"))
WAITING = cast(str, QT_TRANSLATE_NOOP("CameraScanner", "Waiting for permission to use the camera…"))
SUBSTITUTE = cast(str, QT_TRANSLATE_NOOP("CameraScanner", "The chosen camera is not connected; using {0}"))
PROBLEM = cast(str, QT_TRANSLATE_NOOP("CameraScanner", "Camera problem: {0} — use the scanner or type the code"))

# Formats whose first plane is the 8-bit luma, one byte per pixel: decoded in place.
_LUMA_PLANE = {PF.Format_NV12, PF.Format_NV21, PF.Format_YUV420P, PF.Format_YUV422P, PF.Format_YV12,
               PF.Format_IMC1, PF.Format_IMC2, PF.Format_IMC3, PF.Format_IMC4, PF.Format_Y8}
# Packed formats: (byte offset, bytes per pixel) of the luma, or of green for RGB (most of the
# luminance, and a black-on-white code is as dark in green as in grey): read in place too.
_PACKED = {PF.Format_YUYV: (0, 2), PF.Format_UYVY: (1, 2),
           PF.Format_AYUV: (1, 4), PF.Format_AYUV_Premultiplied: (1, 4),
           PF.Format_BGRA8888: (1, 4), PF.Format_BGRA8888_Premultiplied: (1, 4),
           PF.Format_BGRX8888: (1, 4), PF.Format_RGBA8888: (1, 4), PF.Format_RGBX8888: (1, 4),
           PF.Format_ARGB8888: (2, 4), PF.Format_ARGB8888_Premultiplied: (2, 4),
           PF.Format_XRGB8888: (2, 4), PF.Format_ABGR8888: (2, 4), PF.Format_XBGR8888: (2, 4)}


def read_frame(frame: QVideoFrame, reader: QrReader) -> list[str]:
    """The QR texts in a video frame: luma read in place where the format allows, else the
    frame converted to an 8-bit grey image (Jpeg, 16-bit and GPU-only formats)."""
    fmt = frame.pixelFormat()
    width, height = frame.width(), frame.height()
    if fmt in _LUMA_PLANE or fmt in _PACKED:
        if not frame.map(QVideoFrame.MapMode.ReadOnly):
            return []
        try:
            offset, step = _PACKED.get(fmt, (0, 1))
            return reader.read(frame.bits(0), width, height, frame.bytesPerLine(0),
                               pixel_stride=step, offset=offset)
        finally:
            frame.unmap()
    image = frame.toImage().convertToFormat(QImage.Format.Format_Grayscale8)
    if image.isNull():
        return []
    return reader.read(image.constBits(), image.width(), image.height(), image.bytesPerLine())


def video_frame(gray: np.ndarray, pixel_format: str = "nv12") -> QVideoFrame:
    """A camera-like frame from a grey image: NV12 (what most webcams deliver) or BGRX (what a
    QImage becomes). For tests, the benchmark and trying the scanner without a camera."""
    height, width = gray.shape
    if pixel_format == "bgrx":
        image = QImage(gray.tobytes(), width, height, width, QImage.Format.Format_Grayscale8)
        return QVideoFrame(image.convertToFormat(QImage.Format.Format_RGB32))
    frame = QVideoFrame(QVideoFrameFormat(QSize(width, height), PF.Format_NV12))
    frame.map(QVideoFrame.MapMode.WriteOnly)
    luma = np.ndarray((height, width), np.uint8, buffer=frame.bits(0), strides=(frame.bytesPerLine(0), 1))
    luma[:] = gray
    chroma = np.ndarray((height // 2, width), np.uint8, buffer=frame.bits(1), strides=(frame.bytesPerLine(1), 1))
    chroma[:] = 128  # no colour
    frame.unmap()
    return frame


class _DecodeWorker(QObject):
    """Lives on the decode thread: one frame in, the codes not seen just before out."""

    done = Signal(list, float, float)  # new codes, decode ms, when the frame reached the GUI

    def __init__(self, clock: Callable[[], float]) -> None:
        super().__init__()
        self.reader = QrReader()
        self.repeat = RepeatFilter(clock=clock)
        self.thread_ids: set[int] = set()  # where decoding ran: tests check it is never the GUI
        self.errors = 0
        self.last_error = ""

    @Slot(object, float)
    def decode(self, frame: QVideoFrame, received: float) -> None:
        self.thread_ids.add(threading.get_ident())
        started = time.perf_counter()
        try:
            texts = read_frame(frame, self.reader)
        except Exception as exc:  # an odd frame must not end scanning for the day
            self.errors += 1
            self.last_error = f"{type(exc).__name__}: {exc}"
            texts = []
        fresh = self.repeat.new(texts)
        self.done.emit(fresh, (time.perf_counter() - started) * 1000, received)


class _Preview(QWidget):
    """The newest frame, scaled to fit and mirrored if asked, under a target box."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(240, 135)
        self.frame: QVideoFrame | None = None
        self.mirrored = False
        self.message = ""
        self.painted = 0
        self.paint_ms: deque[float] = deque(maxlen=1000)
        self._image: QImage | None = None
        self._hit_at = 0.0

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt API)
        return QSize(480, 270)

    def show_frame(self, frame: QVideoFrame | None) -> None:
        self.frame, self._image = frame, None
        self.update()  # repaints coalesce: a slow paint skips frames, it never queues them

    def flash(self) -> None:
        """Turn the box green for a moment: the camera read a code."""
        self._hit_at = time.monotonic()
        self.update()
        QTimer.singleShot(700, self, self.update)

    def paintEvent(self, event) -> None:  # noqa: N802 (Qt API)
        started = time.perf_counter()
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor("#202124"))
        area = QRectF(self.rect())
        if self.frame is not None and self.frame.isValid():
            if self._image is None:
                self._image = self.frame.toImage()  # once per frame, however often it repaints
            size = QSize(self._image.size())
            size.scale(self.size(), Qt.AspectRatioMode.KeepAspectRatio)
            area = QRectF(QPointF(0, 0), size.toSizeF())
            area.moveCenter(QRectF(self.rect()).center())
            painter.save()
            if self.mirrored:
                painter.setTransform(QTransform(-1, 0, 0, 1, area.left() + area.right(), 0))
            painter.drawImage(area, self._image)
            painter.restore()
        self._paint_box(painter, area)
        if self.message and (self.frame is None or not self.frame.isValid()):
            painter.setPen(QColor("#e8eaed"))
            font = painter.font()
            font.setPointSizeF(max(font.pointSizeF(), 11))
            painter.setFont(font)
            painter.drawText(self.rect().adjusted(16, 16, -16, -16),
                             Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap, self.message)
        painter.end()
        self.painted += 1
        self.paint_ms.append((time.perf_counter() - started) * 1000)

    def _paint_box(self, painter: QPainter, area: QRectF) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        side = min(area.width(), area.height()) * 0.6
        box = QRectF(0, 0, side, side)
        box.moveCenter(area.center())
        if self.frame is not None:
            shade = QPainterPath()
            shade.addRect(area)
            hole = QPainterPath()
            hole.addRoundedRect(box, 12, 12)
            painter.fillPath(shade.subtracted(hole), QColor(0, 0, 0, 90))
        hit = time.monotonic() - self._hit_at < 0.6
        pen = QPen(QColor("#34a853") if hit else QColor("#ffffff"), 5 if hit else 4)
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        painter.setPen(pen)
        arm = side * 0.18
        for corner, dx, dy in ((box.topLeft(), 1, 1), (box.topRight(), -1, 1),
                               (box.bottomLeft(), 1, -1), (box.bottomRight(), -1, -1)):
            painter.drawLine(corner, corner + QPointF(dx * arm, 0))
            painter.drawLine(corner, corner + QPointF(0, dy * arm))


class CameraScanner(QWidget):
    """Camera preview that emits `scanned(text)` once per QR code shown to it."""

    scanned = Signal(str)
    status = Signal(str)
    _decode = Signal(object, float)

    def __init__(self, parent: QWidget | None = None, clock: Callable[[], float] = time.monotonic) -> None:
        super().__init__(parent)
        self._own_name = ""
        self.preview = _Preview()
        self.status_label = QLabel()
        self._name_parts()
        self.status_label.setWordWrap(True)
        self.status_label.setStyleSheet("padding: 6px;")  # the app's font size: it scales with it
        self._status_key = ""
        self._status_detail = ""
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.preview, 1)
        layout.addWidget(self.status_label)

        self.frames_seen = 0
        self.frames_decoded = 0
        self.latency_ms: deque[float] = deque(maxlen=1000)  # frame at the GUI → its codes back
        self.decode_ms: deque[float] = deque(maxlen=1000)
        self._busy = False
        self._mirrored: bool | None = None  # None: mirror front-facing cameras only
        self._device: QCameraDevice | None = None
        self._camera: QCamera | None = None
        self._input: QVideoFrameInput | None = None
        self._sink = QVideoSink(self)
        self._session = QMediaCaptureSession(self)
        self._session.setVideoSink(self._sink)
        self._sink.videoFrameChanged.connect(self._on_frame)

        self._thread = QThread(self)
        self._thread.setObjectName("camera-decode")
        self.worker = _DecodeWorker(clock)
        self.worker.moveToThread(self._thread)
        self._decode.connect(self.worker.decode)
        self.worker.done.connect(self._on_decoded)
        app = QApplication.instance()
        if app is not None:  # a thread still running at exit aborts the process
            app.aboutToQuit.connect(self.stop)
        self.show_status(OFF)

    # -- public ---------------------------------------------------------------------------------

    @staticmethod
    def available_cameras() -> list[tuple[str, str]]:
        """(id, description) of each camera, the system's default first."""
        devices = sorted(QMediaDevices.videoInputs(), key=lambda d: not d.isDefault())
        return [(_device_id(d), d.description()) for d in devices]

    @property
    def mirrored(self) -> bool:
        if self._mirrored is not None:
            return self._mirrored
        return self._device is not None and self._device.position() == QCameraDevice.Position.FrontFace

    @mirrored.setter
    def mirrored(self, value: bool | None) -> None:
        """True or False, or None to mirror front-facing (selfie) cameras only."""
        self._mirrored = value
        self.preview.mirrored = self.mirrored
        self.preview.update()

    @property
    def running(self) -> bool:
        return self._camera is not None and self._camera.isActive()

    def start(self, device_id: str | None = None) -> bool:
        """Open a camera (the default one if no id, or if that one is gone). False, with the
        reason in `status`, when there is none or it may not be used."""
        self.stop()
        devices = QMediaDevices.videoInputs()
        if not devices:
            self.show_status(NO_CAMERA)
            return False
        app = QApplication.instance()
        try:
            from PySide6.QtCore import QCameraPermission

            permission = app.checkPermission(QCameraPermission()) if app is not None else None
        except ImportError:  # Qt without the permission API: nothing to ask
            permission = None
        if permission == Qt.PermissionStatus.Denied:
            self.show_status(DENIED)
            return False
        if permission == Qt.PermissionStatus.Undetermined and app is not None:
            # macOS and Windows ask the user once; the answer comes back to this call.
            app.requestPermission(QCameraPermission(), self, lambda _p: self.start(device_id))
            self.show_status(WAITING)
            return False
        chosen = next((d for d in devices if device_id and _device_id(d) == device_id), None)
        device = chosen or QMediaDevices.defaultVideoInput() or devices[0]
        self._device = device
        camera = QCamera(device, self)
        camera_format = _pick_format(device)
        if camera_format is not None:
            camera.setCameraFormat(camera_format)
        camera.errorOccurred.connect(self._on_camera_error)
        camera.activeChanged.connect(self._on_active)
        self._camera = camera
        self._session.setCamera(camera)
        self.mirrored = self._mirrored  # re-evaluate "auto" for this device
        self._thread.start()
        camera.start()
        if device_id and chosen is None:
            self.show_status(SUBSTITUTE, device.description())
        return True

    def stop(self) -> None:
        """Close the camera and end the decode thread (waited for)."""
        camera, self._camera = self._camera, None
        if camera is not None:
            camera.stop()
            self._session.setCamera(None)  # type: ignore[arg-type]  # Qt takes nullptr; the stub does not say so
            camera.deleteLater()
        if self._thread.isRunning():
            self._thread.quit()
            self._thread.wait()
        self._busy = False
        self.preview.show_frame(None)
        if camera is not None or self._status_key == READY:
            self.show_status(OFF)

    def feed(self, frame: QVideoFrame) -> None:
        """Push a frame through the capture session as a camera would: tests, the benchmark and
        a demo without a camera use the same sink, worker and filter as the camera."""
        if self._camera is not None:
            raise RuntimeError("the camera is running; stop it before feeding frames")
        if self._input is None:
            self._input = QVideoFrameInput(self)
            self._session.setVideoFrameInput(self._input)
        if not self._thread.isRunning():
            self._thread.start()
        self._input.sendVideoFrame(frame)

    @property
    def decoding(self) -> bool:
        """The decode thread is running (from start or feed until stop)."""
        return self._thread.isRunning()

    @property
    def busy(self) -> bool:
        """A frame is with the decode worker."""
        return self._busy

    # -- internals ------------------------------------------------------------------------------

    @Slot(QVideoFrame)
    def _on_frame(self, frame: QVideoFrame) -> None:
        if not frame.isValid():
            return
        self.frames_seen += 1
        self.preview.show_frame(frame)
        if self._busy or not self._thread.isRunning():
            return  # the worker is on an earlier frame: this one is only shown
        self._busy = True
        self._decode.emit(frame, time.perf_counter())

    @Slot(list, float, float)
    def _on_decoded(self, fresh: list, decode_ms: float, received: float) -> None:
        self._busy = False
        self.frames_decoded += 1
        self.decode_ms.append(decode_ms)
        self.latency_ms.append((time.perf_counter() - received) * 1000)
        for text in fresh:
            self.preview.flash()
            self.scanned.emit(text)

    def _on_active(self, active: bool) -> None:
        if active:
            self.show_status(READY)

    def _on_camera_error(self, _error, text: str) -> None:
        self.show_status(PROBLEM, text or "it stopped")

    def show_status(self, key: str, detail: str = "") -> None:
        """Show (translated) and emit (as the English key, with the detail filled in) a state."""
        self._status_key, self._status_detail = key, detail
        self._show_translated()
        self.status.emit(key.format(detail) if detail else key)

    def _show_translated(self) -> None:
        text = QCoreApplication.translate("CameraScanner", self._status_key)
        if self._status_detail:
            text = text.format(self._status_detail)
        self.status_label.setText(text)
        self.preview.message = text
        self.preview.update()

    def _name_parts(self) -> None:
        """Accessible names in the current language (the kiosk's Welsh, through Qt's translator)."""
        name = self.tr("Camera scanner")
        # The owner may have named the whole view for where it sits (the kiosk's "Camera view"):
        # only a name this widget gave itself is replaced.
        if self.accessibleName() in ("", self._own_name):
            self.setAccessibleName(name)
        self._own_name = name
        self.preview.setAccessibleName(self.tr("Camera preview"))
        self.status_label.setAccessibleName(self.tr("Camera status"))

    def changeEvent(self, event) -> None:  # noqa: N802 (Qt API)
        if event.type() == QEvent.Type.LanguageChange:
            self._name_parts()
            if self._status_key:
                self._show_translated()
        super().changeEvent(event)

    def closeEvent(self, event) -> None:  # noqa: N802 (Qt API)
        self.stop()
        super().closeEvent(event)


def front_facing(device_id: str | None) -> bool:
    """Whether that camera (or the default one) faces the user: its preview is then mirrored."""
    devices = QMediaDevices.videoInputs()
    device = next((d for d in devices if device_id and _device_id(d) == device_id), None)
    if device is None and device_id in (None, ""):
        device = QMediaDevices.defaultVideoInput()
    return device is not None and not device.isNull() and device.position() == QCameraDevice.Position.FrontFace


def _device_id(device: QCameraDevice) -> str:
    return bytes(device.id().data()).decode("utf-8", "replace")


def _pick_format(device: QCameraDevice):
    """At least 24 frames a second, as close to 1280×720 as offered, luma-plane formats first:
    enough pixels for a small code, few enough to decode in a few milliseconds."""
    formats = device.videoFormats()
    if not formats:
        return None

    def cost(fmt) -> tuple:
        size = fmt.resolution()
        return (fmt.maxFrameRate() < 24, abs(size.width() * size.height() - 1280 * 720),
                fmt.pixelFormat() not in _LUMA_PLANE and fmt.pixelFormat() not in _PACKED)

    return min(formats, key=cost)
