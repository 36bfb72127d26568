"""Follow-up tasks: the open ones as a user sees them, and recording what a task asks.

Decisions:
- **Scope** is the caseload's: a task belongs to its person's household (or its own
  household when it names no person); a village cadre sees the tasks of their villages, a
  task of a person without a household is the township's, and nobody sees a task of a
  household they are declared related to (`search.scoped_query`, as schedules do).
- **Order**: open 强制报告 first (a child may be in danger; each is due the day of the
  visit), then by due date, so the most overdue come next and those without a date last.
  Overdue days are computed when read, never stored.
- **What is recorded** depends on the kind. A 强制报告 records who reported, to whom (one or
  more of the police, the county civil-affairs bureau, the township, the village committee,
  or another body written out), how, and when — not in the future and not before the visit.
  Every other kind records a required 办理结果; a 转介 also the organisation referred to.
- **`result` holds readable Chinese text**, one "label：value" per item joined by "；"
  (报告人：…；报告对象：…；报告方式：…；报告时间：2026-03-10 09:30). The household file, the
  audit log, printed ledgers and the county show it as it is, like the results the demo and
  older records hold as plain sentences; the labels are fixed, so it can still be read back
  by a program. The structured values come back in `CompletedTask`.
- Completing writes status, `done_at` and `result` through `record_update`, so the audit
  entry and the outbox mutation carry them. A task done or cancelled is not completed again.
- The tool reminds and records; it never reports anything to anyone by itself.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, case, func, or_, select, true
from sqlalchemy.orm import Session, aliased

from minzheng_field.domain.calendar import CHINA
from minzheng_field.domain.errors import MinzhengError
from minzheng_field.domain.work import ReportMethod, ReportRecipient, TaskStatus
from minzheng_field.forms.definition import FollowUpKind, FollowUpRule
from minzheng_field.forms.registry import UnknownForm
from minzheng_field.services.context import Actor
from minzheng_field.services.errors import Forbidden, InvalidInput, NotFound
from minzheng_field.services.forms_catalog import form_definition
from minzheng_field.services.recording import Change, record_update
from minzheng_field.services.search import scoped_query
from minzheng_field.services.visibility import check_can_open_household, check_can_open_person
from minzheng_field.store.models import (
    DivisionRow,
    Household,
    Person,
    Task,
    UserProfile,
    Visit,
    utc_now,
)
from minzheng_field.store.queries.person_search import PersonQuery

RESULT_LENGTH = 1000
SHORT_LENGTH = 100

MANDATORY_REMINDER = (
    "这属于强制报告情形（《中华人民共和国未成年人保护法》第十一条）：请您本人立即电话报告"
    "公安机关（110）和县民政局或乡镇人民政府。本工具只提醒和记录，不会代您报告。"
    "报告后请在本任务中记下报告人、报告对象、报告方式和报告时间。"
)
NO_HOUSEHOLD_TASK_MESSAGE = "这项任务不属于任何一户，请由乡镇民政专干办理。"


# What the user records, by kind (the dialog asks exactly these).
MANDATORY_REPORT_RECORDS = ("报告人", "报告对象", "报告方式", "报告时间", "备注")
REFERRAL_RECORDS = ("转介机构", "办理结果")
OUTCOME_RECORDS = ("办理结果",)


def records_for(kind: str) -> tuple[str, ...]:
    """The labels of what completing a task of `kind` records."""
    if kind == FollowUpKind.MANDATORY_REPORT:
        return MANDATORY_REPORT_RECORDS
    if kind == FollowUpKind.REFERRAL:
        return REFERRAL_RECORDS
    return OUTCOME_RECORDS


_KIND_LABELS = {member.value: member.label for member in FollowUpKind}


def kind_label(kind: str) -> str:
    """The Chinese name of a task kind (the code itself when unknown)."""
    return _KIND_LABELS.get(kind, kind)


class TaskNotOpen(MinzhengError):
    """A task already done (or cancelled) is not completed again."""

    kind = "task_not_open"


class TaskRecordNotValid(InvalidInput):
    """What was typed for a task does not pass; `problems` holds one message per field."""

    kind = "task_record_not_valid"

    def __init__(self, problems: Mapping[str, str]) -> None:
        first, message = next(iter(problems.items()))
        super().__init__(first, message)
        self.problems = dict(problems)


# -- results ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class OpenTask:
    """An open task as a list shows it; `overdue_days` is counted from the day asked for."""

    task_id: str
    kind: str
    kind_label: str
    title: str
    person_id: str | None
    person_name: str | None
    household_id: str | None
    village_code: str | None
    village_name: str | None
    due_on: date | None
    overdue_days: int
    assigned_to: str | None
    assigned_name: str | None
    source_visit_id: str | None
    to_record: tuple[str, ...]

    @property
    def is_mandatory_report(self) -> bool:
        """A 强制报告 not yet recorded: the most urgent kind."""
        return self.kind == FollowUpKind.MANDATORY_REPORT

    def due_in_days(self, day: date) -> int | None:
        """Days from `day` to the due date (negative when overdue; None without a date)."""
        return None if self.due_on is None else (self.due_on - day).days


@dataclass(frozen=True)
class TaskCounts:
    """Open tasks a user sees: in all, overdue, and 强制报告 not yet recorded."""

    total: int
    overdue: int
    mandatory: int


@dataclass(frozen=True)
class TaskDetail:
    """One task with what the user must be told and record, for the task dialog."""

    task: OpenTask
    status: str
    reminder: str | None
    # What the form's rule asks to be written down (shown as a hint).
    rule_to_record: tuple[str, ...]
    priority: str | None
    visited_on: date | None
    form_title: str | None
    done_at: datetime | None
    result: str | None


@dataclass(frozen=True)
class TaskRecord:
    """What the user typed for a task; which fields count depends on the task's kind."""

    # 强制报告
    reporter: str | None = None
    report_to: tuple[str, ...] = ()
    report_to_other: str | None = None
    receiver: str | None = None
    report_method: str | None = None
    # A naive time is China time.
    reported_at: datetime | None = None
    note: str | None = None
    # Every other kind
    result: str | None = None
    referred_to: str | None = None


@dataclass(frozen=True)
class CompletedTask:
    """A task recorded as done: its id, the stored text, the checked values and the change."""

    task_id: str
    kind: str
    result: str
    done_at: datetime
    values: Mapping[str, Any] = field(default_factory=dict)
    change: Change | None = None


@dataclass(frozen=True)
class ReopenedTask:
    """A task open again, and the change that says so."""

    task_id: str
    change: Change


# -- reading ---------------------------------------------------------------------------------


def open_tasks(
    session: Session,
    actor: Actor,
    day: date,
    *,
    assigned_to: str | None = None,
    kinds: Iterable[str] | None = None,
    limit: int | None = None,
) -> tuple[OpenTask, ...]:
    """The open tasks `actor` may see: 强制报告 first, then the most overdue; by due date.

    With `limit`, only that many of the most urgent (the workbench's first paint).
    """
    query = _task_select(session, actor, assigned_to=assigned_to, kinds=kinds).order_by(
        case((Task.kind == FollowUpKind.MANDATORY_REPORT.value, 0), else_=1),
        Task.due_on.is_(None),
        Task.due_on,
        Task.title,
        Task.id,
    )
    if limit is not None:
        query = query.limit(limit)
    # Core rows (no ORM entities): the workbench reads them on its first paint.
    return _open_tasks(session, session.connection().execute(query).all(), day)


def count_open_tasks(session: Session, actor: Actor, day: date) -> TaskCounts:
    """How many open tasks `actor` may see, how many are overdue on `day`, how many 强制报告."""
    query = _scoped(
        session,
        actor,
        select(
            func.count(),
            func.coalesce(func.sum(case((Task.due_on < day, 1), else_=0)), 0),
            func.coalesce(
                func.sum(case((Task.kind == FollowUpKind.MANDATORY_REPORT.value, 1), else_=0)), 0
            ),
        ),
    ).where(Task.status == TaskStatus.OPEN.value)
    total, overdue, mandatory = session.connection().execute(query).one()
    return TaskCounts(int(total), int(overdue), int(mandatory))


def task_detail(session: Session, actor: Actor, task_id: str, day: date) -> TaskDetail:
    """One task (open or not) with its reminder and what to record."""
    task = _visible_task(session, actor, task_id)
    row = session.execute(_task_select(session, actor, task_id=task.id, any_status=True)).first()
    if row is None:
        raise NotFound("任务")
    (shown,) = _open_tasks(session, [row], day)
    rule, visited_on, form_title = _rule_of(session, task)
    reminder = rule.reminder if rule is not None else None
    if reminder is None and task.kind == FollowUpKind.MANDATORY_REPORT:
        reminder = MANDATORY_REMINDER
    return TaskDetail(
        task=shown,
        status=task.status,
        reminder=reminder,
        rule_to_record=rule.to_record if rule is not None else (),
        priority=rule.priority.value if rule is not None else None,
        visited_on=visited_on,
        form_title=form_title,
        done_at=task.done_at,
        result=task.result,
    )


# -- writing ---------------------------------------------------------------------------------


def complete_task(
    session: Session,
    actor: Actor,
    task_id: str,
    record: TaskRecord,
    *,
    now: datetime | None = None,
) -> CompletedTask:
    """Record what a task asked for and mark it done (checked first; nothing written if not)."""
    task = _visible_task(session, actor, task_id)
    if task.status != TaskStatus.OPEN:
        raise TaskNotOpen(_not_open_message(task))
    moment = now or utc_now()
    if task.kind == FollowUpKind.MANDATORY_REPORT:
        visited_on = _visit_day(session, task.source_visit_id)
        values = _checked_report(record, moment, visited_on)
    else:
        values = _checked_outcome(record, referral=task.kind == FollowUpKind.REFERRAL)
    text = result_text(values)
    change = record_update(
        session,
        actor,
        task,
        {"status": TaskStatus.DONE.value, "done_at": moment, "result": text},
    )
    return CompletedTask(task.id, task.kind, text, moment, values, change)


def reopen_task(session: Session, actor: Actor, task_id: str, *, reason: str) -> ReopenedTask:
    """Open a done task again (its record was wrong or the matter came back); reason required."""
    task = _visible_task(session, actor, task_id)
    why = (reason or "").strip()
    if not why:
        raise InvalidInput("reason", "请写明重新打开这项任务的原因。")
    if task.status != TaskStatus.DONE:
        raise TaskNotOpen("只有已办结的任务才能重新打开。")
    change = record_update(
        session,
        actor,
        task,
        {"status": TaskStatus.OPEN.value, "done_at": None, "result": None},
        reason=why,
    )
    assert change is not None
    return ReopenedTask(task.id, change)


def result_text(values: Mapping[str, Any]) -> str:
    """The stored text of checked values: "label：value" items joined by "；"."""
    items: list[str] = []
    for label, value in values.items():
        if value is None or value == () or value == "":
            continue
        if isinstance(value, tuple):
            value = "、".join(value)
        elif isinstance(value, datetime):
            value = value.astimezone(CHINA).strftime("%Y-%m-%d %H:%M")
        items.append(f"{label}：{value}")
    return "；".join(items)


# -- checks ----------------------------------------------------------------------------------


def _checked_report(record: TaskRecord, now: datetime, visited_on: date | None) -> dict[str, Any]:
    problems: dict[str, str] = {}
    reporter = _text(record.reporter)
    if reporter is None:
        problems["reporter"] = "请填写报告人（是谁报告的）。"
    elif len(reporter) > SHORT_LENGTH:
        problems["reporter"] = f"报告人请控制在{SHORT_LENGTH}字以内。"
    recipients: list[str] = []
    other = _text(record.report_to_other)
    chosen = set(record.report_to)
    unknown = chosen - {member.value for member in ReportRecipient}
    if not chosen or unknown:
        problems["report_to"] = "请至少选择一个报告对象（向哪个单位报告的）。"
    else:
        for member in ReportRecipient:
            if member.value not in chosen:
                continue
            if member is ReportRecipient.OTHER:
                if other is None:
                    problems["report_to_other"] = "选了“其他”，请写明向哪个单位报告的。"
                else:
                    recipients.append(other[:SHORT_LENGTH])
            else:
                recipients.append(member.label)
    method = record.report_method
    if method not in {member.value for member in ReportMethod}:
        problems["report_method"] = "请选择报告方式。"
    reported_at = record.reported_at
    if reported_at is None:
        problems["reported_at"] = "请填写报告时间。"
    else:
        if reported_at.tzinfo is None:
            reported_at = reported_at.replace(tzinfo=CHINA)
        if reported_at > now:
            problems["reported_at"] = "报告时间不能晚于现在。"
        elif visited_on is not None and reported_at.astimezone(CHINA).date() < visited_on:
            problems["reported_at"] = (
                f"报告时间不能早于探访日期（{visited_on.isoformat()}），请核对。"
            )
    note = _text(record.note)
    if note is not None and len(note) > RESULT_LENGTH:
        problems["note"] = f"备注请控制在{RESULT_LENGTH}字以内。"
    if problems:
        raise TaskRecordNotValid(problems)
    receiver = _text(record.receiver)
    assert method is not None and reported_at is not None
    return {
        "报告人": reporter,
        "报告对象": tuple(recipients),
        "接报人": receiver[:SHORT_LENGTH] if receiver else None,
        "报告方式": ReportMethod(method).label,
        "报告时间": reported_at,
        "备注": note,
    }


def _checked_outcome(record: TaskRecord, *, referral: bool) -> dict[str, Any]:
    problems: dict[str, str] = {}
    referred_to = _text(record.referred_to)
    if referral:
        if referred_to is None:
            problems["referred_to"] = "请写明转介到哪个机构或服务。"
        elif len(referred_to) > SHORT_LENGTH:
            problems["referred_to"] = f"转介机构请控制在{SHORT_LENGTH}字以内。"
    result = _text(record.result)
    if result is None:
        problems["result"] = "请写明办理结果（做了什么、结果怎样）。"
    elif len(result) > RESULT_LENGTH:
        problems["result"] = f"办理结果请控制在{RESULT_LENGTH}字以内。"
    if problems:
        raise TaskRecordNotValid(problems)
    values: dict[str, Any] = {}
    if referral:
        values["转介机构"] = referred_to
    values["办理结果"] = result
    return values


def _text(value: str | None) -> str | None:
    return (value or "").strip() or None


def _not_open_message(task: Task) -> str:
    if task.status == TaskStatus.DONE:
        when = task.done_at.astimezone(CHINA).date().isoformat() if task.done_at else ""
        done = f"已于{when}办结" if when else "已经办结"
        return f"这项任务{done}，不能重复登记；如需更正，请先重新打开。"
    return "这项任务已取消，不能登记办理结果。"


# -- queries ---------------------------------------------------------------------------------


_Head = aliased(Person)


_HOUSEHOLD_ID = func.coalesce(Person.household_id, Task.household_id)


def _task_select(
    session: Session,
    actor: Actor,
    *,
    assigned_to: str | None = None,
    kinds: Iterable[str] | None = None,
    task_id: str | None = None,
    any_status: bool = False,
) -> Select[Any]:
    """Tasks with their person, household and village, narrowed to what `actor` may see."""
    query = _scoped(
        session,
        actor,
        select(
            Task.id,
            Task.kind,
            Task.title,
            Task.person_id,
            Person.name,
            _HOUSEHOLD_ID.label("household_id"),
            Household.village_code,
            _Head.name.label("head_name"),
            Task.due_on,
            Task.assigned_to,
            Task.source_visit_id,
        ),
    ).outerjoin(_Head, _Head.id == Household.head_person_id)
    if not any_status:
        query = query.where(Task.status == TaskStatus.OPEN.value)
    if task_id is not None:
        query = query.where(Task.id == task_id)
    if assigned_to is not None:
        query = query.where(Task.assigned_to == assigned_to)
    if kinds is not None:
        query = query.where(Task.kind.in_(sorted(set(kinds))))
    return query


def _scoped(session: Session, actor: Actor, query: Select[Any]) -> Select[Any]:
    """`query` over live tasks joined to their person and household, within `actor`'s sight.

    The household is the person's (a person who moved takes their tasks along), else the
    task's own.
    """
    return (
        query.select_from(Task)
        .outerjoin(Person, Person.id == Task.person_id)
        .outerjoin(Household, Household.id == _HOUSEHOLD_ID)
        .where(Task.deleted.is_(False))
        .where(or_(Task.person_id.is_(None), Person.deleted.is_(False)))
        .where(or_(Household.id.is_(None), Household.deleted.is_(False)))
        .where(_in_scope(session, actor, _HOUSEHOLD_ID))
    )


def _in_scope(session: Session, actor: Actor, household_id: Any) -> ColumnElement[bool]:
    scope = scoped_query(session, actor, PersonQuery())
    conditions: list[ColumnElement[bool]] = []
    if scope.village_codes is not None:
        # A cadre's villages only; a task outside every household is the township's.
        conditions.append(Household.village_code.in_(sorted(scope.village_codes)))
    if scope.exclude_household_ids:
        conditions.append(
            or_(household_id.is_(None), household_id.not_in(sorted(scope.exclude_household_ids)))
        )
    if scope.exclude_person_ids:
        conditions.append(
            or_(Task.person_id.is_(None), Task.person_id.not_in(sorted(scope.exclude_person_ids)))
        )
    return and_(true(), *conditions)


def _open_tasks(session: Session, rows: Iterable[Any], day: date) -> tuple[OpenTask, ...]:
    rows = list(rows)
    villages = _names(
        session, DivisionRow.code, DivisionRow.name, {row.village_code for row in rows}
    )
    users = _names(
        session, UserProfile.username, UserProfile.display_name, {row.assigned_to for row in rows}
    )
    # In the order of the query (the most urgent first).
    tasks = [
        OpenTask(
            task_id=row.id,
            kind=row.kind,
            kind_label=kind_label(row.kind),
            title=row.title,
            person_id=row.person_id,
            person_name=row.name if row.person_id is not None else row.head_name,
            household_id=row.household_id,
            village_code=row.village_code,
            village_name=villages.get(row.village_code),
            due_on=row.due_on,
            overdue_days=max(0, (day - row.due_on).days) if row.due_on is not None else 0,
            assigned_to=row.assigned_to,
            assigned_name=users.get(row.assigned_to),
            source_visit_id=row.source_visit_id,
            to_record=records_for(row.kind),
        )
        for row in rows
    ]
    return tuple(tasks)


def _names(session: Session, key: Any, value: Any, wanted: set[Any]) -> dict[str, str]:
    codes = sorted(code for code in wanted if code is not None)
    if not codes:
        return {}
    return dict(session.connection().execute(select(key, value).where(key.in_(codes))).all())


def _visible_task(session: Session, actor: Actor, task_id: str) -> Task:
    task = session.get(Task, task_id)
    if task is None or task.deleted:
        raise NotFound("任务")
    if task.person_id is not None:
        check_can_open_person(session, actor, task.person_id)
    elif task.household_id is not None:
        check_can_open_household(session, actor, task.household_id)
    elif not actor.sees_whole_township:
        raise Forbidden(NO_HOUSEHOLD_TASK_MESSAGE)
    return task


def _visit_day(session: Session, visit_id: str | None) -> date | None:
    if visit_id is None:
        return None
    return session.scalar(select(Visit.visited_on).where(Visit.id == visit_id))


def _rule_of(session: Session, task: Task) -> tuple[FollowUpRule | None, date | None, str | None]:
    """The form rule that raised a task (matched by kind and title), the visit day, the form."""
    if task.source_visit_id is None:
        return None, None, None
    visit = session.execute(
        select(Visit.form_id, Visit.form_version, Visit.visited_on).where(
            Visit.id == task.source_visit_id
        )
    ).first()
    if visit is None:
        return None, None, None
    try:
        definition = form_definition(session, visit.form_id, visit.form_version)
    except UnknownForm:
        return None, visit.visited_on, None
    for rule in definition.followups:
        # Tasks are titled "<rule title>：<name>" (services.visits).
        if rule.kind == task.kind and task.title.startswith(f"{rule.title}："):
            return rule, visit.visited_on, definition.title
    return None, visit.visited_on, definition.title
