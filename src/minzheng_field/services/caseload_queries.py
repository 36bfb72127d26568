"""What the caseload browser shows: search pages with programs and marks, fixed lists, villages.

The browser asks for one page of rows at a time. A page of a search is the search service's
page (scoped to the actor) with, per person, the programs they are in and whether they have
died. A fixed list (a workbench count clicked) is a set of person ids, narrowed to what the
actor may see, in the same row form.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import ColumnElement, and_, exists, or_, select
from sqlalchemy.orm import Session

from minzheng_field.domain.age import age_on
from minzheng_field.domain.masking import mask_resident_id
from minzheng_field.domain.programs import EnrolmentStatus, Program
from minzheng_field.services.context import Actor, township_code
from minzheng_field.services.search import scoped_query, search
from minzheng_field.store.models import (
    ChildFile,
    DivisionRow,
    ElderFile,
    Enrolment,
    Person,
    PersonSearch,
)
from minzheng_field.store.queries.person_search import (
    CURRENT_STATUSES,
    HIGH_RISK,
    MAX_LIMIT,
    PersonHit,
    PersonQuery,
    PersonSort,
    RiskFlag,
    TextKind,
    china_today,
)

# When a person has several enrolments of one program, the row names the most telling:
# current before applied before ended. Ended ones are named too, so that a program filter
# (which matches any enrolment) never shows a row without the program it matched.
_STATUS_RANK = {
    status: rank
    for rank, status in enumerate(
        (
            EnrolmentStatus.APPROVED,
            EnrolmentStatus.SUSPENDED,
            EnrolmentStatus.APPLIED,
            EnrolmentStatus.STOPPED,
            EnrolmentStatus.REFUSED,
        )
    )
}


@dataclass(frozen=True)
class ProgramMark:
    """A program a person is in (their own, or their household's), and its status."""

    program: Program
    status: EnrolmentStatus


@dataclass(frozen=True)
class CaseloadRow:
    """One row of the caseload browser: the search hit and what the table adds to it."""

    hit: PersonHit
    village_name: str | None
    programs: tuple[ProgramMark, ...]
    deceased: bool


@dataclass(frozen=True)
class CaseloadRows:
    """One page of rows and how many there are in all."""

    rows: tuple[CaseloadRow, ...]
    total: int
    offset: int
    text_kind: TextKind


@dataclass(frozen=True)
class VillageChoice:
    """A village the browser may filter by."""

    code: str
    name: str


def caseload_rows(session: Session, actor: Actor, query: PersonQuery) -> CaseloadRows:
    """One page of a person search within the actor's scope, with programs and deaths."""
    page = search(session, actor, query)
    return CaseloadRows(_rows(session, page.hits), page.total, page.offset, page.text_kind)


def listed_rows(
    session: Session,
    actor: Actor,
    person_ids: Collection[str],
    *,
    sort: PersonSort = PersonSort.NAME,
    descending: bool = False,
    offset: int = 0,
    limit: int = 50,
    today: date | None = None,
) -> CaseloadRows:
    """One page of a fixed list of persons, leaving out those the actor may not see."""
    if not 1 <= limit <= MAX_LIMIT or offset < 0:
        raise ValueError("listed_rows: limit must be 1–500 and offset not negative")
    day = today or china_today()
    scope = scoped_query(session, actor, PersonQuery())
    wanted = sorted(set(person_ids) - scope.exclude_person_ids)
    if not wanted or scope.village_codes == frozenset():
        return CaseloadRows((), 0, offset, TextKind.NONE)
    index = PersonSearch
    conditions: list[ColumnElement[bool]] = [index.person_id.in_(wanted)]
    if scope.village_codes is not None:
        conditions.append(index.village_code.in_(sorted(scope.village_codes)))
    if scope.exclude_household_ids:
        conditions.append(
            or_(
                index.household_id.is_(None),
                index.household_id.not_in(sorted(scope.exclude_household_ids)),
            )
        )
    ordered = (
        select(index.person_id)
        .join(Person, Person.id == index.person_id)
        .where(*conditions)
        .order_by(*_list_order(sort, descending))
    )
    ids = list(session.scalars(ordered))
    page_ids = ids[offset : offset + limit]
    return CaseloadRows(
        _rows(session, _hits_for(session, page_ids, day)), len(ids), offset, TextKind.NONE
    )


def caseload_villages(session: Session, actor: Actor) -> tuple[VillageChoice, ...]:
    """The township's current villages, or a cadre's own, in code order."""
    statement = (
        select(DivisionRow.code, DivisionRow.name)
        .where(
            DivisionRow.parent_code == township_code(session),
            DivisionRow.level == "village",
            DivisionRow.retired_since.is_(None),
        )
        .order_by(DivisionRow.code)
    )
    if not actor.sees_whole_township:
        statement = statement.where(DivisionRow.code.in_(sorted(actor.villages)))
    return tuple(VillageChoice(code, name) for code, name in session.execute(statement))


def _list_order(sort: PersonSort, descending: bool) -> list[ColumnElement[object]]:
    def direction(column: ColumnElement[object]) -> ColumnElement[object]:
        return column.desc() if descending else column.asc()

    by_name = [direction(PersonSearch.pinyin), direction(PersonSearch.name), PersonSearch.person_id]
    if sort is PersonSort.VILLAGE:
        return [
            PersonSearch.village_code.is_(None),
            direction(PersonSearch.village_code),
            *by_name,
        ]
    if sort is PersonSort.AGE:
        born = Person.birth_date.asc() if descending else Person.birth_date.desc()
        return [Person.birth_date.is_(None), born, *by_name]
    return by_name


def _hits_for(session: Session, person_ids: Sequence[str], today: date) -> list[PersonHit]:
    """Search hits for persons given by id, in that order (the list's own rows)."""
    if not person_ids:
        return []
    current = and_(Enrolment.deleted.is_(False), Enrolment.status.in_(CURRENT_STATUSES))
    with_benefit = or_(
        exists().where(current, Enrolment.person_id == Person.id),
        exists().where(
            current, Enrolment.person_id.is_(None), Enrolment.household_id == Person.household_id
        ),
    )
    rows = session.execute(
        select(
            Person.id,
            Person.household_id,
            Person.name,
            Person.sex,
            Person.birth_date,
            Person.relation,
            Person.resident_id,
            PersonSearch.village_code,
            Person.pending_verification,
            and_(Person.deceased_on.is_not(None), Person.deceased_on <= today, with_benefit),
            exists().where(
                ChildFile.person_id == Person.id,
                ChildFile.risk_level == HIGH_RISK,
                ChildFile.deleted.is_(False),
            ),
            exists().where(
                ElderFile.person_id == Person.id,
                ElderFile.risk_tier == HIGH_RISK,
                ElderFile.deleted.is_(False),
            ),
        )
        .join(PersonSearch, PersonSearch.person_id == Person.id)
        .where(Person.id.in_(person_ids))
    ).all()
    by_id = {row[0]: row for row in rows}
    hits = []
    for person_id in person_ids:
        row = by_id.get(person_id)
        if row is None:
            continue
        _, household_id, name, sex, birth, relation, resident_id, village = row[:8]
        marks = zip(
            (
                RiskFlag.PENDING_VERIFICATION,
                RiskFlag.DECEASED_WITH_BENEFIT,
                RiskFlag.CHILD_HIGH_RISK,
                RiskFlag.ELDER_HIGH_RISK,
            ),
            row[8:],
            strict=True,
        )
        hits.append(
            PersonHit(
                person_id=person_id,
                household_id=household_id,
                name=name,
                sex=sex,
                birth_date=birth,
                age=age_on(birth, today) if birth is not None and birth <= today else None,
                village_code=village,
                masked_resident_id=mask_resident_id(resident_id) if resident_id else None,
                relation=relation,
                flags=frozenset(flag for flag, marked in marks if marked),
            )
        )
    return hits


def _rows(session: Session, hits: Iterable[PersonHit]) -> tuple[CaseloadRow, ...]:
    hits = list(hits)
    if not hits:
        return ()
    person_ids = sorted({hit.person_id for hit in hits})
    household_ids = sorted({hit.household_id for hit in hits if hit.household_id})
    deceased = set(
        session.scalars(
            select(Person.id).where(Person.id.in_(person_ids), Person.deceased_on.is_not(None))
        )
    )
    names: dict[str, str] = {
        code: name
        for code, name in session.execute(
            select(DivisionRow.code, DivisionRow.name).where(DivisionRow.level == "village")
        )
    }
    own: dict[str, list[ProgramMark]] = {}
    of_household: dict[str, list[ProgramMark]] = {}
    shown = (Enrolment.deleted.is_(False),)
    columns = (Enrolment.person_id, Enrolment.household_id, Enrolment.program, Enrolment.status)
    # Two look-ups, each on its own column's index; an OR of the two would read every row.
    enrolments = [
        *session.execute(select(*columns).where(*shown, Enrolment.person_id.in_(person_ids))),
        *session.execute(
            select(*columns).where(
                *shown, Enrolment.person_id.is_(None), Enrolment.household_id.in_(household_ids)
            )
        ),
    ]
    for person_id, household_id, program, status in enrolments:
        mark = ProgramMark(Program(program), EnrolmentStatus(status))
        if person_id is None:
            of_household.setdefault(household_id, []).append(mark)
        else:
            own.setdefault(person_id, []).append(mark)
    rows = []
    for hit in hits:
        marks = [*of_household.get(hit.household_id or "", ()), *own.get(hit.person_id, ())]
        rows.append(
            CaseloadRow(
                hit=hit,
                village_name=names.get(hit.village_code) if hit.village_code else None,
                programs=_distinct(marks),
                deceased=hit.person_id in deceased,
            )
        )
    return tuple(rows)


def _distinct(marks: Iterable[ProgramMark]) -> tuple[ProgramMark, ...]:
    """One mark per program, its most telling status, in program order."""
    best: dict[Program, ProgramMark] = {}
    for mark in marks:
        held = best.get(mark.program)
        if held is None or _STATUS_RANK[mark.status] < _STATUS_RANK[held.status]:
            best[mark.program] = mark
    order = list(Program)
    return tuple(sorted(best.values(), key=lambda mark: order.index(mark.program)))
