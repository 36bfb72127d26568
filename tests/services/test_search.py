"""Search as the screens use it: current after every recorded write, within the actor's scope."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from caseload_builders import TANQUAN, YANGJIA, cadre_user, household_row, person_row
from minzheng_field.domain import resident_id_check_character
from minzheng_field.domain.roles import Role
from minzheng_field.services.context import Actor
from minzheng_field.services.recording import record_create, record_delete, record_update
from minzheng_field.services.search import search
from minzheng_field.store.models import (
    AuditEntry,
    Household,
    OutboxMutation,
    Person,
    RelativeDeclaration,
)
from minzheng_field.store.queries.person_search import PersonQuery

RESIDENT_ID = "43102319580312004" + resident_id_check_character("43102319580312004")


def found(session: Session, actor: Actor, text: str = "", **filters: object) -> list[str]:
    page = search(session, actor, PersonQuery(text=text, **filters))  # type: ignore[arg-type]
    assert page.total == len(page.hits)
    return sorted(hit.name for hit in page.hits)


def test_recorded_writes_keep_search_current_and_record_nothing_for_the_index(
    session: Session, admin: Actor
) -> None:
    tanquan, yangjia = (
        household_row(session, admin, TANQUAN),
        household_row(session, admin, YANGJIA),
    )
    person = Person(name="曾德胜", household_id=tanquan.id, resident_id=RESIDENT_ID)
    record_create(session, admin, person)
    assert found(session, admin, "zds") == ["曾德胜"]
    assert found(session, admin, RESIDENT_ID[-6:]) == ["曾德胜"]

    record_update(session, admin, person, {"name": "曾德顺"})
    assert found(session, admin, "德胜") == []
    assert found(session, admin, "德顺") == ["曾德顺"]

    record_update(session, admin, person, {"household_id": yangjia.id})
    assert found(session, admin, village_codes=frozenset({TANQUAN})) == []
    assert found(session, admin, village_codes=frozenset({YANGJIA})) == ["曾德顺"]

    record_update(session, admin, yangjia, {"village_code": TANQUAN})
    assert found(session, admin, village_codes=frozenset({TANQUAN})) == ["曾德顺"]

    record_delete(session, admin, person, reason="重复录入")
    assert found(session, admin, "曾德顺") == []
    assert found(session, admin, RESIDENT_ID) == []

    audit = session.scalars(select(AuditEntry).order_by(AuditEntry.at)).all()
    outbox = session.scalars(select(OutboxMutation).order_by(OutboxMutation.seq)).all()
    # Only the synced rows are recorded; the index is local and rebuilt, never synced.
    assert {entry.entity_type for entry in audit} == {"households", "persons"}
    assert {mutation.entity_type for mutation in outbox} == {"households", "persons"}
    person_changes = [m for m in outbox if m.entity_id == person.id]
    assert [m.operation for m in person_changes] == ["create", "update", "update", "delete"]
    assert person_changes[1].fields == {"name": "曾德顺"}
    assert person_changes[2].fields == {"household_id": yangjia.id}


def test_a_cadre_finds_only_people_of_their_villages(session: Session, admin: Actor) -> None:
    person_row(session, admin, "刘春生", household_row(session, admin, TANQUAN))
    person_row(session, admin, "刘秋生", household_row(session, admin, YANGJIA))
    person_row(session, admin, "刘冬生", None)
    tanquan_cadre = cadre_user(session, "tanquan", TANQUAN)

    assert found(session, tanquan_cadre, "刘") == ["刘春生"]
    assert found(session, tanquan_cadre, "lqs") == []
    assert found(session, tanquan_cadre, village_codes=frozenset({YANGJIA})) == []
    assert found(session, tanquan_cadre, village_codes=frozenset({TANQUAN, YANGJIA})) == ["刘春生"]
    assert found(session, cadre_user(session, "nobody")) == []
    assistant = Actor("zhuangan", Role.TOWNSHIP_ASSISTANT, admin.device_id)
    assert found(session, assistant, "刘") == ["刘冬生", "刘春生", "刘秋生"]
    assert found(session, assistant, "刘", village_codes=frozenset({YANGJIA})) == ["刘秋生"]


def declare(
    session: Session, admin: Actor, household: Household, username: str, person: Person | None
) -> RelativeDeclaration:
    declaration = RelativeDeclaration(
        household_id=household.id,
        person_id=person.id if person else None,
        staff_name="村干部",
        staff_username=username,
        staff_position="村委会主任",
        relation="兄弟姐妹",
        declared_on=date(2026, 11, 2),
    )
    record_create(session, admin, declaration)
    return declaration


def test_nobody_finds_a_household_they_are_declared_related_to(
    session: Session, admin: Actor
) -> None:
    related = household_row(session, admin, TANQUAN)
    person_row(session, admin, "马长发", related)
    person_row(session, admin, "马小宝", related)
    person_row(session, admin, "马路人", household_row(session, admin, TANQUAN))
    relative, colleague = cadre_user(session, "ma", TANQUAN), cadre_user(session, "li", TANQUAN)
    declaration = declare(session, admin, related, "ma", None)

    assert found(session, relative, "马") == ["马路人"]
    assert found(session, colleague, "马") == ["马小宝", "马路人", "马长发"]
    assert found(session, admin, "马") == ["马小宝", "马路人", "马长发"]

    record_delete(session, admin, declaration, reason="录错了人")
    assert found(session, relative, "马") == ["马小宝", "马路人", "马长发"]


def test_a_declaration_naming_a_person_hides_them_wherever_they_live(
    session: Session, admin: Actor
) -> None:
    household = household_row(session, admin, TANQUAN)
    applicant = person_row(session, admin, "彭桂英", household)
    declare(session, admin, household, "zhuangan", applicant)
    record_update(session, admin, applicant, {"household_id": None})
    assistant = Actor("zhuangan", Role.TOWNSHIP_ASSISTANT, admin.device_id)
    assert found(session, assistant, "彭桂英") == []
    assert found(session, admin, "彭桂英") == ["彭桂英"]
