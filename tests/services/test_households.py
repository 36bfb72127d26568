"""Households and members: each change leaves its audit and outbox, or nothing when refused."""

from __future__ import annotations

import unicodedata
from datetime import date

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from caseload_builders import TANQUAN, YANGJIA, audit_of, cadre_actor, outbox_of, rid, row_counts
from minzheng_field.domain.person_fields import PendingReason, Relationship
from minzheng_field.services.context import Actor, actor_for
from minzheng_field.services.errors import DuplicateResidentId, Forbidden, InvalidInput, NotFound
from minzheng_field.services.households import (
    add_household,
    add_member,
    change_head,
    edit_household,
    move_member,
    remove_member,
)
from minzheng_field.services.persons import MemberChange, PersonInput, edit_member
from minzheng_field.services.recording import record_create
from minzheng_field.store.models import (
    AuditEntry,
    DivisionRow,
    Enrolment,
    Household,
    OutboxMutation,
    Person,
)
from minzheng_field.store.session import session_scope

RETIRED = "431023113202"  # 天禾塘村, retired without a known successor


ZENG = rid("43102319560312001")  # 1956-03-12, male
WIFE = rid("43102319600405002")  # 1960-04-05, female
SON = rid("43102319850720003")
OLD_CODE = rid("43282219480101004")  # an older resident with a 4328xx code


def counts(session: Session) -> tuple[int, ...]:
    return row_counts(session, Person, Household, AuditEntry, OutboxMutation)


def new_household(session: Session, actor: Actor, village: str = TANQUAN, **head: object):
    fields: dict[str, object] = {"name": "曾德胜", "resident_id": ZENG}
    fields.update(head)
    return add_household(session, actor, village_code=village, head=PersonInput(**fields))


def add_wife(session: Session, actor: Actor, household_id: str) -> MemberChange:
    return add_member(
        session, actor, household_id, PersonInput(name="李秀英", resident_id=WIFE, relation="配偶")
    )


def add_son(session: Session, actor: Actor, household_id: str) -> MemberChange:
    return add_member(
        session, actor, household_id, PersonInput(name="曾建军", resident_id=SON, relation="子")
    )


def test_add_household_creates_the_household_and_its_head_with_audit_and_outbox(
    session: Session, admin: Actor
) -> None:
    result = add_household(
        session,
        admin,
        village_code=TANQUAN,
        head=PersonInput(name=" 曾德胜 ", resident_id=ZENG.lower(), relation="户主"),
        address="坦泉村3组12号",
        phone="0735 5281234",
        bank_account="6228 4800 1234 5678 901",
    )
    household = session.get(Household, result.household_id)
    head = session.get(Person, result.head_person_id)
    assert household is not None and head is not None
    assert household.head_person_id == head.id and head.household_id == household.id
    assert head.name == "曾德胜"
    assert head.relation == Relationship.SELF.value
    assert (head.birth_date, head.sex, head.pending_verification) == (
        date(1956, 3, 12),
        "男",
        False,
    )
    assert household.phone == "0735-5281234"
    assert household.bank_account == "6228480012345678901"

    assert [(c.entity_type, c.action) for c in result.changes] == [
        ("households", "create"),
        ("persons", "create"),
        ("households", "update"),
    ]
    household_outbox = outbox_of(session, household.id)
    assert [m.operation for m in household_outbox] == ["create", "update"]
    assert household_outbox[0].fields["village_code"] == TANQUAN
    assert "head_person_id" not in household_outbox[0].fields
    assert household_outbox[1].fields == {"head_person_id": head.id}
    assert [m.base_version for m in household_outbox] == [0, 0]
    (person_create,) = outbox_of(session, head.id)
    assert person_create.operation == "create"
    assert person_create.fields["name"] == "曾德胜"
    assert person_create.fields["birth_date"] == "1956-03-12"
    assert person_create.fields["relation"] == "self"
    assert "id" not in person_create.fields and "version" not in person_create.fields
    assert {m.origin_device for m in (*household_outbox, person_create)} == {admin.device_id}
    audit = audit_of(session, household.id)
    assert [a.action for a in audit] == ["create", "update"]
    assert audit[1].changes == {"head_person_id": [None, head.id]}
    assert all(a.username == "admin" for a in audit)


def test_head_of_a_new_household_must_be_self(session: Session, admin: Actor) -> None:
    before = counts(session)
    with pytest.raises(InvalidInput) as refused:
        new_household(session, admin, relation="子")
    assert refused.value.field == "relation"
    assert counts(session) == before


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("", "请选择"),
        ("431023113299", "不在本乡镇"),  # no such village
        ("431023113", "不在本乡镇"),  # the township itself
        ("431025211201", "不在本乡镇"),  # 长坪村 of another township
        (RETIRED, "天禾塘村”已撤销"),
    ],
)
def test_a_household_goes_only_into_a_current_village_of_the_township(
    session: Session, admin: Actor, code: str, expected: str
) -> None:
    before = counts(session)
    with pytest.raises(InvalidInput) as refused:
        new_household(session, admin, village=code)
    assert refused.value.field == "village_code"
    assert expected in refused.value.message
    assert counts(session) == before


def test_a_retired_village_names_its_successor(session: Session, admin: Actor) -> None:
    retired = session.get(DivisionRow, RETIRED)
    assert retired is not None
    retired.successor_code = TANQUAN
    with pytest.raises(InvalidInput) as refused:
        new_household(session, admin, village=RETIRED)
    assert "并入了坦泉村，请选择坦泉村" in refused.value.message


def test_a_cadre_adds_and_edits_only_in_their_villages(session: Session, admin: Actor) -> None:
    cadre = cadre_actor(admin, "cadre1", TANQUAN)
    theirs = new_household(session, cadre)
    assert session.get(Household, theirs.household_id) is not None
    assert outbox_of(session, theirs.household_id)[0].origin_device == admin.device_id
    assert audit_of(session, theirs.household_id)[0].username == "cadre1"
    other = new_household(session, admin, village=YANGJIA, resident_id=WIFE, name="李秀英")

    before = counts(session)
    with pytest.raises(Forbidden):
        new_household(session, cadre, village=YANGJIA, resident_id=SON)
    with pytest.raises(Forbidden):
        edit_household(session, cadre, other.household_id, address="洋佳村1组")
    with pytest.raises(Forbidden):
        add_member(
            session,
            cadre,
            other.household_id,
            PersonInput(name="李强", resident_id=SON, relation="子"),
        )
    with pytest.raises(Forbidden):
        edit_household(session, cadre, theirs.household_id, village_code=YANGJIA)
    with pytest.raises(Forbidden):
        remove_member(session, cadre, other.head_person_id or "", reason="重复录入")
    assert counts(session) == before


def test_the_same_id_number_is_refused_with_where_the_other_record_is(
    session: Session, admin: Actor
) -> None:
    first = new_household(session, admin)
    before = counts(session)
    with pytest.raises(DuplicateResidentId) as duplicate:
        new_household(session, admin, village=YANGJIA, name="曾得胜")
    assert duplicate.value.person_id == first.head_person_id
    assert duplicate.value.household_id == first.household_id
    assert "坦泉村 曾德胜户" in duplicate.value.message
    assert ZENG not in duplicate.value.message
    with pytest.raises(DuplicateResidentId):
        add_member(
            session,
            admin,
            first.household_id,
            PersonInput(name="曾德胜", resident_id=ZENG, relation="其他"),
        )
    assert counts(session) == before

    # A cadre of another village learns that the record exists, not whose household it is.
    with pytest.raises(DuplicateResidentId) as hidden:
        new_household(session, cadre_actor(admin, "cadre1", YANGJIA), village=YANGJIA)
    assert "坦泉村的一户" in hidden.value.message
    assert "曾德胜" not in hidden.value.message


def test_edit_household_records_changed_fields_against_the_base_version(
    session: Session, admin: Actor
) -> None:
    created = new_household(session, admin)
    household = session.get(Household, created.household_id)
    assert household is not None
    household.version = 7  # as after the county acknowledged the create

    result = edit_household(
        session, admin, household.id, phone="１３８ 1234-5678", address=None, housing="砖木结构"
    )
    assert household.phone == "13812345678"
    assert {c.action for c in result.changes} == {"update"}
    last = outbox_of(session, household.id)[-1]
    assert last.operation == "update"
    assert last.base_version == 7
    assert last.fields == {"phone": "13812345678", "housing": "砖木结构"}
    assert audit_of(session, household.id)[-1].changes == {
        "phone": [None, "13812345678"],
        "housing": [None, "砖木结构"],
    }

    before = counts(session)
    assert edit_household(session, admin, household.id, phone="138-1234-5678").changes == ()
    assert counts(session) == before


def test_edit_household_moves_it_to_another_current_village(session: Session, admin: Actor) -> None:
    created = new_household(session, admin)
    edit_household(session, admin, created.household_id, village_code=YANGJIA)
    assert outbox_of(session, created.household_id)[-1].fields == {"village_code": YANGJIA}
    with pytest.raises(InvalidInput):
        edit_household(session, admin, created.household_id, village_code=RETIRED)


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"bank_account": "6228 4800 12AB"}, "bank_account"),
        ({"bank_account": "1234"}, "bank_account"),
        ({"phone": "5281234"}, "phone"),
        ({"phone": "电话13812345678"}, "phone"),
        ({"address": "村" * 201}, "address"),
        ({"head_person_id": "someone"}, "head_person_id"),
        ({"relative_declared": True}, "relative_declared"),
    ],
)
def test_invalid_household_fields_write_nothing(
    session: Session, admin: Actor, fields: dict[str, object], field: str
) -> None:
    created = new_household(session, admin)
    before = counts(session)
    with pytest.raises(InvalidInput) as refused:
        edit_household(session, admin, created.household_id, **{"housing": "砖混", **fields})
    assert refused.value.field == field
    # Errors reach logs: a typed number is never repeated.
    for typed in fields.values():
        digits = "".join(char for char in str(typed) if char.isdigit())
        if len(digits) >= 5:
            assert digits not in refused.value.message
    assert counts(session) == before


def test_edit_household_refuses_fields_that_are_not_the_households(
    session: Session, admin: Actor
) -> None:
    created = new_household(session, admin)
    with pytest.raises(TypeError):
        edit_household(session, admin, created.household_id, name="曾德胜")
    with pytest.raises(NotFound):
        edit_household(session, admin, "no-such-household", address="x")


def test_add_member_needs_a_relation_other_than_self(session: Session, admin: Actor) -> None:
    created = new_household(session, admin)
    before = counts(session)
    for relation in (None, "本人", "表舅"):
        with pytest.raises(InvalidInput) as refused:
            add_member(
                session,
                admin,
                created.household_id,
                PersonInput(name="李秀英", resident_id=WIFE, relation=relation),
            )
        assert refused.value.field == "relation"
    assert counts(session) == before

    result = add_member(
        session,
        admin,
        created.household_id,
        PersonInput(name="李秀英", resident_id=WIFE, relation="妻子"),
    )
    member = session.get(Person, result.person_id)
    assert member is not None and member.relation == Relationship.SPOUSE.value
    (create,) = outbox_of(session, member.id)
    assert create.operation == "create" and create.fields["household_id"] == created.household_id
    assert [c.action for c in result.changes] == ["create"]


def test_an_older_resident_with_a_4328_code_is_accepted(session: Session, admin: Actor) -> None:
    created = new_household(session, admin, resident_id=OLD_CODE, name="谭满秀")
    head = session.get(Person, created.head_person_id)
    assert head is not None and head.resident_id == OLD_CODE


def test_a_member_without_id_is_kept_as_pending_with_a_reason(
    session: Session, admin: Actor
) -> None:
    created = new_household(session, admin)
    before = counts(session)
    with pytest.raises(InvalidInput) as refused:
        add_member(
            session, admin, created.household_id, PersonInput(name="曾小宝", relation="孙子")
        )
    assert refused.value.field == "pending_reason"
    assert counts(session) == before

    result = add_member(
        session,
        admin,
        created.household_id,
        PersonInput(
            name="曾小宝",
            relation="孙子",
            pending_reason=PendingReason.UNREGISTERED_BABY,
            birth_date=date(2025, 12, 1),
        ),
    )
    baby = session.get(Person, result.person_id)
    assert baby is not None
    assert baby.pending_verification is True
    assert baby.pending_reason == "unregistered_baby"
    assert baby.resident_id is None
    assert outbox_of(session, baby.id)[0].fields["pending_verification"] is True


def test_moving_a_member_changes_only_their_household_and_relation(
    session: Session, admin: Actor
) -> None:
    first = new_household(session, admin)
    son = add_son(session, admin, first.household_id)
    second = new_household(session, admin, village=YANGJIA, name="李秀英", resident_id=WIFE)
    person = session.get(Person, son.person_id)
    assert person is not None
    person.version = 3

    moved = move_member(session, admin, son.person_id, second.household_id, relation="女婿")
    assert person.household_id == second.household_id
    assert person.relation == Relationship.SON_IN_LAW.value
    assert moved.new_head_id is None and moved.relations_to_review == ()
    assert [(c.entity_type, c.action) for c in moved.changes] == [("persons", "update")]
    last = outbox_of(session, person.id)[-1]
    assert (last.operation, last.base_version) == ("update", 3)
    assert last.fields == {"household_id": second.household_id, "relation": "son_in_law"}
    # Moving a person with an ID number is not a duplicate of themself.
    assert person.resident_id == SON

    with pytest.raises(InvalidInput) as same:
        move_member(session, admin, son.person_id, second.household_id, relation="子")
    assert same.value.field == "to_household_id"
    with pytest.raises(InvalidInput) as as_head:
        move_member(session, admin, son.person_id, first.household_id, relation="本人")
    assert as_head.value.field == "relation"


def test_moving_a_head_who_leaves_members_behind_needs_a_new_head(
    session: Session, admin: Actor
) -> None:
    first = new_household(session, admin)
    wife = add_wife(session, admin, first.household_id)
    son = add_son(session, admin, first.household_id)
    other = new_household(session, admin, village=YANGJIA, name="谭满秀", resident_id=OLD_CODE)
    dibao = Enrolment(
        household_id=first.household_id, program="dibao", status="approved", covered_members=3
    )
    record_create(session, admin, dibao)
    head_id = first.head_person_id
    assert head_id is not None

    before = counts(session)
    with pytest.raises(InvalidInput) as refused:
        move_member(session, admin, head_id, other.household_id, relation="兄弟姐妹")
    assert refused.value.field == "new_head_id"
    with pytest.raises(InvalidInput):
        move_member(
            session, admin, head_id, other.household_id, relation="兄弟姐妹", new_head_id=head_id
        )
    with pytest.raises(InvalidInput):
        move_member(
            session, admin, son.person_id, other.household_id, relation="其他", new_head_id=head_id
        )
    assert counts(session) == before

    moved = move_member(
        session, admin, head_id, other.household_id, relation="兄弟姐妹", new_head_id=wife.person_id
    )
    household = session.get(Household, first.household_id)
    new_head = session.get(Person, wife.person_id)
    assert household is not None and new_head is not None
    assert household.head_person_id == wife.person_id
    assert new_head.relation == Relationship.SELF.value
    assert moved.new_head_id == wife.person_id
    # The son's relation was stated towards his father; the user is asked, nothing guessed.
    assert moved.relations_to_review == (son.person_id,)
    assert session.get(Person, son.person_id).relation == Relationship.SON.value  # type: ignore[union-attr]
    assert moved.enrolments_to_review == (dibao.id,)
    assert dibao.covered_members == 3
    assert outbox_of(session, household.id)[-1].fields == {"head_person_id": wife.person_id}
    assert outbox_of(session, new_head.id)[-1].fields == {"relation": "self"}


def test_moving_the_only_member_leaves_the_household_without_head(
    session: Session, admin: Actor
) -> None:
    first = new_household(session, admin)
    second = new_household(session, admin, name="李秀英", resident_id=WIFE)
    assert first.head_person_id is not None
    move_member(session, admin, first.head_person_id, second.household_id, relation="配偶")
    emptied = session.get(Household, first.household_id)
    assert emptied is not None and emptied.head_person_id is None
    assert outbox_of(session, emptied.id)[-1].fields == {"head_person_id": None}

    # The next person moved in becomes its head.
    with pytest.raises(InvalidInput):
        move_member(session, admin, first.head_person_id, first.household_id, relation="配偶")
    move_member(session, admin, first.head_person_id, first.household_id, relation="本人")
    assert emptied.head_person_id == first.head_person_id


def test_remove_member_leaves_a_tombstone_and_frees_the_id_number(
    session: Session, admin: Actor
) -> None:
    first = new_household(session, admin)
    son = add_son(session, admin, first.household_id)
    before = counts(session)
    with pytest.raises(InvalidInput) as no_reason:
        remove_member(session, admin, son.person_id, reason="  ")
    assert no_reason.value.field == "reason"
    assert first.head_person_id is not None
    with pytest.raises(InvalidInput) as head:
        remove_member(session, admin, first.head_person_id, reason="迁出")
    assert "更换户主" in head.value.message
    assert counts(session) == before

    removed = remove_member(session, admin, son.person_id, reason="重复录入")
    person = session.get(Person, son.person_id)
    assert person is not None and person.deleted
    assert [c.action for c in removed.changes] == ["delete"]
    last = outbox_of(session, son.person_id)[-1]
    assert (last.operation, last.fields) == ("delete", {"deleted": True})
    assert audit_of(session, son.person_id)[-1].reason == "重复录入"
    with pytest.raises(NotFound):
        remove_member(session, admin, son.person_id, reason="重复录入")

    again = add_son(session, admin, first.household_id)
    assert again.person_id != son.person_id

    # The head alone may go; the household is left without a head, and says so.
    remove_member(session, admin, again.person_id, reason="重复录入")
    alone = remove_member(session, admin, first.head_person_id, reason="全户迁出本乡镇")
    assert [(c.entity_type, c.action) for c in alone.changes] == [
        ("persons", "delete"),
        ("households", "update"),
    ]
    household = session.get(Household, first.household_id)
    assert household is not None and household.head_person_id is None


def test_change_head_asks_for_the_old_heads_new_relation(session: Session, admin: Actor) -> None:
    first = new_household(session, admin)
    wife = add_wife(session, admin, first.household_id)
    son = add_son(session, admin, first.household_id)
    before = counts(session)
    with pytest.raises(InvalidInput) as refused:
        change_head(session, admin, first.household_id, son.person_id)
    assert refused.value.field == "old_head_relation"
    with pytest.raises(InvalidInput):
        change_head(session, admin, first.household_id, "stranger", old_head_relation="父母")
    assert counts(session) == before

    result = change_head(
        session, admin, first.household_id, son.person_id, old_head_relation="父亲"
    )
    assert result.old_head_id == first.head_person_id
    assert result.relations_to_review == (wife.person_id,)
    old_head = session.get(Person, first.head_person_id)
    assert old_head is not None and old_head.relation == Relationship.PARENT.value
    assert [c.entity_type for c in result.changes] == ["households", "persons", "persons"]


@pytest.mark.parametrize(
    ("name", "compatibility"),
    [
        ("覃𠮷", False),  # 𠮷 U+20BB7, CJK Extension B: four bytes in UTF-8
        ("王\U0002f81f", True),  # a CJK compatibility ideograph, which NFKC would replace
    ],
)
def test_rare_character_names_are_stored_and_compared_exactly(
    engine, name: str, compatibility: bool
) -> None:
    assert (unicodedata.normalize("NFKC", name) != name) is compatibility
    with session_scope(engine) as session:
        admin = actor_for(session, "admin")
        created = new_household(session, admin, name=f" {name}\u3000")
        member = add_member(
            session,
            admin,
            created.household_id,
            PersonInput(name=name + "英", relation="女", pending_reason="其他"),
        )
    with session_scope(engine) as session:
        head = session.get(Person, created.head_person_id)
        assert head is not None and head.name == name
        assert session.scalar(select(Person.id).where(Person.name == name)) == head.id
        if compatibility:
            normalised = unicodedata.normalize("NFKC", name)
            assert session.scalar(select(Person.id).where(Person.name == normalised)) is None
        assert outbox_of(session, head.id)[0].fields["name"] == name
        assert audit_of(session, head.id)[0].changes["name"] == [None, name]
        assert session.get(Person, member.person_id).name == name + "英"  # type: ignore[union-attr]

    # The same name typed again is no change; its NFKC form is a change.
    with session_scope(engine) as session:
        admin = actor_for(session, "admin")
        assert edit_member(session, admin, created.head_person_id or "", name=name).changes == ()
        if compatibility:
            normalised = unicodedata.normalize("NFKC", name)
            changed = edit_member(session, admin, created.head_person_id or "", name=normalised)
            assert dict(changed.changes[0].fields) == {"name": (name, normalised)}
