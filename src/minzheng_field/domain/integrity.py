"""Integrity checks (清廉民政): 死亡保, duplicates, 错保, age-outs and overdue reviews.

Each check takes plain records and returns flags with a Chinese explanation for the
workbench. A flag never names the person or shows an ID number: the workbench shows the
record next to it, masked as the user's role requires.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import TypeAlias

from minzheng_field.domain.age import age_on, turned_age_on
from minzheng_field.domain.labelled_enum import LabelledStrEnum
from minzheng_field.domain.months import Month, date_label
from minzheng_field.domain.programs import EnrolmentStatus, Program, conflicting_programs

RecordId: TypeAlias = int | str

LEFT_BEHIND_CHILD_AGE_LIMIT = 16


class FlagKind(LabelledStrEnum):
    """What an integrity flag is about."""

    DECEASED_WITH_ACTIVE_BENEFIT = "deceased_with_active_benefit", "死亡后仍在保"
    DUPLICATE_RESIDENT_ID = "duplicate_resident_id", "身份证号重复"
    CONFLICTING_PROGRAMS = "conflicting_programs", "重复享受"
    LEFT_BEHIND_CHILD_OVER_AGE = "left_behind_child_over_age", "留守儿童已超龄"
    REVIEW_OVERDUE = "review_overdue", "复核逾期"


@dataclass(frozen=True)
class IntegrityFlag:
    """One finding to verify, with the records it concerns."""

    kind: FlagKind
    message: str
    person_ids: tuple[RecordId, ...] = ()
    household_ids: tuple[RecordId, ...] = ()


@dataclass(frozen=True)
class EnrolmentRecord:
    """A person's enrolment (for household programs: as a covered member of the household)."""

    person_id: RecordId
    program: Program
    status: EnrolmentStatus
    household_id: RecordId | None = None


@dataclass(frozen=True)
class PersonRecord:
    """A person as listed in a household; `resident_id` is None while 待核实."""

    person_id: RecordId
    household_id: RecordId
    resident_id: str | None


@dataclass(frozen=True)
class ChildRecord:
    """A child on the 留守儿童 roster."""

    person_id: RecordId
    birth_date: date


@dataclass(frozen=True)
class ReviewRecord:
    """When an enrolment (household or person) is next due for review."""

    program: Program
    next_review: date
    person_id: RecordId | None = None
    household_id: RecordId | None = None


def deceased_with_active_benefit(
    death_dates: Mapping[RecordId, date], enrolments: Iterable[EnrolmentRecord], day: date
) -> list[IntegrityFlag]:
    """Current enrolments of people who died on or before `day` (死亡保)."""
    flags = []
    for enrolment in enrolments:
        death = death_dates.get(enrolment.person_id)
        if death is None or death > day or not EnrolmentStatus(enrolment.status).is_current:
            continue
        program = Program(enrolment.program)
        stop_from = Month.from_date(death).next()
        if program.is_per_household:
            action = "请复核家庭保障人口和金额"
        else:
            action = f"应从{stop_from.label}起停发"
        flags.append(
            IntegrityFlag(
                FlagKind.DECEASED_WITH_ACTIVE_BENEFIT,
                f"已于{date_label(death)}去世，{program.label}仍为“"
                f"{EnrolmentStatus(enrolment.status).label}”，{action}。",
                (enrolment.person_id,),
                _ids(enrolment.household_id),
            )
        )
    return flags


def duplicate_resident_ids(people: Iterable[PersonRecord]) -> list[IntegrityFlag]:
    """ID numbers that appear in more than one household."""
    by_number: dict[str, list[PersonRecord]] = {}
    for person in people:
        if person.resident_id:
            by_number.setdefault(person.resident_id.strip().upper(), []).append(person)
    flags = []
    for holders in by_number.values():
        households = tuple(dict.fromkeys(person.household_id for person in holders))
        if len(households) < 2:
            continue
        flags.append(
            IntegrityFlag(
                FlagKind.DUPLICATE_RESIDENT_ID,
                f"同一身份证号出现在{len(households)}个家庭中，请核实是否重复登记。",
                tuple(dict.fromkeys(person.person_id for person in holders)),
                households,
            )
        )
    return flags


def conflicting_enrolments(
    enrolments: Iterable[EnrolmentRecord],
    *,
    extra_pairs: Iterable[tuple[Program, Program]] = (),
) -> list[IntegrityFlag]:
    """People currently enrolled in two programs that may not be held together."""
    extra = tuple(extra_pairs)
    by_person: dict[RecordId, list[EnrolmentRecord]] = {}
    for enrolment in enrolments:
        if EnrolmentStatus(enrolment.status).is_current:
            by_person.setdefault(enrolment.person_id, []).append(enrolment)
    flags = []
    for person_id, held in by_person.items():
        for first, second in conflicting_programs(
            (enrolment.program for enrolment in held), extra_pairs=extra
        ):
            households = tuple(
                dict.fromkeys(
                    enrolment.household_id
                    for enrolment in held
                    if enrolment.household_id is not None and enrolment.program in (first, second)
                )
            )
            flags.append(
                IntegrityFlag(
                    FlagKind.CONFLICTING_PROGRAMS,
                    f"同一人同时享受{first.label}和{second.label}，不能重复享受，请核实后停止其中一项。",
                    (person_id,),
                    households,
                )
            )
    return flags


def left_behind_children_over_age(
    children: Iterable[ChildRecord], day: date, *, age_limit: int = LEFT_BEHIND_CHILD_AGE_LIMIT
) -> list[IntegrityFlag]:
    """Children on the 留守儿童 roster who have reached `age_limit` (16) by `day`."""
    flags = []
    for child in children:
        if child.birth_date > day or age_on(child.birth_date, day) < age_limit:
            continue
        reached = turned_age_on(child.birth_date, age_limit)
        flags.append(
            IntegrityFlag(
                FlagKind.LEFT_BEHIND_CHILD_OVER_AGE,
                f"已于{date_label(reached)}年满{age_limit}周岁，不再属于农村留守儿童，"
                "请移出名册并做好衔接。",
                (child.person_id,),
            )
        )
    return flags


def overdue_reviews(reviews: Iterable[ReviewRecord], day: date) -> list[IntegrityFlag]:
    """Reviews whose due date is before `day`."""
    flags = []
    for review in reviews:
        if review.next_review >= day:
            continue
        late = (day - review.next_review).days
        flags.append(
            IntegrityFlag(
                FlagKind.REVIEW_OVERDUE,
                f"{Program(review.program).label}复核应于{date_label(review.next_review)}"
                f"完成，已逾期{late}天。",
                _ids(review.person_id),
                _ids(review.household_id),
            )
        )
    return flags


def _ids(record_id: RecordId | None) -> tuple[RecordId, ...]:
    return () if record_id is None else (record_id,)
