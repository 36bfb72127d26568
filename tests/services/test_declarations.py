"""近亲属备案: the declaration and the flag are both recorded; the relative steps back."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from caseload_builders import TANQUAN, YANGJIA, cadre_actor, rid, row_counts
from minzheng_field.domain.calendar import china_today
from minzheng_field.services.context import Actor
from minzheng_field.services.declarations import (
    households_related_to,
    record_relative_declaration,
)
from minzheng_field.services.errors import Forbidden, InvalidInput, NotFound
from minzheng_field.services.households import add_household, add_member, edit_household
from minzheng_field.services.persons import PersonInput, edit_member, mark_deceased
from minzheng_field.services.recording import record_delete
from minzheng_field.store.models import (
    AuditEntry,
    Household,
    OutboxMutation,
    RelativeDeclaration,
)


def counts(session: Session) -> tuple[int, ...]:
    return row_counts(session, RelativeDeclaration, Household, AuditEntry, OutboxMutation)


def household(session: Session, admin: Actor, village: str = TANQUAN, serial: str = "001") -> str:
    created = add_household(
        session,
        admin,
        village_code=village,
        head=PersonInput(name="曾德胜", resident_id=rid(f"43102319560312{serial}")),
    )
    return created.household_id


def declare(session: Session, actor: Actor, household_id: str, **overrides: object):
    fields: dict[str, object] = {
        "staff_name": "曾建明",
        "staff_position": "坦泉村村委会主任",
        "relation": "兄弟",
        "declared_on": date(2026, 2, 10),
        "staff_username": "zengjm",
    }
    fields.update(overrides)
    return record_relative_declaration(session, actor, household_id, **fields)  # type: ignore[arg-type]


def test_a_declaration_is_written_and_flags_the_household_both_recorded(
    session: Session, admin: Actor
) -> None:
    household_id = household(session, admin)
    flagged = session.get(Household, household_id)
    assert flagged is not None
    flagged.version = 5

    result = declare(session, admin, household_id, staff_name=" 曾建明 ", notes="本人申报")
    declaration = session.get(RelativeDeclaration, result.declaration_id)
    assert declaration is not None
    assert (declaration.staff_name, declaration.staff_username, declaration.household_id) == (
        "曾建明",
        "zengjm",
        household_id,
    )
    assert flagged.relative_declared is True
    assert [(c.entity_type, c.action) for c in result.changes] == [
        ("relative_declarations", "create"),
        ("households", "update"),
    ]

    outbox = session.scalars(
        select(OutboxMutation)
        .where(OutboxMutation.entity_id.in_([declaration.id, household_id]))
        .order_by(OutboxMutation.seq)
    ).all()
    created, updated = outbox[-2:]
    assert (created.entity_type, created.operation, created.base_version) == (
        "relative_declarations",
        "create",
        0,
    )
    assert created.fields["declared_on"] == "2026-02-10"
    assert created.fields["staff_position"] == "坦泉村村委会主任"
    assert (updated.entity_type, updated.operation, updated.base_version) == (
        "households",
        "update",
        5,
    )
    assert updated.fields == {"relative_declared": True}
    audit = session.scalars(
        select(AuditEntry).where(AuditEntry.entity_id == household_id).order_by(AuditEntry.at)
    ).all()
    assert audit[-1].changes == {"relative_declared": [False, True]}

    # A second declaration for the same household does not touch the flag again.
    second = declare(session, admin, household_id, staff_name="李四", staff_username=None)
    assert [c.entity_type for c in second.changes] == ["relative_declarations"]


def test_households_related_to_lists_live_declarations_of_that_user_only(
    session: Session, admin: Actor
) -> None:
    first = household(session, admin)
    second = household(session, admin, serial="003")
    third = household(session, admin, village=YANGJIA, serial="005")
    declare(session, admin, first)
    withdrawn = declare(session, admin, second)
    declare(session, admin, third, staff_username="lisi", staff_name="李四")
    declare(session, admin, third, staff_username=None, staff_name="王五")
    assert households_related_to(session, "zengjm") == {first, second}

    row = session.get(RelativeDeclaration, withdrawn.declaration_id)
    assert row is not None
    record_delete(session, admin, row, reason="录错了户")
    assert households_related_to(session, "zengjm") == {first}
    assert households_related_to(session, "lisi") == {third}
    assert households_related_to(session, "nobody") == set()


def test_a_declared_relative_can_no_longer_change_that_household(
    session: Session, admin: Actor
) -> None:
    related = household(session, admin)
    unrelated = household(session, admin, serial="003")
    relative = cadre_actor(admin, "zengjm")
    member = add_member(
        session,
        relative,
        related,
        PersonInput(name="李秀英", resident_id=rid("43102319600405002"), relation="配偶"),
    )
    declare(session, admin, related, person_id=member.person_id)

    before = counts(session)
    with pytest.raises(Forbidden) as refused:
        edit_household(session, relative, related, address="坦泉村3组")
    assert "近亲属" in refused.value.message
    with pytest.raises(Forbidden):
        edit_member(session, relative, member.person_id, phone="13812345678")
    with pytest.raises(Forbidden):
        mark_deceased(session, relative, member.person_id, date(2026, 1, 1))
    assert counts(session) == before
    # Other cadres, and other households for this one, are unaffected.
    edit_household(session, cadre_actor(admin, "other"), related, address="坦泉村3组")
    edit_household(session, relative, unrelated, address="坦泉村5组")


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"staff_name": "  "}, "staff_name"),
        ({"staff_name": "曾\u200b建明"}, "staff_name"),
        ({"staff_position": ""}, "staff_position"),
        ({"relation": None}, "relation"),
        ({"declared_on": None}, "declared_on"),
        ({"declared_on": "2026-02-10"}, "declared_on"),
        ({"staff_username": "x" * 33}, "staff_username"),
        ({"person_id": "not-a-member"}, "person_id"),
    ],
)
def test_an_incomplete_declaration_writes_nothing(
    session: Session, admin: Actor, overrides: dict[str, object], field: str
) -> None:
    household_id = household(session, admin)
    before = counts(session)
    with pytest.raises(InvalidInput) as refused:
        declare(session, admin, household_id, **overrides)
    assert refused.value.field == field
    assert counts(session) == before
    flagged = session.get(Household, household_id)
    assert flagged is not None and flagged.relative_declared is False


def test_a_declaration_cannot_be_dated_in_the_future(session: Session, admin: Actor) -> None:
    household_id = household(session, admin)
    with pytest.raises(InvalidInput) as refused:
        declare(session, admin, household_id, declared_on=china_today() + timedelta(days=2))
    assert refused.value.field == "declared_on"


def test_a_member_of_another_household_cannot_be_the_related_person(
    session: Session, admin: Actor
) -> None:
    first = household(session, admin)
    second = add_household(
        session,
        admin,
        village_code=TANQUAN,
        head=PersonInput(name="李秀英", resident_id=rid("43102319600405002")),
    )
    with pytest.raises(InvalidInput) as refused:
        declare(session, admin, first, person_id=second.head_person_id)
    assert refused.value.field == "person_id"


def test_a_cadre_declares_only_in_their_villages(session: Session, admin: Actor) -> None:
    elsewhere = household(session, admin, village=YANGJIA)
    before = counts(session)
    with pytest.raises(Forbidden):
        declare(session, cadre_actor(admin, "other"), elsewhere)
    with pytest.raises(NotFound):
        declare(session, admin, "no-such-household")
    assert counts(session) == before
