"""An accessibility check over every kiosk screen, in English and Welsh, at 100 % and 200 % text:
accessible names and roles, keyboard reach, touch-target size, contrast measured on the rendered
pixels (and computed from the palette), and no clipped text at double size."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QPoint
from PySide6.QtGui import QAccessible, QImage
from PySide6.QtWidgets import QAbstractButton, QCheckBox, QComboBox, QLabel, QLineEdit, QWidget

from kiosk.selfservice import rules as ss
from kiosk.ui.camera import OFF, READY, CameraScanner
from kiosk.ui.selfservice import window as window_module
from kiosk.ui.selfservice.style import (
    MIN_CONTRAST,
    MIN_RESULT_CONTRAST,
    MIN_TARGET_PX,
    PALETTE,
    RESULT_PAIRS,
    contrast_ratio,
    relative_luminance,
)

from tests.support.kiosk_screens import PIN, Clock, interactive, make_kiosk, people
from tests.support.paths import screenshot_dir

ROLES = {QAbstractButton: {QAccessible.Role.Button, QAccessible.Role.CheckBox},
         QLineEdit: {QAccessible.Role.EditableText}, QComboBox: {QAccessible.Role.ComboBox}}


def test_palette_contrast():
    for name, pair in PALETTE.items():
        needed = MIN_RESULT_CONTRAST if name in RESULT_PAIRS else MIN_CONTRAST
        ratio = contrast_ratio(pair.foreground, pair.background)
        assert ratio >= needed, (name, round(ratio, 2))


def test_contrast_ratio_matches_wcag_examples():
    assert contrast_ratio("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast_ratio("#ffffff", "#ffffff") == pytest.approx(1.0)
    assert contrast_ratio("#767676", "#ffffff") == pytest.approx(4.54, abs=0.01)  # the classic 4.5:1 grey


# -- every screen ---------------------------------------------------------------------------------

def _screens(window):
    """Put the kiosk on each of its screens in turn; yields (name, widgets held to 7:1)."""
    yield "welcome", []
    window.show_outcome(ss.KioskOutcome(ss.PRINTING, True, "Siân J.", "CODE-0001"))
    result = [window.result.headline, window.result.message, window.result.desk]
    yield "result-welcome", result
    window.show_outcome(ss.with_print_problem(ss.KioskOutcome(ss.PRINTING, True, "Gwenllian O.", "X"),
                                              ss.PRINT_FAILED, "printer off"))
    yield "result-print-failed", result
    window.show_outcome(ss.KioskOutcome(ss.NOT_FOUND))
    yield "result-problem", result
    window.show_screen(window.forgot)
    yield "forgot", []
    window.forgot.show_not_found()
    yield "forgot-not-found", []
    window.open_staff()
    window.staff._check_pin("0000")
    yield "staff-pin", []
    window.staff._check_pin(PIN)
    yield "staff-menu", []
    window.staff.show_printer()
    yield "staff-printer", []
    window.staff.show_stats()
    yield "staff-stats", []
    window.staff.show_settings()
    yield "staff-settings", []


# The staff menu's first button is its way back; every other screen pins its actions to a footer.
_NO_FOOTER = {"staff-menu"}


@pytest.fixture(params=[1.0, 2.0], ids=["100pc", "200pc"])
def text_scale(request, qapp):
    original = qapp.font()
    font = qapp.font()
    font.setPointSizeF(font.pointSizeF() * request.param)
    qapp.setFont(font)
    yield request.param
    qapp.setFont(original)


def _image(window: QWidget) -> np.ndarray:
    image = window.grab().toImage().convertToFormat(QImage.Format.Format_RGB32)
    width, height = image.width(), image.height()
    raw = np.frombuffer(image.constBits(), np.uint8, count=image.sizeInBytes())
    return raw.reshape(height, image.bytesPerLine() // 4, 4)[:, :width, :3][..., ::-1]  # BGRA → RGB


def _luminance(rgb: np.ndarray) -> np.ndarray:
    c = rgb / 255.0
    c = np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)
    return c @ np.array([0.2126, 0.7152, 0.0722])


def _rendered_contrast(image: np.ndarray, window: QWidget, label: QLabel) -> float:
    """Contrast between a label's background (its commonest colour) and its text (the pixel
    furthest from it), as drawn on screen."""
    top_left = label.mapTo(window, QPoint(0, 0))
    x, y = max(0, top_left.x()), max(0, top_left.y())
    region = image[y:y + label.height(), x:x + label.width()].reshape(-1, 3)
    colours, counts = np.unique(region, axis=0, return_counts=True)
    background = colours[counts.argmax()]
    lum = _luminance(colours.astype(float))
    bg = relative_luminance("#%02x%02x%02x" % tuple(int(v) for v in background))
    ratios = (np.maximum(lum, bg) + 0.05) / (np.minimum(lum, bg) + 0.05)
    return float(ratios.max())


def _in_view(widget: QWidget) -> bool:
    return widget.isVisible() and not widget.visibleRegion().isEmpty()


def _problems(window, name: str, strict: list[QWidget], scale: float) -> list[str]:
    found: list[str] = []
    image = _image(window)
    for widget in interactive(window):
        what = f"{name}: {type(widget).__name__} {widget.text() if hasattr(widget, 'text') else ''!r}"
        face = QAccessible.queryAccessibleInterface(widget)
        if face is None or not face.text(QAccessible.Text.Name).strip():
            found.append(f"{what} has no accessible name")
        elif not any(face.role() in roles for cls, roles in ROLES.items() if isinstance(widget, cls)):
            found.append(f"{what} has role {face.role()}")
        if not widget.focusPolicy() & widget.focusPolicy().TabFocus:
            found.append(f"{what} cannot be reached with Tab")
        if widget.height() < MIN_TARGET_PX or (widget.width() < MIN_TARGET_PX and not isinstance(widget, QCheckBox)):
            found.append(f"{what} is {widget.width()}×{widget.height()} px, under {MIN_TARGET_PX}")
        hint = widget.sizeHint()
        if isinstance(widget, QAbstractButton) and (hint.width() > widget.width() or hint.height() > widget.height()):
            found.append(f"{what} is clipped: needs {hint.width()}×{hint.height()}, "
                         f"has {widget.width()}×{widget.height()}")
    screen = window.stack.currentWidget()
    assert screen.name == name.split("-")[0], f"{name} was left for {screen.name}"
    actions = screen.main_actions()
    if name not in _NO_FOOTER and not actions:
        found.append(f"{name}: no main action pinned to the screen")
    if name == "forgot-not-found":
        error = window.forgot.error  # what went wrong is scrolled into view, whole, above the footer
        if not _in_view(error) or error.visibleRegion().boundingRect() != error.rect():
            found.append(f"{name}: the error message is not wholly on screen")
    for action in actions:
        # The main action is never below the screen edge, whatever the text size: whole and in view.
        if not _in_view(action) or action.visibleRegion().boundingRect() != action.rect():
            found.append(f"{name}: the main action {action.text()!r} is not fully on screen")
    for label in window.findChildren(QLabel):
        if not label.isVisible() or not label.text():
            continue
        what = f"{name}: label {label.text()[:40]!r}"
        face = QAccessible.queryAccessibleInterface(label)
        if face is None or not face.text(QAccessible.Text.Name).strip():
            found.append(f"{what} has no accessible name")
        if label.wordWrap():
            needed = label.heightForWidth(label.width())
            if needed > label.height() + 1:
                found.append(f"{what} is clipped: needs {needed} px high, has {label.height()}")
        elif label.sizeHint().width() > label.width():
            found.append(f"{what} is clipped: needs {label.sizeHint().width()} px wide, has {label.width()}")
        if _in_view(label) and label.visibleRegion().boundingRect() == label.rect():
            needed_ratio = MIN_RESULT_CONTRAST if label in strict else MIN_CONTRAST
            ratio = _rendered_contrast(image, window, label)
            if ratio < needed_ratio:
                found.append(f"{what}: contrast {ratio:.2f}:1 on screen, needs {needed_ratio}:1")
    return found


@pytest.mark.parametrize("language", ["en", "cy"])
def test_every_screen_is_accessible(qtbot, data_dir, store, text_scale, language, tmp_path):
    people(store)
    store.update_event_info(name="Cardiff Community Day")
    window = make_kiosk(data_dir, store, Clock())
    out = screenshot_dir(tmp_path)
    try:
        qtbot.waitExposed(window)
        problems: list[str] = []
        for name, strict in _screens(window):
            window.set_language(language)
            qtbot.wait(20)  # let the layouts settle
            problems += _problems(window, name, strict, text_scale)
            if out == tmp_path or (language, name) in _README_SHOTS.get(text_scale, ()):
                window.grab().save(str(out / f"kiosk-{name}-{language}-{int(text_scale * 100)}.png"))
        assert not problems, "\n".join(problems)
    finally:
        window.leave()


ENGLISH_CAMERA_NAMES = {"Camera view", "Camera scanner", "Camera preview", "Camera status", READY, OFF}


@pytest.mark.parametrize("language", ["en", "cy"])
@pytest.mark.parametrize("camera", ["view", "missing"])
def test_the_welcome_with_a_camera_is_accessible(qtbot, data_dir, store, monkeypatch, text_scale, language,
                                                 camera, tmp_path):
    """The welcome with the camera view (built, never opened: no camera is needed), and with the
    note for a chosen camera that is not there."""
    people(store)
    if camera == "view":
        view = CameraScanner()
        view.show_status(READY)  # what a running kiosk's camera says
        window = make_kiosk(data_dir, store, Clock(), camera=view)
    else:
        monkeypatch.setattr(window_module, "make_camera", lambda settings: (None, "camera 'usb-9' is not available"))
        window = make_kiosk(data_dir, store, Clock(), camera=window_module.AUTO_CAMERA)
    try:
        qtbot.waitExposed(window)
        window.set_language(language)
        qtbot.wait(20)
        problems = _problems(window, f"welcome-camera-{camera}", [], text_scale)
        assert not problems, "\n".join(problems)
        if camera == "view":
            parts = [window.camera, *window.camera.findChildren(QWidget)]
            names = {w.accessibleName() for w in parts if w.accessibleName()}
            assert {window.camera.preview.accessibleName(), window.camera.status_label.accessibleName()} <= names
            if language == "cy":
                assert not names & ENGLISH_CAMERA_NAMES, names  # every name inside it is Welsh too
                assert window.camera.status_label.text() not in ENGLISH_CAMERA_NAMES
        else:
            assert window.welcome.camera_note.isVisible()
        window.grab().save(str(tmp_path / f"kiosk-welcome-camera-{camera}-{language}-{int(text_scale * 100)}.png"))
    finally:
        window.leave()


# The pictures the README shows (written to docs/ with KIOSK_UPDATE_SCREENSHOTS=1).
_README_SHOTS = {1.0: {("en", "welcome"), ("cy", "result-welcome"), ("en", "result-problem")},
                2.0: {("cy", "forgot-not-found"), ("en", "staff-pin")}}


def test_accessible_names_follow_the_language(qtbot, data_dir, store):
    people(store)
    window = make_kiosk(data_dir, store, Clock())
    try:
        window.set_language("cy")
        assert window.welcome.forgot.accessibleName() == "Wedi anghofio eich tocyn?"
        assert window.forgot.surname.accessibleName() == "Cyfenw (enw teuluol)"
        window.set_language("en")
        assert window.forgot.surname.accessibleName() == "Surname (family name)"
    finally:
        window.leave()
