"""Background calls for visit plans: who may visit, assigning a visitor, taking off a schedule."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from PySide6.QtWidgets import QWidget

from minzheng_field.domain.schedules import plan_key
from minzheng_field.services.visit_plans import (
    PlanChange,
    assign_visitor,
    eligible_visitors,
    persons_off_schedule,
    put_back_on_schedule,
    take_off_schedule,
)
from minzheng_field.ui.ops.base import Operation
from minzheng_field.ui.session import UiSession


def load_visitors(
    session: UiSession, parent: QWidget | None, person_ids: Iterable[str]
) -> Operation:
    """The users who may visit every one of these persons."""
    wanted = list(dict.fromkeys(person_ids))
    return Operation(session, parent, lambda s, a: eligible_visitors(s, a, wanted), write=False)


def assign(
    session: UiSession,
    parent: QWidget | None,
    entries: Iterable[tuple[str, str]],
    visitor: str,
) -> Operation:
    """Make `visitor` the visitor of these (person, category) entries, all or none."""
    by_key: dict[str, tuple[str, list[str]]] = {}
    for person_id, category in entries:
        _category, persons = by_key.setdefault(plan_key(category), (category, []))
        if person_id not in persons:
            persons.append(person_id)

    def job(s: Any, a: Any) -> tuple[PlanChange, ...]:
        # One job, one transaction: a refusal for one category writes none of the others.
        return tuple(
            assign_visitor(s, a, persons, category, visitor)
            for category, persons in by_key.values()
        )

    return Operation(session, parent, job)


def take_off(
    session: UiSession, parent: QWidget | None, person_id: str, category: str, reason: str
) -> Operation:
    """Take a person off a category's schedule, with the township's reason."""
    return Operation(
        session, parent, lambda s, a: take_off_schedule(s, a, person_id, category, reason)
    )


def load_off_schedule(session: UiSession, parent: QWidget | None) -> Operation:
    """The persons taken off a schedule, with since when and why."""
    return Operation(session, parent, persons_off_schedule, write=False)


def put_back(
    session: UiSession, parent: QWidget | None, person_id: str, category: str, reason: str
) -> Operation:
    """Put a person back on a category's schedule, with the township's reason."""
    return Operation(
        session, parent, lambda s, a: put_back_on_schedule(s, a, person_id, category, reason)
    )
