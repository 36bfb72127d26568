"""A visit form rendered from its definition: skip logic live, messages beside each field.

Keyboard-only entry for paper sheets: Enter moves to the next field that applies, number keys
pick a choice (and move on for single choices and yes/no), Shift+Tab goes back. `fill_usual`
answers the open questions that have a usual answer (forms/usual.py); those answers are tinted
until the user changes them, so that what was filled can be checked against the sheet.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QFrame,
    QGridLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from minzheng_field.forms.definition import Field, FieldType, FormDefinition
from minzheng_field.forms.evaluation import Evaluation, FormContext, evaluate, is_empty
from minzheng_field.forms.usual import fill_usual
from minzheng_field.forms.validation import validate_answers

_ENTER_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)
_CHOICES_PER_ROW = 3
# The tint of an answer filled in as the usual one, until the user changes it.
USUAL_BACKGROUND = "#fff1c9"
# The tint of an answer a correction changes from what the visit recorded.
CHANGED_BACKGROUND = "#dcebfb"
# Keeps the required mark with the label's last character when the label wraps.
REQUIRED_MARK = "\u00a0*"


class FieldEditor(QObject):
    """The input of one field: reads and writes its answer, tells when it changes."""

    changed = Signal()

    def __init__(self, item: Field, widget: QWidget, focus: QWidget | None = None) -> None:
        super().__init__(widget)
        self.item = item
        self.widget = widget
        self.focus_widget = focus or widget

    def value(self) -> Any:
        """The answer as stored (None when not given)."""
        raise NotImplementedError

    def set_value(self, value: Any) -> None:
        """Show `value` without announcing a change."""
        raise NotImplementedError

    def pick_key(self, key: str) -> bool:
        """Answer by number key `key`; True when the key chose something."""
        return False

    def set_read_only(self, read_only: bool) -> None:
        """Allow or refuse editing."""
        self.widget.setEnabled(not read_only)

    def set_marked(self, marked: bool) -> None:
        """Tint the input while it holds a usual answer the user has not changed."""
        self.widget.setStyleSheet(f"background: {USUAL_BACKGROUND};" if marked else "")


class TextEditor(FieldEditor):
    """Text, numbers and dates typed into one line."""

    def __init__(self, item: Field) -> None:
        edit = QLineEdit()
        if item.max_length:
            edit.setMaxLength(item.max_length + 50)  # longer text gets a message, not a cut
        if item.type is FieldType.DATE:
            edit.setPlaceholderText("2026-03-05")
        elif item.unit:
            edit.setPlaceholderText(item.unit)
        super().__init__(item, edit)
        self.edit = edit
        edit.textChanged.connect(lambda _t: self.changed.emit())

    def value(self) -> Any:
        text = self.edit.text().strip()
        if not text:
            return None
        if self.item.type is FieldType.DATE and len(text) == 8 and text.isdigit():
            return f"{text[:4]}-{text[4:6]}-{text[6:]}"  # 20260305, quicker from paper
        if self.item.type is FieldType.INTEGER:
            try:
                return int(text)
            except ValueError:
                return text  # kept as typed: validation says "请填写整数"
        if self.item.type is FieldType.DECIMAL:
            try:
                number = float(text)
            except ValueError:
                return text
            return int(number) if number.is_integer() and "." not in text else number
        return text

    def set_value(self, value: Any) -> None:
        self.edit.blockSignals(True)
        self.edit.setText("" if value is None else str(value))
        self.edit.blockSignals(False)

    def set_read_only(self, read_only: bool) -> None:
        self.edit.setReadOnly(read_only)


class LongTextEditor(FieldEditor):
    """Several lines of text (Enter moves on; Shift+Enter starts a new line)."""

    def __init__(self, item: Field) -> None:
        edit = QPlainTextEdit()
        edit.setTabChangesFocus(True)
        edit.setFixedHeight(64)
        super().__init__(item, edit)
        self.edit = edit
        edit.textChanged.connect(self.changed.emit)

    def value(self) -> Any:
        text = self.edit.toPlainText().strip()
        return text or None

    def set_value(self, value: Any) -> None:
        self.edit.blockSignals(True)
        self.edit.setPlainText("" if value is None else str(value))
        self.edit.blockSignals(False)

    def set_read_only(self, read_only: bool) -> None:
        self.edit.setReadOnly(read_only)


class _KeyFrame(QFrame):
    """A focusable frame around choice buttons that hands number keys to its editor."""

    def __init__(self, on_key: Callable[[str], bool]) -> None:
        super().__init__()
        self._on_key = on_key
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        # Selected by a property: the form names each input after its field (objectName).
        self.setProperty("keyFrame", True)
        self.setStyleSheet(
            '[keyFrame="true"] { border: 1px solid transparent; border-radius: 3px; }'
            f'[keyFrame="true"][usual="true"] {{ background: {USUAL_BACKGROUND}; }}'
            '[keyFrame="true"]:focus { border: 1px solid #3a7bd5; background: #eef4fc; }'
        )

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt override)
        text = event.text()
        if len(text) == 1 and text.isdigit() and self._on_key(text):
            event.accept()
            return
        super().keyPressEvent(event)


class ChoiceEditor(FieldEditor):
    """Single choice, yes/no or multiple choice as buttons, each with its number key."""

    def __init__(self, item: Field) -> None:
        frame = _KeyFrame(self._key)
        super().__init__(item, frame)
        self.multiple = item.type is FieldType.MULTIPLE_CHOICE
        grid = QGridLayout(frame)
        grid.setContentsMargins(4, 2, 4, 2)
        self.group = QButtonGroup(frame)
        self.group.setExclusive(not self.multiple)
        self.buttons: dict[str, QCheckBox | QRadioButton] = {}
        for position, choice in enumerate(item.choices):
            text = f"{choice.key} {choice.label}" if choice.key else choice.label
            button: QCheckBox | QRadioButton = (
                QCheckBox(text) if self.multiple else QRadioButton(text)
            )
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the frame takes the keys
            self.group.addButton(button, position)
            self.buttons[choice.code] = button
            grid.addWidget(button, position // _CHOICES_PER_ROW, position % _CHOICES_PER_ROW)
            button.toggled.connect(lambda on, code=choice.code: self._toggled(code, on))

    def set_marked(self, marked: bool) -> None:
        self.widget.setProperty("usual", marked)
        self.widget.style().unpolish(self.widget)
        self.widget.style().polish(self.widget)
        self.widget.update()

    def _toggled(self, code: str, on: bool) -> None:
        if on and self.multiple:
            choice = self.item.choice(code)
            # An exclusive option ("未发现") and the others exclude each other.
            for other, button in self.buttons.items():
                other_choice = self.item.choice(other)
                exclusive = (choice is not None and choice.exclusive) or (
                    other_choice is not None and other_choice.exclusive
                )
                if other != code and button.isChecked() and exclusive:
                    button.blockSignals(True)
                    button.setChecked(False)
                    button.blockSignals(False)
        self.changed.emit()

    def _key(self, key: str) -> bool:
        if not self.widget.isEnabled():
            return False
        choice = self.item.choice_for_key(key)
        if choice is None:
            return False
        button = self.buttons[choice.code]
        if self.multiple:
            button.setChecked(not button.isChecked())
        else:
            button.setChecked(True)
        return True

    def value(self) -> Any:
        chosen = [code for code, button in self.buttons.items() if button.isChecked()]
        if self.multiple:
            return chosen or None
        if not chosen:
            return None
        if self.item.type is FieldType.YES_NO:
            return chosen[0] == "yes"
        return chosen[0]

    def set_value(self, value: Any) -> None:
        if self.item.type is FieldType.YES_NO and isinstance(value, bool):
            wanted = {"yes" if value else "no"}
        elif isinstance(value, list | tuple):
            wanted = {str(code) for code in value}
        elif isinstance(value, str):
            wanted = {value}
        else:
            wanted = set()
        self.group.setExclusive(False)  # so that an exclusive group can be emptied
        for code, button in self.buttons.items():
            button.blockSignals(True)
            button.setChecked(code in wanted)
            button.blockSignals(False)
        self.group.setExclusive(not self.multiple)


class MemberEditor(FieldEditor):
    """A member of the person's household, chosen from a list (number keys pick too)."""

    def __init__(self, item: Field, members: Sequence[tuple[str, str]]) -> None:
        combo = QComboBox()
        combo.addItem("", None)
        for position, (member_id, name) in enumerate(members, start=1):
            combo.addItem(f"{position % 10} {name}" if position <= 10 else name, member_id)
        super().__init__(item, combo)
        self.combo = combo
        combo.currentIndexChanged.connect(lambda _i: self.changed.emit())

    def pick_key(self, key: str) -> bool:
        position = 10 if key == "0" else int(key)
        if position < self.combo.count():
            self.combo.setCurrentIndex(position)
            return True
        return False

    def value(self) -> Any:
        return self.combo.currentData()

    def set_value(self, value: Any) -> None:
        self.combo.blockSignals(True)
        index = self.combo.findData(value) if value is not None else 0
        if index < 0 and isinstance(value, str):
            self.combo.addItem(value, value)  # a member since moved away: still shown
            index = self.combo.count() - 1
        self.combo.setCurrentIndex(max(index, 0))
        self.combo.blockSignals(False)


class PhotoEditor(FieldEditor):
    """The photos of a visit: a button that asks the dialog to add one, and their count."""

    def __init__(self, item: Field, on_request: Callable[[str], None]) -> None:
        button = QPushButton()
        super().__init__(item, button)
        self.button = button
        self.digests: list[str] = []
        self._read_only = False
        button.clicked.connect(lambda: on_request(item.id))
        self._show()

    def _show(self) -> None:
        count = len(self.digests)
        self.button.setText(
            self.tr("{count} attached (shown below)").format(count=count)
            if self._read_only
            else self.tr("Add photo… ({count} attached)").format(count=count)
        )

    def add(self, digest: str) -> None:
        """Count one more attached photo."""
        if digest not in self.digests:
            self.digests.append(digest)
            self._show()
            self.changed.emit()

    def remove(self, digest: str) -> bool:
        """Stop counting a photo taken off the visit (already stored: no change is announced);
        whether it was counted."""
        if digest not in self.digests:
            return False
        self.digests.remove(digest)
        self._show()
        return True

    def value(self) -> Any:
        return list(self.digests) or None

    def set_value(self, value: Any) -> None:
        self.digests = [str(d) for d in value] if isinstance(value, list | tuple) else []
        self._show()

    def set_read_only(self, read_only: bool) -> None:
        self._read_only = read_only
        self.button.setEnabled(not read_only)
        self._show()


class _FieldRow:
    """The widgets of one field on screen."""

    def __init__(self, editor: FieldEditor | None, label: QLabel, shown: QWidget) -> None:
        self.editor = editor
        self.label = label
        self.shown = shown
        self.message = QLabel()
        self.message.setObjectName("fieldMessage")
        self.message.setStyleSheet("color: #c0392b;")
        self.message.setWordWrap(True)
        self.message.hide()

    def set_visible(self, visible: bool) -> None:
        self.label.setVisible(visible)
        self.shown.setVisible(visible)
        if not visible:
            self.message.hide()

    def set_marked(self, marked: bool) -> None:
        """Tint the label and the input of a usual answer not yet changed."""
        self.label.setStyleSheet(f"background: {USUAL_BACKGROUND};" if marked else "")
        if self.editor is not None:
            self.editor.set_marked(marked)

    def set_changed(self, changed: bool) -> None:
        """Tint the label of an answer a correction changes."""
        self.label.setStyleSheet(f"background: {CHANGED_BACKGROUND};" if changed else "")


class FormWidget(QScrollArea):
    """One form definition as Qt widgets; `changed(answers)` after each change of an answer."""

    changed = Signal(dict)
    photo_requested = Signal(str)
    completed = Signal()

    def __init__(
        self,
        definition: FormDefinition,
        context: FormContext,
        parent: QWidget | None = None,
        *,
        members: Sequence[tuple[str, str]] = (),
    ) -> None:
        super().__init__(parent)
        self.definition = definition
        self.context = context
        self._rows: dict[str, _FieldRow] = {}
        self._sections: dict[str, QGroupBox] = {}
        self._touched: set[str] = set()
        self._usual: set[str] = set()
        self._changed: tuple[str, ...] = ()
        self._show_all = False
        self._read_only = False
        self._updating = False
        self._evaluation: Evaluation | None = None
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        content = QWidget()
        layout = QVBoxLayout(content)
        for section in definition.sections:
            box = QGroupBox(section.title)
            box.setObjectName(f"section_{section.id}")
            grid = QGridLayout(box)
            grid.setColumnStretch(1, 1)
            grid.setColumnMinimumWidth(0, 180)
            row_number = 0
            if section.help:
                note = QLabel(section.help)
                note.setWordWrap(True)
                note.setStyleSheet("color: #6b6b6b;")
                grid.addWidget(note, row_number, 0, 1, 3)
                row_number += 1
            for item in section.fields:
                row = self._build_row(item, members)
                grid.addWidget(row.label, row_number, 0, Qt.AlignmentFlag.AlignTop)
                grid.addWidget(row.shown, row_number, 1)
                grid.addWidget(row.message, row_number, 2, Qt.AlignmentFlag.AlignTop)
                row_number += 1
                self._rows[item.id] = row
            grid.setColumnStretch(2, 0)
            grid.setColumnMinimumWidth(2, 120)
            self._sections[section.id] = box
            layout.addWidget(box)
        layout.addStretch(1)
        self.setWidget(content)
        self._refresh()

    # -- building ----------------------------------------------------------------------------

    def _build_row(self, item: Field, members: Sequence[tuple[str, str]]) -> _FieldRow:
        label = QLabel(label_text(item))
        label.setWordWrap(True)
        if item.help:
            label.setToolTip(item.help)
        if item.is_computed:
            shown = QLabel()
            shown.setObjectName(f"computed_{item.id}")
            shown.setStyleSheet("color: #2c5d8a;")
            return _FieldRow(None, label, shown)
        editor = self._editor_for(item, members)
        editor.widget.setObjectName(f"field_{item.id}")
        if item.help:
            editor.widget.setToolTip(item.help)
        label.setBuddy(editor.focus_widget)
        editor.focus_widget.installEventFilter(self)
        editor.changed.connect(lambda field_id=item.id: self._edited(field_id))
        return _FieldRow(editor, label, editor.widget)

    def _editor_for(self, item: Field, members: Sequence[tuple[str, str]]) -> FieldEditor:
        kind = item.type
        if kind is FieldType.LONG_TEXT:
            return LongTextEditor(item)
        if kind in (FieldType.SINGLE_CHOICE, FieldType.MULTIPLE_CHOICE, FieldType.YES_NO):
            return ChoiceEditor(item)
        if kind is FieldType.HOUSEHOLD_MEMBER:
            return MemberEditor(item, members)
        if kind is FieldType.PHOTO:
            return PhotoEditor(item, self.photo_requested.emit)
        return TextEditor(item)

    # -- answers -----------------------------------------------------------------------------

    def raw_answers(self) -> dict[str, Any]:
        """Every answer on screen, given or not applying (before skip logic)."""
        answers: dict[str, Any] = {}
        for field_id, row in self._rows.items():
            if row.editor is not None:
                value = row.editor.value()
                if not is_empty(value):
                    answers[field_id] = value
        return answers

    def answers(self) -> dict[str, Any]:
        """The answers of the fields that apply (hidden ones are cleared), computed excluded."""
        evaluation = self._evaluate(self.raw_answers())
        relevant = evaluation.relevant if evaluation else set(self._rows)
        return {key: value for key, value in self.raw_answers().items() if key in relevant}

    def set_answers(self, answers: Mapping[str, Any]) -> None:
        """Show stored answers (a draft being resumed, a final visit being read)."""
        self._updating = True
        try:
            for field_id, row in self._rows.items():
                if row.editor is not None:
                    row.editor.set_value(answers.get(field_id))
        finally:
            self._updating = False
        self._touched |= {key for key in answers if key in self._rows}
        self._mark_usual(set())
        self._refresh()

    def has_usual_answers(self) -> bool:
        """Whether the form gives usual answers for fast entry."""
        return bool(self.definition.usual_answers)

    def fill_usual(self) -> tuple[str, ...]:
        """Answer every open question that applies with its usual answer (given answers stay),
        then put the keyboard in the first field still needing an answer, or announce
        `completed` when none does; the ids filled."""
        if self._read_only:
            return ()
        try:
            fill = fill_usual(self.definition, self.answers(), self.context)
        except Exception:  # noqa: BLE001 — a missing context value: fill nothing
            return ()
        self._updating = True
        try:
            for field_id in fill.filled:
                editor = self._rows[field_id].editor
                if editor is not None:
                    editor.set_value(fill.answers[field_id])
        finally:
            self._updating = False
        self._mark_usual(self._usual | set(fill.filled))
        self._refresh()
        self.changed.emit(self.answers())
        self.focus_first_open()
        return fill.filled

    def usual_marked(self) -> frozenset[str]:
        """The fields holding a usual answer the user has not changed."""
        return frozenset(self._usual)

    def focus_first_open(self) -> None:
        """Put the keyboard in the first field that still needs an answer (required and
        empty, or not valid); announce `completed` when none does."""
        problems = self.messages()
        first = next((key for key in self.field_order() if key in problems), None)
        if first is None:
            self.completed.emit()
        else:
            self.focus_field(first)

    def mark_changed(self, original: Mapping[str, Any] | None) -> tuple[str, ...]:
        """Tint the labels of the answers that differ from `original` (None clears the tints);
        the fields changed, in the form's order."""
        current = self.answers() if original is not None else {}
        changed = tuple(
            field_id
            for field_id in self.field_order()
            if original is not None
            and self._rows[field_id].editor is not None  # computed values follow the answers
            and current.get(field_id) != original.get(field_id)
        )
        for field_id, row in self._rows.items():
            row.set_changed(field_id in changed)
        self._changed = changed
        return changed

    def changed_marked(self) -> tuple[str, ...]:
        """The fields tinted as changed by a correction."""
        return self._changed

    def _mark_usual(self, fields: set[str]) -> None:
        for field_id in self._usual ^ fields:
            self._rows[field_id].set_marked(field_id in fields)
        self._usual = set(fields)

    def add_photo(self, field_id: str, digest: str) -> None:
        """Count a photo attached for photo field `field_id`."""
        editor = self._rows[field_id].editor
        if isinstance(editor, PhotoEditor):
            editor.add(digest)

    def remove_photo(self, digest: str) -> list[str]:
        """Stop counting a photo taken off the visit in every photo field that names it (the
        service already stored the answers without it, so no `changed`); the fields it left."""
        left = [
            field_id
            for field_id, row in self._rows.items()
            if isinstance(row.editor, PhotoEditor) and row.editor.remove(digest)
        ]
        if left:
            self._refresh()  # a required photo field may now need a photo again
        return left

    def photo_fields(self) -> list[str]:
        """The ids of the form's photo fields, in the order of the form."""
        return [key for key, row in self._rows.items() if isinstance(row.editor, PhotoEditor)]

    def messages(self) -> dict[str, str]:
        """The problems with the answers now, as {field id: Chinese message}."""
        try:
            return validate_answers(self.definition, self.answers(), self.context)
        except Exception as error:  # noqa: BLE001 — a missing context value is one message
            return {"": str(error)}

    def show_all_messages(self) -> dict[str, str]:
        """Show every problem (also of fields not yet touched); returns them."""
        self._show_all = True
        self._refresh()
        problems = self.messages()
        first = next((key for key in self._rows if key in problems), None)
        if first is not None:
            self.focus_field(first)
        return problems

    def set_context(self, context: FormContext) -> None:
        """Evaluate against a new context (the visit date changed: "today" in the form moves)."""
        self.context = context
        self._refresh()

    def set_read_only(self, read_only: bool) -> None:
        """A final visit is shown read-only."""
        self._read_only = read_only
        for row in self._rows.values():
            if row.editor is not None:
                row.editor.set_read_only(read_only)

    # -- keyboard ----------------------------------------------------------------------------

    def field_order(self) -> list[str]:
        """The ids of the fields that apply and take input, in the order of the form."""
        relevant = self._evaluation.relevant if self._evaluation else set(self._rows)
        return [
            field_id
            for field_id, row in self._rows.items()
            if row.editor is not None and field_id in relevant
        ]

    def focus_field(self, field_id: str) -> None:
        """Put the keyboard in field `field_id` and scroll to it."""
        row = self._rows[field_id]
        if row.editor is not None:
            row.editor.focus_widget.setFocus(Qt.FocusReason.OtherFocusReason)
            self.ensureWidgetVisible(row.editor.widget)
            # Keep the labels in view: only ever scroll down to a field, never sideways.
            self.horizontalScrollBar().setValue(0)

    def focus_first(self) -> None:
        """Put the keyboard in the first field that applies, the form shown from its top."""
        order = self.field_order()
        if order:
            self.focus_field(order[0])
        # Before the first layout, scrolling to a field is computed on sizes not yet known
        # (the first section's title ended up hidden): show the top once laid out.
        self.verticalScrollBar().setValue(0)
        QTimer.singleShot(0, self, lambda: self.verticalScrollBar().setValue(0))

    def current_field(self) -> str | None:
        """The field with the keyboard, if any."""
        # The window's focus widget, also while the window is not the active one.
        focused = self.window().focusWidget()
        for field_id, row in self._rows.items():
            if row.editor is not None and row.editor.focus_widget is focused:
                return field_id
        return None

    def focus_next(self, after: str) -> None:
        """Move to the field after `after` that applies; at the end, announce `completed`."""
        order = self.field_order()
        position = order.index(after) if after in order else -1
        if position + 1 < len(order):
            self.focus_field(order[position + 1])
        else:
            self.completed.emit()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        if event.type() != QEvent.Type.KeyPress or not isinstance(event, QKeyEvent):
            return super().eventFilter(watched, event)
        field_id = next(
            (
                key
                for key, row in self._rows.items()
                if row.editor is not None and row.editor.focus_widget is watched
            ),
            None,
        )
        if field_id is None:
            return super().eventFilter(watched, event)
        editor = self._rows[field_id].editor
        assert editor is not None
        if event.key() in _ENTER_KEYS and not (
            isinstance(editor, LongTextEditor)
            and event.modifiers() & Qt.KeyboardModifier.ShiftModifier
        ):
            self.focus_next(field_id)
            return True
        text = event.text()
        if len(text) == 1 and text.isdigit() and not self._read_only:
            if isinstance(editor, ChoiceEditor) and editor._key(text):
                if not editor.multiple:
                    self.focus_next(field_id)  # one key answers a single choice
                return True
            if isinstance(editor, MemberEditor) and editor.pick_key(text):
                self.focus_next(field_id)
                return True
        return super().eventFilter(watched, event)

    # -- skip logic and messages -------------------------------------------------------------

    def _edited(self, field_id: str) -> None:
        if self._updating:
            return
        self._touched.add(field_id)
        if field_id in self._usual:
            self._mark_usual(self._usual - {field_id})
        self._refresh()
        self.changed.emit(self.answers())

    def _evaluate(self, answers: Mapping[str, Any]) -> Evaluation | None:
        try:
            return evaluate(self.definition, answers, self.context)
        except Exception:  # noqa: BLE001 — a missing context value: show every field
            return None

    def _refresh(self) -> None:
        evaluation = self._evaluate(self.raw_answers())
        self._evaluation = evaluation
        relevant = evaluation.relevant if evaluation else set(self._rows)
        self._updating = True
        try:
            for field_id, row in self._rows.items():
                shown = field_id in relevant
                row.set_visible(shown)
                if not shown and row.editor is not None and not is_empty(row.editor.value()):
                    row.editor.set_value(None)  # skip logic clears what no longer applies
                if row.editor is None and isinstance(row.shown, QLabel):
                    value = evaluation.computed.get(field_id) if evaluation else None
                    row.shown.setText(self._computed_text(field_id, value))
        finally:
            self._updating = False
        if self._usual - relevant:
            self._mark_usual(self._usual & set(relevant))
        for section in self.definition.sections:
            self._sections[section.id].setVisible(
                any(item.id in relevant for item in section.fields)
            )
        problems = self.messages()
        for field_id, row in self._rows.items():
            message = problems.get(field_id)
            show = (
                message is not None
                and field_id in relevant
                and (self._show_all or field_id in self._touched)
            )
            row.message.setText(message or "")
            row.message.setVisible(bool(show))

    def _computed_text(self, field_id: str, value: Any) -> str:
        if value is None:
            return "—"
        item = self.definition.field(field_id)
        label = item.label_of(value)
        if label is not None:
            return label
        return f"{value}{item.unit or ''}"

    def message_of(self, field_id: str) -> str | None:
        """The message shown beside `field_id`, if any."""
        row = self._rows[field_id]
        return row.message.text() if row.message.isVisibleTo(self) else None

    def is_shown(self, field_id: str) -> bool:
        """Whether field `field_id` is on screen (it applies to the answers)."""
        return self._evaluation is None or field_id in self._evaluation.relevant

    def editor(self, field_id: str) -> FieldEditor | None:
        """The input of `field_id` (None for a computed field)."""
        return self._rows[field_id].editor


def label_text(item: Field) -> str:
    """The label of a field: its unit for a number typed in, its required mark kept with it."""
    text = item.label
    # A computed number shows its unit with the value ("9岁"); a label may name it already.
    if (
        item.unit
        and item.type in (FieldType.INTEGER, FieldType.DECIMAL)
        and not item.is_computed
        and f"（{item.unit}）" not in text
    ):
        text += f"（{item.unit}）"
    return text + (REQUIRED_MARK if item.required else "")
