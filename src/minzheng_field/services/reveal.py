"""Show a whole ID number, phone or bank account: one access entry per view, no nagging.

Screens show these masked. A reader who needs the whole value asks for it here; the view
is logged (who, what, which record) in the same transaction, and nothing else is asked.
Access follows visibility.py: a cadre only within their villages, never a relative's
household, never a value hidden from them (a bank account, the phone of a parent whose
situation is hidden).
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from sqlalchemy.orm import Session

from minzheng_field.domain.errors import MinzhengError
from minzheng_field.services.context import Actor
from minzheng_field.services.errors import Forbidden
from minzheng_field.services.visibility import (
    check_can_open_household,
    check_can_open_person,
    read_row,
    readable_fields,
)
from minzheng_field.store.models import (
    AccessEntry,
    Base,
    ChildFile,
    ElderFile,
    Household,
    Person,
    utc_now,
)


class NothingToReveal(MinzhengError):
    """The record holds no such number."""

    kind = "nothing_to_reveal"

    def __init__(self, what: str) -> None:
        super().__init__(f"这条记录没有登记{what}。")


class PhoneOf(StrEnum):
    """Whose phone, for a person: their own, or a contact in their child or elder file."""

    PERSON = "person"
    FATHER = "father"
    MOTHER = "mother"
    GUARDIAN = "guardian"
    EMERGENCY_CONTACT = "emergency_contact"


# Where each phone lives: the model, the column, and how the row is found from a person.
_PHONES: dict[PhoneOf, tuple[type[Base], str]] = {
    PhoneOf.PERSON: (Person, "phone"),
    PhoneOf.FATHER: (ChildFile, "father_phone"),
    PhoneOf.MOTHER: (ChildFile, "mother_phone"),
    PhoneOf.GUARDIAN: (ChildFile, "guardian_phone"),
    PhoneOf.EMERGENCY_CONTACT: (ElderFile, "emergency_contact_phone"),
}


def reveal_resident_id(session: Session, actor: Actor, person_id: str) -> str:
    """The person's whole ID number; logs the view."""
    check_can_open_person(session, actor, person_id)
    row = read_row(session, actor, Person, Person.id == person_id)
    value = _value(actor, Person, row, "resident_id", "身份证号")
    _log(session, actor, "reveal_resident_id", "persons", person_id, None)
    return value


def reveal_phone(
    session: Session, actor: Actor, person_id: str, *, of: PhoneOf = PhoneOf.PERSON
) -> str:
    """A whole phone number of the person (or of a contact in their file); logs the view."""
    check_can_open_person(session, actor, person_id)
    model, column = _PHONES[of]
    if model is Person:
        row = read_row(session, actor, Person, Person.id == person_id)
    else:
        row = read_row(session, actor, model, model.person_id == person_id)  # type: ignore[attr-defined]
    value = _value(actor, model, row, column, "电话号码")
    assert row is not None
    detail = None if of is PhoneOf.PERSON else column
    _log(session, actor, "reveal_phone", str(model.__tablename__), row["id"], detail)
    return value


def reveal_household_phone(session: Session, actor: Actor, household_id: str) -> str:
    """The household's whole contact phone; logs the view."""
    return _reveal_of_household(session, actor, household_id, "phone", "电话号码", "reveal_phone")


def reveal_bank_account(session: Session, actor: Actor, household_id: str) -> str:
    """The household's whole bank account (township staff only); logs the view."""
    return _reveal_of_household(
        session, actor, household_id, "bank_account", "银行账号", "reveal_bank_account"
    )


def _reveal_of_household(
    session: Session, actor: Actor, household_id: str, column: str, what: str, action: str
) -> str:
    check_can_open_household(session, actor, household_id)
    row = read_row(session, actor, Household, Household.id == household_id)
    value = _value(actor, Household, row, column, what)
    _log(session, actor, action, "households", household_id, None)
    return value


def _value(
    actor: Actor, model: type[Base], row: dict[str, Any] | None, column: str, what: str
) -> str:
    if column not in readable_fields(actor.role, model):
        raise Forbidden()
    value = None if row is None else row.get(column)
    if not value:
        raise NothingToReveal(what)
    return str(value)


def _log(
    session: Session,
    actor: Actor,
    action: str,
    entity_type: str,
    entity_id: str,
    detail: str | None,
) -> None:
    session.add(
        AccessEntry(
            at=utc_now(),
            username=actor.username,
            action=action,
            entity_type=entity_type,
            entity_id=entity_id,
            detail=detail,
        )
    )
    session.flush()
