"""The person search index (`person_search`), kept current with every write.

Listeners on the `Session` class, registered when this module is imported, keep the index
in step with whatever writes a person or a household, in the same transaction:
- after a flush, for persons added, changed (name, ID number, phone, household, tombstone)
  or removed, and for households whose village changed;
- around ORM bulk statements (`session.execute(insert(Person), rows)`,
  `update(Household).where(...)`), for the rows they touch.
Raw SQL text that changes persons bypasses both: call `index_persons` or
`rebuild_search_index` after it.

A tombstoned person has no row in the index, so a search never needs to look at persons
to leave them out.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import asdict, dataclass
from typing import Any

from sqlalchemy import Connection, delete, event, inspect, select, update
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import ORMExecuteState, Session, UOWTransaction

from minzheng_field.domain.name_search import name_search_keys
from minzheng_field.store.models import Household, Person, PersonSearch

# Attributes of a person that the index is made from.
INDEXED_PERSON_FIELDS = ("name", "resident_id", "phone", "household_id", "deleted")

# SQLite allows 32,766 variables per statement; stay well below.
_CHUNK = 500
_NOT_DIGIT = re.compile(r"[^0-9]")
_NOT_ID_CHARACTER = re.compile(r"[^0-9X]")
_FULL_WIDTH_DIGITS = {ord("０") + i: ord("0") + i for i in range(10)} | {
    ord("Ｘ"): "X",
    ord("ｘ"): "X",
}

_persons = Person.__table__
_households = Household.__table__
_index = PersonSearch.__table__


@dataclass(frozen=True)
class SearchRow:
    """One person's row of the search index."""

    person_id: str
    household_id: str | None
    village_code: str | None
    name: str
    pinyin: str
    resident_id_reversed: str | None
    phone_digits: str | None


def pinyin_keys(name: str) -> str:
    """The index's pinyin text: full readings, most likely first, then initials."""
    keys = name_search_keys(name)
    return " ".join(dict.fromkeys((*keys.full, *keys.initials)))


class _KeysOfNames(dict[str, str]):
    # Many people share a name; a bulk load reads each name once. Kept per call, not per
    # process, so that no names stay in memory after the vault is locked.
    def __missing__(self, name: str) -> str:
        keys = self[name] = pinyin_keys(name)
        return keys


def reversed_resident_id(resident_id: str | None) -> str | None:
    """The ID number reversed, so that its last digits are a prefix an index can use."""
    if not resident_id:
        return None
    text = _NOT_ID_CHARACTER.sub("", resident_id.translate(_FULL_WIDTH_DIGITS).upper())
    return text[::-1] or None


def phone_digits(phone: str | None) -> str | None:
    """The digits of a phone number, without spaces, dashes or brackets."""
    if not phone:
        return None
    return _NOT_DIGIT.sub("", phone.translate(_FULL_WIDTH_DIGITS)) or None


def index_row(
    person_id: str,
    name: str,
    resident_id: str | None,
    phone: str | None,
    household_id: str | None,
    village_code: str | None,
    *,
    keys_of: Mapping[str, str] | None = None,
) -> SearchRow:
    """The index row of one person (for bulk loads that write the index themselves)."""
    return SearchRow(
        person_id=person_id,
        household_id=household_id,
        village_code=village_code,
        name=name,
        pinyin=keys_of[name] if keys_of is not None else pinyin_keys(name),
        resident_id_reversed=reversed_resident_id(resident_id),
        phone_digits=phone_digits(phone),
    )


def index_rows_for(
    persons: Iterable[Mapping[str, Any]], village_of_household: Mapping[str, str]
) -> list[dict[str, Any]]:
    """Index rows, ready for `insert(PersonSearch.__table__)`, of live persons given as rows.

    For bulk loads that write with Core (which no Session listener sees): each person
    needs `id`, `name`, `resident_id`, `phone` and `household_id`; tombstones are skipped.
    """
    keys_of = _KeysOfNames()
    return [
        asdict(
            index_row(
                person["id"],
                person["name"],
                person.get("resident_id"),
                person.get("phone"),
                person.get("household_id"),
                village_of_household.get(person["household_id"])
                if person.get("household_id")
                else None,
                keys_of=keys_of,
            )
        )
        for person in persons
        if not person.get("deleted")
    ]


def index_persons(session: Session, person_ids: Iterable[str]) -> int:
    """Bring the index rows of these persons up to date from the persons table."""
    return _reindex(session.connection(), person_ids)


def rebuild_search_index(session: Session) -> int:
    """Rebuild the whole index from the persons table; returns the number of rows."""
    connection = session.connection()
    connection.execute(delete(_index))
    rows = connection.execute(
        select(
            _persons.c.id,
            _persons.c.name,
            _persons.c.resident_id,
            _persons.c.phone,
            _persons.c.household_id,
            _households.c.village_code,
        )
        .select_from(_persons.outerjoin(_households, _households.c.id == _persons.c.household_id))
        .where(_persons.c.deleted.is_(False))
    ).all()
    written = 0
    keys_of = _KeysOfNames()
    for chunk in _chunks(rows, _CHUNK * 4):
        written += _write(connection, [index_row(*row, keys_of=keys_of) for row in chunk])
    return written


def _chunks(items: Sequence[Any], size: int) -> Iterator[Sequence[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _write(connection: Connection, rows: Sequence[SearchRow]) -> int:
    if not rows:
        return 0
    statement = sqlite_insert(_index)
    columns = {c.name: statement.excluded[c.name] for c in _index.c if c.name != "person_id"}
    connection.execute(
        statement.on_conflict_do_update(index_elements=[_index.c.person_id], set_=columns),
        [asdict(row) for row in rows],
    )
    return len(rows)


def _drop(connection: Connection, person_ids: Iterable[str]) -> None:
    for chunk in _chunks(sorted(set(person_ids)), _CHUNK):
        connection.execute(delete(_index).where(_index.c.person_id.in_(chunk)))


def _reindex(connection: Connection, person_ids: Iterable[str]) -> int:
    """Rewrite the rows of these persons as the persons table has them now."""
    wanted = sorted(set(person_ids))
    written = 0
    keys_of = _KeysOfNames()
    for chunk in _chunks(wanted, _CHUNK):
        rows = connection.execute(
            select(
                _persons.c.id,
                _persons.c.name,
                _persons.c.resident_id,
                _persons.c.phone,
                _persons.c.household_id,
                _households.c.village_code,
                _persons.c.deleted,
            )
            .select_from(
                _persons.outerjoin(_households, _households.c.id == _persons.c.household_id)
            )
            .where(_persons.c.id.in_(chunk))
        ).all()
        live = [row for row in rows if not row.deleted]
        found = {row.id for row in live}
        _drop(connection, [person_id for person_id in chunk if person_id not in found])
        written += _write(connection, [index_row(*row[:6], keys_of=keys_of) for row in live])
    return written


def _refresh_villages(connection: Connection, household_ids: Iterable[str]) -> None:
    village = (
        select(_households.c.village_code)
        .where(_households.c.id == _index.c.household_id)
        .scalar_subquery()
    )
    for chunk in _chunks(sorted(set(household_ids)), _CHUNK):
        connection.execute(
            update(_index).where(_index.c.household_id.in_(chunk)).values(village_code=village)
        )


def _changed(entity: object, fields: Iterable[str]) -> bool:
    state = inspect(entity)
    return any(state.attrs[name].history.has_changes() for name in fields)


@event.listens_for(Session, "after_flush")
def _after_flush(session: Session, _flush_context: UOWTransaction) -> None:
    # Attribute history still shows what this flush wrote; the rows are in the database,
    # with their generated ids, so the households' villages can be read back.
    persons: dict[str, Person] = {}
    dropped: set[str] = set()
    households: set[str] = set()
    for entity in session.new:
        if isinstance(entity, Person):
            persons[entity.id] = entity
    for entity in session.dirty:
        if isinstance(entity, Person) and _changed(entity, INDEXED_PERSON_FIELDS):
            persons[entity.id] = entity
        elif isinstance(entity, Household) and _changed(entity, ("village_code",)):
            households.add(entity.id)
    for entity in session.deleted:
        if isinstance(entity, Person):
            dropped.add(entity.id)
    if not (persons or dropped or households):
        return
    connection = session.connection()
    for person_id, person in persons.items():
        if person.deleted:
            dropped.add(person_id)
    live = [p for p in persons.values() if p.id not in dropped]
    villages = _villages_of(connection, {p.household_id for p in live if p.household_id})
    _drop(connection, dropped)
    _write(
        connection,
        [
            index_row(
                p.id,
                p.name,
                p.resident_id,
                p.phone,
                p.household_id,
                villages.get(p.household_id) if p.household_id else None,
            )
            for p in live
        ],
    )
    _refresh_villages(connection, households)


def _villages_of(connection: Connection, household_ids: set[str]) -> dict[str, str]:
    villages: dict[str, str] = {}
    for chunk in _chunks(sorted(household_ids), _CHUNK):
        villages.update(
            connection.execute(
                select(_households.c.id, _households.c.village_code).where(
                    _households.c.id.in_(chunk)
                )
            ).all()
        )
    return villages


@event.listens_for(Session, "do_orm_execute")
def _bulk_statement(state: ORMExecuteState) -> Any:
    if not (state.is_insert or state.is_update or state.is_delete):
        return None
    # ORM statements carry an annotated copy of the table: compare by name.
    target = getattr(getattr(state.statement, "table", None), "name", None)
    if target not in (_persons.name, _households.name):
        return None
    table = _persons if target == _persons.name else _households
    connection = state.session.connection()
    by_key = _primary_keys_in(state.parameters)
    before: list[str] = []
    if not state.is_insert and by_key is None:
        # Which rows the statement touches, read before it runs: an UPDATE may change
        # the very column its WHERE clause tests.
        where = state.statement.whereclause
        query = select(table.c.id) if where is None else select(table.c.id).where(where)
        before = list(connection.execute(query).scalars())
    result = state.invoke_statement()
    touched = by_key if by_key is not None else before
    if table is _households:
        if not state.is_insert:
            _refresh_villages(connection, touched)
    elif state.is_insert and by_key is None:
        _index_unindexed(connection)
    else:
        _reindex(connection, touched)
    return result


def _primary_keys_in(parameters: Any) -> list[str] | None:
    """The ids of an executemany by primary key, or None when the statement says otherwise."""
    if isinstance(parameters, dict):
        parameters = [parameters]
    if not parameters or not isinstance(parameters, list | tuple):
        return None
    ids = [row.get("id") for row in parameters if isinstance(row, dict)]
    if len(ids) != len(parameters) or any(not isinstance(i, str) for i in ids):
        return None
    return ids


def _index_unindexed(connection: Connection) -> None:
    missing = select(_persons.c.id).where(
        _persons.c.deleted.is_(False),
        _persons.c.id.not_in(select(_index.c.person_id)),
    )
    _reindex(connection, connection.execute(missing).scalars().all())
