"""An elder's file (独居, 空巢, 留守, 失能, 重残, 计划生育特殊家庭): the view and the editor.

The emergency contact's phone is masked; showing the whole number is a click, which the
access log records.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGridLayout,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)

from minzheng_field.services import care_files as care
from minzheng_field.services.care_files import ElderCategory, RiskLevel
from minzheng_field.services.care_queries import (
    LIVING_ARRANGEMENTS,
    WorkerOption,
    elder_candidates,
)
from minzheng_field.services.reveal import PhoneOf
from minzheng_field.ui.dialogs import care_file_editor as care_ui
from minzheng_field.ui.dialogs.care_file_editor import (
    PersonHeader,
    open_care_editor,
    required_combo,
    set_worker,
    worker_combo,
)
from minzheng_field.ui.dialogs.member_editor import (
    MaskedValueEdit,
    combo_value,
    set_combo_value,
    text_value,
)
from minzheng_field.ui.ops import care_files as ops
from minzheng_field.ui.session import UiSession


def categories_text(categories: Sequence[str]) -> str:
    """An elder's categories as one line of Chinese labels."""
    return "、".join(ops.label_of(ElderCategory, value) for value in categories)


class ElderFileView(care_ui.CareFileView):
    """An elder's file, read-only."""

    def build(self) -> None:
        """The elder, the emergency contact, and the notes."""
        elder = self.group(self.tr("Elder"), grow=False)
        self.add_value(elder, "categories", self.tr("Categories"))
        self.add_value(elder, "living_arrangement", self.tr("Living arrangement"))
        self.add_value(elder, "care_needs", self.tr("Care needs"))
        self.add_value(elder, "responsible", self.tr("Responsible"))
        contact = self.group(self.tr("Emergency contact"), grow=False)
        self.add_value(contact, "emergency_contact_name", self.tr("Name"))
        self.phone = self.add_phone(
            contact, "emergency_contact_phone", self.tr("Phone"), PhoneOf.EMERGENCY_CONTACT
        )
        self._forms = [elder, contact]
        notes = self.group(self.tr("Notes"), grow=False)
        self.add_value(notes, "notes")

    def captioned_forms(self) -> list[QFormLayout]:
        """The elder's and the contact's values line up."""
        return self._forms

    def risk_of(self, file: care.ElderFileView) -> str:
        """The elder's risk tier."""
        return file.risk_tier

    def no_file_text(self) -> str:
        """The footer of an elder without a file."""
        return self.tr("This elder has no file.")

    def fill(self, person: PersonHeader, file: care.ElderFileView) -> None:
        """Show the elder's file (the contact's phone masked)."""
        self.values["categories"].setText(categories_text(file.categories) or "—")
        self.values["responsible"].setText(self.worker_text(file.responsible))
        self.show_plain(file, "living_arrangement", "care_needs", "emergency_contact_name", "notes")
        self.phone.set_phone(person.person_id, file.emergency_contact_phone)


class ElderCategoryChecks(QWidget):
    """One check box per elder category, in the categories' order."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        self.boxes: dict[str, QCheckBox] = {}
        for n, category in enumerate(ElderCategory):
            box = QCheckBox(category.label)
            box.setObjectName(f"category_{category.value}")
            box.toggled.connect(self.changed)
            self.boxes[category.value] = box
            grid.addWidget(box, n // 3, n % 3)
        self.setFocusProxy(next(iter(self.boxes.values())))

    def values(self) -> list[str]:
        """The checked categories' values."""
        return [value for value, box in self.boxes.items() if box.isChecked()]

    def set_values(self, values: Sequence[str]) -> None:
        """Check exactly these categories."""
        for value, box in self.boxes.items():
            box.setChecked(value in values)


class ElderFileForm(care_ui.CareFileForm):
    """The fields of an elder's file."""

    REQUIRED = ("risk_tier",)

    def __init__(
        self,
        *,
        workers: Sequence[WorkerOption],
        villages: Mapping[str, str],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.categories = ElderCategoryChecks()
        self.risk_tier = required_combo(RiskLevel)
        self.living_arrangement = QComboBox()
        self.living_arrangement.setEditable(True)
        self.living_arrangement.addItem("")
        self.living_arrangement.addItems(list(LIVING_ARRANGEMENTS))
        self.care_needs = QPlainTextEdit()
        self.care_needs.setTabChangesFocus(True)
        self.care_needs.setFixedHeight(60)
        self.emergency_contact_name = QLineEdit()
        self.emergency_contact_phone = MaskedValueEdit()
        self.responsible = worker_combo(workers, villages)
        self.notes = QPlainTextEdit()
        self.notes.setTabChangesFocus(True)
        self.notes.setFixedHeight(60)

        self.add_field("categories", self.tr("Categories"), self.categories, 0, 0, span=True)
        self.add_field("risk_tier", self.tr("Risk level"), self.risk_tier, 1, 0)
        self.add_field(
            "living_arrangement", self.tr("Living arrangement"), self.living_arrangement, 1, 1
        )
        self.add_field("care_needs", self.tr("Care needs"), self.care_needs, 2, 0, span=True)
        self.add_field(
            "emergency_contact_name",
            self.tr("Emergency contact"),
            self.emergency_contact_name,
            3,
            0,
        )
        self.add_field(
            "emergency_contact_phone",
            self.tr("Contact's phone"),
            self.emergency_contact_phone,
            3,
            1,
        )
        self.add_field("responsible", self.tr("Responsible"), self.responsible, 4, 0)
        self.add_field("notes", self.tr("Notes"), self.notes, 5, 0, span=True)
        self.categories.changed.connect(self.changed)
        self.fix_tab_order()
        self.mark_clean()

    def set_file(self, file: care.ElderFileView) -> None:
        """Fill the form with a file (the phone stays masked)."""
        self.categories.set_values(file.categories)
        set_combo_value(self.risk_tier, file.risk_tier)
        self.living_arrangement.setCurrentText(file.living_arrangement or "")
        self.care_needs.setPlainText(file.care_needs or "")
        self.emergency_contact_name.setText(file.emergency_contact_name or "")
        self.emergency_contact_phone.set_stored(file.emergency_contact_phone)
        set_worker(self.responsible, file.responsible)
        self.notes.setPlainText(file.notes or "")
        self.mark_clean()

    def set_defaults(self, responsible: str | None) -> None:
        """A new file: low risk, the given responsible user."""
        set_combo_value(self.risk_tier, RiskLevel.LOW.value)
        set_worker(self.responsible, responsible)
        self.mark_clean()

    def plain_values(self) -> dict[str, Any]:
        """The typed values of every field but the phone (None for blank)."""
        return {
            "categories": self.categories.values(),
            "risk_tier": combo_value(self.risk_tier),
            "living_arrangement": self.living_arrangement.currentText().strip() or None,
            "care_needs": text_value(self.care_needs),
            "emergency_contact_name": text_value(self.emergency_contact_name),
            "responsible": combo_value(self.responsible),
            "notes": text_value(self.notes),
        }

    def phone_edits(self) -> dict[str, MaskedValueEdit]:
        """The emergency contact's phone."""
        return {"emergency_contact_phone": self.emergency_contact_phone}


class ElderFileEditor(care_ui.CareFileEditor):
    """Open an elder's file, or change one (only the changed fields are sent)."""

    KIND = care_ui.EditorKind(elder_candidates, ops.create_elder_file, ops.update_elder_file)

    def make_form(
        self, workers: Sequence[WorkerOption], villages: Mapping[str, str]
    ) -> ElderFileForm:
        """The elder's fields."""
        return ElderFileForm(workers=workers, villages=villages)

    def make_texts(self) -> care_ui.EditorTexts:
        """The editor's sentences about an elder."""
        return care_ui.EditorTexts(
            new_file=self.tr("New elder file"),
            choose=self.tr("Choose the elder of the new file:"),
            choose_first=self.tr("Choose the elder first."),
            titled=self.tr("Elder file: {name}"),
            new_titled=self.tr("New elder file: {name}"),
        )


def edit_elder_file(session: UiSession, parent: QWidget | None, person_id: str) -> None:
    """Open the editor of a person's elder file (a new file when they have none)."""
    open_care_editor(session, parent, person_id, ElderFileEditor, lambda c: c.elder_file)
