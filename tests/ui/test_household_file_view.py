"""The household file view on real database threads: what it shows, refreshes and hides."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton, QWidget
from sqlalchemy import select
from tests.ui.conftest import close_ui_session, make_ui_session
from tests.ui.vault_jobs import run_job

from caseload_builders import ILL_HEAD, rid
from minzheng_field.domain.programs import Program
from minzheng_field.domain.roles import Role
from minzheng_field.services.households import add_household, add_member, edit_household
from minzheng_field.services.persons import PersonInput
from minzheng_field.services.recording import record_create
from minzheng_field.store.models import (
    AccessEntry,
    ChildFile,
    Enrolment,
    Person,
    Task,
    UserProfile,
)
from minzheng_field.ui.dialogs.death_dialog import DeathDialog
from minzheng_field.ui.dialogs.member_editor import MemberEditor, set_combo_value
from minzheng_field.ui.pages.household_file_view import HouseholdFileView
from minzheng_field.ui.session import UiSession
from vault_constants import FAST_KDF

TANQUAN = "431023113200"
YANGJIA = "431023113201"


HEAD_ID = rid("43102319560312001")
WIFE_ID = rid("43102319600405002")
GRANDCHILD_ID = rid("43102320150620005")
BANK_ACCOUNT = "6217995550001234567"


# Editors ask before discarding typed text; the tests close them without asking.
pytestmark = pytest.mark.usefixtures("discard_open_editors")


def run_write(qtbot, session: UiSession, job) -> Any:
    """Run a job on the writer thread and return its result (errors are raised)."""
    return run_job(qtbot, session.database.write, job)


def run_read(qtbot, session: UiSession, job) -> Any:
    """Run a job on a reader thread and return its result (errors are raised)."""
    return run_job(qtbot, session.database.read, job)


def build_family(s, a) -> dict[str, str]:
    """坦泉村 曾德胜户: head (特困), wife, a grandchild with a child file, a baby; 低保."""
    added = add_household(
        s,
        a,
        village_code=TANQUAN,
        head=PersonInput(name="曾德胜", resident_id=HEAD_ID, notes="常年多病", **ILL_HEAD),
        address="坦泉村3组12号",
        phone="13807351234",
        housing="砖混两层",
        bank_name="郴州农商银行",
        bank_account=BANK_ACCOUNT,
        notes="收入来自务工",
    )
    household = added.household_id
    wife, child, baby = (
        add_member(s, a, household, PersonInput(**member))
        for member in (
            {"name": "李秀英", "resident_id": WIFE_ID, "relation": "spouse"},
            {"name": "曾小𠮷", "resident_id": GRANDCHILD_ID, "relation": "grandchild"},
            {"name": "曾宝宝", "pending_reason": "unregistered_baby", "relation": "grandchild"},
        )
    )
    enrolments = {}
    for key, program, person, covered in (
        ("dibao", Program.DIBAO, None, 4),
        ("tekun", Program.TEKUN, added.head_person_id, None),
    ):
        enrolment = Enrolment(
            household_id=household,
            person_id=person,
            program=program.value,
            status="approved",
            start_month=date(2025, 1, 1),
            monthly_amount_fen=45_000,
            covered_members=covered,
        )
        record_create(s, a, enrolment)
        enrolments[key] = enrolment.id
    record_create(
        s,
        a,
        ChildFile(
            person_id=child.person_id,
            category="left_behind",
            father_situation="away_working",
            mother_situation="away_working",
            guardian_name="李秀英",
            risk_level="low",
            entrusted_in_writing=True,
        ),
    )
    return {
        "household": household,
        "head": added.head_person_id,
        "wife": wife.person_id,
        "child": child.person_id,
        "baby": baby.person_id,
        **enrolments,
    }


@pytest.fixture
def family(qtbot, ui_session: UiSession) -> dict[str, str]:
    return run_write(qtbot, ui_session, build_family)


def open_view(qtbot, session: UiSession, household_id: str) -> HouseholdFileView:
    view = HouseholdFileView(session, household_id)
    qtbot.addWidget(view)
    with qtbot.waitSignal(view.loaded, timeout=10_000):
        view.show()
    return view


def open_on_member(
    qtbot, session: UiSession, household_id: str, person_id: str
) -> HouseholdFileView:
    """The household's file open with one member selected."""
    view = open_view(qtbot, session, household_id)
    view.select_member(person_id)
    return view


def column(view: HouseholdFileView, key: str) -> list[str]:
    model = view.members_model
    index = model.columns().index(key)
    return [model.data(model.index(row, index)) for row in range(model.rowCount())]


def test_opening_a_household_shows_members_with_masked_ids(
    qtbot, qtmodeltester, ui_session: UiSession, family: dict[str, str]
) -> None:
    view = open_view(qtbot, ui_session, family["household"])
    assert view.title() == "曾德胜's household"
    qtmodeltester.check(view.members_model)
    assert column(view, "name") == ["曾德胜", "李秀英", "曾小𠮷", "曾宝宝"]
    ids = column(view, "resident_id")
    assert all(re.fullmatch(r"4310\*{10}\d{3}[\dX]", text) for text in ids[:3])
    assert ids[3] == ""
    assert column(view, "status")[3] == "To verify: 未落户婴儿"
    texts = "\n".join(view.visible_texts())
    for secret in (HEAD_ID, WIFE_ID, GRANDCHILD_ID, "13807351234", BANK_ACCOUNT):
        assert secret not in texts
    # Staff see health, disability detail, housing and bank (masked).
    assert column(view, "health")[0] == "多病"
    assert column(view, "disability")[0] == "肢体残疾 二级"
    assert view.header_values["housing"].text() == "砖混两层"
    assert view.header_values["bank_account"].text() == "**** **** **** 4567"
    assert view.header_values["phone"].text() == "138****1234"
    # Programs, care files and history are there.
    assert view.programs_tree.topLevelItemCount() == 2
    assert view.child_tree.topLevelItem(0).text(0) == "曾小𠮷"
    assert view.history_tree.topLevelItemCount() > 0


def test_revealing_an_id_number_shows_it_and_logs_the_view(
    qtbot, ui_session: UiSession, family: dict[str, str]
) -> None:
    view = open_on_member(qtbot, ui_session, family["household"], family["head"])
    qtbot.mouseClick(view.reveal_id_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: column(view, "resident_id")[0] == HEAD_ID, timeout=10_000)
    entries = run_read(
        qtbot,
        ui_session,
        lambda s, a: s.execute(select(AccessEntry.action, AccessEntry.entity_id)).all(),
    )
    assert [tuple(entry) for entry in entries] == [("reveal_resident_id", family["head"])]


def test_editing_a_member_refreshes_the_view(
    qtbot, ui_session: UiSession, family: dict[str, str]
) -> None:
    view = open_on_member(qtbot, ui_session, family["household"], family["wife"])
    editor = view.edit_member()
    assert isinstance(editor, MemberEditor)
    editor.form.name.setText("李秀兰")
    with qtbot.waitSignal(view.loaded, timeout=10_000):
        editor.save()
    assert column(view, "name")[1] == "李秀兰"
    newest = view.history_tree.topLevelItem(0)
    assert "李秀兰" in newest.text(2)
    changed = [newest.child(i).text(c) for i in range(newest.childCount()) for c in (2, 3, 4)]
    assert changed == ["Name", "李秀英", "李秀兰"]


def test_an_operation_on_another_household_does_not_reload(
    qtbot, ui_session: UiSession, family: dict[str, str]
) -> None:
    view = open_view(qtbot, ui_session, family["household"])
    other = run_write(
        qtbot,
        ui_session,
        lambda s, a: add_household(
            s, a, village_code=YANGJIA, head=PersonInput(name="王五", pending_reason="old_record")
        ),
    )
    reloads: list[int] = []
    view.loaded.connect(lambda: reloads.append(1))
    ui_session.events.operation_did_execute.emit(other)
    change = run_write(
        qtbot,
        ui_session,
        lambda s, a: edit_household(s, a, family["household"], address="坦泉村3组14号"),
    )
    with qtbot.waitSignal(view.loaded, timeout=10_000):
        ui_session.events.operation_did_execute.emit(change)
    assert reloads == [1]
    assert view.header_values["address"].text() == "坦泉村3组14号"


def test_mark_deceased_lists_the_benefits_and_leads_to_each_enrolment(
    qtbot, ui_session: UiSession, family: dict[str, str]
) -> None:
    view = open_on_member(qtbot, ui_session, family["household"], family["head"])
    dialog = view.mark_deceased()
    assert isinstance(dialog, DeathDialog)
    dialog.reason.setText("村委会报告")
    with qtbot.waitSignal(view.loaded, timeout=10_000):
        dialog.save()
    assert dialog.result is not None
    assert {b.enrolment_id for b in dialog.result.benefits} == {family["dibao"], family["tekun"]}
    texts = dialog.benefit_texts()
    assert len(texts) == 2 and any("复核" in text for text in texts)
    assert any("停发" in text for text in texts)
    buttons = dialog.findChildren(type(dialog.save_button), "goToEnrolment")
    assert len(buttons) == 2
    order = [benefit.enrolment_id for benefit in dialog.result.benefits]
    buttons[order.index(family["tekun"])].click()
    assert view.tabs.currentWidget() is view.programs_tab
    assert view.programs_tree.currentItem().data(0, Qt.ItemDataRole.UserRole) == family["tekun"]
    # The head was head of household: the dialog offers to choose a new one.
    assert dialog.findChild(type(dialog.save_button), "changeHead") is not None
    assert column(view, "status")[0].startswith("Deceased ")
    assert not view.deceased_button.isEnabled()


def add_cadre(qtbot, ui_session: UiSession, villages: list[str]) -> None:
    ui_session.vault.add_user(
        "cadre1", "村干部", Role.VILLAGE_CADRE, "Cadre-pass-2026", kdf=FAST_KDF
    )

    def set_villages(s, a):
        profile = s.get(UserProfile, "cadre1")
        profile.villages = villages

    run_write(qtbot, ui_session, set_villages)


def test_a_cadre_sees_no_hidden_field(qtbot, ui_session: UiSession, family: dict[str, str]) -> None:
    add_cadre(qtbot, ui_session, [TANQUAN])
    cadre = make_ui_session(ui_session.vault, "cadre1")
    try:
        view = open_view(qtbot, cadre, family["household"])
        assert column(view, "name")[0] == "曾德胜"
        headers = view.members_model.headers()
        assert "Health" not in headers and "Disability" not in headers
        assert column(view, "has_disability")[0] == "Yes"
        assert set(view.header_values) == {"village", "address", "phone", "size", "certificate"}
        texts = "\n".join(view.visible_texts())
        for hidden in (
            "砖混两层",
            "郴州农商银行",
            "4567",
            "收入来自务工",
            "常年多病",
            "多病",
            "肢体",
            "二级",
            "Housing",
            "Bank",
            "Health",
        ):
            assert hidden not in texts, hidden
        editor = view.edit_member(family["head"])
        assert editor is not None
        for field in ("health", "disability_category", "disability_grade", "notes"):
            assert field not in editor.form.cells
        editor.discard()
    finally:
        close_ui_session(qtbot, cadre)


def test_a_cadre_of_another_village_gets_a_sentence_not_a_file(
    qtbot, ui_session: UiSession, family: dict[str, str]
) -> None:
    add_cadre(qtbot, ui_session, [YANGJIA])
    cadre = make_ui_session(ui_session.vault, "cadre1")
    try:
        view = open_view(qtbot, cadre, family["household"])
        assert view.household_file is None
        assert view.pages.currentWidget() is view.placeholder
        assert "不在您负责的村" in view.placeholder.text()
    finally:
        close_ui_session(qtbot, cadre)


def test_child_and_elder_files_open_by_signal(
    qtbot, ui_session: UiSession, family: dict[str, str]
) -> None:
    view = open_view(qtbot, ui_session, family["household"])
    view.tabs.setCurrentWidget(view.care_tab)
    assert view.open_child_button.isEnabled()
    assert not view.open_elder_button.isEnabled()
    with qtbot.waitSignal(view.open_child_file) as blocker:
        qtbot.mouseClick(view.open_child_button, Qt.MouseButton.LeftButton)
    assert blocker.args == [family["child"]]


def test_closing_the_tab_keeps_an_open_editor_and_drops_pending_reads(
    qtbot, ui_session: UiSession, family: dict[str, str]
) -> None:
    window = QWidget()
    qtbot.addWidget(window)
    view = HouseholdFileView(ui_session, family["household"], window)
    with qtbot.waitSignal(view.loaded, timeout=10_000):
        window.show()
    editor = view.edit_member(family["wife"])
    assert editor is not None and editor.parent() is window
    editor.form.name.setText("李秀𠮷")
    view.reload()
    view.deleteLater()
    qtbot.waitUntil(lambda: window.findChild(HouseholdFileView) is None, timeout=10_000)
    # Both readers have run everything queued before: the dropped load called nobody.
    done: list[int] = []
    for reader in (0, 1):
        ui_session.database.read(lambda s, a: None, done.append, done.append, reader=reader)
    qtbot.waitUntil(lambda: len(done) == 2, timeout=10_000)
    assert editor.isVisible() and editor.form.name.text() == "李秀𠮷"


def test_moving_removing_and_changing_the_head(
    qtbot, ui_session: UiSession, family: dict[str, str]
) -> None:
    other = run_write(
        qtbot,
        ui_session,
        lambda s, a: add_household(
            s, a, village_code=YANGJIA, head=PersonInput(name="王五", pending_reason="old_record")
        ),
    )
    view = open_view(qtbot, ui_session, family["household"])

    move = view.move_member(family["baby"])
    assert move is not None
    move.search.setText("王五")
    qtbot.waitUntil(lambda: move.results.count() == 1, timeout=10_000)
    move.results.setCurrentRow(0)
    set_combo_value(move.relation, "grandchild")
    with qtbot.waitSignal(view.loaded, timeout=10_000):
        move.save()
    assert "曾宝宝" not in column(view, "name")

    remove = view.remove_member(family["child"])
    assert remove is not None
    remove.save()
    qtbot.waitUntil(lambda: not remove.busy, timeout=10_000)
    assert remove.form.cells["reason"].error.text().startswith("请填写删除原因")
    remove.reason.setText("重复录入")
    with qtbot.waitSignal(view.loaded, timeout=10_000):
        remove.save()
    assert column(view, "name") == ["曾德胜", "李秀英"]

    change = view.change_head(family["wife"])
    assert change is not None
    set_combo_value(change.old_relation, "spouse")
    with qtbot.waitSignal(view.loaded, timeout=10_000):
        change.save()
    assert view.title() == "李秀英's household"
    assert column(view, "name") == ["李秀英", "曾德胜"]
    assert column(view, "relation") == ["本人", "配偶"]
    moved = run_read(qtbot, ui_session, lambda s, a: s.get(Person, family["baby"]).household_id)
    assert moved == other.household_id


def test_a_visit_is_begun_from_the_household_and_reopened_from_its_list(
    qtbot, ui_session: UiSession, family: dict[str, str]
) -> None:
    view = open_view(qtbot, ui_session, family["household"])
    actions = {action.text(): action for action in view.new_visit_menu.actions()}
    # The 低保 household is surveyed under its head; the child visited for its file.
    assert set(actions) == {"曾德胜（低保家庭）", "曾小𠮷（留守儿童）"}
    assert view.new_visit_button.isEnabled()

    actions["曾小𠮷（留守儿童）"].trigger()
    dialog = view.visit_dialog
    with qtbot.waitSignal(dialog.entry_loaded, timeout=10_000) as begun:
        pass
    entry = begun.args[0]
    assert (entry.person_id, entry.category, entry.status) == (
        family["child"],
        "left_behind",
        "draft",
    )
    dialog.close()

    with qtbot.waitSignal(view.loaded, timeout=10_000):
        view.reload()
    rows = [view.visits_tree.topLevelItem(i) for i in range(view.visits_tree.topLevelItemCount())]
    drafts = [item for item in rows if item.data(0, Qt.ItemDataRole.UserRole) == entry.visit_id]
    assert len(drafts) == 1 and drafts[0].text(1) == "曾小𠮷"
    assert drafts[0].text(2) == "留守儿童"
    view.visits_tree.itemActivated.emit(drafts[0], 0)
    with qtbot.waitSignal(view.visit_dialog.entry_loaded, timeout=10_000) as reopened:
        pass
    assert reopened.args[0].visit_id == entry.visit_id
    view.visit_dialog.close()


def test_a_task_a_visit_raised_is_named_in_words(
    qtbot, ui_session: UiSession, family: dict[str, str]
) -> None:
    def raise_task(s, a) -> None:
        record_create(
            s,
            a,
            Task(
                kind="mandatory_report",
                title="记录强制报告：曾小𠮷",
                person_id=family["child"],
                household_id=family["household"],
                due_on=date(2026, 11, 28),
                status="open",
            ),
        )

    run_write(qtbot, ui_session, raise_task)
    view = open_view(qtbot, ui_session, family["household"])
    tree = view.tasks_tree
    kinds = [tree.topLevelItem(i).text(2) for i in range(tree.topLevelItemCount())]
    assert "强制报告" in kinds

    # An open task opens the dialog that records it; once recorded the file shows it done.
    row = tree.topLevelItem(kinds.index("强制报告"))
    tree.itemActivated.emit(row, 0)
    qtbot.waitUntil(lambda: getattr(view, "task_dialog", None) is not None, timeout=10_000)
    dialog = view.task_dialog
    qtbot.waitUntil(lambda: dialog.detail is not None, timeout=10_000)
    dialog.reporter.setText("张主任")
    dialog.recipient_boxes["police"].setChecked(True)
    dialog.report_method.setCurrentIndex(dialog.report_method.findData("phone"))
    qtbot.mouseClick(dialog.findChild(QPushButton, "reportedNow"), Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(view.loaded, timeout=10_000):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    row = tree.topLevelItem(0)
    assert (row.text(2), row.text(4)) == ("强制报告", "Done")
    assert row.text(6).startswith("报告人：张主任；报告对象：公安机关（110）")
