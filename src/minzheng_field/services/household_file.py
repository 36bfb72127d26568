"""The household file (一户一档) as one reader may see it: frozen values, never ORM objects.

Everything is read through visibility.py, so a village cadre's file is built from SELECTs
that never name a hidden column; their fields are None here and `restricted` is True.
ID numbers, phones and bank accounts are masked; reveal.py shows a whole one and logs it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import ColumnElement, and_, or_, select
from sqlalchemy.orm import Session

from minzheng_field.domain.age import age_shown
from minzheng_field.domain.calendar import china_today
from minzheng_field.domain.masking import mask_bank_account, mask_resident_id
from minzheng_field.services.care_files import (
    ChildFileView,
    ElderFileView,
    child_view_from_row,
    elder_view_from_row,
    masked_phone,
)
from minzheng_field.services.context import Actor
from minzheng_field.services.visibility import (
    CADRE_HIDDEN_AUDIT_REASONS,
    PARENT_DETAILS,
    PARENTS,
    SENSITIVE_PARENT_SITUATIONS,
    check_can_open_household,
    full_sight,
    parents_hidden_around,
    read_row,
    read_rows,
    view_of,
    visible_changes,
)
from minzheng_field.store.models import (
    AuditEntry,
    ChildFile,
    DivisionRow,
    ElderFile,
    Enrolment,
    EnrolmentEvent,
    Household,
    Notice,
    Person,
    RelativeDeclaration,
    Task,
    UserProfile,
    Visit,
)


@dataclass(frozen=True)
class HouseholdView:
    """The household itself; bank, housing and notes are None for a cadre."""

    id: str
    village_code: str
    village_name: str | None
    address: str | None
    phone: str | None
    head_person_id: str | None
    dibao_certificate_no: str | None
    relative_declared: bool
    housing: str | None
    bank_name: str | None
    bank_account: str | None
    notes: str | None
    version: int
    updated_at: datetime
    updated_by: str | None


@dataclass(frozen=True)
class MemberView:
    """A member; the ID number and phone masked, health and disability detail None for a cadre."""

    id: str
    is_head: bool
    relation: str | None
    name: str
    sex: str | None
    birth_date: date | None
    # Full years today, or at death.
    age: int | None
    resident_id: str | None
    phone: str | None
    pending_verification: bool
    pending_reason: str | None
    deceased_on: date | None
    ethnicity: str | None
    marital_status: str | None
    labour_capacity: str | None
    employment: str | None
    hukou_address: str | None
    current_address: str | None
    has_disability: bool
    disability_category: str | None
    disability_grade: int | None
    health: str | None
    notes: str | None
    version: int


@dataclass(frozen=True)
class EnrolmentEventView:
    """One status change of an enrolment."""

    id: str
    from_status: str | None
    to_status: str
    effective_on: date
    monthly_amount_fen: int | None
    reason: str | None
    updated_at: datetime
    updated_by: str | None


@dataclass(frozen=True)
class ProgramView:
    """An enrolment with its status history (oldest first); income and class None for a cadre."""

    id: str
    program: str
    person_id: str | None
    status: str
    applied_on: date | None
    decided_on: date | None
    start_month: date | None
    end_month: date | None
    monthly_amount_fen: int | None
    covered_members: int | None
    support_mode: str | None
    self_care_level: str | None
    carer_name: str | None
    carer_phone: str | None
    assistance_type: str | None
    assistance_amount_fen: int | None
    review_cycle_months: int | None
    next_review_on: date | None
    per_capita_income_fen: int | None
    dibao_class: str | None
    assistance_reason: str | None
    notes: str | None
    events: tuple[EnrolmentEventView, ...]


@dataclass(frozen=True)
class VisitSummary:
    """A visit in the household's list (the answers are opened with the visit itself)."""

    id: str
    person_id: str
    category: str
    visited_on: date
    method: str
    visitor: str
    status: str
    amends_visit_id: str | None
    finalised_at: datetime | None


@dataclass(frozen=True)
class TaskView:
    """A follow-up concerning the household or one of its members."""

    id: str
    kind: str
    title: str
    person_id: str | None
    due_on: date | None
    status: str
    assigned_to: str | None
    done_at: datetime | None
    result: str | None


@dataclass(frozen=True)
class NoticeView:
    """A document issued to the household."""

    id: str
    enrolment_id: str | None
    kind: str
    number: str | None
    issued_on: date | None
    served_on: date | None


@dataclass(frozen=True)
class DeclarationView:
    """A 近亲属备案; who the related staff member is stays None for a cadre."""

    id: str
    person_id: str | None
    declared_on: date
    staff_name: str | None
    staff_position: str | None
    relation: str | None


@dataclass(frozen=True)
class FieldChange:
    """One field of an audit entry: old and new value as the reader may see them."""

    field: str
    old: Any
    new: Any


@dataclass(frozen=True)
class HistoryEntry:
    """Who changed what, when."""

    at: datetime
    username: str
    display_name: str | None
    entity_type: str
    entity_id: str
    action: str
    changes: tuple[FieldChange, ...]
    reason: str | None


@dataclass(frozen=True)
class HouseholdFile:
    """Everything of one household the reader may see."""

    household: HouseholdView
    members: tuple[MemberView, ...]
    programs: tuple[ProgramView, ...]
    child_files: tuple[ChildFileView, ...]
    elder_files: tuple[ElderFileView, ...]
    visits: tuple[VisitSummary, ...]
    tasks: tuple[TaskView, ...]
    notices: tuple[NoticeView, ...]
    declarations: tuple[DeclarationView, ...]
    # Latest first.
    history: tuple[HistoryEntry, ...]
    # True when fields were withheld from this reader (a village cadre).
    restricted: bool


def open_household(
    session: Session, actor: Actor, household_id: str, *, today: date | None = None
) -> HouseholdFile:
    """The household file as `actor` may see it (Forbidden for other villages or relatives)."""
    check_can_open_household(session, actor, household_id)
    day = today or china_today()
    household_row = read_row(session, actor, Household, Household.id == household_id)
    # check_can_open_household has refused a missing household.
    assert household_row is not None
    member_rows = read_rows(session, actor, Person, Person.household_id == household_id)
    member_ids = [row["id"] for row in member_rows]
    enrolment_rows = read_rows(
        session,
        actor,
        Enrolment,
        Enrolment.household_id == household_id,
        order_by=(Enrolment.applied_on, Enrolment.id),
    )
    enrolment_ids = [row["id"] for row in enrolment_rows]
    event_rows = read_rows(
        session,
        actor,
        EnrolmentEvent,
        EnrolmentEvent.enrolment_id.in_(enrolment_ids),
        order_by=(EnrolmentEvent.effective_on, EnrolmentEvent.updated_at),
    )
    child_rows = read_rows(session, actor, ChildFile, ChildFile.person_id.in_(member_ids))
    elder_rows = read_rows(session, actor, ElderFile, ElderFile.person_id.in_(member_ids))
    concerns_household = (Visit.household_id == household_id) | Visit.person_id.in_(member_ids)
    visit_rows = read_rows(
        session,
        actor,
        Visit,
        concerns_household,
        order_by=(Visit.visited_on.desc(), Visit.updated_at.desc()),
    )
    task_rows = read_rows(
        session,
        actor,
        Task,
        (Task.household_id == household_id) | Task.person_id.in_(member_ids),
        order_by=(Task.due_on.is_(None), Task.due_on, Task.title),
    )
    notice_rows = read_rows(
        session,
        actor,
        Notice,
        Notice.household_id == household_id,
        order_by=(Notice.issued_on.desc(), Notice.number),
    )
    declaration_rows = read_rows(
        session,
        actor,
        RelativeDeclaration,
        RelativeDeclaration.household_id == household_id,
        order_by=(RelativeDeclaration.declared_on,),
    )
    head_id = household_row.get("head_person_id")
    members = sorted(
        (_member(row, head_id, day) for row in member_rows),
        key=lambda m: (not m.is_head, m.birth_date is None, m.birth_date or date.min, m.name),
    )
    events_by_enrolment: dict[str, list[EnrolmentEventView]] = {}
    for row in event_rows:
        events_by_enrolment.setdefault(row["enrolment_id"], []).append(
            view_of(EnrolmentEventView, row)
        )
    return HouseholdFile(
        household=_household(session, household_row, bool(declaration_rows)),
        members=tuple(members),
        programs=tuple(
            _program(row, events_by_enrolment.get(row["id"], [])) for row in enrolment_rows
        ),
        child_files=tuple(child_view_from_row(row) for row in child_rows),
        elder_files=tuple(elder_view_from_row(row) for row in elder_rows),
        visits=tuple(view_of(VisitSummary, row) for row in visit_rows),
        tasks=tuple(view_of(TaskView, row) for row in task_rows),
        notices=tuple(view_of(NoticeView, row) for row in notice_rows),
        declarations=tuple(view_of(DeclarationView, row) for row in declaration_rows),
        history=tuple(_history(session, actor, household_id)),
        restricted=not full_sight(actor.role),
    )


def household_history(session: Session, actor: Actor, household_id: str) -> list[HistoryEntry]:
    """Audit entries of the household, its members, enrolments and files, latest first."""
    check_can_open_household(session, actor, household_id)
    return _history(session, actor, household_id)


def _history(session: Session, actor: Actor, household_id: str) -> list[HistoryEntry]:
    # Removed members and stopped enrolments keep their history here, so tombstones count.
    member_ids = set(session.scalars(select(Person.id).where(Person.household_id == household_id)))
    enrolment_ids = set(
        session.scalars(select(Enrolment.id).where(Enrolment.household_id == household_id))
    )
    child_files = session.execute(
        select(
            ChildFile.id,
            *(
                getattr(ChildFile, f"{parent}_situation")
                .in_(sorted(SENSITIVE_PARENT_SITUATIONS))
                .label(parent)
                for parent in PARENTS
            ),
        ).where(ChildFile.person_id.in_(member_ids))
    ).all()
    ids_by_type: dict[str, set[str]] = {
        "households": {household_id},
        "persons": member_ids,
        "enrolments": enrolment_ids,
        "enrolment_events": set(
            session.scalars(
                select(EnrolmentEvent.id).where(EnrolmentEvent.enrolment_id.in_(enrolment_ids))
            )
        ),
        "child_files": {row.id for row in child_files},
        "elder_files": set(
            session.scalars(select(ElderFile.id).where(ElderFile.person_id.in_(member_ids)))
        ),
        "relative_declarations": set(
            session.scalars(
                select(RelativeDeclaration.id).where(
                    RelativeDeclaration.household_id == household_id
                )
            )
        ),
        "notices": set(
            session.scalars(select(Notice.id).where(Notice.household_id == household_id))
        ),
    }
    conditions: list[ColumnElement[bool]] = [
        and_(AuditEntry.entity_type == entity_type, AuditEntry.entity_id.in_(sorted(ids)))
        for entity_type, ids in ids_by_type.items()
        if ids
    ]
    entries = session.execute(
        select(
            AuditEntry.at,
            AuditEntry.username,
            AuditEntry.entity_type,
            AuditEntry.entity_id,
            AuditEntry.action,
            AuditEntry.changes,
            AuditEntry.reason,
        )
        .where(or_(*conditions))
        .order_by(AuditEntry.at.desc(), AuditEntry.id)
    ).all()
    names = dict(session.execute(select(UserProfile.username, UserProfile.display_name)).all())
    sensitive_now = {
        (row.id, parent) for row in child_files for parent in PARENTS if getattr(row, parent)
    }
    before_each = _parents_sensitive_before(entries, sensitive_now)
    history: list[HistoryEntry] = []
    for entry in entries:
        raw = {name: (pair[0], pair[1]) for name, pair in (entry.changes or {}).items()}
        sensitive_before = before_each.get(id(entry))
        if sensitive_before is None:
            shown = visible_changes(actor, entry.entity_type, raw)
        else:
            always, before = sensitive_before
            raw_shown = {
                name: pair for name, pair in raw.items() if not _is_detail_of(name, always)
            }
            shown = visible_changes(actor, entry.entity_type, raw_shown, sensitive_before=before)
        if raw and not shown:
            continue  # every field of this change is hidden from the reader
        reason = entry.reason
        if not full_sight(actor.role) and entry.entity_type in CADRE_HIDDEN_AUDIT_REASONS:
            reason = None
        history.append(
            HistoryEntry(
                at=entry.at,
                username=entry.username,
                display_name=names.get(entry.username),
                entity_type=entry.entity_type,
                entity_id=entry.entity_id,
                action=entry.action,
                changes=tuple(
                    FieldChange(name, _shown_value(name, old), _shown_value(name, new))
                    for name, (old, new) in sorted(shown.items())
                ),
                reason=reason,
            )
        )
    return history


def _parents_sensitive_before(
    entries: Sequence[Any], sensitive_now: set[tuple[str, str]]
) -> dict[int, tuple[frozenset[str], frozenset[str]]]:
    """Per child-file entry: parents always to hide, and parents hidden just before it.

    The entries are replayed oldest first. Where they do not end in the situation the file
    holds now (rows that arrived without their history), that parent's details stay out of
    every entry.
    """
    state: dict[str, set[str]] = {}
    before_each: dict[int, frozenset[str]] = {}
    for entry in reversed(entries):
        if entry.entity_type != "child_files":
            continue
        changes = {name: (pair[0], pair[1]) for name, pair in (entry.changes or {}).items()}
        before = state.get(entry.entity_id, set())
        before_each[id(entry)] = frozenset(before)
        _, after = parents_hidden_around(changes, before)
        state[entry.entity_id] = after
    result: dict[int, tuple[frozenset[str], frozenset[str]]] = {}
    for entry in entries:
        if entry.entity_type != "child_files":
            continue
        final = state.get(entry.entity_id, set())
        always = frozenset(
            parent
            for parent in PARENTS
            if ((entry.entity_id, parent) in sensitive_now) != (parent in final)
        )
        result[id(entry)] = (always, before_each[id(entry)])
    return result


def _is_detail_of(name: str, parents: frozenset[str]) -> bool:
    parent, _, rest = name.partition("_")
    return parent in parents and rest in PARENT_DETAILS


def _shown_value(field: str, value: Any) -> Any:
    if isinstance(value, str):
        if field == "resident_id":
            return mask_resident_id(value)
        if field == "bank_account":
            return mask_bank_account(value)
        if field == "phone" or field.endswith("_phone"):
            return masked_phone(value)
    if isinstance(value, list):
        return tuple(value)
    return value


def _household(session: Session, row: Mapping[str, Any], has_declarations: bool) -> HouseholdView:
    village_name = session.scalar(
        select(DivisionRow.name).where(DivisionRow.code == row["village_code"])
    )
    bank_account = row.get("bank_account")
    return view_of(
        HouseholdView,
        row,
        village_name=village_name,
        phone=masked_phone(row.get("phone")),
        relative_declared=bool(row.get("relative_declared")) or has_declarations,
        bank_account=None if bank_account is None else mask_bank_account(bank_account),
    )


def _member(row: Mapping[str, Any], head_id: str | None, day: date) -> MemberView:
    resident_id = row.get("resident_id")
    return view_of(
        MemberView,
        row,
        is_head=row["id"] == head_id,
        age=age_shown(row.get("birth_date"), row.get("deceased_on"), day),
        resident_id=None if resident_id is None else mask_resident_id(resident_id),
        phone=masked_phone(row.get("phone")),
        pending_verification=bool(row.get("pending_verification")),
        has_disability=bool(row.get("has_disability")),
    )


def _program(row: Mapping[str, Any], events: list[EnrolmentEventView]) -> ProgramView:
    return view_of(
        ProgramView,
        row,
        carer_phone=masked_phone(row.get("carer_phone")),
        events=tuple(events),
    )
