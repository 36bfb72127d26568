"""近亲属备案: households related to a case worker or cadre, who must step back from them."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy.orm import Session

from minzheng_field.domain.calendar import china_today
from minzheng_field.services.context import Actor
from minzheng_field.services.errors import Forbidden, InvalidInput, NotFound
from minzheng_field.services.recording import Change, record_create, record_update
from minzheng_field.services.visibility import declared_relatives
from minzheng_field.store.models import Household, Person, RelativeDeclaration

_STAFF_NAME_MAX = 64
_POSITION_MAX = 64
_RELATION_MAX = 32
_USERNAME_MAX = 32


@dataclass(frozen=True)
class DeclarationChange:
    """A recorded declaration: its id, the household, and every write it made."""

    declaration_id: str
    household_id: str
    changes: tuple[Change, ...]


def households_related_to(session: Session, username: str) -> set[str]:
    """The ids of the households a user is declared related to (live declarations only)."""
    return set(declared_relatives(session, username).household_ids)


def record_relative_declaration(
    session: Session,
    actor: Actor,
    household_id: str,
    *,
    staff_name: str,
    staff_position: str,
    relation: str,
    declared_on: date,
    staff_username: str | None = None,
    person_id: str | None = None,
    notes: str | None = None,
) -> DeclarationChange:
    """Record that a household is a close relative of a staff member (近亲属备案)."""
    household = session.get(Household, household_id)
    if household is None or household.deleted:
        raise NotFound("户档案")
    if not actor.may_see_village(household.village_code):
        raise Forbidden("这户不在您负责的村，不能为它登记近亲属备案。")

    clean_staff_name = _required_text(
        staff_name, "staff_name", "请填写工作人员的姓名。", _STAFF_NAME_MAX
    )
    if any(unicodedata.category(char) in ("Cc", "Cf", "Cs") for char in clean_staff_name):
        raise InvalidInput("staff_name", "工作人员姓名里有看不见的字符，请删除后重新输入。")
    clean_position = _required_text(
        staff_position, "staff_position", "请填写工作人员的职务（如村委会主任）。", _POSITION_MAX
    )
    clean_relation = _required_text(
        relation, "relation", "请填写与工作人员的亲属关系（如配偶、父母）。", _RELATION_MAX
    )
    if not isinstance(declared_on, date) or isinstance(declared_on, datetime):
        raise InvalidInput("declared_on", "请填写备案日期。")
    if declared_on > china_today():
        raise InvalidInput("declared_on", "备案日期不能晚于今天。")

    # Not checked against this vault's users: a cadre's account may live only on the
    # cadre's own laptop, and the declaration syncs there.
    clean_username = _optional_text(staff_username)
    if clean_username is not None and len(clean_username) > _USERNAME_MAX:
        raise InvalidInput("staff_username", "账号名太长，请核对。")
    if person_id is not None:
        member = session.get(Person, person_id)
        if member is None or member.deleted or member.household_id != household.id:
            raise InvalidInput("person_id", "所选的亲属不是这户的成员，请重新选择。")

    declaration = RelativeDeclaration(
        household_id=household.id,
        person_id=person_id,
        staff_name=clean_staff_name,
        staff_username=clean_username,
        staff_position=clean_position,
        relation=clean_relation,
        declared_on=declared_on,
        notes=_optional_text(notes),
    )
    changes = [record_create(session, actor, declaration)]
    flagged = record_update(session, actor, household, {"relative_declared": True})
    if flagged is not None:
        changes.append(flagged)
    return DeclarationChange(declaration.id, household.id, tuple(changes))


def _required_text(value: str | None, field: str, missing: str, longest: int) -> str:
    text = _optional_text(value)
    if text is None:
        raise InvalidInput(field, missing)
    if len(text) > longest:
        raise InvalidInput(field, f"这一项最多{longest}个字，请精简。")
    return text


def _optional_text(value: str | None) -> str | None:
    if value is None:
        return None
    text = value.strip()
    return text or None
