"""Revealing a whole number returns it and logs exactly one access entry, within the role."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from caseload_builders import TANQUAN, YANGJIA, cadre_actor, household_row, person_row, row_counts
from minzheng_field.domain.resident_id import resident_id_check_character
from minzheng_field.services.context import Actor
from minzheng_field.services.errors import Forbidden
from minzheng_field.services.recording import record_create
from minzheng_field.services.reveal import (
    NothingToReveal,
    PhoneOf,
    reveal_bank_account,
    reveal_household_phone,
    reveal_phone,
    reveal_resident_id,
)
from minzheng_field.store.models import (
    AccessEntry,
    AuditEntry,
    ChildFile,
    OutboxMutation,
    Person,
    RelativeDeclaration,
)

RESIDENT_ID = "43282219400101001" + resident_id_check_character("43282219400101001")
PHONE = "13807351234"
ACCOUNT = "6217995550001234567"


def someone(
    session: Session, admin: Actor, village: str = TANQUAN, *, resident_id: str | None = RESIDENT_ID
) -> Person:
    household = household_row(session, admin, village, phone="0735-5551234", bank_account=ACCOUNT)
    person = person_row(session, admin, "单桂花", household, resident_id=resident_id, phone=PHONE)
    return person


def access_log(session: Session) -> list[AccessEntry]:
    return list(session.scalars(select(AccessEntry).order_by(AccessEntry.at)))


def counts(session: Session) -> tuple[int, ...]:
    return row_counts(session, AuditEntry, OutboxMutation)


def test_revealing_an_id_number_returns_it_whole_and_logs_one_entry(
    session: Session, admin: Actor
) -> None:
    person = someone(session, admin)
    before = counts(session)
    assert reveal_resident_id(session, admin, person.id) == RESIDENT_ID
    (entry,) = access_log(session)
    assert (entry.username, entry.action, entry.entity_type, entry.entity_id) == (
        "admin",
        "reveal_resident_id",
        "persons",
        person.id,
    )
    assert entry.detail is None or RESIDENT_ID not in entry.detail
    # Viewing is not a change: no audit entry, nothing to sync as a mutation.
    assert counts(session) == before
    # No "are you sure" and no suppression: each view is one entry.
    assert reveal_resident_id(session, cadre_actor(admin), person.id) == RESIDENT_ID
    assert [e.username for e in access_log(session)] == ["admin", "cadre1"]


def test_revealing_phones_logs_where_the_number_lives(session: Session, admin: Actor) -> None:
    person = someone(session, admin)
    child_file = ChildFile(
        person_id=person.id,
        category="in_difficulty",
        guardian_phone="13912345678",
        father_situation="imprisoned",
        father_phone="0746-1234567",
        risk_level="low",
    )
    record_create(session, admin, child_file)
    assert reveal_phone(session, cadre_actor(admin), person.id) == PHONE
    assert (
        reveal_phone(session, cadre_actor(admin), person.id, of=PhoneOf.GUARDIAN) == "13912345678"
    )
    assert (
        reveal_household_phone(session, cadre_actor(admin), person.household_id) == "0735-5551234"
    )
    entries = access_log(session)
    assert [(e.action, e.entity_type, e.entity_id, e.detail) for e in entries] == [
        ("reveal_phone", "persons", person.id, None),
        ("reveal_phone", "child_files", child_file.id, "guardian_phone"),
        ("reveal_phone", "households", person.household_id, None),
    ]
    # A parent's phone whose situation is hidden from a cadre is hidden whole, too.
    with pytest.raises(NothingToReveal):
        reveal_phone(session, cadre_actor(admin), person.id, of=PhoneOf.FATHER)
    assert reveal_phone(session, admin, person.id, of=PhoneOf.FATHER) == "0746-1234567"
    assert len(access_log(session)) == 4


def test_a_cadre_reveals_nothing_outside_their_villages_or_duty(
    session: Session, admin: Actor
) -> None:
    own = someone(session, admin)
    other = someone(session, admin, YANGJIA)
    with pytest.raises(Forbidden):
        reveal_resident_id(session, cadre_actor(admin), other.id)
    with pytest.raises(Forbidden):
        reveal_phone(session, cadre_actor(admin), other.id)
    with pytest.raises(Forbidden):
        reveal_household_phone(session, cadre_actor(admin), other.household_id)
    with pytest.raises(Forbidden):
        reveal_bank_account(session, cadre_actor(admin), own.household_id)
    assert access_log(session) == []
    assert reveal_bank_account(session, admin, own.household_id) == ACCOUNT
    assert [e.action for e in access_log(session)] == ["reveal_bank_account"]


def test_a_declared_relative_cannot_reveal_and_others_can(session: Session, admin: Actor) -> None:
    person = someone(session, admin)
    record_create(
        session,
        admin,
        RelativeDeclaration(
            household_id=person.household_id,
            staff_name="李村干",
            staff_username="cadre1",
            staff_position="村主任",
            relation="侄子",
            declared_on=date(2026, 1, 1),
        ),
    )
    with pytest.raises(Forbidden, match="近亲属备案"):
        reveal_resident_id(session, cadre_actor(admin), person.id)
    assert access_log(session) == []
    assert reveal_resident_id(session, cadre_actor(admin, "cadre2"), person.id) == RESIDENT_ID


def test_nothing_to_reveal_writes_nothing(session: Session, admin: Actor) -> None:
    person = someone(session, admin, resident_id=None)
    with pytest.raises(NothingToReveal) as error:
        reveal_resident_id(session, admin, person.id)
    assert "身份证号" in str(error.value)
    with pytest.raises(NothingToReveal):
        reveal_phone(session, admin, person.id, of=PhoneOf.EMERGENCY_CONTACT)
    assert access_log(session) == []
