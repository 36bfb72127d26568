"""探访 and 文书与台账 at this step: the visit history and the notices issued, by village."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date
from typing import Any

import pytest
from sqlalchemy import func, select
from tests.ui.conftest import close_ui_session, make_ui_session

from minzheng_field.domain.roles import Role
from minzheng_field.services.context import actor_for
from minzheng_field.services.demo import generate_demo_township
from minzheng_field.services.recording import record_create
from minzheng_field.store.models import Household, Notice, Person, UserProfile, Visit
from minzheng_field.store.session import session_scope
from minzheng_field.store.vault import Vault
from minzheng_field.ui.pages.documents_page import DocumentsPage
from minzheng_field.ui.pages.visit_plan_views import category_label
from minzheng_field.ui.pages.visits_page import VisitsPage
from minzheng_field.ui.session import UiSession
from vault_constants import FAST_KDF

TANQUAN = "431023113200"
YANGJIA = "431023113201"
WAIT = 10_000


def in_vault(vault: Vault, work: Callable[[Any, Any], Any], username: str = "admin") -> Any:
    """Run `work(session, actor)` in one transaction on the test's thread."""
    engine = vault.open_engine()
    try:
        with session_scope(engine) as session:
            return work(session, actor_for(session, username))
    finally:
        vault.close_engine(engine)


def count_visits(vault: Vault, *criteria: Any) -> int:
    return in_vault(
        vault,
        lambda s, a: s.scalar(
            select(func.count())
            .select_from(Visit)
            .join(Household, Household.id == Visit.household_id)
            .where(Visit.deleted.is_(False), *criteria)
        ),
    )


@pytest.fixture
def demo(vault: Vault) -> Vault:
    generate_demo_township(vault, persons=300, seed=1)
    return vault


@pytest.fixture
def admin_ui(qtbot, demo: Vault) -> Iterator[UiSession]:
    session = make_ui_session(demo)
    yield session
    close_ui_session(qtbot, session)


@pytest.fixture
def cadre_ui(qtbot, demo: Vault) -> Iterator[UiSession]:
    demo.add_user("cadre1", "村干部", Role.VILLAGE_CADRE, "Cadre-pass-2026", kdf=FAST_KDF)

    def serve_tanquan(session: Any, _actor: Any) -> None:
        session.get(UserProfile, "cadre1").villages = [TANQUAN]

    in_vault(demo, serve_tanquan)
    session = make_ui_session(demo, "cadre1")
    yield session
    close_ui_session(qtbot, session)


def open_page(qtbot, page: Any) -> int:
    qtbot.addWidget(page)
    page.resize(1100, 650)
    page.show()
    with qtbot.waitSignal(page.list_loaded, timeout=WAIT) as blocker:
        page.activated()
    qtbot.waitUntil(lambda: page.village_filter.count() > 1, timeout=WAIT)
    return blocker.args[0]


def listed(qtbot, page: Any) -> list[Any]:
    page.model.ensure_loaded(0, page.model.rowCount() - 1)
    qtbot.waitUntil(lambda: page.model.loaded_count() >= page.model.rowCount(), timeout=WAIT)
    return [page.model.item(row) for row in range(page.model.rowCount())]


def reload_with(qtbot, page: Any, action: Callable[[], Any]) -> int:
    with qtbot.waitSignal(page.list_loaded, timeout=WAIT) as blocker:
        action()
    return blocker.args[0]


def choose(combo: Any, value: Any) -> None:
    combo.setCurrentIndex(combo.findData(value))


def issue_notices(vault: Vault) -> dict[str, str]:
    """An approval in 坦泉村 (served) and a refusal in 洋佳村 (not yet served)."""

    def issue(session: Any, admin: Any) -> dict[str, str]:
        ids = {}
        for village, kind, number, issued, served in (
            (TANQUAN, "approval", "永民〔2026〕31号", date(2026, 10, 9), date(2026, 10, 12)),
            (YANGJIA, "refusal", "永民〔2026〕35号", date(2026, 11, 20), None),
        ):
            household_id = session.scalar(
                select(Household.id)
                .where(Household.village_code == village, Household.head_person_id.is_not(None))
                .order_by(Household.id)
                .limit(1)
            )
            notice = Notice(
                household_id=household_id,
                kind=kind,
                number=number,
                issued_on=issued,
                served_on=served,
                content={"reasons": "家庭人均收入高于当地低保标准"},
            )
            record_create(session, admin, notice)
            ids[village] = household_id
        return ids

    return in_vault(vault, issue)


def test_the_visits_page_lists_the_visit_history(qtbot, qtmodeltester, demo, admin_ui) -> None:
    page = VisitsPage(admin_ui)
    count = open_page(qtbot, page)
    assert page.title() == "Visits"
    assert count == count_visits(demo) > 100
    rows = listed(qtbot, page)
    days = [row.visited_on for row in rows]
    assert days == sorted(days, reverse=True)
    assert page.model.data(page.model.index(0, 0)) == days[0].isoformat()
    assert {page.model.data(page.model.index(r, 3)) for r in range(20)} <= {
        "Home visit",
        "Phone",
        "Video",
    }
    names = dict(in_vault(demo, lambda s, a: s.execute(select(Person.id, Person.name)).all()))
    assert all(row.person_name == names[row.person_id] for row in rows[:50])
    qtmodeltester.check(page.model)


def test_visits_filtered_by_village_and_month(qtbot, demo, admin_ui) -> None:
    page = VisitsPage(admin_ui)
    everyone = open_page(qtbot, page)
    months = [page.month_filter.itemData(i) for i in range(1, page.month_filter.count())]
    assert months and months == sorted(months, reverse=True)
    assert page.month_filter.itemText(1) == "2026-11"
    october = date(2026, 10, 1)
    count = reload_with(qtbot, page, lambda: choose(page.month_filter, october.isoformat()))
    in_october = count_visits(
        demo, Visit.visited_on >= october, Visit.visited_on < date(2026, 11, 1)
    )
    assert count == in_october < everyone
    assert all(row.visited_on.month == 10 for row in listed(qtbot, page))
    count = reload_with(qtbot, page, lambda: choose(page.village_filter, TANQUAN))
    assert count == count_visits(
        demo,
        Household.village_code == TANQUAN,
        Visit.visited_on >= october,
        Visit.visited_on < date(2026, 11, 1),
    )
    assert {row.village_code for row in listed(qtbot, page)} == {TANQUAN}


def test_a_cadre_sees_the_visits_of_their_villages_only(qtbot, demo, cadre_ui) -> None:
    page = VisitsPage(cadre_ui)
    count = open_page(qtbot, page)
    assert count == count_visits(demo, Household.village_code == TANQUAN) < count_visits(demo)
    assert {row.village_code for row in listed(qtbot, page)} == {TANQUAN}


def test_a_visit_opens_itself_and_its_household_on_request(qtbot, demo, admin_ui) -> None:
    page = VisitsPage(admin_ui)
    open_page(qtbot, page)
    first = listed(qtbot, page)[0]
    page.table.activated.emit(page.model.index(0, 0))
    with qtbot.waitSignal(page.visit_dialog.entry_loaded, timeout=WAIT) as opened:
        pass
    assert opened.args[0].visit_id == first.id
    page.visit_dialog.close()
    page.table.setCurrentIndex(page.model.index(0, 0))
    with qtbot.waitSignal(admin_ui.events.open_household, timeout=WAIT) as blocker:
        page.open_household_button.click()
    assert blocker.args == [first.household_id]


def test_the_history_names_what_each_visit_was_for_as_the_plan_does() -> None:
    assert category_label("elder") == "特殊困难老年人"
    assert category_label("tekun") == "特困人员（分散供养）"
    assert category_label("left_behind") == "留守儿童"
    assert category_label("temporary_assistance") == "临时救助"


def test_the_documents_page_says_when_nothing_was_issued(qtbot, demo, admin_ui) -> None:
    page = DocumentsPage(admin_ui)
    assert open_page(qtbot, page) == 0
    assert page.title() == "Documents and ledgers"
    assert page.stack.currentWidget() is page.empty


def test_the_documents_page_lists_the_notices_issued(qtbot, qtmodeltester, demo, admin_ui) -> None:
    households = issue_notices(demo)
    page = DocumentsPage(admin_ui)
    assert open_page(qtbot, page) == 2
    assert page.stack.currentWidget() is page.table
    rows = listed(qtbot, page)
    assert [row.number for row in rows] == ["永民〔2026〕35号", "永民〔2026〕31号"]
    texts = [
        [page.model.data(page.model.index(r, c)) for c in range(page.model.columnCount())]
        for r in range(2)
    ]
    assert texts[0][1] == "Refusal notice" and texts[0][6] == "Not yet served"
    assert texts[1][1] == "Approval notice" and texts[1][5:] == ["2026-10-09", "2026-10-12"]
    assert rows[1].head_name and texts[1][2] == rows[1].head_name
    assert not any("收入" in text for row in texts for text in row)
    qtmodeltester.check(page.model)
    assert reload_with(qtbot, page, lambda: choose(page.village_filter, TANQUAN)) == 1
    with qtbot.waitSignal(admin_ui.events.open_household, timeout=WAIT) as blocker:
        listed(qtbot, page)
        page.table.activated.emit(page.model.index(0, 0))
    assert blocker.args == [households[TANQUAN]]


def test_a_cadre_sees_the_notices_of_their_villages_only(qtbot, demo, cadre_ui) -> None:
    issue_notices(demo)
    page = DocumentsPage(cadre_ui)
    assert open_page(qtbot, page) == 1
    assert [row.village_code for row in listed(qtbot, page)] == [TANQUAN]


def test_a_recorded_notice_appears_without_reopening_the_page(qtbot, demo, admin_ui) -> None:
    page = DocumentsPage(admin_ui)
    assert open_page(qtbot, page) == 0

    def issue(session: Any, actor: Any) -> str:
        household_id = session.scalar(select(Household.id).limit(1))
        notice = Notice(household_id=household_id, kind="approval", number="永民〔2026〕40号")
        record_create(session, actor, notice)
        return notice.id

    with qtbot.waitSignal(page.list_loaded, timeout=WAIT) as blocker:
        admin_ui.database.write(
            issue, admin_ui.events.operation_did_execute.emit, lambda error: None
        )
    assert blocker.args == [1]
