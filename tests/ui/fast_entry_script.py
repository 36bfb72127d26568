"""The scripted keyboard-only entry of a paper 探访记录 in the real visit dialog.

Shared by tests/ui/test_fast_entry.py and bench/fast_entry.py. Two ways through a sheet:

- full transcription (`type_visit`): every field that applies is answered as a plain sheet
  says (the first choice, today's date, a number, a short note), one after the other;
- a typical sheet (`type_typical_sheet`): the sheet says what most sheets say except in a few
  answers (`TYPICAL_SHEETS`). The user walks down the form answering what differs and the facts
  on the way; an answer that is the usual one is passed with Enter (F2 fills it later), or
  typed when later questions depend on it (是否见到儿童本人: passing it would hide them). Once
  past the last difference, F2 fills the usual answers and jumps to the first question still
  open; the user answers the open questions (F2 again jumps over usual answers to the next
  open one) and lands on 完成.

Then Ctrl+S finalises and Enter on "下一位" opens the next person of the day's plan. Latin keys
and digits only: QTest.keyClicks with non-Latin text aborts Qt (a Chinese note is typed as the
pinyin keys an input method receives).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QWidget
from tests.ui.visit_entry import wait_for

from minzheng_field.forms.definition import YES, Field, FieldType, FormDefinition
from minzheng_field.ui.dialogs.visit_dialog import VisitDialog
from minzheng_field.ui.forms.form_widget import FormWidget

_TEXT_TYPES = (FieldType.TEXT, FieldType.LONG_TEXT)
_STEPS = 200

# What a typical sheet says beyond the usual answers: two answers that differ from the usual
# ones, and the facts of the person where the first choice would not be typical.
TYPICAL_SHEETS: dict[str, dict[str, Any]] = {
    "left_behind_child_visit": {
        "visit_method": "phone",  # differs from the usual 入户
        "living_with": "grandparents",  # a fact: no usual answer
        "guardian_health": "chronically_ill",  # differs from the usual 健康
    },
    "special_elder_visit": {
        "visit_method": "phone",  # differs from the usual 入户
        "mental_state": "lonely",  # differs from the usual 良好
    },
}


@dataclass(frozen=True)
class FastEntry:
    """What one scripted visit took: the keys, the answers, and the app's own time."""

    keys: tuple[str, ...]
    fields_answered: int  # answers the finalised visit holds (typed or filled)
    fields_typed: int  # answers the user typed
    decisions: int  # KLM mental operators (see bench/fast_entry.py)
    typed_to_final_s: float  # first key to `finalised` heard
    next_person_s: float  # Enter on 下一位 to the next person's visit on screen
    finish_had_focus: bool  # the last key of the form landed on 完成
    next_had_focus: bool  # after finalising, 下一位 took the keyboard
    next_person_id: str


class _Keyboard:
    """Presses keys into the dialog's widgets and counts them."""

    def __init__(self, dialog: VisitDialog, note: str) -> None:
        assert dialog.form is not None and dialog.entry is not None
        self.dialog = dialog
        self.form: FormWidget = dialog.form
        self.note = note
        self.day = dialog.visited_on().strftime("%Y%m%d")
        self.keys: list[str] = []
        self.typed = 0

    def press(self, target: QWidget, key: Qt.Key, name: str) -> None:
        QTest.keyClick(target, key)
        self.keys.append(name)

    def type_text(self, target: QWidget, text: str) -> None:
        QTest.keyClicks(target, text)
        self.keys.extend(text)

    def target(self, field_id: str) -> QWidget:
        editor = self.form.editor(field_id)
        assert editor is not None
        return editor.focus_widget

    def answer(self, field_id: str, value: Any = None) -> None:
        """Type the answer `value` (None: what a plain sheet says) into the focused field."""
        item = self.form.definition.field(field_id)
        target = self.target(field_id)
        self.typed += 1
        if item.type in (FieldType.SINGLE_CHOICE, FieldType.YES_NO):
            self.press(target, _digit(_choice_key(item, value)), "digit")  # picks, moves on
        elif item.type is FieldType.MULTIPLE_CHOICE:
            for code in value or [item.choices[0].code]:
                self.press(target, _digit(_choice_key(item, code)), "digit")
            self.press(target, Qt.Key.Key_Return, "Enter")
        elif item.type is FieldType.DATE:
            self.type_text(target, self.day)
            self.press(target, Qt.Key.Key_Return, "Enter")
        elif item.type in (FieldType.INTEGER, FieldType.DECIMAL):
            low = int(item.minimum) if item.minimum is not None else 0
            self.type_text(target, str(max(low, min(70, int(item.maximum or 70)))))
            self.press(target, Qt.Key.Key_Return, "Enter")
        elif item.type in _TEXT_TYPES:
            self.type_text(target, self.note)
            self.press(target, Qt.Key.Key_Return, "Enter")
        elif item.type is FieldType.HOUSEHOLD_MEMBER:
            self.press(target, Qt.Key.Key_1, "digit")  # the first member, and on
        else:
            self.typed -= 1  # a photo is added later from the phone
            self.press(target, Qt.Key.Key_Return, "Enter")

    def usual_key(self) -> None:
        """F2: the usual answers into the open questions, on to the first still open."""
        self.press(self.dialog.focusWidget() or self.dialog, Qt.Key.Key_F2, "F2")


def _relevance_names(definition: FormDefinition) -> set[str]:
    """The fields that some question's relevance reads (passing them empty hides it)."""
    names: set[str] = set()
    for section in definition.sections:
        for expression in (section.relevance, *(item.relevance for item in section.fields)):
            if expression is not None:
                names |= expression.names
    return names


def _choice_key(item: Field, value: Any) -> str:
    if value is None:
        return item.choices[0].key or "1"
    code = (YES if value else "no") if isinstance(value, bool) else value
    choice = item.choice(code)
    assert choice is not None and choice.key is not None, (item.id, value)
    return choice.key


def _digit(key: str) -> Qt.Key:
    return Qt.Key(Qt.Key.Key_0.value + int(key))


def type_visit(dialog: VisitDialog, note: str = "ok") -> list[str]:
    """Answer every field that applies as a paper sheet says, keyboard only; the keys pressed.

    `note` is typed into every text field."""
    keyboard = _Keyboard(dialog, note)
    for _ in range(_STEPS):
        current = keyboard.form.current_field()
        if current is None:
            break
        keyboard.answer(current)
    return keyboard.keys


def type_typical_sheet(
    dialog: VisitDialog, note: str = "ok", sheet: Mapping[str, Any] | None = None
) -> tuple[list[str], int]:
    """Enter a typical sheet with the usual-answers key; the keys pressed and answers typed.

    `sheet` (default: TYPICAL_SHEETS of the form) holds the answers that are not the usual
    ones; the others on the sheet are the usual answers, or for a question without one, what a
    plain sheet says (the first choice, a note, a number, the visit date)."""
    keyboard = _Keyboard(dialog, note)
    form = keyboard.form
    differs = dict(TYPICAL_SHEETS.get(form.definition.id, {}) if sheet is None else sheet)
    usual = form.definition.usual_answers
    # Down the form to the last answer that differs: answer it and the facts on the way, pass
    # a usual answer with Enter (F2 fills it later).
    ahead = {key for key in differs if key in usual}
    gates = _relevance_names(form.definition)
    for _ in range(_STEPS):
        current = form.current_field()
        if current is None or not ahead:
            break
        if current in differs:
            keyboard.answer(current, differs[current])
            ahead.discard(current)
        elif current not in usual and form.definition.field(current).required:
            keyboard.answer(current)
        elif current in usual and current in gates:
            keyboard.answer(current, usual[current])
        else:
            keyboard.press(keyboard.target(current), Qt.Key.Key_Return, "Enter")
    keyboard.usual_key()
    # The questions still open, one by one; F2 jumps over answers filled as usual.
    for _ in range(_STEPS):
        current = form.current_field()
        if current is None:
            break
        if current in form.messages():
            keyboard.answer(current, differs.get(current))
        else:
            keyboard.usual_key()
    return keyboard.keys, keyboard.typed


def enter_and_go_on(
    dialog: VisitDialog,
    note: str = "ok",
    *,
    typical: bool = False,
) -> FastEntry:
    """Type the open visit (in full, or as a typical sheet with F2), finalise it with Ctrl+S
    and open the next person with Enter."""
    finished: list[float] = []
    loaded: list[float] = []

    # The moment each signal is emitted, not when a waiting loop next looks.
    def heard_final(_result: object) -> None:
        finished.append(time.perf_counter())

    def heard_loaded(_entry: object) -> None:
        loaded.append(time.perf_counter())

    dialog.finalised.connect(heard_final)
    dialog.entry_loaded.connect(heard_loaded)
    try:
        started = time.perf_counter()
        typer: Callable[[VisitDialog, str], tuple[list[str], int]] = (
            type_typical_sheet if typical else _type_all
        )
        keys, typed = typer(dialog, note)
        assert dialog.form is not None
        fields = len(dialog.form.answers())
        finish_had_focus = dialog.finish_button.hasFocus()
        wait_for(
            dialog.finalised,
            "the visit finalised",
            lambda: QTest.keyClick(dialog, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier),
        )
        keys.append("Ctrl+S")
        next_had_focus = dialog.next_button.hasFocus()
        asked = time.perf_counter()
        (entry,) = wait_for(
            dialog.entry_loaded,
            "the next person",
            lambda: QTest.keyClick(dialog.next_button, Qt.Key.Key_Return),
        )
        keys.append("Enter")
    finally:
        dialog.finalised.disconnect(heard_final)
        dialog.entry_loaded.disconnect(heard_loaded)
    # One M per answer typed, finalising and going on; a typical sheet adds one for checking
    # that the sheet's other answers are the usual ones.
    decisions = typed + 2 + (1 if typical else 0)
    return FastEntry(
        keys=tuple(keys),
        fields_answered=fields,
        fields_typed=typed,
        decisions=decisions,
        typed_to_final_s=finished[0] - started,
        next_person_s=loaded[0] - asked,
        finish_had_focus=finish_had_focus,
        next_had_focus=next_had_focus,
        next_person_id=entry.person_id,
    )


def _type_all(dialog: VisitDialog, note: str) -> tuple[list[str], int]:
    keys = type_visit(dialog, note)
    assert dialog.form is not None
    return keys, len(dialog.form.answers())
