"""Households and their members: add and edit a household, add, move and remove members."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from minzheng_field.domain.person_fields import Relationship
from minzheng_field.services.context import Actor, township_code
from minzheng_field.services.errors import Forbidden, InvalidInput
from minzheng_field.services.persons import (
    MemberChange,
    PersonInput,
    PersonValues,
    clean_text,
    current_enrolments,
    ensure_resident_id_free,
    household_for_change,
    normalise_phone,
    parse_relation,
    person_for_change,
    validate_person,
)
from minzheng_field.services.recording import Change, record_create, record_delete, record_update
from minzheng_field.store.models import DivisionRow, Household, Person

_ADDRESS_MAX = 200
_SHORT_TEXT_MAX = 64
_CERTIFICATE_MAX = 32
_NOTES_MAX = 2000
_ACCOUNT_SEPARATORS = re.compile(r"[\s\-－]")
_ACCOUNT_DIGITS = re.compile(r"[0-9]{8,32}")
_FULL_WIDTH_DIGITS = {ord("０") + i: ord("0") + i for i in range(10)}

# Household columns a user edits here; the head and the 近亲属备案 flag have their own actions.
EDITABLE_HOUSEHOLD_FIELDS = frozenset(
    {
        "village_code",
        "address",
        "phone",
        "housing",
        "bank_name",
        "bank_account",
        "dibao_certificate_no",
        "notes",
    }
)
_NOT_EDITABLE_HERE = {
    "head_person_id": "户主不能在这里修改，请用“更换户主”。",
    "relative_declared": "近亲属备案请通过“近亲属备案”登记。",
}


@dataclass(frozen=True)
class HouseholdChange:
    """A household added or edited: its id, its head, and every write made."""

    household_id: str
    head_person_id: str | None
    changes: tuple[Change, ...]


@dataclass(frozen=True)
class MemberMove:
    """A member moved to another household, and what the user must now look at."""

    person_id: str
    from_household_id: str
    to_household_id: str
    # The head of the old household chosen because the moved person was its head.
    new_head_id: str | None
    # Members whose 与户主关系 was stated towards a head who is no longer head.
    relations_to_review: tuple[str, ...]
    # Current enrolments whose household or covered members the move may change (not changed).
    enrolments_to_review: tuple[str, ...]
    changes: tuple[Change, ...]


@dataclass(frozen=True)
class MemberRemoval:
    """A member removed (a tombstone), and the enrolments the user must now look at."""

    person_id: str
    household_id: str | None
    enrolments_to_review: tuple[str, ...]
    changes: tuple[Change, ...]


@dataclass(frozen=True)
class HeadChange:
    """A new head of household (户主), and the members whose relation must be re-stated."""

    household_id: str
    old_head_id: str | None
    new_head_id: str
    relations_to_review: tuple[str, ...]
    changes: tuple[Change, ...]


def add_household(
    session: Session,
    actor: Actor,
    *,
    village_code: str,
    head: PersonInput,
    address: str | None = None,
    phone: str | None = None,
    housing: str | None = None,
    bank_name: str | None = None,
    bank_account: str | None = None,
    notes: str | None = None,
) -> HouseholdChange:
    """Create a household with its head (户主, relation 本人) in the given village."""
    village = _current_village(session, village_code)
    if not actor.may_see_village(village):
        raise Forbidden("您只能在自己负责的村登记新户。")
    household_values = _household_values(
        {
            "address": address,
            "phone": phone,
            "housing": housing,
            "bank_name": bank_name,
            "bank_account": bank_account,
            "notes": notes,
        }
    )
    head_values = validate_person(head)
    if head_values.relation not in (None, Relationship.SELF.value):
        raise InvalidInput("relation", "户主的与户主关系应为“本人”。")
    ensure_resident_id_free(session, actor, head_values.resident_id)

    household = Household(village_code=village, relative_declared=False, **household_values)
    changes = [record_create(session, actor, household)]
    person = _new_member(household, head_values, Relationship.SELF)
    changes.append(record_create(session, actor, person))
    linked = record_update(session, actor, household, {"head_person_id": person.id})
    assert linked is not None
    changes.append(linked)
    return HouseholdChange(household.id, person.id, tuple(changes))


def edit_household(
    session: Session, actor: Actor, household_id: str, **fields: Any
) -> HouseholdChange:
    """Change a household's own fields (address, phone, bank, village, …), checked first."""
    for name, message in _NOT_EDITABLE_HERE.items():
        if name in fields:
            raise InvalidInput(name, message)
    unknown = set(fields) - EDITABLE_HOUSEHOLD_FIELDS
    if unknown:
        raise TypeError(f"edit_household: not an editable household field: {sorted(unknown)}")
    household = household_for_change(session, actor, household_id)
    values = _household_values({k: v for k, v in fields.items() if k != "village_code"})
    if "village_code" in fields:
        village = _current_village(
            session, fields["village_code"], unchanged=household.village_code
        )
        if not actor.may_see_village(village):
            raise Forbidden("您只能把户迁到自己负责的村。")
        values["village_code"] = village
    change = record_update(session, actor, household, values)
    return HouseholdChange(household.id, household.head_person_id, (change,) if change else ())


def add_member(
    session: Session, actor: Actor, household_id: str, person: PersonInput
) -> MemberChange:
    """Add a member to a household; the relation to the head (与户主关系) is required."""
    household = household_for_change(session, actor, household_id)
    values = validate_person(person)
    relation = _member_relation(
        values.relation, has_head=_live_head(session, household) is not None
    )
    ensure_resident_id_free(session, actor, values.resident_id)

    member = _new_member(household, values, relation)
    changes = [record_create(session, actor, member)]
    if relation is Relationship.SELF:
        linked = record_update(session, actor, household, {"head_person_id": member.id})
        if linked is not None:
            changes.append(linked)
    return MemberChange(member.id, household.id, tuple(changes))


def move_member(
    session: Session,
    actor: Actor,
    person_id: str,
    to_household_id: str,
    *,
    relation: Relationship | str,
    new_head_id: str | None = None,
) -> MemberMove:
    """Move a member to another household; moving a head who leaves others names a new head."""
    person = person_for_change(session, actor, person_id)
    if person.household_id is None:
        raise InvalidInput("person_id", "这个人还没有归入任何一户，请用“添加成员”。")
    source = household_for_change(session, actor, person.household_id)
    target = household_for_change(session, actor, to_household_id)
    if target.id == source.id:
        raise InvalidInput("to_household_id", "此人已经在这户，请选择要迁入的另一户。")
    target_relation = _member_relation(relation, has_head=_live_head(session, target) is not None)

    remaining = _other_members(session, source, person.id)
    moving_head = source.head_person_id == person.id
    new_head: Person | None = None
    if not moving_head and new_head_id is not None:
        raise InvalidInput("new_head_id", "只有迁出户主时才需要指定原户的新户主。")
    if moving_head and remaining:
        if new_head_id is None:
            raise InvalidInput("new_head_id", "此人是户主，原户还有其他成员，请先指定新户主。")
        new_head = _successor_head(remaining, new_head_id)

    enrolments = {
        row.id
        for household_id in (source.id, target.id)
        for row in current_enrolments(session, person.id, household_id)
    }
    changes = [
        record_update(
            session,
            actor,
            person,
            {"household_id": target.id, "relation": target_relation.value},
        )
    ]
    if target_relation is Relationship.SELF:
        changes.append(record_update(session, actor, target, {"head_person_id": person.id}))
    relations_to_review: tuple[str, ...] = ()
    if moving_head:
        changes.append(
            record_update(
                session, actor, source, {"head_person_id": new_head.id if new_head else None}
            )
        )
        if new_head is not None:
            changes.append(
                record_update(session, actor, new_head, {"relation": Relationship.SELF.value})
            )
            relations_to_review = tuple(m.id for m in remaining if m.id != new_head.id)
    return MemberMove(
        person_id=person.id,
        from_household_id=source.id,
        to_household_id=target.id,
        new_head_id=new_head.id if new_head else None,
        relations_to_review=relations_to_review,
        enrolments_to_review=tuple(sorted(enrolments)),
        changes=tuple(change for change in changes if change is not None),
    )


def remove_member(session: Session, actor: Actor, person_id: str, *, reason: str) -> MemberRemoval:
    """Remove a member (the row becomes a tombstone); a head only when no one else remains."""
    person = person_for_change(session, actor, person_id)
    clean_reason = clean_text(reason, "reason", "删除原因", _NOTES_MAX)
    if clean_reason is None:
        raise InvalidInput("reason", "请填写删除原因（如重复录入、已迁出本乡镇）。")
    if person.household_id is None:
        changes = [record_delete(session, actor, person, reason=clean_reason)]
        return MemberRemoval(person.id, None, (), tuple(changes))
    household = household_for_change(session, actor, person.household_id)
    is_head = household.head_person_id == person.id
    if is_head and _other_members(session, household, person.id):
        raise InvalidInput("person_id", "户主不能直接删除：这户还有其他成员，请先更换户主。")

    enrolments = tuple(row.id for row in current_enrolments(session, person.id, household.id))
    changes = [record_delete(session, actor, person, reason=clean_reason)]
    if is_head:
        unlinked = record_update(
            session, actor, household, {"head_person_id": None}, reason=clean_reason
        )
        if unlinked is not None:
            changes.append(unlinked)
    return MemberRemoval(person.id, household.id, enrolments, tuple(changes))


def change_head(
    session: Session,
    actor: Actor,
    household_id: str,
    new_head_id: str,
    *,
    old_head_relation: Relationship | str | None = None,
) -> HeadChange:
    """Make another member the head (户主), e.g. after a death; the old head's relation is asked."""
    household = household_for_change(session, actor, household_id)
    old_head = _live_head(session, household)
    members = _other_members(session, household, old_head.id if old_head else "")
    new_head = _successor_head(members, new_head_id)
    old_relation: Relationship | None = None
    if old_head is not None:
        if old_head_relation is None:
            raise InvalidInput("old_head_relation", "请选择原户主与新户主的关系。")
        old_relation = _member_relation(old_head_relation, has_head=True, field="old_head_relation")

    changes: list[Change | None] = [
        record_update(session, actor, household, {"head_person_id": new_head.id}),
        record_update(session, actor, new_head, {"relation": Relationship.SELF.value}),
    ]
    if old_head is not None and old_relation is not None:
        changes.append(record_update(session, actor, old_head, {"relation": old_relation.value}))
    others = tuple(m.id for m in members if m.id != new_head.id)
    return HeadChange(
        household_id=household.id,
        old_head_id=old_head.id if old_head else None,
        new_head_id=new_head.id,
        relations_to_review=others,
        changes=tuple(change for change in changes if change is not None),
    )


def _current_village(session: Session, typed: Any, *, unchanged: str | None = None) -> str:
    code = typed.strip() if isinstance(typed, str) else ""
    if not code:
        raise InvalidInput("village_code", "请选择所在的村（社区）。")
    if code == unchanged:
        return code
    row = session.get(DivisionRow, code)
    if row is None or row.level != "village" or row.parent_code != township_code(session):
        raise InvalidInput("village_code", "所选的村不在本乡镇的区划中，请重新选择。")
    if row.retired_since is not None:
        successor = _successor(session, row)
        when = f"（{row.retired_since}年起）" if row.retired_since else ""
        if successor is not None:
            raise InvalidInput(
                "village_code",
                f"“{row.name}”已撤销{when}，并入了{successor.name}，请选择{successor.name}。",
            )
        raise InvalidInput(
            "village_code", f"“{row.name}”已撤销{when}，请选择它现在所属的村（社区）。"
        )
    return code


def _successor(session: Session, row: DivisionRow) -> DivisionRow | None:
    seen = {row.code}
    current = row
    while current.successor_code is not None and current.successor_code not in seen:
        following = session.get(DivisionRow, current.successor_code)
        if following is None:
            return None
        if following.retired_since is None:
            return following
        seen.add(following.code)
        current = following
    return None


def _household_values(fields: dict[str, Any]) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for name, value in fields.items():
        if name == "phone":
            values[name] = normalise_phone(_text_or_none(value, name, "联系电话"))
        elif name == "bank_account":
            values[name] = _bank_account(value)
        elif name == "address":
            values[name] = clean_text(value, name, "住址", _ADDRESS_MAX)
        elif name == "housing":
            values[name] = clean_text(value, name, "住房情况", _SHORT_TEXT_MAX)
        elif name == "bank_name":
            values[name] = clean_text(value, name, "开户银行", _SHORT_TEXT_MAX)
        elif name == "dibao_certificate_no":
            values[name] = clean_text(value, name, "低保证编号", _CERTIFICATE_MAX)
        elif name == "notes":
            values[name] = clean_text(value, name, "备注", _NOTES_MAX)
        else:
            raise TypeError(f"not a household field: {name}")
    return values


def _text_or_none(value: Any, field: str, label: str) -> str | None:
    if value is None or isinstance(value, str):
        return value
    raise InvalidInput(field, f"{label}应为文字。")


def _bank_account(value: Any) -> str | None:
    text = _text_or_none(value, "bank_account", "银行账号")
    if text is None:
        return None
    digits = _ACCOUNT_SEPARATORS.sub("", text.translate(_FULL_WIDTH_DIGITS))
    if not digits:
        return None
    # Never repeat the account in the message: errors end up in logs.
    if not (digits.isascii() and _ACCOUNT_DIGITS.fullmatch(digits)):
        raise InvalidInput("bank_account", "银行账号应为8到32位数字，请对照存折或银行卡核对。")
    return digits


def _member_relation(
    value: Relationship | str | None, *, has_head: bool, field: str = "relation"
) -> Relationship:
    try:
        relation = parse_relation(value)
    except InvalidInput as error:
        raise InvalidInput(field, error.message) from None
    if relation is None:
        raise InvalidInput(field, "请选择与户主的关系。")
    if has_head and relation is Relationship.SELF:
        raise InvalidInput(field, "这户已有户主，请选择此人与户主的关系。")
    if not has_head and relation is not Relationship.SELF:
        raise InvalidInput(field, "这户现在没有户主，此人应登记为户主（本人）。")
    return relation


def _live_head(session: Session, household: Household) -> Person | None:
    if household.head_person_id is None:
        return None
    head = session.get(Person, household.head_person_id)
    if head is None or head.deleted:
        return None
    return head


def _other_members(session: Session, household: Household, person_id: str) -> list[Person]:
    return list(
        session.scalars(
            select(Person)
            .where(
                Person.household_id == household.id,
                Person.id != person_id,
                Person.deleted.is_(False),
            )
            .order_by(Person.id)
        )
    )


def _successor_head(members: list[Person], new_head_id: str) -> Person:
    for member in members:
        if member.id == new_head_id:
            if member.deceased_on is not None:
                raise InvalidInput("new_head_id", "已去世的成员不能当户主，请选择其他成员。")
            return member
    raise InvalidInput("new_head_id", "新户主必须是这户现有的其他成员，请重新选择。")


def _new_member(household: Household, values: PersonValues, relation: Relationship) -> Person:
    columns = values.columns()
    columns["relation"] = relation.value
    return Person(household_id=household.id, deleted=False, **columns)
