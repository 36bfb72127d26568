"""Finding persons by name, pinyin, ID number or phone, with filters, sorted and paged.

A search is two or three statements: the page's rows of the index in order (answered from
an index of `person_search` alone where one covers the columns), their count (counted on
the way when there is a text), and the page's rows with what `persons` and the care files
add, by rowid. `ordered_rowids` gives the rowids of every match instead, for a view that
reads its rows by rowid as they are shown. Tombstoned persons have no index row. What the
text is taken for:
- Chinese characters (or anything not below): the name contains them; whole, prefix and
  contained matches rank in that order.
- Latin letters, spaces and apostrophes: the start of any pinyin reading of the name, full
  (`zengdesheng`, `zeng de sheng`) or initials (`zds`), or Latin letters in the name.
- A valid 15- or 18-digit ID number: that ID number.
- Four or more digits (and a final X): the last digits of an ID number, or of a phone.
"""

from __future__ import annotations

import functools
import json
import re
from array import array
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from enum import StrEnum
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Integer,
    Select,
    String,
    and_,
    bindparam,
    case,
    column,
    exists,
    false,
    func,
    or_,
    select,
    table,
    union_all,
)
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from minzheng_field.domain.age import AgeBand, age_band, age_on
from minzheng_field.domain.calendar import china_today
from minzheng_field.domain.care import RiskLevel
from minzheng_field.domain.labelled_enum import LabelledStrEnum
from minzheng_field.domain.masking import mask_resident_id
from minzheng_field.domain.name_search import normalise_query
from minzheng_field.domain.programs import EnrolmentStatus, Program
from minzheng_field.domain.resident_id import InvalidResidentId, parse_resident_id
from minzheng_field.store.models import ChildFile, ElderFile, Enrolment, Person, PersonSearch

MAX_LIMIT = 500
MIN_NUMBER_DIGITS = 4
# An enrolment filter that leaves fewer than one person in FEW_SHARE (a household enrolment
# counting as FEW_HOUSEHOLD_MEMBERS) is answered by looking its persons up.
FEW_SHARE = 8
FEW_HOUSEHOLD_MEMBERS = 4
# The value of ChildFile.risk_level and ElderFile.risk_tier for the highest risk.
HIGH_RISK = RiskLevel.HIGH.value
CURRENT_STATUSES = tuple(s.value for s in EnrolmentStatus if s.is_current)

_NUMBER = re.compile(r"[0-9]+x?")
_NUMBER_SEPARATORS = re.compile(r"[\s\-()（）]")
_PINYIN = re.compile(r"[a-z][a-z\s'’]*")
_SYLLABLE_SEPARATORS = re.compile(r"[\s'’]+")
_LIKE_SPECIAL = re.compile(r"([\\%_])")
# Spaces, and the zero-width characters that come along with text pasted from chat apps.
_NOT_IN_NAMES = re.compile(r"[\s\u200b\u200c\u200d\u2060\ufeff]+")

# Core tables: these statements need nothing of the ORM, whose compiling costs time on
# the first search after unlock (each engine compiles afresh).
_PERSONS = Person.__table__
_ENROLMENTS = Enrolment.__table__
_CHILD_FILES = ChildFile.__table__
_ELDER_FILES = ElderFile.__table__

# The search index with its rowid. Every index entry carries the rowid, so the first
# step (which rows, in what order) can be answered from an index alone; only the page's
# rows are then read from the table.
SEARCH_INDEX = table(
    "person_search",
    column("rowid", Integer),
    *(column(c.name, c.type) for c in PersonSearch.__table__.c),
)


class TextKind(StrEnum):
    """What the search text was taken for."""

    NONE = "none"
    NAME = "name"
    PINYIN = "pinyin"
    RESIDENT_ID = "resident_id"
    NUMBER = "number"
    # Fewer than four digits: too many people would match; nothing is searched.
    TOO_SHORT = "too_short"


class PersonSort(StrEnum):
    """Order of the results; every order ends with the index row, so pages never overlap."""

    # The best match first (whole name, then its start, then contained), then by name.
    RELEVANCE = "relevance"
    NAME = "name"
    VILLAGE = "village"
    AGE = "age"


class RiskFlag(LabelledStrEnum):
    """Marks a results table shows next to a person, and can filter by."""

    CHILD_HIGH_RISK = "child_high_risk", "儿童高风险"
    ELDER_HIGH_RISK = "elder_high_risk", "老人高风险"
    PENDING_VERIFICATION = "pending_verification", "待核实"
    DECEASED_WITH_BENEFIT = "deceased_with_benefit", "去世仍在保"


@dataclass(frozen=True)
class PersonQuery:
    """What to look for; empty filters do not filter. Filters of one kind match any value."""

    text: str = ""
    # Any enrolment (the person's own, or a household program of their household) of one
    # of these programs, and with one of `statuses` when given.
    programs: frozenset[Program] = frozenset()
    statuses: frozenset[EnrolmentStatus] = frozenset()
    # None: every village. An empty set matches nobody (a cadre without villages).
    village_codes: frozenset[str] | None = None
    age_bands: frozenset[AgeBand] = frozenset()
    flags: frozenset[RiskFlag] = frozenset()
    exclude_household_ids: frozenset[str] = frozenset()
    exclude_person_ids: frozenset[str] = frozenset()
    sort: PersonSort = PersonSort.RELEVANCE
    descending: bool = False
    offset: int = 0
    limit: int = 50
    # Ages and 死亡保 are judged on this day; None means today in China.
    today: date | None = None


@dataclass(frozen=True)
class PersonHit:
    """One row of a results table: no whole ID number, no phone."""

    person_id: str
    household_id: str | None
    name: str
    sex: str | None
    birth_date: date | None
    age: int | None
    village_code: str | None
    masked_resident_id: str | None
    relation: str | None
    flags: frozenset[RiskFlag] = field(default_factory=frozenset)


@dataclass(frozen=True)
class SearchPage:
    """One page of results and how many there are in all."""

    hits: tuple[PersonHit, ...]
    total: int
    offset: int
    limit: int
    text_kind: TextKind


@dataclass(frozen=True)
class RowidPage:
    """One page of a search as index rowids in order, and how many match in all."""

    rowids: tuple[int, ...]
    total: int
    kind: TextKind


@dataclass(frozen=True)
class SearchText:
    """The search text as understood: its kind and the normalised value to match."""

    kind: TextKind
    value: str = ""


def interpret_text(text: str) -> SearchText:
    """What a typed search text is: a name, pinyin, an ID number, or the last digits."""
    typed = normalise_query(text)
    if not typed:
        return SearchText(TextKind.NONE)
    number = _NUMBER_SEPARATORS.sub("", typed)
    if _NUMBER.fullmatch(number):
        number = number.upper()
        if len(number) in (15, 18):
            try:
                return SearchText(TextKind.RESIDENT_ID, parse_resident_id(number).number)
            except InvalidResidentId:
                pass
        if len(number) < MIN_NUMBER_DIGITS:
            return SearchText(TextKind.TOO_SHORT, number)
        return SearchText(TextKind.NUMBER, number)
    letters = typed.replace("ü", "v")
    if _PINYIN.fullmatch(letters):
        return SearchText(TextKind.PINYIN, _SYLLABLE_SEPARATORS.sub("", letters))
    # Names are compared exactly as typed: only spaces go, never a character's form.
    return SearchText(TextKind.NAME, _NOT_IN_NAMES.sub("", text))


def search_persons(session: Session, query: PersonQuery) -> SearchPage:
    """One page of the persons matching `query`, with the total count."""
    today = query.today or china_today()
    page = search_rowids(session, replace(query, today=today))
    return SearchPage(
        tuple(_hits(session, page.rowids, today)), page.total, query.offset, query.limit, page.kind
    )


def search_rowids(session: Session, query: PersonQuery) -> RowidPage:
    """Step one of a search: the index rowids of one page, in order, and the total count."""
    if not 1 <= query.limit <= MAX_LIMIT or query.offset < 0:
        raise ValueError("search_persons: limit must be 1–500 and offset not negative")
    today = query.today or china_today()
    text = interpret_text(query.text)
    if text.kind is TextKind.TOO_SHORT or query.village_codes == frozenset():
        return RowidPage((), 0, text.kind)
    matching = _matching(query, text, today, few_enrolled=_few_enrolled(session, query))
    # A text matches few enough rows to count them on the way (one pass instead of two);
    # without one, counting the whole index apart is cheaper than holding every row.
    counted_along = text.kind is not TextKind.NONE
    columns = (
        [SEARCH_INDEX.c.rowid, func.count().over()] if counted_along else [SEARCH_INDEX.c.rowid]
    )
    rows = session.execute(
        matching(*columns).order_by(*_order(query, text)).limit(query.limit).offset(query.offset)
    ).all()
    page = tuple(row[0] for row in rows)
    if counted_along and rows:
        total = rows[0][1]
    elif query.offset == 0 and len(page) < query.limit:
        total = len(page)
    else:
        total = session.scalar(matching(func.count())) or 0
    return RowidPage(page, total, text.kind)


def ordered_rowids(session: Session, query: PersonQuery) -> array[int]:
    """The index rowids of every person matching `query`, in its order (no offset, no limit).

    A view holds these (8 bytes each, one object for all) and reads the rows it shows by
    rowid. An index row keeps its rowid while the person is edited (the index is upserted),
    and loses it when the person is tombstoned.
    """
    today = query.today or china_today()
    text = interpret_text(query.text)
    if text.kind is TextKind.TOO_SHORT or query.village_codes == frozenset():
        return array("q")
    matching = _matching(query, text, today, few_enrolled=_few_enrolled(session, query))
    return fetch_rowids(session, matching(SEARCH_INDEX.c.rowid).order_by(*_order(query, text)))


def rowids_come_cheap(session: Session, query: PersonQuery) -> bool:
    """Whether every match's rowid costs about what counting them does (a text, a few enrolled)."""
    kind = interpret_text(query.text).kind
    return kind is not TextKind.NONE or _few_enrolled(session, query)


def fetch_rowids(session: Session, statement: Select[Any]) -> array[int]:
    """The integers of a one-column statement, as an array."""
    result = session.execute(statement)
    try:
        # The driver's plain tuples: Row objects for 50,000 rowids would double the time.
        rows = result.cursor.fetchall()
    except Exception as error:
        # Wrapped as SQLAlchemy wraps the driver's errors it sees (an interrupted read, too).
        driver_error = session.get_bind().dialect.loaded_dbapi.Error
        if isinstance(error, driver_error):
            raise DBAPIError.instance(None, None, error, driver_error) from error
        raise
    finally:
        result.close()
    return array("q", [rowid for (rowid,) in rows])


def _matching(
    query: PersonQuery, text: SearchText, today: date, *, few_enrolled: bool
) -> Callable[..., Select[Any]]:
    """A select of `columns` from the index rows matching the query (no order)."""
    joins_person = query.sort is PersonSort.AGE
    conditions = _conditions(query, text, today, few_enrolled=few_enrolled)

    def matching(*columns: Any) -> Select[Any]:
        statement = select(*columns).select_from(SEARCH_INDEX)
        if joins_person:
            statement = statement.join(_PERSONS, _PERSONS.c.id == SEARCH_INDEX.c.person_id)
        return statement.where(*conditions)

    return matching


def _escape_like(text: str) -> str:
    return _LIKE_SPECIAL.sub(r"\\\1", text)


def _after_prefix(prefix: str) -> str:
    """The smallest string above every string starting with `prefix` (digits and X)."""
    return prefix[:-1] + chr(ord(prefix[-1]) + 1)


def _id_suffix(index: Any, number: str) -> ColumnElement[bool]:
    # The reversed ID starts with the last digits typed: a range an index can serve.
    reversed_prefix = number[::-1]
    column = index.c.resident_id_reversed
    return and_(column >= reversed_prefix, column < _after_prefix(reversed_prefix))


def _text_condition(text: SearchText) -> ColumnElement[bool] | None:
    c = SEARCH_INDEX.c
    if text.kind is TextKind.NAME:
        return c.name.like(f"%{_escape_like(text.value)}%", escape="\\")
    if text.kind is TextKind.PINYIN:
        # A key starts the column or follows a space. The keys are lower-case letters, as
        # is the text, so GLOB (which compares bytes, unlike LIKE) needs no escaping and
        # is quicker; a name written in Latin letters is matched without regard to case.
        return or_(
            c.pinyin.op("GLOB")(f"{text.value}*"),
            c.pinyin.op("GLOB")(f"* {text.value}*"),
            c.name.like(f"%{text.value}%"),
        )
    if text.kind is TextKind.RESIDENT_ID:
        return c.resident_id_reversed == text.value[::-1]
    if text.kind is TextKind.NUMBER:
        if text.value.endswith("X"):
            return _id_suffix(SEARCH_INDEX, text.value)
        # Two look-ups, each on its own column's index; an OR of the two would read
        # every row.
        by_id = SEARCH_INDEX.alias("by_resident_id")
        by_phone = SEARCH_INDEX.alias("by_phone")
        return c.rowid.in_(
            union_all(
                select(by_id.c.rowid).where(_id_suffix(by_id, text.value)),
                select(by_phone.c.rowid).where(by_phone.c.phone_digits.like(f"%{text.value}")),
            )
        )
    return None


def _conditions(
    query: PersonQuery, text: SearchText, today: date, *, few_enrolled: bool = False
) -> list[ColumnElement[bool]]:
    c = SEARCH_INDEX.c
    conditions: list[ColumnElement[bool]] = []
    matched = _text_condition(text)
    if matched is not None:
        conditions.append(matched)
    if query.village_codes is not None:
        conditions.append(c.village_code.in_(sorted(query.village_codes)))
    if query.exclude_household_ids:
        conditions.append(
            or_(
                c.household_id.is_(None),
                c.household_id.not_in(sorted(query.exclude_household_ids)),
            )
        )
    if query.exclude_person_ids:
        conditions.append(c.person_id.not_in(sorted(query.exclude_person_ids)))
    if query.programs or query.statuses:
        conditions.append(_enrolled(query.programs, query.statuses, few=few_enrolled))
    if query.age_bands:
        born = or_(*(_born_in_band(band, today) for band in sorted(query.age_bands)))
        conditions.append(
            c.person_id.in_(select(_PERSONS.c.id).where(_PERSONS.c.deleted.is_(False), born))
        )
    if query.flags:
        conditions.append(or_(*(_flagged(flag, today) for flag in sorted(query.flags))))
    return conditions


def _enrolment_filter(
    programs: Iterable[Program], statuses: Iterable[EnrolmentStatus]
) -> list[ColumnElement[bool]]:
    wanted: list[ColumnElement[bool]] = [_ENROLMENTS.c.deleted.is_(False)]
    program_values = sorted(Program(p).value for p in programs)
    status_values = sorted(EnrolmentStatus(s).value for s in statuses)
    if program_values:
        wanted.append(_ENROLMENTS.c.program.in_(program_values))
    if status_values:
        wanted.append(_ENROLMENTS.c.status.in_(status_values))
    return wanted


def _enrolled(
    programs: Iterable[Program], statuses: Iterable[EnrolmentStatus], *, few: bool = False
) -> ColumnElement[bool]:
    wanted = _enrolment_filter(programs, statuses)
    own = select(_ENROLMENTS.c.person_id).where(*wanted, _ENROLMENTS.c.person_id.is_not(None))
    # Household programs (低保, 低保边缘) cover every member of the household.
    household = select(_ENROLMENTS.c.household_id).where(*wanted, _ENROLMENTS.c.person_id.is_(None))
    if few:
        # Few enrolled: find them by the indexes on enrolments, persons and the index's
        # person_id, instead of testing each index row (which reads its table row).
        members = select(_PERSONS.c.id).where(_PERSONS.c.household_id.in_(household))
        return SEARCH_INDEX.c.person_id.in_(union_all(own, members))
    return or_(SEARCH_INDEX.c.person_id.in_(own), SEARCH_INDEX.c.household_id.in_(household))


def _few_enrolled(session: Session, query: PersonQuery) -> bool:
    """Whether an enrolment filter leaves few enough persons to look them up one by one."""
    if not (query.programs or query.statuses):
        return False
    wanted = _enrolment_filter(query.programs, query.statuses)
    own, households = session.execute(
        select(
            func.count(_ENROLMENTS.c.person_id),
            func.count() - func.count(_ENROLMENTS.c.person_id),
        ).where(*wanted)
    ).one()
    everyone = session.scalar(select(func.count()).select_from(SEARCH_INDEX)) or 0
    return (own + FEW_HOUSEHOLD_MEMBERS * households) * FEW_SHARE < everyone


@functools.cache
def _age_ranges() -> dict[AgeBand, tuple[int, int | None]]:
    """Each band's youngest and oldest age in full years (None: no upper end)."""
    ages: dict[AgeBand, list[int]] = {}
    for age in range(0, 151):
        ages.setdefault(age_band(age), []).append(age)
    return {
        band: (min(years), None if max(years) == 150 else max(years))
        for band, years in ages.items()
    }


def _latest_birth_for_age(today: date, years: int) -> date:
    """The last birth date of anyone who is at least `years` old on `today`."""
    try:
        return today.replace(year=today.year - years)
    except ValueError:  # today is 29 February and that year has none
        return date(today.year - years, 2, 28)


def _born_in_band(band: AgeBand, today: date) -> ColumnElement[bool]:
    youngest, oldest = _age_ranges()[AgeBand(band)]
    conditions = [_PERSONS.c.birth_date <= _latest_birth_for_age(today, youngest)]
    if oldest is not None:
        conditions.append(_PERSONS.c.birth_date > _latest_birth_for_age(today, oldest + 1))
    return and_(*conditions)


def _current_enrolment_of(person_id: Any, household_id: Any) -> ColumnElement[bool]:
    current = and_(_ENROLMENTS.c.deleted.is_(False), _ENROLMENTS.c.status.in_(CURRENT_STATUSES))
    return or_(
        exists().where(current, _ENROLMENTS.c.person_id == person_id),
        exists().where(
            current, _ENROLMENTS.c.person_id.is_(None), _ENROLMENTS.c.household_id == household_id
        ),
    )


def _high_risk_child(person_id: Any) -> ColumnElement[bool]:
    return exists().where(
        _CHILD_FILES.c.person_id == person_id,
        _CHILD_FILES.c.risk_level == HIGH_RISK,
        _CHILD_FILES.c.deleted.is_(False),
    )


def _high_risk_elder(person_id: Any) -> ColumnElement[bool]:
    return exists().where(
        _ELDER_FILES.c.person_id == person_id,
        _ELDER_FILES.c.risk_tier == HIGH_RISK,
        _ELDER_FILES.c.deleted.is_(False),
    )


def _deceased_with_benefit(today: date) -> ColumnElement[bool]:
    return and_(
        _PERSONS.c.deceased_on.is_not(None),
        _PERSONS.c.deceased_on <= today,
        _current_enrolment_of(_PERSONS.c.id, _PERSONS.c.household_id),
    )


def _flagged(flag: RiskFlag, today: date) -> ColumnElement[bool]:
    # Each flag is a set of person ids, built once per query, rather than a test per row.
    person_id = SEARCH_INDEX.c.person_id
    if flag is RiskFlag.CHILD_HIGH_RISK:
        return person_id.in_(
            select(_CHILD_FILES.c.person_id).where(
                _CHILD_FILES.c.risk_level == HIGH_RISK, _CHILD_FILES.c.deleted.is_(False)
            )
        )
    if flag is RiskFlag.ELDER_HIGH_RISK:
        return person_id.in_(
            select(_ELDER_FILES.c.person_id).where(
                _ELDER_FILES.c.risk_tier == HIGH_RISK, _ELDER_FILES.c.deleted.is_(False)
            )
        )
    if flag is RiskFlag.PENDING_VERIFICATION:
        return person_id.in_(
            select(_PERSONS.c.id).where(
                _PERSONS.c.pending_verification.is_(True), _PERSONS.c.deleted.is_(False)
            )
        )
    if flag is RiskFlag.DECEASED_WITH_BENEFIT:
        return person_id.in_(
            select(_PERSONS.c.id).where(
                _PERSONS.c.deleted.is_(False), _deceased_with_benefit(today)
            )
        )
    return false()


def _order(query: PersonQuery, text: SearchText) -> list[Any]:
    c = SEARCH_INDEX.c

    def direction(column: Any) -> Any:
        return column.desc() if query.descending else column.asc()

    # The order of the index on (pinyin, name), and its rowid, so that a list by name
    # reads the index in order and stops at the page's end. Names without any pinyin
    # reading (only rare characters) come first.
    by_name = [direction(c.pinyin), direction(c.name), direction(c.rowid)]
    if query.sort is PersonSort.VILLAGE:
        return [c.village_code.is_(None), direction(c.village_code), *by_name]
    if query.sort is PersonSort.AGE:
        # Youngest first when ascending by age; unknown birth dates last either way.
        born = _PERSONS.c.birth_date.asc() if query.descending else _PERSONS.c.birth_date.desc()
        return [_PERSONS.c.birth_date.is_(None), born, *by_name]
    if query.sort is PersonSort.RELEVANCE:
        rank = _rank(text)
        if rank is not None:
            return [rank, *by_name]
    return by_name


def _rank(text: SearchText) -> ColumnElement[int] | None:
    c = SEARCH_INDEX.c
    if text.kind is TextKind.NAME:
        prefix = f"{_escape_like(text.value)}%"
        return case((c.name == text.value, 0), (c.name.like(prefix, escape="\\"), 1), else_=2)
    if text.kind is TextKind.PINYIN:
        # The most likely reading comes first in the column.
        return case((c.pinyin.op("GLOB")(f"{text.value}*"), 0), else_=1)
    if text.kind is TextKind.NUMBER:
        return case((_id_suffix(SEARCH_INDEX, text.value), 0), else_=1)
    return None


def hit_columns(today: date) -> tuple[ColumnElement[Any], ...]:
    """The columns `hit_from` reads, from the index joined with `persons`."""
    c = SEARCH_INDEX.c
    return (
        c.rowid,
        c.person_id,
        c.household_id,
        c.name,
        c.village_code,
        _PERSONS.c.sex,
        _PERSONS.c.birth_date,
        _PERSONS.c.relation,
        _PERSONS.c.resident_id,
        _PERSONS.c.pending_verification,
        _deceased_with_benefit(today),
        _high_risk_child(c.person_id),
        _high_risk_elder(c.person_id),
    )


HIT_COLUMNS = 13
_MARKS = (
    RiskFlag.PENDING_VERIFICATION,
    RiskFlag.DECEASED_WITH_BENEFIT,
    RiskFlag.CHILD_HIGH_RISK,
    RiskFlag.ELDER_HIGH_RISK,
)


def hit_from(row: Sequence[Any], today: date) -> PersonHit:
    """A hit from a row that starts with `hit_columns` (the whole ID number stays here)."""
    person_id, household_id, name, village_code, sex, birth, relation, resident_id = row[1:9]
    marked = row[9:HIT_COLUMNS]
    return PersonHit(
        person_id=person_id,
        household_id=household_id,
        name=name,
        sex=sex,
        birth_date=birth,
        age=age_on(birth, today) if birth is not None and birth <= today else None,
        village_code=village_code,
        masked_resident_id=mask_resident_id(resident_id) if resident_id else None,
        relation=relation,
        flags=frozenset(flag for flag, on in zip(_MARKS, marked, strict=True) if on)
        if any(marked)
        else frozenset(),
    )


def by_rowid(rowids: Sequence[int]) -> Any:
    """The rowids as a table of (`key`: their position, `value`: the rowid), one parameter.

    Join the index on `value` and order by `key`: the rows come in the order given, and the
    statement is the same whatever the number of rowids (compiled once, no expanded IN).
    """
    rowid_list = bindparam("rowids", json.dumps(list(rowids)), type_=String)
    return func.json_each(rowid_list).table_valued("key", "value").alias("wanted")


def scope_conditions(query: PersonQuery) -> list[ColumnElement[bool]]:
    """The query's villages and exclusions, as conditions on the index (what a scope keeps)."""
    return _conditions(
        replace(
            query,
            text="",
            programs=frozenset(),
            statuses=frozenset(),
            age_bands=frozenset(),
            flags=frozenset(),
        ),
        SearchText(TextKind.NONE),
        query.today or china_today(),
    )


def _hits(session: Session, page: Sequence[int], today: date) -> list[PersonHit]:
    """The light columns and the flags of one page of persons, in page order."""
    if not page:
        return []
    wanted = by_rowid(page)
    rows = session.execute(
        select(*hit_columns(today))
        .select_from(wanted)
        .join(SEARCH_INDEX, SEARCH_INDEX.c.rowid == wanted.c.value)
        .join(_PERSONS, _PERSONS.c.id == SEARCH_INDEX.c.person_id)
        .order_by(wanted.c.key)
    ).all()
    return [hit_from(row, today) for row in rows]
