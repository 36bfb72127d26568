"""Persons: what is accepted as typed, edits recorded field by field, deaths and their benefits."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from caseload_builders import TANQUAN, YANGJIA, rid, row_counts
from minzheng_field.domain.calendar import china_today
from minzheng_field.domain.months import Month
from minzheng_field.domain.person_fields import (
    DisabilityCategory,
    Ethnicity,
    PendingReason,
    Relationship,
)
from minzheng_field.domain.programs import DeathAction, Program
from minzheng_field.domain.roles import Role
from minzheng_field.services.context import Actor
from minzheng_field.services.errors import DuplicateResidentId, Forbidden, InvalidInput, NotFound
from minzheng_field.services.households import add_household, add_member
from minzheng_field.services.persons import (
    PersonInput,
    edit_member,
    mark_deceased,
    normalise_phone,
    validate_person,
)
from minzheng_field.services.recording import record_create
from minzheng_field.store.models import (
    AuditEntry,
    Enrolment,
    Household,
    OutboxMutation,
    Person,
)

TODAY = date(2026, 3, 5)


ZENG = rid("43102319560312001")  # 1956-03-12, male
WIFE = rid("43102319600405002")  # 1960-04-05, female
SON = rid("43102319850720003")  # 1985-07-20, male
GRANDSON = rid("43102320150620005")  # 2015-06-20, male


def counts(session: Session) -> tuple[int, ...]:
    return row_counts(session, Person, Household, Enrolment, AuditEntry, OutboxMutation)


def last_mutation(session: Session, entity_id: str) -> OutboxMutation:
    found = session.scalars(
        select(OutboxMutation)
        .where(OutboxMutation.entity_id == entity_id)
        .order_by(OutboxMutation.seq.desc())
        .limit(1)
    ).first()
    assert found is not None
    return found


def last_audit(session: Session, entity_id: str) -> AuditEntry:
    entries = session.scalars(select(AuditEntry).where(AuditEntry.entity_id == entity_id)).all()
    return max(entries, key=lambda entry: entry.at)


# --- validate_person -------------------------------------------------------------------------


def test_birth_date_and_sex_come_from_the_id_number() -> None:
    values = validate_person(PersonInput(name="李秀英", resident_id=f" {WIFE} "), today=TODAY)
    assert values.resident_id == WIFE
    assert (values.birth_date, values.sex) == (date(1960, 4, 5), "女")
    assert values.pending_verification is False and values.pending_reason is None


def test_a_legacy_15_digit_number_is_stored_as_18() -> None:
    values = validate_person(PersonInput(name="曾德胜", resident_id="431023560312001"), today=TODAY)
    assert values.resident_id == ZENG


def test_typed_birth_date_and_sex_must_agree_with_the_id_number() -> None:
    agreeing = PersonInput(name="李秀英", resident_id=WIFE, birth_date=date(1960, 4, 5), sex="女")
    assert validate_person(agreeing, today=TODAY).birth_date == date(1960, 4, 5)
    with pytest.raises(InvalidInput) as birth:
        validate_person(
            PersonInput(name="李秀英", resident_id=WIFE, birth_date=date(1960, 5, 4)), today=TODAY
        )
    assert birth.value.field == "birth_date"
    with pytest.raises(InvalidInput) as sex:
        validate_person(PersonInput(name="李秀英", resident_id=WIFE, sex="男"), today=TODAY)
    assert sex.value.field == "sex"


def test_a_wrong_id_number_passes_its_own_message_without_the_number() -> None:
    wrong = WIFE[:-1] + ("0" if WIFE[-1] != "0" else "1")
    with pytest.raises(InvalidInput) as refused:
        validate_person(PersonInput(name="李秀英", resident_id=wrong), today=TODAY)
    assert refused.value.field == "resident_id"
    assert "校验码" in refused.value.message
    assert wrong not in refused.value.message and wrong[:17] not in refused.value.message


def test_without_an_id_number_a_reason_is_required_and_the_person_is_pending() -> None:
    with pytest.raises(InvalidInput) as refused:
        validate_person(PersonInput(name="曾小宝", resident_id="  "), today=TODAY)
    assert refused.value.field == "pending_reason"
    for reason in (PendingReason.OLD_RECORD, "old_record", "旧档案无号码"):
        values = validate_person(
            PersonInput(name="曾小宝", pending_reason=reason, sex="男"), today=TODAY
        )
        assert values.pending_verification is True
        assert values.pending_reason == "old_record"
        assert values.resident_id is None and values.sex == "男"
    with pytest.raises(InvalidInput) as unknown:
        validate_person(PersonInput(name="曾小宝", pending_reason="没带"), today=TODAY)
    assert unknown.value.field == "pending_reason"


def test_a_pending_reason_is_dropped_once_the_id_number_is_known() -> None:
    values = validate_person(
        PersonInput(name="曾德胜", resident_id=ZENG, pending_reason="old_record"), today=TODAY
    )
    assert (values.pending_verification, values.pending_reason) == (False, None)


def test_a_birth_date_without_id_number_is_not_in_the_future() -> None:
    with pytest.raises(InvalidInput) as refused:
        validate_person(
            PersonInput(name="曾小宝", pending_reason="other", birth_date=date(2026, 3, 6)),
            today=TODAY,
        )
    assert refused.value.field == "birth_date"


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("13812345678", "13812345678"),
        ("138 1234 5678", "13812345678"),
        ("138-1234-5678", "13812345678"),
        ("１３８１２３４５６７８", "13812345678"),
        ("+86 138 1234 5678", "13812345678"),
        ("8613812345678", "13812345678"),
        ("0735-1234567", "0735-1234567"),
        ("0735 1234567", "0735-1234567"),
        ("(0735)1234567", "0735-1234567"),
        ("07351234567", "0735-1234567"),
        ("010-12345678", "010-12345678"),
        ("+86 735 1234567", "0735-1234567"),
        ("   ", None),
    ],
)
def test_phone_numbers_are_normalised(typed: str, stored: str | None) -> None:
    assert normalise_phone(typed) == stored


@pytest.mark.parametrize(
    "typed",
    ["1381234567", "23812345678", "5281234", "0735-528123", "+1 212 5551234", "138a2345678"],
)
def test_phone_numbers_that_are_neither_mobile_nor_landline_are_refused(typed: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        validate_person(PersonInput(name="曾德胜", resident_id=ZENG, phone=typed), today=TODAY)
    assert refused.value.field == "phone"
    digits = "".join(c for c in typed if c.isdigit())
    assert digits not in refused.value.message


def test_coded_fields_accept_members_values_and_chinese_labels() -> None:
    values = validate_person(
        PersonInput(
            name="曾德胜",
            resident_id=ZENG,
            ethnicity="土家",
            relation="户主",
            marital_status="已婚",
            health="重病",
            disability_category=DisabilityCategory.PHYSICAL,
            disability_grade="二级",
            labour_capacity="完全丧失",
            employment="务农",
        ),
        today=TODAY,
    )
    assert values.ethnicity == Ethnicity.TUJIA.value
    assert values.relation == Relationship.SELF.value
    assert values.marital_status == "20"
    assert values.health == "seriously_ill"
    assert (values.disability_category, values.disability_grade) == ("4", 2)
    assert values.labour_capacity == "fully_lost"
    assert values.employment == "farming"


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"disability_grade": 2}, "disability_grade"),  # a grade needs a category
        ({"disability_category": "肢体残疾", "disability_grade": 5}, "disability_grade"),
        ({"disability_category": "肢体残疾", "disability_grade": True}, "disability_grade"),
        ({"ethnicity": "火星族"}, "ethnicity"),
        ({"relation": "13812345678"}, "relation"),
        ({"health": "还行"}, "health"),
        ({"sex": "M"}, "sex"),
        ({"current_address": "路" * 201}, "current_address"),
    ],
)
def test_wrong_coded_fields_name_the_field(fields: dict[str, object], field: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        validate_person(PersonInput(name="曾德胜", resident_id=ZENG, **fields), today=TODAY)  # type: ignore[arg-type]
    assert refused.value.field == field
    assert "13812345678" not in refused.value.message


@pytest.mark.parametrize(
    "name", ["", "   ", "曾 德胜", "曾德胜2", "曾\u200b德胜", "曾\ud842德胜", "曾" * 65, None]
)
def test_names_that_cannot_be_right_are_refused(name: str | None) -> None:
    with pytest.raises(InvalidInput) as refused:
        validate_person(PersonInput(name=name, resident_id=ZENG), today=TODAY)  # type: ignore[arg-type]
    assert refused.value.field == "name"


@pytest.mark.parametrize("name", ["覃𠮷", "王\U0002f81f", "阿依古丽·买买提", "\ue815明"])
def test_names_are_kept_exactly_as_typed_without_surrounding_spaces(name: str) -> None:
    values = validate_person(PersonInput(name=f"\u3000{name} ", resident_id=ZENG), today=TODAY)
    assert values.name == name


# --- edit_member -----------------------------------------------------------------------------


@pytest.fixture
def family(session: Session, admin: Actor) -> dict[str, str]:
    created = add_household(
        session, admin, village_code=TANQUAN, head=PersonInput(name="曾德胜", resident_id=ZENG)
    )
    wife = add_member(
        session,
        admin,
        created.household_id,
        PersonInput(name="李秀英", resident_id=WIFE, relation="配偶", phone="13812345678"),
    )
    baby = add_member(
        session,
        admin,
        created.household_id,
        PersonInput(name="曾小宝", relation="孙子女", pending_reason="unregistered_baby"),
    )
    assert created.head_person_id is not None
    return {
        "household": created.household_id,
        "head": created.head_person_id,
        "wife": wife.person_id,
        "baby": baby.person_id,
    }


def test_edit_member_records_only_the_changed_fields_against_the_base_version(
    session: Session, admin: Actor, family: dict[str, str]
) -> None:
    wife = session.get(Person, family["wife"])
    assert wife is not None
    wife.version = 4

    result = edit_member(
        session, admin, wife.id, phone="139 0735 0000", health="多病", name="李秀英"
    )
    assert result.person_id == wife.id and result.household_id == family["household"]
    (change,) = result.changes
    assert dict(change.fields) == {
        "phone": ("13812345678", "13907350000"),
        "health": (None, "chronically_ill"),
    }
    mutation = last_mutation(session, wife.id)
    assert (mutation.operation, mutation.base_version) == ("update", 4)
    assert mutation.fields == {"phone": "13907350000", "health": "chronically_ill"}
    assert last_audit(session, wife.id).changes == {
        "phone": ["13812345678", "13907350000"],
        "health": [None, "chronically_ill"],
    }

    before = counts(session)
    assert edit_member(session, admin, wife.id, phone="13907350000").changes == ()
    assert counts(session) == before


def test_edit_member_refuses_bad_input_and_writes_nothing(
    session: Session, admin: Actor, family: dict[str, str]
) -> None:
    before = counts(session)
    with pytest.raises(InvalidInput) as grade:
        edit_member(session, admin, family["wife"], disability_grade=1, phone="13900000000")
    assert grade.value.field == "disability_grade"
    with pytest.raises(InvalidInput) as birth:
        edit_member(session, admin, family["wife"], birth_date=date(1961, 1, 1))
    assert birth.value.field == "birth_date"
    with pytest.raises(InvalidInput) as self_relation:
        edit_member(session, admin, family["wife"], relation="本人")
    assert self_relation.value.field == "relation"
    with pytest.raises(InvalidInput) as head_relation:
        edit_member(session, admin, family["head"], relation="子")
    assert head_relation.value.field == "relation"
    with pytest.raises(TypeError):
        edit_member(session, admin, family["wife"], deceased_on=date(2026, 1, 1))
    with pytest.raises(NotFound):
        edit_member(session, admin, "nobody", name="张三")
    assert counts(session) == before


def test_a_new_id_number_is_checked_for_duplicates_and_brings_its_birth_date(
    session: Session, admin: Actor, family: dict[str, str]
) -> None:
    before = counts(session)
    with pytest.raises(DuplicateResidentId) as duplicate:
        edit_member(session, admin, family["baby"], resident_id=WIFE)
    assert duplicate.value.person_id == family["wife"]
    assert "坦泉村 曾德胜户" in duplicate.value.message
    assert counts(session) == before

    # Re-typing one's own number is not a duplicate of oneself.
    assert edit_member(session, admin, family["wife"], resident_id=WIFE.lower()).changes == ()

    result = edit_member(session, admin, family["baby"], resident_id=GRANDSON)
    baby = session.get(Person, family["baby"])
    assert baby is not None
    assert (baby.resident_id, baby.birth_date, baby.sex) == (GRANDSON, date(2015, 6, 20), "男")
    assert (baby.pending_verification, baby.pending_reason) == (False, None)
    assert dict(result.changes[0].fields) == {
        "resident_id": (None, GRANDSON),
        "birth_date": (None, date(2015, 6, 20)),
        "sex": (None, "男"),
        "pending_verification": (True, False),
        "pending_reason": ("unregistered_baby", None),
    }
    assert last_mutation(session, baby.id).fields["birth_date"] == "2015-06-20"


def test_changing_the_id_number_to_another_one_rederives_birth_date(
    session: Session, admin: Actor, family: dict[str, str]
) -> None:
    edit_member(session, admin, family["head"], resident_id=SON)
    head = session.get(Person, family["head"])
    assert head is not None and head.birth_date == date(1985, 7, 20)
    # The old number is free again for someone else.
    add_member(
        session,
        admin,
        family["household"],
        PersonInput(name="曾德胜", resident_id=ZENG, relation="父母"),
    )


def test_removing_the_id_number_needs_a_pending_reason(
    session: Session, admin: Actor, family: dict[str, str]
) -> None:
    with pytest.raises(InvalidInput) as refused:
        edit_member(session, admin, family["wife"], resident_id=None)
    assert refused.value.field == "pending_reason"
    edit_member(session, admin, family["wife"], resident_id=None, pending_reason="证件遗失待补")
    wife = session.get(Person, family["wife"])
    assert wife is not None
    assert (wife.resident_id, wife.pending_verification, wife.birth_date) == (
        None,
        True,
        date(1960, 4, 5),
    )


def test_a_cadre_edits_only_members_in_their_villages(
    session: Session, admin: Actor, family: dict[str, str]
) -> None:
    elsewhere = Actor("cadre2", Role.VILLAGE_CADRE, admin.device_id, frozenset({YANGJIA}))
    here = Actor("cadre1", Role.VILLAGE_CADRE, admin.device_id, frozenset({TANQUAN}))
    before = counts(session)
    with pytest.raises(Forbidden):
        edit_member(session, elsewhere, family["wife"], phone="13900000000")
    with pytest.raises(Forbidden):
        mark_deceased(session, elsewhere, family["head"], date(2026, 1, 2))
    assert counts(session) == before
    edit_member(session, here, family["wife"], phone="13900000000")
    assert last_audit(session, family["wife"]).username == "cadre1"


# --- mark_deceased ---------------------------------------------------------------------------


def enrol(
    session: Session,
    admin: Actor,
    household_id: str,
    program: Program,
    *,
    person_id: str | None = None,
    status: str = "approved",
    covered: int | None = None,
) -> str:
    enrolment = Enrolment(
        household_id=household_id,
        person_id=person_id,
        program=program.value,
        status=status,
        start_month=date(2025, 1, 1),
        monthly_amount_fen=45_000,
        covered_members=covered,
    )
    record_create(session, admin, enrolment)
    return enrolment.id


def test_mark_deceased_lists_the_benefits_to_stop_or_review_without_stopping_them(
    session: Session, admin: Actor, family: dict[str, str]
) -> None:
    household = family["household"]
    dibao = enrol(session, admin, household, Program.DIBAO, covered=3)
    tekun = enrol(session, admin, household, Program.TEKUN, person_id=family["head"])
    care = enrol(
        session,
        admin,
        household,
        Program.DISABILITY_CARE_SUBSIDY,
        person_id=family["head"],
        status="suspended",
    )
    # Not the deceased's, or not current: none of these is listed.
    enrol(session, admin, household, Program.DISABILITY_LIVING_SUBSIDY, person_id=family["wife"])
    enrol(session, admin, household, Program.ORPHAN, person_id=family["head"], status="stopped")
    enrol(
        session,
        admin,
        household,
        Program.TEMPORARY_ASSISTANCE,
        person_id=family["head"],
        status="applied",
    )
    head = session.get(Person, family["head"])
    assert head is not None
    head.version = 2

    result = mark_deceased(session, admin, head.id, date(2026, 1, 20), reason="村委会报告")
    assert result.was_head_of_household is True
    assert result.deceased_on == date(2026, 1, 20)
    by_id = {benefit.enrolment_id: benefit for benefit in result.benefits}
    assert set(by_id) == {dibao, tekun, care}
    assert by_id[tekun].action is DeathAction.STOP
    assert by_id[tekun].stop_from == Month(2026, 2)
    assert "2026年2月" in by_id[tekun].explanation
    assert by_id[care].action is DeathAction.STOP and by_id[care].stop_from == Month(2026, 2)
    # Two covered members live on: the household's 低保 is reviewed, not stopped.
    assert by_id[dibao].action is DeathAction.REVIEW
    assert by_id[dibao].review_by == date(2026, 4, 20)
    assert "复核" in by_id[dibao].explanation

    assert head.deceased_on == date(2026, 1, 20)
    mutation = last_mutation(session, head.id)
    assert (mutation.operation, mutation.base_version) == ("update", 2)
    assert mutation.fields == {"deceased_on": "2026-01-20"}
    audit = last_audit(session, head.id)
    assert (audit.changes, audit.reason) == ({"deceased_on": [None, "2026-01-20"]}, "村委会报告")
    assert [c.entity_type for c in result.changes] == ["persons"]
    statuses = session.scalars(select(Enrolment.status).where(Enrolment.id.in_(by_id))).all()
    assert sorted(statuses) == ["approved", "approved", "suspended"]


def test_the_last_living_member_of_a_dibao_household_stops_it(
    session: Session, admin: Actor
) -> None:
    created = add_household(
        session, admin, village_code=TANQUAN, head=PersonInput(name="曾德胜", resident_id=ZENG)
    )
    dibao = enrol(session, admin, created.household_id, Program.DIBAO, covered=1)
    result = mark_deceased(session, admin, created.head_person_id or "", date(2025, 12, 31))
    (benefit,) = result.benefits
    assert (benefit.enrolment_id, benefit.program) == (dibao, Program.DIBAO)
    assert benefit.action is DeathAction.STOP
    assert benefit.stop_from == Month(2026, 1)


def test_a_death_in_the_future_or_before_birth_is_refused_and_writes_nothing(
    session: Session, admin: Actor, family: dict[str, str]
) -> None:
    before = counts(session)
    tomorrow = china_today() + timedelta(days=2)
    for day in (tomorrow, date(1960, 4, 4)):
        with pytest.raises(InvalidInput) as refused:
            mark_deceased(session, admin, family["wife"], day)
        assert refused.value.field == "deceased_on"
    assert counts(session) == before


def test_recording_the_same_death_twice_changes_nothing_but_lists_the_benefits_again(
    session: Session, admin: Actor, family: dict[str, str]
) -> None:
    tekun = enrol(session, admin, family["household"], Program.TEKUN, person_id=family["wife"])
    mark_deceased(session, admin, family["wife"], date(2026, 2, 1))
    before = counts(session)
    again = mark_deceased(session, admin, family["wife"], date(2026, 2, 1))
    assert again.changes == ()
    assert [b.enrolment_id for b in again.benefits] == [tekun]
    assert again.was_head_of_household is False
    assert counts(session) == before
