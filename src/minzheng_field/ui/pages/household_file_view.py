"""The household file (一户一档): header, members, programs, care files, visits, tasks,
documents and history of one household, as the user's role may see it.

The file is read with `open_household` on a reader thread; whatever the DTO leaves out for
a village cadre has no label or column here either. Every operation that concerns this
household (its id, a member's, an enrolment's, a file's) reloads the view.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, date, datetime, timedelta, timezone
from functools import partial
from typing import Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractTableModel,
    QCoreApplication,
    QDate,
    QLocale,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QBrush, QColor, QFont, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QPushButton,
    QStackedWidget,
    QTableView,
    QTabWidget,
    QToolButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from minzheng_field.diagnostics import user_message
from minzheng_field.domain.labelled_enum import LabelledStrEnum
from minzheng_field.domain.person_fields import (
    DisabilityCategory,
    DisabilityGrade,
    EmploymentStatus,
    Ethnicity,
    HealthStatus,
    LabourCapacity,
    MaritalStatus,
    PendingReason,
    Relationship,
)
from minzheng_field.domain.programs import (
    EnrolmentStatus,
    Program,
    SelfCareLevel,
    SupportMode,
    TemporaryAssistanceType,
)
from minzheng_field.domain.schedules import category_label
from minzheng_field.domain.work import TaskStatus
from minzheng_field.forms.definition import FollowUpKind
from minzheng_field.services.care_files import (
    ChildCategory,
    ElderCategory,
    GuardianCapacity,
    GuardianshipType,
    ParentSituation,
    RiskLevel,
)
from minzheng_field.services.care_queries import WorkerOption, care_workers
from minzheng_field.services.household_file import (
    HistoryEntry,
    HouseholdFile,
    MemberView,
    ProgramView,
)
from minzheng_field.services.recording import Change
from minzheng_field.services.visibility import full_sight
from minzheng_field.services.visit_choices import visit_choices
from minzheng_field.ui.database import Cancelled
from minzheng_field.ui.dialogs.child_file_editor import edit_child_file
from minzheng_field.ui.dialogs.death_dialog import DeathDialog
from minzheng_field.ui.dialogs.elder_file_editor import edit_elder_file
from minzheng_field.ui.dialogs.household_editor import ChangeHeadDialog, HouseholdEditor
from minzheng_field.ui.dialogs.member_editor import (
    MemberEditor,
    MoveMemberDialog,
    RemoveMemberDialog,
)
from minzheng_field.ui.dialogs.task_dialog import TaskDialog, show_task
from minzheng_field.ui.dialogs.visit_dialog import VisitDialog
from minzheng_field.ui.ops import households as ops
from minzheng_field.ui.session import UiSession
from minzheng_field.ui.widgets.forms import LINK_BUTTON_STYLE

_CHINA = timezone(timedelta(hours=8))
_DIM = QColor("#777777")
_CHIP_STYLES = {
    "info": "background:#e8f0fe; color:#174ea6;",
    "warn": "background:#fef7e0; color:#8a5300;",
    "alert": "background:#fce8e6; color:#a50e0e;",
}

# Column names of audit entries as the user reads them.
_FIELD_LABELS: Mapping[str, str] = {
    "village_code": QT_TRANSLATE_NOOP("HouseholdFields", "Village"),
    "head_person_id": QT_TRANSLATE_NOOP("HouseholdFields", "Head of household"),
    "address": QT_TRANSLATE_NOOP("HouseholdFields", "Address"),
    "phone": QT_TRANSLATE_NOOP("HouseholdFields", "Phone"),
    "housing": QT_TRANSLATE_NOOP("HouseholdFields", "Housing"),
    "bank_name": QT_TRANSLATE_NOOP("HouseholdFields", "Bank"),
    "bank_account": QT_TRANSLATE_NOOP("HouseholdFields", "Bank account"),
    "dibao_certificate_no": QT_TRANSLATE_NOOP("HouseholdFields", "Dibao certificate no."),
    "relative_declared": QT_TRANSLATE_NOOP("HouseholdFields", "Relative of staff declared"),
    "notes": QT_TRANSLATE_NOOP("HouseholdFields", "Notes"),
    "household_id": QT_TRANSLATE_NOOP("HouseholdFields", "Household"),
    "person_id": QT_TRANSLATE_NOOP("HouseholdFields", "Person"),
    "relation": QT_TRANSLATE_NOOP("HouseholdFields", "Relation to head"),
    "name": QT_TRANSLATE_NOOP("HouseholdFields", "Name"),
    "sex": QT_TRANSLATE_NOOP("HouseholdFields", "Sex"),
    "ethnicity": QT_TRANSLATE_NOOP("HouseholdFields", "Ethnicity"),
    "resident_id": QT_TRANSLATE_NOOP("HouseholdFields", "ID number"),
    "birth_date": QT_TRANSLATE_NOOP("HouseholdFields", "Date of birth"),
    "pending_verification": QT_TRANSLATE_NOOP("HouseholdFields", "To be verified"),
    "pending_reason": QT_TRANSLATE_NOOP("HouseholdFields", "Reason to verify"),
    "marital_status": QT_TRANSLATE_NOOP("HouseholdFields", "Marital status"),
    "health": QT_TRANSLATE_NOOP("HouseholdFields", "Health"),
    "disability_category": QT_TRANSLATE_NOOP("HouseholdFields", "Disability category"),
    "disability_grade": QT_TRANSLATE_NOOP("HouseholdFields", "Disability grade"),
    "labour_capacity": QT_TRANSLATE_NOOP("HouseholdFields", "Labour capacity"),
    "employment": QT_TRANSLATE_NOOP("HouseholdFields", "Employment"),
    "hukou_address": QT_TRANSLATE_NOOP("HouseholdFields", "Registered residence"),
    "current_address": QT_TRANSLATE_NOOP("HouseholdFields", "Current address"),
    "deceased_on": QT_TRANSLATE_NOOP("HouseholdFields", "Date of death"),
    "program": QT_TRANSLATE_NOOP("HouseholdFields", "Program"),
    "status": QT_TRANSLATE_NOOP("HouseholdFields", "Status"),
    "applied_on": QT_TRANSLATE_NOOP("HouseholdFields", "Applied on"),
    "decided_on": QT_TRANSLATE_NOOP("HouseholdFields", "Decided on"),
    "start_month": QT_TRANSLATE_NOOP("HouseholdFields", "Start month"),
    "end_month": QT_TRANSLATE_NOOP("HouseholdFields", "End month"),
    "monthly_amount_fen": QT_TRANSLATE_NOOP("HouseholdFields", "Monthly amount"),
    "covered_members": QT_TRANSLATE_NOOP("HouseholdFields", "Covered members"),
    "support_mode": QT_TRANSLATE_NOOP("HouseholdFields", "Support mode"),
    "self_care_level": QT_TRANSLATE_NOOP("HouseholdFields", "Self-care level"),
    "carer_name": QT_TRANSLATE_NOOP("HouseholdFields", "Carer"),
    "carer_phone": QT_TRANSLATE_NOOP("HouseholdFields", "Carer's phone"),
    "assistance_type": QT_TRANSLATE_NOOP("HouseholdFields", "Assistance type"),
    "assistance_amount_fen": QT_TRANSLATE_NOOP("HouseholdFields", "Assistance amount"),
    "review_cycle_months": QT_TRANSLATE_NOOP("HouseholdFields", "Review cycle (months)"),
    "next_review_on": QT_TRANSLATE_NOOP("HouseholdFields", "Next review"),
    "per_capita_income_fen": QT_TRANSLATE_NOOP("HouseholdFields", "Per-capita income"),
    "dibao_class": QT_TRANSLATE_NOOP("HouseholdFields", "Dibao class"),
    "assistance_reason": QT_TRANSLATE_NOOP("HouseholdFields", "Reason for assistance"),
    "enrolment_id": QT_TRANSLATE_NOOP("HouseholdFields", "Enrolment"),
    "from_status": QT_TRANSLATE_NOOP("HouseholdFields", "From"),
    "to_status": QT_TRANSLATE_NOOP("HouseholdFields", "To"),
    "effective_on": QT_TRANSLATE_NOOP("HouseholdFields", "Effective on"),
    "reason": QT_TRANSLATE_NOOP("HouseholdFields", "Reason"),
    "basis": QT_TRANSLATE_NOOP("HouseholdFields", "Amount basis"),
    "category": QT_TRANSLATE_NOOP("HouseholdFields", "Category"),
    "father_situation": QT_TRANSLATE_NOOP("HouseholdFields", "Father"),
    "father_whereabouts": QT_TRANSLATE_NOOP("HouseholdFields", "Father's whereabouts"),
    "father_away_since": QT_TRANSLATE_NOOP("HouseholdFields", "Father away since"),
    "father_phone": QT_TRANSLATE_NOOP("HouseholdFields", "Father's phone"),
    "mother_situation": QT_TRANSLATE_NOOP("HouseholdFields", "Mother"),
    "mother_whereabouts": QT_TRANSLATE_NOOP("HouseholdFields", "Mother's whereabouts"),
    "mother_away_since": QT_TRANSLATE_NOOP("HouseholdFields", "Mother away since"),
    "mother_phone": QT_TRANSLATE_NOOP("HouseholdFields", "Mother's phone"),
    "guardian_name": QT_TRANSLATE_NOOP("HouseholdFields", "Guardian"),
    "guardian_relation": QT_TRANSLATE_NOOP("HouseholdFields", "Guardian's relation"),
    "guardian_age": QT_TRANSLATE_NOOP("HouseholdFields", "Guardian's age"),
    "guardian_phone": QT_TRANSLATE_NOOP("HouseholdFields", "Guardian's phone"),
    "guardian_capacity": QT_TRANSLATE_NOOP("HouseholdFields", "Guardian's capacity"),
    "guardianship_type": QT_TRANSLATE_NOOP("HouseholdFields", "Guardianship"),
    "entrusted_in_writing": QT_TRANSLATE_NOOP("HouseholdFields", "Entrusted in writing"),
    "school": QT_TRANSLATE_NOOP("HouseholdFields", "School"),
    "grade": QT_TRANSLATE_NOOP("HouseholdFields", "Grade"),
    "last_parent_contact_on": QT_TRANSLATE_NOOP("HouseholdFields", "Last contact with parents"),
    "risk_level": QT_TRANSLATE_NOOP("HouseholdFields", "Risk level"),
    "child_director": QT_TRANSLATE_NOOP("HouseholdFields", "Child director"),
    "categories": QT_TRANSLATE_NOOP("HouseholdFields", "Categories"),
    "risk_tier": QT_TRANSLATE_NOOP("HouseholdFields", "Risk level"),
    "living_arrangement": QT_TRANSLATE_NOOP("HouseholdFields", "Living arrangement"),
    "care_needs": QT_TRANSLATE_NOOP("HouseholdFields", "Care needs"),
    "emergency_contact_name": QT_TRANSLATE_NOOP("HouseholdFields", "Emergency contact"),
    "emergency_contact_phone": QT_TRANSLATE_NOOP("HouseholdFields", "Emergency contact's phone"),
    "responsible": QT_TRANSLATE_NOOP("HouseholdFields", "Responsible"),
    "staff_name": QT_TRANSLATE_NOOP("HouseholdFields", "Staff member"),
    "staff_username": QT_TRANSLATE_NOOP("HouseholdFields", "Staff account"),
    "staff_position": QT_TRANSLATE_NOOP("HouseholdFields", "Position"),
    "declared_on": QT_TRANSLATE_NOOP("HouseholdFields", "Declared on"),
    "kind": QT_TRANSLATE_NOOP("HouseholdFields", "Kind"),
    "number": QT_TRANSLATE_NOOP("HouseholdFields", "Number"),
    "issued_on": QT_TRANSLATE_NOOP("HouseholdFields", "Issued on"),
    "served_on": QT_TRANSLATE_NOOP("HouseholdFields", "Served on"),
    "content": QT_TRANSLATE_NOOP("HouseholdFields", "Content"),
}

_ENTITY_LABELS: Mapping[str, str] = {
    "households": QT_TRANSLATE_NOOP("HouseholdFields", "Household"),
    "persons": QT_TRANSLATE_NOOP("HouseholdFields", "Member"),
    "enrolments": QT_TRANSLATE_NOOP("HouseholdFields", "Program"),
    "enrolment_events": QT_TRANSLATE_NOOP("HouseholdFields", "Program status"),
    "child_files": QT_TRANSLATE_NOOP("HouseholdFields", "Child file"),
    "elder_files": QT_TRANSLATE_NOOP("HouseholdFields", "Elder file"),
    "relative_declarations": QT_TRANSLATE_NOOP("HouseholdFields", "Relative declaration"),
    "notices": QT_TRANSLATE_NOOP("HouseholdFields", "Document"),
}

_ACTION_LABELS: Mapping[str, str] = {
    "create": QT_TRANSLATE_NOOP("HouseholdFields", "created"),
    "update": QT_TRANSLATE_NOOP("HouseholdFields", "changed"),
    "delete": QT_TRANSLATE_NOOP("HouseholdFields", "removed"),
}

# Codes without a domain enum yet (visits, tasks, notices): the values the app writes.
_CODE_LABELS: Mapping[str, str] = {
    "home": QT_TRANSLATE_NOOP("HouseholdFields", "Home visit"),
    "phone": QT_TRANSLATE_NOOP("HouseholdFields", "Phone call"),
    "video": QT_TRANSLATE_NOOP("HouseholdFields", "Video call"),
    "draft": QT_TRANSLATE_NOOP("HouseholdFields", "Draft"),
    "final": QT_TRANSLATE_NOOP("HouseholdFields", "Final"),
    "review": QT_TRANSLATE_NOOP("HouseholdFields", "Review"),
    "follow_up": QT_TRANSLATE_NOOP("HouseholdFields", "Follow-up"),
    "documents": QT_TRANSLATE_NOOP("HouseholdFields", "Missing documents"),
    "open": QT_TRANSLATE_NOOP("HouseholdFields", "Open"),
    "done": QT_TRANSLATE_NOOP("HouseholdFields", "Done"),
    "cancelled": QT_TRANSLATE_NOOP("HouseholdFields", "Cancelled"),
}

_FOLLOW_UP_KINDS = frozenset(kind.value for kind in FollowUpKind)

_VALUE_ENUMS: Mapping[str, type[LabelledStrEnum]] = {
    "relation": Relationship,
    "ethnicity": Ethnicity,
    "marital_status": MaritalStatus,
    "health": HealthStatus,
    "disability_category": DisabilityCategory,
    "disability_grade": DisabilityGrade,
    "labour_capacity": LabourCapacity,
    "employment": EmploymentStatus,
    "pending_reason": PendingReason,
    "program": Program,
    "status": EnrolmentStatus,
    "from_status": EnrolmentStatus,
    "to_status": EnrolmentStatus,
    "support_mode": SupportMode,
    "self_care_level": SelfCareLevel,
    "assistance_type": TemporaryAssistanceType,
    "father_situation": ParentSituation,
    "mother_situation": ParentSituation,
    "guardianship_type": GuardianshipType,
    "guardian_capacity": GuardianCapacity,
    "risk_level": RiskLevel,
    "risk_tier": RiskLevel,
    "categories": ElderCategory,
}


def _fields_tr(text: str) -> str:
    return QCoreApplication.translate("HouseholdFields", text)


def label_of(enum: type[LabelledStrEnum], value: Any) -> str:
    """The Chinese label of a stored code; the code itself if it is unknown."""
    if value is None:
        return ""
    try:
        return enum(str(value)).label
    except ValueError:
        return str(value)


def code_label(value: str | None) -> str:
    """A visit, task or notice code in words (the code itself when unknown)."""
    if value is None:
        return ""
    if value in _CODE_LABELS:
        return _fields_tr(_CODE_LABELS[value])
    if value in _FOLLOW_UP_KINDS:
        return FollowUpKind(value).label  # 强制报告, 转介: tasks raised by a visit's answers
    return label_of(ChildCategory, value)


def day_text(value: date | None) -> str:
    """A civil date as yyyy-mm-dd; empty for None."""
    return value.isoformat() if value is not None else ""


def month_text(value: date | None) -> str:
    """A month stored as its first day, as the language writes a month (2020年2月)."""
    if value is None:
        return ""
    # A Qt date format (yyyy, M, MM), translated: Chinese writes yyyy年M月.
    layout = QCoreApplication.translate("HouseholdFields", "yyyy-MM")
    return QLocale().toString(QDate(value.year, value.month, 1), layout)


def period_text(start: date | None, end: date | None) -> str:
    """The paid months of an enrolment: from–to, or from (still running)."""
    if start is not None and end is not None:
        return f"{month_text(start)} – {month_text(end)}"
    if start is not None:
        return QCoreApplication.translate("HouseholdFields", "from %1").replace(
            "%1", month_text(start)
        )
    if end is not None:
        return QCoreApplication.translate("HouseholdFields", "until %1").replace(
            "%1", month_text(end)
        )
    return ""


def local_time_text(value: datetime | None) -> str:
    """An instant (stored in UTC) as China time, to the minute."""
    if value is None:
        return ""
    aware = value if value.tzinfo is not None else value.replace(tzinfo=UTC)
    return aware.astimezone(_CHINA).strftime("%Y-%m-%d %H:%M")


def yuan_text(fen: int | None) -> str:
    """An amount in fen as yuan with two decimals and the unit."""
    if fen is None:
        return ""
    return QCoreApplication.translate("HouseholdFields", "%1 yuan").replace(
        "%1", f"{fen / 100:,.2f}"
    )


def concerned_ids(result: Any) -> set[str]:
    """The ids an operation's result names: households, persons, enrolments, files, changes."""
    ids: set[str] = set()
    items: Iterable[Any] = result if isinstance(result, list | tuple) else (result,)
    for item in items:
        if isinstance(item, Change):
            ids.add(item.entity_id)
            continue
        for name in (
            "household_id",
            "from_household_id",
            "to_household_id",
            "person_id",
            "enrolment_id",
            "file_id",
            "new_head_id",
        ):
            value = getattr(item, name, None)
            if isinstance(value, str):
                ids.add(value)
        change = getattr(item, "change", None)
        if isinstance(change, Change):
            ids.add(change.entity_id)
        for change in getattr(item, "changes", None) or ():
            if isinstance(change, Change):
                ids.add(change.entity_id)
    return ids


def file_ids(household_id: str, household_file: HouseholdFile | None) -> set[str]:
    """Every id the household file shows (for telling whether an operation concerns it)."""
    ids = {household_id}
    if household_file is None:
        return ids
    f = household_file
    ids |= {m.id for m in f.members}
    ids |= {p.id for p in f.programs} | {e.id for p in f.programs for e in p.events}
    ids |= {c.id for c in f.child_files} | {e.id for e in f.elder_files}
    ids |= {v.id for v in f.visits} | {t.id for t in f.tasks} | {n.id for n in f.notices}
    ids |= {d.id for d in f.declarations}
    return ids


class MemberTableModel(QAbstractTableModel):
    """The members of one household; health and disability detail only for staff."""

    def __init__(self, *, staff: bool, parent: Any = None) -> None:
        super().__init__(parent)
        self.staff = staff
        self._members: list[MemberView] = []
        self._revealed: dict[tuple[str, str], str] = {}
        self._columns = ["relation", "name", "sex", "age", "resident_id", "phone"]
        self._columns += ["labour_capacity"]
        self._columns += ["health", "disability"] if staff else ["has_disability"]
        # Last, so that the stretching column is the one with the longest texts.
        self._columns += ["status"]

    def columns(self) -> list[str]:
        """The column keys, in order."""
        return list(self._columns)

    def headers(self) -> list[str]:
        """The column titles, in order."""
        return [self._header(key) for key in self._columns]

    def _header(self, key: str) -> str:
        titles = {
            "relation": self.tr("Relation"),
            "name": self.tr("Name"),
            "sex": self.tr("Sex"),
            "age": self.tr("Age"),
            "resident_id": self.tr("ID number"),
            "phone": self.tr("Phone"),
            "status": self.tr("Status"),
            "labour_capacity": self.tr("Labour capacity"),
            "health": self.tr("Health"),
            "disability": self.tr("Disability"),
            "has_disability": self.tr("Disabled"),
        }
        return titles[key]

    def set_members(self, members: Sequence[MemberView]) -> None:
        """Show these members; revealed numbers are masked again."""
        self.beginResetModel()
        self._members = list(members)
        self._revealed.clear()
        self.endResetModel()

    def members(self) -> list[MemberView]:
        """Every member shown."""
        return list(self._members)

    def member(self, row: int) -> MemberView | None:
        """The member shown in a row."""
        return self._members[row] if 0 <= row < len(self._members) else None

    def row_of(self, person_id: str) -> int:
        """The row of a person, or -1."""
        for row, member in enumerate(self._members):
            if member.id == person_id:
                return row
        return -1

    def reveal(self, person_id: str, key: str, value: str) -> None:
        """Show a whole number (fetched with an access entry) in place of the masked one."""
        row = self.row_of(person_id)
        if row < 0 or key not in self._columns:
            return
        self._revealed[(person_id, key)] = value
        index = self.index(row, self._columns.index(key))
        self.dataChanged.emit(index, index, [Qt.ItemDataRole.DisplayRole])

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        """Members, or none under an item (a flat table)."""
        return 0 if parent.isValid() else len(self._members)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        """The visible columns."""
        return 0 if parent.isValid() else len(self._columns)

    def headerData(  # noqa: N802 (Qt override)
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        """Column titles."""
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(self._columns)
        ):
            return self._header(self._columns[section])
        return None

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        """Cell text, the person id (UserRole), grey text for the deceased."""
        if not index.isValid():
            return None
        member = self.member(index.row())
        if member is None or not 0 <= index.column() < len(self._columns):
            return None
        key = self._columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(member, key)
        if role == Qt.ItemDataRole.UserRole:
            return member.id
        if role == Qt.ItemDataRole.ToolTipRole and key == "status":
            return self._text(member, key) or None
        if role == Qt.ItemDataRole.ForegroundRole and member.deceased_on is not None:
            return QBrush(_DIM)
        if role == Qt.ItemDataRole.FontRole and member.is_head and key == "name":
            font = QFont()
            font.setBold(True)
            return font
        return None

    def _text(self, member: MemberView, key: str) -> str:
        revealed = self._revealed.get((member.id, key))
        if revealed is not None:
            return revealed
        if key == "relation":
            return label_of(Relationship, member.relation)
        if key == "name":
            return member.name
        if key == "sex":
            return member.sex or ""
        if key == "age":
            return "" if member.age is None else str(member.age)
        if key == "resident_id":
            return member.resident_id or ""
        if key == "phone":
            return member.phone or ""
        if key == "status":
            return self._status(member)
        if key == "labour_capacity":
            return label_of(LabourCapacity, member.labour_capacity)
        if key == "health":
            return label_of(HealthStatus, member.health)
        if key == "disability":
            parts = [
                label_of(DisabilityCategory, member.disability_category),
                label_of(DisabilityGrade, member.disability_grade),
            ]
            return " ".join(part for part in parts if part)
        if key == "has_disability":
            return self.tr("Yes") if member.has_disability else ""
        return ""

    def _status(self, member: MemberView) -> str:
        parts = []
        if member.deceased_on is not None:
            parts.append(self.tr("Deceased %1").replace("%1", day_text(member.deceased_on)))
        if member.pending_verification:
            reason = label_of(PendingReason, member.pending_reason)
            parts.append(
                self.tr("To verify: %1").replace("%1", reason) if reason else self.tr("To verify")
            )
        return "; ".join(parts)


def _tree(headers: Sequence[str], name: str) -> QTreeWidget:
    tree = QTreeWidget()
    tree.setObjectName(name)
    tree.setHeaderLabels(list(headers))
    tree.setRootIsDecorated(False)
    tree.setAlternatingRowColors(True)
    tree.setUniformRowHeights(True)
    # Rows as tall as the members table's: the tabs of one file should read alike.
    tree.setStyleSheet("QTreeView::item { padding: 4px 0; }")
    tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    tree.header().setStretchLastSection(True)
    return tree


def _item(texts: Sequence[str], data: str | None = None) -> QTreeWidgetItem:
    item = QTreeWidgetItem([str(text) for text in texts])
    if data is not None:
        item.setData(0, Qt.ItemDataRole.UserRole, data)
    return item


def _show_empty(tree: QTreeWidget, text: str) -> None:
    """A grey, unselectable line saying the list is empty."""
    item = QTreeWidgetItem([text])
    item.setFlags(Qt.ItemFlag.NoItemFlags)
    item.setForeground(0, QBrush(_DIM))
    tree.addTopLevelItem(item)
    item.setFirstColumnSpanned(True)


def _fit(tree: QTreeWidget) -> None:
    for column in range(tree.columnCount() - 1):
        tree.resizeColumnToContents(column)
        tree.setColumnWidth(column, min(tree.columnWidth(column) + 12, 320))


def _forget_jobs(session: UiSession, jobs: set[int], *_args: Any) -> None:
    for job in jobs:
        session.database.cancel(job)
    jobs.clear()


class HouseholdFileView(QWidget):
    """One household's file, opened as a tab of the caseload page."""

    open_child_file = Signal(str)
    open_elder_file = Signal(str)
    title_changed = Signal(str)
    # The file was (re)loaded and is on screen.
    loaded = Signal()

    def __init__(
        self, session: UiSession, household_id: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.session = session
        self.staff = full_sight(session.role)
        self._household_id = household_id
        self._file: HouseholdFile | None = None
        self._job: int | None = None
        # Jobs whose callbacks would reach this view; forgotten when the view is destroyed.
        self._jobs: set[int] = set()
        self.destroyed.connect(partial(_forget_jobs, session, self._jobs))
        self._title = self.tr("Household")
        self._open_dialogs: list[QWidget] = []
        self._revealed_header: dict[str, str] = {}
        # Login name → name of the local users, for 儿童主任 and 责任人 (files hold logins).
        self._worker_names: dict[str, str] = {}

        self.pages = QStackedWidget()
        self.placeholder = QLabel(self.tr("Loading the household file…"))
        self.placeholder.setObjectName("placeholder")
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.placeholder.setWordWrap(True)
        self.content = QWidget()
        self.pages.addWidget(self.placeholder)
        self.pages.addWidget(self.content)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.pages)

        layout = QVBoxLayout(self.content)
        layout.setContentsMargins(12, 10, 12, 8)
        layout.addWidget(self._build_header())
        self.tabs = QTabWidget()
        self.tabs.setObjectName("householdTabs")
        self.tabs.setDocumentMode(True)
        layout.addWidget(self.tabs, 1)
        self._build_members_tab()
        self._build_programs_tab()
        self._build_care_tab()
        self._build_visits_tab()
        self._build_tasks_tab()
        self._build_documents_tab()
        self._build_history_tab()

        self._reload_timer = QTimer(self, singleShot=True, interval=0)
        self._reload_timer.timeout.connect(self.reload)
        session.events.operation_did_execute.connect(self._on_operation)
        # A member's child or elder file opens in its editor, owned by the window.
        self.open_child_file.connect(lambda pid: edit_child_file(session, self.window(), pid))
        self.open_elder_file.connect(lambda pid: edit_elder_file(session, self.window(), pid))
        QShortcut(
            QKeySequence.StandardKey.Refresh,
            self,
            activated=self.reload,
            context=Qt.ShortcutContext.WidgetWithChildrenShortcut,
        )
        self._jobs.add(session.database.read(care_workers, self._workers_read, lambda _error: None))
        self.reload()

    # --- public -----------------------------------------------------------------------------

    @property
    def household_id(self) -> str:
        """The household shown."""
        return self._household_id

    @property
    def household_file(self) -> HouseholdFile | None:
        """The file as last loaded (None until the first load)."""
        return self._file

    def title(self) -> str:
        """The tab's text: the head's name and 户."""
        return self._title

    def reload(self) -> None:
        """Read the file again (a newer read replaces one still running)."""
        if self._job is not None:
            self.session.database.cancel(self._job)
            self._jobs.discard(self._job)
        self._job = (
            ops.load_household(self.session, self, self._household_id)
            .success(self._loaded)
            .failure(self._load_failed)
            .run_in_background()
        )
        self._jobs.add(self._job)

    def selected_member(self) -> MemberView | None:
        """The member selected in the members table."""
        index = self.members_table.currentIndex()
        return self.members_model.member(index.row()) if index.isValid() else None

    def select_member(self, person_id: str) -> bool:
        """Select a member's row; False if they are not in the household."""
        row = self.members_model.row_of(person_id)
        if row < 0:
            return False
        self.tabs.setCurrentWidget(self.members_tab)
        self.members_table.selectRow(row)
        return True

    def show_enrolment(self, enrolment_id: str) -> bool:
        """Bring an enrolment into view in the programs tab; False if it is not here."""
        for index in range(self.programs_tree.topLevelItemCount()):
            item = self.programs_tree.topLevelItem(index)
            if item is not None and item.data(0, Qt.ItemDataRole.UserRole) == enrolment_id:
                self.tabs.setCurrentWidget(self.programs_tab)
                self.programs_tree.setCurrentItem(item)
                item.setExpanded(True)
                self.programs_tree.scrollToItem(item)
                self.window().raise_()
                return True
        return False

    def edit_household(self) -> HouseholdEditor | None:
        """Open the household editor."""
        if self._file is None:
            return None
        return self._keep(
            HouseholdEditor(
                self.session, household=self._file.household, parent=self._dialog_parent()
            )
        )

    def add_member(self) -> MemberEditor:
        """Open the editor of a new member."""
        return self._keep(
            MemberEditor(self.session, self._household_id, parent=self._dialog_parent())
        )

    def edit_member(self, person_id: str | None = None) -> MemberEditor | None:
        """Open the member editor of the given (or selected) member."""
        member = self._member(person_id)
        if member is None:
            return None
        return self._keep(
            MemberEditor(
                self.session, self._household_id, member=member, parent=self._dialog_parent()
            )
        )

    def mark_deceased(self, person_id: str | None = None) -> DeathDialog | None:
        """Open the 'mark deceased' dialog for the given (or selected) member."""
        member = self._member(person_id)
        if member is None or member.deceased_on is not None:
            return None
        others_alive = any(
            m.id != member.id and m.deceased_on is None for m in self.members_model.members()
        )
        dialog = DeathDialog(
            self.session,
            member.id,
            member.name,
            birth_date=member.birth_date,
            others_alive=others_alive,
            parent=self._dialog_parent(),
        )
        dialog.open_enrolment.connect(self.show_enrolment)
        dialog.change_head_requested.connect(lambda _household: self.change_head())
        return self._keep(dialog)

    def change_head(self, new_head_id: str | None = None) -> ChangeHeadDialog | None:
        """Open the change-of-head dialog."""
        if self._file is None:
            return None
        return self._keep(
            ChangeHeadDialog(
                self.session,
                self._household_id,
                self._file.members,
                new_head_id=new_head_id,
                parent=self._dialog_parent(),
            )
        )

    def move_member(self, person_id: str | None = None) -> MoveMemberDialog | None:
        """Open the dialog that moves a member to another household."""
        member = self._member(person_id)
        if member is None or self._file is None:
            return None
        others = [m for m in self._file.members if m.id != member.id]
        names = {self._file.household.village_code: self._file.household.village_name or ""}
        return self._keep(
            MoveMemberDialog(
                self.session,
                member,
                self._household_id,
                others,
                village_names=names,
                parent=self._dialog_parent(),
            )
        )

    def remove_member(self, person_id: str | None = None) -> RemoveMemberDialog | None:
        """Open the dialog that removes a member."""
        member = self._member(person_id)
        if member is None:
            return None
        return self._keep(
            RemoveMemberDialog(self.session, member.id, member.name, parent=self._dialog_parent())
        )

    def reveal_resident_id(self, person_id: str | None = None) -> None:
        """Show a member's whole ID number (recorded in the access log)."""
        member = self._member(person_id)
        if member is None or member.resident_id is None:
            return
        job = ops.reveal_resident_id(
            self.session,
            self,
            member.id,
            lambda value: self.members_model.reveal(member.id, "resident_id", value),
        )
        self._jobs.add(job)

    def reveal_member_phone(self, person_id: str | None = None) -> None:
        """Show a member's whole phone number (recorded in the access log)."""
        member = self._member(person_id)
        if member is None or member.phone is None:
            return
        job = ops.reveal_person_phone(
            self.session,
            self,
            member.id,
            lambda value: self.members_model.reveal(member.id, "phone", value),
        )
        self._jobs.add(job)

    def visible_texts(self) -> list[str]:
        """Every text this view shows (labels, tables, trees), for checks of what leaks."""
        texts = [label.text() for label in self.findChildren(QLabel) if label.text()]
        model = self.members_model
        for row in range(model.rowCount()):
            for column in range(model.columnCount()):
                texts.append(str(model.data(model.index(row, column)) or ""))
        texts += model.headers()
        for tree in self.findChildren(QTreeWidget):
            header = tree.headerItem()
            texts += [header.text(c) for c in range(tree.columnCount())]
            stack = [tree.topLevelItem(i) for i in range(tree.topLevelItemCount())]
            while stack:
                item = stack.pop()
                if item is None:
                    continue
                texts += [item.text(c) for c in range(tree.columnCount())]
                stack += [item.child(i) for i in range(item.childCount())]
        texts += [self.tabs.tabText(i) for i in range(self.tabs.count())]
        return [text for text in texts if text]

    # --- building -----------------------------------------------------------------------------

    def _build_header(self) -> QWidget:
        header = QFrame()
        header.setObjectName("householdHeader")
        layout = QVBoxLayout(header)
        layout.setContentsMargins(0, 0, 0, 6)
        top = QHBoxLayout()
        self.title_label = QLabel()
        self.title_label.setObjectName("householdTitle")
        font = self.title_label.font()
        font.setPointSizeF(font.pointSizeF() * 1.5)
        font.setBold(True)
        self.title_label.setFont(font)
        self.title_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        top.addWidget(self.title_label)
        self.chips = QHBoxLayout()
        self.chips.setSpacing(6)
        top.addSpacing(12)
        top.addLayout(self.chips)
        top.addStretch(1)
        self.edit_household_button = QPushButton(self.tr("Edit household"))
        self.edit_household_button.setObjectName("editHousehold")
        self.edit_household_button.clicked.connect(self.edit_household)
        top.addWidget(self.edit_household_button)
        layout.addLayout(top)

        grid = QGridLayout()
        grid.setHorizontalSpacing(8)
        grid.setVerticalSpacing(2)
        self.header_values: dict[str, QLabel] = {}
        rows = [
            [("village", self.tr("Village")), ("address", self.tr("Address"))],
            [("phone", self.tr("Contact phone")), ("size", self.tr("Members"))],
            [("certificate", self.tr("Dibao certificate no."))],
        ]
        if self.staff:
            rows[2].append(("housing", self.tr("Housing")))
            rows.append([("bank", self.tr("Bank")), ("bank_account", self.tr("Bank account"))])
        for row, fields in enumerate(rows):
            for column, (key, caption) in enumerate(fields):
                name = QLabel(caption + self.tr(":"))
                name.setStyleSheet("color: #555555;")
                value = QLabel()
                value.setObjectName(f"header_{key}")
                value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
                cell = QHBoxLayout()
                cell.setSpacing(4)
                cell.addWidget(value)
                if key in ("phone", "bank_account"):
                    button = QToolButton()
                    button.setObjectName(f"reveal_{key}")
                    button.setText(self.tr("Show"))
                    button.setToolTip(self.tr("Show the whole number (the view is logged)"))
                    button.setAutoRaise(True)
                    button.setCursor(Qt.CursorShape.PointingHandCursor)
                    button.setStyleSheet(LINK_BUTTON_STYLE)
                    button.clicked.connect(lambda _=False, k=key: self._reveal_header(k))
                    cell.addWidget(button)
                    setattr(self, f"reveal_{key}_button", button)
                cell.addStretch(1)
                grid.addWidget(name, row, column * 2, Qt.AlignmentFlag.AlignRight)
                grid.addLayout(cell, row, column * 2 + 1)
                self.header_values[key] = value
        # Rows with a "show" button would otherwise be taller than the others.
        row_height = QToolButton().sizeHint().height()
        for row in range(len(rows)):
            grid.setRowMinimumHeight(row, row_height)
        grid.setColumnMinimumWidth(1, 240)
        grid.setColumnStretch(3, 1)
        layout.addLayout(grid)
        self.notes_label = QLabel()
        self.notes_label.setObjectName("householdNotes")
        self.notes_label.setWordWrap(True)
        self.notes_label.setStyleSheet("color: #555555;")
        self.notes_label.hide()
        if self.staff:
            layout.addWidget(self.notes_label)
        self.status_label = QLabel()
        self.status_label.setObjectName("viewStatus")
        self.status_label.setStyleSheet("color: #b3261e;")
        self.status_label.hide()
        layout.addWidget(self.status_label)
        return header

    def _tab(self, name: str) -> tuple[QWidget, QVBoxLayout]:
        page = QWidget()
        page.setObjectName(name)
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 6, 0, 0)
        return page, layout

    def _build_members_tab(self) -> None:
        self.members_tab, layout = self._tab("membersTab")
        bar = QHBoxLayout()
        self.add_member_button = QPushButton(self.tr("Add member"))
        self.add_member_button.setObjectName("addMember")
        self.add_member_button.clicked.connect(self.add_member)
        self.edit_member_button = QPushButton(self.tr("Edit"))
        self.edit_member_button.setObjectName("editMember")
        self.edit_member_button.clicked.connect(lambda: self.edit_member())
        self.reveal_id_button = QPushButton(self.tr("Show ID number"))
        self.reveal_id_button.setObjectName("revealResidentId")
        self.reveal_id_button.setToolTip(self.tr("Show the whole number (the view is logged)"))
        self.reveal_id_button.clicked.connect(lambda: self.reveal_resident_id())
        self.deceased_button = QPushButton(self.tr("Mark deceased…"))
        self.deceased_button.setObjectName("markDeceased")
        self.deceased_button.clicked.connect(lambda: self.mark_deceased())
        self.more_button = QToolButton()
        self.more_button.setObjectName("moreMemberActions")
        self.more_button.setText(self.tr("More"))
        self.more_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(self.more_button)
        self.reveal_phone_action = menu.addAction(self.tr("Show phone number"))
        self.reveal_phone_action.triggered.connect(lambda: self.reveal_member_phone())
        menu.addSeparator()
        self.make_head_action = menu.addAction(self.tr("Make head of household…"))
        self.make_head_action.triggered.connect(self._make_selected_head)
        self.move_action = menu.addAction(self.tr("Move to another household…"))
        self.move_action.triggered.connect(lambda: self.move_member())
        self.remove_action = menu.addAction(self.tr("Remove from household…"))
        self.remove_action.triggered.connect(lambda: self.remove_member())
        self.more_button.setMenu(menu)
        for widget in (
            self.add_member_button,
            self.edit_member_button,
            self.reveal_id_button,
            self.deceased_button,
            self.more_button,
        ):
            bar.addWidget(widget)
        bar.addStretch(1)
        layout.addLayout(bar)

        self.members_model = MemberTableModel(staff=self.staff, parent=self)
        self.members_table = QTableView()
        self.members_table.setObjectName("membersTable")
        self.members_table.setModel(self.members_model)
        self.members_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.members_table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.members_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.members_table.setAlternatingRowColors(True)
        self.members_table.verticalHeader().hide()
        self.members_table.horizontalHeader().setStretchLastSection(True)
        self.members_table.horizontalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.Interactive
        )
        self.members_table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.members_table.customContextMenuRequested.connect(self._member_menu)
        self.members_table.activated.connect(lambda index: self.edit_member())
        self.members_table.selectionModel().currentRowChanged.connect(self._update_member_actions)
        layout.addWidget(self.members_table, 1)
        self.tabs.addTab(self.members_tab, self.tr("Members"))
        self._update_member_actions()

    def _build_programs_tab(self) -> None:
        self.programs_tab, layout = self._tab("programsTab")
        self.programs_tree = _tree(
            [
                self.tr("Program"),
                self.tr("For"),
                self.tr("Status"),
                self.tr("Monthly amount"),
                self.tr("Period"),
                self.tr("Next review"),
                self.tr("Details"),
            ],
            "programsTree",
        )
        self.programs_tree.setRootIsDecorated(True)
        self.programs_tree.setUniformRowHeights(False)
        layout.addWidget(self.programs_tree, 1)
        self.tabs.addTab(self.programs_tab, self.tr("Programs"))

    def _build_care_tab(self) -> None:
        self.care_tab, layout = self._tab("careTab")
        child_bar = QHBoxLayout()
        child_title = QLabel(self.tr("Children"))
        child_title.setStyleSheet("font-weight: bold;")
        child_bar.addWidget(child_title)
        child_bar.addStretch(1)
        self.open_child_button = QPushButton(self.tr("Open child file"))
        self.open_child_button.setObjectName("openChildFile")
        self.open_child_button.clicked.connect(self._open_selected_child)
        child_bar.addWidget(self.open_child_button)
        layout.addLayout(child_bar)
        child_headers = [
            self.tr("Name"),
            self.tr("Category"),
            self.tr("Risk"),
            self.tr("Father"),
            self.tr("Mother"),
            self.tr("Guardian"),
            self.tr("Last contact with parents"),
            self.tr("School"),
            self.tr("Child director"),
        ]
        self.child_tree = _tree(child_headers, "childFiles")
        self.child_tree.itemActivated.connect(lambda item, _c: self._emit_file(item, child=True))
        self.child_tree.currentItemChanged.connect(lambda *_: self._update_care_actions())
        layout.addWidget(self.child_tree, 1)

        elder_bar = QHBoxLayout()
        elder_title = QLabel(self.tr("Elders"))
        elder_title.setStyleSheet("font-weight: bold;")
        elder_bar.addWidget(elder_title)
        elder_bar.addStretch(1)
        self.open_elder_button = QPushButton(self.tr("Open elder file"))
        self.open_elder_button.setObjectName("openElderFile")
        self.open_elder_button.clicked.connect(self._open_selected_elder)
        elder_bar.addWidget(self.open_elder_button)
        layout.addLayout(elder_bar)
        elder_headers = [
            self.tr("Name"),
            self.tr("Categories"),
            self.tr("Risk"),
            self.tr("Living arrangement"),
            self.tr("Care needs"),
            self.tr("Emergency contact"),
            self.tr("Responsible"),
        ]
        self.elder_tree = _tree(elder_headers, "elderFiles")
        self.elder_tree.itemActivated.connect(lambda item, _c: self._emit_file(item, child=False))
        self.elder_tree.currentItemChanged.connect(lambda *_: self._update_care_actions())
        layout.addWidget(self.elder_tree, 1)
        self.tabs.addTab(self.care_tab, self.tr("Care files"))

    def _build_visits_tab(self) -> None:
        self.visits_tab, layout = self._tab("visitsTab")
        bar = QHBoxLayout()
        bar.addWidget(QLabel(self.tr("Double-click a visit (or press Enter) to open it.")))
        bar.addStretch(1)
        self.new_visit_menu = QMenu(self)
        self.new_visit_menu.setObjectName("newVisitMenu")
        self.new_visit_button = QPushButton(self.tr("New visit"))
        self.new_visit_button.setObjectName("newVisit")
        self.new_visit_button.setMenu(self.new_visit_menu)
        bar.addWidget(self.new_visit_button)
        layout.addLayout(bar)
        self.visits_tree = _tree(
            [
                self.tr("Date"),
                self.tr("Person"),
                self.tr("Category"),
                self.tr("Method"),
                self.tr("Visitor"),
                self.tr("Status"),
            ],
            "visitsTree",
        )
        self.visits_tree.itemActivated.connect(self._visit_activated)
        layout.addWidget(self.visits_tree, 1)
        self.tabs.addTab(self.visits_tab, self.tr("Visits"))

    def _build_tasks_tab(self) -> None:
        self.tasks_tab, layout = self._tab("tasksTab")
        self.tasks_tree = _tree(
            [
                self.tr("Due"),
                self.tr("Task"),
                self.tr("Kind"),
                self.tr("Person"),
                self.tr("Status"),
                self.tr("Assigned to"),
                self.tr("Result"),
            ],
            "tasksTree",
        )
        self.tasks_tree.itemActivated.connect(self._task_activated)
        layout.addWidget(self.tasks_tree, 1)
        self.tabs.addTab(self.tasks_tab, self.tr("Tasks"))

    def _build_documents_tab(self) -> None:
        self.documents_tab, layout = self._tab("documentsTab")
        notices_title = QLabel(self.tr("Notices"))
        notices_title.setStyleSheet("font-weight: bold;")
        layout.addWidget(notices_title)
        self.notices_tree = _tree(
            [self.tr("Kind"), self.tr("Number"), self.tr("Issued on"), self.tr("Served on")],
            "noticesTree",
        )
        layout.addWidget(self.notices_tree, 1)
        declarations_title = QLabel(self.tr("Relative-of-staff declarations"))
        declarations_title.setStyleSheet("font-weight: bold;")
        layout.addWidget(declarations_title)
        headers = [self.tr("Declared on"), self.tr("Person")]
        if self.staff:
            headers += [self.tr("Staff member"), self.tr("Position"), self.tr("Relation")]
        self.declarations_tree = _tree(headers, "declarationsTree")
        layout.addWidget(self.declarations_tree, 1)
        self.tabs.addTab(self.documents_tab, self.tr("Documents"))

    def _build_history_tab(self) -> None:
        self.history_tab, layout = self._tab("historyTab")
        self.history_tree = _tree(
            [self.tr("When"), self.tr("Who"), self.tr("What"), self.tr("Before"), self.tr("After")],
            "historyTree",
        )
        self.history_tree.setRootIsDecorated(True)
        layout.addWidget(self.history_tree, 1)
        self.tabs.addTab(self.history_tab, self.tr("History"))

    # --- loading ------------------------------------------------------------------------------

    def _on_operation(self, result: Any) -> None:
        if concerned_ids(result) & file_ids(self._household_id, self._file):
            self._reload_timer.start()

    def _loaded(self, household_file: HouseholdFile) -> None:
        self._jobs.discard(self._job or 0)
        self._job = None
        self._file = household_file
        self._revealed_header.clear()
        self.status_label.hide()
        selected = self.selected_member()
        self._fill_header(household_file)
        self.members_model.set_members(household_file.members)
        self._fit_members()
        row = self.members_model.row_of(selected.id) if selected is not None else -1
        if row >= 0 or household_file.members:
            self.members_table.selectRow(max(row, 0))
        self._fill_programs(household_file)
        self._fill_care(household_file)
        self._fill_visits(household_file)
        self._fill_tasks(household_file)
        self._fill_documents(household_file)
        self._fill_history(household_file)
        self._update_member_actions()
        self.pages.setCurrentWidget(self.content)
        self.loaded.emit()

    def _load_failed(self, error: Exception) -> None:
        self._jobs.discard(self._job or 0)
        self._job = None
        if isinstance(error, Cancelled):
            return
        message = user_message(error)
        if self._file is None:
            self.placeholder.setText(message)
            self.pages.setCurrentWidget(self.placeholder)
        else:
            self.status_label.setText(message)
            self.status_label.show()
        self.loaded.emit()

    # --- filling ------------------------------------------------------------------------------

    def _names(self) -> dict[str, str]:
        return {m.id: m.name for m in self._file.members} if self._file else {}

    def _fill_header(self, f: HouseholdFile) -> None:
        household = f.household
        head = next((m for m in f.members if m.is_head), None)
        if head is not None:
            title = self.tr("%1's household").replace("%1", head.name)
        else:
            title = self.tr("Household (no head registered)")
        self.title_label.setText(title)
        if title != self._title:
            self._title = title
            self.title_changed.emit(title)
        living = [m for m in f.members if m.deceased_on is None]
        values = {
            "village": household.village_name or household.village_code,
            "address": household.address or "",
            "phone": self._revealed_header.get("phone") or household.phone or "",
            "size": self.tr("%1 living").replace("%1", str(len(living))),
            "certificate": household.dibao_certificate_no or "",
            "housing": household.housing or "",
            "bank": household.bank_name or "",
            "bank_account": self._revealed_header.get("bank_account")
            or household.bank_account
            or "",
        }
        for key, label in self.header_values.items():
            label.setText(values.get(key, "") or "—")
        for key in ("phone", "bank_account"):
            button = getattr(self, f"reveal_{key}_button", None)
            if button is not None:
                masked = household.phone if key == "phone" else household.bank_account
                button.setVisible(bool(masked) and key not in self._revealed_header)
        if self.staff and household.notes:
            self.notes_label.setText(self.tr("Notes: %1").replace("%1", household.notes))
            self.notes_label.show()
        else:
            self.notes_label.hide()
        self._fill_chips(f)

    def _fill_chips(self, f: HouseholdFile) -> None:
        while self.chips.count():
            item = self.chips.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        chips: list[tuple[str, str]] = []
        for program in f.programs:
            status = EnrolmentStatus(program.status)
            if status.is_current:
                chips.append(("info", f"{label_of(Program, program.program)} · {status.label}"))
        if f.household.relative_declared:
            chips.append(("warn", self.tr("Relative of staff declared")))
        pending = sum(1 for m in f.members if m.pending_verification)
        if pending:
            chips.append(("warn", self.tr("%1 to verify").replace("%1", str(pending))))
        deceased = {m.id for m in f.members if m.deceased_on is not None}
        if deceased:
            chips.append(("info", self.tr("%1 deceased").replace("%1", str(len(deceased)))))
        paid_after_death = [
            p
            for p in f.programs
            if p.person_id in deceased and EnrolmentStatus(p.status).is_current
        ]
        if paid_after_death:
            chips.append(("alert", self.tr("Benefit still active for a deceased member")))
        for style, text in chips:
            chip = QLabel(text)
            chip.setObjectName("chip")
            chip.setStyleSheet(f"{_CHIP_STYLES[style]} border-radius: 8px; padding: 2px 8px;")
            self.chips.addWidget(chip)

    def _fill_programs(self, f: HouseholdFile) -> None:
        tree = self.programs_tree
        current = tree.currentItem()
        keep = current.data(0, Qt.ItemDataRole.UserRole) if current is not None else None
        tree.clear()
        names = self._names()
        for program in f.programs:
            who = (
                names.get(program.person_id or "", "")
                if program.person_id
                else self.tr("Whole household")
            )
            period = period_text(program.start_month, program.end_month)
            item = _item(
                [
                    label_of(Program, program.program),
                    who,
                    label_of(EnrolmentStatus, program.status),
                    yuan_text(program.monthly_amount_fen or program.assistance_amount_fen),
                    period,
                    day_text(program.next_review_on),
                    self._program_details(program),
                ],
                program.id,
            )
            for event in program.events:
                change = label_of(EnrolmentStatus, event.to_status)
                if event.from_status:
                    change = f"{label_of(EnrolmentStatus, event.from_status)} → {change}"
                child = _item(
                    [
                        day_text(event.effective_on),
                        "",
                        change,
                        yuan_text(event.monthly_amount_fen),
                        "",
                        "",
                        event.reason or "",
                    ]
                )
                for column in range(tree.columnCount()):
                    child.setForeground(column, QBrush(_DIM))
                item.addChild(child)
            tree.addTopLevelItem(item)
            # The status history is what people open this tab for.
            item.setExpanded(True)
            if program.id == keep:
                tree.setCurrentItem(item)
        _fit(tree)
        if not f.programs:
            _show_empty(tree, self.tr("No program: the household has not applied for any."))
        self.tabs.setTabText(
            self.tabs.indexOf(self.programs_tab), self._count(self.tr("Programs"), len(f.programs))
        )

    def _program_details(self, program: ProgramView) -> str:
        parts = []
        if program.covered_members is not None:
            parts.append(self.tr("%1 covered").replace("%1", str(program.covered_members)))
        if program.support_mode:
            parts.append(label_of(SupportMode, program.support_mode))
        if program.self_care_level:
            parts.append(label_of(SelfCareLevel, program.self_care_level))
        if program.carer_name:
            parts.append(self.tr("carer %1").replace("%1", program.carer_name))
        if program.assistance_type:
            parts.append(label_of(TemporaryAssistanceType, program.assistance_type))
        if program.dibao_class:
            parts.append(self.tr("class %1").replace("%1", program.dibao_class))
        if program.per_capita_income_fen is not None:
            parts.append(
                self.tr("per-capita income %1").replace(
                    "%1", yuan_text(program.per_capita_income_fen)
                )
            )
        if program.assistance_reason:
            parts.append(program.assistance_reason)
        return " · ".join(parts)

    def _workers_read(self, workers: Sequence[WorkerOption]) -> None:
        self._worker_names = {w.username: w.display_name for w in workers}
        if self._file is not None:
            self._fill_care(self._file)

    def _worker_name(self, username: str | None) -> str:
        return self._worker_names.get(username, username) if username else ""

    def _fill_care(self, f: HouseholdFile) -> None:
        names = self._names()
        self.child_tree.clear()
        for child in f.child_files:
            guardian = " ".join(
                part
                for part in (
                    child.guardian_name or "",
                    label_of(GuardianshipType, child.guardianship_type),
                )
                if part
            )
            self.child_tree.addTopLevelItem(
                _item(
                    [
                        names.get(child.person_id, ""),
                        label_of(ChildCategory, child.category),
                        label_of(RiskLevel, child.risk_level),
                        self._parent_text(child.father_situation, child.father_whereabouts),
                        self._parent_text(child.mother_situation, child.mother_whereabouts),
                        guardian,
                        day_text(child.last_parent_contact_on),
                        " ".join(part for part in (child.school or "", child.grade or "") if part),
                        self._worker_name(child.child_director),
                    ],
                    child.person_id,
                )
            )
        self.elder_tree.clear()
        for elder in f.elder_files:
            self.elder_tree.addTopLevelItem(
                _item(
                    [
                        names.get(elder.person_id, ""),
                        "、".join(label_of(ElderCategory, c) for c in elder.categories),
                        label_of(RiskLevel, elder.risk_tier),
                        elder.living_arrangement or "",
                        elder.care_needs or "",
                        " ".join(
                            part
                            for part in (
                                elder.emergency_contact_name or "",
                                elder.emergency_contact_phone or "",
                            )
                            if part
                        ),
                        self._worker_name(elder.responsible),
                    ],
                    elder.person_id,
                )
            )
        for tree, text in (
            (self.child_tree, self.tr("No child file in this household.")),
            (self.elder_tree, self.tr("No elder file in this household.")),
        ):
            _fit(tree)
            if tree.topLevelItemCount():
                tree.setCurrentItem(tree.topLevelItem(0))
            else:
                _show_empty(tree, text)
        self.tabs.setTabText(
            self.tabs.indexOf(self.care_tab),
            self._count(self.tr("Care files"), len(f.child_files) + len(f.elder_files)),
        )
        self._update_care_actions()

    def _parent_text(self, situation: str | None, whereabouts: str | None) -> str:
        parts = [label_of(ParentSituation, situation), whereabouts or ""]
        return " ".join(part for part in parts if part)

    def _fill_visits(self, f: HouseholdFile) -> None:
        names = self._names()
        self.new_visit_menu.clear()
        for choice in visit_choices(f):
            action = self.new_visit_menu.addAction(
                f"{choice.person_name}（{choice.category_label}）"
            )
            action.triggered.connect(partial(self.open_visit, choice.person_id, choice.category))
        self.new_visit_button.setEnabled(not self.new_visit_menu.isEmpty())
        self.new_visit_button.setToolTip(
            ""
            if self.new_visit_button.isEnabled()
            else self.tr("No file or program of this household calls for a visit.")
        )
        self.visits_tree.clear()
        for visit in f.visits:
            status = code_label(visit.status)
            if visit.amends_visit_id:
                status = self.tr("%1 (amendment)").replace("%1", status)
            self.visits_tree.addTopLevelItem(
                _item(
                    [
                        day_text(visit.visited_on),
                        names.get(visit.person_id, ""),
                        category_label(visit.category),
                        code_label(visit.method),
                        visit.visitor,
                        status,
                    ],
                    visit.id,
                )
            )
        _fit(self.visits_tree)
        if not f.visits:
            _show_empty(self.visits_tree, self.tr("No visit recorded yet."))
        self.tabs.setTabText(
            self.tabs.indexOf(self.visits_tab), self._count(self.tr("Visits"), len(f.visits))
        )

    def _visit_activated(self, item: QTreeWidgetItem, _column: int) -> None:
        visit_id = item.data(0, Qt.ItemDataRole.UserRole)
        if visit_id:
            self.open_visit(visit_id=visit_id)

    def open_visit(
        self,
        person_id: str | None = None,
        category: str | None = None,
        *,
        visit_id: str | None = None,
    ) -> VisitDialog:
        """Begin a visit of a member for `category`, or open the recorded visit `visit_id`."""
        dialog = VisitDialog(self.session, person_id, category, self.window(), visit_id=visit_id)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.visit_dialog = dialog
        dialog.show()
        return dialog

    def _task_activated(self, item: QTreeWidgetItem, _column: int) -> None:
        task_id = item.data(0, Qt.ItemDataRole.UserRole)
        task = next((t for t in self._file.tasks if t.id == task_id), None) if self._file else None
        if task is not None and task.status == TaskStatus.OPEN:
            self.open_task(task.id)

    def open_task(self, task_id: str) -> None:
        """Read an open task with its reminder and show the dialog that records it."""
        self._jobs.add(show_task(self.session, self, task_id, self._task_shown))

    def _task_shown(self, dialog: TaskDialog) -> None:
        self.task_dialog = dialog

    def _fill_tasks(self, f: HouseholdFile) -> None:
        names = self._names()
        self.tasks_tree.clear()
        open_tasks = 0
        for task in f.tasks:
            open_tasks += task.status == "open"
            self.tasks_tree.addTopLevelItem(
                _item(
                    [
                        day_text(task.due_on),
                        task.title,
                        code_label(task.kind),
                        names.get(task.person_id or "", ""),
                        code_label(task.status),
                        task.assigned_to or "",
                        task.result or "",
                    ],
                    task.id,
                )
            )
        _fit(self.tasks_tree)
        if not f.tasks:
            _show_empty(self.tasks_tree, self.tr("No task."))
        self.tabs.setTabText(
            self.tabs.indexOf(self.tasks_tab), self._count(self.tr("Tasks"), open_tasks)
        )

    def _fill_documents(self, f: HouseholdFile) -> None:
        names = self._names()
        self.notices_tree.clear()
        for notice in f.notices:
            self.notices_tree.addTopLevelItem(
                _item(
                    [
                        code_label(notice.kind),
                        notice.number or "",
                        day_text(notice.issued_on),
                        day_text(notice.served_on),
                    ],
                    notice.id,
                )
            )
        self.declarations_tree.clear()
        for declaration in f.declarations:
            texts = [
                day_text(declaration.declared_on),
                names.get(declaration.person_id or "", "") or self.tr("Whole household"),
            ]
            if self.staff:
                texts += [
                    declaration.staff_name or "",
                    declaration.staff_position or "",
                    declaration.relation or "",
                ]
            self.declarations_tree.addTopLevelItem(_item(texts, declaration.id))
        _fit(self.notices_tree)
        _fit(self.declarations_tree)
        if not f.notices:
            _show_empty(self.notices_tree, self.tr("No notice issued yet."))
        if not f.declarations:
            _show_empty(self.declarations_tree, self.tr("No declaration."))
        self.tabs.setTabText(
            self.tabs.indexOf(self.documents_tab),
            self._count(self.tr("Documents"), len(f.notices) + len(f.declarations)),
        )

    def _fill_history(self, f: HouseholdFile) -> None:
        self.history_tree.clear()
        targets = self._names() | {p.id: label_of(Program, p.program) for p in f.programs}
        for entry in f.history:
            item = _item(
                [
                    local_time_text(entry.at),
                    entry.display_name or entry.username,
                    self._what(entry, targets),
                    "",
                    "",
                ]
            )
            for change in entry.changes:
                item.addChild(
                    _item(
                        [
                            "",
                            "",
                            _fields_tr(_FIELD_LABELS[change.field])
                            if change.field in _FIELD_LABELS
                            else change.field,
                            self._value_text(entry.entity_type, change.field, change.old, targets),
                            self._value_text(entry.entity_type, change.field, change.new, targets),
                        ]
                    )
                )
            self.history_tree.addTopLevelItem(item)
            # What changed is what the history is read for; the columns fit it too.
            item.setExpanded(True)
        _fit(self.history_tree)
        if not f.history:
            _show_empty(
                self.history_tree,
                self.tr("No change recorded since the data was imported."),
            )

    def _what(self, entry: HistoryEntry, targets: Mapping[str, str]) -> str:
        entity = _ENTITY_LABELS.get(entry.entity_type)
        what = _fields_tr(entity) if entity else entry.entity_type
        target = targets.get(entry.entity_id)
        if target:
            what = f"{what} {target}"
        action = _ACTION_LABELS.get(entry.action)
        what = f"{what} {_fields_tr(action) if action else entry.action}"
        if entry.reason:
            what += self.tr(" (reason: %1)").replace("%1", entry.reason)
        return what

    def _value_text(
        self, entity_type: str, field: str, value: Any, targets: Mapping[str, str]
    ) -> str:
        if value is None or value == "":
            return "—"
        if isinstance(value, bool):
            return self.tr("Yes") if value else self.tr("No")
        if field.endswith("_fen") and isinstance(value, int):
            return yuan_text(value)
        if field in ("head_person_id", "person_id") and isinstance(value, str):
            return targets.get(value, value[:8])
        household = self._file.household if self._file is not None else None
        if field == "village_code" and household is not None and value == household.village_code:
            return household.village_name or str(value)
        enum = _VALUE_ENUMS.get(field)
        if field == "category" and entity_type == "child_files":
            enum = ChildCategory
        if field == "status" and entity_type not in ("enrolments", "enrolment_events"):
            enum = None
        if isinstance(value, list | tuple):
            return "、".join(label_of(enum, v) if enum else str(v) for v in value)
        if enum is not None:
            return label_of(enum, value)
        return str(value)

    def _count(self, text: str, count: int) -> str:
        return f"{text} ({count})" if count else text

    # --- actions ------------------------------------------------------------------------------

    def _fit_members(self) -> None:
        table = self.members_table
        table.resizeColumnsToContents()
        for column in range(self.members_model.columnCount() - 1):
            table.setColumnWidth(column, table.columnWidth(column) + 16)

    def _member(self, person_id: str | None) -> MemberView | None:
        if person_id is None:
            return self.selected_member()
        row = self.members_model.row_of(person_id)
        return self.members_model.member(row) if row >= 0 else None

    def _dialog_parent(self) -> QWidget:
        # The main window, not this tab: closing the tab must not close an unsaved editor.
        return self.window()

    def _keep(self, dialog: Any) -> Any:
        # Editors are non-modal: the user may look at the file (or another) while typing.
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()
        dialog.raise_()
        dialog.activateWindow()
        return dialog

    def _update_member_actions(self, *_args: Any) -> None:
        member = self.selected_member()
        alive = member is not None and member.deceased_on is None
        self.edit_member_button.setEnabled(member is not None)
        self.reveal_id_button.setEnabled(member is not None and member.resident_id is not None)
        self.deceased_button.setEnabled(alive)
        self.more_button.setEnabled(member is not None)
        self.reveal_phone_action.setEnabled(member is not None and member.phone is not None)
        self.make_head_action.setEnabled(alive and member is not None and not member.is_head)
        self.move_action.setEnabled(member is not None)
        self.remove_action.setEnabled(member is not None)
        self.edit_household_button.setEnabled(self._file is not None)

    def _member_menu(self, position: Any) -> None:
        if self.selected_member() is None:
            return
        menu = QMenu(self)
        menu.addAction(self.tr("Edit"), lambda: self.edit_member())
        menu.addAction(self.tr("Show ID number"), lambda: self.reveal_resident_id())
        menu.addAction(self.reveal_phone_action)
        menu.addAction(self.tr("Mark deceased…"), lambda: self.mark_deceased())
        menu.addSeparator()
        menu.addAction(self.make_head_action)
        menu.addAction(self.move_action)
        menu.addAction(self.remove_action)
        menu.exec(self.members_table.viewport().mapToGlobal(position))

    def _make_selected_head(self) -> None:
        member = self.selected_member()
        if member is not None:
            self.change_head(member.id)

    def _reveal_header(self, key: str) -> None:
        def shown(value: str) -> None:
            self._revealed_header[key] = value
            self.header_values[key].setText(value)
            button = getattr(self, f"reveal_{key}_button", None)
            if button is not None:
                button.hide()

        if key == "phone":
            job = ops.reveal_household_phone(self.session, self, self._household_id, shown)
        else:
            job = ops.reveal_bank_account(self.session, self, self._household_id, shown)
        self._jobs.add(job)

    def _update_care_actions(self) -> None:
        for tree, button in (
            (self.child_tree, self.open_child_button),
            (self.elder_tree, self.open_elder_button),
        ):
            item = tree.currentItem()
            button.setEnabled(item is not None and bool(item.data(0, Qt.ItemDataRole.UserRole)))

    def _emit_file(self, item: QTreeWidgetItem | None, *, child: bool) -> None:
        person_id = item.data(0, Qt.ItemDataRole.UserRole) if item is not None else None
        if not person_id:
            return
        if child:
            self.open_child_file.emit(person_id)
        else:
            self.open_elder_file.emit(person_id)

    def _open_selected_child(self) -> None:
        self._emit_file(self.child_tree.currentItem(), child=True)

    def _open_selected_elder(self) -> None:
        self._emit_file(self.elder_tree.currentItem(), child=False)
