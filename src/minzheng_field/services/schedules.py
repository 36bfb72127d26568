"""Who is due a visit on a day, a day's plan by village and visitor, and monthly coverage.

Pure reads; the rules are `domain/schedules.py` and `domain/coverage.py` with the county's
`visit_frequencies` rule in force on the day.

Decisions:
- The visit caseload is read from the files and enrolments themselves, so that a file made
  in the app is scheduled at once: every live elder file (category `elder`, tier its risk),
  every child file (its category, tier its risk level), every current 特困 enrolment with
  供养方式 分散 (`tekun`) and every current 低保 enrolment (`dibao`, listed under the
  household's head; tier from the review cycle). Deceased persons are left out.
- A visit plan (`VisitPlan`) names the visitor; without an active plan, the file's
  responsible cadre (elders) or 儿童主任 (children). A plan made inactive takes the person
  out of that category's schedule (a decision of the township, e.g. moved into a home).
  Plans of child categories match any child category (a child's category may change).
- Contacts are finalised visits, each counted once with the date and method of its latest
  amendment; drafts never count. Only visits on or before the day asked count, so a plan
  for a past day reads as it would have then.
- Never visited: due one interval after enrolment. A 特困 or 低保 enrolment's day is its
  decision (else its first paid month); a 低保 household's first review is its recorded
  `next_review_on` when there is one. A care file's day is the day its creation was
  audited; a file without one (a baseline import) is due at once. Never due before the vault
  began keeping visits (its creation, or its earliest visit if older): visits made on paper
  before the tool are not missed visits.
- A cadre sees only their villages, and never a household they are declared related to.
"""

from __future__ import annotations

import csv
import gc
import io
import json
import threading
from collections import defaultdict
from collections.abc import Callable, Container, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import cache
from pathlib import Path
from typing import Any, NamedTuple

from sqlalchemy import ColumnElement, Select, String, case, func, literal, null, or_, select
from sqlalchemy.orm import Session, aliased

from minzheng_field.atomic_file import atomic_write_bytes
from minzheng_field.domain.calendar import china_date
from minzheng_field.domain.coverage import (
    CONTACT_METHODS,
    Contact,
    CoverageTotal,
    EnrolledPerson,
    contacted_in_month,
    coverage_of_contacted,
    has_monthly_rate,
)
from minzheng_field.domain.months import Month, date_label
from minzheng_field.domain.programs import EnrolmentStatus, Program, SupportMode
from minzheng_field.domain.schedules import (
    RULE_KEY,
    Frequency,
    ScheduleCategory,
    Tier,
    VisitRules,
    category_label,
    contact_group,
    dibao_tier,
    first_visit_due,
    next_due,
    overdue_days,
    plan_key,
    rules_with_county_overrides,
)
from minzheng_field.domain.work import VisitStatus
from minzheng_field.services.context import Actor
from minzheng_field.services.rates import county_rule_value
from minzheng_field.services.search import scoped_query
from minzheng_field.store.models import (
    AccessEntry,
    AuditEntry,
    ChildFile,
    DivisionRow,
    ElderFile,
    Enrolment,
    Household,
    Person,
    UserProfile,
    VaultMeta,
    Visit,
    VisitPlan,
    utc_now,
)
from minzheng_field.store.plain_rows import plain_rows
from minzheng_field.store.queries.person_search import PersonQuery

CURRENT_STATUSES = tuple(status.value for status in EnrolmentStatus if status.is_current)


@dataclass(frozen=True)
class DueVisit:
    """A visit due (or overdue) on a day: who, where, why, since when, by whom."""

    person_id: str
    person_name: str
    household_id: str | None
    village_code: str | None
    village_name: str | None
    category: str
    category_label: str
    tier: str
    frequency: str
    frequency_label: str
    last_visited_on: date | None
    due_date: date
    overdue_days: int
    visitor: str | None
    visitor_name: str | None

    @property
    def never_visited(self) -> bool:
        """Whether the person has no finalised visit (of this contact group) yet."""
        return self.last_visited_on is None


@dataclass(frozen=True)
class PlanGroup:
    """The visits of a day's plan in one village for one visitor."""

    village_code: str | None
    village_name: str | None
    visitor: str | None
    visitor_name: str | None
    visits: tuple[DueVisit, ...]


@dataclass(frozen=True)
class CoverageRow:
    """One village's coverage of one category in a month."""

    village_code: str | None
    village_name: str | None
    category: str
    category_label: str
    enrolled: int
    contacted: int

    @property
    def rate(self) -> float | None:
        """Contacted / enrolled (None when nobody is enrolled)."""
        return self.contacted / self.enrolled if self.enrolled else None


@dataclass(frozen=True)
class NotContacted:
    """A person not yet contacted in the month."""

    person_id: str
    person_name: str
    village_code: str | None
    village_name: str | None
    category: str
    category_label: str
    last_visited_on: date | None
    visitor: str | None
    visitor_name: str | None


@dataclass(frozen=True)
class CoverageReport:
    """A month's coverage per village and category, with who is not yet contacted."""

    month: Month
    rows: tuple[CoverageRow, ...]
    by_category: dict[str, CoverageTotal]
    total: CoverageTotal
    not_contacted: tuple[NotContacted, ...]


# Tuples rather than dataclasses: a caseload of 50,000 persons has 20,000 of these.
class _Scheduled(NamedTuple):
    """One person on one category's schedule, and (when read with it) who and where they are."""

    person_id: str
    category: str
    tier: str
    enrolled_on: date | None
    # A due date recorded on the enrolment (a 低保 household's next review).
    recorded_due: date | None
    visitor: str | None
    file_id: str | None
    name: str | None
    household_id: str | None
    village_code: str | None
    deceased_on: date | None


class _Member(NamedTuple):
    name: str
    household_id: str | None
    village_code: str | None
    deceased_on: date | None


# A handful of categories, looked up for every one of thousands of rows.
_group = cache(contact_group)
# `_make` skips the argument binding of a named tuple's `__new__`: half the time per row.
_scheduled, _member, _enrolled = _Scheduled._make, _Member._make, EnrolledPerson._make


def visit_rules(session: Session, day: date) -> VisitRules:
    """The visit frequencies in force on `day`: the defaults with the county's overrides."""
    return rules_with_county_overrides(county_rule_value(session, RULE_KEY, day, None))


def due_visits(
    session: Session,
    actor: Actor,
    day: date,
    *,
    horizon_days: int = 0,
) -> list[DueVisit]:
    """Visits due on `day` (or within `horizon_days` after it) and overdue, most overdue first."""
    with _collector_paused():
        return _due_visits(session, actor, day, horizon_days)


def _due_visits(session: Session, actor: Actor, day: date, horizon_days: int) -> list[DueVisit]:
    rules = visit_rules(session, day)
    corrected = _corrected_persons(session)
    last = _last_contacts(session, day, corrected)
    entries = _fill_enrolled_on(session, _schedule(session), last)
    horizon = day + timedelta(days=horizon_days)
    found: list[tuple[_Scheduled, Frequency, date | None, date]] = []
    # Memos: a caseload of thousands has a few dozen tiers and a few hundred visit days.
    frequencies: dict[tuple[str, str], Frequency | None] = {}
    following: dict[tuple[tuple[str, str], date], date | None] = {}
    records_began: date | object | None = _UNREAD  # read when a never-visited person is met
    for entry in entries:
        person_id, category, tier, enrolled_on, recorded_due = entry[:5]
        tier_key = (category, tier)
        if tier_key not in frequencies:
            frequencies[tier_key] = rules.frequency(category, tier)
        frequency = frequencies[tier_key]
        if frequency is None:
            continue
        last_contact = last.get((person_id, _group(category)))
        if last_contact is None and recorded_due is not None:
            due_on: date | None = recorded_due
        else:
            base = last_contact if last_contact is not None else enrolled_on
            memo = (tier_key, base) if base is not None else None
            if memo is not None and memo in following:
                due_on = following[memo]
            else:
                due_on = next_due(frequency, last_contact, enrolled_on)
                if memo is not None:
                    following[memo] = due_on
        if last_contact is None and recorded_due is None and due_on is not None:
            if records_began is _UNREAD:
                records_began = _records_began(session, day)
            due_on = first_visit_due(due_on, records_began, day)  # type: ignore[arg-type]
        if due_on is None:
            due_on = day
        if due_on <= horizon:
            found.append((entry, frequency, last_contact, due_on))
    # Persons are read only for the visits found due: the caseload is far larger.
    members = _members(session, actor, {entry.person_id for entry, *_rest in found})
    visitors = _plan_visitors(session, members)
    names = _Names.load(session)
    due: list[DueVisit] = []
    for entry, frequency, last_contact, due_on in found:
        member = members.get(entry.person_id)
        if member is None or (member.deceased_on is not None and member.deceased_on <= day):
            continue
        visitor = visitors.get((entry.person_id, _plan_key(entry.category)), entry.visitor)
        due.append(
            DueVisit(
                person_id=entry.person_id,
                person_name=member.name,
                household_id=member.household_id,
                village_code=member.village_code,
                village_name=names.village(member.village_code),
                category=entry.category,
                category_label=_category_label(entry.category),
                tier=entry.tier,
                frequency=str(frequency),
                frequency_label=frequency.label,
                last_visited_on=last_contact,
                due_date=due_on,
                overdue_days=overdue_days(due_on, day),
                visitor=visitor,
                visitor_name=names.user(visitor),
            )
        )
    due.sort(key=lambda v: (-v.overdue_days, v.due_date, v.village_code or "", v.person_name))
    return due


def day_plan(
    session: Session, actor: Actor, day: date, *, horizon_days: int = 0
) -> list[PlanGroup]:
    """A day's due and overdue visits grouped by village and visitor, most overdue first."""
    groups: dict[tuple[str | None, str | None], list[DueVisit]] = defaultdict(list)
    for visit in due_visits(session, actor, day, horizon_days=horizon_days):
        groups[(visit.village_code, visit.visitor)].append(visit)
    return [
        PlanGroup(
            village_code=village,
            village_name=visits[0].village_name,
            visitor=visitor,
            visitor_name=visits[0].visitor_name,
            visits=tuple(visits),
        )
        for (village, visitor), visits in sorted(
            groups.items(), key=lambda item: (item[0][0] or "", item[0][1] or "")
        )
    ]


def monthly_coverage(session: Session, actor: Actor, month: Month) -> CoverageReport:
    """Coverage of `month` (contacted / enrolled) per village and category, as actor sees it."""
    with _collector_paused():
        return _monthly_coverage(session, actor, month)


def _monthly_coverage(session: Session, actor: Actor, month: Month) -> CoverageReport:
    # Everyone enrolled is counted: their persons are read with the schedule, in one pass.
    entries = [e for e in _schedule(session, actor, dibao=False) if _monthly_rate(e.category)]
    corrected = _corrected_persons(session)
    reached = _reached_in(session, month, corrected)
    # Only those not reached need their enrolment day (a file made after the month).
    entries = _fill_enrolled_on(session, entries, reached)
    coverage = coverage_of_contacted(
        month,
        (
            _enrolled((e.person_id, e.village_code, e.category, e.enrolled_on, e.deceased_on))
            for e in entries
        ),
        reached,
    )
    names = _Names.load(session)
    rows = tuple(
        CoverageRow(
            village_code=cell.village_code,
            village_name=names.village(cell.village_code),
            category=cell.category,
            category_label=_category_label(cell.category),
            enrolled=cell.enrolled,
            contacted=cell.contacted,
        )
        for cell in coverage.cells
    )
    missing = {
        (person_id, cell.category) for cell in coverage.cells for person_id in cell.not_contacted
    }
    # Their last contacts are read for them alone: a tenth of the visits.
    missing_persons = {person_id for person_id, _c in missing}
    visitors = _plan_visitors(session, missing_persons)
    last = _last_contacts(session, month.last_day(), corrected, missing_persons)
    not_contacted: list[NotContacted] = []
    for entry in entries:
        if (entry.person_id, entry.category) not in missing:
            continue
        visitor = visitors.get((entry.person_id, _plan_key(entry.category)), entry.visitor)
        not_contacted.append(
            NotContacted(
                person_id=entry.person_id,
                person_name=entry.name or "",
                village_code=entry.village_code,
                village_name=names.village(entry.village_code),
                category=entry.category,
                category_label=_category_label(entry.category),
                last_visited_on=last.get((entry.person_id, _group(entry.category))),
                visitor=visitor,
                visitor_name=names.user(visitor),
            )
        )
    not_contacted.sort(key=lambda n: (n.village_code or "", n.category, n.person_name, n.person_id))
    return CoverageReport(
        month=month,
        rows=rows,
        by_category=coverage.by_category(),
        total=coverage.total(),
        not_contacted=tuple(not_contacted),
    )


COVERAGE_CSV_HEADER = ("村（社区）", "类别", "应探访人数", "本月已探访人数", "探访率")
NOT_CONTACTED_CSV_HEADER = ("村（社区）", "类别", "姓名", "最近一次探访", "探访人")


def coverage_csv(report: CoverageReport) -> str:
    """The report as CSV text: the rates per village and category, then who is not contacted."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([f"{report.month.label}探访覆盖情况"])
    writer.writerow(COVERAGE_CSV_HEADER)
    for row in report.rows:
        writer.writerow(
            (
                row.village_name or "（未编户）",
                row.category_label,
                row.enrolled,
                row.contacted,
                _percent(row.rate),
            )
        )
    for category, total in report.by_category.items():
        writer.writerow(
            (
                "合计",
                _category_label(category),
                total.enrolled,
                total.contacted,
                _percent(total.rate),
            )
        )
    writer.writerow(
        ("总计", "", report.total.enrolled, report.total.contacted, _percent(report.total.rate))
    )
    writer.writerow(())
    writer.writerow([f"{report.month.label}尚未探访名单"])
    writer.writerow(NOT_CONTACTED_CSV_HEADER)
    for person in report.not_contacted:
        writer.writerow(
            (
                person.village_name or "（未编户）",
                person.category_label,
                person.person_name,
                date_label(person.last_visited_on) if person.last_visited_on else "从未探访",
                person.visitor_name or person.visitor or "",
            )
        )
    return out.getvalue()


def export_coverage_csv(
    session: Session, actor: Actor, report: CoverageReport, target: Path
) -> None:
    """Write the report to a CSV file atomically (UTF-8 with BOM, for Excel) and log the export."""
    # The BOM lets Excel on Chinese Windows read UTF-8 rather than GBK.
    atomic_write_bytes(Path(target), coverage_csv(report).encode("utf-8-sig"))
    session.add(
        AccessEntry(
            at=utc_now(),
            username=actor.username,
            action="export",
            entity_type="visit_coverage",
            entity_id=None,
            detail=f"{report.month}探访覆盖情况（{len(report.not_contacted)}人未探访）",
        )
    )
    session.flush()


def _percent(rate: float | None) -> str:
    return "" if rate is None else f"{rate * 100:.1f}%"


_category_label = cache(category_label)


_monthly_rate = cache(has_monthly_rate)


_pause_lock = threading.Lock()
_pauses = 0
_paused_by_us = False


@contextmanager
def _collector_paused() -> Iterator[None]:
    """No cyclic garbage collection while a read builds its tens of thousands of tuples.

    They hold no cycles and reference counting frees them when the read ends; collecting
    meanwhile only walks them again and again (dozens of young collections per call, and now
    and then a full one over the whole heap: together 60–350 ms at 50,000 persons). The
    collector is process-wide and two reader threads may read at once: it is enabled again
    when the last pause ends, and left alone when something else had paused it already.
    """
    global _pauses, _paused_by_us
    with _pause_lock:
        if _pauses == 0:
            _paused_by_us = gc.isenabled()
            if _paused_by_us:
                gc.disable()
        _pauses += 1
    try:
        yield
    finally:
        with _pause_lock:
            _pauses -= 1
            if _pauses == 0 and _paused_by_us:
                gc.enable()


_UNREAD = object()


def _records_began(session: Session, day: date) -> date | None:
    """When this vault began keeping visits (its creation, or its earliest visit if older).

    None for a day before the vault was made: the plan of such a day reads as the records say.
    """
    created = session.scalar(select(VaultMeta.value).where(VaultMeta.key == "created_at"))
    if not created:
        return None
    created_on = china_date(datetime.fromisoformat(created))
    if day < created_on:
        return None
    earliest = session.scalar(select(func.min(Visit.visited_on)).where(*_final_visits()))
    return created_on if earliest is None else min(created_on, earliest)


# -- reading the caseload --------------------------------------------------------------------


@dataclass(frozen=True)
class _Names:
    villages: dict[str, str]
    users: dict[str, str]

    @classmethod
    def load(cls, session: Session) -> _Names:
        conn = session.connection()
        villages = plain_rows(conn, select(DivisionRow.code, DivisionRow.name))
        users = plain_rows(conn, select(UserProfile.username, UserProfile.display_name))
        return cls(dict(villages), dict(users))

    def village(self, code: str | None) -> str | None:
        return None if code is None else self.villages.get(code)

    def user(self, username: str | None) -> str | None:
        return None if username is None else self.users.get(username)


_plan_key = cache(plan_key)


def _schedule(
    session: Session, actor: Actor | None = None, *, dibao: bool = True
) -> list[_Scheduled]:
    """Every (person, category) on a visit schedule, from the files and enrolments.

    Entries whose plan was made inactive are left out. With `actor`, each entry's person is
    read in the same query (name, household, village, death) and only those the actor may
    see are kept: for reads that need everyone, as coverage does. Without, persons are not
    read (their fields are None): the due list reads only the persons found due.
    `dibao=False` leaves out 低保 reviews (they have no monthly rate).
    """
    conn = session.connection()
    visible = _visible_to(session, actor) if actor is not None else None
    lives = aliased(Household)

    def with_person(statement: Select[Any], person_id: ColumnElement[str | None]) -> Select[Any]:
        if visible is None:
            return statement.add_columns(null(), null(), null(), null())
        return (
            statement.add_columns(
                Person.name, Person.household_id, lives.village_code, Person.deceased_on
            )
            .join(Person, Person.id == person_id)
            .outerjoin(lives, lives.id == Person.household_id)
            .where(Person.deleted.is_(False))
        )

    elder, default = ScheduleCategory.ELDER.value, Tier.DEFAULT.value
    files = plain_rows(
        conn,
        with_person(
            select(
                ElderFile.person_id,
                literal(elder),
                ElderFile.risk_tier,
                ElderFile.responsible,
                ElderFile.id,
            ).where(ElderFile.deleted.is_(False)),
            ElderFile.person_id,
        ),
    ) + plain_rows(
        conn,
        with_person(
            select(
                ChildFile.person_id,
                ChildFile.category,
                ChildFile.risk_level,
                ChildFile.child_director,
                ChildFile.id,
            ).where(ChildFile.deleted.is_(False)),
            ChildFile.person_id,
        ),
    )
    entries = [
        _scheduled((person_id, category, risk or default, None, None, visitor, file_id, *person))
        for person_id, category, risk, visitor, file_id, *person in files
    ]
    tekun, dibao_program = Program.TEKUN.value, Program.DIBAO.value
    # A 特困 person is visited themselves (分散供养 only); a 低保 household under its head.
    visited = case(
        (Enrolment.program == tekun, Enrolment.person_id), else_=Household.head_person_id
    )
    programs = [
        (Enrolment.program == tekun) & (Enrolment.support_mode == SupportMode.DISPERSED.value)
    ]
    if dibao:
        programs.append(Enrolment.program == dibao_program)
    enrolments = with_person(
        select(
            visited,
            Enrolment.program,
            Enrolment.decided_on,
            Enrolment.start_month,
            Enrolment.review_cycle_months,
            Enrolment.next_review_on,
        )
        .join(Household, Household.id == Enrolment.household_id)
        .where(
            Enrolment.deleted.is_(False),
            or_(*programs),
            Enrolment.status.in_(CURRENT_STATUSES),
            visited.is_not(None),
        ),
        visited,
    )
    tekun_care, dibao_review = ScheduleCategory.TEKUN.value, ScheduleCategory.DIBAO.value
    tiers: dict[int | None, str] = {}
    for person_id, program, decided_on, start_month, cycle, next_review, *person in plain_rows(
        conn, enrolments
    ):
        enrolled_on = decided_on or start_month
        if program == tekun:
            entry = (person_id, tekun_care, default, enrolled_on, None, None, None, *person)
        else:
            tier = tiers.get(cycle) or tiers.setdefault(cycle, dibao_tier(cycle).value)
            entry = (person_id, dibao_review, tier, enrolled_on, next_review, None, None, *person)
        entries.append(_scheduled(entry))
    stopped = _inactive_plans(session)
    return [
        entry
        for entry in entries
        if (visible is None or visible(entry.person_id, entry.household_id, entry.village_code))
        and (not stopped or (entry.person_id, _plan_key(entry.category)) not in stopped)
    ]


def _inactive_plans(session: Session) -> set[tuple[str, str]]:
    """(person, plan key) whose plans are all inactive: taken off the schedule."""
    has_inactive = select(VisitPlan.person_id).where(
        VisitPlan.active.is_(False), VisitPlan.deleted.is_(False)
    )
    keys: dict[tuple[str, str], bool] = {}
    for person_id, category, active in plain_rows(
        session.connection(),
        select(VisitPlan.person_id, VisitPlan.category, VisitPlan.active).where(
            VisitPlan.deleted.is_(False), VisitPlan.person_id.in_(has_inactive)
        ),
    ):
        key = (person_id, _plan_key(category))
        keys[key] = keys.get(key, False) or bool(active)
    return {key for key, any_active in keys.items() if not any_active}


def _plan_visitors(session: Session, person_ids: Iterable[str]) -> dict[tuple[str, str], str]:
    """The visitor of each active plan of these persons, by (person, plan key)."""
    rows = plain_rows(
        session.connection(),
        select(VisitPlan.person_id, VisitPlan.category, VisitPlan.visitor).where(
            VisitPlan.deleted.is_(False),
            VisitPlan.active.is_(True),
            VisitPlan.visitor.is_not(None),
            _among(VisitPlan.person_id, person_ids),
        ),
    )
    return {(person_id, _plan_key(category)): visitor for person_id, category, visitor in rows}


def _members(session: Session, actor: Actor, person_ids: Iterable[str]) -> dict[str, _Member]:
    """These persons, live and within what `actor` may see, with their village."""
    visible = _visible_to(session, actor)
    rows = plain_rows(
        session.connection(),
        select(
            Person.id,
            Person.name,
            Person.household_id,
            Household.village_code,
            Person.deceased_on,
        )
        .outerjoin(Household, Household.id == Person.household_id)
        .where(Person.deleted.is_(False), _among(Person.id, person_ids)),
    )
    return {
        person_id: _member(member)
        for person_id, *member in rows
        if visible(person_id, member[1], member[2])
    }


def _visible_to(session: Session, actor: Actor) -> Callable[[str, str | None, str | None], bool]:
    """Whether `actor` may see a person, by (person, household, village)."""
    scope = scoped_query(session, actor, PersonQuery())
    villages = scope.village_codes
    households, persons = scope.exclude_household_ids, scope.exclude_person_ids

    def visible(person_id: str, household_id: str | None, village_code: str | None) -> bool:
        # A cadre's villages only; a person without a household is the township's.
        if villages is not None and village_code not in villages:
            return False
        return household_id not in households and person_id not in persons

    return visible


def _among(column: Any, ids: Iterable[str]) -> ColumnElement[bool]:
    """`column IN ids`, the ids bound as one JSON parameter.

    One parameter whatever the count: no limit on bound parameters, and no expanded IN
    list to compile anew for each call (thousands of names cost more than the query).
    """
    values = func.json_each(literal(json.dumps(sorted(set(ids))), String)).table_valued("value")
    return column.in_(select(values.c.value))


def _fill_enrolled_on(
    session: Session, entries: list[_Scheduled], contacted: Container[tuple[str, str]]
) -> list[_Scheduled]:
    """Entries with the enrolment day of care files not contacted, from their creation's audit."""
    wanted = {
        entry.file_id
        for entry in entries
        if entry.file_id is not None
        and entry.enrolled_on is None
        and (entry.person_id, _group(entry.category)) not in contacted
    }
    created: dict[str, date] = {}
    if wanted:
        for entity_id, at in plain_rows(
            session.connection(),
            select(AuditEntry.entity_id, func.min(AuditEntry.at))
            .where(
                AuditEntry.entity_type.in_(("elder_files", "child_files")),
                _among(AuditEntry.entity_id, wanted),
                AuditEntry.action == "create",
            )
            .group_by(AuditEntry.entity_id),
        ):
            if at is not None:
                created[entity_id] = china_date(at)
    if not created:
        return entries
    return [
        entry._replace(enrolled_on=created[entry.file_id]) if entry.file_id in created else entry
        for entry in entries
    ]


# -- reading contacts ------------------------------------------------------------------------


def _final_visits() -> list[ColumnElement[bool]]:
    return [Visit.deleted.is_(False), Visit.status == VisitStatus.FINAL.value]


def _corrected_persons(session: Session) -> set[str]:
    """Persons with an amendment that changed a visit's date or method (rare).

    Everyone else's amendments repeat their original's date and method, so counting them
    with the originals changes no last contact and no month's contacts.
    """
    original = aliased(Visit)
    return set(
        session.scalars(
            select(Visit.person_id)
            .join(original, original.id == Visit.amends_visit_id)
            # `> ''` rather than IS NOT NULL: SQLite then reads the amendments' index.
            .where(
                Visit.amends_visit_id > "",
                (Visit.visited_on != original.visited_on) | (Visit.method != original.method),
            )
        )
    )


def _effective_contacts(session: Session, person_ids: Iterable[str]) -> list[Contact]:
    """Every finalised visit of these persons once, with its latest amendment's date and method."""
    ids = set(person_ids)
    if not ids:
        return []
    rows = (
        session.connection()
        .execute(
            select(
                Visit.id,
                Visit.person_id,
                Visit.category,
                Visit.visited_on,
                Visit.method,
                Visit.amends_visit_id,
                Visit.finalised_at,
                Visit.updated_at,
            ).where(*_final_visits(), _among(Visit.person_id, ids))
        )
        .all()
    )
    latest: dict[str, Any] = {}
    for row in rows:
        if row.amends_visit_id is None:
            continue
        order = (row.finalised_at or row.updated_at, row.updated_at)
        known = latest.get(row.amends_visit_id)
        if known is None or order > (known.finalised_at or known.updated_at, known.updated_at):
            latest[row.amends_visit_id] = row
    contacts = []
    for row in rows:
        if row.amends_visit_id is not None:
            continue
        amended = latest.get(row.id, row)
        contacts.append(Contact(row.person_id, row.category, amended.visited_on, amended.method))
    return contacts


def _last_contacts(
    session: Session, day: date, corrected: set[str], persons: Iterable[str] | None = None
) -> dict[tuple[str, str], date]:
    """The last contact on or before `day` per (person, contact group), of `persons` or everyone."""
    # Grouped by (category, person): the covering index of visits starts with the person
    # and the category, so SQLite groups while it walks the index, reading no visit rows.
    latest = (
        select(Visit.category, Visit.person_id, func.max(Visit.visited_on))
        .where(*_final_visits(), Visit.visited_on <= day)
        .group_by(Visit.category, Visit.person_id)
    )
    if persons is not None:
        persons = set(persons)
        latest = latest.where(_among(Visit.person_id, persons))
        corrected = corrected & persons
    last: dict[tuple[str, str], date] = {}
    for category, person_id, visited_on in plain_rows(session.connection(), latest):
        if person_id not in corrected:
            _note(last, (person_id, _group(category)), visited_on)
    for contact in _effective_contacts(session, corrected):
        if contact.visited_on <= day:
            _note(last, (contact.person_id, _group(contact.category)), contact.visited_on)
    return last


def _reached_in(session: Session, month: Month, corrected: set[str]) -> set[tuple[str, str]]:
    """Who was contacted in the month, per (person, contact group)."""
    first, end = month.first_day(), month.last_day()
    reached_rows = (
        select(Visit.category, Visit.person_id)
        .where(
            Visit.visited_on >= first,
            Visit.visited_on <= end,
            *_final_visits(),
            Visit.method.in_(sorted(CONTACT_METHODS)),
        )
        .distinct()
    )
    reached = {
        (person_id, _group(category))
        for category, person_id in plain_rows(session.connection(), reached_rows)
        if person_id not in corrected
    }
    return reached | contacted_in_month(_effective_contacts(session, corrected), month)


def _note(last: dict[tuple[str, str], date], key: tuple[str, str], visited_on: date) -> None:
    known = last.get(key)
    if known is None or visited_on > known:
        last[key] = visited_on
