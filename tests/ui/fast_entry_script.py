"""The scripted keyboard-only entry of a paper 探访记录 in the real visit dialog.

Shared by tests/ui/test_fast_entry.py and bench/fast_entry.py. Every field that applies is
answered as a plain sheet says (the first choice, today's date, a number, a short note),
then Ctrl+S finalises and Enter on "下一位" opens the next person of the day's plan. Latin
keys and digits only: QTest.keyClicks with non-Latin text aborts Qt (a Chinese note is
typed as the pinyin keys an input method receives).
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QWidget
from tests.ui.visit_entry import wait_for

from minzheng_field.forms.definition import FieldType
from minzheng_field.ui.dialogs.visit_dialog import VisitDialog

_TEXT_TYPES = (FieldType.TEXT, FieldType.LONG_TEXT)


@dataclass(frozen=True)
class FastEntry:
    """What one scripted visit took: the keys, the answers, and the app's own time."""

    keys: tuple[str, ...]
    fields_answered: int
    decisions: int  # fields answered, plus finalising and going on to the next person
    typed_to_final_s: float  # first key to `finalised` heard
    next_person_s: float  # Enter on 下一位 to the next person's visit on screen
    finish_had_focus: bool  # Enter on the last field landed on 完成
    next_had_focus: bool  # after finalising, 下一位 took the keyboard
    next_person_id: str


def type_visit(dialog: VisitDialog, note: str = "ok") -> list[str]:
    """Answer every field that applies as a paper sheet says, keyboard only; the keys pressed.

    `note` is typed into every text field."""
    form = dialog.form
    assert form is not None and dialog.entry is not None
    day = dialog.entry.visited_on.strftime("%Y%m%d")
    keys: list[str] = []

    def press(target: QWidget, key: Qt.Key, name: str) -> None:
        QTest.keyClick(target, key)
        keys.append(name)

    def type_text(target: QWidget, text: str) -> None:
        QTest.keyClicks(target, text)
        keys.extend(text)

    for _ in range(200):
        current = form.current_field()
        if current is None:
            break
        item = form.definition.field(current)
        target = form.editor(current).focus_widget  # type: ignore[union-attr]
        if item.type in (FieldType.SINGLE_CHOICE, FieldType.YES_NO):
            press(target, Qt.Key.Key_1, "1")  # picks and moves on
        elif item.type is FieldType.MULTIPLE_CHOICE:
            press(target, Qt.Key.Key_1, "1")
            press(target, Qt.Key.Key_Return, "Enter")
        elif item.type is FieldType.DATE:
            type_text(target, day)
            press(target, Qt.Key.Key_Return, "Enter")
        elif item.type in (FieldType.INTEGER, FieldType.DECIMAL):
            low = int(item.minimum) if item.minimum is not None else 0
            type_text(target, str(max(low, min(70, int(item.maximum or 70)))))
            press(target, Qt.Key.Key_Return, "Enter")
        elif item.type in _TEXT_TYPES:
            type_text(target, note)
            press(target, Qt.Key.Key_Return, "Enter")
        else:
            press(target, Qt.Key.Key_Return, "Enter")  # a photo is added later from the phone
    return keys


def enter_and_go_on(dialog: VisitDialog, note: str = "ok") -> FastEntry:
    """Type the open visit, finalise it with Ctrl+S and open the next person with Enter."""
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
        keys = type_visit(dialog, note)
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
    return FastEntry(
        keys=tuple(keys),
        fields_answered=fields,
        decisions=fields + 2,
        typed_to_final_s=finished[0] - started,
        next_person_s=loaded[0] - asked,
        finish_had_focus=finish_had_focus,
        next_had_focus=next_had_focus,
        next_person_id=entry.person_id,
    )
