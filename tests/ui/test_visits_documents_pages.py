"""探访 and 文书与台账 at this step: the visit history and the notices issued, by village."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import func, select
from tests.ui import care_fixtures
from tests.ui.care_fixtures import TANQUAN, WAIT, YANGJIA, choose, in_vault, listed, reload_with

from minzheng_field.domain.schedules import category_label
from minzheng_field.services.recording import record_create
from minzheng_field.store.models import Household, Notice, Person, Visit
from minzheng_field.store.vault import Vault
from minzheng_field.ui.pages.documents_page import DocumentsPage
from minzheng_field.ui.pages.visits_page import VisitsPage

# The demo township, and the sessions of the administrator and of a cadre serving 坦泉村.
demo = care_fixtures.demo
admin_ui = care_fixtures.admin_ui
cadre_ui = care_fixtures.cadre_ui


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


def open_page(qtbot, page: Any) -> int:
    return care_fixtures.open_list_page(qtbot, page, (1100, 650))


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
