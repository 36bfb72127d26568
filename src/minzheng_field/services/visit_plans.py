"""Visit plans: who visits whom for which category, and taking a person off a schedule.

`services/schedules.py` reads these rows: an active plan's visitor replaces the file's
responsible cadre / 儿童主任 on the day's plan, and a person whose plans of a category are
all inactive is off that category's schedule.

Decisions:
- Plans are keyed by `domain.schedules.plan_key`, as schedules.py reads them:
  every child category shares one plan, so a child whose category changes keeps their
  visitor. A person has at most one active plan per key; assigning updates every active
  plan of the key (a synced copy may have brought a second one) and creates one when none
  is active.
- Who may visit: township staff (administrator and 民政专干) anywhere in the township; a
  village cadre / 儿童主任 only in their villages. Nobody visits a household they are
  declared related to (近亲属备案: cadres step back from their relatives, DOMAIN.md).
- Who may assign: township staff for the township; a village cadre within their villages
  (DOMAIN.md: cadres "visit and report for their villages" — a village's cadre and its
  儿童主任 share its visits between them), to visitors who may visit there.
- Taking a person off a schedule (moved into a care home, taken in by relatives elsewhere)
  and putting them back is a township decision with a reason; a cadre cannot.
- Messages name no person: errors reach logs.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, Row, select
from sqlalchemy.orm import Session

from minzheng_field.domain.calendar import china_date
from minzheng_field.domain.programs import EnrolmentStatus, Program, SupportMode
from minzheng_field.domain.roles import Role
from minzheng_field.domain.schedules import CHILD_CATEGORIES, ScheduleCategory, plan_key
from minzheng_field.services.context import Actor
from minzheng_field.services.errors import Forbidden, InvalidInput, NotFound
from minzheng_field.services.recording import Change, record_create, record_update
from minzheng_field.services.search import scoped_query
from minzheng_field.services.visibility import (
    NO_HOUSEHOLD_MESSAGE,
    OTHER_VILLAGE_MESSAGE,
    RELATED_MESSAGE,
    declared_relatives,
)
from minzheng_field.store.models import (
    AuditEntry,
    ChildFile,
    DivisionRow,
    ElderFile,
    Enrolment,
    Household,
    Person,
    RelativeDeclaration,
    UserProfile,
    VisitPlan,
)
from minzheng_field.store.queries.person_search import PersonQuery

REASON_MAX = 200
_CURRENT = tuple(status.value for status in EnrolmentStatus if status.is_current)
_CATEGORIES = frozenset(category.value for category in ScheduleCategory)
_ROLE_ORDER = {Role.VILLAGE_CADRE: 0, Role.TOWNSHIP_ASSISTANT: 1, Role.TOWNSHIP_ADMIN: 2}


@dataclass(frozen=True)
class PlanChange:
    """What a plan write did: the persons, the category, the visitor, and every write."""

    person_ids: tuple[str, ...]
    category: str
    visitor: str | None
    changes: tuple[Change, ...]


@dataclass(frozen=True)
class VisitorChoice:
    """A user who may visit the persons asked about."""

    username: str
    display_name: str
    role: Role
    role_label: str


@dataclass(frozen=True)
class OffSchedule:
    """A person taken off a category's visit schedule: since when and why."""

    person_id: str
    person_name: str
    village_code: str | None
    village_name: str | None
    category: str
    category_label: str
    since: date
    reason: str | None


@dataclass(frozen=True)
class _Target:
    person_id: str
    household_id: str | None
    village_code: str | None


def eligible_visitors(
    session: Session, actor: Actor, person_ids: Iterable[str]
) -> list[VisitorChoice]:
    """The active users who may visit every one of these persons: cadres first, then staff."""
    targets = _targets(session, actor, _unique(person_ids))
    related = _related(session)
    choices = [
        VisitorChoice(row.username, row.display_name, Role(row.role), Role(row.role).label)
        for row in session.scalars(select(UserProfile).where(UserProfile.active.is_(True)))
        if all(_refusal(row, target, related) is None for target in targets)
    ]
    choices.sort(key=lambda c: (_ROLE_ORDER.get(c.role, 9), c.display_name, c.username))
    return choices


def assign_visitor(
    session: Session,
    actor: Actor,
    person_ids: Sequence[str],
    category: str,
    visitor_username: str,
) -> PlanChange:
    """Make `visitor_username` the visitor of these persons for the category's plan."""
    _check_category(category)
    ids = _unique(person_ids)
    if not ids:
        raise InvalidInput("person_ids", "请先选择要指派探访人的人员。")
    targets = _targets(session, actor, ids)
    _check_on_schedule(session, ids, category)
    plans = _plans(session, ids, plan_key(category))
    if any(found and not any(plan.active for plan in found) for found in plans.values()):
        raise InvalidInput(
            "person_ids",
            "所选人员中有人已停止这类探访安排，请先由乡镇恢复探访安排再指派探访人。",
        )
    profile = session.get(UserProfile, visitor_username) if visitor_username else None
    if profile is None or not profile.active:
        raise InvalidInput("visitor", "找不到这个探访人的账号或账号已停用，请选择本机在用的账号。")
    related = _related(session)
    refusals = [_refusal(profile, target, related) for target in targets]
    refused = [message for message in refusals if message is not None]
    if refused:
        prefix = "" if len(targets) == 1 else f"所选{len(targets)}人中有{len(refused)}人："
        raise InvalidInput("visitor", prefix + refused[0])

    changes: list[Change] = []
    for person_id in ids:
        active = [plan for plan in plans[person_id] if plan.active]
        if not active:
            plan = VisitPlan(
                person_id=person_id, category=category, visitor=profile.username, active=True
            )
            changes.append(record_create(session, actor, plan))
            continue
        for plan in active:
            change = record_update(session, actor, plan, {"visitor": profile.username})
            if change is not None:
                changes.append(change)
    return PlanChange(tuple(ids), category, profile.username, tuple(changes))


def take_off_schedule(
    session: Session, actor: Actor, person_id: str, category: str, reason: str
) -> PlanChange:
    """Take a person off a category's visit schedule (a township decision, with its reason)."""
    clean = _township_decision(actor, category, reason)
    [target] = _targets(session, actor, [person_id])
    _check_on_schedule(session, [person_id], category)
    plans = _plans(session, [person_id], plan_key(category))[person_id]
    active = [plan for plan in plans if plan.active]
    if plans and not active:
        raise InvalidInput("person_ids", "这个人已经停止了这类探访安排。")
    changes: list[Change] = []
    if not plans:
        plan = VisitPlan(person_id=target.person_id, category=category, active=False)
        changes.append(record_create(session, actor, plan, reason=clean))
    for plan in active:
        change = record_update(session, actor, plan, {"active": False}, reason=clean)
        if change is not None:
            changes.append(change)
    return PlanChange((person_id,), category, None, tuple(changes))


def put_back_on_schedule(
    session: Session, actor: Actor, person_id: str, category: str, reason: str
) -> PlanChange:
    """Put a person taken off a category's schedule back on it, with their last visitor."""
    clean = _township_decision(actor, category, reason)
    _targets(session, actor, [person_id])
    _check_on_schedule(session, [person_id], category)
    plans = _plans(session, [person_id], plan_key(category))[person_id]
    if not plans or any(plan.active for plan in plans):
        raise InvalidInput("person_ids", "这个人本来就在这类探访安排中，不需要恢复。")
    latest = max(plans, key=lambda plan: (plan.updated_at, plan.id))
    change = record_update(session, actor, latest, {"active": True}, reason=clean)
    changes = (change,) if change is not None else ()
    return PlanChange((person_id,), category, latest.visitor, changes)


def persons_off_schedule(session: Session, actor: Actor) -> list[OffSchedule]:
    """Living persons taken off a schedule (all plans of a key inactive), as actor may see them."""
    plans: dict[tuple[str, str], list[VisitPlan]] = {}
    # Only persons with an inactive plan can be off a schedule: few of the caseload.
    has_inactive = select(VisitPlan.person_id).where(
        VisitPlan.active.is_(False), VisitPlan.deleted.is_(False)
    )
    for plan in session.scalars(
        select(VisitPlan).where(VisitPlan.deleted.is_(False), VisitPlan.person_id.in_(has_inactive))
    ):
        plans.setdefault((plan.person_id, plan_key(plan.category)), []).append(plan)
    stopped = {
        key: max(found, key=lambda plan: (plan.updated_at, plan.id))
        for key, found in plans.items()
        if not any(plan.active for plan in found)
    }
    if not stopped:
        return []
    scope = scoped_query(session, actor, PersonQuery())
    persons = {
        row.id: row
        for row in _person_rows(session, (person_id for person_id, _key in stopped))
        if row.deceased_on is None
        and (scope.village_codes is None or row.village_code in scope.village_codes)
        and row.household_id not in scope.exclude_household_ids
        and row.id not in scope.exclude_person_ids
    }
    reasons = _latest_reasons(session, [plan.id for plan in stopped.values()])
    found = [
        OffSchedule(
            person_id=person_id,
            person_name=persons[person_id].name,
            village_code=persons[person_id].village_code,
            village_name=persons[person_id].village_name,
            category=plan.category,
            category_label=_check_category(plan.category).label,
            since=china_date(plan.updated_at),
            reason=reasons.get(plan.id),
        )
        for (person_id, _key), plan in stopped.items()
        if person_id in persons and plan.category in _CATEGORIES
    ]
    found.sort(key=lambda o: (o.village_code or "", o.person_name, o.category))
    return found


def _latest_reasons(session: Session, plan_ids: list[str]) -> dict[str, str]:
    """The reason of each plan's latest audited change that gave one."""
    reasons: dict[str, str] = {}
    for entity_id, reason in session.execute(
        select(AuditEntry.entity_id, AuditEntry.reason)
        .where(
            AuditEntry.entity_type == VisitPlan.__tablename__,
            AuditEntry.entity_id.in_(plan_ids),
            AuditEntry.reason.is_not(None),
        )
        .order_by(AuditEntry.at, AuditEntry.id)
    ):
        reasons[entity_id] = reason
    return reasons


# -- checks ----------------------------------------------------------------------------------


def _unique(person_ids: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(person_ids))


def _check_category(category: str) -> ScheduleCategory:
    try:
        return ScheduleCategory(category)
    except ValueError:
        labels = "、".join(member.label for member in ScheduleCategory)
        raise InvalidInput("category", f"请选择探访类别：{labels}。") from None


def _township_decision(actor: Actor, category: str, reason: str) -> str:
    if not actor.sees_whole_township:
        raise Forbidden("停止或恢复探访安排由乡镇决定，请联系乡镇民政专干。")
    _check_category(category)
    clean = (reason or "").strip()
    if not clean:
        raise InvalidInput("reason", "请写明原因（如已入住敬老院）。")
    if len(clean) > REASON_MAX:
        raise InvalidInput("reason", f"原因请写在{REASON_MAX}字以内。")
    return clean


def _targets(session: Session, actor: Actor, person_ids: Sequence[str]) -> list[_Target]:
    """The persons, checked: live, alive, and within what `actor` may handle.

    The rules of `visibility.check_can_open_person`, read for all the persons at once: a
    whole village group is a few hundred persons.
    """
    rows = {row.id: row for row in _person_rows(session, person_ids)}
    declared = declared_relatives(session, actor.username)
    targets = []
    for person_id in person_ids:
        row = rows.get(person_id)
        if row is None:
            raise NotFound("人员记录")
        if row.household_id is None:
            if not actor.sees_whole_township:
                raise Forbidden(NO_HOUSEHOLD_MESSAGE)
        elif row.household_deleted:
            raise NotFound("家庭档案")
        elif not actor.may_see_village(row.village_code):
            raise Forbidden(OTHER_VILLAGE_MESSAGE)
        if row.household_id in declared.household_ids or person_id in declared.person_ids:
            raise Forbidden(RELATED_MESSAGE)
        if row.deceased_on is not None:
            raise InvalidInput("person_ids", "所选人员中有人已登记死亡，不再安排探访。")
        targets.append(_Target(person_id, row.household_id, row.village_code))
    return targets


def _in(column: Any, ids: Iterable[str]) -> ColumnElement[bool]:
    """`column IN ids`: a selection is at most a township's due list, far below SQLite's limit."""
    return column.in_(sorted(set(ids)))


def _person_rows(session: Session, person_ids: Iterable[str]) -> Sequence[Row[Any]]:
    """These live persons with their household's village (and its name) and state."""
    return session.execute(
        select(
            Person.id,
            Person.name,
            Person.household_id,
            Person.deceased_on,
            Household.village_code,
            Household.deleted.label("household_deleted"),
            DivisionRow.name.label("village_name"),
        )
        .outerjoin(Household, Household.id == Person.household_id)
        .outerjoin(DivisionRow, DivisionRow.code == Household.village_code)
        .where(_in(Person.id, person_ids), Person.deleted.is_(False))
    ).all()


def _check_on_schedule(session: Session, person_ids: Sequence[str], category: str) -> None:
    """Raise unless every person has the file or enrolment that puts them on that schedule."""
    schedule = _check_category(category)
    if schedule is ScheduleCategory.ELDER:
        found = select(ElderFile.person_id).where(
            _in(ElderFile.person_id, person_ids), ElderFile.deleted.is_(False)
        )
    elif schedule in CHILD_CATEGORIES:
        found = select(ChildFile.person_id).where(
            _in(ChildFile.person_id, person_ids), ChildFile.deleted.is_(False)
        )
    elif schedule is ScheduleCategory.TEKUN:
        found = select(Enrolment.person_id).where(
            _in(Enrolment.person_id, person_ids),
            Enrolment.program == Program.TEKUN.value,
            Enrolment.support_mode == SupportMode.DISPERSED.value,
            Enrolment.status.in_(_CURRENT),
            Enrolment.deleted.is_(False),
        )
    else:
        # A 低保 household's review is listed under its head.
        found = (
            select(Household.head_person_id)
            .join(Enrolment, Enrolment.household_id == Household.id)
            .where(
                _in(Household.head_person_id, person_ids),
                Enrolment.program == Program.DIBAO.value,
                Enrolment.status.in_(_CURRENT),
                Enrolment.deleted.is_(False),
            )
        )
    if not set(person_ids) <= set(session.scalars(found)):
        raise InvalidInput(
            "category", f"所选人员中有人不在“{schedule.label}”的探访名单上，请核对类别。"
        )


def _plans(session: Session, person_ids: Sequence[str], key: str) -> dict[str, list[VisitPlan]]:
    """Each person's live plans of a plan key."""
    plans: dict[str, list[VisitPlan]] = {person_id: [] for person_id in person_ids}
    for plan in session.scalars(
        select(VisitPlan).where(_in(VisitPlan.person_id, person_ids), VisitPlan.deleted.is_(False))
    ):
        if plan_key(plan.category) == key:
            plans[plan.person_id].append(plan)
    return plans


@dataclass(frozen=True)
class _Related:
    households: dict[str, frozenset[str]]
    persons: dict[str, frozenset[str]]


def _related(session: Session) -> _Related:
    """Households and persons each user is declared related to (live 近亲属备案)."""
    households: dict[str, set[str]] = {}
    persons: dict[str, set[str]] = {}
    for username, household_id, person_id in session.execute(
        select(
            RelativeDeclaration.staff_username,
            RelativeDeclaration.household_id,
            RelativeDeclaration.person_id,
        ).where(
            RelativeDeclaration.deleted.is_(False),
            RelativeDeclaration.staff_username.is_not(None),
        )
    ):
        households.setdefault(username, set()).add(household_id)
        if person_id is not None:
            persons.setdefault(username, set()).add(person_id)
    return _Related(
        {user: frozenset(ids) for user, ids in households.items()},
        {user: frozenset(ids) for user, ids in persons.items()},
    )


def _refusal(profile: UserProfile, target: _Target, related: _Related) -> str | None:
    """Why this user may not visit the person (one sentence), or None when they may."""
    role = Role(profile.role)
    if not role.sees_whole_township:
        if target.household_id is None:
            return "还没有编入户的人员只能由乡镇工作人员探访。"
        if target.village_code not in set(profile.villages or ()):
            return "这位探访人不负责这户所在的村，请选择负责该村的村干部或乡镇工作人员。"
    if target.household_id in related.households.get(profile.username, frozenset()):
        return "这位探访人与这户有近亲属备案，按规定应当回避，请另选探访人。"
    if target.person_id in related.persons.get(profile.username, frozenset()):
        return "这位探访人与这个人有近亲属备案，按规定应当回避，请另选探访人。"
    return None
