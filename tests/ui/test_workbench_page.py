"""The workbench page shows the counts of the data, opens their lists, and backs up."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog
from tests.ui.conftest import close_ui_session, make_ui_session
from tests.ui.page_fixtures import shown_workbench
from tests.ui.vault_jobs import in_vault

from minzheng_field.domain.programs import EnrolmentStatus, Program
from minzheng_field.domain.roles import Role
from minzheng_field.services.care_files import ChildCategory
from minzheng_field.services.demo import generate_demo_township
from minzheng_field.services.recording import record_create
from minzheng_field.services.workbench import ItemKey, WorkbenchSummary, workbench_summary
from minzheng_field.store.backup import read_backup_info
from minzheng_field.store.models import (
    ChildFile,
    Enrolment,
    Household,
    Person,
    Task,
    UserProfile,
)
from minzheng_field.store.queries.person_search import RiskFlag, china_today
from minzheng_field.store.vault import Vault
from minzheng_field.ui.dialogs.backup_dialog import BackupDialog
from minzheng_field.ui.models.task_table_model import OVERDUE_COLOUR, TaskColumn
from minzheng_field.ui.pages import workbench_page
from minzheng_field.ui.pages.caseload_page import PersonListRequest
from minzheng_field.ui.pages.workbench_page import WorkbenchPage
from minzheng_field.ui.session import UiSession
from vault_constants import FAST_KDF
from visit_builders import elder_visited

TANQUAN = "431023113200"
YANGJIA = "431023113201"


# The shared conftest's QSettings isolation does not hold (Qt caches the first test's settings
# path), so these tests start and end with no stored preferences.
pytestmark = pytest.mark.usefixtures("fresh_preferences")


def crafted_cases(session: Any, admin: Any) -> dict[str, str]:
    """A deceased person with an active 低保, a 留守 child who turned 16, a 待核实 person."""
    today = china_today()
    dibao = Household(village_code=TANQUAN)
    record_create(session, admin, dibao)
    died = Person(name="测已故", household_id=dibao.id, deceased_on=today - timedelta(days=40))
    record_create(session, admin, died)
    record_create(
        session,
        admin,
        Enrolment(
            household_id=dibao.id,
            program=Program.DIBAO.value,
            status=EnrolmentStatus.APPROVED.value,
        ),
    )
    children = Household(village_code=YANGJIA)
    record_create(session, admin, children)
    child = Person(
        name="测满十六",
        household_id=children.id,
        birth_date=date(today.year - 16, 1, 1) - timedelta(days=1),
    )
    record_create(session, admin, child)
    record_create(
        session,
        admin,
        ChildFile(person_id=child.id, category=ChildCategory.LEFT_BEHIND.value, risk_level="low"),
    )
    pending = Person(name="测待核实", household_id=children.id, pending_verification=True)
    record_create(session, admin, pending)
    return {"died": died.id, "child": child.id, "pending": pending.id}


def expected(vault: Vault, username: str = "admin") -> WorkbenchSummary:
    return in_vault(vault, lambda s, actor: workbench_summary(s, actor, china_today()), username)


@pytest.fixture
def demo_vault(vault: Vault) -> Vault:
    generate_demo_township(vault, persons=300, seed=1)
    return vault


def test_the_tiles_show_the_counts_of_the_data(
    qtbot: Any, demo_vault: Vault, ui_session: UiSession
) -> None:
    cases = in_vault(demo_vault, crafted_cases)
    page = shown_workbench(qtbot, ui_session)
    summary = expected(demo_vault)
    assert page.summary == summary
    for item in summary.items:
        if item.key != ItemKey.BACKUP:
            assert page.tile(item.key).count_label.text() == str(item.count)
    assert cases["died"] in summary.item(ItemKey.DECEASED_WITH_BENEFIT).person_ids
    assert cases["child"] in summary.item(ItemKey.LEFT_BEHIND_OVER_AGE).person_ids
    assert cases["pending"] in summary.item(ItemKey.PENDING_VERIFICATION).person_ids
    # Every write made this session lies in the outbox.
    assert summary.item(ItemKey.UNSYNCED_CHANGES).count >= 7
    assert page.tile(ItemKey.DECEASED_WITH_BENEFIT).isEnabled()
    assert page.tile(ItemKey.BACKUP).count_label.text() == page.tr("Never")


def test_clicking_a_tile_asks_for_its_list_of_persons(
    qtbot: Any, vault: Vault, ui_session: UiSession
) -> None:
    cases = in_vault(vault, crafted_cases)
    page = shown_workbench(qtbot, ui_session)

    tile = page.tile(ItemKey.LEFT_BEHIND_OVER_AGE)
    with qtbot.waitSignal(ui_session.events.show_person_list) as blocker:
        qtbot.mouseClick(tile, Qt.MouseButton.LeftButton)
    (request,) = blocker.args
    assert isinstance(request, PersonListRequest)
    assert request.person_ids == (cases["child"],)
    assert request.title == tile.title_label.text()

    with qtbot.waitSignal(ui_session.events.show_person_list) as blocker:
        page.tile(ItemKey.PENDING_VERIFICATION).setFocus()
        qtbot.keyClick(page.tile(ItemKey.PENDING_VERIFICATION), Qt.Key.Key_Space)
    (request,) = blocker.args
    assert request.person_ids == (cases["pending"],)
    assert request.query.flags == frozenset({RiskFlag.PENDING_VERIFICATION})

    with qtbot.waitSignal(ui_session.events.show_person_list) as blocker:
        qtbot.keyClick(page.tile(ItemKey.DECEASED_WITH_BENEFIT), Qt.Key.Key_Return)
    assert blocker.args[0].person_ids == (cases["died"],)
    assert blocker.args[0].query.flags == frozenset({RiskFlag.DECEASED_WITH_BENEFIT})


def test_an_empty_count_opens_nothing(qtbot: Any, ui_session: UiSession) -> None:
    page = shown_workbench(qtbot, ui_session)
    tile = page.tile(ItemKey.REVIEWS_DUE)
    assert tile.count_label.text() == "0"
    assert not tile.isEnabled()


def test_the_workbench_counts_again_after_an_operation(
    qtbot: Any, vault: Vault, ui_session: UiSession
) -> None:
    page = shown_workbench(qtbot, ui_session)
    assert page.tile(ItemKey.PENDING_VERIFICATION).count_label.text() == "0"
    in_vault(vault, crafted_cases)
    with qtbot.waitSignal(page.summary_loaded, timeout=10_000):
        ui_session.events.operation_did_execute.emit(object())
    assert page.tile(ItemKey.PENDING_VERIFICATION).count_label.text() == "1"


@pytest.fixture
def cadre_session(qtbot: Any, vault: Vault) -> Iterator[UiSession]:
    vault.add_user("cadre1", "村干部", Role.VILLAGE_CADRE, "Cadre-pass-2026", kdf=FAST_KDF)

    def set_villages(session: Any, _actor: Any) -> None:
        session.get(UserProfile, "cadre1").villages = [TANQUAN]

    in_vault(vault, set_villages)
    session = make_ui_session(vault, "cadre1")
    yield session
    close_ui_session(qtbot, session)


def test_a_cadre_sees_the_counts_of_their_villages(
    qtbot: Any, vault: Vault, cadre_session: UiSession
) -> None:
    cases = in_vault(vault, crafted_cases)
    page = shown_workbench(qtbot, cadre_session)
    assert page.summary == expected(vault, "cadre1")
    # The deceased 低保 member lives in 坦泉村; the child and the 待核实 person in 洋佳村.
    assert page.summary.item(ItemKey.DECEASED_WITH_BENEFIT).person_ids == (cases["died"],)
    assert page.tile(ItemKey.LEFT_BEHIND_OVER_AGE).count_label.text() == "0"
    assert page.tile(ItemKey.PENDING_VERIFICATION).count_label.text() == "0"


def test_the_backup_tile_backs_up_to_the_chosen_file_and_the_reminder_clears(
    qtbot: Any, ui_session: UiSession, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "usb" / "樟树镇备份"
    target.parent.mkdir()
    offered: list[str] = []

    def choose(_parent: Any, _caption: str, suggested: str, _filter: str) -> tuple[str, str]:
        offered.append(suggested)
        return str(target), ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(choose))
    page = shown_workbench(qtbot, ui_session)
    assert page.summary is not None
    assert page.summary.item(ItemKey.BACKUP).count == 1

    qtbot.mouseClick(page.tile(ItemKey.BACKUP), Qt.MouseButton.LeftButton)
    dialog = page._backup_dialog
    assert isinstance(dialog, BackupDialog)
    qtbot.waitUntil(
        lambda: dialog.last_label.text() == dialog.tr("This database has never been backed up.")
    )
    with (
        qtbot.waitSignal(dialog.backup_written, timeout=20_000) as written,
        qtbot.waitSignal(page.summary_loaded, timeout=20_000),
    ):
        qtbot.mouseClick(dialog.backup_button, Qt.MouseButton.LeftButton)
        assert dialog.busy
    # The English source of 樟树镇备份-<date>.mzbak (no translator is installed here).
    assert Path(offered[0]).name == f"樟树镇 backup {china_today().isoformat()}.mzbak"
    written_file = target.with_name(target.name + ".mzbak")
    assert written_file.exists()
    info = read_backup_info(written_file)
    assert info == written.args[0]
    assert info.vault_id == ui_session.vault.vault_id
    assert str(written_file) in dialog.status_label.text()
    assert page.summary.item(ItemKey.BACKUP).count == 0
    assert page.tile(ItemKey.BACKUP).count_label.text() == page.tr("Today")
    dialog.reject()


def test_the_open_tasks_are_listed_most_urgent_first_with_how_late_they_are(
    qtbot: Any, qtmodeltester: Any, demo_vault: Vault, ui_session: UiSession
) -> None:
    page = shown_workbench(qtbot, ui_session)
    summary = expected(demo_vault)
    tasks = summary.tasks
    assert tasks and page.summary is not None and page.summary.tasks == tasks
    model = page.task_model
    qtmodeltester.check(model)
    assert model.rowCount() == len(tasks) == summary.item(ItemKey.OPEN_TASKS).count
    today = summary.today
    dues = [task.due_on for task in tasks if task.due_on is not None]
    assert dues == sorted(dues)
    for row, task in enumerate(tasks):
        assert model.index(row, TaskColumn.TITLE).data() == task.title
        shown = model.index(row, TaskColumn.WHEN).data()
        colour = model.index(row, TaskColumn.WHEN).data(Qt.ItemDataRole.ForegroundRole)
        if task.due_on is not None and task.due_on < today:
            assert shown == model.tr("{n} days overdue").format(n=(today - task.due_on).days)
            assert colour == OVERDUE_COLOUR
        elif task.due_on == today:
            assert shown == model.tr("Due today")
        else:
            assert colour is None
    overdue = summary.item(ItemKey.OPEN_TASKS).overdue
    assert overdue and page.tile(ItemKey.OPEN_TASKS).detail_label.text() == page.tr(
        "{n} tasks overdue"
    ).format(n=overdue)


def test_a_cadre_lists_only_the_tasks_of_their_villages(
    qtbot: Any, vault: Vault, cadre_session: UiSession
) -> None:
    def tasks(session: Any, admin: Any) -> None:
        for village, name in ((TANQUAN, "坦泉人"), (YANGJIA, "洋佳人")):
            household = Household(village_code=village)
            record_create(session, admin, household)
            person = Person(name=name, household_id=household.id)
            record_create(session, admin, person)
            record_create(
                session,
                admin,
                Task(
                    kind="follow_up",
                    title=f"跟进：{name}",
                    person_id=person.id,
                    household_id=household.id,
                    due_on=china_today() + timedelta(days=2),
                    status="open",
                ),
            )

    in_vault(vault, tasks)
    page = shown_workbench(qtbot, cadre_session)
    assert page.task_model.rowCount() == 1
    assert page.task_model.index(0, TaskColumn.PERSON).data() == "坦泉人"
    assert page.task_model.index(0, TaskColumn.WHEN).data() == page.task_model.tr(
        "Due in {n} days"
    ).format(n=2)
    assert page.tile(ItemKey.OPEN_TASKS).count_label.text() == "1"


VISIT_KEYS = (ItemKey.VISITS_DUE, ItemKey.NOT_CONTACTED_THIS_MONTH)


@pytest.fixture
def held_visits(monkeypatch: pytest.MonkeyPatch) -> Iterator[threading.Event]:
    """The visit tiles' read waits on its reader thread until the event is set."""
    released = threading.Event()
    real = workbench_page.visit_items

    def held(*args: Any) -> Any:
        assert released.wait(timeout=30), "the test never released the visit count"
        return real(*args)

    monkeypatch.setattr(workbench_page, "visit_items", held)
    yield released
    released.set()


def test_the_cheap_tiles_show_before_the_visit_tiles_which_fill_in_after(
    qtbot: Any, demo_vault: Vault, ui_session: UiSession, held_visits: threading.Event
) -> None:
    full = expected(demo_vault)
    assert all(full.item(key).count for key in VISIT_KEYS)
    page = WorkbenchPage(ui_session)
    qtbot.addWidget(page)
    page.resize(1000, 700)
    page.show()
    loaded: list[object] = []
    page.summary_loaded.connect(loaded.append)
    with qtbot.waitSignal(page.counts_shown, timeout=10_000):
        page.activated()
    # Every other tile is counted and opens its list; the visit tiles wait, neutral.
    assert page.shown is not None and page.shown.pending
    assert page.summary is None and not loaded
    for item in full.items:
        tile = page.tile(item.key)
        if item.key in VISIT_KEYS:
            assert tile.count_label.text() == page.tr("Calculating…")
            assert not tile.isEnabled()
            assert tile.property("severity") == "pending"
        elif item.key != ItemKey.BACKUP:
            assert tile.count_label.text() == str(item.count)
    with qtbot.waitSignal(ui_session.events.show_person_list):
        qtbot.mouseClick(page.tile(ItemKey.PENDING_VERIFICATION), Qt.MouseButton.LeftButton)

    with qtbot.waitSignal(page.summary_loaded, timeout=10_000):
        held_visits.set()
    assert page.summary == full == page.shown
    for key in VISIT_KEYS:
        assert page.tile(key).count_label.text() == str(full.item(key).count)
        assert page.tile(key).isEnabled()

    # After a change the visit tiles keep their counts (no flicker) until the new ones come.
    held_visits.clear()
    with qtbot.waitSignal(page.counts_shown, timeout=10_000):
        ui_session.events.operation_did_execute.emit(object())
    assert len(loaded) == 1
    for key in VISIT_KEYS:
        assert page.tile(key).count_label.text() == str(full.item(key).count)
    with qtbot.waitSignal(page.summary_loaded, timeout=10_000):
        held_visits.set()
    assert page.summary == full


def test_a_newer_visit_count_replaces_the_older_one(
    qtbot: Any, vault: Vault, ui_session: UiSession, held_visits: threading.Event
) -> None:
    page = WorkbenchPage(ui_session)
    qtbot.addWidget(page)
    page.show()
    with qtbot.waitSignal(page.counts_shown, timeout=10_000):
        page.activated()
    # A change while the (held) visit count runs: the held count's result is out of date.
    person = in_vault(vault, overdue_elder)
    page.refresh()
    with qtbot.waitSignal(page.summary_loaded, timeout=10_000):
        held_visits.set()
    assert page.summary is not None
    assert page.summary.item(ItemKey.VISITS_DUE).person_ids == (person,)
    assert page.tile(ItemKey.VISITS_DUE).count_label.text() == "1"


def overdue_elder(session: Any, admin: Any) -> str:
    """An elder living alone (visited monthly), last visited 60 days ago: overdue today."""
    return elder_visited(session, admin, "测独居", TANQUAN, china_today() - timedelta(days=60))


def test_two_refreshes_asked_at_once_count_the_visits_once(
    qtbot: Any, ui_session: UiSession, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[object] = []
    real = workbench_page.visit_items

    def counted(*args: Any) -> Any:
        calls.append(args)
        return real(*args)

    monkeypatch.setattr(workbench_page, "visit_items", counted)
    page = WorkbenchPage(ui_session)
    qtbot.addWidget(page)
    page.show()
    # The window activates its first page twice on opening: both before any count returns.
    with qtbot.waitSignal(page.summary_loaded, timeout=10_000):
        page.activated()
        page.activated()
    assert len(calls) == 1
    with qtbot.waitSignal(page.summary_loaded, timeout=10_000):
        page.refresh()
    assert len(calls) == 2
