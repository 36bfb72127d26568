"""Small reads the household screens need beside the household file itself."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from minzheng_field.services.context import Actor, township_code
from minzheng_field.store.models import DivisionRow


@dataclass(frozen=True)
class VillageChoice:
    """A village (or community) of the township, as a form or a filter offers it."""

    code: str
    name: str


def current_villages(session: Session) -> list[VillageChoice]:
    """The township's current villages (retired ones left out), by code."""
    rows = session.execute(
        select(DivisionRow.code, DivisionRow.name)
        .where(
            DivisionRow.level == "village",
            DivisionRow.parent_code == township_code(session),
            DivisionRow.retired_since.is_(None),
        )
        .order_by(DivisionRow.code)
    )
    return [VillageChoice(code, name) for code, name in rows]


def township_villages(session: Session, actor: Actor) -> tuple[VillageChoice, ...]:
    """The township's current villages the actor may register households in, by code."""
    return tuple(
        village for village in current_villages(session) if actor.may_see_village(village.code)
    )
