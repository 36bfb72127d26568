"""The vault's copy of its township's divisions (the township, its county and villages)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from minzheng_field.domain.divisions import DivisionTable
from minzheng_field.store.models import DivisionRow


def seed_divisions(session: Session, table: DivisionTable, township_code: str) -> int:
    """Copy the township's path and villages (retired ones too) into the vault; idempotent."""
    township = table.get(township_code)
    wanted = [*table.path(township.code), *table.villages(township.code, include_retired=True)]
    present = set(session.scalars(select(DivisionRow.code)))
    added = 0
    for division in wanted:
        if division.code in present:
            continue
        session.add(
            DivisionRow(
                code=division.code,
                name=division.name,
                level=division.level.value,
                parent_code=division.parent_code,
                retired_since=division.retired_since,
                successor_code=division.successor_code,
                table_version=table.version,
            )
        )
        added += 1
    session.flush()
    return added
