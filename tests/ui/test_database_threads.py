"""The writer and reader threads: jobs run off the GUI thread, results come back by signal."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import select, text
from tests.ui.vault_jobs import job_outcome

from minzheng_field.services.recording import record_create
from minzheng_field.store.errors import VaultBusy
from minzheng_field.store.models import Household
from minzheng_field.store.vault import Vault
from minzheng_field.ui.database import Cancelled, Database

VILLAGE = "431023113200"


@pytest.fixture
def database(qtbot, vault: Vault):
    database = Database(vault, "admin")
    yield database
    with qtbot.waitSignal(database.all_closed, timeout=10_000):
        database.close()
    database.wait_closed()


def test_jobs_run_on_their_threads_and_results_arrive_on_the_gui_thread(qtbot, database) -> None:
    gui = threading.get_ident()
    seen: dict[str, int] = {}

    def write(session, actor):
        seen["writer"] = threading.get_ident()
        household = Household(village_code=VILLAGE, address="坦泉村1组")
        record_create(session, actor, household)
        return household.id

    kind, household_id = job_outcome(qtbot, database.write, write)
    assert kind == "done"

    def read(session, actor):
        seen["reader"] = threading.get_ident()
        return session.scalar(select(Household.address).where(Household.id == household_id))

    assert job_outcome(qtbot, database.read, read) == ("done", "坦泉村1组")
    assert gui not in (seen["writer"], seen["reader"])
    assert seen["writer"] != seen["reader"]


def test_a_failed_write_rolls_back_and_reports_the_error(qtbot, database) -> None:
    def failing(session, actor):
        record_create(session, actor, Household(village_code=VILLAGE))
        raise ValueError("user cancelled")

    kind, error = job_outcome(qtbot, database.write, failing)
    assert kind == "error" and isinstance(error, ValueError)
    assert job_outcome(
        qtbot, database.read, lambda s, a: s.scalar(text("SELECT count(*) FROM households"))
    ) == (
        "done",
        0,
    )


def test_readers_cannot_write(qtbot, database) -> None:
    kind, _error = job_outcome(
        qtbot, database.read, lambda s, a: s.execute(text("DELETE FROM households"))
    )
    assert kind == "error"


def test_a_newer_read_cancels_an_older_one(qtbot, database) -> None:
    started = threading.Event()
    slow_sql = (
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 50000000) "
        "SELECT count(*) FROM n"
    )

    def slow(session, actor):
        started.set()
        return session.scalar(text(slow_sql))

    outcome: list[object] = []
    job_id = database.read(slow, outcome.append, outcome.append, reader=0)
    qtbot.waitUntil(started.is_set, timeout=10_000)
    database.cancel(job_id)
    # The same reader answers the next query promptly: the slow one was interrupted.
    assert job_outcome(
        qtbot, lambda j, d, e: database.read(j, d, e, reader=0), lambda s, a: 42
    ) == (
        "done",
        42,
    )
    assert outcome == []


def test_the_vault_locks_only_after_every_thread_closed_its_connection(qtbot, vault) -> None:
    database = Database(vault, "admin")
    job_outcome(qtbot, database.read, lambda s, a: 1)
    with pytest.raises(VaultBusy):
        vault.lock()
    with qtbot.waitSignal(database.all_closed, timeout=10_000):
        database.close()
    database.wait_closed()
    vault.lock()
    assert not vault.is_unlocked
    assert vault.open_engine_count == 0


def test_cancelled_is_not_an_error_for_the_user() -> None:
    assert isinstance(Cancelled(), Exception)
