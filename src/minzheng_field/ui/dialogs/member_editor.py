"""The member editor: a person's form (PersonForm) in a dialog, plus move and remove dialogs.

The pieces every household editor shares live here too: EditorDialog (Ctrl+S saves, Esc
cancels, Enter moves to the next input, errors shown beside the input the service names)
and MaskedValueEdit (a masked number that is sent only when the user types a new one).
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Sequence
from datetime import date, datetime, timedelta, timezone
from typing import Any

from PySide6.QtCore import QDate, Qt, QTimer, Signal
from PySide6.QtGui import QFocusEvent, QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from minzheng_field.diagnostics import user_message
from minzheng_field.domain.age import age_on
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
from minzheng_field.domain.resident_id import (
    InvalidResidentId,
    InvalidResidentIdReason,
    Sex,
    parse_resident_id,
)
from minzheng_field.services.errors import DuplicateResidentId, InvalidInput
from minzheng_field.services.household_file import MemberView
from minzheng_field.services.persons import PersonInput
from minzheng_field.services.visibility import full_sight
from minzheng_field.store.queries.person_search import PersonHit, PersonQuery
from minzheng_field.ui.database import Cancelled
from minzheng_field.ui.ops import households as ops
from minzheng_field.ui.ops.base import Operation
from minzheng_field.ui.session import UiSession

log = logging.getLogger(__name__)

ERROR_STYLE = "color: #b3261e;"
_CHINA = timezone(timedelta(hours=8))
# QDateEdit cannot be empty: its minimum, shown as a blank, stands for "not known".
_NO_DATE = QDate(1849, 12, 31)
_MASK_CHARACTER = "*"


def china_today() -> date:
    """Today's date in China (civil dates are Asia/Shanghai)."""
    return datetime.now(_CHINA).date()


class MaskedValueEdit(QLineEdit):
    """A line edit showing a stored value masked; only a newly typed value is ever sent."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._stored = ""

    def set_stored(self, masked: str | None) -> None:
        """Show the stored (masked) value; it counts as unchanged until the user edits it."""
        self._stored = masked or ""
        self.setText(self._stored)

    def is_changed(self) -> bool:
        """Whether the user typed something other than the stored value."""
        return self.text() != self._stored

    def typed(self) -> str:
        """The text as typed, without surrounding spaces."""
        return self.text().strip()

    def still_masked(self) -> bool:
        """Edited, but still holding mask characters (typed into the masked value)."""
        return self.is_changed() and _MASK_CHARACTER in self.text()

    def focusInEvent(self, event: QFocusEvent) -> None:  # noqa: N802 (Qt override)
        super().focusInEvent(event)
        if self._stored and not self.is_changed():
            # Typing replaces the masked value instead of editing its stars.
            QTimer.singleShot(0, self.selectAll)


def enum_combo(enum: type[LabelledStrEnum], *, skip: Sequence[LabelledStrEnum] = ()) -> QComboBox:
    """A combo box of an enum's Chinese labels, with a blank first entry (not stated)."""
    combo = QComboBox()
    combo.addItem("", None)
    for member in enum:
        if member not in skip:
            combo.addItem(member.label, member.value)
    return combo


def set_combo_value(combo: QComboBox, value: Any) -> None:
    """Select the entry whose data is `value` (the blank one when not found)."""
    index = combo.findData(value)
    combo.setCurrentIndex(max(index, 0))


def combo_value(combo: QComboBox) -> Any:
    """The data of the selected entry (None for the blank one)."""
    return combo.currentData()


def new_date_edit(*, maximum: date | None = None, optional: bool = True) -> QDateEdit:
    """A date input with a calendar; optional ones show blank until a date is chosen."""
    edit = QDateEdit()
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("yyyy-MM-dd")
    if optional:
        edit.setMinimumDate(_NO_DATE)
        edit.setSpecialValueText(" ")
        edit.setDate(_NO_DATE)
    else:
        edit.setMinimumDate(QDate(1850, 1, 1))
    if maximum is not None:
        edit.setMaximumDate(QDate(maximum.year, maximum.month, maximum.day))
    return edit


def date_value(edit: QDateEdit) -> date | None:
    """The chosen date, or None while blank."""
    chosen = edit.date()
    if chosen == edit.minimumDate() and edit.specialValueText():
        return None
    return date(chosen.year(), chosen.month(), chosen.day())


def set_date_value(edit: QDateEdit, value: date | None) -> None:
    """Show a date, or blank for None."""
    if value is None:
        edit.setDate(edit.minimumDate())
    else:
        edit.setDate(QDate(value.year, value.month, value.day))


def text_value(edit: QLineEdit | QPlainTextEdit) -> str | None:
    """Typed text without surrounding spaces; None when empty."""
    text = edit.toPlainText() if isinstance(edit, QPlainTextEdit) else edit.text()
    return text.strip() or None


class FieldCell(QWidget):
    """An input with the error message that belongs to it, shown right under it."""

    def __init__(self, editor: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.editor = editor
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(editor)
        self.extra = QHBoxLayout()
        self.extra.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(self.extra)
        self.error = QLabel()
        self.error.setObjectName("fieldError")
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.setWordWrap(True)
        self.error.setTextFormat(Qt.TextFormat.PlainText)
        self.error.hide()
        layout.addWidget(self.error)
        # A taller neighbour in the same grid row must not push the input down.
        layout.addStretch(1)

    def show_error(self, message: str) -> None:
        """Show the message under the input."""
        self.error.setText(message)
        self.error.show()

    def clear_error(self) -> None:
        """Hide the message."""
        self.error.clear()
        self.error.hide()


class FieldForm(QWidget):
    """A grid of labelled inputs in two columns, each input with its own error message."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.grid = QGridLayout(self)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setHorizontalSpacing(10)
        self.grid.setVerticalSpacing(6)
        # Columns: caption, input, gap, caption, input.
        self.grid.setColumnStretch(1, 1)
        self.grid.setColumnStretch(4, 1)
        self.grid.setColumnMinimumWidth(2, 16)
        self.cells: dict[str, FieldCell] = {}
        self.labels: dict[str, QLabel] = {}
        self._order: list[QWidget] = []

    def add_field(
        self, field: str, label: str, editor: QWidget, row: int, column: int, *, span: bool = False
    ) -> FieldCell:
        """Place a labelled input at (row, column 0 or 1); `span` uses the whole width."""
        caption = QLabel(label)
        caption.setBuddy(editor)
        caption.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        caption.setContentsMargins(0, 4, 0, 0)
        cell = FieldCell(editor)
        base = column * 3
        self.grid.addWidget(caption, row, base)
        self.grid.addWidget(cell, row, base + 1, 1, 4 if span else 1)
        # Spare height goes below the last row, not between the rows.
        last = self.grid.rowCount()
        for stretched in range(last):
            self.grid.setRowStretch(stretched, 0)
        self.grid.setRowStretch(last, 1)
        self.cells[field] = cell
        self.labels[field] = caption
        self._order.append(editor)
        self._watch(editor)
        return cell

    def set_field_visible(self, field: str, visible: bool) -> None:
        """Show or hide an input with its label."""
        self.cells[field].setVisible(visible)
        self.labels[field].setVisible(visible)

    def fix_tab_order(self) -> None:
        """Tab follows the order the fields were added in (column by column)."""
        for first, second in zip(self._order, self._order[1:], strict=False):
            QWidget.setTabOrder(first, second)

    def first_input(self) -> QWidget | None:
        """The input that takes the focus when the form opens."""
        return self._order[0] if self._order else None

    def last_input(self) -> QWidget | None:
        """The last input in tab order."""
        return self._order[-1] if self._order else None

    def show_error(self, field: str, message: str) -> bool:
        """Show a message beside the named input and focus it; False if there is none."""
        cell = self.cells.get(field)
        if cell is None or not cell.isVisibleTo(self):
            return False
        cell.show_error(message)
        cell.editor.setFocus(Qt.FocusReason.OtherFocusReason)
        return True

    def clear_errors(self) -> None:
        """Hide every field message."""
        for cell in self.cells.values():
            cell.clear_error()

    def _watch(self, editor: QWidget) -> None:
        if isinstance(editor, QLineEdit | QPlainTextEdit):
            editor.textChanged.connect(self.changed)
        elif isinstance(editor, QComboBox):
            editor.currentIndexChanged.connect(self.changed)
        elif isinstance(editor, QDateEdit):
            editor.dateChanged.connect(self.changed)
        elif isinstance(editor, QCheckBox):
            editor.toggled.connect(self.changed)


class PersonForm(FieldForm):
    """The fields of a PersonInput; staff-only fields are left out for a village cadre."""

    open_household_requested = Signal(str)

    def __init__(self, *, staff: bool, head: bool = False, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.staff = staff
        self.head = head
        self._today = china_today()
        self._member: MemberView | None = None

        self.name = QLineEdit()  # no validator, no input mask: rare characters must pass
        self.name.setObjectName("name")
        self.resident_id = MaskedValueEdit()
        self.resident_id.setObjectName("resident_id")
        self.resident_id.setPlaceholderText(self.tr("18 digits; the last may be X"))
        self.no_id = QCheckBox(self.tr("No ID number yet (kept as to be verified)"))
        self.no_id.setObjectName("no_id")
        self.pending_reason = enum_combo(PendingReason)
        self.sex = QComboBox()
        self.sex.addItem("", None)
        for sex in Sex:
            self.sex.addItem(sex.value, sex.value)
        self.birth_date = new_date_edit(maximum=self._today)
        self.relation = enum_combo(Relationship, skip=() if head else (Relationship.SELF,))
        self.ethnicity = enum_combo(Ethnicity)
        self.marital_status = enum_combo(MaritalStatus)
        self.phone = MaskedValueEdit()
        self.phone.setObjectName("phone")
        self.labour_capacity = enum_combo(LabourCapacity)
        self.employment = enum_combo(EmploymentStatus)
        self.health = enum_combo(HealthStatus)
        self.disability_category = enum_combo(DisabilityCategory)
        self.disability_grade = QComboBox()
        self.disability_grade.addItem("", None)
        for grade in DisabilityGrade:
            self.disability_grade.addItem(grade.label, int(grade.value))
        self.hukou_address = QLineEdit()
        self.current_address = QLineEdit()
        self.notes = QPlainTextEdit()
        self.notes.setTabChangesFocus(True)
        self.notes.setFixedHeight(60)

        left = [
            ("name", self.tr("Name"), self.name),
            ("resident_id", self.tr("ID number"), self.resident_id),
            ("no_id", "", self.no_id),
            ("pending_reason", self.tr("Reason to verify"), self.pending_reason),
            ("sex", self.tr("Sex"), self.sex),
            ("birth_date", self.tr("Date of birth"), self.birth_date),
            ("relation", self.tr("Relation to head"), self.relation),
            ("ethnicity", self.tr("Ethnicity"), self.ethnicity),
            ("marital_status", self.tr("Marital status"), self.marital_status),
        ]
        if head:
            # A new head is 本人 by definition: no input for it.
            left = [entry for entry in left if entry[0] != "relation"]
            self.relation.setParent(self)
            self.relation.hide()
        right = [
            ("phone", self.tr("Phone"), self.phone),
            ("labour_capacity", self.tr("Labour capacity"), self.labour_capacity),
            ("employment", self.tr("Employment"), self.employment),
        ]
        if staff:
            right += [
                ("health", self.tr("Health"), self.health),
                ("disability_category", self.tr("Disability category"), self.disability_category),
                ("disability_grade", self.tr("Disability grade"), self.disability_grade),
            ]
        right += [
            ("hukou_address", self.tr("Registered residence"), self.hukou_address),
            ("current_address", self.tr("Current address"), self.current_address),
        ]
        for row, (field, label, editor) in enumerate(left):
            self.add_field(field, label, editor, row, 0)
        for row, (field, label, editor) in enumerate(right):
            self.add_field(field, label, editor, row, 1)
        if staff:
            self.add_field("notes", self.tr("Notes"), self.notes, len(left), 0, span=True)
        self.fix_tab_order()

        self.age = QLabel()
        self.age.setObjectName("age")
        self.cells["birth_date"].extra.addWidget(self.age)
        self.open_other = QPushButton(self.tr("Open that household"))
        self.open_other.setObjectName("openOtherHousehold")
        self.open_other.hide()
        self.open_other.clicked.connect(self._open_other)
        self.cells["resident_id"].extra.addWidget(self.open_other)
        self.cells["resident_id"].extra.addStretch(1)
        self._other_household: str | None = None

        if head:
            set_combo_value(self.relation, Relationship.SELF.value)
        self.no_id.toggled.connect(self._update_identity)
        self.resident_id.textChanged.connect(self._update_identity)
        self.resident_id.editingFinished.connect(lambda: self._update_identity(final=True))
        self.birth_date.dateChanged.connect(self._update_age)
        self._initial: dict[str, Any] = self.snapshot()
        self._update_identity()

    # --- filling and reading -----------------------------------------------------------------

    def set_member(self, member: MemberView, *, is_head: bool | None = None) -> None:
        """Fill the form with a member's values (ID number and phone stay masked)."""
        self._member = member
        self.name.setText(member.name)
        self.resident_id.set_stored(member.resident_id)
        self.no_id.setChecked(member.resident_id is None)
        set_combo_value(self.pending_reason, member.pending_reason)
        set_combo_value(self.sex, member.sex)
        set_date_value(self.birth_date, member.birth_date)
        head = member.is_head if is_head is None else is_head
        if head:
            # The head's relation is 本人; another head is chosen with "change head".
            if self.relation.findData(Relationship.SELF.value) < 0:
                self.relation.addItem(Relationship.SELF.label, Relationship.SELF.value)
            self.relation.setEnabled(False)
        set_combo_value(self.relation, member.relation)
        set_combo_value(self.ethnicity, member.ethnicity)
        set_combo_value(self.marital_status, member.marital_status)
        self.phone.set_stored(member.phone)
        set_combo_value(self.labour_capacity, member.labour_capacity)
        set_combo_value(self.employment, member.employment)
        if self.staff:
            set_combo_value(self.health, member.health)
            set_combo_value(self.disability_category, member.disability_category)
            set_combo_value(self.disability_grade, member.disability_grade)
            self.notes.setPlainText(member.notes or "")
        self.hukou_address.setText(member.hukou_address or "")
        self.current_address.setText(member.current_address or "")
        self._initial = self.snapshot()
        self._update_identity()

    def snapshot(self) -> dict[str, Any]:
        """Everything the form holds now, masked inputs as shown (for drafts and dirtiness)."""
        values = self._plain_values()
        values["name_text"] = self.name.text()
        values["resident_id_text"] = self.resident_id.text()
        values["phone_text"] = self.phone.text()
        values["no_id"] = self.no_id.isChecked()
        return values

    def is_dirty(self) -> bool:
        """Whether anything differs from what the form was filled with."""
        return self.snapshot() != self._initial

    def person_input(self) -> PersonInput:
        """The typed person, for adding a member or a head."""
        values = self._plain_values()
        no_id = self.no_id.isChecked()
        return PersonInput(
            name=self.name.text(),
            resident_id=None if no_id else self.resident_id.typed(),
            pending_reason=values["pending_reason"] if no_id else None,
            sex=values["sex"] if no_id else None,
            birth_date=values["birth_date"] if no_id else None,
            ethnicity=values["ethnicity"],
            relation=Relationship.SELF.value if self.head else values["relation"],
            marital_status=values["marital_status"],
            health=values.get("health"),
            disability_category=values.get("disability_category"),
            disability_grade=values.get("disability_grade"),
            labour_capacity=values["labour_capacity"],
            employment=values["employment"],
            phone=self.phone.typed() or None,
            hukou_address=values["hukou_address"],
            current_address=values["current_address"],
            notes=values.get("notes"),
        )

    def changed_fields(self) -> dict[str, Any]:
        """The fields that differ from the member's values (PersonInput names)."""
        member = self._member
        assert member is not None, "changed_fields needs set_member first"
        initial = self._initial
        current = self._plain_values()
        fields = {name: value for name, value in current.items() if value != initial.get(name)}
        if self.name.text() != member.name:
            fields["name"] = self.name.text()
        if self.no_id.isChecked():
            if member.resident_id is not None:
                fields["resident_id"] = ""
                fields["pending_reason"] = current["pending_reason"]
        else:
            for derived in ("sex", "birth_date", "pending_reason"):
                fields.pop(derived, None)
            if self.resident_id.is_changed() or member.resident_id is None:
                fields["resident_id"] = self.resident_id.typed()
        if self.phone.is_changed():
            fields["phone"] = self.phone.typed()
        return fields

    def check_typed(self) -> bool:
        """Catch what only the screen can know (a masked number edited); True when fine."""
        ok = True
        for field, edit in (("resident_id", self.resident_id), ("phone", self.phone)):
            if edit.isEnabled() and edit.still_masked():
                self.cells[field].show_error(
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

    def show_duplicate(self, error: DuplicateResidentId) -> None:
        """Say where the same ID number is registered, with a way to open that household."""
        self.cells["resident_id"].show_error(error.message)
        self._other_household = error.household_id
        self.open_other.setVisible(error.household_id is not None)
        self.resident_id.setFocus(Qt.FocusReason.OtherFocusReason)

    def clear_errors(self) -> None:
        """Hide every field message and the duplicate's button."""
        super().clear_errors()
        self.open_other.hide()
        self._update_identity()

    # --- behaviour ------------------------------------------------------------------------

    def _plain_values(self) -> dict[str, Any]:
        values: dict[str, Any] = {
            "pending_reason": combo_value(self.pending_reason),
            "sex": combo_value(self.sex),
            "birth_date": date_value(self.birth_date),
            "relation": combo_value(self.relation),
            "ethnicity": combo_value(self.ethnicity),
            "marital_status": combo_value(self.marital_status),
            "labour_capacity": combo_value(self.labour_capacity),
            "employment": combo_value(self.employment),
            "hukou_address": text_value(self.hukou_address),
            "current_address": text_value(self.current_address),
        }
        if self.staff:
            values["health"] = combo_value(self.health)
            values["disability_category"] = combo_value(self.disability_category)
            values["disability_grade"] = combo_value(self.disability_grade)
            values["notes"] = text_value(self.notes)
        if self.head:
            values.pop("relation")
        return values

    def _open_other(self) -> None:
        if self._other_household is not None:
            self.open_household_requested.emit(self._other_household)

    def _update_identity(self, *_args: Any, final: bool = False) -> None:
        no_id = self.no_id.isChecked()
        self.resident_id.setEnabled(not no_id)
        self.set_field_visible("pending_reason", no_id)
        cell = self.cells["resident_id"]
        parsed = None
        if not no_id and self.resident_id.is_changed():
            text = self.resident_id.typed()
            if text and not self.resident_id.still_masked():
                try:
                    parsed = parse_resident_id(text, today=self._today)
                except InvalidResidentId as error:
                    # Still typing: only a wrong character or date is worth saying at once.
                    if final or error.reason is not InvalidResidentIdReason.LENGTH:
                        cell.show_error(error.message)
                    else:
                        cell.clear_error()
                else:
                    cell.clear_error()
            else:
                cell.clear_error()
        elif not self.open_other.isVisible():
            cell.clear_error()
        derived = not no_id
        self.sex.setEnabled(not derived)
        self.birth_date.setEnabled(not derived)
        if parsed is not None:
            set_combo_value(self.sex, parsed.sex.value)
            set_date_value(self.birth_date, parsed.birth_date)
        elif derived and not self.resident_id.is_changed() and self._member is not None:
            set_combo_value(self.sex, self._member.sex)
            set_date_value(self.birth_date, self._member.birth_date)
        elif derived:
            set_combo_value(self.sex, None)
            set_date_value(self.birth_date, None)
        self._update_age()

    def _update_age(self, *_args: Any) -> None:
        birth = date_value(self.birth_date)
        if birth is None or birth > self._today:
            self.age.clear()
            return
        self.age.setText(self.tr("%1 years old").replace("%1", str(age_on(birth, self._today))))


class EditorDialog(QDialog):
    """A non-modal editor: Ctrl+S saves, Esc cancels (asking first if edited), Enter moves on.

    Subclasses build their form in `body` and implement `operation()` and `show_field_error`.
    While the session locks, the dialog stays open with its inputs intact; saving looks up
    the session's database threads only when it runs.
    """

    saved = Signal(object)

    def __init__(self, session: UiSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.setModal(False)
        self._busy = False
        self.draft_at_lock: dict[str, Any] | None = None

        outer = QVBoxLayout(self)
        self.message = QLabel()
        self.message.setObjectName("dialogError")
        self.message.setStyleSheet(ERROR_STYLE)
        self.message.setWordWrap(True)
        self.message.hide()
        outer.addWidget(self.message)
        self.body = QVBoxLayout()
        outer.addLayout(self.body, 1)
        buttons = QHBoxLayout()
        self.status = QLabel()
        self.status.setObjectName("dialogStatus")
        buttons.addWidget(self.status, 1)
        self.save_button = QPushButton(self.tr("Save"))
        self.save_button.setObjectName("saveButton")
        self.save_button.setToolTip(self.tr("Save (Ctrl+S)"))
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.cancel_button.setObjectName("cancelButton")
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.cancel_button)
        outer.addLayout(buttons)
        self.save_button.clicked.connect(self.save)
        self.cancel_button.clicked.connect(self.reject)
        QShortcut(QKeySequence.StandardKey.Save, self, activated=self.save)
        session.events.save_drafts.connect(self._keep_draft)

    # --- to implement ---------------------------------------------------------------------

    def operation(self) -> Operation[Any] | None:
        """The operation that saves the form, or None when nothing needs saving."""
        raise NotImplementedError

    def show_field_error(self, field: str, message: str) -> bool:
        """Show a service's message beside the input it names; False if no input matches."""
        raise NotImplementedError

    def show_duplicate(self, error: DuplicateResidentId) -> None:
        """Say where the same ID number is already registered."""
        self.show_message(error.message)

    def clear_field_errors(self) -> None:
        """Hide the messages beside the inputs."""

    def check_typed(self) -> bool:
        """Checks only the screen can make before sending; True when fine."""
        return True

    def is_dirty(self) -> bool:
        """Whether the user has changed anything."""
        return False

    def snapshot(self) -> dict[str, Any]:
        """What the inputs hold now."""
        return {}

    # --- saving ---------------------------------------------------------------------------

    @property
    def busy(self) -> bool:
        """A save is running."""
        return self._busy

    def save(self) -> None:
        """Send the form to the services in the background; errors come back beside inputs."""
        if self._busy:
            return
        self.message.hide()
        self.clear_field_errors()
        if not self.check_typed():
            return
        operation = self.operation()
        if operation is None:
            self.accept()
            return
        self._set_busy(True)
        operation.success(self._succeeded).failure(self._failed).run_in_background()

    def show_message(self, text: str) -> None:
        """Show a sentence above the form."""
        self.message.setText(text)
        self.message.show()

    def after_save(self, result: Any) -> None:
        """Called with the operation's result once saved, before the dialog closes."""

    def _succeeded(self, result: Any) -> None:
        self._set_busy(False)
        self.saved.emit(result)
        self.after_save(result)
        self.accept()

    def _failed(self, error: Exception) -> None:
        self._set_busy(False)
        if isinstance(error, Cancelled):
            return
        if isinstance(error, DuplicateResidentId):
            self.show_duplicate(error)
        elif isinstance(error, InvalidInput):
            if not self.show_field_error(error.field, error.message):
                self.show_message(error.message)
        else:
            if not hasattr(error, "kind"):
                log.error("saving failed", exc_info=error)
            self.show_message(user_message(error))

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.save_button.setEnabled(not busy)
        self.status.setText(self.tr("Saving…") if busy else "")

    def _keep_draft(self) -> None:
        # Nothing goes to disk: the dialog stays open behind the lock screen with its inputs.
        self.draft_at_lock = self.snapshot()

    # --- keyboard -------------------------------------------------------------------------

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt override)
        enter = event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        plain = not (event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier)
        if enter and plain and not isinstance(self.focusWidget(), QPushButton):
            self.focusNextChild()
            return
        super().keyPressEvent(event)

    def reject(self) -> None:
        """Close without saving; asks first when something was typed."""
        if self._busy:
            return
        if self.is_dirty():
            answer = QMessageBox.question(
                self,
                self.tr("Discard changes?"),
                self.tr("What you typed has not been saved. Close and discard it?"),
                QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
                QMessageBox.StandardButton.Cancel,
            )
            if answer != QMessageBox.StandardButton.Discard:
                return
        super().reject()

    def discard(self) -> None:
        """Close without saving and without asking."""
        super().reject()


def scrolled(widget: QWidget) -> QScrollArea:
    """A frameless scroll area around a form, for small laptop screens."""
    area = QScrollArea()
    area.setWidget(widget)
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    return area


class MemberEditor(EditorDialog):
    """Add a member to a household, or edit one (only the changed fields are sent)."""

    def __init__(
        self,
        session: UiSession,
        household_id: str,
        person_id: str | None = None,
        *,
        member: MemberView | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(session, parent)
        self.household_id = household_id
        self.person_id = person_id if member is None else member.id
        self.form = PersonForm(staff=full_sight(session.role))
        self.form.open_household_requested.connect(session.events.open_household)
        self.body.addWidget(scrolled(self.form))
        self.setWindowTitle(self.tr("New member") if self.person_id is None else self.tr("Member"))
        self.resize(860, 520)
        if member is not None:
            self.set_member(member)
        elif self.person_id is not None:
            self.save_button.setEnabled(False)
            self.status.setText(self.tr("Loading…"))
            ops.load_household(session, self, household_id).success(self._loaded).failure(
                self._load_failed
            ).run_in_background()
        first = self.form.first_input()
        if first is not None:
            first.setFocus()

    def set_member(self, member: MemberView) -> None:
        """Fill the form with the member's values."""
        self.person_id = member.id
        self.form.set_member(member)
        self.setWindowTitle(self.tr("Member: %1").replace("%1", member.name))
        self.save_button.setEnabled(True)
        self.status.clear()

    def operation(self) -> Operation[Any] | None:
        """add_member for a new member, edit_member with the changed fields otherwise."""
        if self.person_id is None:
            return ops.add_member(self.session, self, self.household_id, self.form.person_input())
        fields = self.form.changed_fields()
        if not fields:
            return None
        return ops.edit_member(self.session, self, self.person_id, **fields)

    def show_field_error(self, field: str, message: str) -> bool:
        """Show the message beside the input it names."""
        return self.form.show_error(field, message)

    def show_duplicate(self, error: DuplicateResidentId) -> None:
        """The message and the button to the other household beside the ID number."""
        self.form.show_duplicate(error)

    def clear_field_errors(self) -> None:
        """Hide the inputs' messages."""
        self.form.clear_errors()

    def check_typed(self) -> bool:
        """A masked number that was edited must be typed again whole."""
        return self.form.check_typed()

    def is_dirty(self) -> bool:
        """Whether anything was typed."""
        return self.form.is_dirty()

    def snapshot(self) -> dict[str, Any]:
        """What the inputs hold now."""
        return self.form.snapshot()

    def _loaded(self, household_file: Any) -> None:
        for member in household_file.members:
            if member.id == self.person_id:
                self.set_member(member)
                return
        self.status.clear()
        self.show_message(self.tr("This person is no longer in the household."))

    def _load_failed(self, error: Exception) -> None:
        self.status.clear()
        if not isinstance(error, Cancelled):
            self.show_message(user_message(error))


class RemoveMemberDialog(EditorDialog):
    """Remove a member (duplicate entry, moved out of the township) with the reason."""

    def __init__(
        self, session: UiSession, person_id: str, name: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(session, parent)
        self.person_id = person_id
        self.setWindowTitle(self.tr("Remove member"))
        explanation = QLabel(
            self.tr(
                "Remove %1 from the household? The record is kept in the history. "
                "For a death, use “Mark deceased” instead."
            ).replace("%1", name)
        )
        explanation.setWordWrap(True)
        self.body.addWidget(explanation)
        self.form = FieldForm()
        self.reason = QLineEdit()
        self.reason.setObjectName("reason")
        self.reason.setPlaceholderText(self.tr("e.g. entered twice, moved out of the township"))
        self.form.add_field("reason", self.tr("Reason"), self.reason, 0, 0, span=True)
        self.body.addWidget(self.form)
        self.save_button.setText(self.tr("Remove"))
        self.resize(520, 180)
        self.reason.setFocus()

    def operation(self) -> Operation[Any] | None:
        """remove_member with the typed reason."""
        return ops.remove_member(self.session, self, self.person_id, reason=self.reason.text())

    def show_field_error(self, field: str, message: str) -> bool:
        """Show the message beside the reason."""
        return self.form.show_error(field, message)

    def clear_field_errors(self) -> None:
        """Hide the message."""
        self.form.clear_errors()

    def is_dirty(self) -> bool:
        """Whether a reason was typed."""
        return bool(self.reason.text().strip())


class MoveMemberDialog(EditorDialog):
    """Move a member to another household, found by searching for one of its members."""

    def __init__(
        self,
        session: UiSession,
        member: MemberView,
        household_id: str,
        others: Sequence[MemberView],
        village_names: dict[str, str] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(session, parent)
        self.member = member
        self.household_id = household_id
        self.village_names = village_names or {}
        self._search_job: int | None = None
        self.setWindowTitle(self.tr("Move %1 to another household").replace("%1", member.name))
        self.form = FieldForm()
        self.search = QLineEdit()
        self.search.setObjectName("search")
        self.search.setPlaceholderText(
            self.tr("Name, pinyin initials or last digits of the ID of someone in that household")
        )
        self.results = QListWidget()
        self.results.setObjectName("results")
        self.results.setMinimumHeight(140)
        self.relation = enum_combo(Relationship)
        self.new_head = QComboBox()
        self.new_head.addItem("", None)
        living = [m for m in others if m.deceased_on is None]
        for other in living:
            self.new_head.addItem(other.name, other.id)
        self.form.add_field("search", self.tr("Find household"), self.search, 0, 0, span=True)
        self.form.add_field("to_household_id", "", self.results, 1, 0, span=True)
        self.form.add_field("relation", self.tr("Relation to new head"), self.relation, 2, 0)
        self.form.add_field("new_head_id", self.tr("New head here"), self.new_head, 3, 0)
        self.form.set_field_visible("new_head_id", member.is_head and bool(others))
        self.form.fix_tab_order()
        self.body.addWidget(self.form)
        self.save_button.setText(self.tr("Move"))
        self._debounce = QTimer(self, singleShot=True, interval=250)
        self._debounce.timeout.connect(self._run_search)
        self.search.textChanged.connect(self._debounce.start)
        ops.load_villages(session, self).success(self._villages_loaded).failure(
            lambda error: None
        ).run_in_background()
        self.resize(620, 420)
        self.search.setFocus()

    def operation(self) -> Operation[Any] | None:
        """move_member to the chosen household."""
        item = self.results.currentItem()
        assert item is not None, "save() checks that a household is chosen"
        return ops.move_member(
            self.session,
            self,
            self.member.id,
            item.data(Qt.ItemDataRole.UserRole),
            relation=combo_value(self.relation) or "",
            new_head_id=combo_value(self.new_head),
        )

    def save(self) -> None:
        """Move, unless no household is chosen yet."""
        if self.results.currentItem() is None and not self.busy:
            self.form.clear_errors()
            self.form.show_error("to_household_id", self.tr("Choose the household to move to."))
            return
        super().save()

    def show_field_error(self, field: str, message: str) -> bool:
        """Show the message beside its input."""
        return self.form.show_error(field, message)

    def clear_field_errors(self) -> None:
        """Hide the messages."""
        self.form.clear_errors()

    def is_dirty(self) -> bool:
        """Whether a household was chosen."""
        return self.results.currentItem() is not None

    def _villages_loaded(self, villages: Sequence[Any]) -> None:
        self.village_names.update({village.code: village.name for village in villages})

    def _run_search(self) -> None:
        if self._search_job is not None:
            self.session.database.cancel(self._search_job)
        text = self.search.text().strip()
        if not text:
            self.results.clear()
            return
        query = PersonQuery(text=text, exclude_household_ids=frozenset({self.household_id}))
        self._search_job = (
            ops.find_persons(self.session, self, query)
            .success(self._show_results)
            .failure(lambda error: None)
            .run_in_background()
        )

    def _show_results(self, page: Any) -> None:
        self._search_job = None
        self.results.clear()
        seen: set[str] = set()
        hit: PersonHit
        for hit in page.hits:
            if hit.household_id is None or hit.household_id in seen:
                continue
            seen.add(hit.household_id)
            village = self.village_names.get(hit.village_code or "", "")
            name = hit.name
            if hit.relation:
                with contextlib.suppress(ValueError):
                    name += f"（{Relationship(hit.relation).label}）"
            parts = [name, village, hit.masked_resident_id or ""]
            item = QListWidgetItem(" · ".join(part for part in parts if part))
            item.setData(Qt.ItemDataRole.UserRole, hit.household_id)
            self.results.addItem(item)
