"""探访: today's plan (visits queued, visitors assigned, a visitor filter); coverage, export."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from sqlalchemy import func, select
from tests.ui import care_fixtures
from tests.ui.visit_fixtures import in_vault

from caseload_builders import TANQUAN
from minzheng_field.domain.roles import Role
from minzheng_field.services.schedules import PlanGroup
from minzheng_field.store.models import AuditEntry, OutboxMutation, UserProfile, VisitPlan
from minzheng_field.store.vault import Vault
from minzheng_field.ui.pages.visit_plan_views import DayPlanView
from minzheng_field.ui.pages.visits_page import VisitsPage
from minzheng_field.ui.session import UiSession

WAIT = 20_000


# The demo township (300 persons), the admin's session and cadre1's (a second cadre of 坦泉村).
demo = care_fixtures.demo
admin_ui = care_fixtures.admin_ui
cadre_ui = care_fixtures.cadre_ui


def village_cadres(vault: Vault) -> dict[str, set[str]]:
    """The cadres' usernames by the village they serve."""

    def read(s: Any, _a: Any) -> dict[str, set[str]]:
        found: dict[str, set[str]] = {}
        for username, villages in s.execute(
            select(UserProfile.username, UserProfile.villages).where(
                UserProfile.role == Role.VILLAGE_CADRE.value
            )
        ):
            for village in villages or ():
                found.setdefault(village, set()).add(username)
        return found

    return in_vault(vault, read)


def plan_rows(vault: Vault) -> tuple[int, int, int]:
    """How many visit plans there are, and audit entries and outbox mutations of plans."""

    def count(s: Any, _a: Any) -> tuple[int, int, int]:
        def of(statement: Any) -> int:
            return int(s.scalar(statement))

        return (
            of(select(func.count()).select_from(VisitPlan)),
            of(select(func.count()).where(AuditEntry.entity_type == "visit_plans")),
            of(select(func.count()).where(OutboxMutation.entity_type == "visit_plans")),
        )

    return in_vault(vault, count)


def shown_plan(qtbot, session: UiSession) -> DayPlanView:
    view = DayPlanView(session)
    qtbot.addWidget(view)
    view.resize(1000, 640)
    view.show()
    with qtbot.waitSignal(view.loaded, timeout=WAIT):
        view.reload()
    return view


def first_village_group(view: DayPlanView) -> tuple[int, PlanGroup]:
    """The first group of the plan with a village and a visitor, and its row in the tree."""
    return next(
        (row, group)
        for row, group in enumerate(view.groups)
        if group.village_code is not None and group.visitor is not None
    )


def test_assigning_a_village_group_regroups_the_plan_under_the_new_visitor(
    qtbot, admin_ui: UiSession, demo: Vault
) -> None:
    view = shown_plan(qtbot, admin_ui)
    assert not view.assign_button.isEnabled()
    row, group = first_village_group(view)
    moved = {(v.person_id, v.category) for v in group.visits}
    view.tree.topLevelItem(row).setSelected(True)
    assert view.assign_button.isEnabled()
    assert set(view.selected_entries()) == moved

    dialog = view.assign_selected()
    assert dialog is not None
    with qtbot.waitSignal(dialog.loaded, timeout=WAIT):
        pass
    offered = [choice.username for choice in dialog.visitors]
    cadres = village_cadres(demo)
    others = set().union(*(users for code, users in cadres.items() if code != group.village_code))
    # The village's own cadre and township staff; no other village's cadre.
    assert group.visitor in offered and "admin" in offered
    assert not set(offered) & others
    texts = [dialog.visitor_list.item(n).text() for n in range(dialog.visitor_list.count())]
    assert any("乡镇管理员" in text for text in texts)
    dialog.visitor_list.setCurrentRow(offered.index("admin"))
    dialog.grab().save("/tmp/assign_visitor_dialog.png")
    with qtbot.waitSignal(view.loaded, timeout=WAIT):
        qtbot.mouseClick(dialog.assign_button, Qt.MouseButton.LeftButton)

    mine = [g for g in view.groups if g.village_code == group.village_code and g.visitor == "admin"]
    assert [g.visitor_name for g in mine] == ["乡镇管理员"]
    assert moved <= {(v.person_id, v.category) for v in mine[0].visits}
    assert not any(
        g.village_code == group.village_code and g.visitor == group.visitor for g in view.groups
    )
    # The visitor filter: only mine shows the persons just given to the admin, with the 低保
    # reviews the admin (the township's 民政专干) makes in every village.
    view.set_visitor_filter("admin")
    admins = [g for g in view.groups if g.visitor == "admin"]
    assert set(view.plan_entries()) == {(v.person_id, v.category) for g in admins for v in g.visits}
    assert moved <= set(view.plan_entries())
    assert view.tree.topLevelItemCount() == len([g for g in view.groups if g.visitor == "admin"])
    assert view.visitor_filter.currentText() == "Only mine"
    view.set_visitor_filter(None)
    assert len(view.plan_entries()) == sum(len(g.visits) for g in view.groups)


def test_an_invalid_visitor_shows_a_chinese_error_and_writes_nothing(
    qtbot, admin_ui: UiSession, demo: Vault
) -> None:
    view = shown_plan(qtbot, admin_ui)
    row, group = first_village_group(view)
    view.tree.topLevelItem(row).child(0).setSelected(True)
    dialog = view.assign_selected()
    assert dialog is not None
    with qtbot.waitSignal(dialog.loaded, timeout=WAIT):
        pass
    elsewhere = next(
        username
        for code, users in sorted(village_cadres(demo).items())
        if code != group.village_code
        for username in sorted(users)
    )
    assert elsewhere not in [choice.username for choice in dialog.visitors]
    before = plan_rows(demo)
    with qtbot.waitSignal(dialog.failed, timeout=WAIT) as failed:
        dialog.assign_to(elsewhere)
    assert "不负责这户所在的村" in failed.args[0]
    assert dialog.status.text() == failed.args[0]
    assert dialog.isVisible()
    assert dialog.assign_button.isEnabled()
    assert plan_rows(demo) == before
    dialog.grab().save("/tmp/assign_visitor_error.png")
    dialog.reject()


def test_taken_off_the_schedule_and_put_back_from_the_list(qtbot, admin_ui: UiSession) -> None:
    view = shown_plan(qtbot, admin_ui)
    person_id, category = view.plan_entries()[0]
    with qtbot.waitSignal(view.loaded, timeout=WAIT):
        view.take_off(person_id, category, "已入住县敬老院")
    assert (person_id, category) not in view.plan_entries()

    dialog = view.open_off_schedule()
    with qtbot.waitSignal(dialog.loaded, timeout=WAIT):
        pass
    row = next(n for n, p in enumerate(dialog.persons) if p.person_id == person_id)
    assert dialog.table.item(row, 4).text() == "已入住县敬老院"
    dialog.table.selectRow(row)
    # Without a reason the township's decision is refused, in Chinese, inline.
    with qtbot.waitSignal(dialog.failed, timeout=WAIT) as failed:
        qtbot.mouseClick(dialog.put_back_button, Qt.MouseButton.LeftButton)
    assert "请写明原因" in failed.args[0]
    dialog.grab().save("/tmp/off_schedule_dialog.png")
    dialog.reason.setText("已回家居住")
    with qtbot.waitSignals([view.loaded, dialog.loaded], timeout=WAIT):
        qtbot.keyClick(dialog.reason, Qt.Key.Key_Return)
    assert (person_id, category) in view.plan_entries()
    assert person_id not in {p.person_id for p in dialog.persons}
    dialog.reject()


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
    # Each village's rows, then the township's figure of each category, in bold.
    assert view.rows_table.rowCount() == len(report.rows) + len(report.by_category)
    assert len(report.rows) > 0
    elders = report.by_category["elder"]
    township = [
        [view.rows_table.item(r, c).text() for c in range(5)]
        for r in range(len(report.rows), view.rows_table.rowCount())
    ]
    assert ["Township", "特殊困难老年人", str(elders.enrolled), str(elders.contacted)] in [
        line[:4] for line in township
    ]
    assert view.rows_table.item(len(report.rows), 0).font().bold()
    assert f"({report.total.rate:.1%})" in view.total_label.text()
    assert view.missing_table.rowCount() == len(report.not_contacted)
    target = tmp_path / "coverage.csv"
    with qtbot.waitSignal(view.exported, timeout=WAIT):
        view.export_to(target)
    text = target.read_text("utf-8-sig")
    assert text.splitlines()[0]
    assert len(text.splitlines()) > len(report.rows)


def test_a_cadre_shares_their_villages_visits_but_puts_nobody_back(
    qtbot, cadre_ui: UiSession, demo: Vault
) -> None:
    view = shown_plan(qtbot, cadre_ui)
    assert {g.village_code for g in view.groups} == {TANQUAN}
    row, group = first_village_group(view)
    view.tree.topLevelItem(row).setSelected(True)
    dialog = view.assign_selected()
    assert dialog is not None
    with qtbot.waitSignal(dialog.loaded, timeout=WAIT):
        pass
    offered = [c.username for c in dialog.visitors]
    # The village's cadres first (by name), then township staff; no other village's cadre.
    assert set(offered[:-1]) == village_cadres(demo)[TANQUAN] and offered[-1] == "admin"
    assert "cadre1" in offered
    dialog.visitor_list.setCurrentRow(offered.index("cadre1"))
    with qtbot.waitSignal(view.loaded, timeout=WAIT):
        qtbot.keyClick(dialog.visitor_list, Qt.Key.Key_Return)
    view.set_visitor_filter("cadre1")
    assert view.visitor_filter.currentIndex() == 1  # 只看我的
    assert {v.person_id for v in group.visits} <= {p for p, _c in view.plan_entries()}

    off = view.open_off_schedule()
    with qtbot.waitSignal(off.loaded, timeout=WAIT):
        pass
    assert not off.put_back_button.isVisibleTo(off)
    off.reject()
