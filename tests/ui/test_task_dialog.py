"""Recording a follow-up task from the workbench: a 强制报告 after a visit, a referral."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPlainTextEdit, QPushButton
from sqlalchemy import select
from tests.services.test_visits import FORM, alone_answers, make_child
from tests.ui.page_fixtures import shown_workbench
from tests.ui.vault_jobs import in_vault

from caseload_builders import audit_and_outbox, household_row, person_row
from minzheng_field.domain.calendar import china_today
from minzheng_field.services.recording import record_create
from minzheng_field.services.tasks import TaskRecord, complete_task
from minzheng_field.services.visits import create_draft, finalise_visit
from minzheng_field.services.workbench import ItemKey, Severity
from minzheng_field.store.models import Task
from minzheng_field.store.vault import Vault
from minzheng_field.ui.dialogs.task_dialog import TaskDialog
from minzheng_field.ui.models.task_table_model import TaskColumn
from minzheng_field.ui.pages.workbench_page import WorkbenchPage
from minzheng_field.ui.session import UiSession

pytestmark = pytest.mark.usefixtures("fresh_preferences")


def finalise_alone_child_visit(vault: Vault) -> str:
    """A 留守 child found living alone today: the 强制报告 task the visit raised."""

    def work(session: Any, admin: Any) -> str:
        child = make_child(session, admin, name="王小红")
        draft = create_draft(
            session,
            admin,
            child,
            FORM,
            visited_on=china_today(),
            answers=alone_answers(risk_level="medium", last_parent_contact_on=None),
        )
        (raised,) = finalise_visit(session, admin, draft.visit_id).tasks
        return raised.task_id

    return in_vault(vault, work)


def referral_task(vault: Vault) -> str:
    def work(session: Any, admin: Any) -> str:
        household = household_row(session, admin)
        elder = person_row(session, admin, "张奶奶", household)
        task = Task(
            kind="referral",
            title="失能独居老人：转介照护服务：张奶奶",
            person_id=elder.id,
            household_id=household.id,
            due_on=china_today(),
            status="open",
            assigned_to="admin",
        )
        record_create(session, admin, task)
        return task.id

    return in_vault(vault, work)


def opened(qtbot: Any, page: WorkbenchPage, task_id: str) -> TaskDialog:
    dialog = page.task_dialogs[task_id]
    qtbot.waitUntil(lambda: dialog.detail is not None, timeout=10_000)
    return dialog


def assert_fits_its_content(qtbot: Any, dialog: TaskDialog, text: QPlainTextEdit) -> None:
    """At its default size nothing scrolls and no space is left under the last input; spare
    height goes to the long text."""
    form, area = dialog.form, dialog.area
    assert area.verticalScrollBar().maximum() == 0
    assert form.height() == form.sizeHint().height()
    cell = form.cells[next(name for name, value in dialog.inputs.items() if value is text)]
    assert form.height() - cell.geometry().bottom() <= 2
    before = text.height()
    dialog.resize(dialog.width(), dialog.height() + 120)
    qtbot.waitUntil(lambda: text.height() >= before + 110, timeout=5_000)
    assert form.height() - cell.geometry().bottom() <= 2


def test_a_mandatory_report_is_recorded_from_the_workbench(
    qtbot: Any, vault: Vault, ui_session: UiSession
) -> None:
    task_id = finalise_alone_child_visit(vault)
    page = shown_workbench(qtbot, ui_session, (1100, 800))
    assert page.summary is not None
    item = page.summary.item(ItemKey.OPEN_TASKS)
    assert (item.count, item.urgent, item.severity) == (1, 1, Severity.WARNING)
    tile = page.tile(ItemKey.OPEN_TASKS)
    assert tile.count_label.text() == "1"
    assert tile.detail_label.text() == page.tr("{n} mandatory reports to record").format(n=1)
    model = page.task_model
    assert model.rowCount() == 1
    assert model.index(0, TaskColumn.KIND).data() == "强制报告"
    assert model.index(0, TaskColumn.PERSON).data() == "王小红"
    assert model.index(0, TaskColumn.VILLAGE).data() == "坦泉村"
    assert model.index(0, TaskColumn.DUE).data() == china_today().isoformat()
    assert model.index(0, TaskColumn.WHEN).data() == model.tr("Due today")

    # The tile leads to the list; Enter opens the most urgent task.
    qtbot.mouseClick(tile, Qt.MouseButton.LeftButton)
    assert page.focusWidget() is page.task_table and page.current_task_id() == task_id
    qtbot.keyClick(page.task_table, Qt.Key.Key_Return)
    dialog = opened(qtbot, page, task_id)
    assert dialog.detail is not None and dialog.detail.visited_on == china_today()
    assert "不会代您报告" in dialog.reminder.text() and dialog.reminder.isVisible()
    # Its inputs are what the rule asks to record; the visit that raised it is named.
    assert dialog.hint.isHidden()
    assert china_today().isoformat() in dialog.visit_label.text()
    assert dialog.visit_label.isVisible()
    assert dialog.reporter.text() == ui_session.display_name
    assert_fits_its_content(qtbot, dialog, dialog.note)

    # Nothing given: a message beside each input that needs one; nothing is written.
    dialog.reporter.clear()
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(dialog.field_errors()) == 4, timeout=10_000)
    assert dialog.field_errors() == {
        "reporter": "请填写报告人（是谁报告的）。",
        "report_to": "请至少选择一个报告对象（向哪个单位报告的）。",
        "report_method": "请选择报告方式。",
        "reported_at": "请填写报告时间。",
    }
    assert dialog.isVisible() and not dialog.busy
    assert dialog.focusWidget() is dialog.reporter

    dialog.reporter.setText("张主任")
    dialog.recipient_boxes["police"].setChecked(True)
    qtbot.mouseClick(dialog.recipient_boxes["township"], Qt.MouseButton.LeftButton)
    dialog.report_method.setCurrentIndex(dialog.report_method.findData("phone"))
    qtbot.mouseClick(dialog.findChild(QPushButton, "reportedNow"), Qt.MouseButton.LeftButton)
    assert dialog.reported_value() is not None
    dialog.note.setPlainText("派出所已派人上门。")
    with (
        qtbot.waitSignal(dialog.saved, timeout=10_000) as saved,
        qtbot.waitSignal(page.summary_loaded, timeout=10_000),
    ):
        qtbot.keyClick(dialog, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    # The dialog closed (and is gone).
    assert task_id not in page.task_dialogs
    recorded = saved.args[0].result
    assert recorded.startswith("报告人：张主任；报告对象：公安机关（110）、乡镇人民政府（民政）；")
    assert "报告方式：电话；报告时间：" in recorded and recorded.endswith(
        "备注：派出所已派人上门。"
    )

    # Gone from the list, the count down, the record in the vault with its audit entry.
    assert model.rowCount() == 0 and page.tasks_empty.isVisible()
    assert tile.count_label.text() == "0"

    def stored(session: Any, _admin: Any) -> tuple[Any, ...]:
        task = session.get(Task, task_id)
        audit, outbox = audit_and_outbox(session, task_id)
        return (
            task.status,
            task.result,
            task.done_at is not None,
            [(a.action, a.username) for a in audit],
            audit[-1].changes["result"],
            outbox[-1].fields["status"],
        )

    status, result, done, audit, change, outbox_status = in_vault(vault, stored)
    assert (status, result, done) == ("done", recorded, True)
    assert audit == [("create", "admin"), ("update", "admin")]
    assert change == [None, recorded] and outbox_status == "done"


def test_a_referral_asks_for_the_organisation_and_the_result(
    qtbot: Any, vault: Vault, ui_session: UiSession
) -> None:
    task_id = referral_task(vault)
    page = shown_workbench(qtbot, ui_session, (1100, 800))
    cell = page.task_table.visualRect(page.task_model.index(0, TaskColumn.TITLE)).center()
    # A real double-click: press and release, then the double-click.
    qtbot.mouseClick(page.task_table.viewport(), Qt.MouseButton.LeftButton, pos=cell)
    assert task_id not in page.task_dialogs
    qtbot.mouseDClick(page.task_table.viewport(), Qt.MouseButton.LeftButton, pos=cell)
    dialog = opened(qtbot, page, task_id)
    assert dialog.reminder.isHidden() and dialog.visit_label.isHidden()
    assert_fits_its_content(qtbot, dialog, dialog.result_text)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(dialog.field_errors()) == 2, timeout=10_000)
    assert dialog.field_errors() == {
        "referred_to": "请写明转介到哪个机构或服务。",
        "result": "请写明办理结果（做了什么、结果怎样）。",
    }
    dialog.referred_to.setText("樟树镇养老服务中心")
    dialog.result_text.setPlainText("已联系中心，明天上门评估。")
    with qtbot.waitSignal(page.summary_loaded, timeout=10_000):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert page.task_model.row_of(task_id) is None
    result = in_vault(vault, lambda s, a: s.scalar(select(Task.result).where(Task.id == task_id)))
    assert result == "转介机构：樟树镇养老服务中心；办理结果：已联系中心，明天上门评估。"


def test_a_task_recorded_meanwhile_elsewhere_is_not_recorded_twice(
    qtbot: Any, vault: Vault, ui_session: UiSession
) -> None:
    task_id = referral_task(vault)
    page = shown_workbench(qtbot, ui_session, (1100, 800))
    dialog = page.open_task(task_id)
    assert dialog is not None
    qtbot.waitUntil(lambda: dialog.detail is not None, timeout=10_000)
    in_vault(
        vault,
        lambda s, a: complete_task(
            s, a, task_id, TaskRecord(referred_to="敬老院", result="已入住。")
        ),
    )
    dialog.referred_to.setText("樟树镇养老服务中心")
    dialog.result_text.setPlainText("已联系。")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.message.isVisible(), timeout=10_000)
    assert "不能重复登记" in dialog.message.text()
    assert dialog.isVisible()
    dialog.discard()
