"""The household editor (a new household with its head, or a household's own fields) and
the change-of-head dialog. `new_household(parent, session)` is what Ctrl+N opens."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtWidgets import QComboBox, QGroupBox, QLineEdit, QPlainTextEdit, QVBoxLayout, QWidget

from minzheng_field.diagnostics import user_message
from minzheng_field.domain.person_fields import Relationship
from minzheng_field.services.errors import DuplicateResidentId
from minzheng_field.services.household_file import HouseholdFile, HouseholdView, MemberView
from minzheng_field.services.household_queries import VillageChoice
from minzheng_field.services.households import HouseholdChange
from minzheng_field.services.visibility import full_sight
from minzheng_field.ui.database import Cancelled
from minzheng_field.ui.dialogs.member_editor import (
    EditorDialog,
    FieldForm,
    MaskedValueEdit,
    PersonForm,
    combo_value,
    enum_combo,
    scrolled,
    set_combo_value,
    text_value,
)
from minzheng_field.ui.ops import households as ops
from minzheng_field.ui.ops.base import Operation
from minzheng_field.ui.session import UiSession


class HouseholdForm(FieldForm):
    """The household's own fields; housing, bank and notes only for township staff."""

    def __init__(self, *, staff: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.staff = staff
        self.village = QComboBox()
        self.village.setObjectName("village")
        self.address = QLineEdit()
        self.address.setObjectName("address")
        self.phone = MaskedValueEdit()
        self.phone.setObjectName("householdPhone")
        self.dibao_certificate_no = QLineEdit()
        self.housing = QLineEdit()
        self.housing.setPlaceholderText(self.tr("e.g. two-storey brick house, 120 m²"))
        self.bank_name = QLineEdit()
        self.bank_account = MaskedValueEdit()
        self.bank_account.setObjectName("bankAccount")
        self.notes = QPlainTextEdit()
        self.notes.setTabChangesFocus(True)
        self.notes.setFixedHeight(60)

        self.add_field("village_code", self.tr("Village"), self.village, 0, 0)
        self.add_field("address", self.tr("Address"), self.address, 1, 0)
        self.add_field("phone", self.tr("Contact phone"), self.phone, 2, 0)
        self.add_field(
            "dibao_certificate_no",
            self.tr("Dibao certificate no."),
            self.dibao_certificate_no,
            3,
            0,
        )
        if staff:
            self.add_field("housing", self.tr("Housing"), self.housing, 0, 1)
            self.add_field("bank_name", self.tr("Bank"), self.bank_name, 1, 1)
            self.add_field("bank_account", self.tr("Bank account"), self.bank_account, 2, 1)
            self.add_field("notes", self.tr("Notes"), self.notes, 4, 0, span=True)
        self.fix_tab_order()
        self._household: HouseholdView | None = None
        self._initial = self.snapshot()

    @property
    def household(self) -> HouseholdView | None:
        """The household the form was filled with (None for a new one)."""
        return self._household

    def set_villages(self, villages: Sequence[VillageChoice], current: str | None) -> None:
        """Offer the villages; keep the chosen one (or choose the only one)."""
        chosen = combo_value(self.village) or current
        self.village.blockSignals(True)
        self.village.clear()
        self.village.addItem("", None)
        for village in villages:
            self.village.addItem(village.name, village.code)
        if chosen is None and len(villages) == 1:
            chosen = villages[0].code
        set_combo_value(self.village, chosen)
        self.village.blockSignals(False)
        if self._household is None and current is None:
            self._initial = self.snapshot()

    def set_household(self, household: HouseholdView) -> None:
        """Fill the form with the household's values (phone and account stay masked)."""
        self._household = household
        if self.village.findData(household.village_code) < 0:
            self.village.addItem(
                household.village_name or household.village_code, household.village_code
            )
        set_combo_value(self.village, household.village_code)
        self.address.setText(household.address or "")
        self.phone.set_stored(household.phone)
        self.dibao_certificate_no.setText(household.dibao_certificate_no or "")
        if self.staff:
            self.housing.setText(household.housing or "")
            self.bank_name.setText(household.bank_name or "")
            self.bank_account.set_stored(household.bank_account)
            self.notes.setPlainText(household.notes or "")
        self._initial = self.snapshot()

    def values(self) -> dict[str, Any]:
        """Every field as add_household takes it (village separately)."""
        values: dict[str, Any] = {
            "address": text_value(self.address),
            "phone": self.phone.typed() or None,
        }
        certificate = text_value(self.dibao_certificate_no)
        if certificate is not None:
            values["dibao_certificate_no"] = certificate
        if self.staff:
            values["housing"] = text_value(self.housing)
            values["bank_name"] = text_value(self.bank_name)
            values["bank_account"] = self.bank_account.typed() or None
            values["notes"] = text_value(self.notes)
        return values

    def changed_fields(self) -> dict[str, Any]:
        """The fields that differ from the household's values (edit_household names)."""
        household = self._household
        assert household is not None, "changed_fields needs set_household first"
        now = {
            "village_code": combo_value(self.village),
            "address": text_value(self.address),
            "dibao_certificate_no": text_value(self.dibao_certificate_no),
        }
        before: dict[str, Any] = {
            "village_code": household.village_code,
            "address": household.address,
            "dibao_certificate_no": household.dibao_certificate_no,
        }
        if self.staff:
            now |= {
                "housing": text_value(self.housing),
                "bank_name": text_value(self.bank_name),
                "notes": text_value(self.notes),
            }
            before |= {
                "housing": household.housing,
                "bank_name": household.bank_name,
                "notes": household.notes,
            }
        fields = {name: value for name, value in now.items() if value != before[name]}
        if self.phone.is_changed():
            fields["phone"] = self.phone.typed()
        if self.staff and self.bank_account.is_changed():
            fields["bank_account"] = self.bank_account.typed()
        return fields

    def snapshot(self) -> dict[str, Any]:
        """What the inputs hold now."""
        return {
            "village_code": combo_value(self.village),
            "address": self.address.text(),
            "phone": self.phone.text(),
            "dibao_certificate_no": self.dibao_certificate_no.text(),
            "housing": self.housing.text(),
            "bank_name": self.bank_name.text(),
            "bank_account": self.bank_account.text(),
            "notes": self.notes.toPlainText(),
        }

    def is_dirty(self) -> bool:
        """Whether anything differs from what the form was filled with."""
        return self.snapshot() != self._initial

    def check_typed(self) -> bool:
        """A masked number that was edited must be typed again whole."""
        ok = True
        for field, edit in (("phone", self.phone), ("bank_account", self.bank_account)):
            if field in self.cells and edit.still_masked():
                self.cells[field].show_error(
                    self.tr("The number shown is masked: type the whole number again.")
                )
                ok = False
        return ok


class HouseholdEditor(EditorDialog):
    """A new household with its head (household_id None), or a household's own fields."""

    def __init__(
        self,
        session: UiSession,
        household_id: str | None = None,
        *,
        household: HouseholdView | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(session, parent)
        staff = full_sight(session.role)
        self.household_id = household.id if household is not None else household_id
        self.household_form = HouseholdForm(staff=staff)
        self.head_form: PersonForm | None = None
        content = QWidget()
        layout = QVBoxLayout(content)
        layout.setContentsMargins(0, 0, 0, 0)
        household_box = QGroupBox(self.tr("Household"))
        QVBoxLayout(household_box).addWidget(self.household_form)
        layout.addWidget(household_box)
        if self.household_id is None:
            self.setWindowTitle(self.tr("New household"))
            self.head_form = PersonForm(staff=staff, head=True)
            self.head_form.open_household_requested.connect(session.events.open_household)
            head_box = QGroupBox(self.tr("Head of household"))
            QVBoxLayout(head_box).addWidget(self.head_form)
            layout.addWidget(head_box)
            QWidget.setTabOrder(self.household_form.last_input(), self.head_form.first_input())
            self.resize(900, 720)
        else:
            self.setWindowTitle(self.tr("Household"))
            self.resize(860, 340)
        layout.addStretch(1)
        self.body.addWidget(scrolled(content))

        self._pending_loads = 0
        self._load(ops.load_villages(session, self), self._villages_loaded)
        if household is not None:
            self.set_household(household)
        elif self.household_id is not None:
            self._load(ops.load_household(session, self, self.household_id), self._file_loaded)
        self.household_form.village.setFocus()

    def set_household(self, household: HouseholdView) -> None:
        """Fill the form with the household's values."""
        self.household_form.set_household(household)
        name = household.village_name or ""
        self.setWindowTitle(
            self.tr("Household: %1").replace("%1", f"{name} {household.address or ''}".strip())
        )

    def operation(self) -> Operation[Any] | None:
        """add_household for a new household, edit_household with the changed fields."""
        form = self.household_form
        if self.head_form is not None:
            return ops.add_household(
                self.session,
                self,
                village_code=combo_value(form.village) or "",
                head=self.head_form.person_input(),
                **form.values(),
            )
        assert self.household_id is not None
        fields = form.changed_fields()
        if not fields:
            return None
        return ops.edit_household(self.session, self, self.household_id, **fields)

    def show_field_error(self, field: str, message: str) -> bool:
        """Head errors beside the head's inputs, the others beside the household's."""
        if field.startswith(ops.HEAD_FIELD_PREFIX) and self.head_form is not None:
            return self.head_form.show_error(field.removeprefix(ops.HEAD_FIELD_PREFIX), message)
        return self.household_form.show_error(field, message)

    def show_duplicate(self, error: DuplicateResidentId) -> None:
        """Where the head's ID number is already registered, beside it."""
        if self.head_form is not None:
            self.head_form.show_duplicate(error)
        else:
            self.show_message(error.message)

    def clear_field_errors(self) -> None:
        """Hide the inputs' messages."""
        self.household_form.clear_errors()
        if self.head_form is not None:
            self.head_form.clear_errors()

    def check_typed(self) -> bool:
        """Masked numbers that were edited must be typed again whole."""
        ok = self.household_form.check_typed()
        if self.head_form is not None:
            ok = self.head_form.check_typed() and ok
        return ok

    def is_dirty(self) -> bool:
        """Whether anything was typed."""
        dirty = self.household_form.is_dirty()
        return dirty or (self.head_form is not None and self.head_form.is_dirty())

    def snapshot(self) -> dict[str, Any]:
        """What the inputs hold now."""
        values = {"household": self.household_form.snapshot()}
        if self.head_form is not None:
            values["head"] = self.head_form.snapshot()
        return values

    def after_save(self, result: Any) -> None:
        """A new household opens in its own tab."""
        if self.head_form is not None and isinstance(result, HouseholdChange):
            self.session.events.open_household.emit(result.household_id)

    def _load(self, operation: Operation[Any], done: Any) -> None:
        self._pending_loads += 1
        self.save_button.setEnabled(False)
        self.status.setText(self.tr("Loading…"))

        def finished(result: Any) -> None:
            self._load_finished()
            done(result)

        def failed(error: Exception) -> None:
            self._load_finished()
            if not isinstance(error, Cancelled):
                self.show_message(user_message(error))

        operation.success(finished).failure(failed).run_in_background()

    def _load_finished(self) -> None:
        self._pending_loads -= 1
        if self._pending_loads == 0:
            self.save_button.setEnabled(True)
            self.status.clear()

    def _villages_loaded(self, villages: tuple[VillageChoice, ...]) -> None:
        household = self.household_form.household
        self.household_form.set_villages(villages, household.village_code if household else None)

    def _file_loaded(self, household_file: HouseholdFile) -> None:
        self.set_household(household_file.household)


class ChangeHeadDialog(EditorDialog):
    """Make another living member the head (户主), saying how the former head is related."""

    def __init__(
        self,
        session: UiSession,
        household_id: str,
        members: Sequence[MemberView],
        *,
        new_head_id: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(session, parent)
        self.household_id = household_id
        self.setWindowTitle(self.tr("Change head of household"))
        current = next((m for m in members if m.is_head), None)
        self.form = FieldForm()
        self.new_head = QComboBox()
        self.new_head.setObjectName("newHead")
        self.new_head.addItem("", None)
        for member in members:
            if not member.is_head and member.deceased_on is None:
                self.new_head.addItem(member.name, member.id)
        set_combo_value(self.new_head, new_head_id)
        self.old_relation = enum_combo(Relationship, skip=(Relationship.SELF,))
        self.old_relation.setObjectName("oldHeadRelation")
        self.form.add_field("new_head_id", self.tr("New head"), self.new_head, 0, 0)
        label = self.tr("Former head %1 is the new head's").replace(
            "%1", current.name if current else ""
        )
        self.form.add_field("old_head_relation", label, self.old_relation, 1, 0)
        self.form.set_field_visible("old_head_relation", current is not None)
        self.form.fix_tab_order()
        self.body.addWidget(self.form)
        self.save_button.setText(self.tr("Change head"))
        self.resize(480, 180)
        self.new_head.setFocus()

    def operation(self) -> Operation[Any] | None:
        """change_head with the chosen member."""
        return ops.change_head(
            self.session,
            self,
            self.household_id,
            combo_value(self.new_head) or "",
            old_head_relation=combo_value(self.old_relation),
        )

    def show_field_error(self, field: str, message: str) -> bool:
        """Show the message beside its input."""
        return self.form.show_error(field, message)

    def clear_field_errors(self) -> None:
        """Hide the messages."""
        self.form.clear_errors()

    def is_dirty(self) -> bool:
        """Whether a new head was chosen."""
        return combo_value(self.new_head) is not None


def new_household(parent: QWidget | None, session: UiSession) -> HouseholdEditor:
    """Open the editor of a new household (Ctrl+N); on saving, the household is opened."""
    editor = HouseholdEditor(session, parent=parent)
    editor.show()
    editor.raise_()
    editor.activateWindow()
    return editor
