"""What the caseload browser shows: search pages with programs and marks, fixed lists, villages.

The browser reads the first rows of a search (or a fixed list: a workbench count clicked)
with their count, and the index rowids of the whole result in order; any other row it
reads by rowid when it is shown. A row is the search hit with, per person, the programs
they are in, whether they have died, and their village's name, all read in one statement.
Everything is narrowed to what the actor may see, again at each read by rowid.
"""

from __future__ import annotations

import functools
from array import array
from collections.abc import Collection, Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, and_, func, select
from sqlalchemy.orm import Session

from minzheng_field.domain.programs import EnrolmentStatus, Program
from minzheng_field.services.context import Actor, township_code
from minzheng_field.services.search import scoped_query
from minzheng_field.store.models import DivisionRow, Enrolment, Person
from minzheng_field.store.queries.person_search import (
    HIT_COLUMNS,
    MAX_LIMIT,
    SEARCH_INDEX,
    PersonHit,
    PersonQuery,
    PersonSort,
    TextKind,
    by_rowid,
    china_today,
    fetch_rowids,
    hit_columns,
    hit_from,
    interpret_text,
    ordered_rowids,
    rowids_come_cheap,
    scope_conditions,
    search_rowids,
)

_PERSONS = Person.__table__
_ENROLMENTS = Enrolment.__table__
_DIVISIONS = DivisionRow.__table__
_PROGRAM_ORDER = {program: rank for rank, program in enumerate(Program)}
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
    # The index rowids of the whole result in order, when the read had them anyway.
    rowids: array[int] | None = None


@dataclass(frozen=True)
class VillageChoice:
    """A village the browser may filter by."""

    code: str
    name: str


def caseload_rows(
    session: Session, actor: Actor, query: PersonQuery, *, with_rowids: bool | None = False
) -> CaseloadRows:
    """One page of a person search within the actor's scope, with programs and deaths.

    `with_rowids`: find every match's rowid in order and take the page from them; the result
    carries them all. None: do so when that costs about what counting the matches does.
    """
    scope = _scope(session, actor, query)
    if with_rowids is None:
        with_rowids = rowids_come_cheap(session, scope)
    if not with_rowids:
        page = search_rowids(session, scope)
        rows = _rows_by_rowid(session, scope, page.rowids)
        return CaseloadRows(
            tuple(row for row in rows if row is not None), page.total, query.offset, page.kind
        )
    rowids = ordered_rowids(session, scope)
    rows = _rows_by_rowid(session, scope, rowids[query.offset : query.offset + query.limit])
    return CaseloadRows(
        tuple(row for row in rows if row is not None),
        len(rowids),
        query.offset,
        interpret_text(query.text).kind,
        rowids,
    )


def caseload_rowids(session: Session, actor: Actor, query: PersonQuery) -> array[int]:
    """The index rowids of the whole search within the actor's scope, in its order."""
    return ordered_rowids(session, _scope(session, actor, query))


def caseload_rows_by_rowid(
    session: Session, actor: Actor, rowids: Sequence[int], *, today: date | None = None
) -> tuple[CaseloadRow | None, ...]:
    """The rows of these index rowids, in their order; None where one is gone or not visible.

    The rowids come from `caseload_rowids` or `listed_rowids`; the actor's scope is applied
    again, so a row that left it since (or any rowid at all) shows nothing it should not.
    """
    return _rows_by_rowid(session, _scope(session, actor, PersonQuery(today=today)), rowids)


def listed_rowids(
    session: Session,
    actor: Actor,
    person_ids: Collection[str],
    *,
    sort: PersonSort = PersonSort.NAME,
    descending: bool = False,
) -> array[int]:
    """The index rowids of a fixed list of persons the actor may see, in the order asked."""
    scope = _scope(session, actor, PersonQuery())
    wanted = sorted(set(person_ids) - scope.exclude_person_ids)
    if not wanted or scope.village_codes == frozenset():
        return array("q")
    index = SEARCH_INDEX.c
    ordered = (
        select(index.rowid)
        .select_from(SEARCH_INDEX)
        .join(_PERSONS, _PERSONS.c.id == index.person_id)
        .where(index.person_id.in_(wanted), *scope_conditions(scope))
        .order_by(*_list_order(sort, descending))
    )
    return fetch_rowids(session, ordered)


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
    rowids = listed_rowids(session, actor, person_ids, sort=sort, descending=descending)
    scope = _scope(session, actor, PersonQuery(today=today))
    rows = _rows_by_rowid(session, scope, rowids[offset : offset + limit])
    return CaseloadRows(
        tuple(row for row in rows if row is not None),
        len(rowids),
        offset,
        TextKind.NONE,
        rowids,
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


def _scope(session: Session, actor: Actor, query: PersonQuery) -> PersonQuery:
    """The query within the actor's scope, with its day fixed."""
    return replace(scoped_query(session, actor, query), today=query.today or china_today())


def _list_order(sort: PersonSort, descending: bool) -> list[ColumnElement[Any]]:
    index = SEARCH_INDEX.c

    def direction(column: ColumnElement[Any]) -> ColumnElement[Any]:
        return column.desc() if descending else column.asc()

    by_name = [direction(index.pinyin), direction(index.name), direction(index.rowid)]
    if sort is PersonSort.VILLAGE:
        return [index.village_code.is_(None), direction(index.village_code), *by_name]
    if sort is PersonSort.AGE:
        born = _PERSONS.c.birth_date.asc() if descending else _PERSONS.c.birth_date.desc()
        return [_PERSONS.c.birth_date.is_(None), born, *by_name]
    return by_name


def _marks_of(condition: ColumnElement[bool]) -> Any:
    """The person's enrolments matching `condition`, as "program:status,…" (or NULL)."""
    enrolments = _ENROLMENTS.c
    return (
        select(func.group_concat(enrolments.program + ":" + enrolments.status))
        .where(enrolments.deleted.is_(False), condition)
        .scalar_subquery()
    )


def _rows_by_rowid(
    session: Session, scope: PersonQuery, rowids: Sequence[int]
) -> tuple[CaseloadRow | None, ...]:
    """One statement for the rows of these rowids, hits with programs, deaths and villages."""
    if not rowids:
        return ()
    today = scope.today or china_today()
    index = SEARCH_INDEX.c
    enrolments = _ENROLMENTS.c
    wanted = by_rowid(rowids)
    statement = (
        select(
            *hit_columns(today),
            _PERSONS.c.deceased_on.is_not(None),
            _marks_of(enrolments.person_id == index.person_id),
            # Household programs (低保, 低保边缘) are every member's.
            _marks_of(
                and_(enrolments.person_id.is_(None), enrolments.household_id == index.household_id)
            ),
            _DIVISIONS.c.name,
        )
        .select_from(wanted)
        .join(SEARCH_INDEX, index.rowid == wanted.c.value)
        .join(_PERSONS, _PERSONS.c.id == index.person_id)
        .outerjoin(
            _DIVISIONS,
            and_(_DIVISIONS.c.code == index.village_code, _DIVISIONS.c.level == "village"),
        )
        .where(*scope_conditions(scope))
        .order_by(wanted.c.key)
    )
    found: dict[int, CaseloadRow] = {}
    for row in session.execute(statement):
        deceased, own, of_household, village_name = row[HIT_COLUMNS:]
        found[row[0]] = CaseloadRow(
            hit=hit_from(row, today),
            village_name=village_name,
            programs=_programs(of_household, own),
            deceased=bool(deceased),
        )
    return tuple(found.get(rowid) for rowid in rowids)


@functools.lru_cache(maxsize=512)
def _programs(of_household: str | None, own: str | None) -> tuple[ProgramMark, ...]:
    """One mark per program, its most telling status, in program order."""
    best: dict[Program, ProgramMark] = {}
    for listed in (of_household, own):
        for entry in listed.split(",") if listed else ():
            program, _, status = entry.partition(":")
            mark = ProgramMark(Program(program), EnrolmentStatus(status))
            held = best.get(mark.program)
            if held is None or _STATUS_RANK[mark.status] < _STATUS_RANK[held.status]:
                best[mark.program] = mark
    return tuple(sorted(best.values(), key=lambda mark: _PROGRAM_ORDER[mark.program]))
