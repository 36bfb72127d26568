"""Lists of the care pages: children and elders with their files, visits, notices.

Every list is read as the acting user may see it: a village cadre only their villages,
nobody a household they are declared related to (近亲属备案), and file columns only
through visibility.py. A list comes in two steps, as a screen shows it: the ordered ids
of everything matching (cheap), then the rows of the few ids on screen.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any, TypeVar

from sqlalchemy import ColumnElement, Select, and_, case, exists, func, or_, select
from sqlalchemy.orm import Session, aliased

from minzheng_field.domain.age import AgeBand, age_shown
from minzheng_field.domain.calendar import china_today
from minzheng_field.domain.care import RiskLevel
from minzheng_field.domain.roles import Role
from minzheng_field.services.context import Actor, township_code
from minzheng_field.services.household_queries import VillageChoice
from minzheng_field.services.search import search
from minzheng_field.services.visibility import (
    check_can_open_person,
    declared_relatives,
    readable_select,
    readable_villages,
)
from minzheng_field.store.models import (
    ChildFile,
    DivisionRow,
    ElderFile,
    Enrolment,
    Household,
    Notice,
    Person,
    PersonSearch,
    UserProfile,
    Visit,
)
from minzheng_field.store.queries.person_search import PersonQuery, TextKind, interpret_text

# One village type for every list; the screens know it here by this name.
VillageOption = VillageChoice

# Suggestions for free-text fields (stored as typed, in Chinese, whatever the UI language).
GUARDIAN_RELATIONS: tuple[str, ...] = (
    "祖父",
    "祖母",
    "外祖父",
    "外祖母",
    "父亲",
    "母亲",
    "兄姐",
    "其他亲属",
    "邻居",
)
LIVING_ARRANGEMENTS: tuple[str, ...] = (
    "独自居住",
    "与配偶同住",
    "与子女同住",
    "与孙辈同住",
    "集中供养（敬老院）",
)
CANDIDATE_LIMIT = 100

_Row = TypeVar("_Row")


class ChildSort(StrEnum):
    """Orders of the children list; each ends with the name and the person id."""

    RISK = "risk"
    NAME = "name"
    AGE = "age"
    VILLAGE = "village"
    CATEGORY = "category"
    GUARDIAN = "guardian"
    LAST_CONTACT = "last_contact"
    DIRECTOR = "director"


class ElderSort(StrEnum):
    """Orders of the elders list; each ends with the name and the person id."""

    RISK = "risk"
    NAME = "name"
    AGE = "age"
    VILLAGE = "village"
    LIVING = "living"
    RESPONSIBLE = "responsible"
    LAST_VISIT = "last_visit"


@dataclass(frozen=True)
class CareListQuery:
    """What the children and elders lists filter by; empty filters do not filter."""

    categories: frozenset[str] = frozenset()
    # None: every village the reader may see.
    village_codes: frozenset[str] | None = None
    # A name, part of one, or pinyin (full or initials).
    text: str = ""
    descending: bool = False


@dataclass(frozen=True)
class ChildListQuery(CareListQuery):
    """Which children to list; empty filters do not filter."""

    risk_levels: frozenset[str] = frozenset()
    sort: ChildSort = ChildSort.RISK


@dataclass(frozen=True)
class ElderListQuery(CareListQuery):
    """Which elders to list; an elder matches when any of `categories` is theirs."""

    risk_tiers: frozenset[str] = frozenset()
    sort: ElderSort = ElderSort.RISK


@dataclass(frozen=True)
class VisitListQuery:
    """Which visits to list, latest first."""

    village_codes: frozenset[str] | None = None
    # The first day of a month, or None for every month.
    month: date | None = None


@dataclass(frozen=True)
class NoticeListQuery:
    """Which notices to list, latest issued first."""

    village_codes: frozenset[str] | None = None


@dataclass(frozen=True)
class CareRow:
    """A person of the children or elders list, with what both lists show of them."""

    person_id: str
    household_id: str | None
    file_id: str
    name: str
    sex: str | None
    birth_date: date | None
    age: int | None
    deceased_on: date | None
    village_code: str | None
    village_name: str | None
    last_visited_on: date | None


@dataclass(frozen=True)
class ChildRow(CareRow):
    """A child of the children list; only fields every role may read."""

    category: str
    risk_level: str
    guardian_name: str | None
    guardian_relation: str | None
    last_parent_contact_on: date | None
    child_director: str | None
    child_director_name: str | None


@dataclass(frozen=True)
class ElderRow(CareRow):
    """An elder of the elders list."""

    categories: tuple[str, ...]
    risk_tier: str
    living_arrangement: str | None
    responsible: str | None
    responsible_name: str | None


@dataclass(frozen=True)
class VisitRow:
    """A visit of the visit history (its answers are opened with the visit itself)."""

    id: str
    person_id: str
    household_id: str | None
    person_name: str
    village_code: str | None
    village_name: str | None
    visited_on: date
    method: str
    visitor: str
    visitor_name: str | None
    category: str
    status: str
    amends_visit_id: str | None


@dataclass(frozen=True)
class NoticeRow:
    """A notice issued to a household."""

    id: str
    household_id: str
    head_name: str | None
    village_code: str | None
    village_name: str | None
    kind: str
    program: str | None
    number: str | None
    issued_on: date | None
    served_on: date | None


@dataclass(frozen=True)
class WorkerOption:
    """A local user who may be responsible for a child or an elder."""

    username: str
    display_name: str
    role: str
    villages: tuple[str, ...]


@dataclass(frozen=True)
class Candidate:
    """A person of the caseload for whom a file may be opened."""

    person_id: str
    household_id: str | None
    name: str
    sex: str | None
    age: int | None
    village_code: str | None
    village_name: str | None
    masked_resident_id: str | None
    has_file: bool


@dataclass(frozen=True)
class CarePerson:
    """A person as the header of their child or elder file shows them."""

    person_id: str
    household_id: str | None
    name: str
    sex: str | None
    age: int | None
    deceased_on: date | None
    village_code: str | None
    village_name: str | None
    has_child_file: bool
    has_elder_file: bool


# -- scope ---------------------------------------------------------------------------


def _scope(
    session: Session,
    actor: Actor,
    village_codes: frozenset[str] | None,
    person_id: Any = None,
) -> list[ColumnElement[bool]]:
    """Criteria keeping rows of the reader's villages, out of declared relatives' households."""
    criteria: list[ColumnElement[bool]] = []
    villages = readable_villages(actor, village_codes)
    if villages is not None:
        criteria.append(Household.village_code.in_(sorted(villages)))
    declared = declared_relatives(session, actor.username)
    if declared.household_ids:
        criteria.append(
            or_(Household.id.is_(None), Household.id.not_in(sorted(declared.household_ids)))
        )
    if declared.person_ids and person_id is not None:
        criteria.append(person_id.not_in(sorted(declared.person_ids)))
    return criteria


def _name_condition(text: str) -> ColumnElement[bool] | None:
    """Name contained, or the start of a pinyin reading; None when the text asks nothing."""
    understood = interpret_text(text)
    if understood.kind is TextKind.NAME:
        value = understood.value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        return PersonSearch.name.like(f"%{value}%", escape="\\")
    if understood.kind is TextKind.PINYIN:
        return or_(
            PersonSearch.pinyin.like(f"{understood.value}%"),
            PersonSearch.pinyin.like(f"% {understood.value}%"),
            PersonSearch.name.like(f"%{understood.value}%"),
        )
    if understood.kind is TextKind.NONE:
        return None
    # Digits: the caseload search finds people by ID number or phone, not this list.
    return PersonSearch.person_id.is_(None)


def _with_text(statement: Select[Any], text: str) -> Select[Any]:
    condition = _name_condition(text)
    if condition is None:
        return statement
    return statement.join(PersonSearch, PersonSearch.person_id == Person.id).where(condition)


def _risk_rank(column: Any) -> ColumnElement[int]:
    return case(
        (column == RiskLevel.HIGH.value, 0),
        (column == RiskLevel.MEDIUM.value, 1),
        (column == RiskLevel.LOW.value, 2),
        else_=3,
    )


def _ordered(column: Any, descending: bool) -> list[Any]:
    # Empty values last in either direction.
    return [column.is_(None), column.desc() if descending else column.asc()]


def _last_visit(person_id: Any) -> Any:
    return (
        select(func.max(Visit.visited_on))
        .where(Visit.person_id == person_id, Visit.deleted.is_(False))
        .scalar_subquery()
    )


# -- care files (children and elders) --------------------------------------------------


def _person_columns(village: Any) -> list[Any]:
    """Who a care row is of: the person, their household and its village (`village` aliased)."""
    return [
        Person.id,
        Person.household_id,
        Person.name,
        Person.sex,
        Person.birth_date,
        Person.deceased_on,
        Household.village_code,
        village.name.label("village_name"),
    ]


@dataclass(frozen=True)
class _CareList:
    """How the list of one kind of care file reads: the file's columns, filters and orders."""

    model: type[ChildFile] | type[ElderFile]
    # The file's risk column and the column naming the user responsible, with its order.
    risk: str
    worker: str
    worker_sort: StrEnum
    # The file's columns in a list row (besides the worker).
    row_columns: tuple[str, ...]
    # The list's other orders, over the files' subquery.
    sorts: Callable[[Any], Mapping[StrEnum, Any]]
    # The condition "one of these categories", over the files' subquery.
    in_categories: Callable[[Any, list[str]], ColumnElement[bool]]
    # A list row from the values read (person fields, file columns, worker and its name).
    make_row: Callable[[dict[str, Any]], Any]


def _any_elder_category(files: Any, categories: list[str]) -> ColumnElement[bool]:
    each = func.json_each(files.c.categories).table_valued("value")
    return exists(select(each.c.value).where(each.c.value.in_(categories)))


_CHILDREN = _CareList(
    model=ChildFile,
    risk="risk_level",
    worker="child_director",
    worker_sort=ChildSort.DIRECTOR,
    row_columns=(
        "category",
        "risk_level",
        "guardian_name",
        "guardian_relation",
        "last_parent_contact_on",
    ),
    sorts=lambda files: {
        ChildSort.CATEGORY: files.c.category,
        ChildSort.GUARDIAN: files.c.guardian_name,
        ChildSort.LAST_CONTACT: files.c.last_parent_contact_on,
    },
    in_categories=lambda files, categories: files.c.category.in_(categories),
    make_row=lambda values: ChildRow(**values),
)

_ELDERS = _CareList(
    model=ElderFile,
    risk="risk_tier",
    worker="responsible",
    worker_sort=ElderSort.RESPONSIBLE,
    row_columns=("categories", "risk_tier", "living_arrangement"),
    sorts=lambda files: {
        ElderSort.LIVING: files.c.living_arrangement,
        ElderSort.LAST_VISIT: _last_visit(Person.id),
    },
    in_categories=_any_elder_category,
    make_row=lambda values: ElderRow(**{**values, "categories": tuple(values["categories"] or ())}),
)


def _file_base(
    session: Session,
    actor: Actor,
    model: type[ChildFile] | type[ElderFile],
    village_codes: frozenset[str] | None,
) -> tuple[Any, list[ColumnElement[bool]]]:
    """The live files of `model` as the reader may see them, and the criteria of their scope."""
    files = readable_select(actor, model).where(model.deleted.is_(False)).subquery()
    return files, _scope(session, actor, village_codes, Person.id)


def _filed_persons(files: Any, scope: Sequence[ColumnElement[bool]], *columns: Any) -> Any:
    """A select of `columns` over the files' live persons within scope, with their households."""
    return (
        select(*columns)
        .select_from(files)
        .join(Person, Person.id == files.c.person_id)
        .outerjoin(Household, Household.id == Person.household_id)
        .where(Person.deleted.is_(False), *scope)
    )


def _care_ids(
    session: Session,
    actor: Actor,
    kind: _CareList,
    query: ChildListQuery | ElderListQuery,
    risks: frozenset[str],
) -> list[str]:
    """The person ids of a care list matching `query`, in the asked order.

    Every care list sorts by risk (highest first), name, age, village and the name of the
    user responsible, besides its own orders; ties go by name, then person id.
    """
    files, scope = _file_base(session, actor, kind.model, query.village_codes)
    statement = _filed_persons(files, scope, Person.id)
    if query.categories:
        statement = statement.where(kind.in_categories(files, sorted(query.categories)))
    if risks:
        statement = statement.where(files.c[kind.risk].in_(sorted(risks)))
    statement = _with_text(statement, query.text)
    sort, descending = query.sort, query.descending
    keys: list[Any] = []
    if sort == "risk":
        rank = _risk_rank(files.c[kind.risk])
        keys = [rank.desc() if descending else rank.asc()]
    elif sort == "age":
        # Youngest first when ascending by age.
        keys = _ordered(Person.birth_date, not descending)
    elif sort == "village":
        keys = _ordered(Household.village_code, descending)
    elif sort is kind.worker_sort:
        user = aliased(UserProfile)
        statement = statement.outerjoin(user, user.username == files.c[kind.worker])
        keys = _ordered(user.display_name, descending)
    else:
        column = kind.sorts(files).get(sort)
        if column is not None:
            keys = _ordered(column, descending)
    name = Person.name.desc() if descending and sort == "name" else Person.name.asc()
    return list(session.scalars(statement.order_by(*keys, name, Person.id)))


def _care_rows(
    session: Session,
    actor: Actor,
    kind: _CareList,
    person_ids: Sequence[str],
    today: date | None,
) -> list[Any]:
    """The list rows of these persons' files, in the given order (ids out of scope left out)."""
    if not person_ids:
        return []
    day = today or china_today()
    files, scope = _file_base(session, actor, kind.model, None)
    user = aliased(UserProfile)
    village = aliased(DivisionRow)
    worker_name = f"{kind.worker}_name"
    rows = session.execute(
        _filed_persons(
            files,
            scope,
            *_person_columns(village),
            files.c.id.label("file_id"),
            *(files.c[name] for name in (*kind.row_columns, kind.worker)),
            user.display_name.label(worker_name),
            _last_visit(Person.id).label("last_visited_on"),
        )
        .outerjoin(village, village.code == Household.village_code)
        .outerjoin(user, user.username == files.c[kind.worker])
        .where(Person.id.in_(list(person_ids)))
    ).all()
    file_fields = (*kind.row_columns, kind.worker, worker_name)
    by_id = {
        row.id: kind.make_row(
            {
                "person_id": row.id,
                "household_id": row.household_id,
                "file_id": row.file_id,
                "name": row.name,
                "sex": row.sex,
                "birth_date": row.birth_date,
                "age": age_shown(row.birth_date, row.deceased_on, day),
                "deceased_on": row.deceased_on,
                "village_code": row.village_code,
                "village_name": row.village_name,
                "last_visited_on": row.last_visited_on,
                **{name: row._mapping[name] for name in file_fields},
            }
        )
        for row in rows
    }
    return _in_given_order(by_id, person_ids)


def _in_given_order(found: Mapping[str, _Row], ids: Sequence[str]) -> list[_Row]:
    return [found[each] for each in ids if each in found]


def child_list(session: Session, actor: Actor, query: ChildListQuery) -> list[str]:
    """Person ids of the children with a file matching `query`, in the asked order."""
    return _care_ids(session, actor, _CHILDREN, query, query.risk_levels)


def child_rows(
    session: Session, actor: Actor, person_ids: Sequence[str], *, today: date | None = None
) -> list[ChildRow]:
    """The list rows of these children, in the given order (ids out of scope are left out)."""
    return _care_rows(session, actor, _CHILDREN, person_ids, today)


def elder_list(session: Session, actor: Actor, query: ElderListQuery) -> list[str]:
    """Person ids of the elders with a file matching `query`, in the asked order."""
    return _care_ids(session, actor, _ELDERS, query, query.risk_tiers)


def elder_rows(
    session: Session, actor: Actor, person_ids: Sequence[str], *, today: date | None = None
) -> list[ElderRow]:
    """The list rows of these elders, in the given order (ids out of scope are left out)."""
    return _care_rows(session, actor, _ELDERS, person_ids, today)


# -- visits --------------------------------------------------------------------------


def _visible_visits(
    session: Session, actor: Actor, village_codes: frozenset[str] | None, *columns: Any
) -> Select[Any]:
    """A select of `columns` over the live visits of live persons within the reader's scope."""
    return (
        select(*columns)
        .join(Person, Person.id == Visit.person_id)
        # A visit names its household; older rows may only name the person.
        .outerjoin(
            Household, Household.id == func.coalesce(Visit.household_id, Person.household_id)
        )
        .where(
            Visit.deleted.is_(False),
            Person.deleted.is_(False),
            *_scope(session, actor, village_codes, Person.id),
        )
    )


def visit_list(session: Session, actor: Actor, query: VisitListQuery) -> list[str]:
    """Ids of the visits matching `query`, latest first."""
    readable_select(actor, Visit)  # raises Forbidden for a role that may not read visits
    statement = _visible_visits(session, actor, query.village_codes, Visit.id)
    if query.month is not None:
        first = query.month.replace(day=1)
        following = date(first.year + first.month // 12, first.month % 12 + 1, 1)
        statement = statement.where(Visit.visited_on >= first, Visit.visited_on < following)
    return list(
        session.scalars(
            statement.order_by(
                Visit.visited_on.desc(),
                Visit.finalised_at.desc(),
                Visit.updated_at.desc(),
                Visit.id,
            )
        )
    )


def visit_rows(session: Session, actor: Actor, visit_ids: Sequence[str]) -> list[VisitRow]:
    """The rows of these visits, in the given order (ids out of scope are left out)."""
    if not visit_ids:
        return []
    visits = readable_select(actor, Visit).where(Visit.id.in_(list(visit_ids))).subquery()
    visitor = aliased(UserProfile)
    village = aliased(DivisionRow)
    rows = session.execute(
        select(
            visits.c.id,
            visits.c.person_id,
            Household.id.label("household_id"),
            Person.name.label("person_name"),
            Household.village_code,
            village.name.label("village_name"),
            visits.c.visited_on,
            visits.c.method,
            visits.c.visitor,
            visitor.display_name.label("visitor_name"),
            visits.c.category,
            visits.c.status,
            visits.c.amends_visit_id,
        )
        .select_from(visits)
        .join(Person, Person.id == visits.c.person_id)
        .outerjoin(
            Household, Household.id == func.coalesce(visits.c.household_id, Person.household_id)
        )
        .outerjoin(village, village.code == Household.village_code)
        .outerjoin(visitor, visitor.username == visits.c.visitor)
        .where(
            visits.c.deleted.is_(False),
            Person.deleted.is_(False),
            *_scope(session, actor, None, Person.id),
        )
    ).all()
    by_id = {row.id: VisitRow(**row._asdict()) for row in rows}
    return _in_given_order(by_id, visit_ids)


def visit_months(session: Session, actor: Actor) -> list[date]:
    """The months (their first days) in which the reader's villages have visits, latest first."""
    month = func.strftime("%Y-%m", Visit.visited_on)
    found = session.scalars(
        _visible_visits(session, actor, None, month).group_by(month).order_by(month.desc())
    )
    return [date(int(text[:4]), int(text[5:7]), 1) for text in found if text]


# -- notices -------------------------------------------------------------------------


def notice_list(session: Session, actor: Actor, query: NoticeListQuery) -> list[str]:
    """Ids of the notices matching `query`, latest issued first (not yet issued last)."""
    readable_select(actor, Notice)  # raises Forbidden for a role that may not read notices
    statement = (
        select(Notice.id)
        .join(Household, Household.id == Notice.household_id)
        .where(
            Notice.deleted.is_(False),
            Household.deleted.is_(False),
            *_scope(session, actor, query.village_codes),
        )
        .order_by(
            Notice.issued_on.is_(None), Notice.issued_on.desc(), Notice.number.desc(), Notice.id
        )
    )
    return list(session.scalars(statement))


def notice_rows(session: Session, actor: Actor, notice_ids: Sequence[str]) -> list[NoticeRow]:
    """The rows of these notices, in the given order (ids out of scope are left out)."""
    if not notice_ids:
        return []
    notices = readable_select(actor, Notice).where(Notice.id.in_(list(notice_ids))).subquery()
    head = aliased(Person)
    village = aliased(DivisionRow)
    rows = session.execute(
        select(
            notices.c.id,
            notices.c.household_id,
            head.name.label("head_name"),
            Household.village_code,
            village.name.label("village_name"),
            notices.c.kind,
            Enrolment.program,
            notices.c.number,
            notices.c.issued_on,
            notices.c.served_on,
        )
        .select_from(notices)
        .join(Household, Household.id == notices.c.household_id)
        .outerjoin(head, and_(head.id == Household.head_person_id, head.deleted.is_(False)))
        .outerjoin(village, village.code == Household.village_code)
        .outerjoin(Enrolment, Enrolment.id == notices.c.enrolment_id)
        .where(
            notices.c.deleted.is_(False),
            Household.deleted.is_(False),
            *_scope(session, actor, None),
        )
    ).all()
    by_id = {row.id: NoticeRow(**row._asdict()) for row in rows}
    return _in_given_order(by_id, notice_ids)


# -- choices for filters and editors -------------------------------------------------


def visible_villages(session: Session, actor: Actor) -> list[VillageOption]:
    """The villages of the township the reader may see, by code (retired ones still lived in)."""
    lived_in = exists().where(
        Household.village_code == DivisionRow.code, Household.deleted.is_(False)
    )
    rows = session.execute(
        select(DivisionRow.code, DivisionRow.name)
        .where(
            DivisionRow.parent_code == township_code(session),
            DivisionRow.level == "village",
            or_(DivisionRow.retired_since.is_(None), lived_in),
        )
        .order_by(DivisionRow.code)
    ).all()
    return [VillageOption(row.code, row.name) for row in rows if actor.may_see_village(row.code)]


def care_workers(session: Session, actor: Actor) -> list[WorkerOption]:
    """Active local users who may be responsible for a child or an elder."""
    rows = session.scalars(
        select(UserProfile).where(UserProfile.active.is_(True)).order_by(UserProfile.username)
    ).all()
    workers = [
        WorkerOption(
            username=row.username,
            display_name=row.display_name,
            role=row.role,
            villages=tuple(row.villages or ()),
        )
        for row in rows
    ]
    # Cadres first: they are the ones usually responsible (儿童主任, village 探访 duty).
    return sorted(workers, key=lambda w: (w.role != Role.VILLAGE_CADRE.value, w.display_name))


def child_candidates(
    session: Session, actor: Actor, text: str, *, today: date | None = None
) -> list[Candidate]:
    """Children (under 18) of the reader's caseload matching `text`, flagged if filed."""
    bands = frozenset({AgeBand.INFANT, AgeBand.CHILD, AgeBand.ADOLESCENT})
    return _candidates(session, actor, text, bands, ChildFile, today)


def elder_candidates(
    session: Session, actor: Actor, text: str, *, today: date | None = None
) -> list[Candidate]:
    """Persons of 60 and over of the reader's caseload matching `text`, flagged if filed."""
    bands = frozenset({AgeBand.ELDER, AgeBand.OLDEST})
    return _candidates(session, actor, text, bands, ElderFile, today)


def _candidates(
    session: Session,
    actor: Actor,
    text: str,
    bands: frozenset[AgeBand],
    model: type[ChildFile] | type[ElderFile],
    today: date | None,
) -> list[Candidate]:
    day = today or china_today()
    page = search(
        session,
        actor,
        PersonQuery(text=text, age_bands=bands, limit=CANDIDATE_LIMIT, today=day),
    )
    ids = [hit.person_id for hit in page.hits]
    filed = set(
        session.scalars(
            select(model.person_id).where(model.person_id.in_(ids), model.deleted.is_(False))
        )
    )
    alive = set(
        session.scalars(select(Person.id).where(Person.id.in_(ids), Person.deceased_on.is_(None)))
    )
    names = dict(
        session.execute(
            select(DivisionRow.code, DivisionRow.name).where(
                DivisionRow.code.in_({hit.village_code for hit in page.hits if hit.village_code})
            )
        ).all()
    )
    return [
        Candidate(
            person_id=hit.person_id,
            household_id=hit.household_id,
            name=hit.name,
            sex=hit.sex,
            age=hit.age,
            village_code=hit.village_code,
            village_name=names.get(hit.village_code) if hit.village_code else None,
            masked_resident_id=hit.masked_resident_id,
            has_file=hit.person_id in filed,
        )
        for hit in page.hits
        if hit.person_id in alive
    ]


def care_person(
    session: Session, actor: Actor, person_id: str, *, today: date | None = None
) -> CarePerson:
    """Who a child or elder file is (or would be) of, with whether each file exists."""
    check_can_open_person(session, actor, person_id)
    day = today or china_today()
    village = aliased(DivisionRow)
    row = session.execute(
        select(
            *_person_columns(village),
            exists()
            .where(ChildFile.person_id == Person.id, ChildFile.deleted.is_(False))
            .label("has_child_file"),
            exists()
            .where(ElderFile.person_id == Person.id, ElderFile.deleted.is_(False))
            .label("has_elder_file"),
        )
        .outerjoin(Household, Household.id == Person.household_id)
        .outerjoin(village, village.code == Household.village_code)
        .where(Person.id == person_id)
    ).one()
    return CarePerson(
        person_id=row.id,
        household_id=row.household_id,
        name=row.name,
        sex=row.sex,
        age=age_shown(row.birth_date, row.deceased_on, day),
        deceased_on=row.deceased_on,
        village_code=row.village_code,
        village_name=row.village_name,
        has_child_file=bool(row.has_child_file),
        has_elder_file=bool(row.has_elder_file),
    )
