"""The two planning views of 探访: today's plan by village and visitor, and monthly coverage."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import QPoint, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QMenu,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from minzheng_field.domain.calendar import china_today
from minzheng_field.domain.months import Month
from minzheng_field.domain.schedules import category_label
from minzheng_field.services.schedules import CoverageReport, PlanGroup
from minzheng_field.ui.dialogs.assign_visitor_dialog import AssignVisitorDialog
from minzheng_field.ui.dialogs.off_schedule_dialog import OffScheduleDialog
from minzheng_field.ui.dialogs.visit_dialog import VisitDialog
from minzheng_field.ui.ops import visit_plans as visit_plan_ops
from minzheng_field.ui.ops import visits as ops
from minzheng_field.ui.ops.base import show_error
from minzheng_field.ui.session import UiSession

_PERSON_ROLE = Qt.ItemDataRole.UserRole
_FIRST_NUMBER_COLUMN = 2
_NUMBER_ALIGNMENT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


# The visitor filter's choices besides a username.
_ALL = "*"
_UNASSIGNED = "-"


class DayPlanView(QWidget):
    """Due and overdue visits of today grouped by village and visitor; double-click visits.

    Select persons (or a village group's heading) and 指派探访人… to give them another
    visitor; the filter shows one visitor's persons only.
    """

    loaded = Signal(int)

    def __init__(self, session: UiSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.groups: list[PlanGroup] = []
        self.count_label = QLabel()
        self.count_label.setObjectName("planCount")
        self.visitor_filter = QComboBox()
        self.visitor_filter.setObjectName("visitorFilter")
        self.visitor_filter.setMinimumContentsLength(10)
        self.visitor_filter.currentIndexChanged.connect(lambda _i: self._render())
        self.assign_button = QPushButton(self.tr("Assign visitor…"))
        self.assign_button.setObjectName("assignVisitorButton")
        self.assign_button.setToolTip(
            self.tr("Give the selected persons (or a whole village group) another visitor")
        )
        self.assign_button.clicked.connect(self.assign_selected)
        self.off_schedule_button = QPushButton(self.tr("No longer visited…"))
        self.off_schedule_button.setObjectName("offScheduleButton")
        self.off_schedule_button.setToolTip(
            self.tr("Persons taken off a visit schedule, and putting them back")
        )
        self.off_schedule_button.clicked.connect(self.open_off_schedule)
        refresh = QPushButton(self.tr("Refresh"))
        refresh.clicked.connect(self.reload)
        bar = QHBoxLayout()
        bar.addWidget(self.count_label, 1)
        bar.addWidget(QLabel(self.tr("Visitor")))
        bar.addWidget(self.visitor_filter)
        bar.addWidget(self.assign_button)
        bar.addWidget(self.off_schedule_button)
        bar.addWidget(refresh)
        self.tree = QTreeWidget()
        self.tree.setObjectName("planTree")
        self.tree.setHeaderLabels(
            [
                self.tr("Village / person"),
                self.tr("For"),
                self.tr("Due"),
                self.tr("Overdue days"),
                self.tr("Last visit"),
            ]
        )
        for column, width in enumerate((200, 180, 110, 80)):
            self.tree.setColumnWidth(column, width)
        self.tree.setAlternatingRowColors(True)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.tree.itemActivated.connect(self._activated)
        self.tree.itemSelectionChanged.connect(self._update_buttons)
        self.tree.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.tree.customContextMenuRequested.connect(self._context_menu)
        hint = QLabel(
            self.tr(
                "Double-click a person (or press Enter) to fill in the visit; "
                "after finishing, 'Next person' opens the next one of the plan."
            )
        )
        hint.setStyleSheet("color: #6b6b6b;")
        hint.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.tree, 1)
        layout.addWidget(hint)
        self.dialog: VisitDialog | None = None
        self.assign_dialog: AssignVisitorDialog | None = None
        self.off_schedule_dialog: OffScheduleDialog | None = None
        self._fill_filter([])
        self._update_buttons()

    def reload(self) -> None:
        """Read today's plan on a reader thread."""
        ops.load_day_plan(self.session, self, china_today()).success(self._show).failure(
            lambda error: show_error(self, error)
        ).run_in_background()

    def _show(self, groups: list[PlanGroup]) -> None:
        self.groups = groups
        self._fill_filter(groups)
        self._render()

    def _fill_filter(self, groups: list[PlanGroup]) -> None:
        """The filter's choices: everyone, mine, each visitor of the plan, nobody assigned."""
        kept = self.visitor_filter.currentData()
        names: dict[str, str] = {}
        for group in groups:
            if group.visitor is not None and group.visitor != self.session.username:
                names[group.visitor] = group.visitor_name or group.visitor
        self.visitor_filter.blockSignals(True)
        self.visitor_filter.clear()
        self.visitor_filter.addItem(self.tr("Everyone"), _ALL)
        self.visitor_filter.addItem(self.tr("Only mine"), self.session.username)
        for username, name in sorted(names.items(), key=lambda item: (item[1], item[0])):
            self.visitor_filter.addItem(name, username)
        self.visitor_filter.addItem(self.tr("Not assigned"), _UNASSIGNED)
        index = self.visitor_filter.findData(kept) if kept is not None else 0
        self.visitor_filter.setCurrentIndex(max(index, 0))
        self.visitor_filter.blockSignals(False)

    def set_visitor_filter(self, username: str | None) -> None:
        """Show only the visits of `username` (None: everyone's)."""
        index = self.visitor_filter.findData(_ALL if username is None else username)
        if index < 0:
            self.visitor_filter.addItem(username or "", username)
            index = self.visitor_filter.count() - 1
        self.visitor_filter.setCurrentIndex(index)

    def shown_groups(self) -> list[PlanGroup]:
        """The plan's groups the visitor filter lets through."""
        wanted = self.visitor_filter.currentData()
        if wanted in (None, _ALL):
            return list(self.groups)
        visitor = None if wanted == _UNASSIGNED else wanted
        return [group for group in self.groups if group.visitor == visitor]

    def _render(self) -> None:
        self.tree.clear()
        total = 0
        for group in self.shown_groups():
            visitor = group.visitor_name or group.visitor or self.tr("no visitor assigned")
            village = group.village_name or self.tr("No village")
            head = QTreeWidgetItem(
                [
                    self.tr("{village} — {visitor} ({count})").format(
                        village=village, visitor=visitor, count=len(group.visits)
                    )
                ]
            )
            self.tree.addTopLevelItem(head)
            # Only an item already in the tree can span: before, Qt ignores the call.
            head.setFirstColumnSpanned(True)
            for visit in group.visits:
                total += 1
                item = QTreeWidgetItem(
                    [
                        visit.person_name,
                        visit.category_label,
                        visit.due_date.isoformat(),
                        str(visit.overdue_days) if visit.overdue_days > 0 else "",
                        visit.last_visited_on.isoformat()
                        if visit.last_visited_on
                        else self.tr("never"),
                    ]
                )
                item.setData(0, _PERSON_ROLE, (visit.person_id, visit.category))
                if visit.overdue_days > 0:
                    item.setForeground(3, Qt.GlobalColor.darkRed)
                head.addChild(item)
            head.setExpanded(True)
        self.count_label.setText(self.tr("{count} visits due or overdue today").format(count=total))
        self._update_buttons()
        self.loaded.emit(total)

    def plan_entries(self) -> list[tuple[str, str]]:
        """(person, category) of every visit of the plan as shown, in order."""
        return [(v.person_id, v.category) for g in self.shown_groups() for v in g.visits]

    def selected_entries(self) -> list[tuple[str, str]]:
        """(person, category) of the selected visits; a selected group heading brings its own."""
        entries: list[tuple[str, str]] = []
        for item in self.tree.selectedItems():
            data = item.data(0, _PERSON_ROLE)
            if data is not None:
                entries.append(tuple(data))
            else:
                for row in range(item.childCount()):
                    entries.append(tuple(item.child(row).data(0, _PERSON_ROLE)))
        return list(dict.fromkeys(entries))

    def _update_buttons(self) -> None:
        self.assign_button.setEnabled(bool(self.tree.selectedItems()))

    def assign_selected(self) -> AssignVisitorDialog | None:
        """Open 指派探访人 for the selected persons; the plan reloads once assigned."""
        entries = self.selected_entries()
        if not entries:
            return None
        dialog = AssignVisitorDialog(self.session, entries, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.assigned.connect(lambda _changes: self.reload())
        self.assign_dialog = dialog
        dialog.show()
        return dialog

    def open_off_schedule(self) -> OffScheduleDialog:
        """Open the list of persons no longer visited; a put-back reloads the plan."""
        dialog = OffScheduleDialog(self.session, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.restored.connect(lambda _change: self.reload())
        self.off_schedule_dialog = dialog
        dialog.show()
        return dialog

    def take_off(self, person_id: str, category: str, reason: str) -> None:
        """Take a person off this category's schedule (township staff), then reload."""
        visit_plan_ops.take_off(self.session, self, person_id, category, reason).success(
            lambda _change: self.reload()
        ).run_in_background()

    def _context_menu(self, position: QPoint) -> None:
        item = self.tree.itemAt(position)
        if item is None:
            return
        if not item.isSelected():
            self.tree.setCurrentItem(item)
        menu = QMenu(self)
        menu.addAction(self.tr("Assign visitor…"), self.assign_selected)
        data = item.data(0, _PERSON_ROLE)
        if data is not None and self.session.role.sees_whole_township:
            menu.addAction(
                self.tr("Take off the visit schedule…"), lambda: self._ask_take_off(*data)
            )
        menu.exec(self.tree.viewport().mapToGlobal(position))

    def _ask_take_off(self, person_id: str, category: str) -> None:
        reason, ok = QInputDialog.getText(
            self,
            self.tr("Take off the visit schedule"),
            self.tr("Why is this person no longer visited (e.g. moved into a care home)?"),
        )
        if ok:
            self.take_off(person_id, category, reason)

    def _activated(self, item: QTreeWidgetItem, _column: int) -> None:
        data = item.data(0, _PERSON_ROLE)
        if data is not None:
            self.open_visit(*data)

    def open_visit(self, person_id: str, category: str) -> VisitDialog:
        """Open the visit dialog of a person, the rest of the plan queued for fast entry."""
        entries = self.plan_entries()
        position = entries.index((person_id, category)) if (person_id, category) in entries else -1
        queue = entries[position + 1 :] if position >= 0 else []
        dialog = VisitDialog(self.session, person_id, category, self, queue=queue)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(lambda _r: self.reload())
        self.dialog = dialog
        dialog.show()
        return dialog


class CoverageView(QWidget):
    """A month's visit rate per village and category, who is not yet contacted, and export."""

    loaded = Signal(object)
    exported = Signal(str)

    def __init__(self, session: UiSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.report: CoverageReport | None = None
        self.month_choice = QComboBox()
        self.month_choice.setObjectName("coverageMonth")
        current = Month.from_date(china_today())
        for back in range(12):
            month = current.plus(-back)
            self.month_choice.addItem(
                self.tr("{year}-{month:02d}").format(year=month.year, month=month.month),
                month.first_day().isoformat(),  # text: Qt would make a date a QDate
            )
        self.month_choice.currentIndexChanged.connect(lambda _i: self.reload())
        self.total_label = QLabel()
        self.total_label.setObjectName("coverageTotal")
        self.export_button = QPushButton(self.tr("Export CSV…"))
        self.export_button.setObjectName("exportButton")
        self.export_button.clicked.connect(self._choose_export)
        bar = QHBoxLayout()
        bar.addWidget(QLabel(self.tr("Month")))
        bar.addWidget(self.month_choice)
        bar.addWidget(self.total_label, 1)
        bar.addWidget(self.export_button)
        self.rows_table = self._table(
            "coverageTable",
            [
                self.tr("Village"),
                self.tr("For"),
                self.tr("Enrolled"),
                self.tr("Contacted"),
                self.tr("Rate"),
            ],
        )
        self.missing_table = self._table(
            "notContactedTable",
            [
                self.tr("Not yet contacted"),
                self.tr("Village"),
                self.tr("For"),
                self.tr("Last visit"),
                self.tr("Visitor"),
            ],
        )
        for table in (self.rows_table, self.missing_table):
            for column, width in enumerate((120, 200, 110, 110)):
                table.setColumnWidth(column, width)
        # The rate is a short number: the table ends after it rather than stretching it.
        self.rows_table.horizontalHeader().setStretchLastSection(False)
        self.rows_table.setColumnWidth(4, 110)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.rows_table)
        splitter.addWidget(self.missing_table)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(splitter, 1)
        self._rows_key: list[tuple[str, str]] = []

    @staticmethod
    def _table(name: str, headers: list[str]) -> QTableWidget:
        table = QTableWidget(0, len(headers))
        table.setObjectName(name)
        table.setHorizontalHeaderLabels(headers)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.verticalHeader().hide()
        table.horizontalHeader().setStretchLastSection(True)
        table.setAlternatingRowColors(True)
        return table

    def month(self) -> Month:
        """The month chosen."""
        return Month.from_date(date.fromisoformat(self.month_choice.currentData()))

    def reload(self) -> None:
        """Count the chosen month on a reader thread."""
        ops.load_coverage(self.session, self, self.month()).success(self._show).failure(
            lambda error: show_error(self, error)
        ).run_in_background()

    def _show(self, report: CoverageReport) -> None:
        self.report = report
        lines = [
            (row.village_name or "", row.category_label, row.enrolled, row.contacted, False)
            for row in report.rows
        ]
        # The township's figure of each category, as the national rate reports it.
        lines.extend(
            (self.tr("Township"), category_label(category), total.enrolled, total.contacted, True)
            for category, total in report.by_category.items()
        )
        self.rows_table.setRowCount(len(lines))
        for row_number, (village, label, enrolled, contacted, is_total) in enumerate(lines):
            rate = f"{contacted / enrolled:.1%}" if enrolled else ""
            texts = (village, label, str(enrolled), str(contacted), rate)
            for column, text in enumerate(texts):
                item = QTableWidgetItem(text)
                if column >= _FIRST_NUMBER_COLUMN:
                    item.setTextAlignment(_NUMBER_ALIGNMENT)
                if is_total:
                    font = item.font()
                    font.setBold(True)
                    item.setFont(font)
                self.rows_table.setItem(row_number, column, item)
        self.missing_table.setRowCount(len(report.not_contacted))
        for row_number, person in enumerate(report.not_contacted):
            last = (
                person.last_visited_on.isoformat() if person.last_visited_on else self.tr("never")
            )
            for column, text in enumerate(
                (
                    person.person_name,
                    person.village_name or "",
                    person.category_label,
                    last,
                    person.visitor_name or person.visitor or "",
                )
            ):
                self.missing_table.setItem(row_number, column, QTableWidgetItem(text))
        total = report.total
        self.total_label.setText(
            self.tr(
                "Contacted {contacted} of {enrolled} ({rate}); {missing} not yet contacted"
            ).format(
                contacted=total.contacted,
                enrolled=total.enrolled,
                rate="" if total.rate is None else f"{total.rate:.1%}",
                missing=len(report.not_contacted),
            )
        )
        self.loaded.emit(report)

    def _choose_export(self) -> None:
        if self.report is None:
            return
        name, _filter = QFileDialog.getSaveFileName(
            self,
            self.tr("Export coverage"),
            f"探访覆盖-{self.report.month}.csv",
            self.tr("CSV files (*.csv)"),
        )
        if name:
            self.export_to(Path(name))

    def export_to(self, target: Path) -> None:
        """Write the shown report as CSV through the services (the export is logged)."""
        if self.report is None:
            return
        ops.export_coverage(self.session, self, self.report, target).success(
            lambda _r: self.exported.emit(str(target))
        ).run_in_background()
