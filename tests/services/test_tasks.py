"""Follow-up tasks: the open list as each user sees it, and recording what a task asks."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session
from tests.services.test_visits import DAY, FORM, alone_answers, child_answers, make_child

from caseload_builders import (
    TANQUAN,
    YANGJIA,
    audit_and_outbox,
    cadre_actor,
    household_row,
    person_row,
)
from minzheng_field.domain.calendar import CHINA
from minzheng_field.domain.work import ReportMethod, ReportRecipient
from minzheng_field.services.context import Actor
from minzheng_field.services.declarations import record_relative_declaration
from minzheng_field.services.errors import Forbidden, InvalidInput
from minzheng_field.services.recording import record_create
from minzheng_field.services.tasks import (
    MANDATORY_REPORT_RECORDS,
    TaskCounts,
    TaskNotOpen,
    TaskRecord,
    TaskRecordNotValid,
    complete_task,
    count_open_tasks,
    open_tasks,
    reopen_task,
    task_detail,
)
from minzheng_field.services.visits import create_draft, finalise_visit
from minzheng_field.store.models import OutboxMutation, Task
from visit_builders import open_task

# The visit is on DAY (2026-03-10); the report was made that afternoon, read a week later.
NOW = datetime(2026, 3, 17, 2, 0, tzinfo=UTC)
REPORTED = datetime(2026, 3, 10, 15, 30)  # China time


def mandatory_task(session: Session, admin: Actor, village: str = TANQUAN) -> str:
    """Finalise a 留守 visit of a child living alone: the 强制报告 task's id."""
    child_id = make_child(session, admin, village, name="王小红")
    draft = create_draft(
        session, admin, child_id, FORM, visited_on=DAY, answers=alone_answers(risk_level="medium")
    )
    (raised,) = finalise_visit(session, admin, draft.visit_id).tasks
    return raised.task_id


def plain_task(
    session: Session,
    admin: Actor,
    kind: str,
    due_on: date | None,
    village: str = TANQUAN,
    title: str = "跟进",
) -> str:
    return open_task(session, admin, kind, due_on, f"{title}人", village=village, title=title)


def report(**changes: object) -> TaskRecord:
    values: dict[str, object] = {
        "reporter": "张主任",
        "report_to": (ReportRecipient.POLICE.value, ReportRecipient.TOWNSHIP.value),
        "receiver": "值班民警",
        "report_method": ReportMethod.PHONE.value,
        "reported_at": REPORTED,
        "note": "已电话报告，派出所当天上门。",
    }
    values.update(changes)
    return TaskRecord(**values)  # type: ignore[arg-type]


def test_a_mandatory_report_is_listed_first_due_on_the_visit_day_with_what_to_record(
    session: Session, admin: Actor
) -> None:
    overdue = plain_task(session, admin, "review", DAY - timedelta(days=30), title="低保复核")
    later = plain_task(session, admin, "follow_up", DAY + timedelta(days=5))
    task_id = mandatory_task(session, admin)
    day = DAY + timedelta(days=2)
    tasks = open_tasks(session, admin, day)
    assert [t.task_id for t in tasks] == [task_id, overdue, later]
    first = tasks[0]
    assert first.kind_label == "强制报告"
    assert first.person_name == "王小红" and first.village_name == "坦泉村"
    assert first.due_on == DAY and first.overdue_days == 2
    assert first.to_record == MANDATORY_REPORT_RECORDS
    assert first.assigned_to == "admin" and first.assigned_name
    assert first.source_visit_id is not None
    assert tasks[1].overdue_days == 32 and tasks[1].kind_label == "复核"
    assert tasks[2].overdue_days == 0 and tasks[2].due_in_days(day) == 3
    assert tasks[2].to_record == ("办理结果",)

    detail = task_detail(session, admin, task_id, day)
    assert detail.reminder is not None and "不会代您报告" in detail.reminder
    assert "报告人" in detail.rule_to_record
    assert detail.visited_on == DAY and detail.priority == "urgent"


def test_a_household_task_names_the_head_and_a_cadre_sees_only_their_villages(
    session: Session, admin: Actor
) -> None:
    household = household_row(session, admin, YANGJIA)
    head = person_row(session, admin, "户主甲", household)
    household.head_person_id = head.id
    session.flush()
    record_create(
        session,
        admin,
        Task(
            kind="documents",
            title="补齐材料：户主甲户",
            household_id=household.id,
            due_on=DAY,
            status="open",
        ),
    )
    tanquan = mandatory_task(session, admin, TANQUAN)
    (documents,) = open_tasks(session, admin, DAY, kinds=["documents"])
    assert documents.person_name == "户主甲" and documents.village_name == "洋佳村"

    cadre = cadre_actor(admin, "cadre1", TANQUAN)
    assert [t.task_id for t in open_tasks(session, cadre, DAY)] == [tanquan]
    with pytest.raises(Forbidden):
        complete_task(session, cadre, documents.task_id, TaskRecord(result="已补齐"), now=NOW)


def test_a_declared_relative_does_not_see_the_task(session: Session, admin: Actor) -> None:
    task_id = mandatory_task(session, admin)
    task = session.get(Task, task_id)
    assert task is not None and task.household_id is not None
    record_relative_declaration(
        session,
        admin,
        task.household_id,
        staff_name="管理员",
        staff_position="民政专干",
        relation="配偶",
        declared_on=DAY,
        staff_username="admin",
    )
    assert open_tasks(session, admin, DAY) == ()
    with pytest.raises(Forbidden):
        task_detail(session, admin, task_id, DAY)


def test_recording_a_mandatory_report_marks_it_done_with_audit_and_outbox(
    session: Session, admin: Actor
) -> None:
    task_id = mandatory_task(session, admin)
    done = complete_task(session, admin, task_id, report(), now=NOW)
    assert done.result == (
        "报告人：张主任；报告对象：公安机关（110）、乡镇人民政府（民政）；接报人：值班民警；"
        "报告方式：电话；报告时间：2026-03-10 15:30；备注：已电话报告，派出所当天上门。"
    )
    task = session.get(Task, task_id)
    assert task is not None
    assert (task.status, task.done_at, task.result) == ("done", NOW, done.result)
    audit, outbox = audit_and_outbox(session, task_id)
    assert [a.action for a in audit] == ["create", "update"]
    assert audit[1].changes["status"] == ["open", "done"]
    assert audit[1].changes["result"] == [None, done.result]
    assert [m.operation for m in outbox] == ["create", "update"]
    assert set(outbox[1].fields) == {"status", "done_at", "result"}
    assert outbox[1].fields["done_at"] == NOW.isoformat()
    assert open_tasks(session, admin, DAY) == ()


def test_a_done_task_is_not_recorded_twice(session: Session, admin: Actor) -> None:
    task_id = mandatory_task(session, admin)
    complete_task(session, admin, task_id, report(), now=NOW)
    before = session.scalar(select(func.count()).select_from(OutboxMutation))
    with pytest.raises(TaskNotOpen) as raised:
        complete_task(session, admin, task_id, report(reporter="李四"), now=NOW)
    assert (
        raised.value.message == "这项任务已于2026-03-17办结，不能重复登记；如需更正，请先重新打开。"
    )
    assert session.scalar(select(func.count()).select_from(OutboxMutation)) == before


def test_an_empty_report_names_every_missing_field_and_writes_nothing(
    session: Session, admin: Actor
) -> None:
    task_id = mandatory_task(session, admin)
    before = session.scalar(select(func.count()).select_from(OutboxMutation))
    with pytest.raises(TaskRecordNotValid) as raised:
        complete_task(session, admin, task_id, TaskRecord(reporter="  "), now=NOW)
    assert raised.value.problems == {
        "reporter": "请填写报告人（是谁报告的）。",
        "report_to": "请至少选择一个报告对象（向哪个单位报告的）。",
        "report_method": "请选择报告方式。",
        "reported_at": "请填写报告时间。",
    }
    assert raised.value.field == "reporter"
    assert raised.value.message == "请填写报告人（是谁报告的）。"
    assert session.scalar(select(func.count()).select_from(OutboxMutation)) == before
    task = session.get(Task, task_id)
    assert task is not None and task.status == "open"


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        (
            {"reported_at": datetime(2026, 3, 17, 10, 5)},  # 02:05 UTC, after NOW
            "reported_at",
            "报告时间不能晚于现在。",
        ),
        (
            {"reported_at": datetime(2026, 3, 9, 23, 59)},
            "reported_at",
            "报告时间不能早于探访日期（2026-03-10），请核对。",
        ),
        (
            {"report_to": (ReportRecipient.OTHER.value,)},
            "report_to_other",
            "选了“其他”，请写明向哪个单位报告的。",
        ),
        ({"report_to": ("fire_brigade",)}, "report_to", None),
        ({"report_method": "telegram"}, "report_method", "请选择报告方式。"),
    ],
)
def test_a_report_time_or_recipient_that_cannot_be_is_refused(
    session: Session,
    admin: Actor,
    changes: dict[str, object],
    field: str,
    message: str | None,
) -> None:
    task_id = mandatory_task(session, admin)
    with pytest.raises(TaskRecordNotValid) as raised:
        complete_task(session, admin, task_id, report(**changes), now=NOW)
    assert list(raised.value.problems) == [field]
    if message is not None:
        assert raised.value.message == message


def test_another_body_written_out_and_an_aware_time_are_recorded(
    session: Session, admin: Actor
) -> None:
    task_id = mandatory_task(session, admin)
    done = complete_task(
        session,
        admin,
        task_id,
        report(
            report_to=(ReportRecipient.OTHER.value, ReportRecipient.POLICE.value),
            report_to_other="县妇联",
            receiver=None,
            note=None,
            reported_at=datetime(2026, 3, 10, 1, 0, tzinfo=UTC),  # 09:00 in China
        ),
        now=NOW,
    )
    assert done.result == (
        "报告人：张主任；报告对象：公安机关（110）、县妇联；"
        "报告方式：电话；报告时间：2026-03-10 09:00"
    )
    assert done.values["报告时间"].astimezone(CHINA).hour == 9


def test_a_referral_needs_the_organisation_and_the_result(session: Session, admin: Actor) -> None:
    task_id = plain_task(session, admin, "referral", DAY)
    with pytest.raises(TaskRecordNotValid) as raised:
        complete_task(session, admin, task_id, TaskRecord(), now=NOW)
    assert raised.value.problems == {
        "referred_to": "请写明转介到哪个机构或服务。",
        "result": "请写明办理结果（做了什么、结果怎样）。",
    }
    done = complete_task(
        session,
        admin,
        task_id,
        TaskRecord(referred_to=" 樟树镇敬老院 ", result="已联系，下周入住。"),
        now=NOW,
    )
    assert done.result == "转介机构：樟树镇敬老院；办理结果：已联系，下周入住。"


def test_a_follow_up_needs_a_result_and_can_be_reopened_with_a_reason(
    session: Session, admin: Actor
) -> None:
    task_id = plain_task(session, admin, "follow_up", DAY)
    with pytest.raises(TaskRecordNotValid) as raised:
        complete_task(session, admin, task_id, TaskRecord(result=" "), now=NOW)
    assert raised.value.field == "result"
    complete_task(session, admin, task_id, TaskRecord(result="已处理。"), now=NOW)
    with pytest.raises(InvalidInput) as missing:
        reopen_task(session, admin, task_id, reason=" ")
    assert missing.value.field == "reason"
    reopened = reopen_task(session, admin, task_id, reason="家属反映问题仍在")
    assert reopened.change.fields["status"] == ("done", "open")
    audit, _outbox = audit_and_outbox(session, task_id)
    assert audit[-1].reason == "家属反映问题仍在"
    assert [t.task_id for t in open_tasks(session, admin, DAY)] == [task_id]


def test_a_visit_without_follow_ups_raises_no_task(session: Session, admin: Actor) -> None:
    child_id = make_child(session, admin)
    draft = create_draft(session, admin, child_id, FORM, visited_on=DAY, answers=child_answers())
    assert finalise_visit(session, admin, draft.visit_id).tasks == ()
    assert open_tasks(session, admin, DAY) == ()


def test_counts_cover_every_visible_task_and_a_limit_keeps_the_most_urgent(
    session: Session, admin: Actor
) -> None:
    report = mandatory_task(session, admin)
    overdue = plain_task(session, admin, "review", DAY - timedelta(days=3), title="复核")
    plain_task(session, admin, "follow_up", DAY + timedelta(days=3), YANGJIA)
    plain_task(session, admin, "documents", None, title="补齐材料")
    assert count_open_tasks(session, admin, DAY) == TaskCounts(4, 1, 1)
    every = open_tasks(session, admin, DAY)
    assert [t.task_id for t in every[:2]] == [report, overdue]
    assert every[-1].due_on is None
    assert open_tasks(session, admin, DAY, limit=2) == every[:2]
    assert count_open_tasks(session, cadre_actor(admin), DAY) == TaskCounts(3, 1, 1)
