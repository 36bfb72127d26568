"""The workbench counts what the data holds, for the acting user's villages only."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from caseload_builders import (
    TANQUAN,
    YANGJIA,
    cadre_user,
    demo_township_session,
    household_row,
    person_row,
)
from minzheng_field.domain.age import age_on
from minzheng_field.domain.care import ChildCategory
from minzheng_field.domain.months import Month
from minzheng_field.domain.programs import EnrolmentStatus, Program
from minzheng_field.domain.roles import Role
from minzheng_field.services import workbench
from minzheng_field.services.context import Actor, actor_for
from minzheng_field.services.demo import DEFAULT_TODAY
from minzheng_field.services.recording import record_create
from minzheng_field.services.search import search
from minzheng_field.services.workbench import (
    ITEM_BUILDERS,
    ItemKey,
    Severity,
    WorkbenchSummary,
    visit_items,
    workbench_summary,
)
from minzheng_field.store.backup import LAST_BACKUP_KEY
from minzheng_field.store.models import (
    ChildFile,
    Enrolment,
    Household,
    OutboxMutation,
    Person,
    RelativeDeclaration,
    Task,
    UserProfile,
    VaultMeta,
)
from minzheng_field.store.vault import Vault
from visit_builders import elder_visited, open_task

TODAY = date(2026, 11, 28)
CURRENT = {s.value for s in EnrolmentStatus if s.is_current}


def ids(summary: WorkbenchSummary, key: str) -> set[str]:
    item = summary.item(key)
    assert item.person_ids is not None
    assert item.count == len(item.person_ids)
    return set(item.person_ids)


def enrol(
    session: Session,
    actor: Actor,
    household: Household,
    program: Program,
    *,
    person: Person | None = None,
    status: EnrolmentStatus = EnrolmentStatus.APPROVED,
    next_review_on: date | None = None,
) -> Enrolment:
    enrolment = Enrolment(
        household_id=household.id,
        person_id=person.id if person else None,
        program=program.value,
        status=status.value,
        next_review_on=next_review_on,
    )
    record_create(session, actor, enrolment)
    return enrolment


def left_behind_file(session: Session, actor: Actor, child: Person) -> None:
    record_create(
        session,
        actor,
        ChildFile(person_id=child.id, category=ChildCategory.LEFT_BEHIND.value, risk_level="low"),
    )


def test_an_empty_vault_has_nothing_to_do_but_a_backup(session: Session, admin: Actor) -> None:
    summary = workbench_summary(session, admin, TODAY)
    assert [item.key for item in summary.items] == [
        ItemKey.OPEN_TASKS,
        ItemKey.DECEASED_WITH_BENEFIT,
        ItemKey.REVIEWS_DUE,
        ItemKey.VISITS_DUE,
        ItemKey.NOT_CONTACTED_THIS_MONTH,
        ItemKey.LEFT_BEHIND_OVER_AGE,
        ItemKey.PENDING_VERIFICATION,
        ItemKey.UNSYNCED_CHANGES,
        ItemKey.BACKUP,
    ]
    assert len(summary.items) == len(ITEM_BUILDERS)
    for item in summary.items:
        if item.key == ItemKey.BACKUP:
            assert (item.count, item.severity) == (1, Severity.WARNING)
        else:
            assert (item.count, item.severity) == (0, Severity.CLEAR)
    assert summary.last_backup_at is None
    assert summary.tasks == ()


def task_row(
    session: Session, actor: Actor, village: str, kind: str, due_on: date, name: str
) -> str:
    return open_task(session, actor, kind, due_on, name, village=village)


def test_open_tasks_are_counted_with_the_overdue_and_the_mandatory_reports(
    session: Session, admin: Actor
) -> None:
    upcoming = task_row(session, admin, TANQUAN, "follow_up", TODAY + timedelta(days=3), "甲")
    summary = workbench_summary(session, admin, TODAY)
    item = summary.item(ItemKey.OPEN_TASKS)
    assert (item.count, item.overdue, item.urgent, item.severity) == (1, 0, 0, Severity.NOTICE)
    assert [task.task_id for task in summary.tasks] == [upcoming]

    overdue = task_row(session, admin, YANGJIA, "review", TODAY - timedelta(days=4), "乙")
    report = task_row(session, admin, TANQUAN, "mandatory_report", TODAY, "丙")
    done = task_row(session, admin, TANQUAN, "follow_up", TODAY - timedelta(days=9), "丁")
    session.execute(update(Task).where(Task.id == done).values(status="done"))
    summary = workbench_summary(session, admin, TODAY)
    item = summary.item(ItemKey.OPEN_TASKS)
    assert (item.count, item.overdue, item.urgent, item.severity) == (3, 1, 1, Severity.WARNING)
    assert item.detail == "1项强制报告待记录；其中1项已逾期。"
    assert [task.task_id for task in summary.tasks] == [report, overdue, upcoming]
    assert summary.tasks[1].overdue_days == 4

    cadre = cadre_user(session, "cadre_tq", TANQUAN)
    mine = workbench_summary(session, cadre, TODAY)
    assert [task.task_id for task in mine.tasks] == [report, upcoming]
    assert mine.item(ItemKey.OPEN_TASKS).overdue == 0


def test_crafted_cases_are_counted_and_listed(session: Session, admin: Actor) -> None:
    household = household_row(session, admin, TANQUAN)
    head = person_row(session, admin, "户主", household)
    household.head_person_id = head.id
    died = person_row(session, admin, "已故", household, deceased_on=date(2026, 9, 3))
    enrol(session, admin, household, Program.DIBAO, next_review_on=date(2026, 11, 30))
    # Stopped benefits are no longer paid: no flag.
    stopped_home = household_row(session, admin, TANQUAN)
    gone = person_row(session, admin, "停保已故", stopped_home, deceased_on=date(2026, 5, 1))
    enrol(session, admin, stopped_home, Program.TEKUN, person=gone, status=EnrolmentStatus.STOPPED)

    children = household_row(session, admin, YANGJIA)
    sixteen = person_row(session, admin, "已满十六", children, birth_date=date(2010, 11, 1))
    fifteen = person_row(session, admin, "十五岁", children, birth_date=date(2010, 12, 1))
    for child in (sixteen, fifteen):
        left_behind_file(session, admin, child)
    pending = person_row(
        session, admin, "待核实", children, pending_verification=True, pending_reason="no_id"
    )
    overdue = person_row(session, admin, "逾期复核", children)
    enrol(
        session,
        admin,
        children,
        Program.DISABILITY_CARE_SUBSIDY,
        person=overdue,
        next_review_on=date(2026, 6, 30),
    )
    next_month = person_row(session, admin, "下月复核", children)
    enrol(
        session,
        admin,
        children,
        Program.DISABILITY_CARE_SUBSIDY,
        person=next_month,
        next_review_on=date(2026, 12, 1),
    )
    session.flush()

    summary = workbench_summary(session, admin, TODAY)

    assert ids(summary, ItemKey.DECEASED_WITH_BENEFIT) == {died.id}
    assert summary.item(ItemKey.DECEASED_WITH_BENEFIT).severity is Severity.WARNING
    assert ids(summary, ItemKey.LEFT_BEHIND_OVER_AGE) == {sixteen.id}
    assert ids(summary, ItemKey.PENDING_VERIFICATION) == {pending.id}
    assert summary.item(ItemKey.PENDING_VERIFICATION).severity is Severity.NOTICE
    # The household's 低保 review is listed under its head.
    assert ids(summary, ItemKey.REVIEWS_DUE) == {head.id, overdue.id}
    reviews = summary.item(ItemKey.REVIEWS_DUE)
    assert reviews.severity is Severity.WARNING
    assert "1人已逾期" in reviews.detail
    assert reviews.overdue == 1
    outbox = session.scalar(select(func.count()).select_from(OutboxMutation))
    assert outbox
    assert summary.item(ItemKey.UNSYNCED_CHANGES).count == outbox

    # The searchable items find exactly the same persons through the search.
    for key in (ItemKey.DECEASED_WITH_BENEFIT, ItemKey.PENDING_VERIFICATION):
        query = summary.item(key).query
        assert query is not None
        found = {hit.person_id for hit in search(session, admin, query).hits}
        assert found == ids(summary, key)


def test_a_deceased_child_leaves_the_over_age_list_and_16_is_reached_on_the_birthday(
    session: Session, admin: Actor
) -> None:
    household = household_row(session, admin, TANQUAN)
    birthday_today = person_row(
        session, admin, "今天十六", household, birth_date=date(2010, 11, 28)
    )
    tomorrow = person_row(session, admin, "明天十六", household, birth_date=date(2010, 11, 29))
    dead = person_row(
        session,
        admin,
        "已故儿童",
        household,
        birth_date=date(2009, 1, 1),
        deceased_on=date(2026, 1, 1),
    )
    for child in (birthday_today, tomorrow, dead):
        left_behind_file(session, admin, child)
    session.flush()
    summary = workbench_summary(session, admin, TODAY)
    assert ids(summary, ItemKey.LEFT_BEHIND_OVER_AGE) == {birthday_today.id}


def test_a_cadre_counts_only_their_villages_and_never_a_related_household(
    session: Session, admin: Actor
) -> None:
    mine = household_row(session, admin, TANQUAN)
    theirs = household_row(session, admin, YANGJIA)
    related = household_row(session, admin, TANQUAN)
    mine_pending = person_row(session, admin, "本村", mine, pending_verification=True)
    person_row(session, admin, "外村", theirs, pending_verification=True)
    person_row(session, admin, "亲属", related, pending_verification=True)
    person_row(session, admin, "无户", None, pending_verification=True)
    record_create(
        session,
        admin,
        RelativeDeclaration(
            household_id=related.id,
            staff_name="村干部",
            staff_username="cadre1",
            staff_position="村委委员",
            relation="兄弟",
            declared_on=date(2026, 1, 5),
        ),
    )
    died = person_row(session, admin, "外村已故", theirs, deceased_on=date(2026, 10, 1))
    enrol(session, admin, theirs, Program.TEKUN, person=died)
    session.flush()

    village_cadre = cadre_user(session, "cadre1", TANQUAN)
    summary = workbench_summary(session, village_cadre, TODAY)
    assert ids(summary, ItemKey.PENDING_VERIFICATION) == {mine_pending.id}
    assert ids(summary, ItemKey.DECEASED_WITH_BENEFIT) == set()

    township = workbench_summary(session, admin, TODAY)
    assert len(ids(township, ItemKey.PENDING_VERIFICATION)) == 4
    assert ids(township, ItemKey.DECEASED_WITH_BENEFIT) == {died.id}

    nowhere = cadre_user(session, "cadre2")
    assert ids(workbench_summary(session, nowhere, TODAY), ItemKey.PENDING_VERIFICATION) == set()


def test_visits_due_and_not_contacted_this_month_follow_the_schedules_and_the_scope(
    session: Session, admin: Actor
) -> None:
    elder_visited(session, admin, "本月已访", TANQUAN, date(2026, 11, 10))
    overdue = elder_visited(session, admin, "逾期", TANQUAN, date(2026, 9, 15))
    due_today = elder_visited(session, admin, "今天到期", YANGJIA, date(2026, 10, 28))
    session.flush()

    summary = workbench_summary(session, admin, TODAY)
    due = summary.item(ItemKey.VISITS_DUE)
    assert ids(summary, ItemKey.VISITS_DUE) == {overdue, due_today}
    assert (due.overdue, due.severity, due.title) == (1, Severity.WARNING, "应探访（含逾期）")
    assert due.detail == "其中1人已逾期。"
    missing = summary.item(ItemKey.NOT_CONTACTED_THIS_MONTH)
    assert ids(summary, ItemKey.NOT_CONTACTED_THIS_MONTH) == {overdue, due_today}
    assert (missing.severity, missing.title) == (Severity.NOTICE, "本月尚未联系")
    assert missing.detail == "本月已联系1人，共3人。"

    village_cadre = cadre_user(session, "cadre1", TANQUAN)
    mine = workbench_summary(session, village_cadre, TODAY)
    assert ids(mine, ItemKey.VISITS_DUE) == {overdue}
    assert ids(mine, ItemKey.NOT_CONTACTED_THIS_MONTH) == {overdue}

    # Next month nobody has been contacted yet; a day earlier nothing was due today.
    december = workbench_summary(session, admin, date(2026, 12, 1))
    assert len(ids(december, ItemKey.NOT_CONTACTED_THIS_MONTH)) == 3
    earlier = workbench_summary(session, admin, date(2026, 11, 27))
    assert ids(earlier, ItemKey.VISITS_DUE) == {overdue}


def test_the_visit_items_can_be_counted_apart_and_merged_into_the_same_summary(
    session: Session, admin: Actor
) -> None:
    elder_visited(session, admin, "逾期", TANQUAN, date(2026, 9, 15))
    elder_visited(session, admin, "本月已访", YANGJIA, date(2026, 11, 10))
    session.flush()
    full = workbench_summary(session, admin, TODAY)
    assert full.item(ItemKey.VISITS_DUE).count == 1 and not full.pending

    fast = workbench_summary(session, admin, TODAY, visits=False)
    assert fast.pending
    assert [item.key for item in fast.items] == [item.key for item in full.items]
    for item in fast.items:
        visit = item.key in (ItemKey.VISITS_DUE, ItemKey.NOT_CONTACTED_THIS_MONTH)
        assert item.pending == visit
        if visit:
            assert (item.count, item.person_ids, item.severity) == (0, None, Severity.CLEAR)
        else:
            assert item == full.item(item.key)

    visits = visit_items(session, admin, TODAY)
    assert [item.key for item in visits] == [
        ItemKey.VISITS_DUE,
        ItemKey.NOT_CONTACTED_THIS_MONTH,
    ]
    merged = fast.with_items(visits)
    assert merged == full and not merged.pending


@pytest.mark.parametrize(
    ("days_ago", "reminder_days", "due"),
    [(0, 7, False), (6, 7, False), (7, 7, True), (30, 7, True), (2, 1, True)],
)
def test_the_backup_reminder_follows_the_last_backup_and_the_setting(
    session: Session, admin: Actor, days_ago: int, reminder_days: int, due: bool
) -> None:
    # 04:00 UTC is noon in China: the same civil day either way.
    when = datetime(2026, 11, 28, 4, 0, tzinfo=UTC) - timedelta(days=days_ago)
    session.merge(VaultMeta(key=LAST_BACKUP_KEY, value=when.isoformat()))
    session.flush()
    summary = workbench_summary(session, admin, TODAY, backup_reminder_days=reminder_days)
    item = summary.item(ItemKey.BACKUP)
    assert item.count == (1 if due else 0)
    assert item.severity is (Severity.WARNING if due else Severity.CLEAR)
    assert summary.last_backup_at == when
    assert summary.days_since_backup == days_ago


# -- against the demo township -----------------------------------------------------------------


@pytest.fixture
def demo_session(vault: Vault) -> Iterator[Session]:
    yield from demo_township_session(vault)


def expected_counts(session: Session, villages: frozenset[str] | None) -> dict[str, set[str]]:
    """The items computed the plain way: every row read and judged in Python."""
    households = {h.id: h for h in session.scalars(select(Household))}
    persons = [p for p in session.scalars(select(Person)) if not p.deleted]

    def visible(person: Person) -> bool:
        if villages is None:
            return True
        household = households.get(person.household_id or "")
        return household is not None and household.village_code in villages

    persons = [p for p in persons if visible(p)]
    by_id = {p.id: p for p in persons}
    enrolments = [
        e for e in session.scalars(select(Enrolment)) if not e.deleted and e.status in CURRENT
    ]
    deceased = {
        p.id
        for p in persons
        if p.deceased_on is not None
        and p.deceased_on <= DEFAULT_TODAY
        and any(
            e.person_id == p.id or (e.person_id is None and e.household_id == p.household_id)
            for e in enrolments
        )
    }
    month_end = Month.from_date(DEFAULT_TODAY).last_day()
    reviews = set()
    for e in enrolments:
        if e.next_review_on is not None and e.next_review_on <= month_end:
            owner = e.person_id or households[e.household_id].head_person_id
            if owner in by_id:
                reviews.add(owner)
    files = {
        f.person_id
        for f in session.scalars(select(ChildFile))
        if not f.deleted and f.category == ChildCategory.LEFT_BEHIND.value
    }
    over_age = {
        pid
        for pid in files
        if pid in by_id
        and by_id[pid].deceased_on is None
        and by_id[pid].birth_date is not None
        and age_on(by_id[pid].birth_date, DEFAULT_TODAY) >= 16
    }
    pending = {p.id for p in persons if p.pending_verification}
    return {
        ItemKey.DECEASED_WITH_BENEFIT: deceased,
        ItemKey.REVIEWS_DUE: reviews,
        ItemKey.LEFT_BEHIND_OVER_AGE: over_age,
        ItemKey.PENDING_VERIFICATION: pending,
    }


def test_demo_township_counts_equal_the_data(demo_session: Session) -> None:
    admin = actor_for(demo_session, "admin")
    summary = workbench_summary(demo_session, admin, DEFAULT_TODAY)
    expected = expected_counts(demo_session, None)
    for key, wanted in expected.items():
        assert ids(summary, key) == wanted, key
    # The demo is a baseline import: nothing waits to be synced.
    assert summary.item(ItemKey.UNSYNCED_CHANGES).count == 0
    # The demo holds cases of every kind, so the comparison above means something.
    assert expected[ItemKey.PENDING_VERIFICATION]
    assert expected[ItemKey.REVIEWS_DUE]
    open_count = demo_session.scalar(
        select(func.count()).select_from(Task).where(Task.status == "open")
    )
    tasks = summary.item(ItemKey.OPEN_TASKS)
    assert open_count and tasks.count == open_count == len(summary.tasks)
    assert tasks.overdue == sum(1 for t in summary.tasks if t.due_on and t.due_on < DEFAULT_TODAY)


def test_demo_cadre_counts_equal_the_data_of_their_village(demo_session: Session) -> None:
    profile = demo_session.scalars(
        select(UserProfile).where(UserProfile.role == Role.VILLAGE_CADRE.value)
    ).first()
    assert profile is not None
    village_cadre = actor_for(demo_session, profile.username)
    summary = workbench_summary(demo_session, village_cadre, DEFAULT_TODAY)
    expected = expected_counts(demo_session, frozenset(profile.villages))
    township = workbench_summary(demo_session, actor_for(demo_session, "admin"), DEFAULT_TODAY)
    for key, wanted in expected.items():
        assert ids(summary, key) == wanted, key
        assert ids(summary, key) <= ids(township, key)


def test_the_workbench_lists_the_most_urgent_tasks_and_counts_them_all(
    session: Session, admin: Actor, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(workbench, "WORKBENCH_TASKS", 2)
    for days, name in ((-1, "甲"), (5, "乙"), (9, "丙")):
        task_row(session, admin, TANQUAN, "review", TODAY + timedelta(days=days), name)
    summary = workbench_summary(session, admin, TODAY)
    assert summary.item(ItemKey.OPEN_TASKS).count == 3
    assert [task.person_name for task in summary.tasks] == ["甲", "乙"]
