"""A child's file (一人一档): the read-only view, the editor, and choosing the child of a new file.

What a village cadre may not see is never offered: the child's health is left out, and a
parent's imprisonment, rehab, illness or severe disability is not among the situations they
can choose (the services show them 其他原因不能监护 instead, without that parent's details).
Phones are masked; showing a whole one is a click, which the access log records.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from PySide6.QtGui import QIntValidator
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QWidget,
)

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
    WorkerOption,
    child_candidates,
)
from minzheng_field.services.reveal import PhoneOf
from minzheng_field.services.visibility import (
    PARENT_SITUATION_SHOWN_TO_CADRE,
    SENSITIVE_PARENT_SITUATIONS,
    full_sight,
)
from minzheng_field.ui.dialogs import care_file_editor as care_ui
from minzheng_field.ui.dialogs.care_file_editor import (
    PersonHeader,
    age_text,
    china_today,
    open_care_editor,
    required_combo,
    set_worker,
    worker_combo,
)
from minzheng_field.ui.dialogs.member_editor import (
    ERROR_STYLE,
    MaskedValueEdit,
    combo_value,
    date_value,
    enum_combo,
    new_date_edit,
    set_combo_value,
    set_date_value,
    text_value,
)
from minzheng_field.ui.ops import care_files as ops
from minzheng_field.ui.session import UiSession

# Parents must contact a left-behind child at least weekly (2016 opinion).
CONTACT_DAYS = 7


class ChildFileView(care_ui.CareFileView):
    """A child's file, read-only, as the user may see it (hidden fields are not shown)."""

    def build(self) -> None:
        """The child, each parent, the guardian, and contact and follow-up."""
        self.staff = full_sight(self.session.role)
        child = self.group(self.tr("Child"))
        self.add_value(child, "category", self.tr("Category"))
        self.add_value(child, "school", self.tr("School"))
        self.add_value(child, "grade", self.tr("Grade"))
        if self.staff:
            self.add_value(child, "health", self.tr("Health"))
        for parent_key, title, of in (
            ("father", self.tr("Father"), PhoneOf.FATHER),
            ("mother", self.tr("Mother"), PhoneOf.MOTHER),
        ):
            form = self.group(title)
            self.add_value(form, f"{parent_key}_situation", self.tr("Situation"))
            self.add_value(form, f"{parent_key}_whereabouts", self.tr("Whereabouts"))
            self.add_value(form, f"{parent_key}_away_since", self.tr("Away since"))
            self.add_phone(form, f"{parent_key}_phone", self.tr("Phone"), of)
        guardian = self.group(self.tr("Guardian"))
        self.add_value(guardian, "guardian_name", self.tr("Name"))
        self.add_value(guardian, "guardian_relation", self.tr("Relation"))
        self.add_value(guardian, "guardian_age", self.tr("Age"))
        self.add_phone(guardian, "guardian_phone", self.tr("Phone"), PhoneOf.GUARDIAN)
        self.add_value(guardian, "guardian_capacity", self.tr("Capacity"))
        self.add_value(guardian, "guardianship_type", self.tr("Guardianship"))
        self.add_value(guardian, "entrusted_in_writing", self.tr("Entrusted in writing"))
        care_group = self.group(self.tr("Contact and follow-up"))
        self.add_value(care_group, "last_parent_contact_on", self.tr("Last contact with parents"))
        self.add_value(care_group, "child_director", self.tr("Child director"))
        self.add_value(care_group, "notes", self.tr("Notes"))

    def risk_of(self, file: care.ChildFileView) -> str:
        """The child's risk level."""
        return file.risk_level

    def no_file_text(self) -> str:
        """The footer of a child without a file."""
        return self.tr("This child has no file.")

    def fill(self, person: PersonHeader, file: care.ChildFileView) -> None:
        """Show the child's file as the user may see it."""
        v = self.values
        v["category"].setText(ops.label_of(ChildCategory, file.category))
        self.show_plain(file, "school", "grade", "guardian_name", "guardian_relation", "notes")
        if self.staff:
            self.show_plain(file, "health")
        for key in ("father", "mother"):
            situation = getattr(file, f"{key}_situation")
            v[f"{key}_situation"].setText(ops.label_of(ParentSituation, situation) or "—")
            v[f"{key}_whereabouts"].setText(getattr(file, f"{key}_whereabouts") or "—")
            v[f"{key}_away_since"].setText(ops.date_text(getattr(file, f"{key}_away_since")) or "—")
            self.phones[f"{key}_phone"].set_phone(person.person_id, getattr(file, f"{key}_phone"))
        v["guardian_age"].setText(
            age_text(file.guardian_age) if file.guardian_age is not None else "—"
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
        v["child_director"].setText(self.worker_text(file.child_director))

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


# -- the editor --------------------------------------------------------------------------------

_DETAILS = ("whereabouts", "away_since", "phone")


class ChildFileForm(care_ui.CareFileForm):
    """The fields of a child's file; what the user's role cannot see is not offered."""

    REQUIRED = ("category", "risk_level")

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
        self.mark_clean()

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
        self.mark_clean()

    def set_defaults(self, director: str | None) -> None:
        """A new file: 留守儿童, low risk, the given 儿童主任."""
        set_combo_value(self.category, ChildCategory.LEFT_BEHIND.value)
        set_combo_value(self.risk_level, RiskLevel.LOW.value)
        set_worker(self.child_director, director)
        self.mark_clean()

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

    def changed_fields(self) -> dict[str, Any]:
        """The fields that differ from the file (phones only when typed anew)."""
        fields = super().changed_fields()
        for key in self._locked_parents:
            if f"{key}_situation" not in fields:
                for detail in _DETAILS:
                    fields.pop(f"{key}_{detail}", None)
        return fields

    # -- behaviour -------------------------------------------------------------------------

    def phone_edits(self) -> dict[str, MaskedValueEdit]:
        """The parents' and the guardian's phones."""
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


class ChildFileEditor(care_ui.CareFileEditor):
    """Open a child's file, or change one (only the changed fields are sent).

    Without a person, the dialog first asks which child of the caseload the file is for.
    """

    KIND = care_ui.EditorKind(child_candidates, ops.create_child_file, ops.update_child_file)
    SIZE = (880, 640)

    def make_form(
        self, workers: Sequence[WorkerOption], villages: Mapping[str, str]
    ) -> ChildFileForm:
        """The child's fields, those the user's role may see."""
        return ChildFileForm(
            staff=full_sight(self.session.role), workers=workers, villages=villages
        )

    def make_texts(self) -> care_ui.EditorTexts:
        """The editor's sentences about a child."""
        return care_ui.EditorTexts(
            new_file=self.tr("New child file"),
            choose=self.tr("Choose the child of the new file:"),
            choose_first=self.tr("Choose the child first."),
            titled=self.tr("Child file: {name}"),
            new_titled=self.tr("New child file: {name}"),
        )


def edit_child_file(session: UiSession, parent: QWidget | None, person_id: str) -> None:
    """Open the editor of a person's child file (a new file when they have none)."""
    open_care_editor(session, parent, person_id, ChildFileEditor, lambda c: c.child_file)
