"""The member and household editors: inline errors, duplicates, rare names, keyboard, locks."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QMessageBox
from sqlalchemy import func, select
from tests.ui.vault_jobs import run_job

from caseload_builders import rid
from minzheng_field.services.households import add_household, add_member
from minzheng_field.services.persons import PersonInput
from minzheng_field.store.models import AuditEntry, Household, OutboxMutation, Person
from minzheng_field.ui.database import Database
from minzheng_field.ui.dialogs.household_editor import HouseholdEditor, new_household
from minzheng_field.ui.dialogs.member_editor import MemberEditor, set_combo_value
from minzheng_field.ui.session import UiSession
from vault_constants import ADMIN, ADMIN_PASSWORD

TANQUAN = "431023113200"
YANGJIA = "431023113201"


HEAD_ID = rid("43102319560312001")
WIFE_ID = rid("43102319600405002")
SON_ID = rid("43102319850720003")
WRONG_CHECK = HEAD_ID[:-1] + ("0" if HEAD_ID[-1] != "0" else "1")


# Editors ask before discarding typed text; the tests close them without asking.
pytestmark = pytest.mark.usefixtures("discard_open_editors")


def counts(qtbot, session: UiSession) -> tuple[int, ...]:
    return run_job(
        qtbot,
        session.database.read,
        lambda s, a: tuple(
            s.scalar(select(func.count()).select_from(model))
            for model in (Person, Household, AuditEntry, OutboxMutation)
        ),
    )


@pytest.fixture
def family(qtbot, ui_session: UiSession) -> dict[str, str]:
    def build(s, a):
        added = add_household(
            s,
            a,
            village_code=TANQUAN,
            head=PersonInput(name="曾德胜", resident_id=HEAD_ID),
            address="坦泉村3组12号",
        )
        wife = add_member(
            s,
            a,
            added.household_id,
            PersonInput(name="李秀英", resident_id=WIFE_ID, relation="spouse", phone="13900001111"),
        )
        other = add_household(
            s, a, village_code=YANGJIA, head=PersonInput(name="王五", pending_reason="old_record")
        )
        return {
            "household": added.household_id,
            "head": added.head_person_id,
            "wife": wife.person_id,
            "other": other.household_id,
        }

    return run_job(qtbot, ui_session.database.write, build)


def new_member_editor(qtbot, session: UiSession, household_id: str) -> MemberEditor:
    editor = MemberEditor(session, household_id)
    editor.show()
    return editor


def editing(
    qtbot, session: UiSession, family: dict[str, str], loaded: Callable[[MemberEditor], bool]
) -> MemberEditor:
    """The wife's editor, shown and waited for until `loaded(editor)`."""
    editor = MemberEditor(session, family["household"], family["wife"])
    editor.show()
    qtbot.waitUntil(lambda: loaded(editor), timeout=10_000)
    return editor


def typed_member(
    qtbot, session: UiSession, household_id: str, name: str, resident_id: str, relation: str
) -> MemberEditor:
    """A new member's editor with the name, ID number and relation typed in (not saved)."""
    editor = new_member_editor(qtbot, session, household_id)
    editor.form.name.setText(name)
    editor.form.resident_id.setText(resident_id)
    set_combo_value(editor.form.relation, relation)
    return editor


def last_changes(qtbot, session: UiSession, entity_id: str) -> dict[str, Any] | None:
    """The changes of the row's newest audit entry."""
    return run_job(
        qtbot,
        session.database.read,
        lambda s, a: s.scalars(
            select(AuditEntry.changes)
            .where(AuditEntry.entity_id == entity_id)
            .order_by(AuditEntry.at.desc())
        ).first(),
    )


def save_and_wait(qtbot, editor) -> None:
    editor.save()
    qtbot.waitUntil(lambda: not editor.busy, timeout=10_000)


def error_of(form, field: str) -> str:
    cell = form.cells[field]
    return cell.error.text() if cell.error.isVisibleTo(form) else ""


def test_an_invalid_id_number_shows_the_message_beside_it_and_writes_nothing(
    qtbot, ui_session: UiSession, family: dict[str, str]
) -> None:
    before = counts(qtbot, ui_session)
    editor = typed_member(qtbot, ui_session, family["other"], "王小明", WRONG_CHECK, "son")
    # Shown while typing already (the number is complete)...
    live = error_of(editor.form, "resident_id")
    assert live
    save_and_wait(qtbot, editor)
    # ...and it is the service that refused it: nothing written, the dialog still open.
    message = error_of(editor.form, "resident_id")
    assert message == live and WRONG_CHECK not in message
    assert editor.isVisible()
    assert editor.focusWidget() is editor.form.resident_id
    assert counts(qtbot, ui_session) == before
    assert all(not error_of(editor.form, f) for f in editor.form.cells if f != "resident_id")


def test_a_service_error_names_its_field(
    qtbot, ui_session: UiSession, family: dict[str, str]
) -> None:
    editor = new_member_editor(qtbot, ui_session, family["other"])
    editor.form.name.setText("王小明")
    editor.form.no_id.setChecked(True)
    set_combo_value(editor.form.pending_reason, "old_record")
    save_and_wait(qtbot, editor)
    assert error_of(editor.form, "relation") == "请选择与户主的关系。"
    editor.form.phone.setText("12345")
    set_combo_value(editor.form.relation, "son")
    save_and_wait(qtbot, editor)
    assert error_of(editor.form, "relation") == ""
    assert "联系电话" in error_of(editor.form, "phone")


def test_a_duplicate_id_number_says_where_the_other_record_is(
    qtbot, ui_session: UiSession, family: dict[str, str]
) -> None:
    before = counts(qtbot, ui_session)
    editor = typed_member(qtbot, ui_session, family["other"], "曾德胜", HEAD_ID, "other")
    save_and_wait(qtbot, editor)
    assert "坦泉村 曾德胜户" in error_of(editor.form, "resident_id")
    assert editor.form.open_other.isVisibleTo(editor)
    with qtbot.waitSignal(ui_session.events.open_household) as blocker:
        qtbot.mouseClick(editor.form.open_other, Qt.MouseButton.LeftButton)
    assert blocker.args == [family["household"]]
    assert counts(qtbot, ui_session) == before
    assert editor.isVisible()


def test_a_rare_character_name_round_trips(
    qtbot, ui_session: UiSession, family: dict[str, str]
) -> None:
    editor = new_member_editor(qtbot, ui_session, family["household"])
    editor.form.name.setText("覃𠮷")
    assert editor.form.name.text() == "覃𠮷"
    editor.form.no_id.setChecked(True)
    set_combo_value(editor.form.pending_reason, "unregistered_baby")
    set_combo_value(editor.form.relation, "grandchild")
    with qtbot.waitSignal(editor.saved, timeout=10_000) as blocker:
        editor.save()
    person_id = blocker.args[0].person_id
    stored = run_job(qtbot, ui_session.database.read, lambda s, a: s.get(Person, person_id).name)
    assert stored == "覃𠮷"
    assert not editor.isVisible()


def test_editing_sends_only_what_changed(
    qtbot, ui_session: UiSession, family: dict[str, str]
) -> None:
    editor = editing(qtbot, ui_session, family, lambda e: e.form.name.text() == "李秀英")
    # The numbers are shown masked and are not sent back.
    assert editor.form.resident_id.text() == WIFE_ID[:4] + "*" * 10 + WIFE_ID[-4:]
    assert editor.form.phone.text() == "139****1111"
    assert not editor.form.sex.isEnabled() and editor.form.sex.currentText() == "女"
    editor.form.current_address.setText("郴州市北湖区")
    with qtbot.waitSignal(editor.saved, timeout=10_000):
        editor.save()
    changes = last_changes(qtbot, ui_session, family["wife"])
    assert changes == {"current_address": [None, "郴州市北湖区"]}


def test_a_masked_number_edited_by_hand_is_caught_before_sending(
    qtbot, ui_session: UiSession, family: dict[str, str]
) -> None:
    editor = editing(qtbot, ui_session, family, lambda e: e.form.phone.text() == "139****1111")
    editor.form.phone.setText("139****1112")
    editor.save()
    assert not editor.busy
    assert "masked" in error_of(editor.form, "phone")


def test_enter_moves_on_ctrl_s_saves_and_esc_asks_before_discarding(
    qtbot, ui_session: UiSession, family: dict[str, str], monkeypatch
) -> None:
    editor = new_member_editor(qtbot, ui_session, family["household"])
    editor.form.name.setFocus()
    qtbot.keyClick(editor.form.name, Qt.Key.Key_Return)
    assert editor.focusWidget() is editor.form.resident_id
    assert editor.isVisible()

    asked: list[str] = []

    def answer(*args: Any, **kwargs: Any) -> QMessageBox.StandardButton:
        asked.append(args[1])
        return QMessageBox.StandardButton.Cancel

    monkeypatch.setattr(QMessageBox, "question", answer)
    editor.form.name.setText("曾小明")
    qtbot.keyClick(editor, Qt.Key.Key_Escape)
    assert asked and editor.isVisible()

    editor.form.resident_id.setText(SON_ID)
    set_combo_value(editor.form.relation, "son")
    saves = [s for s in editor.findChildren(QShortcut) if s.key() == QKeySequence.StandardKey.Save]
    saves = saves or [
        s for s in editor.findChildren(QShortcut) if s.key().matches(QKeySequence("Ctrl+S"))
    ]
    assert saves
    with qtbot.waitSignal(editor.saved, timeout=10_000):
        saves[0].activated.emit()
    assert not editor.isVisible()


def test_unsaved_edits_survive_a_lock_and_save_through_the_new_threads(
    qtbot, ui_session: UiSession, family: dict[str, str]
) -> None:
    editor = editing(qtbot, ui_session, family, lambda e: e.form.name.text() == "李秀英")
    editor.form.name.setText("李秀𠮷")

    # The main window locks: drafts first, then the threads close and the key is dropped.
    ui_session.events.save_drafts.emit()
    assert editor.draft_at_lock is not None and editor.draft_at_lock["name_text"] == "李秀𠮷"
    with qtbot.waitSignal(ui_session.database.all_closed, timeout=10_000):
        ui_session.database.close()
    ui_session.database.wait_closed()
    ui_session.vault.lock()
    ui_session.vault.unlock(ADMIN, ADMIN_PASSWORD)
    ui_session.database = Database(ui_session.vault, ADMIN)

    assert editor.form.name.text() == "李秀𠮷"
    with qtbot.waitSignal(editor.saved, timeout=10_000):
        editor.save()
    name = run_job(qtbot, ui_session.database.read, lambda s, a: s.get(Person, family["wife"]).name)
    assert name == "李秀𠮷"


def test_ctrl_n_editor_registers_a_household_and_opens_it(
    qtbot, ui_session: UiSession, family: dict[str, str]
) -> None:
    editor = new_household(None, ui_session)
    form = editor.household_form
    qtbot.waitUntil(lambda: form.village.count() > 2, timeout=10_000)
    assert form.village.findData(TANQUAN) > 0 and form.village.findData(YANGJIA) > 0
    set_combo_value(form.village, YANGJIA)
    form.address.setText("洋佳村5组8号")
    form.phone.setText("0735-12345")
    head = editor.head_form
    assert head is not None and "relation" not in head.cells
    head.name.setText("覃𠮷生")
    head.resident_id.setText(WRONG_CHECK)
    save_and_wait(qtbot, editor)
    # The head is checked first, then the household: each message beside its own input.
    assert error_of(head, "resident_id")
    assert error_of(form, "phone") == "" and error_of(head, "phone") == ""
    head.resident_id.setText(SON_ID)
    save_and_wait(qtbot, editor)
    assert error_of(head, "resident_id") == ""
    assert "联系电话" in error_of(form, "phone")
    assert error_of(head, "phone") == ""
    form.phone.setText("0735-1234567")
    with qtbot.waitSignal(ui_session.events.open_household, timeout=10_000) as blocker:
        editor.save()
    household_id = blocker.args[0]
    stored = run_job(
        qtbot,
        ui_session.database.read,
        lambda s, a: (
            s.get(Household, household_id).village_code,
            s.get(Person, s.get(Household, household_id).head_person_id).name,
        ),
    )
    assert stored == (YANGJIA, "覃𠮷生")


def test_the_household_editor_changes_only_what_was_edited(
    qtbot, ui_session: UiSession, family: dict[str, str]
) -> None:
    editor = HouseholdEditor(ui_session, family["household"])
    editor.show()
    form = editor.household_form
    qtbot.waitUntil(lambda: form.address.text() == "坦泉村3组12号", timeout=10_000)
    qtbot.waitUntil(lambda: editor.save_button.isEnabled(), timeout=10_000)
    form.housing.setText("土木结构一层")
    with qtbot.waitSignal(editor.saved, timeout=10_000):
        editor.save()
    changes = last_changes(qtbot, ui_session, family["household"])
    assert changes == {"housing": [None, "土木结构一层"]}
