"""Fast entry of a paper 探访记录 with the keyboard only: the key presses a typical visit needs.

The figure is recorded in docs/performance.md ("Visits"). Latin keys and digits only:
qtbot.keyClicks with non-Latin text aborts Qt.
"""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from tests.ui.conftest import close_ui_session, make_ui_session
from tests.ui.visit_fixtures import children_of, elders

from minzheng_field.forms.definition import FieldType
from minzheng_field.services.demo import generate_demo_township
from minzheng_field.store.vault import Vault
from minzheng_field.ui.dialogs.visit_dialog import VisitDialog
from minzheng_field.ui.session import UiSession

WAIT = 10_000


@pytest.fixture
def admin_ui(qtbot, vault: Vault) -> Iterator[UiSession]:
    generate_demo_township(vault, persons=300, seed=1)
    session = make_ui_session(vault)
    yield session
    close_ui_session(qtbot, session)


def type_visit(qtbot, dialog: VisitDialog) -> list[str]:
    """Answer every field that applies as a paper sheet says, keyboard only; the keys pressed."""
    form = dialog.form
    assert form is not None
    assert dialog.entry is not None
    day = dialog.entry.visited_on.strftime("%Y%m%d")
    keys: list[str] = []

    def press(target, key: Qt.Key, name: str) -> None:
        qtbot.keyClick(target, key)
        keys.append(name)

    def type_text(target, text: str) -> None:
        qtbot.keyClicks(target, text)
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
        elif item.type in (FieldType.TEXT, FieldType.LONG_TEXT):
            type_text(target, "ok")
            press(target, Qt.Key.Key_Return, "Enter")
        else:
            press(target, Qt.Key.Key_Return, "Enter")  # a photo is added later from the phone
    return keys


@pytest.mark.parametrize("which", ["left_behind", "elder"])
def test_a_typical_visit_by_keyboard_only(qtbot, admin_ui, vault, which) -> None:
    if which == "elder":
        first, second = elders(vault, 2)
        category = "elder"
    else:
        first, second = children_of(vault, "left_behind", 2)
        category = "left_behind"
    dialog = VisitDialog(admin_ui, None, None, queue=[(second, category)])
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow, timeout=WAIT)
    with qtbot.waitSignal(dialog.entry_loaded, timeout=WAIT):
        dialog._open(first, category)
    started = time.perf_counter()
    keys = type_visit(qtbot, dialog)
    assert dialog.form is not None
    fields = len(dialog.form.answers())
    assert dialog.finish_button.hasFocus()  # Enter on the last field lands on 完成
    with qtbot.waitSignal(dialog.finalised, timeout=WAIT):
        qtbot.keyClick(dialog, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    keys.append("Ctrl+S")
    # The next person of the day's plan opens at once.
    assert dialog.next_button.hasFocus()
    with qtbot.waitSignal(dialog.entry_loaded, timeout=WAIT) as loaded:
        qtbot.keyClick(dialog.next_button, Qt.Key.Key_Return)
    keys.append("Enter")
    assert loaded.args[0].person_id == second
    elapsed = time.perf_counter() - started
    print(
        f"\nFAST_ENTRY {which}: {len(keys)} key presses, {fields} fields answered,"
        f" {elapsed:.2f} s scripted"
    )
    assert len(keys) < 90
