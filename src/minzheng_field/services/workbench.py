"""The workbench: what needs attention today, each item counted from the data, with its list.

Pure reads. Every item is scoped to the acting user (a village cadre: their villages, and
never a household they are declared related to) and carries the persons it counts, so a
click opens exactly that list. Later steps add their items (visits due, deadlines, 疑点,
conflicts) by appending a builder to `ITEM_BUILDERS`.

The two visit items cost most of the time on a large township (they work through every
schedule and visit), so the workbench can count in two reads: `workbench_summary(...,
visits=False)` at once, its visit items marked `pending`, then `visit_items(...)`, merged
with `WorkbenchSummary.with_items`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import ColumnElement, and_, func, select
from sqlalchemy.orm import Session

from minzheng_field.domain.calendar import china_date
from minzheng_field.domain.care import ChildCategory
from minzheng_field.domain.integrity import (
    ChildRecord,
    EnrolmentRecord,
    deceased_with_active_benefit,
    left_behind_children_over_age,
)
from minzheng_field.domain.months import Month
from minzheng_field.domain.programs import Program
from minzheng_field.services.context import Actor
from minzheng_field.services.schedules import due_visits, monthly_coverage
from minzheng_field.services.search import scoped_query
from minzheng_field.services.tasks import OpenTask, TaskCounts, count_open_tasks, open_tasks
from minzheng_field.store.backup import LAST_BACKUP_KEY
from minzheng_field.store.models import (
    ChildFile,
    Enrolment,
    Household,
    OutboxMutation,
    Person,
    VaultMeta,
)
from minzheng_field.store.queries.person_search import CURRENT_STATUSES, PersonQuery, RiskFlag

DEFAULT_BACKUP_REMINDER_DAYS = 7
# The workbench lists this many of the most urgent open tasks (all of them in a township's
# usual caseload; the counts always cover all).
WORKBENCH_TASKS = 300


class Severity(StrEnum):
    """How urgent an item is; CLEAR means nothing to do."""

    CLEAR = "clear"
    NOTICE = "notice"
    WARNING = "warning"


class ItemKey(StrEnum):
    """The items of this step; later steps add their own keys."""

    UNSYNCED_CHANGES = "unsynced_changes"
    REVIEWS_DUE = "reviews_due"
    DECEASED_WITH_BENEFIT = "deceased_with_benefit"
    LEFT_BEHIND_OVER_AGE = "left_behind_over_age"
    PENDING_VERIFICATION = "pending_verification"
    BACKUP = "backup"
    VISITS_DUE = "visits_due"
    NOT_CONTACTED_THIS_MONTH = "not_contacted_this_month"
    OPEN_TASKS = "open_tasks"


@dataclass(frozen=True)
class WorkbenchItem:
    """One count on the workbench and what opens when it is clicked."""

    key: str
    title: str
    count: int
    severity: Severity
    # The persons counted (a list to open), or None when the item is not a list of persons.
    person_ids: tuple[str, ...] | None = None
    # The same list as a search, where the search can express it.
    query: PersonQuery | None = None
    # One Chinese sentence with more detail (e.g. how many are overdue).
    detail: str = ""
    # How many of `count` are already past their date.
    overdue: int = 0
    # How many of `count` are 强制报告 not yet recorded (the most urgent).
    urgent: int = 0
    # Not counted yet (a visit item of a summary counted with visits=False): `count` means nothing.
    pending: bool = False


@dataclass(frozen=True)
class WorkbenchSummary:
    """Every workbench item for one user on one day."""

    today: date
    items: tuple[WorkbenchItem, ...]
    last_backup_at: datetime | None
    backup_reminder_days: int
    # The most urgent open tasks the user sees (at most WORKBENCH_TASKS), for the list.
    tasks: tuple[OpenTask, ...] = ()

    @property
    def days_since_backup(self) -> int | None:
        """Whole days (China's calendar) since the last backup; None when there was none."""
        return _days_since(self.last_backup_at, self.today)

    def item(self, key: str) -> WorkbenchItem:
        """The item with this key (KeyError when there is none)."""
        for item in self.items:
            if item.key == key:
                return item
        raise KeyError(key)

    @property
    def pending(self) -> bool:
        """Whether some item is not counted yet."""
        return any(item.pending for item in self.items)

    def with_items(self, items: Iterable[WorkbenchItem]) -> WorkbenchSummary:
        """This summary with its items of the same keys replaced by `items` (in place)."""
        replacing = {item.key: item for item in items}
        return replace(self, items=tuple(replacing.get(item.key, item) for item in self.items))


@dataclass(frozen=True)
class WorkbenchContext:
    """What an item builder works with: the session, the actor's scope, the day."""

    session: Session
    actor: Actor
    today: date
    backup_reminder_days: int
    # None: the whole township; otherwise the villages whose persons the actor sees.
    villages: frozenset[str] | None
    excluded_households: frozenset[str]
    excluded_persons: frozenset[str]
    # Open tasks the actor sees: how many, and the most urgent for the list.
    task_counts: TaskCounts = field(default_factory=lambda: TaskCounts(0, 0, 0))
    open_tasks: tuple[OpenTask, ...] = ()
    # False: the visit items are left pending (counted apart by `visit_items`).
    count_visits: bool = True

    def person_in_scope(self) -> ColumnElement[bool]:
        """A condition on `Person`: live and visible to the actor."""
        conditions: list[ColumnElement[bool]] = [Person.deleted.is_(False)]
        if self.villages is not None:
            conditions.append(
                Person.household_id.in_(
                    select(Household.id).where(Household.village_code.in_(sorted(self.villages)))
                )
            )
        if self.excluded_households:
            conditions.append(
                Person.household_id.is_(None)
                | Person.household_id.not_in(sorted(self.excluded_households))
            )
        if self.excluded_persons:
            conditions.append(Person.id.not_in(sorted(self.excluded_persons)))
        return and_(*conditions)

    def household_in_scope(self) -> ColumnElement[bool]:
        """A condition on `Household`: live and visible to the actor."""
        conditions: list[ColumnElement[bool]] = [Household.deleted.is_(False)]
        if self.villages is not None:
            conditions.append(Household.village_code.in_(sorted(self.villages)))
        if self.excluded_households:
            conditions.append(Household.id.not_in(sorted(self.excluded_households)))
        return and_(*conditions)


ItemBuilder = Callable[[WorkbenchContext], WorkbenchItem]


def workbench_summary(
    session: Session,
    actor: Actor,
    today: date,
    *,
    backup_reminder_days: int = DEFAULT_BACKUP_REMINDER_DAYS,
    visits: bool = True,
) -> WorkbenchSummary:
    """Every workbench item for `actor` on `today`; with visits=False the visit items pending."""
    context = _context(session, actor, today, backup_reminder_days, count_visits=visits)
    context = replace(
        context,
        task_counts=count_open_tasks(session, actor, today),
        open_tasks=open_tasks(session, actor, today, limit=WORKBENCH_TASKS),
    )
    return WorkbenchSummary(
        today=today,
        items=tuple(build(context) for build in ITEM_BUILDERS),
        last_backup_at=last_backup_at(session),
        backup_reminder_days=backup_reminder_days,
        tasks=context.open_tasks,
    )


def visit_items(session: Session, actor: Actor, today: date) -> tuple[WorkbenchItem, ...]:
    """The visit items alone (what `workbench_summary(..., visits=False)` leaves pending)."""
    context = _context(session, actor, today, DEFAULT_BACKUP_REMINDER_DAYS, count_visits=True)
    return tuple(build(context) for build in VISIT_BUILDERS)


def _context(
    session: Session, actor: Actor, today: date, backup_reminder_days: int, *, count_visits: bool
) -> WorkbenchContext:
    scope = scoped_query(session, actor, PersonQuery())
    return WorkbenchContext(
        session=session,
        actor=actor,
        today=today,
        backup_reminder_days=backup_reminder_days,
        villages=scope.village_codes,
        excluded_households=scope.exclude_household_ids,
        excluded_persons=scope.exclude_person_ids,
        count_visits=count_visits,
    )


def last_backup_at(session: Session) -> datetime | None:
    """When the last backup of this vault was written, if ever."""
    value = session.scalar(select(VaultMeta.value).where(VaultMeta.key == LAST_BACKUP_KEY))
    if not value:
        return None
    moment = datetime.fromisoformat(value)
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def unsynced_changes(context: WorkbenchContext) -> WorkbenchItem:
    """Changes of this device waiting in the outbox (the whole device, not one user)."""
    count = context.session.scalar(select(func.count()).select_from(OutboxMutation)) or 0
    return WorkbenchItem(
        ItemKey.UNSYNCED_CHANGES,
        "未同步的修改",
        count,
        Severity.NOTICE if count else Severity.CLEAR,
    )


def reviews_due(context: WorkbenchContext) -> WorkbenchItem:
    """Current enrolments whose review falls in this month or is overdue.

    A household program's review is listed under the household's head.
    """
    month_end = Month.from_date(context.today).last_day()
    rows = context.session.execute(
        select(
            Enrolment.person_id,
            Enrolment.household_id,
            Enrolment.next_review_on,
            Household.head_person_id,
        )
        .join(Household, Household.id == Enrolment.household_id)
        .where(
            Enrolment.deleted.is_(False),
            Enrolment.status.in_(CURRENT_STATUSES),
            Enrolment.next_review_on.is_not(None),
            Enrolment.next_review_on <= month_end,
            context.household_in_scope(),
        )
    ).all()
    wanted: dict[str, bool] = {}
    headless: list[tuple[str, bool]] = []
    for person_id, household_id, next_review, head in rows:
        overdue = next_review < context.today
        owner = person_id or head
        if owner is None:
            headless.append((household_id, overdue))
            continue
        wanted[owner] = wanted.get(owner, False) or overdue
    if headless:
        first_members = _first_live_member(context.session, {h for h, _ in headless})
        for household_id, overdue in headless:
            owner = first_members.get(household_id)
            if owner is not None:
                wanted[owner] = wanted.get(owner, False) or overdue
    visible = _visible_persons(context, wanted)
    overdue_count = sum(1 for person_id in visible if wanted[person_id])
    detail = f"其中{overdue_count}人已逾期。" if overdue_count else ""
    return _persons_item(
        ItemKey.REVIEWS_DUE,
        "本月应复核",
        visible,
        warning=overdue_count > 0,
        detail=detail,
        overdue=overdue_count,
    )


def deceased_with_benefit(context: WorkbenchContext) -> WorkbenchItem:
    """Deceased persons with a current benefit, their own or their household's (死亡保)."""
    session = context.session
    deceased = session.execute(
        select(Person.id, Person.household_id, Person.deceased_on).where(
            Person.deceased_on.is_not(None),
            Person.deceased_on <= context.today,
            context.person_in_scope(),
        )
    ).all()
    death_dates = {person_id: died for person_id, _household, died in deceased}
    households = {household for _p, household, _d in deceased if household is not None}
    records: list[EnrolmentRecord] = []
    for person_id, household_id, program, status in session.execute(
        select(Enrolment.person_id, Enrolment.household_id, Enrolment.program, Enrolment.status)
        .where(Enrolment.deleted.is_(False), Enrolment.status.in_(CURRENT_STATUSES))
        .where(
            Enrolment.person_id.in_(sorted(death_dates))
            | (Enrolment.person_id.is_(None) & Enrolment.household_id.in_(sorted(households)))
        )
    ):
        if person_id is not None:
            records.append(EnrolmentRecord(person_id, Program(program), status, household_id))
            continue
        # A household program covers each member: the deceased members are flagged.
        for member_id, member_household, _died in deceased:
            if member_household == household_id:
                records.append(EnrolmentRecord(member_id, Program(program), status, household_id))
    flags = deceased_with_active_benefit(death_dates, records, context.today)
    ids = _sorted_ids(pid for flag in flags for pid in flag.person_ids)
    return _persons_item(
        ItemKey.DECEASED_WITH_BENEFIT,
        "去世仍在保",
        ids,
        warning=True,
        query=_flagged(context, RiskFlag.DECEASED_WITH_BENEFIT),
    )


def left_behind_over_age(context: WorkbenchContext) -> WorkbenchItem:
    """Living children still on the 留守儿童 roster who have turned 16."""
    rows = context.session.execute(
        select(Person.id, Person.birth_date)
        .join(ChildFile, ChildFile.person_id == Person.id)
        .where(
            ChildFile.deleted.is_(False),
            ChildFile.category == ChildCategory.LEFT_BEHIND.value,
            Person.birth_date.is_not(None),
            Person.deceased_on.is_(None),
            context.person_in_scope(),
        )
    ).all()
    flags = left_behind_children_over_age(
        (ChildRecord(person_id, birth) for person_id, birth in rows), context.today
    )
    ids = _sorted_ids(pid for flag in flags for pid in flag.person_ids)
    return _persons_item(
        ItemKey.LEFT_BEHIND_OVER_AGE,
        "留守儿童已满16周岁",
        ids,
        warning=True,
        detail="请移出留守儿童名册并做好衔接。" if ids else "",
    )


def pending_verification(context: WorkbenchContext) -> WorkbenchItem:
    """Persons kept as 待核实 (no ID number yet)."""
    ids = _sorted_ids(
        context.session.scalars(
            select(Person.id).where(
                Person.pending_verification.is_(True), context.person_in_scope()
            )
        )
    )
    return _persons_item(
        ItemKey.PENDING_VERIFICATION,
        "待核实人员",
        ids,
        warning=False,
        query=_flagged(context, RiskFlag.PENDING_VERIFICATION),
    )


def visits_due(context: WorkbenchContext) -> WorkbenchItem:
    """Persons with a visit due today or overdue (schedules.due_visits), as the actor sees."""
    if not context.count_visits:
        return _pending(ItemKey.VISITS_DUE, "应探访（含逾期）")
    due = due_visits(context.session, context.actor, context.today)
    overdue_persons = {visit.person_id for visit in due if visit.overdue_days > 0}
    ids = _sorted_ids(visit.person_id for visit in due)
    overdue_count = len(overdue_persons)
    return _persons_item(
        ItemKey.VISITS_DUE,
        "应探访（含逾期）",
        ids,
        warning=overdue_count > 0,
        detail=f"其中{overdue_count}人已逾期。" if overdue_count else "",
        overdue=overdue_count,
    )


def not_contacted_this_month(context: WorkbenchContext) -> WorkbenchItem:
    """Persons counted by a monthly visit rate (特殊困难老年人, …) not yet contacted this month."""
    if not context.count_visits:
        return _pending(ItemKey.NOT_CONTACTED_THIS_MONTH, "本月尚未联系")
    report = monthly_coverage(context.session, context.actor, Month.from_date(context.today))
    ids = _sorted_ids(person.person_id for person in report.not_contacted)
    total = report.total
    detail = f"本月已联系{total.contacted}人，共{total.enrolled}人。" if total.enrolled else ""
    return _persons_item(
        ItemKey.NOT_CONTACTED_THIS_MONTH,
        "本月尚未联系",
        ids,
        warning=False,
        detail=detail,
    )


def tasks_to_do(context: WorkbenchContext) -> WorkbenchItem:
    """Open follow-up tasks the actor sees; a warning when one is overdue or a 强制报告."""
    counts = context.task_counts
    overdue, urgent = counts.overdue, counts.mandatory
    details = []
    if urgent:
        details.append(f"{urgent}项强制报告待记录")
    if overdue:
        details.append(f"其中{overdue}项已逾期")
    return WorkbenchItem(
        ItemKey.OPEN_TASKS,
        "待办任务",
        counts.total,
        _severity(counts.total, warning=bool(overdue or urgent)),
        detail="；".join(details) + "。" if details else "",
        overdue=overdue,
        urgent=urgent,
    )


def backup_reminder(context: WorkbenchContext) -> WorkbenchItem:
    """Count 1 when the last backup is `backup_reminder_days` days old or more, or missing."""
    last = last_backup_at(context.session)
    if last is None:
        return WorkbenchItem(
            ItemKey.BACKUP, "备份提醒", 1, Severity.WARNING, detail="还没有备份过。"
        )
    days = _days_since(last, context.today) or 0
    due = days >= context.backup_reminder_days
    detail = "今天已备份。" if days <= 0 else f"上次备份是{days}天前。"
    return WorkbenchItem(
        ItemKey.BACKUP,
        "备份提醒",
        1 if due else 0,
        Severity.WARNING if due else Severity.CLEAR,
        detail=detail,
    )


ITEM_BUILDERS: list[ItemBuilder] = [
    tasks_to_do,
    deceased_with_benefit,
    reviews_due,
    visits_due,
    not_contacted_this_month,
    left_behind_over_age,
    pending_verification,
    unsynced_changes,
    backup_reminder,
]

# The items `visit_items` counts (in a reader job of their own on the workbench).
VISIT_BUILDERS: tuple[ItemBuilder, ...] = (visits_due, not_contacted_this_month)


def _pending(key: ItemKey, title: str) -> WorkbenchItem:
    """An item not counted yet."""
    return WorkbenchItem(key, title, 0, Severity.CLEAR, pending=True)


def _days_since(moment: datetime | None, today: date) -> int | None:
    if moment is None:
        return None
    return (today - china_date(moment)).days


def _persons_item(
    key: ItemKey, title: str, ids: tuple[str, ...], *, warning: bool, **more: Any
) -> WorkbenchItem:
    """An item counting the persons `ids`: a warning or a notice when there are any."""
    return WorkbenchItem(
        key, title, len(ids), _severity(len(ids), warning=warning), person_ids=ids, **more
    )


def _flagged(context: WorkbenchContext, flag: RiskFlag) -> PersonQuery:
    """The search listing the persons with `flag` (as many as a page holds)."""
    return PersonQuery(flags=frozenset({flag}), today=context.today, limit=500)


def _severity(count: int, *, warning: bool) -> Severity:
    if not count:
        return Severity.CLEAR
    return Severity.WARNING if warning else Severity.NOTICE


def _sorted_ids(ids: Iterable[Any]) -> tuple[str, ...]:
    return tuple(sorted(set(ids)))


def _visible_persons(context: WorkbenchContext, ids: Iterable[str]) -> tuple[str, ...]:
    wanted = sorted(set(ids))
    if not wanted:
        return ()
    return _sorted_ids(
        context.session.scalars(
            select(Person.id).where(Person.id.in_(wanted), context.person_in_scope())
        )
    )


def _first_live_member(session: Session, household_ids: set[str]) -> dict[str, str]:
    """For households without a head: one live member each (the lowest id, for stability)."""
    rows = session.execute(
        select(Person.household_id, func.min(Person.id))
        .where(Person.household_id.in_(sorted(household_ids)), Person.deleted.is_(False))
        .group_by(Person.household_id)
    ).all()
    return {household_id: person_id for household_id, person_id in rows}
