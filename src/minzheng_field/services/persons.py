"""People of the caseload: checking what was typed about a person, editing, recording a death."""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from enum import Enum
from typing import Any, TypeVar

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session

from minzheng_field.domain.calendar import china_today
from minzheng_field.domain.labelled_enum import LabelledStrEnum
from minzheng_field.domain.months import Month
from minzheng_field.domain.person_fields import (
    DisabilityCategory,
    DisabilityGrade,
    EmploymentStatus,
    Ethnicity,
    HealthStatus,
    LabourCapacity,
    MaritalStatus,
    PendingReason,
    Relationship,
    parse_ethnicity,
)
from minzheng_field.domain.programs import (
    HOUSEHOLD_PROGRAMS,
    ActiveEnrolment,
    DeathAction,
    EnrolmentStatus,
    Program,
    benefits_to_stop_on_death,
)
from minzheng_field.domain.resident_id import InvalidResidentId, Sex, parse_resident_id
from minzheng_field.services.context import Actor
from minzheng_field.services.errors import DuplicateResidentId, InvalidInput
from minzheng_field.services.recording import Change, record_update
from minzheng_field.services.visibility import check_can_open_household, check_can_open_person
from minzheng_field.store.models import DivisionRow, Enrolment, Household, Person

_EARLIEST_BIRTH_DATE = date(1850, 1, 1)
_NAME_MAX = 64
_ADDRESS_MAX = 200
_NOTES_MAX = 2000

# Characters that are never part of a name: controls, invisible format characters (zero-width
# spaces pasted from chat apps), lone surrogates, line and paragraph separators. Private-use
# characters stay allowed: older systems keep some rare name characters there.
_NOT_IN_NAMES = frozenset({"Cc", "Cf", "Cs", "Zl", "Zp"})
_DIGIT_IN_NAME = re.compile(r"[0-9０-９]")

_PHONE_TRANSLATION: dict[int, int | str] = {ord("０") + i: ord("0") + i for i in range(10)}
_PHONE_TRANSLATION.update(
    {
        ord("－"): "-",
        ord("—"): "-",
        ord("（"): "(",
        ord("）"): ")",
        ord("＋"): "+",
        ord("\u3000"): " ",
    }
)
_PHONE_TYPED = re.compile(r"\+?[0-9 ()\-]+")
_MOBILE = re.compile(r"1[3-9][0-9]{9}")
_PHONE_RULE = "联系电话应为1开头的11位手机号，或带区号的固定电话（如0735-1234567）。"

# Words people use on forms and in spreadsheets for 与户主关系, beside the standard labels.
_RELATION_ALIASES = {
    "户主": Relationship.SELF,
    "妻子": Relationship.SPOUSE,
    "丈夫": Relationship.SPOUSE,
    "妻": Relationship.SPOUSE,
    "夫": Relationship.SPOUSE,
    "儿子": Relationship.SON,
    "长子": Relationship.SON,
    "次子": Relationship.SON,
    "女儿": Relationship.DAUGHTER,
    "长女": Relationship.DAUGHTER,
    "次女": Relationship.DAUGHTER,
    "孙子": Relationship.GRANDCHILD,
    "孙女": Relationship.GRANDCHILD,
    "外孙子": Relationship.GRANDCHILD,
    "外孙女": Relationship.GRANDCHILD,
    "父亲": Relationship.PARENT,
    "母亲": Relationship.PARENT,
    "祖父": Relationship.GRANDPARENT,
    "祖母": Relationship.GRANDPARENT,
}

E = TypeVar("E", bound=LabelledStrEnum)


@dataclass(frozen=True)
class PersonInput:
    """A person as typed on a form or read from a spreadsheet, before any checking."""

    name: str
    resident_id: str | None = None
    # Required when there is no ID number: the person is then kept as 待核实.
    pending_reason: PendingReason | str | None = None
    sex: Sex | str | None = None
    # Taken from the ID number when there is one; if both are given they must agree.
    birth_date: date | None = None
    ethnicity: Ethnicity | str | None = None
    relation: Relationship | str | None = None
    marital_status: MaritalStatus | str | None = None
    health: HealthStatus | str | None = None
    disability_category: DisabilityCategory | str | None = None
    disability_grade: DisabilityGrade | int | str | None = None
    labour_capacity: LabourCapacity | str | None = None
    employment: EmploymentStatus | str | None = None
    phone: str | None = None
    hukou_address: str | None = None
    current_address: str | None = None
    notes: str | None = None


@dataclass(frozen=True)
class PersonValues:
    """A checked person: the values as stored in the person's columns."""

    name: str
    resident_id: str | None
    pending_verification: bool
    pending_reason: str | None
    sex: str | None
    birth_date: date | None
    ethnicity: str | None
    relation: str | None
    marital_status: str | None
    health: str | None
    disability_category: str | None
    disability_grade: int | None
    labour_capacity: str | None
    employment: str | None
    phone: str | None
    hukou_address: str | None
    current_address: str | None
    notes: str | None

    def columns(self) -> dict[str, Any]:
        """The values by column name of `Person`."""
        return dataclasses.asdict(self)


@dataclass(frozen=True)
class MemberChange:
    """A person added or edited: the person, their household, and every write made."""

    person_id: str
    household_id: str | None
    changes: tuple[Change, ...]


@dataclass(frozen=True)
class BenefitOnDeath:
    """One enrolment of a deceased person and what must be done about it (not done yet)."""

    enrolment_id: str
    program: Program
    action: DeathAction
    # The first month no longer paid (停发), for benefits that stop.
    stop_from: Month | None
    # The date by which a household benefit must be reviewed (复核).
    review_by: date | None
    explanation: str


@dataclass(frozen=True)
class DeathResult:
    """A recorded death and the benefits the user must now stop or review, one by one."""

    person_id: str
    household_id: str | None
    deceased_on: date
    # The household needs a new head (户主) once the death is recorded.
    was_head_of_household: bool
    benefits: tuple[BenefitOnDeath, ...]
    changes: tuple[Change, ...]


def validate_person(person: PersonInput, *, today: date | None = None) -> PersonValues:
    """Check and normalise a typed person; raise InvalidInput naming the first wrong field."""
    today = today if today is not None else china_today()
    name = clean_name(person.name)

    resident_id: str | None = None
    birth_date = _optional_date(person.birth_date, "birth_date", "出生日期")
    sex = _sex(person.sex)
    number_text = person.resident_id.strip() if person.resident_id is not None else ""
    if number_text:
        try:
            parsed = parse_resident_id(number_text, today=today)
        except InvalidResidentId as error:
            raise InvalidInput("resident_id", error.message) from None
        resident_id = parsed.number
        if birth_date is not None and birth_date != parsed.birth_date:
            raise InvalidInput(
                "birth_date", "出生日期与身份证号中的出生日期不一致，请对照证件核对其中一项。"
            )
        if sex is not None and sex != parsed.sex.value:
            raise InvalidInput("sex", "性别与身份证号不一致（第17位单数为男、双数为女），请核对。")
        birth_date, sex = parsed.birth_date, parsed.sex.value
        pending_reason = None
    else:
        pending_reason = _choice(
            PendingReason, person.pending_reason, "pending_reason", "待核实原因"
        )
        if pending_reason is None:
            raise InvalidInput(
                "pending_reason",
                "没有身份证号的人员会登记为“待核实”，请选择原因（如未落户婴儿、旧档案无号码）。",
            )
        if birth_date is not None and birth_date > today:
            raise InvalidInput("birth_date", "出生日期不能晚于今天。")
        if birth_date is not None and birth_date < _EARLIEST_BIRTH_DATE:
            raise InvalidInput("birth_date", "出生日期早于1850年，请核对。")

    category = _choice(
        DisabilityCategory, person.disability_category, "disability_category", "残疾类别"
    )
    grade = _disability_grade(person.disability_grade)
    if grade is not None and category is None:
        raise InvalidInput("disability_grade", "填写残疾等级前请先选择残疾类别。")

    return PersonValues(
        name=name,
        resident_id=resident_id,
        pending_verification=resident_id is None,
        pending_reason=pending_reason,
        sex=sex,
        birth_date=birth_date,
        ethnicity=_ethnicity(person.ethnicity),
        relation=_choice(
            Relationship, person.relation, "relation", "与户主关系", _RELATION_ALIASES
        ),
        marital_status=_choice(MaritalStatus, person.marital_status, "marital_status", "婚姻状况"),
        health=_choice(HealthStatus, person.health, "health", "健康状况"),
        disability_category=category,
        disability_grade=grade,
        labour_capacity=_choice(
            LabourCapacity, person.labour_capacity, "labour_capacity", "劳动能力"
        ),
        employment=_choice(EmploymentStatus, person.employment, "employment", "从业状况"),
        phone=normalise_phone(person.phone),
        hukou_address=clean_text(person.hukou_address, "hukou_address", "户籍地", _ADDRESS_MAX),
        current_address=clean_text(
            person.current_address, "current_address", "现住址", _ADDRESS_MAX
        ),
        notes=clean_text(person.notes, "notes", "备注", _NOTES_MAX),
    )


def parse_relation(value: Relationship | str | None) -> Relationship | None:
    """The 与户主关系 for a member, a stored value, a label or a common word (户主, 儿子)."""
    found = _choice(Relationship, value, "relation", "与户主关系", _RELATION_ALIASES)
    return None if found is None else Relationship(found)


def clean_name(typed: str | None, field: str = "name") -> str:
    """A name as typed without surrounding spaces; never otherwise changed (rare characters)."""
    # No Unicode normalisation: NFKC would turn a compatibility ideograph into a different
    # character, and the name would no longer match the person's documents.
    name = typed.strip() if isinstance(typed, str) else ""
    if not name:
        raise InvalidInput(field, "请填写姓名。")
    if len(name) > _NAME_MAX:
        raise InvalidInput(field, f"姓名最多{_NAME_MAX}个字，请核对。")
    if _DIGIT_IN_NAME.search(name):
        raise InvalidInput(field, "姓名里不能有数字，请核对是否填错了栏目。")
    for char in name:
        if char.isspace():
            raise InvalidInput(field, "姓名中间有空格，请删除；少数民族姓名中的间隔请用“·”。")
        if unicodedata.category(char) in _NOT_IN_NAMES:
            raise InvalidInput(field, "姓名里有看不见的字符（常见于复制粘贴），请删除后重新输入。")
    return name


def clean_text(value: str | None, field: str, label: str, longest: int) -> str | None:
    """Free text without surrounding spaces; empty is None; refused when too long."""
    if value is None:
        return None
    if not isinstance(value, str):
        raise InvalidInput(field, f"{label}应为文字。")
    text = value.strip()
    if len(text) > longest:
        raise InvalidInput(field, f"{label}最多{longest}个字，请精简。")
    return text or None


def normalise_phone(typed: str | None, field: str = "phone") -> str | None:
    """A mobile as 11 digits or a landline as `0735-1234567`; None when empty."""
    if typed is None:
        return None
    text = typed.translate(_PHONE_TRANSLATION).strip()
    if not text:
        return None
    # Messages never repeat the number: errors end up in logs.
    if not _PHONE_TYPED.fullmatch(text):
        raise InvalidInput(field, "联系电话只能有数字，可以用空格或“-”分隔。")
    digits = re.sub(r"[^0-9]", "", text)
    if text.startswith("+") or digits.startswith("00"):
        without_prefix = digits.removeprefix("00")
        if not without_prefix.startswith("86"):
            raise InvalidInput(field, "只能登记中国大陆的电话号码。")
        national = without_prefix.removeprefix("86")
        if national and not national.startswith(("0", "1")):
            national = "0" + national  # the trunk 0 is dropped after the country code
    elif len(digits) == 13 and digits.startswith("861"):
        national = digits[2:]
    else:
        national = digits
    if _MOBILE.fullmatch(national):
        return national
    if len(national) > 3 and national[0] == "0" and national[1] != "0":
        # 010 and 02x are the only 3-digit area codes; all others have 4 digits.
        area = national[:3] if national[1] in "12" else national[:4]
        local = national[len(area) :]
        if len(local) in (7, 8) and local[0] != "0":
            return f"{area}-{local}"
    raise InvalidInput(field, _PHONE_RULE)


def ensure_resident_id_free(
    session: Session, actor: Actor, resident_id: str | None, *, exclude_person_id: str | None = None
) -> None:
    """Raise DuplicateResidentId, saying where, if a live person already has this number."""
    if resident_id is None:
        return
    query = select(Person).where(Person.resident_id == resident_id, Person.deleted.is_(False))
    if exclude_person_id is not None:
        query = query.where(Person.id != exclude_person_id)
    other = session.scalars(query.order_by(Person.id).limit(1)).first()
    if other is None:
        return
    raise DuplicateResidentId(other.id, other.household_id, _where(session, actor, other))


def household_for_change(session: Session, actor: Actor, household_id: str) -> Household:
    """The live household, if this actor may change it (for use by the services)."""
    # One policy for reading and changing: the actor's villages, and no declared relative.
    check_can_open_household(session, actor, household_id)
    household = session.get(Household, household_id)
    assert household is not None
    return household


def person_for_change(session: Session, actor: Actor, person_id: str) -> Person:
    """The live person, if this actor may change them (for use by the services)."""
    check_can_open_person(session, actor, person_id)
    person = session.get(Person, person_id)
    assert person is not None
    return person


def current_enrolments(
    session: Session, person_id: str, household_id: str | None
) -> list[Enrolment]:
    """The person's own current enrolments and their household's 低保/低保边缘."""
    mine = Enrolment.person_id == person_id
    if household_id is not None:
        household_programs = and_(
            Enrolment.household_id == household_id,
            Enrolment.person_id.is_(None),
            Enrolment.program.in_([program.value for program in HOUSEHOLD_PROGRAMS]),
        )
        mine = or_(mine, household_programs)
    # A suspended benefit counts: lifting the suspension would otherwise pay the dead.
    rows = session.scalars(
        select(Enrolment).where(
            mine,
            Enrolment.deleted.is_(False),
            Enrolment.status.in_([status.value for status in EnrolmentStatus if status.is_current]),
        )
    ).all()
    order = {program.value: index for index, program in enumerate(Program)}
    return sorted(rows, key=lambda row: (order.get(row.program, len(order)), row.id))


def edit_member(session: Session, actor: Actor, person_id: str, **fields: Any) -> MemberChange:
    """Change a person's fields (PersonInput names); re-checked as a whole before writing."""
    unknown = set(fields) - {f.name for f in dataclasses.fields(PersonInput)}
    if unknown:
        raise TypeError(f"edit_member: not a person field: {sorted(unknown)}")
    person = person_for_change(session, actor, person_id)
    current = _input_from_row(person)
    new_number = fields.get("resident_id")
    if isinstance(new_number, str) and new_number.strip():
        # A new number brings its own birth date and sex unless they were typed as well.
        current = dataclasses.replace(current, birth_date=None, sex=None)
    values = validate_person(dataclasses.replace(current, **fields))

    household = session.get(Household, person.household_id) if person.household_id else None
    is_head = household is not None and household.head_person_id == person.id
    if values.relation != person.relation:
        self_value = Relationship.SELF.value
        if is_head and values.relation != self_value:
            raise InvalidInput(
                "relation", "户主的与户主关系只能是“本人”；要换户主，请用“更换户主”。"
            )
        if not is_head and values.relation == self_value:
            raise InvalidInput("relation", "这户已有户主；要让此人当户主，请用“更换户主”。")
    if values.resident_id != person.resident_id:
        ensure_resident_id_free(session, actor, values.resident_id, exclude_person_id=person.id)

    change = record_update(session, actor, person, values.columns())
    return MemberChange(person.id, person.household_id, (change,) if change else ())


def mark_deceased(
    session: Session,
    actor: Actor,
    person_id: str,
    deceased_on: date,
    *,
    reason: str | None = None,
) -> DeathResult:
    """Record a death and list the benefits to stop or review; stops none of them itself."""
    person = person_for_change(session, actor, person_id)
    if not isinstance(deceased_on, date) or isinstance(deceased_on, datetime):
        raise InvalidInput("deceased_on", "请填写去世日期。")
    if deceased_on > china_today():
        raise InvalidInput("deceased_on", "去世日期不能晚于今天。")
    if person.birth_date is not None and deceased_on < person.birth_date:
        raise InvalidInput("deceased_on", "去世日期早于出生日期，请核对。")
    clean_reason = clean_text(reason, "reason", "说明", _NOTES_MAX)

    household = session.get(Household, person.household_id) if person.household_id else None
    enrolments = current_enrolments(session, person.id, person.household_id)
    living_others = _living_other_members(session, person)
    consequences = benefits_to_stop_on_death(
        deceased_on,
        [
            ActiveEnrolment(Program(row.program), _other_covered(row, living_others))
            for row in enrolments
        ],
    )
    benefits = tuple(
        BenefitOnDeath(
            enrolment_id=row.id,
            program=consequence.program,
            action=consequence.action,
            stop_from=consequence.stop_from,
            review_by=consequence.review_by,
            explanation=consequence.explanation,
        )
        for row, consequence in zip(enrolments, consequences, strict=True)
    )
    change = record_update(
        session, actor, person, {"deceased_on": deceased_on}, reason=clean_reason
    )
    return DeathResult(
        person_id=person.id,
        household_id=person.household_id,
        deceased_on=deceased_on,
        was_head_of_household=household is not None and household.head_person_id == person.id,
        benefits=benefits,
        changes=(change,) if change else (),
    )


def _living_other_members(session: Session, person: Person) -> int:
    if person.household_id is None:
        return 0
    return len(
        session.scalars(
            select(Person.id).where(
                Person.household_id == person.household_id,
                Person.id != person.id,
                Person.deleted.is_(False),
                Person.deceased_on.is_(None),
            )
        ).all()
    )


def _other_covered(enrolment: Enrolment, living_others: int) -> int:
    if enrolment.person_id is not None:
        return 0
    if enrolment.covered_members is None:
        return living_others
    # The recorded 保障人口 includes the deceased; nobody else dead can still be covered.
    return max(0, min(enrolment.covered_members - 1, living_others))


def _where(session: Session, actor: Actor, person: Person) -> str:
    """Where a record is, in words a worker understands: 坦泉村 曾德胜户."""
    if person.household_id is None:
        return "一条未归户的人员记录"
    household = session.get(Household, person.household_id)
    if household is None:
        return "一条未归户的人员记录"
    division = session.get(DivisionRow, household.village_code)
    village = division.name if division is not None else "本乡镇"
    if not actor.may_see_village(household.village_code):
        # A cadre learns only that the record exists, not whose household it is.
        return f"{village}的一户（不在您负责的村）"
    head = session.get(Person, household.head_person_id) if household.head_person_id else None
    if head is None or head.deleted:
        return f"{village}的一户（户主未登记）"
    return f"{village} {head.name}户"


def _input_from_row(person: Person) -> PersonInput:
    return PersonInput(
        name=person.name,
        resident_id=person.resident_id,
        pending_reason=person.pending_reason,
        sex=person.sex,
        birth_date=person.birth_date,
        ethnicity=person.ethnicity,
        relation=person.relation,
        marital_status=person.marital_status,
        health=person.health,
        disability_category=person.disability_category,
        disability_grade=person.disability_grade,
        labour_capacity=person.labour_capacity,
        employment=person.employment,
        phone=person.phone,
        hukou_address=person.hukou_address,
        current_address=person.current_address,
        notes=person.notes,
    )


def _choice(
    enum: type[E],
    value: Enum | str | None,
    field: str,
    label: str,
    aliases: Mapping[str, E] | None = None,
) -> str | None:
    if value is None:
        return None
    if isinstance(value, enum):
        return value.value
    if isinstance(value, str):
        text = value.strip()
        if not text:
            return None
        for find in (enum, enum.from_label):
            try:
                return find(text).value
            except ValueError:
                pass
        if aliases and text in aliases:
            return aliases[text].value
    # The typed text is not repeated: a phone or ID number may have gone into the wrong box.
    raise InvalidInput(field, f"{label}不在可选范围内，请从列表中选择。")


def _ethnicity(value: Ethnicity | str | None) -> str | None:
    if value is None:
        return None
    if isinstance(value, Ethnicity):
        return value.value
    if isinstance(value, str):
        if not value.strip():
            return None
        found = parse_ethnicity(value)
        if found is not None:
            return found.value
    raise InvalidInput("ethnicity", "民族不在可选范围内，请从列表中选择。")


def _sex(value: Sex | str | None) -> str | None:
    if value is None:
        return None
    text = value.strip() if isinstance(value, str) else ""
    if not text:
        if isinstance(value, str):
            return None
        raise InvalidInput("sex", "性别只能是“男”或“女”。")
    try:
        return Sex(text).value
    except ValueError:
        raise InvalidInput("sex", "性别只能是“男”或“女”。") from None


def _disability_grade(value: DisabilityGrade | int | str | None) -> int | None:
    if value is None:
        return None
    if isinstance(value, DisabilityGrade):
        return int(value.value)
    if isinstance(value, int) and not isinstance(value, bool):
        grade: int | None = value
    elif isinstance(value, str):
        text = value.strip()
        if not text:
            return None
        try:
            grade = int(DisabilityGrade.from_label(text).value)
        except ValueError:
            grade = int(text) if text.isascii() and text.isdigit() else None
    else:
        grade = None
    if grade is None or not 1 <= grade <= len(DisabilityGrade):
        raise InvalidInput("disability_grade", "残疾等级只能是一级到四级。")
    return grade


def _optional_date(value: date | None, field: str, label: str) -> date | None:
    if value is None:
        return None
    if not isinstance(value, date) or isinstance(value, datetime):
        raise InvalidInput(field, f"{label}格式不对，请重新选择日期。")
    return value
