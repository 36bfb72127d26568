"""Files of children (留守/困境/孤儿/事实无人抚养) and elders under care: create, update, read.

One file per person (一人一档). Township staff and the village cadres of the person's
village may keep them; a cadre can neither read nor write what visibility.py hides from
them (a child's health, a parent's imprisonment, rehab, illness or severe disability).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import String, select
from sqlalchemy.orm import Session

from minzheng_field.domain.age import age_on
from minzheng_field.domain.calendar import china_today
from minzheng_field.domain.care import (
    CHILD_AGE_LIMITS,
    ELDER_MIN_AGE,
    UNABLE_TO_GUARD,
    ChildCategory,
    ElderCategory,
    GuardianCapacity,
    GuardianshipType,
    ParentSituation,
    RiskLevel,
)
from minzheng_field.domain.labelled_enum import LabelledStrEnum
from minzheng_field.domain.masking import mask_phone
from minzheng_field.domain.resident_id import InvalidResidentId, parse_resident_id
from minzheng_field.services.context import Actor
from minzheng_field.services.errors import Forbidden, InvalidInput, NotFound
from minzheng_field.services.recording import Change, record_create, record_update
from minzheng_field.services.visibility import (
    PARENT_DETAILS,
    PARENT_SITUATION_SHOWN_TO_CADRE,
    PARENTS,
    SENSITIVE_PARENT_SITUATIONS,
    check_can_open_person,
    full_sight,
    hidden_fields,
    read_row,
    view_of,
    visible_changes,
)
from minzheng_field.store.models import Base, ChildFile, ElderFile, Person, UserProfile

_SYNC_FIELDS = frozenset({"id", "version", "updated_at", "updated_by", "deleted", "person_id"})
_CHILD_FIELDS = frozenset(column.key for column in ChildFile.__table__.columns) - _SYNC_FIELDS
_ELDER_FIELDS = frozenset(column.key for column in ElderFile.__table__.columns) - _SYNC_FIELDS

_PHONE = re.compile(r"\+?[0-9][0-9 \-()（）]{5,22}")


@dataclass(frozen=True)
class CareFileChange:
    """What a write of a care file changed, as the acting user may see it."""

    file_id: str
    person_id: str
    change: Change | None


@dataclass(frozen=True)
class ChildFileView:
    """A child's file as the reader may see it; hidden fields are None, phones masked."""

    id: str
    person_id: str
    category: str
    father_situation: str | None
    father_whereabouts: str | None
    father_away_since: date | None
    father_phone: str | None
    mother_situation: str | None
    mother_whereabouts: str | None
    mother_away_since: date | None
    mother_phone: str | None
    guardian_name: str | None
    guardian_relation: str | None
    guardian_age: int | None
    guardian_phone: str | None
    guardian_capacity: str | None
    guardianship_type: str | None
    entrusted_in_writing: bool
    school: str | None
    grade: str | None
    health: str | None
    last_parent_contact_on: date | None
    risk_level: str
    child_director: str | None
    notes: str | None
    version: int
    updated_at: datetime
    updated_by: str | None


@dataclass(frozen=True)
class ElderFileView:
    """An elder's file as the reader may see it; the phone masked."""

    id: str
    person_id: str
    categories: tuple[str, ...]
    risk_tier: str
    living_arrangement: str | None
    care_needs: str | None
    emergency_contact_name: str | None
    emergency_contact_phone: str | None
    responsible: str | None
    notes: str | None
    version: int
    updated_at: datetime
    updated_by: str | None


def masked_phone(phone: str | None) -> str | None:
    """A phone as screens show it; the whole number only through reveal.py."""
    return None if phone is None else mask_phone(phone)


# -- reading -------------------------------------------------------------------------


def child_file_view(session: Session, actor: Actor, person_id: str) -> ChildFileView | None:
    """The child's file as `actor` may see it, or None if the child has none."""
    check_can_open_person(session, actor, person_id)
    row = read_row(session, actor, ChildFile, ChildFile.person_id == person_id)
    return None if row is None else child_view_from_row(row)


def elder_file_view(session: Session, actor: Actor, person_id: str) -> ElderFileView | None:
    """The elder's file as `actor` may see it, or None if the elder has none."""
    check_can_open_person(session, actor, person_id)
    row = read_row(session, actor, ElderFile, ElderFile.person_id == person_id)
    return None if row is None else elder_view_from_row(row)


def child_view_from_row(row: Mapping[str, Any]) -> ChildFileView:
    """A view of a row read through visibility.read_rows (absent fields become None)."""
    return view_of(
        ChildFileView,
        row,
        father_phone=masked_phone(row.get("father_phone")),
        mother_phone=masked_phone(row.get("mother_phone")),
        guardian_phone=masked_phone(row.get("guardian_phone")),
        entrusted_in_writing=bool(row.get("entrusted_in_writing")),
    )


def elder_view_from_row(row: Mapping[str, Any]) -> ElderFileView:
    """A view of a row read through visibility.read_rows."""
    return view_of(
        ElderFileView,
        row,
        categories=tuple(row.get("categories") or ()),
        emergency_contact_phone=masked_phone(row.get("emergency_contact_phone")),
    )


# -- writing -------------------------------------------------------------------------


def create_child_file(
    session: Session,
    actor: Actor,
    person_id: str,
    *,
    category: str,
    risk_level: str,
    today: date | None = None,
    **fields: Any,
) -> CareFileChange:
    """Open a child's file (一人一档) after checking category, age, parents and guardian."""
    person = _person_to_file(session, actor, person_id, fields, _CHILD_FIELDS)
    day = today or china_today()
    existing = _file_to_reopen(
        session, ChildFile, person_id, "这个儿童已经有档案，请打开原档案修改。"
    )
    submitted = {"category": category, "risk_level": risk_level, **fields}
    submitted = _check_cadre_child_write(actor, submitted, stored=None)
    values = {name: None for name in _CHILD_FIELDS} | {"entrusted_in_writing": False}
    values |= _clean(ChildFile, submitted)
    _validate_child(session, values, person, day, check_age=True)
    return _write_new_file(session, actor, ChildFile, person_id, existing, values)


def update_child_file(
    session: Session,
    actor: Actor,
    person_id: str,
    *,
    today: date | None = None,
    **fields: Any,
) -> CareFileChange:
    """Change fields of a child's file; the whole file is checked again before writing."""
    person = _person_to_file(session, actor, person_id, fields, _CHILD_FIELDS)
    day = today or china_today()
    child_file = _live_file(session, ChildFile, person_id, "儿童档案")
    stored = {name: getattr(child_file, name) for name in _CHILD_FIELDS}
    submitted = _check_cadre_child_write(actor, dict(fields), stored=stored)
    values = stored | _clean(ChildFile, submitted)
    _validate_child(
        session, values, person, day, check_age=values["category"] != stored["category"]
    )
    sensitive_before = [
        parent for parent in PARENTS if stored[f"{parent}_situation"] in SENSITIVE_PARENT_SITUATIONS
    ]
    return _write_changes(session, actor, child_file, stored, values, sensitive_before)


def create_elder_file(
    session: Session,
    actor: Actor,
    person_id: str,
    *,
    categories: list[str] | tuple[str, ...] | frozenset[str],
    risk_tier: str,
    today: date | None = None,
    **fields: Any,
) -> CareFileChange:
    """Open an elder's file after checking age (60 and over), categories and risk tier."""
    person = _person_to_file(session, actor, person_id, fields, _ELDER_FIELDS)
    day = today or china_today()
    existing = _file_to_reopen(
        session, ElderFile, person_id, "这位老人已经有档案，请打开原档案修改。"
    )
    submitted = {"categories": categories, "risk_tier": risk_tier, **fields}
    _check_hidden_writes(actor, ElderFile, submitted)
    values = {name: None for name in _ELDER_FIELDS} | _clean(ElderFile, submitted)
    _validate_elder(session, values, person, day, check_age=True)
    return _write_new_file(session, actor, ElderFile, person_id, existing, values)


def update_elder_file(
    session: Session,
    actor: Actor,
    person_id: str,
    *,
    today: date | None = None,
    **fields: Any,
) -> CareFileChange:
    """Change fields of an elder's file; the whole file is checked again before writing."""
    person = _person_to_file(session, actor, person_id, fields, _ELDER_FIELDS)
    day = today or china_today()
    elder_file = _live_file(session, ElderFile, person_id, "老人档案")
    stored = {name: getattr(elder_file, name) for name in _ELDER_FIELDS}
    _check_hidden_writes(actor, ElderFile, fields)
    values = stored | _clean(ElderFile, fields)
    _validate_elder(session, values, person, day, check_age=False)
    return _write_changes(session, actor, elder_file, stored, values, ())


# -- helpers -------------------------------------------------------------------------


def _person_to_file(
    session: Session,
    actor: Actor,
    person_id: str,
    fields: Mapping[str, Any],
    allowed: frozenset[str],
) -> Person:
    """The person whose file is written, once the fields are known and the actor may open it."""
    unknown = set(fields) - allowed
    if unknown:
        raise TypeError(f"unknown care file fields: {sorted(unknown)}")
    check_can_open_person(session, actor, person_id)
    person = session.get(Person, person_id)
    # check_can_open_person has already refused a missing or deleted person.
    assert person is not None
    return person


def _file_to_reopen(
    session: Session, model: type[ChildFile] | type[ElderFile], person_id: str, message: str
) -> Any:
    """The person's deleted file to open again, or None; a live one refuses a second."""
    existing = session.scalar(select(model).where(model.person_id == person_id))
    if existing is not None and not existing.deleted:
        raise InvalidInput("person_id", message)
    return existing


def _write_new_file(
    session: Session,
    actor: Actor,
    model: type[ChildFile] | type[ElderFile],
    person_id: str,
    existing: ChildFile | ElderFile | None,
    values: dict[str, Any],
) -> CareFileChange:
    if existing is not None:
        # The person_id is unique even among tombstones: a deleted file is opened again.
        change = record_update(session, actor, existing, values | {"deleted": False})
        return CareFileChange(existing.id, person_id, _shown(actor, change, ()))
    care_file = model(person_id=person_id, **values)
    change = record_create(session, actor, care_file)
    return CareFileChange(care_file.id, person_id, _shown(actor, change, ()))


def _write_changes(
    session: Session,
    actor: Actor,
    care_file: ChildFile | ElderFile,
    stored: Mapping[str, Any],
    values: Mapping[str, Any],
    sensitive_before: Iterable[str],
) -> CareFileChange:
    changed = {name: value for name, value in values.items() if stored.get(name) != value}
    change = record_update(session, actor, care_file, changed)
    return CareFileChange(
        care_file.id, care_file.person_id, _shown(actor, change, sensitive_before)
    )


def _live_file(
    session: Session, model: type[ChildFile] | type[ElderFile], person_id: str, what: str
) -> Any:
    found = session.scalar(
        select(model).where(model.person_id == person_id, model.deleted.is_(False))
    )
    if found is None:
        raise NotFound(what)
    return found


def _shown(actor: Actor, change: Change | None, sensitive_before: Iterable[str]) -> Change | None:
    if change is None or full_sight(actor.role):
        return change
    fields = visible_changes(
        actor, change.entity_type, change.fields, sensitive_before=sensitive_before
    )
    return Change(change.entity_type, change.entity_id, change.action, fields)


_HIDDEN_WRITE_MESSAGE = "这项信息由乡镇民政专干登记，您的账号不能填写或修改。"
_SENSITIVE_PARENT_MESSAGE = (
    "父母服刑、强制隔离戒毒、重病或重残等情况由乡镇民政专干登记；"
    "请选择“其他原因不能监护”并告知民政专干。"
)


def _check_hidden_writes(actor: Actor, model: type[Base], submitted: Mapping[str, Any]) -> None:
    if full_sight(actor.role):
        return
    for name in hidden_fields(actor.role, model):
        if submitted.get(name) is not None:
            raise Forbidden(_HIDDEN_WRITE_MESSAGE)


def _check_cadre_child_write(
    actor: Actor, submitted: dict[str, Any], *, stored: Mapping[str, Any] | None
) -> dict[str, Any]:
    """Refuse what a cadre may not write; drop what they sent back exactly as shown to them.

    A form sends back every field; a cadre was shown None for hidden fields and
    其他原因不能监护 for a sensitive situation, and sending that back changes nothing.
    """
    if full_sight(actor.role):
        return submitted
    _check_hidden_writes(actor, ChildFile, submitted)
    kept = {k: v for k, v in submitted.items() if k not in hidden_fields(actor.role, ChildFile)}
    for parent in PARENTS:
        situation_key = f"{parent}_situation"
        detail_keys = [f"{parent}_{detail}" for detail in PARENT_DETAILS]
        new = _strip(kept.get(situation_key))
        if new in SENSITIVE_PARENT_SITUATIONS:
            raise Forbidden(_SENSITIVE_PARENT_MESSAGE)
        old = None if stored is None else stored[situation_key]
        if old not in SENSITIVE_PARENT_SITUATIONS:
            continue
        if situation_key not in kept or new == PARENT_SITUATION_SHOWN_TO_CADRE:
            # The situation stays as it is, hidden; so do its details.
            kept.pop(situation_key, None)
            for key in detail_keys:
                if _strip(kept.pop(key, None)) is not None:
                    raise Forbidden(_HIDDEN_WRITE_MESSAGE)
        else:
            # A new, visible situation: details the cadre never saw must not survive it.
            for key in detail_keys:
                kept.setdefault(key, None)
    return kept


def _strip(value: Any) -> Any:
    if isinstance(value, str):
        value = value.strip()
        return value or None
    return value


def _clean(model: type[Base], submitted: Mapping[str, Any]) -> dict[str, Any]:
    """Strip surrounding spaces (names are never otherwise normalised); check lengths."""
    cleaned: dict[str, Any] = {}
    columns = model.__table__.columns  # type: ignore[attr-defined]
    for name, value in submitted.items():
        value = _strip(value)
        column_type = columns[name].type
        length = column_type.length if isinstance(column_type, String) else None
        if isinstance(value, str) and length and len(value) > length:
            raise InvalidInput(name, f"填写的内容太长，最多{length}个字。")
        cleaned[name] = value
    return cleaned


def _birth_date(person: Person) -> date | None:
    if person.birth_date is not None:
        return person.birth_date
    if person.resident_id:
        try:
            return parse_resident_id(person.resident_id).birth_date
        except InvalidResidentId:
            return None
    return None


def _check_enum(field: str, value: Any, enum: type[LabelledStrEnum], message: str) -> None:
    if value not in {member.value for member in enum}:
        raise InvalidInput(field, message)


def _check_optional_enum(field: str, value: Any, enum: type[LabelledStrEnum], what: str) -> None:
    if value is not None:
        labels = "、".join(member.label for member in enum)
        _check_enum(field, value, enum, f"{what}只能是：{labels}。")


def _check_not_future(field: str, value: Any, day: date, what: str) -> None:
    if value is None:
        return
    if not isinstance(value, date) or isinstance(value, datetime):
        raise InvalidInput(field, f"{what}不是有效的日期。")
    if value > day:
        raise InvalidInput(field, f"{what}不能晚于今天。")


def _check_phone(field: str, value: Any) -> None:
    if value is None:
        return
    digits = re.sub(r"[^0-9]", "", str(value))
    if not _PHONE.fullmatch(str(value)) or not 7 <= len(digits) <= 15:
        raise InvalidInput(field, "电话号码格式不对，请核对后重新填写。")


def _check_user(session: Session, field: str, username: Any, what: str) -> None:
    if username is None:
        return
    profile = session.get(UserProfile, username)
    if profile is None or not profile.active:
        raise InvalidInput(field, f"{what}必须是本机已有的在用账号，请先在用户管理中添加。")


def _validate_child(
    session: Session, values: dict[str, Any], person: Person, day: date, *, check_age: bool
) -> None:
    category_labels = "、".join(member.label for member in ChildCategory)
    _check_enum(
        "category", values["category"], ChildCategory, f"请选择儿童类别：{category_labels}。"
    )
    category = ChildCategory(values["category"])
    _check_enum("risk_level", values["risk_level"], RiskLevel, "请选择风险等级：低、中或高。")
    if person.deceased_on is not None and check_age:
        raise InvalidInput("person_id", "这个孩子已登记死亡，不能建立或改变儿童档案。")
    birth = _birth_date(person)
    if check_age:
        if birth is None:
            raise InvalidInput("person_id", "这个孩子还没有出生日期，请先在人员信息中补上。")
        limit = CHILD_AGE_LIMITS[category]
        if birth > day or age_on(birth, day) >= limit:
            raise InvalidInput(
                "category", f"{category.label}须未满{limit}周岁，这个孩子的年龄不符合。"
            )
    for parent, label in (("father", "父亲"), ("mother", "母亲")):
        _check_optional_enum(
            f"{parent}_situation", values[f"{parent}_situation"], ParentSituation, f"{label}情况"
        )
        _check_not_future(
            f"{parent}_away_since", values[f"{parent}_away_since"], day, f"{label}外出时间"
        )
        _check_phone(f"{parent}_phone", values[f"{parent}_phone"])
    _check_parents(category, values["father_situation"], values["mother_situation"])
    _check_optional_enum(
        "guardian_capacity", values["guardian_capacity"], GuardianCapacity, "监护能力"
    )
    _check_optional_enum(
        "guardianship_type", values["guardianship_type"], GuardianshipType, "监护类型"
    )
    if category is ChildCategory.LEFT_BEHIND and values["guardian_name"] is None:
        raise InvalidInput("guardian_name", "留守儿童须登记委托监护人（照护人）的姓名。")
    guardian_age = values["guardian_age"]
    if guardian_age is not None and (
        isinstance(guardian_age, bool)
        or not isinstance(guardian_age, int)
        or not 18 <= guardian_age <= 120
    ):
        raise InvalidInput("guardian_age", "监护人须是成年人，请填写18到120之间的年龄。")
    _check_phone("guardian_phone", values["guardian_phone"])
    if not isinstance(values["entrusted_in_writing"], bool):
        raise InvalidInput("entrusted_in_writing", "请选择是否已书面委托监护。")
    contact = values["last_parent_contact_on"]
    _check_not_future("last_parent_contact_on", contact, day, "最近一次与父母联系的日期")
    if contact is not None and birth is not None and contact < birth:
        raise InvalidInput("last_parent_contact_on", "最近一次与父母联系的日期早于孩子出生。")
    _check_user(session, "child_director", values["child_director"], "儿童主任")


def _check_parents(category: ChildCategory, father: str | None, mother: str | None) -> None:
    both = (father, mother)
    if category in (ChildCategory.LEFT_BEHIND, ChildCategory.UNSUPPORTED, ChildCategory.ORPHAN):
        for field, value, label in (
            ("father_situation", father, "父亲"),
            ("mother_situation", mother, "母亲"),
        ):
            if value is None:
                raise InvalidInput(
                    field, f"{category.label}须登记父母双方的情况，请填写{label}情况。"
                )
    away = ParentSituation.AWAY_WORKING
    if category is ChildCategory.LEFT_BEHIND:
        if not (
            both == (away, away)
            or (father == away and mother in UNABLE_TO_GUARD)
            or (mother == away and father in UNABLE_TO_GUARD)
        ):
            raise InvalidInput(
                "father_situation",
                "留守儿童须父母双方外出务工，或一方外出务工、另一方无监护能力。",
            )
    elif category is ChildCategory.UNSUPPORTED:
        if not (father in UNABLE_TO_GUARD and mother in UNABLE_TO_GUARD):
            raise InvalidInput(
                "father_situation", "事实无人抚养儿童须父母双方都不能履行抚养和监护责任。"
            )
        if both == (ParentSituation.DECEASED, ParentSituation.DECEASED):
            raise InvalidInput("category", "父母双方均已死亡的孩子，应登记为孤儿。")
    elif category is ChildCategory.ORPHAN:
        gone = {ParentSituation.DECEASED, ParentSituation.MISSING}
        if father not in gone or mother not in gone:
            raise InvalidInput("father_situation", "孤儿须父母双方均已死亡或失踪。")


def _validate_elder(
    session: Session, values: dict[str, Any], person: Person, day: date, *, check_age: bool
) -> None:
    categories = values["categories"]
    if isinstance(categories, str) or not categories:
        raise InvalidInput(
            "categories", "请至少选择一个老人类别：独居、空巢、留守、失能、重残或计划生育特殊家庭。"
        )
    known = {member.value for member in ElderCategory}
    if any(category not in known for category in categories):
        raise InvalidInput(
            "categories", "老人类别只能是：独居、空巢、留守、失能、重残或计划生育特殊家庭。"
        )
    # Stored in the enum's order, once each, so that the same choice never shows as a change.
    values["categories"] = [member.value for member in ElderCategory if member in set(categories)]
    _check_enum("risk_tier", values["risk_tier"], RiskLevel, "请选择风险等级：低、中或高。")
    if check_age:
        if person.deceased_on is not None:
            raise InvalidInput("person_id", "这位老人已登记死亡，不能建立档案。")
        birth = _birth_date(person)
        if birth is None:
            raise InvalidInput("person_id", "这位老人还没有出生日期，请先在人员信息中补上。")
        if birth > day or age_on(birth, day) < ELDER_MIN_AGE:
            raise InvalidInput("person_id", f"老人档案只为{ELDER_MIN_AGE}周岁及以上的老人建立。")
    _check_phone("emergency_contact_phone", values["emergency_contact_phone"])
    _check_user(session, "responsible", values["responsible"], "责任人")
