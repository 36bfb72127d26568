"""Small reads the household screens need beside the household file itself."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from minzheng_field.services.context import Actor, township_code
from minzheng_field.store.models import DivisionRow


@dataclass(frozen=True)
class VillageChoice:
    """A village (or community) a new household may be registered in."""

    code: str
    name: str


def township_villages(session: Session, actor: Actor) -> tuple[VillageChoice, ...]:
    """The township's current villages the actor may register households in, by code."""
    rows = session.execute(
        select(DivisionRow.code, DivisionRow.name)
        .where(
            DivisionRow.level == "village",
            DivisionRow.parent_code == township_code(session),
            DivisionRow.retired_since.is_(None),
        )
        .order_by(DivisionRow.code)
    ).all()
    return tuple(
        VillageChoice(row.code, row.name) for row in rows if actor.may_see_village(row.code)
    )
