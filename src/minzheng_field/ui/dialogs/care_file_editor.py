"""What a child's and an elder's file share: the person chooser, the view's header and phones,
the form's masked phones, the editor dialog, and the bases the two kinds of file build on.

The subclasses add their own fields and sentences (tr() strings stay in the class that says
them); what is written here once serves both kinds of file.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, fields
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from minzheng_field.diagnostics import user_message
from minzheng_field.domain.labelled_enum import LabelledStrEnum
from minzheng_field.services.care_files import RiskLevel
from minzheng_field.services.care_queries import Candidate, WorkerOption
from minzheng_field.services.context import Actor
from minzheng_field.services.reveal import PhoneOf
from minzheng_field.ui.database import Cancelled
from minzheng_field.ui.dialogs.member_editor import (
    EditorDialog,
    FieldForm,
    MaskedValueEdit,
    scrolled,
    set_combo_value,
)
from minzheng_field.ui.ops import care_files as ops
from minzheng_field.ui.ops.base import Operation, show_error
from minzheng_field.ui.session import UiSession
from minzheng_field.ui.widgets.forms import LINK_BUTTON_STYLE, even_captions

_CHINA = timezone(timedelta(hours=8))
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
        """From a list row or a candidate (anything with these attributes; those missing: None)."""
        return cls(**{field.name: getattr(row, field.name, None) for field in fields(cls)})


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
    parts = [part for part in (person.sex, age_text(person.age), person.village_name) if part]
    return " · ".join(parts)


def age_text(age: int | None) -> str:
    """An age in years, or nothing when unknown."""
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
                age_text(candidate.age),
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


# -- the header and phones of a file -----------------------------------------------------------


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


# Editors opened without a parent: Python holds them until Qt deletes them on close.
_OPEN_EDITORS: set[QWidget] = set()


def keep_open(editor: QWidget) -> None:
    """Keep a parentless editor alive until it is closed (and deleted)."""
    if editor.parent() is not None:
        return
    _OPEN_EDITORS.add(editor)
    editor.destroyed.connect(lambda *_args: _OPEN_EDITORS.discard(editor))


# -- the bases of a child's and an elder's file ------------------------------------------------


class CareFileView(QWidget):
    """A care file, read-only: the header, the subclass's groups of values, and who changed it last.

    A subclass adds its groups in `build()` (with `group`, `add_value` and `add_phone`), fills
    them in `fill()`, and names the file's risk in `risk_of()`.
    """

    edit_requested = Signal()
    open_household_requested = Signal(str)

    def __init__(self, session: UiSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.person: PersonHeader | None = None
        self.file: Any = None
        self._workers: dict[str, str] = {}
        self.values: dict[str, QLabel] = {}
        self.phones: dict[str, PhoneValue] = {}
        self.outer = QVBoxLayout(self)
        self.header = FileHeader()
        self.header.edit_requested.connect(self.edit_requested)
        self.header.open_household_requested.connect(self.open_household_requested)
        self.outer.addWidget(self.header)
        line = QFrame()
        line.setFrameShape(QFrame.Shape.HLine)
        self.outer.addWidget(line)
        self.build()
        self.footer = QLabel()
        self.footer.setObjectName("fileFooter")
        self.footer.setStyleSheet("color: #6b6b6b;")
        self.outer.addWidget(self.footer)
        self.outer.addStretch(1)
        even_captions(self.captioned_forms())

    # -- for the subclass ------------------------------------------------------------------

    def build(self) -> None:
        """Add the file's groups of values below the header."""
        raise NotImplementedError

    def fill(self, person: PersonHeader, file: Any) -> None:
        """Show a file's values."""
        raise NotImplementedError

    def risk_of(self, file: Any) -> str:
        """The file's risk level, for the header."""
        raise NotImplementedError

    def no_file_text(self) -> str:
        """What the footer says of a person without a file."""
        raise NotImplementedError

    def captioned_forms(self) -> list[QFormLayout]:
        """The forms whose captions line up."""
        return self.findChildren(QFormLayout)

    # -- building --------------------------------------------------------------------------

    def group(self, title: str, *, grow: bool = True) -> QFormLayout:
        """A titled group of captioned values below the others."""
        box = QGroupBox(title)
        form = QFormLayout(box)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        if grow:
            form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.outer.addWidget(box)
        return form

    def add_value(self, form: QFormLayout, key: str, caption: str | None = None) -> QLabel:
        """A value of the file in a form, with its caption (or across the form without)."""
        label = QLabel()
        label.setObjectName(key)
        label.setWordWrap(True)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        label.setTextFormat(Qt.TextFormat.PlainText)
        self.values[key] = label
        if caption is None:
            form.addRow(label)
        else:
            form.addRow(caption, label)
        return label

    def add_phone(self, form: QFormLayout, key: str, caption: str, of: PhoneOf) -> PhoneValue:
        """A masked phone of the file in a form, with its button showing the whole number."""
        phone = PhoneValue(self.session, of)
        phone.setObjectName(key)
        self.phones[key] = phone
        form.addRow(caption, phone)
        return phone

    # -- showing ---------------------------------------------------------------------------

    def set_workers(self, workers: Sequence[WorkerOption]) -> None:
        """Names of the local users, to show instead of login names."""
        self._workers = {w.username: w.display_name for w in workers}

    def show_plain(self, file: Any, *names: str) -> None:
        """Show these fields of the file as they are stored (a dash for blank)."""
        for name in names:
            self.values[name].setText(getattr(file, name) or "—")

    def worker_text(self, username: str | None) -> str:
        """A local user's name (their login name when not known here), or a dash."""
        return self._workers.get(username, username) if username else "—"

    def show_file(self, person: PersonHeader, file: Any) -> None:
        """Show the person's file (None: the person has no file)."""
        self.person = person
        self.file = file
        self.header.set_person(person, self.risk_of(file) if file is not None else None)
        self.header.edit_button.setEnabled(file is not None)
        if file is None:
            for label in self.values.values():
                label.setText("—")
            for phone in self.phones.values():
                phone.set_phone(person.person_id, None)
            self.footer.setText(self.no_file_text())
            return
        self.fill(person, file)
        self.footer.setText(
            self.tr("Last changed {when} by {who}").format(
                when=local_time_text(file.updated_at),
                who=self._workers.get(file.updated_by or "", file.updated_by or "—"),
            )
        )


class CareFileForm(FieldForm):
    """The fields of a care file; its phones stay masked unless typed again whole.

    A subclass reads its inputs in `plain_values()` and names its phones in `phone_edits()`,
    and calls `mark_clean()` once filled.
    """

    # Fields a new file sends even when blank (the service requires them).
    REQUIRED: tuple[str, ...] = ()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._initial: dict[str, Any] = {}

    def plain_values(self) -> dict[str, Any]:
        """The typed values of every field but the phones (None for blank)."""
        raise NotImplementedError

    def phone_edits(self) -> dict[str, MaskedValueEdit]:
        """The phone inputs by field name."""
        raise NotImplementedError

    def mark_clean(self) -> None:
        """What the form holds now is what it was filled with."""
        self._initial = self.snapshot()

    def snapshot(self) -> dict[str, Any]:
        """Everything the form holds now, masked phones as shown."""
        values = self.plain_values()
        for name, edit in self.phone_edits().items():
            values[f"{name}_text"] = edit.text()
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
        for name, edit in self.phone_edits().items():
            if edit.is_changed():
                fields[name] = edit.typed() or None
        return fields

    def new_fields(self) -> dict[str, Any]:
        """The fields of a new file (blank ones left out)."""
        fields = {
            name: value
            for name, value in self.plain_values().items()
            if value is not None or name in self.REQUIRED
        }
        for name, edit in self.phone_edits().items():
            if edit.typed():
                fields[name] = edit.typed()
        return fields

    def check_typed(self) -> bool:
        """A masked phone that was edited must be typed again whole; True when fine."""
        masked = [
            name
            for name, edit in self.phone_edits().items()
            if edit.isEnabled() and edit.still_masked()
        ]
        message = self.tr("The number shown is masked: type the whole number again.")
        # Each message takes the focus to its input: the first input keeps it.
        for name in reversed(masked):
            self.show_error(name, message)
        return not masked


@dataclass(frozen=True)
class EditorTexts:
    """The sentences of an editor that name the kind of person (a child, an elder)."""

    # The title while the person of a new file is being chosen, and the prompt to choose.
    new_file: str
    choose: str
    # Said when saving before the person is chosen.
    choose_first: str
    # The titles with the person's {name}: of a file, and of a new file.
    titled: str
    new_titled: str


@dataclass(frozen=True)
class EditorKind:
    """What an editor reads and writes: its persons to choose from, and its two operations."""

    candidates: Callable[[Session, Actor, str], list[Candidate]]
    create: Callable[[UiSession, QWidget | None, str, dict[str, Any]], Operation[Any]]
    update: Callable[[UiSession, QWidget | None, str, dict[str, Any]], Operation[Any]]


class CareFileEditor(EditorDialog):
    """Open a care file, or change one (only the changed fields are sent).

    Without a person, the dialog first asks which person of the caseload the file is for.
    A subclass names its `KIND`, makes its form in `make_form()` and says its `texts()`.
    """

    KIND: EditorKind
    SIZE = (760, 520)

    def __init__(
        self,
        session: UiSession,
        *,
        workers: Sequence[WorkerOption] = (),
        villages: Mapping[str, str] | None = None,
        person: PersonHeader | None = None,
        file: Any = None,
        responsible: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(session, parent)
        self.person = person
        self.file = file
        self.texts = self.make_texts()
        self.form = self.make_form(workers, villages or {})
        self.who = QLabel()
        self.who.setObjectName("editorPerson")
        font = self.who.font()
        font.setBold(True)
        self.who.setFont(font)
        self.body.addWidget(self.who)
        self.chooser: PersonChooser | None = None
        if person is None:
            candidates = self.KIND.candidates
            self.chooser = PersonChooser(session, lambda s, a, text: candidates(s, a, text))
            self.chooser.chosen.connect(self.choose)
            self.body.addWidget(self.chooser, 1)
        self.scroll = scrolled(self.form)
        self.body.addWidget(self.scroll, 3)
        self.resize(*self.SIZE)
        if file is not None:
            self.form.set_file(file)
        else:
            self.form.set_defaults(responsible)
        if person is None:
            self.setWindowTitle(self.texts.new_file)
            self.who.setText(self.texts.choose)
            self.scroll.setEnabled(False)
            self.save_button.setEnabled(False)
            assert self.chooser is not None
            self.chooser.search_edit.setFocus()
            self.chooser.run_search()
        else:
            self._show_person(person)

    # -- for the subclass ------------------------------------------------------------------

    def make_form(self, workers: Sequence[WorkerOption], villages: Mapping[str, str]) -> Any:
        """The form of the file's fields (a CareFileForm with `set_file` and `set_defaults`)."""
        raise NotImplementedError

    def make_texts(self) -> EditorTexts:
        """The editor's sentences about its kind of person."""
        raise NotImplementedError

    # -- choosing the person ---------------------------------------------------------------

    def save(self) -> None:
        """Save, once the person of a new file has been chosen."""
        if self.person is None:
            self.show_message(self.texts.choose_first)
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
        self._focus_first_input()

    def _show_person(self, person: PersonHeader) -> None:
        title = self.texts.titled if self.file else self.texts.new_titled
        self.setWindowTitle(title.format(name=person.name))
        details = header_text(person)
        self.who.setText(f"{person.name}　{details}" if details else person.name)
        self._focus_first_input()

    def _focus_first_input(self) -> None:
        first = self.form.first_input()
        if first is not None:
            first.setFocus()

    # -- EditorDialog ----------------------------------------------------------------------

    def operation(self) -> Operation[Any] | None:
        """Create the file of a new person, or write the changes of an existing one."""
        if self.person is None:
            return None
        person_id = self.person.person_id
        if self.file is None:
            return self.KIND.create(self.session, self, person_id, self.form.new_fields())
        changed = self.form.changed_fields()
        if not changed:
            return None
        return self.KIND.update(self.session, self, person_id, changed)

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


def open_care_editor(
    session: UiSession,
    parent: QWidget | None,
    person_id: str,
    editor_class: type[CareFileEditor],
    file_of: Callable[[ops.EditingContext], Any],
) -> None:
    """Open an editor of a person's file of this kind (a new file when they have none)."""

    def loaded(context: ops.EditingContext) -> None:
        editor = editor_class(
            session,
            workers=context.workers,
            villages=context.villages,
            person=PersonHeader.of(context.person),
            file=file_of(context),
            parent=parent,
        )
        editor.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        keep_open(editor)
        editor.show()

    ops.load_for_editing(session, parent, person_id).success(loaded).run_in_background()
