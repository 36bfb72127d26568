"""探访: today's plan opens visits with the rest of the plan queued; coverage and its export."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from tests.ui.conftest import close_ui_session, make_ui_session

from minzheng_field.services.demo import generate_demo_township
from minzheng_field.store.vault import Vault
from minzheng_field.ui.pages.visits_page import VisitsPage
from minzheng_field.ui.session import UiSession

WAIT = 20_000


@pytest.fixture
def admin_ui(qtbot, vault: Vault) -> Iterator[UiSession]:
    generate_demo_township(vault, persons=300, seed=1)
    session = make_ui_session(vault)
    yield session
    close_ui_session(qtbot, session)


def test_todays_plan_by_village_and_visitor(qtbot, admin_ui) -> None:
    page = VisitsPage(admin_ui)
    qtbot.addWidget(page)
    page.resize(1100, 700)
    page.show()
    with qtbot.waitSignal(page.plan_view.loaded, timeout=WAIT) as loaded:
        page.activated()
    assert loaded.args[0] > 0
    tree = page.plan_view.tree
    assert tree.topLevelItemCount() == len(page.plan_view.groups)
    first_group = tree.topLevelItem(0)
    person_item = first_group.child(0)
    entries = page.plan_view.plan_entries()
    with qtbot.waitSignal(page.plan_view.tree.itemActivated, timeout=WAIT):
        tree.itemActivated.emit(person_item, 0)
    dialog = page.plan_view.dialog
    assert dialog is not None
    qtbot.waitUntil(lambda: dialog.entry is not None, timeout=WAIT)
    assert (dialog.entry.person_id, dialog.entry.category) == entries[0]
    assert dialog._queue == entries[1:]
    page.grab().save(str(Path("/tmp") / "visits_plan.png"))
    dialog.grab().save(str(Path("/tmp") / "visit_dialog.png"))
    dialog.reject()


def test_monthly_coverage_and_export(qtbot, admin_ui, tmp_path: Path) -> None:
    page = VisitsPage(admin_ui)
    qtbot.addWidget(page)
    page.resize(1100, 700)
    page.show()
    page.activated()
    with qtbot.waitSignal(page.coverage_view.loaded, timeout=WAIT) as loaded:
        page.tabs.setCurrentWidget(page.coverage_view)
    report = loaded.args[0]
    view = page.coverage_view
    assert view.rows_table.rowCount() == len(report.rows) > 0
    assert view.missing_table.rowCount() == len(report.not_contacted)
    page.grab().save("/tmp/visits_coverage.png")
    target = tmp_path / "coverage.csv"
    with qtbot.waitSignal(view.exported, timeout=WAIT):
        view.export_to(target)
    text = target.read_text("utf-8-sig")
    assert text.splitlines()[0]
    assert len(text.splitlines()) > len(report.rows)
