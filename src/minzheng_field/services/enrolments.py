"""Program enrolments: apply, decide, change, suspend, resume and stop, each with its event.

Decisions:
- Only township staff enrol and decide; a cadre visits and reports (DOMAIN.md, who does
  what). A staff member declared related to the household is kept out, as for reading.
- An application (申请中) holds no start month and no amount; both are set by the decision,
  from the rates in force on the first day of the start month: the month after the decision
  for 低保, 低保边缘, 特困, 孤儿 and 事实无人抚养儿童, the month of application for 两项补贴,
  the month of the decision for the one-off 临时救助.
- 临时救助 may be given again for a new hardship, so it is exempt from "one active enrolment
  per program"; it has no monthly amount (`assistance_amount_fen` is paid once).
- A 低保 household may include a member who is in 特困 only if that member is left out of
  the covered members (保障人口): the household counts as holding both programs when its
  covered members leave nobody out.
- Suspension stops payment from the month after its date, like a stop; resumption pays
  again from the month of its date, at the rates then in force.
- Every status change writes an EnrolmentEvent; so does every change of the values the
  amount is computed from (from and to status the same), which keeps the amount history
  readable. Each event stores its `basis`: those values as they are once the event applies
  (village, 保障人口, income, class, 供养方式, 自理能力), so that back pay
  (rates.back_pay_due) reads the values month by month from the events themselves.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from minzheng_field.domain.errors import MinzhengError
from minzheng_field.domain.months import Month, add_months, date_label
from minzheng_field.domain.programs import (
    EnrolmentStatus,
    IncompleteAssessment,
    Program,
    SelfCareItem,
    SelfCareLevel,
    SupportMode,
    TemporaryAssistanceType,
    assess_self_care,
    check_transition,
    conflicting_programs,
)
from minzheng_field.domain.rates import RateKind, yuan_label
from minzheng_field.services.context import Actor
from minzheng_field.services.errors import Forbidden, InvalidInput, NotFound
from minzheng_field.services.rates import (
    AMOUNT_FIELDS,
    AmountBasis,
    InvalidCountyRule,
    RateBook,
    amount_rounding,
    county_rule_value,
    is_urban,
    monthly_amount,
)
from minzheng_field.services.recording import Change, record_create, record_update
from minzheng_field.services.visibility import check_can_open_household, read_rows
from minzheng_field.store.models import Enrolment, EnrolmentEvent, Household, Person

ACTIVE_STATUSES = (EnrolmentStatus.APPLIED, EnrolmentStatus.APPROVED, EnrolmentStatus.SUSPENDED)
TEMPORARY_ASSISTANCE_LIMIT_RULE = "temporary_assistance_township_limit_fen"
DEFAULT_TEMPORARY_ASSISTANCE_LIMIT_FEN = 300_000
# 低保边缘: per-capita income below this multiple of the 低保 standard (a county rule).
DIBAO_EDGE_MULTIPLE_RULE = "dibao_edge_income_multiple"
DEFAULT_DIBAO_EDGE_MULTIPLE = 1.5
DIBAO_REVIEW_MONTHS = 12
# Households with irregular income and members able to work are reviewed twice a year.
DIBAO_SHORT_REVIEW_MONTHS = 6
TEKUN_REVIEW_MONTHS = 12
LONGEST_NAME = 64
LONGEST_CLASS = 16
_PHONE_SEPARATORS = re.compile(r"[\s\-－—]+")
_PHONE = re.compile(r"\+?[0-9]{7,13}")

_FIELD_PROGRAMS: Mapping[str, frozenset[Program]] = {
    "covered_members": frozenset({Program.DIBAO, Program.DIBAO_EDGE}),
    "per_capita_income_fen": frozenset({Program.DIBAO, Program.DIBAO_EDGE}),
    "dibao_class": frozenset({Program.DIBAO}),
    "support_mode": frozenset({Program.TEKUN, Program.ORPHAN}),
    "self_care_level": frozenset({Program.TEKUN}),
    "self_care_items": frozenset({Program.TEKUN}),
    "carer_name": frozenset({Program.TEKUN}),
    "carer_phone": frozenset({Program.TEKUN}),
    "assistance_type": frozenset({Program.TEMPORARY_ASSISTANCE}),
    "assistance_amount_fen": frozenset({Program.TEMPORARY_ASSISTANCE}),
    "assistance_reason": frozenset({Program.TEMPORARY_ASSISTANCE}),
    "irregular_income": frozenset({Program.DIBAO}),
}
_FIELD_LABELS: Mapping[str, str] = {
    "covered_members": "保障人口",
    "per_capita_income_fen": "家庭月人均收入",
    "dibao_class": "分类施保类别",
    "support_mode": "供养方式",
    "self_care_level": "自理能力",
    "self_care_items": "自理能力评估",
    "carer_name": "委托照料人",
    "carer_phone": "照料人电话",
    "assistance_type": "临时救助类型",
    "assistance_amount_fen": "临时救助金额",
    "assistance_reason": "救助事由",
    "irregular_income": "收入不固定",
}
CHANGEABLE_FIELDS = frozenset({*_FIELD_PROGRAMS, "notes", "next_review_on"})


class ConflictingPrograms(MinzhengError):
    """Two programs one person (or household) may not hold together."""

    kind = "conflicting_programs"

    def __init__(self, held: Program, wanted: Program, message: str) -> None:
        super().__init__(message, kind="conflicting_programs")
        self.held = held
        self.wanted = wanted


class DuplicateEnrolment(MinzhengError):
    """The household or person already has an active enrolment in the program."""

    kind = "duplicate_enrolment"

    def __init__(self, enrolment_id: str, message: str) -> None:
        super().__init__(message, kind="duplicate_enrolment")
        self.enrolment_id = enrolment_id


@dataclass(frozen=True)
class EnrolmentChange:
    """What one use case did to an enrolment: its state afterwards and the changes written."""

    enrolment_id: str
    household_id: str
    person_id: str | None
    program: Program
    status: EnrolmentStatus
    monthly_amount_fen: int | None
    start_month: Month | None
    end_month: Month | None
    event_ids: tuple[str, ...]
    changes: tuple[Change, ...]
    # 临时救助 above the township's approval limit waits for the county.
    needs_county_approval: bool = False


@dataclass(frozen=True)
class EventView:
    """One entry of an enrolment's history; `reason` is None for whoever may not read it."""

    event_id: str
    enrolment_id: str
    from_status: EnrolmentStatus | None
    to_status: EnrolmentStatus
    effective_on: date
    monthly_amount_fen: int | None
    reason: str | None
    recorded_by: str | None
    recorded_at: datetime
    # What the amount was computed from (rates.BASIS_FIELDS); None for whoever may not read
    # it (it holds the income and the 分类施保 class).
    basis: Mapping[str, Any] | None = None

    @property
    def is_status_change(self) -> bool:
        """False for a change of the amount or its basis within one status."""
        return self.from_status != self.to_status


# --- reading ---------------------------------------------------------------------------


def enrolment_history(session: Session, actor: Actor, enrolment_id: str) -> list[EventView]:
    """The status history of an enrolment, oldest first."""
    enrolment = _live_enrolment(session, enrolment_id)
    check_can_open_household(session, actor, enrolment.household_id)
    rows = read_rows(
        session,
        actor,
        EnrolmentEvent,
        EnrolmentEvent.enrolment_id == enrolment_id,
        order_by=(EnrolmentEvent.effective_on, EnrolmentEvent.updated_at),
    )
    return [
        EventView(
            event_id=row["id"],
            enrolment_id=row["enrolment_id"],
            from_status=EnrolmentStatus(row["from_status"]) if row["from_status"] else None,
            to_status=EnrolmentStatus(row["to_status"]),
            effective_on=row["effective_on"],
            monthly_amount_fen=row["monthly_amount_fen"],
            reason=row.get("reason"),
            recorded_by=row["updated_by"],
            recorded_at=row["updated_at"],
            basis=row.get("basis"),
        )
        for row in rows
    ]


def township_approval_limit_fen(session: Session, on: date) -> int:
    """The highest 临时救助 the township may approve itself on `on` (a county rule)."""
    value = county_rule_value(
        session, TEMPORARY_ASSISTANCE_LIMIT_RULE, on, DEFAULT_TEMPORARY_ASSISTANCE_LIMIT_FEN
    )
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise InvalidCountyRule("县级设置中临时救助乡镇审批限额的值不对，请核对县级设置。")
    return value


# --- enrol -----------------------------------------------------------------------------


def enrol(
    session: Session,
    actor: Actor,
    *,
    program: Program | str,
    household_id: str,
    person_id: str | None = None,
    status: EnrolmentStatus | str = EnrolmentStatus.APPLIED,
    applied_on: date,
    decided_on: date | None = None,
    start_month: date | Month | None = None,
    covered_members: int | None = None,
    per_capita_income_fen: int | None = None,
    dibao_class: str | None = None,
    support_mode: SupportMode | str | None = None,
    self_care_level: SelfCareLevel | str | None = None,
    self_care_items: Mapping[SelfCareItem | str, bool] | None = None,
    carer_name: str | None = None,
    carer_phone: str | None = None,
    assistance_type: TemporaryAssistanceType | str | None = None,
    assistance_amount_fen: int | None = None,
    assistance_reason: str | None = None,
    irregular_income: bool = False,
    notes: str | None = None,
) -> EnrolmentChange:
    """Register an application (申请中) or an approved enrolment (在保), with its events.

    `irregular_income`: a 低保 household with irregular income and members able to work,
    reviewed every 6 months instead of yearly.
    """
    _require_township_staff(actor)
    wanted = _program(program)
    household = _live_household(session, household_id)
    check_can_open_household(session, actor, household.id)
    status = _initial_status(status)
    if not isinstance(applied_on, date):
        raise InvalidInput("applied_on", "请填写申请日期。")
    if status is EnrolmentStatus.APPLIED and decided_on is not None:
        raise InvalidInput("decided_on", "申请中的记录还没有审批，不填审批日期。")
    if status is EnrolmentStatus.APPROVED:
        _check_decision_date(decided_on, applied_on)
    person = _person_for(session, wanted, household, person_id)
    given = {
        "covered_members": covered_members,
        "per_capita_income_fen": per_capita_income_fen,
        "dibao_class": dibao_class,
        "support_mode": support_mode,
        "self_care_level": self_care_level,
        "self_care_items": self_care_items,
        "carer_name": carer_name,
        "carer_phone": carer_phone,
        "assistance_type": assistance_type,
        "assistance_amount_fen": assistance_amount_fen,
        "assistance_reason": assistance_reason,
        "irregular_income": irregular_income or None,
    }
    _check_applicable(wanted, {k: v for k, v in given.items() if v is not None})
    live = _live_members(session, household.id)
    values = _program_values(wanted, given, live_count=len(live))
    values["notes"] = _text(notes)
    _check_conflicts(session, wanted, household.id, person, values.get("covered_members"), None)
    if wanted.is_monthly:
        _check_not_duplicate(session, wanted, household.id, person, None)
    values["review_cycle_months"] = _review_cycle(wanted, irregular_income)

    needs_county = False
    if status is EnrolmentStatus.APPROVED and wanted is Program.TEMPORARY_ASSISTANCE:
        assert decided_on is not None
        limit = township_approval_limit_fen(session, decided_on)
        if values["assistance_amount_fen"] > limit:
            # Above the township's limit the application waits for the county's approval.
            status, decided_on, start_month = EnrolmentStatus.APPLIED, None, None
            needs_county = True
    decision: dict[str, Any] = {}
    if status is EnrolmentStatus.APPROVED:
        assert decided_on is not None
        decision = _decision_values(
            session,
            wanted,
            household.village_code,
            values,
            applied_on=applied_on,
            decided_on=decided_on,
            start_month=start_month,
        )
    elif start_month is not None:
        raise InvalidInput("start_month", "申请中的记录还没有起始发放月份，批准时再填。")

    enrolment = Enrolment(
        household_id=household.id,
        person_id=person.id if person is not None else None,
        program=wanted.value,
        status=status.value,
        applied_on=applied_on,
        **values,
        **decision,
    )
    changes = [record_create(session, actor, enrolment)]
    basis = _event_basis(enrolment, household.village_code)
    events = [
        _new_event(enrolment, None, EnrolmentStatus.APPLIED, applied_on, None, None, basis),
    ]
    if status is EnrolmentStatus.APPROVED:
        assert decided_on is not None
        events.append(
            _new_event(
                enrolment,
                EnrolmentStatus.APPLIED,
                EnrolmentStatus.APPROVED,
                decided_on,
                enrolment.monthly_amount_fen,
                None,
                dict(basis),
            )
        )
    for event in events:
        changes.append(record_create(session, actor, event))
    return _result(enrolment, events, changes, needs_county_approval=needs_county)


# --- decisions and status changes ------------------------------------------------------


def approve(
    session: Session,
    actor: Actor,
    enrolment_id: str,
    *,
    decided_on: date,
    start_month: date | Month | None = None,
    irregular_income: bool | None = None,
    approved_by_county: bool = False,
    reason: str | None = None,
) -> EnrolmentChange:
    """Record the approval of an application: start month, amount and next review are set.

    A 临时救助 above the township's limit needs `approved_by_county=True` (the county's
    decision being recorded).
    """
    enrolment, household = _load_for_change(session, actor, enrolment_id)
    current = EnrolmentStatus(enrolment.status)
    if current is EnrolmentStatus.SUSPENDED:
        raise InvalidInput("status", "暂停中的保障请办理恢复，不需要重新批准。")
    check_transition(current, EnrolmentStatus.APPROVED)
    assert enrolment.applied_on is not None
    _check_decision_date(decided_on, enrolment.applied_on)
    _check_after_last_event(session, enrolment, decided_on)
    program = Program(enrolment.program)
    if irregular_income is not None and program is not Program.DIBAO:
        raise InvalidInput("irregular_income", "收入不固定的半年复核只适用于低保。")
    person = _enrolled_person(session, enrolment)
    _check_alive(person)
    values = _row_values(enrolment)
    _check_complete_for_decision(program, values)
    _check_conflicts(
        session, program, household.id, person, enrolment.covered_members, enrolment.id
    )
    if program is Program.TEMPORARY_ASSISTANCE and not approved_by_county:
        limit = township_approval_limit_fen(session, decided_on)
        if (enrolment.assistance_amount_fen or 0) > limit:
            raise Forbidden(
                f"临时救助金额超过乡镇审批限额（{yuan_label(limit)}），须由县级审批；"
                "录入县级审批结果时请注明由县级批准。"
            )
    if irregular_income is not None:
        values["review_cycle_months"] = _review_cycle(program, irregular_income)
    decision = _decision_values(
        session,
        program,
        household.village_code,
        values,
        applied_on=enrolment.applied_on,
        decided_on=decided_on,
        start_month=start_month,
    )
    return _transition(
        session,
        actor,
        enrolment,
        household,
        EnrolmentStatus.APPROVED,
        decided_on,
        _text(reason),
        {**decision, "review_cycle_months": values["review_cycle_months"]},
    )


def refuse(
    session: Session,
    actor: Actor,
    enrolment_id: str,
    *,
    decided_on: date,
    reasons: str | Sequence[str],
) -> EnrolmentChange:
    """Record a refusal (不予批准), which must state its reasons in writing."""
    enrolment, household = _load_for_change(session, actor, enrolment_id)
    check_transition(EnrolmentStatus(enrolment.status), EnrolmentStatus.REFUSED)
    parts = [reasons] if isinstance(reasons, str) else list(reasons)
    written = "；".join(part.strip() for part in parts if part and part.strip())
    if not written:
        raise InvalidInput("reasons", "不予批准须书面说明理由，请填写理由。")
    assert enrolment.applied_on is not None
    _check_decision_date(decided_on, enrolment.applied_on)
    _check_after_last_event(session, enrolment, decided_on)
    return _transition(
        session,
        actor,
        enrolment,
        household,
        EnrolmentStatus.REFUSED,
        decided_on,
        written,
        {"decided_on": decided_on},
    )


def suspend(
    session: Session, actor: Actor, enrolment_id: str, *, effective_on: date, reason: str
) -> EnrolmentChange:
    """Suspend payment (暂停) from the month after `effective_on`."""
    enrolment, household, written = _load_for_transition(
        session, actor, enrolment_id, EnrolmentStatus.SUSPENDED, effective_on, reason
    )
    return _transition(
        session, actor, enrolment, household, EnrolmentStatus.SUSPENDED, effective_on, written, {}
    )


def resume(
    session: Session, actor: Actor, enrolment_id: str, *, effective_on: date, reason: str
) -> EnrolmentChange:
    """Resume payment from the month of `effective_on`, at the rates in force then."""
    enrolment, household, written = _load_for_transition(
        session, actor, enrolment_id, EnrolmentStatus.APPROVED, effective_on, reason
    )
    person = _enrolled_person(session, enrolment)
    _check_alive(person)
    program = Program(enrolment.program)
    _check_conflicts(
        session, program, household.id, person, enrolment.covered_members, enrolment.id
    )
    amount = _amount(session, program, household.village_code, _row_values(enrolment), effective_on)
    return _transition(
        session,
        actor,
        enrolment,
        household,
        EnrolmentStatus.APPROVED,
        effective_on,
        written,
        {"monthly_amount_fen": amount},
    )


def stop_enrolment(
    session: Session, actor: Actor, enrolment_id: str, *, effective_on: date, reason: str
) -> EnrolmentChange:
    """Stop an enrolment (停发, or withdraw an application); payment stops from the next month."""
    enrolment, household, written = _load_for_transition(
        session, actor, enrolment_id, EnrolmentStatus.STOPPED, effective_on, reason
    )
    values: dict[str, Any] = {}
    if enrolment.start_month is not None:
        values["end_month"] = Month.from_date(effective_on).first_day()
    return _transition(
        session, actor, enrolment, household, EnrolmentStatus.STOPPED, effective_on, written, values
    )


# --- changes within a status -----------------------------------------------------------


def change_enrolment(
    session: Session,
    actor: Actor,
    enrolment_id: str,
    *,
    effective_on: date,
    reason: str,
    **fields: Any,
) -> EnrolmentChange:
    """Change an enrolment's facts (保障人口, income, class, 自理能力, carer, …) from a date.

    The amount is recomputed, from the rates in force on `effective_on`, when a value it
    depends on changes.
    """
    unknown = set(fields) - CHANGEABLE_FIELDS
    if unknown:
        raise TypeError(f"change_enrolment: not a changeable field: {sorted(unknown)}")
    enrolment, household = _load_for_change(session, actor, enrolment_id)
    status = EnrolmentStatus(enrolment.status)
    if status.is_final:
        raise InvalidInput("status", f"“{status.label}”的记录不能再变更；如需重新纳入请重新申请。")
    written = _required_reason(reason, "请填写变更的原因。")
    if not isinstance(effective_on, date):
        raise InvalidInput("effective_on", "请填写变更的生效日期。")
    program = Program(enrolment.program)
    _check_applicable(program, {k: v for k, v in fields.items() if v is not None})
    if (
        program is Program.TEMPORARY_ASSISTANCE
        and status is not EnrolmentStatus.APPLIED
        and "assistance_amount_fen" in fields
        and fields["assistance_amount_fen"] != enrolment.assistance_amount_fen
    ):
        raise InvalidInput(
            "assistance_amount_fen", "临时救助已批准，金额不能再改；如有差错请停止后重新申请。"
        )
    person = _enrolled_person(session, enrolment)
    live = _live_members(session, household.id)
    merged: dict[str, Any] = {
        name: getattr(enrolment, name) for name in _FIELD_PROGRAMS if hasattr(enrolment, name)
    }
    if "self_care_items" in fields and "self_care_level" not in fields:
        merged["self_care_level"] = None
    merged.update({k: v for k, v in fields.items() if k in _FIELD_PROGRAMS})
    relevant = {
        k: v for k, v in merged.items() if k in _FIELD_PROGRAMS and program in _FIELD_PROGRAMS[k]
    }
    values = _program_values(program, relevant, live_count=len(live))
    if "notes" in fields:
        values["notes"] = _text(fields["notes"])
    if "next_review_on" in fields:
        review = fields["next_review_on"]
        if review is not None and not isinstance(review, date):
            raise InvalidInput("next_review_on", "下次复核日期格式不对。")
        values["next_review_on"] = review
    if "irregular_income" in fields:
        values["review_cycle_months"] = _review_cycle(program, bool(fields["irregular_income"]))
    changed = {k: v for k, v in values.items() if getattr(enrolment, k) != v}
    basis_changed = any(name in changed for name in AMOUNT_FIELDS)
    if "covered_members" in changed:
        _check_conflicts(
            session, program, household.id, person, values["covered_members"], enrolment.id
        )
    if status.is_current and basis_changed:
        amount = _amount(session, program, household.village_code, values, effective_on)
        if amount is not None and amount != enrolment.monthly_amount_fen:
            changed["monthly_amount_fen"] = amount
    if not changed:
        return _result(enrolment, [], [])
    changes: list[Change] = []
    events: list[EnrolmentEvent] = []
    if basis_changed or "monthly_amount_fen" in changed:
        event = _new_event(
            enrolment,
            status,
            status,
            effective_on,
            changed.get("monthly_amount_fen", enrolment.monthly_amount_fen),
            written,
            _event_basis(enrolment, household.village_code, values),
        )
        changes.append(record_create(session, actor, event))
        events.append(event)
    update = record_update(session, actor, enrolment, changed, reason=written)
    if update is not None:
        changes.append(update)
    return _result(enrolment, events, changes)


def recompute_amounts(
    session: Session,
    actor: Actor,
    *,
    effective_on: date,
    reason: str,
    program: Program | str | None = None,
) -> list[EnrolmentChange]:
    """Bring every current enrolment's amount to the rates in force on `effective_on`.

    After a rate change, this sets what is paid from then on; what is owed for earlier
    months is rates.back_pay_due.
    """
    _require_township_staff(actor)
    written = _required_reason(reason, "请填写重新核定金额的原因。")
    statement = (
        select(Enrolment, Household)
        .join(Household, Household.id == Enrolment.household_id)
        .where(
            Enrolment.deleted.is_(False),
            Enrolment.status.in_([EnrolmentStatus.APPROVED.value, EnrolmentStatus.SUSPENDED.value]),
        )
        .order_by(Household.village_code, Enrolment.household_id, Enrolment.id)
    )
    if program is not None:
        statement = statement.where(Enrolment.program == _program(program).value)
    book = RateBook.load(session)
    rounding = amount_rounding(session, effective_on)
    planned: list[tuple[Enrolment, int, AmountBasis]] = []
    for enrolment, household in session.execute(statement).all():
        basis = _basis(Program(enrolment.program), household.village_code, _row_values(enrolment))
        amount = monthly_amount(basis, book, effective_on, rounding)
        if amount is not None and amount != enrolment.monthly_amount_fen:
            planned.append((enrolment, amount, basis))
    results = []
    for enrolment, amount, basis in planned:
        status = EnrolmentStatus(enrolment.status)
        event = _new_event(
            enrolment, status, status, effective_on, amount, written, basis.as_json()
        )
        changes = [record_create(session, actor, event)]
        update = record_update(
            session, actor, enrolment, {"monthly_amount_fen": amount}, reason=written
        )
        if update is not None:
            changes.append(update)
        results.append(_result(enrolment, [event], changes))
    return results


# --- helpers ---------------------------------------------------------------------------


def _require_township_staff(actor: Actor) -> None:
    if not actor.sees_whole_township:
        raise Forbidden("保障的纳入、审批、变更和停止由乡镇民政工作人员办理。")


def _program(value: Program | str) -> Program:
    try:
        return Program(value)
    except ValueError:
        raise InvalidInput("program", "没有这个保障项目，请从列表中选择。") from None


def _initial_status(value: EnrolmentStatus | str) -> EnrolmentStatus:
    try:
        status = EnrolmentStatus(value)
    except ValueError:
        status = None
    if status not in (EnrolmentStatus.APPLIED, EnrolmentStatus.APPROVED):
        raise InvalidInput("status", "新登记的保障只能是“申请中”或“在保”。")
    return status


def _live_household(session: Session, household_id: str) -> Household:
    household = session.get(Household, household_id)
    if household is None or household.deleted:
        raise NotFound("家庭档案")
    return household


def _live_enrolment(session: Session, enrolment_id: str) -> Enrolment:
    enrolment = session.get(Enrolment, enrolment_id)
    if enrolment is None or enrolment.deleted:
        raise NotFound("保障记录")
    return enrolment


_MISSING_REASON = {
    EnrolmentStatus.SUSPENDED: "请填写暂停的原因。",
    EnrolmentStatus.APPROVED: "请填写恢复发放的原因。",
    EnrolmentStatus.STOPPED: "请填写停止的原因。",
}


def _load_for_transition(
    session: Session,
    actor: Actor,
    enrolment_id: str,
    target: EnrolmentStatus,
    effective_on: date,
    reason: str | None,
) -> tuple[Enrolment, Household, str]:
    """The enrolment and household of a suspension, resumption or stop, and its reason."""
    enrolment, household = _load_for_change(session, actor, enrolment_id)
    check_transition(EnrolmentStatus(enrolment.status), target)
    written = _required_reason(reason, _MISSING_REASON[target])
    _check_after_last_event(session, enrolment, effective_on)
    return enrolment, household, written


def _load_for_change(
    session: Session, actor: Actor, enrolment_id: str
) -> tuple[Enrolment, Household]:
    _require_township_staff(actor)
    enrolment = _live_enrolment(session, enrolment_id)
    check_can_open_household(session, actor, enrolment.household_id)
    return enrolment, _live_household(session, enrolment.household_id)


def _live_members(session: Session, household_id: str) -> list[Person]:
    return list(
        session.scalars(
            select(Person).where(
                Person.household_id == household_id,
                Person.deleted.is_(False),
                Person.deceased_on.is_(None),
            )
        ).all()
    )


def _person_for(
    session: Session, program: Program, household: Household, person_id: str | None
) -> Person | None:
    if program.is_per_household:
        if person_id is not None:
            raise InvalidInput(
                "person_id", f"{program.label}以户为单位，登记在这户名下，不选具体的人。"
            )
        return None
    if not person_id:
        raise InvalidInput("person_id", f"{program.label}是给个人的，请选择享受的家庭成员。")
    person = session.get(Person, person_id)
    if person is None or person.deleted:
        raise NotFound("人员记录")
    if person.household_id != household.id:
        raise InvalidInput("person_id", "此人不是这户的成员，请先把此人编入这户。")
    _check_alive(person)
    if program is Program.DISABILITY_LIVING_SUBSIDY and person.disability_category is None:
        raise InvalidInput(
            "person_id", "困难残疾人生活补贴只发给残疾人，请先登记此人的残疾类别和等级。"
        )
    if program is Program.DISABILITY_CARE_SUBSIDY and person.disability_grade not in (1, 2):
        raise InvalidInput(
            "person_id", "重度残疾人护理补贴只发给一级、二级残疾人，请核对此人的残疾等级。"
        )
    return person


def _enrolled_person(session: Session, enrolment: Enrolment) -> Person | None:
    if enrolment.person_id is None:
        return None
    return session.get(Person, enrolment.person_id)


def _check_alive(person: Person | None) -> None:
    if person is not None and person.deceased_on is not None:
        raise InvalidInput("person_id", "此人已去世，不能纳入保障或恢复发放；请办理停止。")


def _check_decision_date(decided_on: date | None, applied_on: date) -> None:
    if not isinstance(decided_on, date):
        raise InvalidInput("decided_on", "请填写审批日期。")
    if decided_on < applied_on:
        raise InvalidInput("decided_on", "审批日期不能早于申请日期，请核对。")


def _check_after_last_event(session: Session, enrolment: Enrolment, day: date) -> None:
    if not isinstance(day, date):
        raise InvalidInput("effective_on", "请填写生效日期。")
    last = session.scalar(
        select(EnrolmentEvent.effective_on)
        .where(
            EnrolmentEvent.enrolment_id == enrolment.id,
            EnrolmentEvent.deleted.is_(False),
            EnrolmentEvent.from_status.is_distinct_from(EnrolmentEvent.to_status),
        )
        .order_by(EnrolmentEvent.effective_on.desc())
        .limit(1)
    )
    if last is not None and day < last:
        raise InvalidInput(
            "effective_on", f"日期不能早于上一次状态变更的日期（{date_label(last)}），请核对。"
        )


def _required_reason(reason: str | None, missing: str) -> str:
    written = (reason or "").strip()
    if not written:
        raise InvalidInput("reason", missing)
    return written


def _text(value: str | None, longest: int | None = None, field: str = "") -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise InvalidInput(field or "notes", "请填写文字。")
    stripped = value.strip()
    if longest is not None and len(stripped) > longest:
        raise InvalidInput(field, f"{_FIELD_LABELS.get(field, '')}不超过{longest}个字。")
    return stripped or None


def _check_applicable(program: Program, given: Mapping[str, Any]) -> None:
    for name in given:
        programs = _FIELD_PROGRAMS.get(name)
        if programs is not None and program not in programs:
            labels = "、".join(p.label for p in Program if p in programs)
            raise InvalidInput(
                name, f"“{_FIELD_LABELS[name]}”只用于{labels}，{program.label}不填这一项。"
            )


def _whole_fen(value: Any, field: str, what: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidInput(field, f"{what}须为整数（以分为单位）。")
    return value


def _program_values(
    program: Program, given: Mapping[str, Any], *, live_count: int
) -> dict[str, Any]:
    """The enrolment columns of a program's facts, checked; the rest stay None."""
    values: dict[str, Any] = {
        name: None
        for name in _FIELD_PROGRAMS
        if name not in ("self_care_items", "irregular_income")
    }
    if program in (Program.DIBAO, Program.DIBAO_EDGE):
        covered = given.get("covered_members")
        if covered is None:
            covered = live_count
        if isinstance(covered, bool) or not isinstance(covered, int):
            raise InvalidInput("covered_members", "保障人口须为整数。")
        if not 1 <= covered <= live_count:
            raise InvalidInput(
                "covered_members",
                f"保障人口须至少1人，且不超过这户在世的家庭成员人数（{live_count}人）。",
            )
        values["covered_members"] = covered
        income = given.get("per_capita_income_fen")
        if income is not None:
            income = _whole_fen(income, "per_capita_income_fen", "家庭月人均收入")
            if income < 0:
                raise InvalidInput(
                    "per_capita_income_fen", "家庭月人均收入不能为负数；经营亏损按0计算。"
                )
        values["per_capita_income_fen"] = income
        if program is Program.DIBAO:
            values["dibao_class"] = _text(given.get("dibao_class"), LONGEST_CLASS, "dibao_class")
    elif program is Program.TEKUN:
        mode = given.get("support_mode")
        if mode is None:
            raise InvalidInput("support_mode", "特困人员须填写供养方式（集中供养或分散供养）。")
        values["support_mode"] = _enum(SupportMode, mode, "support_mode", "供养方式")
        values["self_care_level"] = _self_care(
            given.get("self_care_level"), given.get("self_care_items")
        )
        carer = _text(given.get("carer_name"), LONGEST_NAME, "carer_name")
        if values["support_mode"] == SupportMode.DISPERSED.value and carer is None:
            raise InvalidInput("carer_name", "分散供养的特困人员须填写委托照料人。")
        values["carer_name"] = carer
        values["carer_phone"] = _phone(given.get("carer_phone"))
    elif program is Program.ORPHAN:
        mode = given.get("support_mode")
        if mode is not None:
            values["support_mode"] = _enum(SupportMode, mode, "support_mode", "养育方式")
    elif program is Program.TEMPORARY_ASSISTANCE:
        kind = given.get("assistance_type")
        if kind is None:
            raise InvalidInput("assistance_type", "请选择临时救助类型：急难型或支出型。")
        values["assistance_type"] = _enum(
            TemporaryAssistanceType, kind, "assistance_type", "临时救助类型"
        )
        amount = given.get("assistance_amount_fen")
        if amount is None:
            raise InvalidInput("assistance_amount_fen", "请填写临时救助金额。")
        amount = _whole_fen(amount, "assistance_amount_fen", "临时救助金额")
        if amount <= 0:
            raise InvalidInput("assistance_amount_fen", "临时救助金额须大于0元。")
        values["assistance_amount_fen"] = amount
        values["assistance_reason"] = _text(given.get("assistance_reason"))
    return values


def _enum(enum: Any, value: Any, field: str, what: str) -> str:
    try:
        return str(enum(value).value)
    except ValueError:
        raise InvalidInput(field, f"{what}的值不对，请从列表中选择。") from None


def _self_care(level: Any, items: Mapping[Any, bool] | None) -> str:
    assessed: SelfCareLevel | None = None
    if items is not None:
        try:
            assessed = assess_self_care(items)
        except IncompleteAssessment as error:
            raise InvalidInput("self_care_items", error.message) from None
    if level is not None:
        try:
            chosen = SelfCareLevel(level)
        except ValueError:
            raise InvalidInput("self_care_level", "自理能力的值不对，请从列表中选择。") from None
        if assessed is not None and chosen is not assessed:
            raise InvalidInput(
                "self_care_level",
                f"按六项评估结果应为“{assessed.label}”，与填写的“{chosen.label}”不一致，请核对。",
            )
        return chosen.value
    if assessed is None:
        raise InvalidInput("self_care_level", "特困人员须评估自理能力（六项），或填写评估结论。")
    return assessed.value


def _phone(value: Any) -> str | None:
    text = _text(value, field="carer_phone")
    if text is None:
        return None
    digits = _PHONE_SEPARATORS.sub("", text)
    if not _PHONE.fullmatch(digits):
        raise InvalidInput("carer_phone", "照料人电话格式不对，请核对（手机11位，座机带区号）。")
    return digits


def _review_cycle(program: Program, irregular_income: bool) -> int | None:
    if program is Program.DIBAO:
        return DIBAO_SHORT_REVIEW_MONTHS if irregular_income else DIBAO_REVIEW_MONTHS
    if program is Program.TEKUN:
        return TEKUN_REVIEW_MONTHS
    return None


def _row_values(enrolment: Enrolment) -> dict[str, Any]:
    names = (*AMOUNT_FIELDS, "assistance_amount_fen", "review_cycle_months")
    return {name: getattr(enrolment, name) for name in names}


def _check_complete_for_decision(program: Program, values: Mapping[str, Any]) -> None:
    if program is Program.DIBAO and values.get("per_capita_income_fen") is None:
        raise InvalidInput(
            "per_capita_income_fen", "批准低保前请填写家庭经济状况调查核定的月人均收入。"
        )


def _basis(program: Program, village_code: str, values: Mapping[str, Any]) -> AmountBasis:
    return AmountBasis(program=program, village_code=village_code).with_values(values)


def _event_basis(
    enrolment: Enrolment, village_code: str, values: Mapping[str, Any] | None = None
) -> dict[str, Any]:
    """The basis an event stores: the enrolment's values, with `values` about to be set."""
    current = {name: getattr(enrolment, name) for name in AMOUNT_FIELDS}
    if values:
        current.update({name: values[name] for name in AMOUNT_FIELDS if name in values})
    return _basis(Program(enrolment.program), village_code, current).as_json()


def _amount(
    session: Session, program: Program, village_code: str, values: Mapping[str, Any], on: date
) -> int | None:
    book = RateBook.load(session)
    amount = monthly_amount(
        _basis(program, village_code, values), book, on, amount_rounding(session, on)
    )
    if program is Program.DIBAO and amount == 0:
        kind = (
            RateKind.DIBAO_URBAN_STANDARD
            if is_urban(village_code)
            else RateKind.DIBAO_RURAL_STANDARD
        )
        standard = book.get(kind, on, village_code).amount_fen
        raise InvalidInput(
            "per_capita_income_fen",
            f"家庭月人均收入不低于{kind.label}（{yuan_label(standard)}），不符合低保条件；"
            "如收入增加，请办理停止或按渐退期规定处理。",
        )
    if program is Program.DIBAO_EDGE and values.get("per_capita_income_fen") is not None:
        _check_edge_income(session, book, village_code, values["per_capita_income_fen"], on)
    return amount


def _check_edge_income(
    session: Session, book: RateBook, village_code: str, income: int, on: date
) -> None:
    kind = (
        RateKind.DIBAO_URBAN_STANDARD if is_urban(village_code) else RateKind.DIBAO_RURAL_STANDARD
    )
    standard = book.get(kind, on, village_code).amount_fen
    multiple = county_rule_value(session, DIBAO_EDGE_MULTIPLE_RULE, on, DEFAULT_DIBAO_EDGE_MULTIPLE)
    if isinstance(multiple, bool) or not isinstance(multiple, int | float) or multiple <= 1:
        raise InvalidCountyRule("县级设置中低保边缘收入倍数的值不对，请核对县级设置。")
    if income < standard:
        raise InvalidInput(
            "per_capita_income_fen",
            f"家庭月人均收入低于{kind.label}（{yuan_label(standard)}），应按低保审核，而不是低保边缘。",
        )
    if income >= standard * multiple:
        raise InvalidInput(
            "per_capita_income_fen",
            f"家庭月人均收入已达到{kind.label}的{multiple:g}倍，不属于低保边缘家庭。",
        )


def _decision_values(
    session: Session,
    program: Program,
    village_code: str,
    values: Mapping[str, Any],
    *,
    applied_on: date,
    decided_on: date,
    start_month: date | Month | None,
) -> dict[str, Any]:
    _check_complete_for_decision(program, values)
    if start_month is None:
        if program in (Program.DISABILITY_LIVING_SUBSIDY, Program.DISABILITY_CARE_SUBSIDY):
            start = Month.from_date(applied_on)
        elif program is Program.TEMPORARY_ASSISTANCE:
            start = Month.from_date(decided_on)
        else:
            start = Month.from_date(decided_on).next()
    else:
        start = start_month if isinstance(start_month, Month) else Month.from_date(start_month)
        if start < Month.from_date(applied_on):
            raise InvalidInput("start_month", "起始发放月份不能早于申请的月份，请核对。")
    amount = _amount(session, program, village_code, values, start.first_day())
    cycle = values.get("review_cycle_months")
    return {
        "decided_on": decided_on,
        "start_month": start.first_day(),
        "monthly_amount_fen": amount,
        "next_review_on": add_months(decided_on, cycle) if cycle else None,
    }


def _active_enrolments(session: Session, *criteria: Any) -> list[Enrolment]:
    return list(
        session.scalars(
            select(Enrolment).where(
                Enrolment.deleted.is_(False),
                Enrolment.status.in_([status.value for status in ACTIVE_STATUSES]),
                *criteria,
            )
        ).all()
    )


def _check_not_duplicate(
    session: Session,
    program: Program,
    household_id: str,
    person: Person | None,
    exclude: str | None,
) -> None:
    owner = (
        Enrolment.household_id == household_id
        if person is None
        else Enrolment.person_id == person.id
    )
    for other in _active_enrolments(session, owner, Enrolment.program == program.value):
        if other.id == exclude:
            continue
        who = "这户" if person is None else "此人"
        raise DuplicateEnrolment(
            other.id,
            f"{who}已有{program.label}记录（{EnrolmentStatus(other.status).label}），"
            "不能重复登记；如需调整请办理变更。",
        )


def _check_conflicts(
    session: Session,
    program: Program,
    household_id: str,
    person: Person | None,
    covered_members: int | None,
    exclude: str | None,
) -> None:
    """Refuse a program that the person or household may not hold with one it holds."""
    live = _live_members(session, household_id)
    household_programs = [
        e
        for e in _active_enrolments(
            session, Enrolment.household_id == household_id, Enrolment.person_id.is_(None)
        )
        if e.id != exclude
    ]
    if person is None:
        for other in household_programs:
            held = Program(other.program)
            if held is not program and conflicting_programs([held, program]):
                raise ConflictingPrograms(
                    held,
                    program,
                    f"这户已纳入{held.label}，{held.label}和{program.label}不能同时享受。",
                )
        member_ids = [member.id for member in live]
        in_conflict: dict[Program, set[str]] = {}
        for other in _active_enrolments(session, Enrolment.person_id.in_(member_ids or [""])):
            held = Program(other.program)
            if other.id != exclude and conflicting_programs([held, program]):
                assert other.person_id is not None
                in_conflict.setdefault(held, set()).add(other.person_id)
        excluded = set().union(*in_conflict.values()) if in_conflict else set()
        most = len(live) - len(excluded)
        if in_conflict and (covered_members or 0) > most:
            held = next(iter(in_conflict))
            raise ConflictingPrograms(
                held,
                program,
                f"这户有{len(excluded)}人已纳入{held.label}，{held.label}和{program.label}不能同时享受，"
                f"{program.label}保障人口最多{most}人。",
            )
        return
    for other in _active_enrolments(session, Enrolment.person_id == person.id):
        held = Program(other.program)
        if other.id != exclude and held is not program and conflicting_programs([held, program]):
            raise ConflictingPrograms(
                held,
                program,
                f"此人已享受{held.label}，{held.label}和{program.label}不能同时享受。",
            )
    for other in household_programs:
        held = Program(other.program)
        covered = other.covered_members if other.covered_members is not None else len(live)
        if conflicting_programs([held, program]) and covered >= len(live):
            raise ConflictingPrograms(
                held,
                program,
                f"这户的{held.label}保障人口包括全部{len(live)}名家庭成员，此人已享受{held.label}，"
                f"{held.label}和{program.label}不能同时享受；请先从{held.label}保障人口中减去此人。",
            )


def _new_event(
    enrolment: Enrolment,
    from_status: EnrolmentStatus | None,
    to_status: EnrolmentStatus,
    effective_on: date,
    amount: int | None,
    reason: str | None,
    basis: dict[str, Any],
) -> EnrolmentEvent:
    return EnrolmentEvent(
        enrolment_id=enrolment.id,
        from_status=from_status.value if from_status is not None else None,
        to_status=to_status.value,
        effective_on=effective_on,
        monthly_amount_fen=amount,
        basis=basis,
        reason=reason,
    )


def _transition(
    session: Session,
    actor: Actor,
    enrolment: Enrolment,
    household: Household,
    new_status: EnrolmentStatus,
    effective_on: date,
    reason: str | None,
    values: Mapping[str, Any],
) -> EnrolmentChange:
    old_status = EnrolmentStatus(enrolment.status)
    amount = values.get("monthly_amount_fen", enrolment.monthly_amount_fen)
    basis = _event_basis(enrolment, household.village_code, values)
    event = _new_event(enrolment, old_status, new_status, effective_on, amount, reason, basis)
    changes = [record_create(session, actor, event)]
    update = record_update(
        session, actor, enrolment, {**values, "status": new_status.value}, reason=reason
    )
    if update is not None:
        changes.append(update)
    return _result(enrolment, [event], changes)


def _result(
    enrolment: Enrolment,
    events: Sequence[EnrolmentEvent],
    changes: Sequence[Change],
    *,
    needs_county_approval: bool = False,
) -> EnrolmentChange:
    return EnrolmentChange(
        enrolment_id=enrolment.id,
        household_id=enrolment.household_id,
        person_id=enrolment.person_id,
        program=Program(enrolment.program),
        status=EnrolmentStatus(enrolment.status),
        monthly_amount_fen=enrolment.monthly_amount_fen,
        start_month=Month.from_date(enrolment.start_month) if enrolment.start_month else None,
        end_month=Month.from_date(enrolment.end_month) if enrolment.end_month else None,
        event_ids=tuple(event.id for event in events),
        changes=tuple(changes),
        needs_county_approval=needs_county_approval,
    )
