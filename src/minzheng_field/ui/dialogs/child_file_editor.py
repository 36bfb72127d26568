"""A child's file (一人一档): the read-only view, the editor, and choosing the child of a new file.

What a village cadre may not see is never offered: the child's health is left out, and a
parent's imprisonment, rehab, illness or severe disability is not among the situations they
can choose (the services show them 其他原因不能监护 instead, without that parent's details).
Phones are masked; showing a whole one is a click, which the access log records.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, QTimer, Signal
from PySide6.QtGui import QIntValidator
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from minzheng_field.diagnostics import user_message
from minzheng_field.domain.labelled_enum import LabelledStrEnum
from minzheng_field.services import care_files as care
from minzheng_field.services.care_files import (
    ChildCategory,
    GuardianCapacity,
    GuardianshipType,
    ParentSituation,
    RiskLevel,
)
from minzheng_field.services.care_queries import (
    GUARDIAN_RELATIONS,
    Candidate,
    WorkerOption,
    child_candidates,
)
from minzheng_field.services.context import Actor
from minzheng_field.services.reveal import PhoneOf
from minzheng_field.services.visibility import (
    PARENT_SITUATION_SHOWN_TO_CADRE,
    SENSITIVE_PARENT_SITUATIONS,
    full_sight,
)
from minzheng_field.ui.database import Cancelled
from minzheng_field.ui.dialogs.member_editor import (
    ERROR_STYLE,
    EditorDialog,
    FieldForm,
    MaskedValueEdit,
    combo_value,
    date_value,
    enum_combo,
    new_date_edit,
    scrolled,
    set_combo_value,
    set_date_value,
    text_value,
)
from minzheng_field.ui.ops import care_files as ops
from minzheng_field.ui.ops.base import Operation, show_error
from minzheng_field.ui.session import UiSession
from minzheng_field.ui.widgets.forms import LINK_BUTTON_STYLE, even_captions

_CHINA = timezone(timedelta(hours=8))
# Parents must contact a left-behind child at least weekly (2016 opinion).
CONTACT_DAYS = 7
_SEARCH_DELAY_MS = 250


@dataclass(frozen=True)
class PersonHeader:
    """Who a file belongs to, as its header shows them."""

    person_id: str
    household_id: str | None
    name: str
    sex: str | None = None
    age: int | None = None
    village_name: str | None = None
    deceased_on: date | None = None

    @classmethod
    def of(cls, row: Any) -> PersonHeader:
        """From a list row or a candidate (anything with these attributes)."""
        return cls(
            person_id=row.person_id,
            household_id=row.household_id,
            name=row.name,
            sex=row.sex,
            age=row.age,
            village_name=row.village_name,
            deceased_on=getattr(row, "deceased_on", None),
        )


def china_today() -> date:
    """Today's civil date in China."""
    return datetime.now(_CHINA).date()


def required_combo(enum: type[LabelledStrEnum]) -> QComboBox:
    """A combo box of an enum's labels without a blank entry (a value is required)."""
    combo = QComboBox()
    for member in enum:
        combo.addItem(member.label, member.value)
    return combo


def worker_combo(workers: Sequence[WorkerOption], villages: Mapping[str, str]) -> QComboBox:
    """A combo box of local users (cadres with their villages), blank first."""
    combo = QComboBox()
    combo.addItem("", None)
    for worker in workers:
        places = "、".join(villages.get(code, code) for code in worker.villages)
        text = worker.display_name
        if places:
            text = QCoreApplication.translate("CareText", "{name} ({villages})").format(
                name=worker.display_name, villages=places
            )
        combo.addItem(text, worker.username)
    return combo


def set_worker(combo: QComboBox, username: str | None) -> None:
    """Select a user, adding an entry for one no longer active (shown by login name)."""
    if username is not None and combo.findData(username) < 0:
        combo.addItem(username, username)
    set_combo_value(combo, username)


def local_time_text(instant: datetime) -> str:
    """An instant as a Chenzhou wall-clock time."""
    if instant.tzinfo is None:
        instant = instant.replace(tzinfo=UTC)
    return instant.astimezone(_CHINA).strftime("%Y-%m-%d %H:%M")


def header_text(person: PersonHeader) -> str:
    """Sex, age and village in one line."""
    parts = [part for part in (person.sex, _age_text(person.age), person.village_name) if part]
    return " · ".join(parts)


def _age_text(age: int | None) -> str:
    if age is None:
        return ""
    return QCoreApplication.translate("CareText", "{age} years old").format(age=age)


# -- choosing the person of a new file ---------------------------------------------------------


class PersonChooser(QWidget):
    """Find a person of the caseload by name or pinyin; persons who have a file are greyed."""

    chosen = Signal(object)

    def __init__(
        self,
        session: UiSession,
        search: Callable[[Session, Actor, str], list[Candidate]],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.session = session
        self._search = search
        self._job: int | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.search_edit = QLineEdit()
        self.search_edit.setObjectName("candidateSearch")
        self.search_edit.setPlaceholderText(self.tr("Name or pinyin initials"))
        self.search_edit.setClearButtonEnabled(True)
        self.results = QListWidget()
        self.results.setObjectName("candidates")
        self.results.setMinimumHeight(120)
        self.hint = QLabel()
        self.hint.setObjectName("candidateHint")
        self.hint.setWordWrap(True)
        layout.addWidget(self.search_edit)
        layout.addWidget(self.results, 1)
        layout.addWidget(self.hint)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(_SEARCH_DELAY_MS)
        self._timer.timeout.connect(self.run_search)
        self.search_edit.textChanged.connect(lambda _text: self._timer.start())
        self.search_edit.returnPressed.connect(self._choose_first)
        self.results.itemActivated.connect(self._choose)

    def run_search(self) -> None:
        """Search now with the typed text (a newer search cancels an older one)."""
        self._timer.stop()
        if self._job is not None:
            self.session.database.cancel(self._job)
        self.hint.setText(self.tr("Searching…"))
        self._job = (
            ops.find_candidates(self.session, self, self._search, self.search_edit.text())
            .success(ops.guarded(self, self._show))
            .failure(ops.guarded(self, self._failed))
            .run_in_background()
        )

    def _show(self, candidates: list[Candidate]) -> None:
        self._job = None
        self.results.clear()
        for candidate in candidates:
            parts = [
                candidate.name,
                candidate.sex or "",
                _age_text(candidate.age),
                candidate.village_name or "",
                candidate.masked_resident_id or "",
            ]
            text = "  ".join(part for part in parts if part)
            if candidate.has_file:
                text += "  " + self.tr("(already has a file)")
            item = QListWidgetItem(text, self.results)
            item.setData(Qt.ItemDataRole.UserRole, candidate)
            if candidate.has_file:
                item.setFlags(Qt.ItemFlag.NoItemFlags)
        if candidates:
            self.hint.setText(self.tr("Press Enter or double-click to choose."))
            first = next(
                (i for i in range(self.results.count()) if self.results.item(i).flags()), None
            )
            if first is not None:
                self.results.setCurrentRow(first)
        else:
            self.hint.setText(self.tr("Nobody found. Add the person to their household first."))

    def _failed(self, error: Exception) -> None:
        self._job = None
        if not isinstance(error, Cancelled):
            self.hint.setText(user_message(error))

    def _choose_first(self) -> None:
        item = self.results.currentItem()
        if item is not None:
            self._choose(item)

    def _choose(self, item: QListWidgetItem) -> None:
        candidate = item.data(Qt.ItemDataRole.UserRole)
        if candidate is not None and not candidate.has_file:
            self.chosen.emit(candidate)


# -- the view ----------------------------------------------------------------------------------


class PhoneValue(QWidget):
    """A masked phone with a button that shows the whole number (logged as an access)."""

    def __init__(self, session: UiSession, of: PhoneOf, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.of = of
        self._person_id: str | None = None
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.value = QLabel()
        self.value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.show_button = QPushButton(self.tr("Show"))
        self.show_button.setObjectName(f"reveal_{of.value}")
        self.show_button.setToolTip(self.tr("Show the whole number (the view is logged)"))
        self.show_button.setFlat(True)
        self.show_button.setCursor(Qt.CursorShape.PointingHandCursor)
        self.show_button.setStyleSheet(LINK_BUTTON_STYLE)
        self.show_button.clicked.connect(self._reveal)
        layout.setSpacing(10)
        layout.addWidget(self.value)
        layout.addWidget(self.show_button)
        layout.addStretch(1)

    def set_phone(self, person_id: str, masked: str | None) -> None:
        """Show a masked number (or a dash)."""
        self._person_id = person_id
        self.value.setText(masked or "—")
        self.show_button.setVisible(bool(masked))
        self.show_button.setEnabled(True)

    def _reveal(self) -> None:
        if self._person_id is None:
            return
        self.show_button.setEnabled(False)
        person_id = self._person_id

        def shown(number: str) -> None:
            if person_id == self._person_id:
                self.value.setText(number)
                self.show_button.hide()

        def failed(error: Exception) -> None:
            self.show_button.setEnabled(True)
            show_error(self, error)

        ops.reveal_phone(
            self.session, person_id, self.of, ops.guarded(self, shown), ops.guarded(self, failed)
        )


def _value_label() -> QLabel:
    label = QLabel()
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setTextFormat(Qt.TextFormat.PlainText)
    return label


class FileHeader(QWidget):
    """Name, sex, age, village and risk of the person a file belongs to, with its buttons."""

    edit_requested = Signal()
    open_household_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._household_id: str | None = None
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        text = QVBoxLayout()
        self.name = QLabel()
        self.name.setObjectName("fileName")
        self.name.setTextFormat(Qt.TextFormat.PlainText)
        font = self.name.font()
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        self.name.setFont(font)
        self.details = QLabel()
        self.details.setObjectName("fileDetails")
        text.addWidget(self.name)
        text.addWidget(self.details)
        layout.addLayout(text, 1)
        self.risk = QLabel()
        self.risk.setObjectName("fileRisk")
        layout.addWidget(self.risk)
        self.household_button = QPushButton(self.tr("Household file"))
        self.household_button.setObjectName("openHousehold")
        self.household_button.clicked.connect(self._open_household)
        self.edit_button = QPushButton(self.tr("Edit"))
        self.edit_button.setObjectName("editFile")
        self.edit_button.setDefault(True)
        self.edit_button.clicked.connect(self.edit_requested)
        layout.addWidget(self.household_button)
        layout.addWidget(self.edit_button)

    def set_person(self, person: PersonHeader, risk: str | None) -> None:
        """Show who the file is of, and its risk level."""
        self._household_id = person.household_id
        self.name.setText(ops.person_name_text(person.name, person.deceased_on))
        self.details.setText(header_text(person))
        self.household_button.setEnabled(person.household_id is not None)
        if risk is None:
            self.risk.clear()
            return
        color = ops.risk_color(risk)
        self.risk.setText(self.tr("Risk: {level}").format(level=ops.label_of(RiskLevel, risk)))
        self.risk.setStyleSheet(
            f"color: {color.name()}; font-weight: bold;" if color is not None else ""
        )

    def _open_household(self) -> None:
        if self._household_id is not None:
            self.open_household_requested.emit(self._household_id)


class ChildFileView(QWidget):
    """A child's file, read-only, as the user may see it (hidden fields are not shown)."""

    edit_requested = Signal()
    open_household_requested = Signal(str)

    def __init__(self, session: UiSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.staff = full_sight(session.role)
        self.person: PersonHeader | None = None
        self.file: care.ChildFileView | None = None
        self._workers: dict[str, str] = {}
        outer = QVBoxLayout(self)
        self.header = FileHeader()
        self.header.edit_requested.connect(self.edit_requested)
        self.header.open_household_requested.connect(self.open_household_requested)
        outer.addWidget(self.header)
        line = QFrame()
        line.setFrameShape(QFrame.Shape.HLine)
        outer.addWidget(line)

        self.values: dict[str, QLabel] = {}
        self.phones: dict[str, PhoneValue] = {}
        self.category = self._group(outer, self.tr("Child"))
        self._row(self.category, "category", self.tr("Category"))
        self._row(self.category, "school", self.tr("School"))
        self._row(self.category, "grade", self.tr("Grade"))
        if self.staff:
            self._row(self.category, "health", self.tr("Health"))
        for parent_key, title, of in (
            ("father", self.tr("Father"), PhoneOf.FATHER),
            ("mother", self.tr("Mother"), PhoneOf.MOTHER),
        ):
            form = self._group(outer, title)
            self._row(form, f"{parent_key}_situation", self.tr("Situation"))
            self._row(form, f"{parent_key}_whereabouts", self.tr("Whereabouts"))
            self._row(form, f"{parent_key}_away_since", self.tr("Away since"))
            self._phone_row(form, f"{parent_key}_phone", self.tr("Phone"), of)
        guardian = self._group(outer, self.tr("Guardian"))
        self._row(guardian, "guardian_name", self.tr("Name"))
        self._row(guardian, "guardian_relation", self.tr("Relation"))
        self._row(guardian, "guardian_age", self.tr("Age"))
        self._phone_row(guardian, "guardian_phone", self.tr("Phone"), PhoneOf.GUARDIAN)
        self._row(guardian, "guardian_capacity", self.tr("Capacity"))
        self._row(guardian, "guardianship_type", self.tr("Guardianship"))
        self._row(guardian, "entrusted_in_writing", self.tr("Entrusted in writing"))
        care_group = self._group(outer, self.tr("Contact and follow-up"))
        self._row(care_group, "last_parent_contact_on", self.tr("Last contact with parents"))
        self._row(care_group, "child_director", self.tr("Child director"))
        self._row(care_group, "notes", self.tr("Notes"))
        self.footer = QLabel()
        self.footer.setObjectName("fileFooter")
        self.footer.setStyleSheet("color: #6b6b6b;")
        outer.addWidget(self.footer)
        outer.addStretch(1)
        even_captions(self.findChildren(QFormLayout))

    def set_workers(self, workers: Sequence[WorkerOption]) -> None:
        """Names of the local users, to show instead of login names."""
        self._workers = {w.username: w.display_name for w in workers}

    def show_file(self, person: PersonHeader, file: care.ChildFileView | None) -> None:
        """Show the child's file (None: the child has no file)."""
        self.person = person
        self.file = file
        self.header.set_person(person, file.risk_level if file else None)
        self.header.edit_button.setEnabled(file is not None)
        if file is None:
            for label in self.values.values():
                label.setText("—")
            for phone in self.phones.values():
                phone.set_phone(person.person_id, None)
            self.footer.setText(self.tr("This child has no file."))
            return
        v = self.values
        v["category"].setText(ops.label_of(ChildCategory, file.category))
        v["school"].setText(file.school or "—")
        v["grade"].setText(file.grade or "—")
        if self.staff:
            v["health"].setText(file.health or "—")
        for key in ("father", "mother"):
            situation = getattr(file, f"{key}_situation")
            v[f"{key}_situation"].setText(ops.label_of(ParentSituation, situation) or "—")
            v[f"{key}_whereabouts"].setText(getattr(file, f"{key}_whereabouts") or "—")
            v[f"{key}_away_since"].setText(ops.date_text(getattr(file, f"{key}_away_since")) or "—")
            self.phones[f"{key}_phone"].set_phone(person.person_id, getattr(file, f"{key}_phone"))
        v["guardian_name"].setText(file.guardian_name or "—")
        v["guardian_relation"].setText(file.guardian_relation or "—")
        v["guardian_age"].setText(
            _age_text(file.guardian_age) if file.guardian_age is not None else "—"
        )
        self.phones["guardian_phone"].set_phone(person.person_id, file.guardian_phone)
        v["guardian_capacity"].setText(
            ops.label_of(GuardianCapacity, file.guardian_capacity) or "—"
        )
        v["guardianship_type"].setText(
            ops.label_of(GuardianshipType, file.guardianship_type) or "—"
        )
        v["entrusted_in_writing"].setText(
            self.tr("Yes") if file.entrusted_in_writing else self.tr("No")
        )
        self._show_contact(file.last_parent_contact_on)
        director = file.child_director
        v["child_director"].setText(self._workers.get(director, director) if director else "—")
        v["notes"].setText(file.notes or "—")
        self.footer.setText(
            self.tr("Last changed {when} by {who}").format(
                when=local_time_text(file.updated_at),
                who=self._workers.get(file.updated_by or "", file.updated_by or "—"),
            )
        )

    def _show_contact(self, contact: date | None) -> None:
        label = self.values["last_parent_contact_on"]
        if contact is None:
            label.setText("—")
            label.setStyleSheet("")
            return
        days = (china_today() - contact).days
        if days <= 0:
            label.setText(self.tr("{date} (today)").format(date=contact.isoformat()))
        else:
            label.setText(
                self.tr("{date} ({days} days ago)").format(date=contact.isoformat(), days=days)
            )
        label.setStyleSheet(ERROR_STYLE if days > CONTACT_DAYS else "")
        label.setToolTip(
            self.tr("Parents should contact the child at least once a week.")
            if days > CONTACT_DAYS
            else ""
        )

    def _group(self, outer: QVBoxLayout, title: str) -> QFormLayout:
        box = QGroupBox(title)
        form = QFormLayout(box)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        outer.addWidget(box)
        return form

    def _row(self, form: QFormLayout, key: str, caption: str) -> None:
        label = _value_label()
        label.setObjectName(key)
        self.values[key] = label
        form.addRow(caption, label)

    def _phone_row(self, form: QFormLayout, key: str, caption: str, of: PhoneOf) -> None:
        phone = PhoneValue(self.session, of)
        phone.setObjectName(key)
        self.phones[key] = phone
        form.addRow(caption, phone)


# -- the editor --------------------------------------------------------------------------------

_PHONE_FIELDS = ("father_phone", "mother_phone", "guardian_phone")
_DETAILS = ("whereabouts", "away_since", "phone")


class ChildFileForm(FieldForm):
    """The fields of a child's file; what the user's role cannot see is not offered."""

    def __init__(
        self,
        *,
        staff: bool,
        workers: Sequence[WorkerOption],
        villages: Mapping[str, str],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.staff = staff
        self._today = china_today()
        self._file: care.ChildFileView | None = None
        # Parents whose details the user may not change (a cadre, a situation hidden from them).
        self._locked_parents: set[str] = set()

        self.category = required_combo(ChildCategory)
        self.risk_level = required_combo(RiskLevel)
        hidden = SENSITIVE_PARENT_SITUATIONS if not staff else frozenset()
        skip = [member for member in ParentSituation if member.value in hidden]
        self.situation: dict[str, QComboBox] = {}
        self.whereabouts: dict[str, QLineEdit] = {}
        self.away_since: dict[str, Any] = {}
        self.phone: dict[str, MaskedValueEdit] = {}
        for key in ("father", "mother"):
            self.situation[key] = enum_combo(ParentSituation, skip=skip)
            self.whereabouts[key] = QLineEdit()
            self.away_since[key] = new_date_edit(maximum=self._today)
            self.phone[key] = MaskedValueEdit()
        self.guardian_name = QLineEdit()
        self.guardian_relation = QComboBox()
        self.guardian_relation.setEditable(True)
        self.guardian_relation.addItem("")
        self.guardian_relation.addItems(list(GUARDIAN_RELATIONS))
        self.guardian_age = QLineEdit()
        self.guardian_age.setValidator(QIntValidator(0, 150, self.guardian_age))
        self.guardian_age.setMaximumWidth(80)
        self.guardian_phone = MaskedValueEdit()
        self.guardian_capacity = enum_combo(GuardianCapacity)
        self.guardianship_type = enum_combo(GuardianshipType)
        self.entrusted_in_writing = QCheckBox(self.tr("Guardianship entrusted in writing"))
        self.school = QLineEdit()
        self.grade = QLineEdit()
        self.health = QLineEdit()
        self.last_parent_contact_on = new_date_edit(maximum=self._today)
        self.child_director = worker_combo(workers, villages)
        self.notes = QPlainTextEdit()
        self.notes.setTabChangesFocus(True)
        self.notes.setFixedHeight(60)

        row = 0
        self.add_field("category", self.tr("Category"), self.category, row, 0)
        self.add_field("risk_level", self.tr("Risk level"), self.risk_level, row, 1)
        row += 1
        for key, title in (("father", self.tr("Father")), ("mother", self.tr("Mother"))):
            self._heading(title, row)
            row += 1
            self.add_field(f"{key}_situation", self.tr("Situation"), self.situation[key], row, 0)
            self.add_field(f"{key}_away_since", self.tr("Away since"), self.away_since[key], row, 1)
            row += 1
            self.add_field(
                f"{key}_whereabouts", self.tr("Whereabouts"), self.whereabouts[key], row, 0
            )
            self.add_field(f"{key}_phone", self.tr("Phone"), self.phone[key], row, 1)
            row += 1
            self.situation[key].currentIndexChanged.connect(
                lambda _i, parent_key=key: self._update_parent(parent_key)
            )
        self._heading(self.tr("Guardian (carer)"), row)
        row += 1
        self.add_field("guardian_name", self.tr("Name"), self.guardian_name, row, 0)
        self.add_field("guardian_relation", self.tr("Relation"), self.guardian_relation, row, 1)
        row += 1
        self.add_field("guardian_age", self.tr("Age"), self.guardian_age, row, 0)
        self.add_field("guardian_phone", self.tr("Phone"), self.guardian_phone, row, 1)
        row += 1
        self.add_field("guardian_capacity", self.tr("Capacity"), self.guardian_capacity, row, 0)
        self.add_field("guardianship_type", self.tr("Guardianship"), self.guardianship_type, row, 1)
        row += 1
        self.add_field("entrusted_in_writing", "", self.entrusted_in_writing, row, 0, span=True)
        row += 1
        self._heading(self.tr("School, health and follow-up"), row)
        row += 1
        self.add_field("school", self.tr("School"), self.school, row, 0)
        self.add_field("grade", self.tr("Grade"), self.grade, row, 1)
        row += 1
        if staff:
            self.add_field("health", self.tr("Health"), self.health, row, 0, span=True)
            row += 1
        self.add_field(
            "last_parent_contact_on",
            self.tr("Last contact with parents"),
            self.last_parent_contact_on,
            row,
            0,
        )
        self.add_field("child_director", self.tr("Child director"), self.child_director, row, 1)
        row += 1
        self.add_field("notes", self.tr("Notes"), self.notes, row, 0, span=True)
        self.fix_tab_order()

        self.today_button = QPushButton(self.tr("Today"))
        self.today_button.setObjectName("contactToday")
        self.today_button.clicked.connect(
            lambda: set_date_value(self.last_parent_contact_on, self._today)
        )
        self.cells["last_parent_contact_on"].extra.addWidget(self.today_button)
        self.cells["last_parent_contact_on"].extra.addStretch(1)
        self._initial: dict[str, Any] = self.snapshot()

    # -- filling and reading -----------------------------------------------------------------

    def set_file(self, file: care.ChildFileView) -> None:
        """Fill the form with a file as the user may see it (phones stay masked)."""
        self._file = file
        set_combo_value(self.category, file.category)
        set_combo_value(self.risk_level, file.risk_level)
        self._locked_parents.clear()
        for key in ("father", "mother"):
            situation = getattr(file, f"{key}_situation")
            details = [getattr(file, f"{key}_{detail}") for detail in _DETAILS]
            if (
                not self.staff
                and situation == PARENT_SITUATION_SHOWN_TO_CADRE
                and all(value is None for value in details)
            ):
                # Perhaps a situation hidden from this user: its details are not theirs to fill.
                self._locked_parents.add(key)
            set_combo_value(self.situation[key], situation)
            self.whereabouts[key].setText(getattr(file, f"{key}_whereabouts") or "")
            set_date_value(self.away_since[key], getattr(file, f"{key}_away_since"))
            self.phone[key].set_stored(getattr(file, f"{key}_phone"))
            self._update_parent(key)
        self.guardian_name.setText(file.guardian_name or "")
        self.guardian_relation.setCurrentText(file.guardian_relation or "")
        self.guardian_age.setText("" if file.guardian_age is None else str(file.guardian_age))
        self.guardian_phone.set_stored(file.guardian_phone)
        set_combo_value(self.guardian_capacity, file.guardian_capacity)
        set_combo_value(self.guardianship_type, file.guardianship_type)
        self.entrusted_in_writing.setChecked(file.entrusted_in_writing)
        self.school.setText(file.school or "")
        self.grade.setText(file.grade or "")
        if self.staff:
            self.health.setText(file.health or "")
        set_date_value(self.last_parent_contact_on, file.last_parent_contact_on)
        set_worker(self.child_director, file.child_director)
        self.notes.setPlainText(file.notes or "")
        self._initial = self.snapshot()

    def set_defaults(self, director: str | None) -> None:
        """A new file: 留守儿童, low risk, the given 儿童主任."""
        set_combo_value(self.category, ChildCategory.LEFT_BEHIND.value)
        set_combo_value(self.risk_level, RiskLevel.LOW.value)
        set_worker(self.child_director, director)
        self._initial = self.snapshot()

    def plain_values(self) -> dict[str, Any]:
        """The typed values of every field but the phones (None for blank)."""
        values: dict[str, Any] = {
            "category": combo_value(self.category),
            "risk_level": combo_value(self.risk_level),
            "guardian_name": text_value(self.guardian_name),
            "guardian_relation": self.guardian_relation.currentText().strip() or None,
            "guardian_age": _int_or_none(self.guardian_age.text()),
            "guardian_capacity": combo_value(self.guardian_capacity),
            "guardianship_type": combo_value(self.guardianship_type),
            "entrusted_in_writing": self.entrusted_in_writing.isChecked(),
            "school": text_value(self.school),
            "grade": text_value(self.grade),
            "last_parent_contact_on": date_value(self.last_parent_contact_on),
            "child_director": combo_value(self.child_director),
            "notes": text_value(self.notes),
        }
        for key in ("father", "mother"):
            values[f"{key}_situation"] = combo_value(self.situation[key])
            values[f"{key}_whereabouts"] = text_value(self.whereabouts[key])
            values[f"{key}_away_since"] = date_value(self.away_since[key])
        if self.staff:
            values["health"] = text_value(self.health)
        return values

    def snapshot(self) -> dict[str, Any]:
        """Everything the form holds now, masked phones as shown."""
        values = self.plain_values()
        for key in ("father", "mother"):
            values[f"{key}_phone_text"] = self.phone[key].text()
        values["guardian_phone_text"] = self.guardian_phone.text()
        return values

    def is_dirty(self) -> bool:
        """Whether anything differs from what the form was filled with."""
        return self.snapshot() != self._initial

    def changed_fields(self) -> dict[str, Any]:
        """The fields that differ from the file (phones only when typed anew)."""
        initial = self._initial
        fields = {
            name: value for name, value in self.plain_values().items() if value != initial.get(name)
        }
        for name, edit in self._phone_edits().items():
            if edit.is_changed():
                fields[name] = edit.typed() or None
        for key in self._locked_parents:
            if f"{key}_situation" not in fields:
                for detail in _DETAILS:
                    fields.pop(f"{key}_{detail}", None)
        return fields

    def new_fields(self) -> dict[str, Any]:
        """The fields of a new file (blank ones left out)."""
        fields = {
            name: value
            for name, value in self.plain_values().items()
            if value is not None or name in ("category", "risk_level")
        }
        for name, edit in self._phone_edits().items():
            if edit.typed():
                fields[name] = edit.typed()
        return fields

    def check_typed(self) -> bool:
        """A masked phone that was edited must be typed again whole; True when fine."""
        ok = True
        for name, edit in self._phone_edits().items():
            if edit.isEnabled() and edit.still_masked():
                self.cells[name].show_error(
                    self.tr("The number shown is masked: type the whole number again.")
                )
                ok = False
        if not ok:
            self.focus_first_error()
        return ok

    def focus_first_error(self) -> None:
        """Put the cursor into the first input that shows a message."""
        for cell in self.cells.values():
            if cell.error.isVisibleTo(self):
                cell.editor.setFocus(Qt.FocusReason.OtherFocusReason)
                return

    # -- behaviour -------------------------------------------------------------------------

    def _phone_edits(self) -> dict[str, MaskedValueEdit]:
        return {
            "father_phone": self.phone["father"],
            "mother_phone": self.phone["mother"],
            "guardian_phone": self.guardian_phone,
        }

    def _update_parent(self, key: str) -> None:
        situation = combo_value(self.situation[key])
        locked = key in self._locked_parents and situation == PARENT_SITUATION_SHOWN_TO_CADRE
        tip = (
            self.tr("Recorded by the township civil-affairs assistant; ask them to change it.")
            if locked
            else ""
        )
        for editor in (self.whereabouts[key], self.away_since[key], self.phone[key]):
            editor.setEnabled(not locked)
            editor.setToolTip(tip)

    def _heading(self, title: str, row: int) -> None:
        label = QLabel(title)
        label.setObjectName("formHeading")
        font = label.font()
        font.setBold(True)
        label.setFont(font)
        label.setContentsMargins(0, 8, 0, 0)
        self.grid.addWidget(label, row, 0, 1, 5)


def _int_or_none(text: str) -> int | None:
    text = text.strip()
    return int(text) if text.isdigit() else None


class ChildFileEditor(EditorDialog):
    """Open a child's file, or change one (only the changed fields are sent).

    Without a person, the dialog first asks which child of the caseload the file is for.
    """

    def __init__(
        self,
        session: UiSession,
        *,
        workers: Sequence[WorkerOption] = (),
        villages: Mapping[str, str] | None = None,
        person: PersonHeader | None = None,
        file: care.ChildFileView | None = None,
        director: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(session, parent)
        self.person = person
        self.file = file
        self.form = ChildFileForm(
            staff=full_sight(session.role), workers=workers, villages=villages or {}
        )
        self.who = QLabel()
        self.who.setObjectName("editorPerson")
        font = self.who.font()
        font.setBold(True)
        self.who.setFont(font)
        self.body.addWidget(self.who)
        self.chooser: PersonChooser | None = None
        if person is None:
            self.chooser = PersonChooser(session, lambda s, a, text: child_candidates(s, a, text))
            self.chooser.chosen.connect(self.choose)
            self.body.addWidget(self.chooser, 1)
        self.scroll = scrolled(self.form)
        self.body.addWidget(self.scroll, 3)
        self.resize(880, 640)
        if file is not None:
            self.form.set_file(file)
        else:
            self.form.set_defaults(director)
        if person is None:
            self.setWindowTitle(self.tr("New child file"))
            self.who.setText(self.tr("Choose the child of the new file:"))
            self.scroll.setEnabled(False)
            self.save_button.setEnabled(False)
            assert self.chooser is not None
            self.chooser.search_edit.setFocus()
            self.chooser.run_search()
        else:
            self._show_person(person)

    def save(self) -> None:
        """Save, once the child of a new file has been chosen."""
        if self.person is None:
            self.show_message(self.tr("Choose the child first."))
            return
        super().save()

    def choose(self, candidate: Candidate) -> None:
        """Make the new file for this person."""
        self.person = PersonHeader.of(candidate)
        self._show_person(self.person)
        if self.chooser is not None:
            self.chooser.hide()
        self.scroll.setEnabled(True)
        self.save_button.setEnabled(True)
        self.form.category.setFocus()

    def _show_person(self, person: PersonHeader) -> None:
        title = self.tr("Child file: {name}") if self.file else self.tr("New child file: {name}")
        self.setWindowTitle(title.format(name=person.name))
        details = header_text(person)
        self.who.setText(f"{person.name}　{details}" if details else person.name)
        first = self.form.first_input()
        if first is not None:
            first.setFocus()

    def operation(self) -> Operation[Any] | None:
        """create_child_file for a new file, update_child_file with the changes otherwise."""
        if self.person is None:
            return None
        if self.file is None:
            return ops.create_child_file(
                self.session, self, self.person.person_id, self.form.new_fields()
            )
        changed = self.form.changed_fields()
        if not changed:
            return None
        return ops.update_child_file(self.session, self, self.person.person_id, changed)

    def show_field_error(self, field: str, message: str) -> bool:
        """Show the message beside the input it names."""
        return self.form.show_error(field, message)

    def clear_field_errors(self) -> None:
        """Hide the inputs' messages."""
        self.form.clear_errors()

    def check_typed(self) -> bool:
        """A masked phone that was edited must be typed whole."""
        return self.form.check_typed()

    def is_dirty(self) -> bool:
        """Whether anything was typed."""
        return self.person is not None and self.form.is_dirty()

    def snapshot(self) -> dict[str, Any]:
        """What the inputs hold now."""
        return self.form.snapshot()


# Editors opened without a parent: Python holds them until Qt deletes them on close.
_OPEN_EDITORS: set[QWidget] = set()


def keep_open(editor: QWidget) -> None:
    """Keep a parentless editor alive until it is closed (and deleted)."""
    if editor.parent() is not None:
        return
    _OPEN_EDITORS.add(editor)
    editor.destroyed.connect(lambda *_args: _OPEN_EDITORS.discard(editor))


def edit_child_file(session: UiSession, parent: QWidget | None, person_id: str) -> None:
    """Open the editor of a person's child file (a new file when they have none)."""

    def loaded(context: ops.EditingContext) -> None:
        editor = ChildFileEditor(
            session,
            workers=context.workers,
            villages=context.villages,
            person=PersonHeader.of(context.person),
            file=context.child_file,
            parent=parent,
        )
        editor.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        keep_open(editor)
        editor.show()

    ops.load_for_editing(session, parent, person_id).success(loaded).run_in_background()
