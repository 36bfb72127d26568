"""Rows of a large read as plain tuples, read straight from the driver's cursor.

SQLAlchemy builds a `Row` for each row and runs each value through its type's processor.
For the reads that walk a whole caseload (tens of thousands of rows for a due list or a
month's coverage) that costs more than SQLite takes to find the rows: 354 ms against 102 ms
for the 143,107 visits of the 50,000-person bench vault (docs/performance.md, "Visits").

The statement is still a typed `select()` executed by SQLAlchemy, which binds its
parameters; only the fetching is the driver's. Values are converted as the column types
say, once per distinct value (a caseload has a few hundred distinct dates), so callers see
the same values as from `Connection.execute`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import Connection, Select
from sqlalchemy.exc import DBAPIError


def plain_rows(connection: Connection, statement: Select[Any]) -> list[tuple[Any, ...]]:
    """Every row of `statement` as a plain tuple, with values as SQLAlchemy would give them."""
    dialect = connection.dialect
    processors = [
        column.type.dialect_impl(dialect).result_processor(dialect, None)
        for column in statement.selected_columns
    ]
    result = connection.execute(statement)
    try:
        rows: list[tuple[Any, ...]] = result.cursor.fetchall()
    except dialect.loaded_dbapi.Error as error:
        # Wrapped as SQLAlchemy wraps what it fetches, so that a damaged page or a full disk
        # met while reading becomes the vault error the user is told about (session_scope).
        raise DBAPIError.instance(None, None, error, dialect.loaded_dbapi.Error) from error
    finally:
        result.close()
    converting = [
        (index, _Memo(processor)) for index, processor in enumerate(processors) if processor
    ]
    if not converting or not rows:
        return rows
    # Column by column: transposing and mapping run in C, the processor once per value.
    columns = list(zip(*rows, strict=True))
    for index, memo in converting:
        columns[index] = tuple(map(memo.__getitem__, columns[index]))
    return list(zip(*columns, strict=True))


class _Memo(dict[Any, Any]):
    """A processor's results by value: dates and flags repeat across thousands of rows."""

    def __init__(self, processor: Callable[[Any], Any]) -> None:
        super().__init__({None: None})
        self._processor = processor

    def __missing__(self, value: Any) -> Any:
        result = self[value] = self._processor(value)
        return result
