"""An elder's file (独居, 空巢, 留守, 失能, 重残, 计划生育特殊家庭): the view and the editor.

The emergency contact's phone is masked; showing the whole number is a click, which the
access log records.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QFrame,
    QGridLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from minzheng_field.services import care_files as care
from minzheng_field.services.care_files import ElderCategory, RiskLevel
from minzheng_field.services.care_queries import (
    LIVING_ARRANGEMENTS,
    Candidate,
    WorkerOption,
    elder_candidates,
)
from minzheng_field.services.reveal import PhoneOf
from minzheng_field.ui.dialogs.child_file_editor import (
    FileHeader,
    PersonChooser,
    PersonHeader,
    PhoneValue,
    header_text,
    keep_open,
    local_time_text,
    required_combo,
    set_worker,
    worker_combo,
)
from minzheng_field.ui.dialogs.member_editor import (
    EditorDialog,
    FieldForm,
    MaskedValueEdit,
    combo_value,
    scrolled,
    set_combo_value,
    text_value,
)
from minzheng_field.ui.ops import care_files as ops
from minzheng_field.ui.ops.base import Operation
from minzheng_field.ui.session import UiSession
from minzheng_field.ui.widgets.forms import even_captions


def categories_text(categories: Sequence[str]) -> str:
    """An elder's categories as one line of Chinese labels."""
    return "、".join(ops.label_of(ElderCategory, value) for value in categories)


class ElderFileView(QWidget):
    """An elder's file, read-only."""

    edit_requested = Signal()
    open_household_requested = Signal(str)

    def __init__(self, session: UiSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.person: PersonHeader | None = None
        self.file: care.ElderFileView | None = None
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
        box = QGroupBox(self.tr("Elder"))
        form = QFormLayout(box)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        outer.addWidget(box)
        self._row(form, "categories", self.tr("Categories"))
        self._row(form, "living_arrangement", self.tr("Living arrangement"))
        self._row(form, "care_needs", self.tr("Care needs"))
        self._row(form, "responsible", self.tr("Responsible"))
        contact = QGroupBox(self.tr("Emergency contact"))
        contact_form = QFormLayout(contact)
        contact_form.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        outer.addWidget(contact)
        self._row(contact_form, "emergency_contact_name", self.tr("Name"))
        self.phone = PhoneValue(session, PhoneOf.EMERGENCY_CONTACT)
        self.phone.setObjectName("emergency_contact_phone")
        contact_form.addRow(self.tr("Phone"), self.phone)
        notes = QGroupBox(self.tr("Notes"))
        notes_form = QFormLayout(notes)
        outer.addWidget(notes)
        self.values["notes"] = self._label("notes")
        notes_form.addRow(self.values["notes"])
        self.footer = QLabel()
        self.footer.setObjectName("fileFooter")
        self.footer.setStyleSheet("color: #6b6b6b;")
        outer.addWidget(self.footer)
        outer.addStretch(1)
        even_captions([form, contact_form])

    def set_workers(self, workers: Sequence[WorkerOption]) -> None:
        """Names of the local users, to show instead of login names."""
        self._workers = {w.username: w.display_name for w in workers}

    def show_file(self, person: PersonHeader, file: care.ElderFileView | None) -> None:
        """Show the elder's file (None: the elder has no file)."""
        self.person = person
        self.file = file
        self.header.set_person(person, file.risk_tier if file else None)
        self.header.edit_button.setEnabled(file is not None)
        if file is None:
            for label in self.values.values():
                label.setText("—")
            self.phone.set_phone(person.person_id, None)
            self.footer.setText(self.tr("This elder has no file."))
            return
        v = self.values
        v["categories"].setText(categories_text(file.categories) or "—")
        v["living_arrangement"].setText(file.living_arrangement or "—")
        v["care_needs"].setText(file.care_needs or "—")
        responsible = file.responsible
        v["responsible"].setText(
            self._workers.get(responsible, responsible) if responsible else "—"
        )
        v["emergency_contact_name"].setText(file.emergency_contact_name or "—")
        self.phone.set_phone(person.person_id, file.emergency_contact_phone)
        v["notes"].setText(file.notes or "—")
        self.footer.setText(
            self.tr("Last changed {when} by {who}").format(
                when=local_time_text(file.updated_at),
                who=self._workers.get(file.updated_by or "", file.updated_by or "—"),
            )
        )

    def _label(self, key: str) -> QLabel:
        label = QLabel()
        label.setObjectName(key)
        label.setWordWrap(True)
        label.setTextFormat(Qt.TextFormat.PlainText)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        return label

    def _row(self, form: QFormLayout, key: str, caption: str) -> None:
        self.values[key] = self._label(key)
        form.addRow(caption, self.values[key])


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


class ElderFileForm(FieldForm):
    """The fields of an elder's file."""

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
        self._initial: dict[str, Any] = self.snapshot()

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
        self._initial = self.snapshot()

    def set_defaults(self, responsible: str | None) -> None:
        """A new file: low risk, the given responsible user."""
        set_combo_value(self.risk_tier, RiskLevel.LOW.value)
        set_worker(self.responsible, responsible)
        self._initial = self.snapshot()

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

    def snapshot(self) -> dict[str, Any]:
        """Everything the form holds now, the masked phone as shown."""
        values = self.plain_values()
        values["emergency_contact_phone_text"] = self.emergency_contact_phone.text()
        return values

    def is_dirty(self) -> bool:
        """Whether anything differs from what the form was filled with."""
        return self.snapshot() != self._initial

    def changed_fields(self) -> dict[str, Any]:
        """The fields that differ from the file (the phone only when typed anew)."""
        fields = {
            name: value
            for name, value in self.plain_values().items()
            if value != self._initial.get(name)
        }
        if self.emergency_contact_phone.is_changed():
            fields["emergency_contact_phone"] = self.emergency_contact_phone.typed() or None
        return fields

    def new_fields(self) -> dict[str, Any]:
        """The fields of a new file (blank ones left out)."""
        fields = {
            name: value
            for name, value in self.plain_values().items()
            if value is not None or name == "risk_tier"
        }
        if self.emergency_contact_phone.typed():
            fields["emergency_contact_phone"] = self.emergency_contact_phone.typed()
        return fields

    def check_typed(self) -> bool:
        """A masked phone that was edited must be typed again whole; True when fine."""
        if self.emergency_contact_phone.still_masked():
            self.show_error(
                "emergency_contact_phone",
                self.tr("The number shown is masked: type the whole number again."),
            )
            return False
        return True


class ElderFileEditor(EditorDialog):
    """Open an elder's file, or change one (only the changed fields are sent)."""

    def __init__(
        self,
        session: UiSession,
        *,
        workers: Sequence[WorkerOption] = (),
        villages: Mapping[str, str] | None = None,
        person: PersonHeader | None = None,
        file: care.ElderFileView | None = None,
        responsible: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(session, parent)
        self.person = person
        self.file = file
        self.form = ElderFileForm(workers=workers, villages=villages or {})
        self.who = QLabel()
        self.who.setObjectName("editorPerson")
        font = self.who.font()
        font.setBold(True)
        self.who.setFont(font)
        self.body.addWidget(self.who)
        self.chooser: PersonChooser | None = None
        if person is None:
            self.chooser = PersonChooser(session, lambda s, a, text: elder_candidates(s, a, text))
            self.chooser.chosen.connect(self.choose)
            self.body.addWidget(self.chooser, 1)
        self.scroll = scrolled(self.form)
        self.body.addWidget(self.scroll, 3)
        self.resize(760, 520)
        if file is not None:
            self.form.set_file(file)
        else:
            self.form.set_defaults(responsible)
        if person is None:
            self.setWindowTitle(self.tr("New elder file"))
            self.who.setText(self.tr("Choose the elder of the new file:"))
            self.scroll.setEnabled(False)
            self.save_button.setEnabled(False)
            assert self.chooser is not None
            self.chooser.search_edit.setFocus()
            self.chooser.run_search()
        else:
            self._show_person(person)

    def save(self) -> None:
        """Save, once the elder of a new file has been chosen."""
        if self.person is None:
            self.show_message(self.tr("Choose the elder first."))
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
        self.form.categories.setFocus()

    def _show_person(self, person: PersonHeader) -> None:
        title = self.tr("Elder file: {name}") if self.file else self.tr("New elder file: {name}")
        self.setWindowTitle(title.format(name=person.name))
        details = header_text(person)
        self.who.setText(f"{person.name}　{details}" if details else person.name)
        self.form.categories.setFocus()

    def operation(self) -> Operation[Any] | None:
        """create_elder_file for a new file, update_elder_file with the changes otherwise."""
        if self.person is None:
            return None
        if self.file is None:
            return ops.create_elder_file(
                self.session, self, self.person.person_id, self.form.new_fields()
            )
        changed = self.form.changed_fields()
        if not changed:
            return None
        return ops.update_elder_file(self.session, self, self.person.person_id, changed)

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


def edit_elder_file(session: UiSession, parent: QWidget | None, person_id: str) -> None:
    """Open the editor of a person's elder file (a new file when they have none)."""

    def loaded(context: ops.EditingContext) -> None:
        editor = ElderFileEditor(
            session,
            workers=context.workers,
            villages=context.villages,
            person=PersonHeader.of(context.person),
            file=context.elder_file,
            parent=parent,
        )
        editor.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        keep_open(editor)
        editor.show()

    ops.load_for_editing(session, parent, person_id).success(loaded).run_in_background()
