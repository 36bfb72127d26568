"""Choose who visits the persons selected in the day's plan, among those who may visit there."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from minzheng_field.diagnostics import user_message
from minzheng_field.domain.errors import MinzhengError
from minzheng_field.services.visit_plans import VisitorChoice
from minzheng_field.ui.ops import visit_plans as ops
from minzheng_field.ui.ops.base import show_error
from minzheng_field.ui.session import UiSession

_USERNAME_ROLE = Qt.ItemDataRole.UserRole


class PlanDialog(QDialog):
    """A dialog of visit plans that shows a refusal in its `status` label, in Chinese."""

    failed = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._busy = False
        self.status = QLabel()
        self.status.setWordWrap(True)

    def _update_buttons(self) -> None:
        """Enable what may be pressed now."""

    def _show_error(self, error: Exception) -> None:
        self._busy = False
        self._update_buttons()
        if not isinstance(error, MinzhengError):
            show_error(self, error)  # logs what is not the user's to fix
            return
        message = user_message(error)
        self.status.setText(message)
        self.status.setStyleSheet("color: #b3261e;")
        self.failed.emit(message)


class AssignVisitorDialog(PlanDialog):
    """A list of the users who may visit every selected person; Enter assigns the chosen one."""

    loaded = Signal(int)
    assigned = Signal(object)

    def __init__(
        self,
        session: UiSession,
        entries: Sequence[tuple[str, str]],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.session = session
        self._busy = True
        self.entries = list(dict.fromkeys(entries))
        self.visitors: list[VisitorChoice] = []
        self.result_changes: object = None
        persons = len({person_id for person_id, _category in self.entries})
        self.setWindowTitle(self.tr("Assign visitor"))
        intro = QLabel(
            self.tr("Who visits the selected persons ({count}) from now on?").format(count=persons)
        )
        intro.setWordWrap(True)
        self.visitor_list = QListWidget()
        self.visitor_list.setObjectName("visitorList")
        self.visitor_list.itemActivated.connect(lambda _item: self._assign_chosen())
        self.visitor_list.currentItemChanged.connect(lambda *_a: self._update_buttons())
        self.status.setText(self.tr("Loading who may visit there…"))
        self.status.setObjectName("assignStatus")
        # Room for a two-line message: the dialog does not grow when an error replaces the hint.
        self.status.setMinimumHeight(2 * self.status.fontMetrics().lineSpacing() + 4)
        self.status.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.buttons = QDialogButtonBox()
        self.assign_button = self.buttons.addButton(
            self.tr("Assign"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.assign_button.setObjectName("assignButton")
        self.assign_button.setDefault(True)
        cancel = self.buttons.addButton(self.tr("Cancel"), QDialogButtonBox.ButtonRole.RejectRole)
        cancel.setAutoDefault(False)
        self.buttons.accepted.connect(self._assign_chosen)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.visitor_list, 1)
        layout.addWidget(self.status)
        layout.addWidget(self.buttons)
        self.resize(380, 360)
        self._update_buttons()
        ops.load_visitors(session, self, (p for p, _c in self.entries)).success(self._show).failure(
            self._show_error
        ).run_in_background()

    def _show(self, visitors: list[VisitorChoice]) -> None:
        self._busy = False
        self.visitors = visitors
        self.visitor_list.clear()
        for choice in visitors:
            text = self.tr("{name} ({role})").format(
                name=choice.display_name, role=choice.role_label
            )
            if choice.username == self.session.username:
                text = self.tr("{visitor} — me").format(visitor=text)
            item = QListWidgetItem(text)
            item.setData(_USERNAME_ROLE, choice.username)
            self.visitor_list.addItem(item)
        if visitors:
            self.visitor_list.setCurrentRow(0)
            self.status.setText(
                self.tr("Only users who may visit every selected person are listed.")
            )
            self.status.setStyleSheet("color: #6b6b6b;")
        else:
            self.status.setText(
                self.tr(
                    "Nobody may visit all the selected persons; "
                    "select the persons of one village at a time."
                )
            )
        self.visitor_list.setFocus()
        self._update_buttons()
        self.loaded.emit(len(visitors))

    def chosen(self) -> str | None:
        """The username of the chosen visitor."""
        item = self.visitor_list.currentItem()
        return None if item is None else item.data(_USERNAME_ROLE)

    def _assign_chosen(self) -> None:
        username = self.chosen()
        if username is not None and not self._busy:
            self.assign_to(username)

    def assign_to(self, username: str) -> None:
        """Assign `username` to every selected entry on the writer thread (all or none)."""
        self._busy = True
        self._update_buttons()
        ops.assign(self.session, self, self.entries, username).success(self._done).failure(
            self._show_error
        ).run_in_background()

    def _done(self, changes: object) -> None:
        self._busy = False
        self.result_changes = changes
        self.assigned.emit(changes)
        self.accept()

    def _update_buttons(self) -> None:
        self.assign_button.setEnabled(
            not self._busy and self.visitor_list.currentItem() is not None
        )
