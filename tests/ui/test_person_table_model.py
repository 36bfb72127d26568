"""The caseload table model: a true row count, rows read in blocks on a reader, sorted there."""

from __future__ import annotations

import gc
import threading
from collections.abc import Callable
from typing import Any

import pytest
from PySide6.QtCore import QModelIndex, QModelRoleData, QModelRoleDataSpan, Qt
from tests.ui.vault_jobs import in_vault

from minzheng_field.services.caseload_queries import caseload_rows
from minzheng_field.services.demo import generate_demo_township
from minzheng_field.services.recording import record_create
from minzheng_field.store.models import Household, Person
from minzheng_field.store.queries.person_search import PersonQuery
from minzheng_field.store.vault import Vault
from minzheng_field.ui.database import Cancelled
from minzheng_field.ui.models import person_table_model
from minzheng_field.ui.models.person_table_model import (
    HOUSEHOLD_ID_ROLE,
    PERSON_ID_ROLE,
    ROW_ROLE,
    Column,
    ListSource,
    PersonTableModel,
    SearchSource,
)
from minzheng_field.ui.session import UiSession

TANQUAN = "431023113200"


@pytest.fixture
def demo_vault(vault: Vault) -> Vault:
    generate_demo_township(vault, persons=300, seed=1)
    return vault


def searched(qtbot, model: PersonTableModel, source: Any) -> int:
    with qtbot.waitSignal(model.result_ready, timeout=10_000) as blocker:
        model.search(source)
    return blocker.args[0]


def load_all(qtbot, model: PersonTableModel) -> None:
    """Ask for every row (as a view scrolling through would) and wait until all are read."""

    def asked_and_read() -> bool:
        for row in range(model.rowCount()):
            model.data(model.index(row, 0))
        return all(model.is_loaded(row) for row in range(model.rowCount()))

    qtbot.waitUntil(asked_and_read, timeout=10_000)


def test_the_model_passes_the_model_tester(
    qtbot, qtmodeltester, demo_vault: Vault, ui_session: UiSession
) -> None:
    model = PersonTableModel(ui_session.database, first_page=20, block=50)
    searched(qtbot, model, SearchSource(PersonQuery()))
    load_all(qtbot, model)
    qtmodeltester.check(model)
    assert model.columnCount() == len(Column)


def test_the_row_count_is_the_total_and_rows_arrive_in_blocks_from_a_reader(
    qtbot, demo_vault: Vault, ui_session: UiSession
) -> None:
    model = PersonTableModel(ui_session.database, first_page=20, block=50)
    total = searched(qtbot, model, SearchSource(PersonQuery()))

    assert total == model.rowCount() == 300
    assert model.is_loaded(19) and not model.is_loaded(20) and not model.is_loaded(250)
    # A row not read yet is blank, and asking for it reads its block off the GUI thread.
    assert model.data(model.index(250, Column.NAME)) == ""
    with qtbot.waitSignal(model.rows_loaded, timeout=10_000) as blocker:
        pass
    assert blocker.args == [250, 299]
    assert model.data(model.index(250, Column.NAME))
    assert not model.is_loaded(100)


def test_rows_name_the_person_with_a_masked_id_and_their_household(
    qtbot, vault: Vault, ui_session: UiSession
) -> None:
    def add(session: Any, admin: Any) -> tuple[str, str]:
        household = Household(village_code=TANQUAN)
        record_create(session, admin, household)
        person = Person(
            name="曾德胜",
            household_id=household.id,
            relation="self",
            sex="男",
            resident_id="431023195803120041",
        )
        record_create(session, admin, person)
        return person.id, household.id

    person_id, household_id = in_vault(vault, add)
    model = PersonTableModel(ui_session.database)
    assert searched(qtbot, model, SearchSource(PersonQuery(text="zds"))) == 1

    def shown(column: Column) -> str:
        return model.data(model.index(0, column))

    assert shown(Column.NAME) == "曾德胜"
    assert shown(Column.RELATION) == "本人"
    assert shown(Column.VILLAGE) == "坦泉村"
    assert shown(Column.RESIDENT_ID) == "4310**********0041"
    assert model.data(model.index(0, 0), PERSON_ID_ROLE) == person_id
    assert model.data(model.index(0, 0), HOUSEHOLD_ID_ROLE) == household_id

    model.reveal(person_id, "431023195803120041")
    assert shown(Column.RESIDENT_ID) == "431023195803120041"
    model.hide_revealed()
    assert shown(Column.RESIDENT_ID) == "4310**********0041"


@pytest.mark.parametrize(
    ("column", "order", "key"),
    [
        (Column.NAME, Qt.SortOrder.AscendingOrder, None),
        (Column.AGE, Qt.SortOrder.AscendingOrder, "age"),
        (Column.AGE, Qt.SortOrder.DescendingOrder, "-age"),
        (Column.VILLAGE, Qt.SortOrder.AscendingOrder, "village"),
    ],
)
def test_sorting_is_done_by_the_search_on_the_reader(
    qtbot, demo_vault: Vault, ui_session: UiSession, column: Column, order: Qt.SortOrder, key: Any
) -> None:
    model = PersonTableModel(ui_session.database)
    searched(qtbot, model, SearchSource(PersonQuery()))
    read_on: list[int] = []
    original = ui_session.database.read

    def spy(job, on_done, on_error, **kwargs):
        read_on.append(threading.get_ident())
        return original(job, on_done, on_error, **kwargs)

    ui_session.database.read = spy  # type: ignore[method-assign]
    with qtbot.waitSignal(model.result_ready, timeout=10_000):
        model.sort(column, order)
    assert read_on, "sorting must read through the database threads"
    load_all(qtbot, model)
    rows = [model.row_data(row) for row in range(model.rowCount())]
    hits = [row.hit for row in rows if row is not None]
    assert len(hits) == 300
    if key == "age":
        ages = [hit.age for hit in hits if hit.age is not None]
        assert ages == sorted(ages)
    elif key == "-age":
        ages = [hit.age for hit in hits if hit.age is not None]
        assert ages == sorted(ages, reverse=True)
    elif key == "village":
        codes = [hit.village_code for hit in hits if hit.village_code is not None]
        assert codes == sorted(codes)
    else:
        assert model.sort_order[0].value == "name"


def test_a_newer_search_wins_even_when_the_older_result_arrives_later(
    qtbot, demo_vault: Vault, ui_session: UiSession
) -> None:
    cancelled: list[int] = []
    # Keep the callbacks of "cancelled" jobs, so the older result really does arrive.
    ui_session.database.cancel = cancelled.append  # type: ignore[method-assign]
    model = PersonTableModel(ui_session.database)
    resets: list[int] = []
    model.modelReset.connect(lambda: resets.append(model.rowCount()))

    model.search(SearchSource(PersonQuery()))
    with qtbot.waitSignal(model.result_ready, timeout=10_000) as blocker:
        model.search(SearchSource(PersonQuery(text="zzzzqqq")))
    assert cancelled, "the older read was not cancelled"
    assert blocker.args == [0]
    # Wait until the older read has certainly come back, then check it changed nothing.
    qtbot.waitUntil(lambda: not model._in_flight, timeout=10_000)
    finished = []
    ui_session.database.read(lambda s, a: None, finished.append, finished.append, reader=0)
    ui_session.database.read(lambda s, a: None, finished.append, finished.append, reader=1)
    qtbot.waitUntil(lambda: len(finished) == 2, timeout=10_000)
    assert resets == [0]
    assert model.rowCount() == 0


def test_a_refresh_keeps_the_rows_and_follows_a_changed_count(
    qtbot, vault: Vault, ui_session: UiSession
) -> None:
    def add(name: str) -> Callable[[Any, Any], str]:
        def work(session: Any, admin: Any) -> str:
            household = Household(village_code=TANQUAN)
            record_create(session, admin, household)
            person = Person(name=name, household_id=household.id)
            record_create(session, admin, person)
            return person.id

        return work

    first = in_vault(vault, add("刘一"))
    model = PersonTableModel(ui_session.database)
    searched(qtbot, model, SearchSource(PersonQuery(text="刘")))
    resets: list[int] = []
    model.modelReset.connect(lambda: resets.append(1))
    in_vault(vault, add("刘二"))

    with qtbot.waitSignal(model.result_ready, timeout=10_000) as blocker:
        model.refresh()
    assert blocker.args == [2]
    assert resets == []
    assert {model.data(model.index(row, 0), PERSON_ID_ROLE) for row in range(2)} >= {first}


def test_a_fixed_list_shows_exactly_its_persons(
    qtbot, demo_vault: Vault, ui_session: UiSession
) -> None:
    model = PersonTableModel(ui_session.database)
    searched(qtbot, model, SearchSource(PersonQuery(limit=10)))
    wanted = [model.data(model.index(row, 0), PERSON_ID_ROLE) for row in (3, 7, 11)]

    assert searched(qtbot, model, ListSource(tuple(wanted))) == 3
    assert {model.data(model.index(row, 0), PERSON_ID_ROLE) for row in range(3)} == set(wanted)


def test_rows_are_the_services_rows_and_cost_the_garbage_collector_nothing(
    qtbot, demo_vault: Vault, ui_session: UiSession
) -> None:
    model = PersonTableModel(ui_session.database, first_page=20, block=50)
    searched(qtbot, model, SearchSource(PersonQuery()))
    load_all(qtbot, model)
    expected = in_vault(
        demo_vault,
        lambda session, admin: caseload_rows(session, admin, PersonQuery(limit=300)).rows,
    )

    assert [model.row_data(row) for row in range(model.rowCount())] == list(expected)
    assert model.data(model.index(7, 0), ROW_ROLE) == expected[7]
    # Held rows are flat tuples of plain values: one young collection and they are not
    # tracked any more, so full collections never walk them.
    gc.collect(0)
    assert not any(gc.is_tracked(row) for row in model._rows)


def test_the_delegates_one_call_per_cell_answers_as_data_does(
    qtbot, demo_vault: Vault, ui_session: UiSession
) -> None:
    model = PersonTableModel(ui_session.database)
    searched(qtbot, model, SearchSource(PersonQuery(text="李")))
    roles = [
        Qt.ItemDataRole.DisplayRole,
        Qt.ItemDataRole.ForegroundRole,
        Qt.ItemDataRole.ToolTipRole,
        Qt.ItemDataRole.FontRole,
        Qt.ItemDataRole.DecorationRole,
        PERSON_ID_ROLE,
        HOUSEHOLD_ID_ROLE,
        ROW_ROLE,
    ]
    for row in range(min(model.rowCount(), 30)):
        for column in Column:
            index = model.index(row, column)
            for role in roles:
                role_data = QModelRoleData(role)
                role_data.setData("stale")
                model.multiData(index, QModelRoleDataSpan(role_data))
                assert role_data.data() == model.data(index, role), (row, column, role)


def test_a_search_replaced_before_its_read_started_reads_nothing(
    qtbot, demo_vault: Vault, ui_session: UiSession
) -> None:
    release = threading.Event()
    ignore: Callable[[Any], None] = lambda _result: None  # noqa: E731
    busy = [
        ui_session.database.read(lambda s, a: release.wait(10), ignore, ignore, reader=reader)
        for reader in (0, 1)
    ]
    asked: list[str] = []

    class Counted(SearchSource):
        def first_rows(self, session: Any, actor: Any, *args: Any) -> Any:
            asked.append(self.query.text)
            return super().first_rows(session, actor, *args)

    model = PersonTableModel(ui_session.database)
    model.search(Counted(PersonQuery(text="王")))
    model.search(Counted(PersonQuery(text="李")))
    release.set()
    qtbot.waitUntil(lambda: not model.busy, timeout=10_000)
    assert busy and asked == ["李"]


def test_rows_gone_since_the_rowids_were_read_are_blank_then_counted_again(
    qtbot, vault: Vault, ui_session: UiSession
) -> None:
    def add(session: Any, admin: Any) -> list[str]:
        household = Household(village_code=TANQUAN)
        record_create(session, admin, household)
        people = [Person(name=f"刘{n:02d}", household_id=household.id) for n in range(12)]
        for person in people:
            record_create(session, admin, person)
        return [person.id for person in people]

    ids = in_vault(vault, add)
    model = PersonTableModel(ui_session.database, first_page=4, block=4)
    assert searched(qtbot, model, SearchSource(PersonQuery(text="刘"))) == 12
    assert model.data(model.index(9, 0), PERSON_ID_ROLE) is None  # not read yet

    def tombstone(session: Any, admin: Any) -> None:
        person = session.get(Person, ids[9])
        person.deleted = True

    in_vault(vault, tombstone)
    with qtbot.waitSignal(model.result_ready, timeout=10_000) as recounted:
        for row in range(8, 12):
            model.data(model.index(row, 0))
    assert recounted.args == [11]
    load_all(qtbot, model)
    shown = {model.data(model.index(row, 0), PERSON_ID_ROLE) for row in range(11)}
    assert ids[9] not in shown and len(shown) == 11


def test_a_read_interrupted_in_passing_is_read_again(
    qtbot, demo_vault: Vault, ui_session: UiSession, monkeypatch: pytest.MonkeyPatch
) -> None:
    interrupted: list[str] = []

    class InterruptedOnce(SearchSource):
        def first_rows(self, session: Any, actor: Any, *args: Any) -> Any:
            if not interrupted:
                interrupted.append("first rows")
                raise Cancelled()
            return super().first_rows(session, actor, *args)

    read_by_rowid = person_table_model.caseload_rows_by_rowid

    def block_interrupted_once(session: Any, actor: Any, rowids: Any) -> Any:
        if len(interrupted) == 1:
            interrupted.append("block")
            raise Cancelled()
        return read_by_rowid(session, actor, rowids)

    monkeypatch.setattr(person_table_model, "caseload_rows_by_rowid", block_interrupted_once)
    model = PersonTableModel(ui_session.database, first_page=20, block=50)
    failures: list[object] = []
    model.search_failed.connect(failures.append)

    assert searched(qtbot, model, InterruptedOnce(PersonQuery())) == 300
    load_all(qtbot, model)
    assert interrupted == ["first rows", "block"] and failures == []


def test_only_rows_shown_before_their_block_was_read_are_announced_as_changed(
    qtbot, demo_vault: Vault, ui_session: UiSession
) -> None:
    model = PersonTableModel(ui_session.database, first_page=20, block=50)
    searched(qtbot, model, SearchSource(PersonQuery()))
    changed: list[tuple[int, int]] = []
    model.dataChanged.connect(lambda top, bottom, *_: changed.append((top.row(), bottom.row())))

    # Rows 110–114 shown blank: their block (100–149) is read, and only they changed.
    with qtbot.waitSignal(model.rows_loaded, timeout=10_000) as loaded:
        for row in range(110, 115):
            model.data(model.index(row, Column.NAME))
    assert loaded.args == [100, 149]
    assert changed == [(110, 114)]
    # Row 130 is past the block's first quarter: the next block is read ahead, unannounced.
    with qtbot.waitSignal(model.rows_loaded, timeout=10_000) as ahead:
        model.data(model.index(130, Column.NAME))
    assert ahead.args == [150, 199]
    assert changed == [(110, 114)]
    assert model.is_loaded(199)


def test_cells_are_enabled_and_selectable_and_have_no_children(
    qtbot, demo_vault: Vault, ui_session: UiSession
) -> None:
    model = PersonTableModel(ui_session.database)
    searched(qtbot, model, SearchSource(PersonQuery(limit=10)))
    flags = model.flags(model.index(0, Column.NAME))
    assert flags & Qt.ItemFlag.ItemIsEnabled and flags & Qt.ItemFlag.ItemIsSelectable
    assert flags & Qt.ItemFlag.ItemNeverHasChildren
    assert not flags & Qt.ItemFlag.ItemIsEditable
    assert model.flags(QModelIndex()) == Qt.ItemFlag.NoItemFlags
