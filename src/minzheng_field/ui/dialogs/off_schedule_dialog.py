"""The persons taken off a visit schedule, since when and why; township staff put them back."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from minzheng_field.services.visit_plans import OffSchedule
from minzheng_field.ui.dialogs.assign_visitor_dialog import PlanDialog
from minzheng_field.ui.ops import visit_plans as ops
from minzheng_field.ui.session import UiSession


class OffScheduleDialog(PlanDialog):
    """A table of who is no longer visited; select one, give the reason, 恢复探访安排."""

    loaded = Signal(int)
    restored = Signal(object)

    def __init__(self, session: UiSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.persons: list[OffSchedule] = []
        self.setWindowTitle(self.tr("Taken off the visit schedule"))
        self.table = QTableWidget(0, 5)
        self.table.setObjectName("offScheduleTable")
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("Name"),
                self.tr("Village"),
                self.tr("For"),
                self.tr("Since"),
                self.tr("Reason"),
            ]
        )
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setStretchLastSection(True)
        for column, width in enumerate((90, 110, 150, 100)):
            self.table.setColumnWidth(column, width)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.reason = QLineEdit()
        self.reason.setObjectName("putBackReason")
        self.reason.setPlaceholderText(
            self.tr("Why visit again (e.g. back home from the care home)")
        )
        self.reason.textChanged.connect(lambda _t: self._update_buttons())
        self.reason.returnPressed.connect(self.put_back_selected)
        self.put_back_button = QPushButton(self.tr("Put back on the schedule"))
        self.put_back_button.setObjectName("putBackButton")
        self.put_back_button.clicked.connect(self.put_back_selected)
        close = QPushButton(self.tr("Close"))
        close.setAutoDefault(False)
        close.clicked.connect(self.reject)
        self.status.setObjectName("offScheduleStatus")
        self.status.setStyleSheet("color: #6b6b6b;")
        restore = QHBoxLayout()
        restore.addWidget(QLabel(self.tr("Reason")))
        restore.addWidget(self.reason, 1)
        restore.addWidget(self.put_back_button)
        restore.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.status)
        layout.addLayout(restore)
        # Only the township decides who is visited again (services/visit_plans.py).
        self.may_put_back = session.role.sees_whole_township
        for widget in (self.reason, self.put_back_button):
            widget.setVisible(self.may_put_back)
        self.resize(720, 420)
        self._update_buttons()
        self.reload()

    def reload(self) -> None:
        """Read the list on a reader thread."""
        ops.load_off_schedule(self.session, self).success(self._show).run_in_background()

    def _show(self, persons: list[OffSchedule]) -> None:
        self.persons = persons
        self.table.setRowCount(len(persons))
        for row, person in enumerate(persons):
            for column, text in enumerate(
                (
                    person.person_name,
                    person.village_name or "",
                    person.category_label,
                    person.since.isoformat(),
                    person.reason or "",
                )
            ):
                self.table.setItem(row, column, QTableWidgetItem(text))
        if not persons:
            self.status.setText(self.tr("Nobody is taken off a visit schedule."))
        else:
            self.status.setText(
                self.tr("{count} persons are no longer visited.").format(count=len(persons))
            )
        self.status.setStyleSheet("color: #6b6b6b;")
        self._update_buttons()
        self.loaded.emit(len(persons))

    def selected(self) -> OffSchedule | None:
        """The person chosen in the table."""
        rows = self.table.selectionModel().selectedRows()
        return self.persons[rows[0].row()] if rows else None

    def put_back_selected(self) -> None:
        """Put the chosen person back on their schedule with the reason typed."""
        person = self.selected()
        if person is None or self._busy or not self.may_put_back:
            return
        self._busy = True
        self._update_buttons()
        ops.put_back(
            self.session, self, person.person_id, person.category, self.reason.text()
        ).success(self._done).failure(self._show_error).run_in_background()

    def _done(self, change: object) -> None:
        self._busy = False
        self.reason.clear()
        self.restored.emit(change)
        self.reload()

    def _update_buttons(self) -> None:
        self.put_back_button.setEnabled(not self._busy and self.selected() is not None)
