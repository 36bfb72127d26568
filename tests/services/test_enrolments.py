"""Enrolments: applications, decisions, changes and stops, each with its event, audit and outbox."""

from __future__ import annotations

from datetime import date
from functools import partial
from typing import Any

import pytest
from sqlalchemy.orm import Session

from caseload_builders import (
    TANQUAN,
    URBAN,
    YANGJIA,
    YUAN,
    apply_for,
    approved_dibao,
    audit_and_outbox,
    cadre_actor,
    county_rates,
    enrol_approved,
    household_with_members,
    other_program_rates,
    raise_rural_standard,
    row_counts,
)
from minzheng_field.domain.months import Month
from minzheng_field.domain.programs import (
    EnrolmentStatus,
    InvalidTransition,
    Program,
    SelfCareItem,
    SelfCareLevel,
    SupportMode,
    TemporaryAssistanceType,
)
from minzheng_field.services.context import Actor
from minzheng_field.services.enrolments import (
    ConflictingPrograms,
    DuplicateEnrolment,
    approve,
    change_enrolment,
    enrol,
    enrolment_history,
    refuse,
    resume,
    stop_enrolment,
    suspend,
    township_approval_limit_fen,
)
from minzheng_field.services.errors import Forbidden, InvalidInput, NotFound
from minzheng_field.services.rates import seed_rates
from minzheng_field.services.recording import record_create
from minzheng_field.store.models import (
    AuditEntry,
    CountyRule,
    Enrolment,
    EnrolmentEvent,
    OutboxMutation,
    Person,
    RelativeDeclaration,
)

ALL_ABLE = dict.fromkeys(SelfCareItem, True)


def cared_for(elder: str) -> dict[str, Any]:
    """The 特困 terms of an elder who is able in every item and cared for in an institution."""
    return {
        "person_id": elder,
        "support_mode": SupportMode.CENTRALISED,
        "self_care_items": ALL_ABLE,
    }


@pytest.fixture
def rates(session: Session, admin: Actor) -> None:
    seed_rates(session, admin, [*county_rates(), *other_program_rates()])


def counts(session: Session) -> tuple[int, ...]:
    return row_counts(session, Enrolment, EnrolmentEvent, AuditEntry, OutboxMutation)


def event_records(session: Session, event_ids: tuple[str, ...]) -> list[EnrolmentEvent]:
    events = [session.get(EnrolmentEvent, event_id) for event_id in event_ids]
    for event in events:
        assert event is not None
        audit, outbox = audit_and_outbox(session, event.id)
        assert [a.action for a in audit] == ["create"]
        assert [m.operation for m in outbox] == ["create"]
        assert outbox[0].fields["to_status"] == event.to_status
        # Every event carries the basis of its amount (read back from the vault), and it
        # syncs with it.
        session.refresh(event)
        assert event.basis is not None
        assert outbox[0].fields["basis"] == event.basis
        assert audit[0].changes["basis"] == [None, event.basis]
    return events  # type: ignore[return-value]


def basis(village: str = TANQUAN, **values: Any) -> dict[str, Any]:
    return {
        "village_code": village,
        "covered_members": None,
        "per_capita_income_fen": None,
        "dibao_class": None,
        "support_mode": None,
        "self_care_level": None,
        **values,
    }


# --- 低保 ----------------------------------------------------------------------------------


def test_a_dibao_application_then_approval_records_each_step(
    session: Session, admin: Actor, rates: None
) -> None:
    home, _members = household_with_members(session, admin)
    applied = apply_for(
        session,
        admin,
        Program.DIBAO,
        home,
        date(2026, 2, 3),
        per_capita_income_fen=200 * YUAN,
        notes="  因病致贫 ",
    )
    assert applied.status is EnrolmentStatus.APPLIED
    assert applied.monthly_amount_fen is None and applied.start_month is None
    row = session.get(Enrolment, applied.enrolment_id)
    assert row is not None
    assert row.covered_members == 3  # the whole co-resident family by default
    assert row.person_id is None and row.notes == "因病致贫"
    assert row.review_cycle_months == 12
    [event] = event_records(session, applied.event_ids)
    assert (event.from_status, event.to_status, event.effective_on) == (
        None,
        "applied",
        date(2026, 2, 3),
    )
    audit, outbox = audit_and_outbox(session, row.id)
    assert [a.action for a in audit] == ["create"]
    assert outbox[0].fields["program"] == "dibao"
    assert outbox[0].fields["per_capita_income_fen"] == 20000

    approved = approve(session, admin, row.id, decided_on=date(2026, 3, 20), reason="审核确认")
    assert approved.status is EnrolmentStatus.APPROVED
    assert approved.start_month == Month(2026, 4)  # the month after the decision
    assert approved.monthly_amount_fen == (550 - 200) * 3 * YUAN
    assert row.next_review_on == date(2027, 3, 20)
    [event] = event_records(session, approved.event_ids)
    assert (event.from_status, event.to_status) == ("applied", "approved")
    assert (event.monthly_amount_fen, event.reason) == (105000, "审核确认")
    audit, outbox = audit_and_outbox(session, row.id)
    assert [a.action for a in audit] == ["create", "update"]
    assert audit[1].changes == {
        "status": ["applied", "approved"],
        "decided_on": [None, "2026-03-20"],
        "start_month": [None, "2026-04-01"],
        "monthly_amount_fen": [None, 105000],
        "next_review_on": [None, "2027-03-20"],
    }
    assert outbox[1].fields == {
        "status": "approved",
        "decided_on": "2026-03-20",
        "start_month": "2026-04-01",
        "monthly_amount_fen": 105000,
        "next_review_on": "2027-03-20",
    }
    assert outbox[1].base_version == 0 and outbox[1].origin_device == admin.device_id


def test_urban_and_rural_standards_follow_the_village_code_and_the_class_adds_its_supplement(
    session: Session, admin: Actor, rates: None
) -> None:
    urban, _ = household_with_members(session, admin, URBAN, members=2)
    rural, _ = household_with_members(session, admin, TANQUAN, members=2)
    kwargs: dict[str, Any] = {
        "program": Program.DIBAO,
        "status": "approved",
        "applied_on": date(2026, 1, 5),
        "decided_on": date(2026, 1, 25),
        "per_capita_income_fen": 300 * YUAN,
    }
    in_town = enrol(session, admin, household_id=urban, irregular_income=True, **kwargs)
    in_village = enrol(session, admin, household_id=rural, dibao_class="A类", **kwargs)
    assert in_town.monthly_amount_fen == (700 - 300) * 2 * YUAN
    assert in_village.monthly_amount_fen == ((550 - 300) * 2 + 80) * YUAN
    town_row = session.get(Enrolment, in_town.enrolment_id)
    assert town_row is not None
    assert (town_row.review_cycle_months, town_row.next_review_on) == (6, date(2026, 7, 25))
    # Enrolled as approved: both steps are in the history.
    history = enrolment_history(session, admin, in_town.enrolment_id)
    assert [(e.from_status, e.to_status) for e in history] == [
        (None, EnrolmentStatus.APPLIED),
        (EnrolmentStatus.APPLIED, EnrolmentStatus.APPROVED),
    ]
    assert {e.basis["village_code"] for e in history if e.basis} == {URBAN}


def test_the_amount_follows_the_rate_in_force_on_the_start_month(
    session: Session, admin: Actor, rates: None
) -> None:
    raise_rural_standard(session, admin)
    amounts = []
    for decided in (date(2025, 11, 30), date(2025, 12, 1)):
        home, _ = household_with_members(session, admin, members=1)
        amounts.append(
            approved_dibao(
                session, admin, home, decided, applied_on=date(2025, 11, 2), income_yuan=100
            ).monthly_amount_fen
        )
    # Decided in November: paid from December at 550; decided in December: from January at 600.
    assert amounts == [450 * YUAN, 500 * YUAN]


def test_a_change_takes_the_rate_in_force_on_its_effective_date(
    session: Session, admin: Actor, rates: None
) -> None:
    raise_rural_standard(session, admin)
    results = {}
    for effective in (date(2025, 12, 31), date(2026, 1, 1)):
        home, _ = household_with_members(session, admin, members=3)
        enrolment_id = approved_dibao(
            session, admin, home, date(2025, 9, 20), applied_on=date(2025, 9, 2)
        ).enrolment_id
        results[effective] = change_enrolment(
            session,
            admin,
            enrolment_id,
            effective_on=effective,
            reason="一名成员外出务工，不再共同生活",
            covered_members=2,
        )
    assert results[date(2025, 12, 31)].monthly_amount_fen == 2 * 350 * YUAN
    assert results[date(2026, 1, 1)].monthly_amount_fen == 2 * 400 * YUAN
    change = results[date(2026, 1, 1)]
    [event] = event_records(session, change.event_ids)
    assert (event.from_status, event.to_status) == ("approved", "approved")
    assert (event.effective_on, event.monthly_amount_fen) == (date(2026, 1, 1), 80000)
    audit, outbox = audit_and_outbox(session, change.enrolment_id)
    assert audit[-1].changes == {
        "covered_members": [3, 2],
        "monthly_amount_fen": [105000, 80000],
    }
    assert audit[-1].reason == "一名成员外出务工，不再共同生活"
    assert outbox[-1].fields == {"covered_members": 2, "monthly_amount_fen": 80000}


def test_an_income_at_or_above_the_standard_is_not_approved(
    session: Session, admin: Actor, rates: None
) -> None:
    home, _ = household_with_members(session, admin)
    applied = apply_for(session, admin, Program.DIBAO, home, date(2026, 2, 3))
    before = counts(session)
    with pytest.raises(InvalidInput, match="月人均收入"):
        approve(session, admin, applied.enrolment_id, decided_on=date(2026, 3, 1))
    change_enrolment(
        session,
        admin,
        applied.enrolment_id,
        effective_on=date(2026, 2, 20),
        reason="入户调查核定收入",
        per_capita_income_fen=550 * YUAN,
    )
    before = counts(session)
    with pytest.raises(InvalidInput, match="不符合低保条件") as raised:
        approve(session, admin, applied.enrolment_id, decided_on=date(2026, 3, 1))
    assert raised.value.field == "per_capita_income_fen"
    assert counts(session) == before


def test_a_dibao_edge_household_lies_between_the_standard_and_one_and_a_half_times_it(
    session: Session, admin: Actor, rates: None
) -> None:
    base: dict[str, Any] = {
        "program": Program.DIBAO_EDGE,
        "status": "approved",
        "applied_on": date(2026, 1, 5),
        "decided_on": date(2026, 1, 20),
    }
    before = counts(session)
    for income, words in ((540, "应按低保审核"), (825, "1.5倍")):
        home, _ = household_with_members(session, admin, members=2)
        with pytest.raises(InvalidInput, match=words):
            enrol(session, admin, household_id=home, per_capita_income_fen=income * YUAN, **base)
    home, _ = household_with_members(session, admin, members=2)
    monitored = enrol(session, admin, household_id=home, per_capita_income_fen=700 * YUAN, **base)
    assert monitored.status is EnrolmentStatus.APPROVED
    assert monitored.monthly_amount_fen is None  # monitored, not paid
    assert monitored.start_month == Month(2026, 2)
    # Two households and four persons were written for the refused attempts, nothing else.
    assert counts(session)[:2] == (before[0] + 1, before[1] + 2)


# --- 特困 ----------------------------------------------------------------------------------


def test_tekun_needs_support_mode_self_care_and_a_carer_when_dispersed(
    session: Session, admin: Actor, rates: None
) -> None:
    home, [elder] = household_with_members(session, admin, members=1)
    base: dict[str, Any] = {
        "program": Program.TEKUN,
        "household_id": home,
        "person_id": elder,
        "status": "approved",
        "applied_on": date(2026, 1, 5),
        "decided_on": date(2026, 2, 10),
    }
    before = counts(session)
    with pytest.raises(InvalidInput, match="供养方式"):
        enrol(session, admin, self_care_level=SelfCareLevel.SELF_CARE, **base)
    with pytest.raises(InvalidInput, match="自理能力"):
        enrol(session, admin, support_mode=SupportMode.CENTRALISED, **base)
    with pytest.raises(InvalidInput, match="委托照料人") as raised:
        enrol(
            session,
            admin,
            support_mode=SupportMode.DISPERSED,
            self_care_level=SelfCareLevel.SELF_CARE,
            **base,
        )
    assert raised.value.field == "carer_name"
    with pytest.raises(InvalidInput, match="还缺1项"):
        enrol(
            session,
            admin,
            support_mode=SupportMode.CENTRALISED,
            self_care_items={k: v for k, v in ALL_ABLE.items() if k is not SelfCareItem.BATHING},
            **base,
        )
    assert counts(session) == before

    items = {**ALL_ABLE, SelfCareItem.BATHING: False, SelfCareItem.WALKING_INDOORS: False}
    with pytest.raises(InvalidInput, match="半护理"):
        enrol(
            session,
            admin,
            support_mode=SupportMode.DISPERSED,
            self_care_items=items,
            self_care_level=SelfCareLevel.FULL_CARE,
            carer_name="𠮷福英",
            **base,
        )
    enrolled = enrol(
        session,
        admin,
        support_mode=SupportMode.DISPERSED,
        self_care_items=items,
        carer_name=" 𠮷福英 ",
        carer_phone="139-0735-1234",
        **base,
    )
    row = session.get(Enrolment, enrolled.enrolment_id)
    assert row is not None
    assert row.self_care_level == "semi_care"
    assert row.carer_name == "𠮷福英" and row.carer_phone == "13907351234"
    assert enrolled.start_month == Month(2026, 3)
    assert enrolled.monthly_amount_fen == (715 + 540) * YUAN
    assert row.next_review_on == date(2027, 2, 10)


# --- 临时救助 ------------------------------------------------------------------------------


def test_temporary_assistance_above_the_township_limit_waits_for_the_county(
    session: Session, admin: Actor, rates: None
) -> None:
    home, [person, *_] = household_with_members(session, admin)
    assert township_approval_limit_fen(session, date(2026, 3, 1)) == 300000
    record_create(
        session,
        admin,
        CountyRule(
            key="temporary_assistance_township_limit_fen",
            value=200000,
            effective_from=date(2026, 1, 1),
        ),
    )
    assert township_approval_limit_fen(session, date(2025, 12, 31)) == 300000
    assert township_approval_limit_fen(session, date(2026, 1, 1)) == 200000
    base: dict[str, Any] = {
        "program": Program.TEMPORARY_ASSISTANCE,
        "household_id": home,
        "person_id": person,
        "status": "approved",
        "applied_on": date(2026, 3, 1),
        "decided_on": date(2026, 3, 2),
        "assistance_type": TemporaryAssistanceType.EMERGENCY,
    }
    with pytest.raises(InvalidInput, match="急难型或支出型"):
        enrol(session, admin, **{**base, "assistance_type": None}, assistance_amount_fen=1000)
    with pytest.raises(InvalidInput, match="金额"):
        enrol(session, admin, **base)

    small = enrol(session, admin, assistance_amount_fen=200000, **base)
    assert small.status is EnrolmentStatus.APPROVED and not small.needs_county_approval
    assert small.start_month == Month(2026, 3)
    assert small.monthly_amount_fen is None

    # A second hardship is a new case, not a duplicate.
    large = enrol(
        session,
        admin,
        assistance_amount_fen=500000,
        assistance_reason="房屋失火",
        **base,
    )
    assert large.status is EnrolmentStatus.APPLIED and large.needs_county_approval
    row = session.get(Enrolment, large.enrolment_id)
    assert row is not None and row.decided_on is None
    before = counts(session)
    with pytest.raises(Forbidden, match="县级审批"):
        approve(session, admin, large.enrolment_id, decided_on=date(2026, 3, 9))
    assert counts(session) == before
    approved = approve(
        session, admin, large.enrolment_id, decided_on=date(2026, 3, 9), approved_by_county=True
    )
    assert approved.status is EnrolmentStatus.APPROVED


# --- 两项补贴 and children -----------------------------------------------------------------


def test_disability_subsidies_are_paid_from_the_month_of_application(
    session: Session, admin: Actor, rates: None
) -> None:
    home, [disabled, able] = household_with_members(session, admin, members=2)
    person = session.get(Person, disabled)
    assert person is not None
    person.disability_category = "4"
    person.disability_grade = 1
    care = enrol_approved(
        session,
        admin,
        Program.DISABILITY_CARE_SUBSIDY,
        home,
        date(2026, 1, 28),
        date(2026, 3, 5),
        person_id=disabled,
    )
    assert care.start_month == Month(2026, 1)
    assert care.monthly_amount_fen == 90 * YUAN
    with pytest.raises(InvalidInput, match="残疾"):
        apply_for(
            session,
            admin,
            Program.DISABILITY_LIVING_SUBSIDY,
            home,
            date(2026, 1, 28),
            person_id=able,
        )


def test_an_orphan_in_an_institution_gets_the_institution_rate(
    session: Session, admin: Actor, rates: None
) -> None:
    home, [child] = household_with_members(session, admin, members=1)
    enrolled = enrol_approved(
        session,
        admin,
        Program.ORPHAN,
        home,
        date(2026, 1, 5),
        date(2026, 1, 26),
        person_id=child,
        support_mode=SupportMode.CENTRALISED,
    )
    assert enrolled.monthly_amount_fen == 1750 * YUAN
    assert enrolled.start_month == Month(2026, 2)


# --- who and what is refused -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"program": "baozhang"}, "program"),
        ({"status": "suspended"}, "status"),
        ({"person_id": "MEMBER"}, "person_id"),
        ({"covered_members": 4}, "covered_members"),
        ({"covered_members": 0}, "covered_members"),
        ({"per_capita_income_fen": -1}, "per_capita_income_fen"),
        ({"per_capita_income_fen": 200.5}, "per_capita_income_fen"),
        ({"support_mode": SupportMode.DISPERSED}, "support_mode"),
        ({"assistance_amount_fen": 1000}, "assistance_amount_fen"),
        ({"decided_on": date(2026, 3, 1)}, "decided_on"),
        ({"status": "approved", "decided_on": date(2026, 1, 1)}, "decided_on"),
        ({"status": "approved"}, "decided_on"),
        ({"start_month": date(2026, 4, 1)}, "start_month"),
        ({"dibao_class": "A类" * 9}, "dibao_class"),
    ],
)
def test_invalid_enrolments_write_nothing(
    session: Session, admin: Actor, rates: None, changes: dict[str, Any], field: str
) -> None:
    home, [member, *_] = household_with_members(session, admin)
    arguments: dict[str, Any] = {
        "program": Program.DIBAO,
        "household_id": home,
        "applied_on": date(2026, 2, 3),
        **changes,
    }
    if arguments.get("person_id") == "MEMBER":
        arguments["person_id"] = member
    before = counts(session)
    with pytest.raises(InvalidInput) as raised:
        enrol(session, admin, **arguments)
    assert raised.value.field == field
    assert raised.value.message.endswith("。")
    assert counts(session) == before


def test_a_person_program_needs_a_living_member_of_that_household(
    session: Session, admin: Actor, rates: None
) -> None:
    home, [alive, dead] = household_with_members(session, admin, members=2)
    elsewhere, [stranger] = household_with_members(session, admin, YANGJIA, members=1)
    person = session.get(Person, dead)
    assert person is not None
    person.deceased_on = date(2026, 1, 3)
    base: dict[str, Any] = {
        "program": Program.UNSUPPORTED_CHILD,
        "household_id": home,
        "applied_on": date(2026, 2, 3),
    }
    before = counts(session)
    with pytest.raises(InvalidInput, match="请选择享受的家庭成员"):
        enrol(session, admin, **base)
    with pytest.raises(InvalidInput, match="不是这户的成员"):
        enrol(session, admin, person_id=stranger, **base)
    with pytest.raises(InvalidInput, match="已去世"):
        enrol(session, admin, person_id=dead, **base)
    with pytest.raises(NotFound):
        enrol(session, admin, person_id="no-such-person", **base)
    with pytest.raises(NotFound):
        enrol(session, admin, **{**base, "household_id": "no-such-household"}, person_id=alive)
    assert counts(session) == before
    del elsewhere


def test_conflicting_programs_are_refused_naming_both(
    session: Session, admin: Actor, rates: None
) -> None:
    home, [elder, son, grandson] = household_with_members(session, admin, members=3)
    apply_for(session, admin, Program.TEKUN, home, date(2026, 1, 5), **cared_for(elder))
    before = counts(session)
    with pytest.raises(ConflictingPrograms) as raised:
        apply_for(session, admin, Program.DIBAO, home, date(2026, 2, 3))
    assert "低保" in raised.value.message and "特困人员" in raised.value.message
    assert "最多2人" in raised.value.message
    assert (raised.value.held, raised.value.wanted) == (Program.TEKUN, Program.DIBAO)
    assert counts(session) == before
    # The 特困 elder left out of the covered members: allowed.
    dibao = apply_for(session, admin, Program.DIBAO, home, date(2026, 2, 3), covered_members=2)
    # Covering everyone again would hold both for the elder.
    with pytest.raises(ConflictingPrograms):
        change_enrolment(
            session,
            admin,
            dibao.enrolment_id,
            effective_on=date(2026, 2, 10),
            reason="更正",
            covered_members=3,
        )
    with pytest.raises(DuplicateEnrolment, match="不能重复登记"):
        apply_for(session, admin, Program.DIBAO, home, date(2026, 2, 4), covered_members=1)
    with pytest.raises(ConflictingPrograms, match="低保边缘家庭"):
        apply_for(session, admin, Program.DIBAO_EDGE, home, date(2026, 2, 4), covered_members=1)
    apply_for(session, admin, Program.ORPHAN, home, date(2026, 2, 4), person_id=grandson)
    with pytest.raises(ConflictingPrograms) as raised:
        apply_for(
            session, admin, Program.UNSUPPORTED_CHILD, home, date(2026, 2, 4), person_id=grandson
        )
    assert "孤儿" in raised.value.message and "事实无人抚养儿童" in raised.value.message
    del son


def test_a_dibao_covering_everyone_keeps_its_members_out_of_tekun(
    session: Session, admin: Actor, rates: None
) -> None:
    home, [elder, _son] = household_with_members(session, admin, members=2)
    apply_for(session, admin, Program.DIBAO, home, date(2026, 1, 5))
    with pytest.raises(ConflictingPrograms) as raised:
        apply_for(session, admin, Program.TEKUN, home, date(2026, 2, 3), **cared_for(elder))
    assert "低保" in raised.value.message and "特困人员" in raised.value.message


def test_a_stopped_enrolment_no_longer_blocks_a_new_application(
    session: Session, admin: Actor, rates: None
) -> None:
    home, _ = household_with_members(session, admin)
    first = apply_for(session, admin, Program.DIBAO, home, date(2026, 1, 5))
    withdrawn = stop_enrolment(
        session, admin, first.enrolment_id, effective_on=date(2026, 1, 9), reason="申请人撤回"
    )
    assert withdrawn.status is EnrolmentStatus.STOPPED and withdrawn.end_month is None
    again = apply_for(session, admin, Program.DIBAO, home, date(2026, 2, 5))
    assert again.enrolment_id != first.enrolment_id


def test_only_township_staff_not_related_to_the_household_may_enrol(
    session: Session, admin: Actor, rates: None
) -> None:
    home, _ = household_with_members(session, admin)
    cadre = cadre_actor(admin, "cadre")
    before = counts(session)
    with pytest.raises(Forbidden):
        apply_for(session, cadre, Program.DIBAO, home, date(2026, 1, 5))
    assert counts(session) == before
    record_create(
        session,
        admin,
        RelativeDeclaration(
            household_id=home,
            staff_name="乡镇管理员",
            staff_username="admin",
            staff_position="民政专干",
            relation="表兄弟",
            declared_on=date(2026, 1, 2),
        ),
    )
    before = counts(session)
    with pytest.raises(Forbidden, match="近亲属"):
        apply_for(session, admin, Program.DIBAO, home, date(2026, 1, 5))
    assert counts(session) == before


# --- status changes -------------------------------------------------------------------------


def test_suspend_resume_and_stop_each_write_their_event_and_payment_months(
    session: Session, admin: Actor, rates: None
) -> None:
    home, _ = household_with_members(session, admin)
    enrolment_id = approved_dibao(
        session, admin, home, date(2025, 9, 20), applied_on=date(2025, 9, 1)
    ).enrolment_id
    suspended = suspend(
        session, admin, enrolment_id, effective_on=date(2026, 1, 15), reason="外出未联系上"
    )
    assert suspended.status is EnrolmentStatus.SUSPENDED
    raise_rural_standard(session, admin, effective_from=date(2026, 2, 1))
    resumed = resume(session, admin, enrolment_id, effective_on=date(2026, 3, 5), reason="已核实")
    # Resumed at the rates in force then.
    assert resumed.monthly_amount_fen == 3 * 400 * YUAN
    stopped = stop_enrolment(
        session, admin, enrolment_id, effective_on=date(2026, 6, 18), reason="家庭收入增加"
    )
    assert stopped.end_month == Month(2026, 6)  # paid for June, stopped from July
    events = event_records(session, suspended.event_ids + resumed.event_ids + stopped.event_ids)
    assert [(e.from_status, e.to_status, e.reason) for e in events] == [
        ("approved", "suspended", "外出未联系上"),
        ("suspended", "approved", "已核实"),
        ("approved", "stopped", "家庭收入增加"),
    ]
    audit, outbox = audit_and_outbox(session, enrolment_id)
    assert audit[-1].changes == {
        "status": ["approved", "stopped"],
        "end_month": [None, "2026-06-01"],
    }
    assert outbox[-1].fields == {"status": "stopped", "end_month": "2026-06-01"}
    assert outbox[-2].fields == {"status": "approved", "monthly_amount_fen": 120000}
    history = enrolment_history(session, admin, enrolment_id)
    assert [e.to_status for e in history] == [
        EnrolmentStatus.APPLIED,
        EnrolmentStatus.APPROVED,
        EnrolmentStatus.SUSPENDED,
        EnrolmentStatus.APPROVED,
        EnrolmentStatus.STOPPED,
    ]
    assert history[-1].reason == "家庭收入增加" and history[-1].recorded_by == "admin"


def test_transitions_the_workflow_does_not_allow_are_refused_with_messages(
    session: Session, admin: Actor, rates: None
) -> None:
    home, _ = household_with_members(session, admin)
    applied = apply_for(
        session, admin, Program.DIBAO, home, date(2026, 1, 5), per_capita_income_fen=200 * YUAN
    ).enrolment_id
    before = counts(session)
    with pytest.raises(InvalidTransition, match="不能暂停"):
        suspend(session, admin, applied, effective_on=date(2026, 1, 9), reason="x")
    with pytest.raises(InvalidInput, match="书面说明理由"):
        refuse(session, admin, applied, decided_on=date(2026, 2, 1), reasons=["  ", ""])
    with pytest.raises(InvalidInput, match="不能早于申请日期"):
        approve(session, admin, applied, decided_on=date(2026, 1, 4))
    with pytest.raises(InvalidInput, match="原因"):
        stop_enrolment(session, admin, applied, effective_on=date(2026, 1, 9), reason=" ")
    assert counts(session) == before

    refused = refuse(
        session,
        admin,
        applied,
        decided_on=date(2026, 2, 1),
        reasons=["家庭有小汽车一辆", "存款超过规定"],
    )
    assert refused.status is EnrolmentStatus.REFUSED
    [event] = event_records(session, refused.event_ids)
    assert event.reason == "家庭有小汽车一辆；存款超过规定"
    before = counts(session)
    with pytest.raises(InvalidTransition, match="不予批准"):
        approve(session, admin, applied, decided_on=date(2026, 2, 2))
    with pytest.raises(InvalidInput, match="不能再变更"):
        change_enrolment(
            session, admin, applied, effective_on=date(2026, 2, 2), reason="x", covered_members=2
        )
    assert counts(session) == before

    home2, _ = household_with_members(session, admin)
    approved = approved_dibao(
        session, admin, home2, date(2026, 1, 20), applied_on=date(2026, 1, 5)
    ).enrolment_id
    before = counts(session)
    with pytest.raises(InvalidTransition, match="已经是"):
        approve(session, admin, approved, decided_on=date(2026, 2, 2))
    with pytest.raises(InvalidInput, match="不能早于上一次状态变更"):
        stop_enrolment(session, admin, approved, effective_on=date(2026, 1, 19), reason="x")
    with pytest.raises(InvalidTransition):
        resume(session, admin, approved, effective_on=date(2026, 2, 2), reason="x")
    assert counts(session) == before
    stop_enrolment(session, admin, approved, effective_on=date(2026, 3, 1), reason="去世")
    with pytest.raises(InvalidTransition, match="新的申请"):
        resume(session, admin, approved, effective_on=date(2026, 3, 2), reason="x")
    with pytest.raises(NotFound):
        suspend(session, admin, "no-such-enrolment", effective_on=date(2026, 3, 2), reason="x")


def test_a_deceased_person_is_not_approved(session: Session, admin: Actor, rates: None) -> None:
    home, [child] = household_with_members(session, admin, members=1)
    applied = apply_for(
        session, admin, Program.UNSUPPORTED_CHILD, home, date(2026, 1, 5), person_id=child
    )
    person = session.get(Person, child)
    assert person is not None
    person.deceased_on = date(2026, 1, 20)
    with pytest.raises(InvalidInput, match="已去世"):
        approve(session, admin, applied.enrolment_id, decided_on=date(2026, 2, 1))


# --- changes within a status ----------------------------------------------------------------


def test_a_change_that_does_not_touch_the_amount_writes_no_event(
    session: Session, admin: Actor, rates: None
) -> None:
    home, [elder] = household_with_members(session, admin, members=1)
    enrolled = enrol_approved(
        session,
        admin,
        Program.TEKUN,
        home,
        date(2026, 1, 5),
        date(2026, 1, 20),
        person_id=elder,
        support_mode=SupportMode.DISPERSED,
        self_care_items=ALL_ABLE,
        carer_name="李桂香",
    )
    change = partial(change_enrolment, session, admin, enrolled.enrolment_id)
    changed = change(
        effective_on=date(2026, 3, 1), reason="照料人换了手机", carer_phone="13807351111"
    )
    assert changed.event_ids == ()
    [update] = changed.changes
    assert dict(update.fields) == {"carer_phone": (None, "13807351111")}
    _audit, outbox = audit_and_outbox(session, enrolled.enrolment_id)
    assert outbox[-1].fields == {"carer_phone": "13807351111"}
    nothing = change(effective_on=date(2026, 3, 2), reason="再次保存", carer_phone="138 0735 1111")
    assert nothing.changes == ()

    reassessed = change(
        effective_on=date(2026, 4, 1),
        reason="复评",
        self_care_items={**ALL_ABLE, SelfCareItem.EATING: False},
    )
    assert reassessed.monthly_amount_fen == (715 + 540) * YUAN
    assert len(reassessed.event_ids) == 1
    before = counts(session)
    with pytest.raises(InvalidInput, match="委托照料人"):
        change(effective_on=date(2026, 4, 2), reason="照料人去世", carer_name="  ")
    with pytest.raises(InvalidInput, match="只用于"):
        change(effective_on=date(2026, 4, 2), reason="x", covered_members=2)
    with pytest.raises(TypeError):
        change(effective_on=date(2026, 4, 2), reason="x", status="stopped")
    assert counts(session) == before


def test_a_cadre_reads_the_history_without_the_reasons(
    session: Session, admin: Actor, rates: None
) -> None:
    home, _ = household_with_members(session, admin)
    enrolment_id = apply_for(session, admin, Program.DIBAO, home, date(2026, 1, 5)).enrolment_id
    refuse(session, admin, enrolment_id, decided_on=date(2026, 2, 1), reasons="儿子是公职人员")
    cadre = cadre_actor(admin, "cadre")
    history = enrolment_history(session, cadre, enrolment_id)
    assert [e.to_status for e in history] == [EnrolmentStatus.APPLIED, EnrolmentStatus.REFUSED]
    assert all(e.reason is None for e in history)
    assert enrolment_history(session, admin, enrolment_id)[-1].reason == "儿子是公职人员"
    outsider = cadre_actor(admin, "other", YANGJIA)
    with pytest.raises(Forbidden):
        enrolment_history(session, outsider, enrolment_id)


def test_every_event_carries_the_basis_its_amount_was_computed_from(
    session: Session, admin: Actor, rates: None
) -> None:
    home, _ = household_with_members(session, admin, members=3)
    enrolled = enrol_approved(
        session,
        admin,
        Program.DIBAO,
        home,
        date(2025, 9, 2),
        date(2025, 9, 20),
        per_capita_income_fen=300 * YUAN,
        covered_members=2,
        dibao_class=" A类 ",
    )
    at_start = basis(covered_members=2, per_capita_income_fen=30000, dibao_class="A类")
    assert [e.basis for e in event_records(session, enrolled.event_ids)] == [at_start, at_start]
    assert enrolled.monthly_amount_fen == ((550 - 300) * 2 + 80) * YUAN

    # A change stores the values as they are once it applies, whatever the order of fields.
    changed = change_enrolment(
        session,
        admin,
        enrolled.enrolment_id,
        effective_on=date(2026, 1, 1),
        reason="复核：收入下降，一人迁出",
        per_capita_income_fen=250 * YUAN,
        covered_members=1,
    )
    [event] = event_records(session, changed.event_ids)
    after_change = basis(covered_members=1, per_capita_income_fen=25000, dibao_class="A类")
    assert event.basis == after_change
    assert event.monthly_amount_fen == (300 + 80) * YUAN
    # Status changes record the basis in force too.
    suspended = suspend(
        session, admin, enrolled.enrolment_id, effective_on=date(2026, 2, 3), reason="外出"
    )
    [event] = event_records(session, suspended.event_ids)
    assert event.basis == after_change
    history = enrolment_history(session, admin, enrolled.enrolment_id)
    assert [e.basis for e in history] == [at_start, at_start, after_change, after_change]
    # It holds the income and the class: a cadre's history leaves it out.
    cadre = cadre_actor(admin, "cadre")
    assert all(e.basis is None for e in enrolment_history(session, cadre, enrolled.enrolment_id))

    elder_home, [elder] = household_with_members(session, admin, YANGJIA, members=1)
    tekun = enrol_approved(
        session,
        admin,
        Program.TEKUN,
        elder_home,
        date(2026, 1, 5),
        date(2026, 1, 20),
        person_id=elder,
        support_mode=SupportMode.CENTRALISED,
        self_care_items={**ALL_ABLE, SelfCareItem.BATHING: False},
    )
    [_applied, approved] = event_records(session, tekun.event_ids)
    assert approved.basis == basis(YANGJIA, support_mode="centralised", self_care_level="semi_care")
