"""A session's report form, opened by scanning the session's slip (its QR says `session:ID`) at the
desk or over the grid window, or from the grid window's menu.

The form is filled with the keyboard: participants, key points, one row per action with its owner
(Alt+N adds a row), the people to involve one a line, then Enter or OK saves. It saves through the
grid editor, whose rules answer in words ("Each action needs an owner") in the form itself; the
form closes only once the report is recorded. It is window-modal and opened with `open()`, not a
nested event loop, so the scanner and the grid's polling go on underneath.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QMessageBox, QPlainTextEdit, QPushButton, QWidget

from kiosk.core.errors import KioskError, RefusedError
from kiosk.event import OpenEvent
from kiosk.grid.model import Session
from kiosk.grid.pdf import where_text
from kiosk.grid.reports import Action, report_of
from kiosk.ui.dialogs import _Form

FIRST_ROWS = 3  # empty action rows on a new report: most sessions name one to three
OWNER_W = 180  # px: a name or a team


class SessionReportDialog(_Form):
    def __init__(self, event: OpenEvent, session: Session, note: str = "", parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Session report: {0}").format(session.title), parent)
        self.open_event, self.session = event, session
        grid = event.grid.grid()
        heading = QLabel(f"<b>{_html(session.title)}</b><br>{_html(', '.join(session.conveners))}"
                         f" · {_html(self._where(grid, session))}" + (f"<br><i>{_html(note)}</i>" if note else ""))
        heading.setWordWrap(True)
        heading.setAccessibleName(self.tr("Session"))
        self.form.addRow(heading)
        report = report_of(session)
        self.participants = self.field(self.tr("&Participants (how many took part)"), self.tr("Participants"),
                                       "" if report.participants is None else str(report.participants))
        self.key_points = _text_box(self.tr("Key points"), report.key_points)
        self.form.addRow(self.tr("&Key points"), self.key_points)
        self.action_rows: list[tuple[QLineEdit, QLineEdit]] = []
        heads = QHBoxLayout()  # the two columns said once, since a filled row shows no placeholder
        what_head, who_head = QLabel(self.tr("What will happen")), QLabel(self.tr("Who will do it"))
        who_head.setFixedWidth(OWNER_W)
        heads.addWidget(what_head, 3)
        heads.addWidget(who_head, 1)
        self.form.addRow(self.tr("Actions"), heads)
        for action in report.actions:
            self.add_action(action.text, action.owner)
        for _ in range(max(1, FIRST_ROWS - len(report.actions))):
            self.add_action()
        self.more = QPushButton(self.tr("Add another action (Alt+N)"))
        self.more.clicked.connect(lambda: self.add_action(focus=True))
        self.form.addRow(self.more)
        # A shortcut of the form, not the button's mnemonic: a mnemonic did not reach the button
        # while a line edit had the focus.
        QShortcut(QKeySequence("Alt+N"), self, lambda: self.add_action(focus=True))
        self.involve = _text_box(self.tr("People to involve, one a line"), "\n".join(report.involve))
        self.form.addRow(self.tr("People to &involve\n(one a line)"), self.involve)
        self.setMinimumWidth(760)
        self.buttons.button(self.buttons.StandardButton.Ok).setText(self.tr("&Save report"))

    def _where(self, grid, session: Session) -> str:
        """kiosk.grid.pdf.where_text in the desk's language ("10:00–11:00, Main Hall")."""
        where = where_text(grid, session)
        return self.tr("not placed") if where == "not placed" else where

    def add_action(self, text: str = "", owner: str = "", focus: bool = False) -> None:
        """One more row: the action and who will do it. A row left empty is not saved."""
        number = len(self.action_rows) + 1
        what, who = QLineEdit(text), QLineEdit(owner)
        what.setAccessibleName(self.tr("Action {0}").format(number))
        what.setPlaceholderText(self.tr("What will happen"))
        who.setAccessibleName(self.tr("Owner of action {0}").format(number))
        who.setPlaceholderText(self.tr("Who will do it"))
        who.setFixedWidth(OWNER_W)
        what.setCursorPosition(0)  # a long action shows its start, not its end
        who.setCursorPosition(0)
        row = QHBoxLayout()
        row.addWidget(what, 3)
        row.addWidget(who, 1)
        # Rows go after the last one, before "Add another action"; the tab order follows them.
        at = self.form.rowCount() if not self.action_rows else self._row_of(self.action_rows[-1][1]) + 1
        self.form.insertRow(at, self.tr("Action {0}").format(number), row)
        if self.action_rows:
            QWidget.setTabOrder(self.action_rows[-1][1], what)
        QWidget.setTabOrder(what, who)
        if hasattr(self, "more"):
            QWidget.setTabOrder(who, self.more)
        self.action_rows.append((what, who))
        if focus:  # once the new row is shown: the layout shows it on the next turn of the event loop
            QTimer.singleShot(0, what.setFocus)

    def _row_of(self, widget: QWidget) -> int:
        for row in range(self.form.rowCount()):
            item = self.form.itemAt(row, self.form.ItemRole.FieldRole)
            layout = item.layout() if item is not None else None
            if layout is not None and layout.indexOf(widget) >= 0:
                return row
        return self.form.rowCount()

    def values(self) -> dict[str, str]:
        return {"participants": self.participants.text(), "key_points": self.key_points.toPlainText(),
                "involve": self.involve.toPlainText()}

    def typed_actions(self) -> list[Action]:
        return [Action(what.text(), who.text()) for what, who in self.action_rows
                if what.text().strip() or who.text().strip()]

    def check(self, values: dict[str, str]) -> None:
        """Saves every part as the form shows it (a part emptied here is emptied in the report): the
        editor's rules refuse in words, and the form stays open with what was typed."""
        self.session = self.open_event.grid.report(
            self.session.id, participants=values["participants"], key_points=values["key_points"],
            actions=self.typed_actions(), involve=values["involve"].splitlines())


def _text_box(accessible: str, text: str) -> QPlainTextEdit:
    box = QPlainTextEdit(text)
    box.setAccessibleName(accessible)
    box.setTabChangesFocus(True)  # Tab goes on to the next field; Enter is a new line
    box.setMinimumHeight(90)
    return box


def _html(text: str) -> str:
    import html

    return html.escape(text)


def open_session_report(parent: QWidget, event: OpenEvent, session_id: str) -> SessionReportDialog | None:
    """Open the form for the session a slip names; a session merged since opens the one it joined."""
    note = ""
    try:
        session = event.grid.session(session_id)
        for _ in range(20):  # a chain of merges, never a loop
            if not session.merged_into:
                break
            note = QCoreApplication.translate(
                "SessionReportDialog", "“{0}” was merged into this session: its report goes here.")
            note = note.format(session.title)
            session = event.grid.session(session.merged_into)
    except RefusedError:
        title = QCoreApplication.translate("SessionReportDialog", "Session not found")
        box = QMessageBox(QMessageBox.Icon.Information, title, QCoreApplication.translate(
            "SessionReportDialog", "This slip is for session {0}, which is not in this event's grid. "
                                   "Check the slip is from today's event.").format(session_id),
            QMessageBox.StandardButton.Ok, parent)
        box.setAccessibleName(title)
        box.open()
        parent.setProperty("session_report_problem", box.text())
        return None
    except KioskError as exc:  # storage trouble, in words
        QMessageBox.warning(parent, QCoreApplication.translate("SessionReportDialog", "Could not open the report"),
                            exc.message)
        return None
    dialog = SessionReportDialog(event, session, note, parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog


def open_for_scan(desk: QWidget, event: OpenEvent, session_id: str, grid_window: QWidget | None) -> None:
    """The desk's scanner read a session slip: the form opens over the grid window when that is the
    window in use, else over the desk; a save there redraws the grid."""
    use_grid = grid_window is not None and grid_window.isVisible() and grid_window.isActiveWindow()
    parent = grid_window if use_grid and grid_window is not None else desk
    opener = getattr(parent, "open_report", None)
    if callable(opener):
        opener(session_id)
        return
    desk.session_report = open_session_report(parent, event, session_id)  # type: ignore[attr-defined]
