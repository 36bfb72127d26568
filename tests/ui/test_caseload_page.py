"""The caseload browser: instant search, filters, lists, opening households, revealing IDs."""

from __future__ import annotations

import sys
import types
from typing import Any

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QWidget
from sqlalchemy import select
from tests.ui import care_fixtures
from tests.ui.care_fixtures import TANQUAN, in_vault

from minzheng_field.domain.age import AgeBand
from minzheng_field.domain.programs import Program
from minzheng_field.services.recording import record_create
from minzheng_field.services.search import search
from minzheng_field.store.models import AccessEntry, Household, Person
from minzheng_field.store.queries.person_search import PersonQuery, PersonSort
from minzheng_field.store.vault import Vault
from minzheng_field.ui import preferences
from minzheng_field.ui.models.person_table_model import PERSON_ID_ROLE, Column
from minzheng_field.ui.pages.caseload_page import (
    HEADER_STATE_KEY,
    HOUSEHOLD_VIEW_MODULE,
    CaseloadPage,
    PersonListRequest,
)
from minzheng_field.ui.session import UiSession

# The demo township and the session of a cadre serving 坦泉村 (`ui_session` is the admin's).
demo = care_fixtures.demo
cadre_ui = care_fixtures.cadre_ui
RESIDENT_ID = "431023195803120041"


def add_zeng_desheng(session: Any, admin: Any) -> dict[str, str]:
    household = Household(village_code=TANQUAN)
    record_create(session, admin, household)
    person = Person(
        name="曾德胜", household_id=household.id, relation="self", resident_id=RESIDENT_ID
    )
    record_create(session, admin, person)
    other = Person(name="曾小兵", household_id=household.id, relation="son")
    record_create(session, admin, other)
    return {"person": person.id, "household": household.id, "other": other.id}


@pytest.fixture(autouse=True)
def _no_saved_layout() -> None:
    # preferences.settings() is native-format QSettings, which the conftest's (ini-format)
    # isolation does not redirect: start every test without a saved column layout.
    preferences.settings().remove(HEADER_STATE_KEY)


def shown_page(qtbot, session: UiSession) -> CaseloadPage:
    page = CaseloadPage(session)
    qtbot.addWidget(page)
    page.resize(1200, 700)
    page.show()
    qtbot.waitExposed(page)
    with qtbot.waitSignal(page.model.result_ready, timeout=10_000):
        page.activated()
    qtbot.waitUntil(lambda: page.filters.village.count() > 1, timeout=10_000)
    return page


def typed(qtbot, page: CaseloadPage, text: str) -> int:
    """Type a search (Chinese through setText) and wait for its rows."""
    with qtbot.waitSignal(page.model.result_ready, timeout=10_000) as blocker:
        page.search_box.setText(text)
    return blocker.args[0]


def all_rows(qtbot, page: CaseloadPage) -> list[Any]:
    model = page.model

    def read() -> bool:
        for row in range(model.rowCount()):
            model.data(model.index(row, 0))
        return all(model.is_loaded(row) for row in range(model.rowCount()))

    qtbot.waitUntil(read, timeout=10_000)
    return [model.row_data(row) for row in range(model.rowCount())]


def drain(qtbot, session: UiSession) -> None:
    """Wait until every job queued so far (on each thread) has reported back."""
    finished: list[object] = []
    for reader in range(len(session.database.readers)):
        session.database.read(lambda s, a: None, finished.append, finished.append, reader=reader)
    session.database.write(lambda s, a: None, finished.append, finished.append)
    qtbot.waitUntil(lambda: len(finished) == len(session.database.readers) + 1, timeout=10_000)


def shown_texts(page: CaseloadPage) -> list[str]:
    model = page.model
    return [
        model.data(model.index(row, column))
        for row in range(model.rowCount())
        for column in range(model.columnCount())
    ]


def test_pinyin_initials_find_the_person_and_the_id_stays_masked(
    qtbot, vault: Vault, ui_session: UiSession
) -> None:
    ids = in_vault(vault, add_zeng_desheng)
    page = shown_page(qtbot, ui_session)

    assert typed(qtbot, page, "zds") == 1
    model = page.model
    assert model.data(model.index(0, Column.NAME)) == "曾德胜"
    assert model.data(model.index(0, Column.RESIDENT_ID)) == "4310**********0041"
    assert model.data(model.index(0, 0), PERSON_ID_ROLE) == ids["person"]
    assert RESIDENT_ID not in " ".join(shown_texts(page))
    assert page.count_label.text() == "1 persons"

    page.table.setCurrentIndex(model.index(0, 0))
    assert "4310**********0041" in page.detail.id_label.text()


def test_typing_waits_for_a_pause_and_a_newer_query_replaces_an_older_one(
    qtbot, vault: Vault, ui_session: UiSession
) -> None:
    in_vault(vault, add_zeng_desheng)
    page = shown_page(qtbot, ui_session)
    cancelled: list[int] = []
    cancel = ui_session.database.cancel

    def spy(job_id: int) -> None:
        cancelled.append(job_id)
        cancel(job_id)

    ui_session.database.cancel = spy  # type: ignore[method-assign]
    fired: list[str] = []
    page.search_box.search_requested.connect(fired.append)
    seen: list[list[str]] = []
    page.model.modelReset.connect(
        lambda: seen.append(
            [page.model.data(page.model.index(r, 0)) for r in range(page.model.rowCount())]
        )
    )

    # Letters typed in one go make one search, after the pause.
    with qtbot.waitSignal(page.model.result_ready, timeout=10_000):
        for text in ("z", "zd", "zds"):
            page.search_box.setText(text)
    assert fired == ["zds"]
    # Enter searches at once; a newer query cancels the one still running.
    page.search_box.setText("曾")
    page.search_box.fire_now()
    with qtbot.waitSignal(page.model.result_ready, timeout=10_000) as blocker:
        page.search_box.setText("曾小")
        page.search_box.fire_now()
    assert blocker.args == [1]
    assert cancelled, "the older search was not cancelled"
    assert seen[-1] == ["曾小兵"]
    assert ["曾小兵", "曾德胜"] not in seen and ["曾德胜", "曾小兵"] not in seen


def test_filters_narrow_the_results(qtbot, demo: Vault, ui_session: UiSession) -> None:
    page = shown_page(qtbot, ui_session)
    everyone = page.model.total
    assert everyone == 300

    with qtbot.waitSignal(page.model.result_ready, timeout=10_000) as blocker:
        page.filters.program.setCurrentIndex(page.filters.program.findData(Program.DIBAO.value))
    dibao = blocker.args[0]
    assert 0 < dibao < everyone
    for row in all_rows(qtbot, page):
        assert Program.DIBAO in {mark.program for mark in row.programs}

    village = page.filters.village.findData(TANQUAN)
    with qtbot.waitSignal(page.model.result_ready, timeout=10_000) as blocker:
        page.filters.village.setCurrentIndex(village)
    assert blocker.args[0] < dibao
    assert {row.hit.village_code for row in all_rows(qtbot, page)} <= {TANQUAN}

    with qtbot.waitSignal(page.model.result_ready, timeout=10_000):
        page.filters.clear_button.click()
    with qtbot.waitSignal(page.model.result_ready, timeout=10_000):
        page.filters.age_band.setCurrentIndex(page.filters.age_band.findData(AgeBand.CHILD.value))
    ages = {row.hit.age for row in all_rows(qtbot, page)}
    assert ages and ages <= set(range(6, 16))
    assert page.current_query().age_bands == frozenset({AgeBand.CHILD})


def test_enter_and_double_click_open_the_household(
    qtbot, vault: Vault, ui_session: UiSession
) -> None:
    ids = in_vault(vault, add_zeng_desheng)
    page = shown_page(qtbot, ui_session)
    typed(qtbot, page, "zds")
    page.table.setFocus()
    page.table.setCurrentIndex(page.model.index(0, 0))

    with qtbot.waitSignal(ui_session.events.open_household, timeout=5_000) as blocker:
        qtbot.keyClick(page.table, Qt.Key.Key_Return)
    assert blocker.args == [ids["household"]]

    cell = page.table.visualRect(page.model.index(0, Column.VILLAGE)).center()
    qtbot.mouseClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=cell)
    with qtbot.waitSignal(ui_session.events.open_household, timeout=5_000) as blocker:
        qtbot.mouseDClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=cell)
    assert blocker.args == [ids["household"]]
    # The household view (once it exists) loads in the background: let it finish.
    drain(qtbot, ui_session)


def test_revealing_an_id_shows_it_and_writes_exactly_one_access_entry(
    qtbot, vault: Vault, ui_session: UiSession
) -> None:
    ids = in_vault(vault, add_zeng_desheng)
    page = shown_page(qtbot, ui_session)
    typed(qtbot, page, "zds")
    page.table.setCurrentIndex(page.model.index(0, 0))
    assert page.detail.reveal_button.isEnabled()

    qtbot.mouseClick(page.detail.reveal_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.model.revealed(ids["person"]) == RESIDENT_ID, timeout=10_000)
    assert page.model.data(page.model.index(0, Column.RESIDENT_ID)) == RESIDENT_ID
    assert RESIDENT_ID in page.detail.id_label.text()
    assert not page.detail.reveal_button.isEnabled()
    page.reveal_current()  # already shown: nothing more is read or logged

    drain(qtbot, ui_session)
    entries = in_vault(
        vault, lambda s, a: [(e.action, e.entity_id) for e in s.scalars(select(AccessEntry))]
    )
    assert entries == [("reveal_resident_id", ids["person"])]

    # Locking masks it again, and so does a new search.
    ui_session.events.save_drafts.emit()
    assert page.model.data(page.model.index(0, Column.RESIDENT_ID)) == "4310**********0041"
    assert RESIDENT_ID not in page.detail.id_label.text()
    typed(qtbot, page, "曾德")
    assert page.model.data(page.model.index(0, Column.RESIDENT_ID)) == "4310**********0041"


def test_column_widths_order_and_sort_are_restored(qtbot, ui_session: UiSession) -> None:
    first = shown_page(qtbot, ui_session)
    header = first.table.horizontalHeader()
    header.resizeSection(Column.VILLAGE, 222)
    header.moveSection(header.visualIndex(Column.PROGRAMS), 1)
    header.setSortIndicator(Column.AGE, Qt.SortOrder.DescendingOrder)
    first.save_layout()
    first.close()

    second = CaseloadPage(ui_session)
    qtbot.addWidget(second)
    restored = second.table.horizontalHeader()
    assert restored.sectionSize(Column.VILLAGE) == 222
    assert restored.visualIndex(Column.PROGRAMS) == 1
    assert restored.sortIndicatorSection() == Column.AGE
    assert second.model.sort_order == (PersonSort.AGE, True)


def test_clicking_a_header_sorts_only_the_columns_the_search_can_sort(
    qtbot, demo: Vault, ui_session: UiSession
) -> None:
    page = shown_page(qtbot, ui_session)
    header = page.table.horizontalHeader()
    x = header.sectionViewportPosition(Column.AGE) + 10
    with qtbot.waitSignal(page.model.result_ready, timeout=10_000):
        qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, 5))
    assert page.model.sort_order == (PersonSort.AGE, False)

    x = header.sectionViewportPosition(Column.SEX) + 10
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, 5))
    assert page.model.sort_order == (PersonSort.AGE, False)
    assert header.sortIndicatorSection() == Column.AGE


def test_a_village_cadre_browses_only_their_villages(
    qtbot, vault: Vault, cadre_ui: UiSession
) -> None:
    page = shown_page(qtbot, cadre_ui)

    villages = [page.filters.village.itemData(i) for i in range(1, page.filters.village.count())]
    assert villages == [TANQUAN]
    expected = in_vault(
        vault,
        lambda s, a: search(s, a, PersonQuery(village_codes=frozenset({TANQUAN}), limit=1)).total,
    )
    assert 0 < page.model.total == expected < 300
    assert {row.hit.village_code for row in all_rows(qtbot, page)} == {TANQUAN}


def test_ctrl_f_anywhere_in_the_page_focuses_the_search_box(
    qtbot, vault: Vault, ui_session: UiSession
) -> None:
    in_vault(vault, add_zeng_desheng)
    page = shown_page(qtbot, ui_session)
    page.activateWindow()
    page.table.setFocus()
    qtbot.waitUntil(page.table.hasFocus, timeout=5_000)

    qtbot.keyClick(page.table, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert page.search_box.hasFocus()
    assert page.focus_search() is True

    # Down goes into the results, Esc back to the search.
    qtbot.keyClick(page.search_box, Qt.Key.Key_Down)
    assert page.table.hasFocus()
    assert page.table.currentIndex().row() == 0
    qtbot.keyClick(page.table, Qt.Key.Key_Escape)
    assert page.search_box.hasFocus()


def test_a_list_request_shows_exactly_its_persons_until_everyone_is_asked_for(
    qtbot, vault: Vault, ui_session: UiSession
) -> None:
    ids = in_vault(vault, add_zeng_desheng)
    page = shown_page(qtbot, ui_session)

    with qtbot.waitSignal(page.model.result_ready, timeout=10_000) as blocker:
        ui_session.events.show_person_list.emit(
            PersonListRequest(title="待核实人员", person_ids=(ids["other"],))
        )
    assert blocker.args == [1]
    assert page.model.data(page.model.index(0, 0)) == "曾小兵"
    assert not page.list_banner.isHidden() and "待核实人员" in page.list_title.text()
    assert not page.search_box.isEnabled()

    with qtbot.waitSignal(page.model.result_ready, timeout=10_000) as blocker:
        page.show_all_button.click()
    assert blocker.args == [2]
    assert page.list_banner.isHidden() and page.search_box.isEnabled()


def test_a_list_request_by_query_sets_the_filters(
    qtbot, demo: Vault, ui_session: UiSession
) -> None:
    page = shown_page(qtbot, ui_session)
    request = PersonListRequest(
        title="低保", query=PersonQuery(programs=frozenset({Program.DIBAO}), limit=500)
    )
    with qtbot.waitSignal(page.model.result_ready, timeout=10_000):
        page.show_person_list(request)
    assert page.filters.program.currentData() == Program.DIBAO.value
    assert page.current_query().programs == frozenset({Program.DIBAO})


class FakeHouseholdFileView(QWidget):
    def __init__(self, session: UiSession, household_id: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.household_id = household_id


def test_opened_households_become_closable_tabs(
    qtbot, vault: Vault, ui_session: UiSession, monkeypatch: pytest.MonkeyPatch
) -> None:
    ids = in_vault(vault, add_zeng_desheng)
    page = shown_page(qtbot, ui_session)
    module = types.ModuleType(HOUSEHOLD_VIEW_MODULE)
    module.HouseholdFileView = FakeHouseholdFileView  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, HOUSEHOLD_VIEW_MODULE, module)

    with qtbot.waitSignal(page.household_opened, timeout=5_000):
        ui_session.events.open_household.emit(ids["household"])
    assert page.tabs.count() == 2
    assert page.tabs.currentWidget().household_id == ids["household"]
    ui_session.events.open_household.emit(ids["household"])
    assert page.tabs.count() == 2

    page.close_tab(1)
    assert page.tabs.count() == 1
    page.close_tab(0)
    assert page.tabs.count() == 1
