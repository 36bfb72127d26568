"""Rows, actors and record readers shared by the caseload tests (importable from any test).

The builders write rows through `record_create`, as a service would, without the checks
of the services under test.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from minzheng_field.domain.resident_id import resident_id_check_character
from minzheng_field.domain.roles import Role
from minzheng_field.services.context import Actor, actor_for
from minzheng_field.services.recording import record_create
from minzheng_field.store.models import AuditEntry, Household, OutboxMutation, Person, UserProfile

# Villages of the test vault's township 431023113 (永兴县樟树镇).
TANQUAN = "431023113200"  # 坦泉村
YANGJIA = "431023113201"  # 洋佳村


def rid(first17: str) -> str:
    """A valid 18-digit ID number from its first 17 digits."""
    return first17 + resident_id_check_character(first17)


def cadre_actor(admin: Actor, username: str = "cadre1", *villages: str) -> Actor:
    """A village cadre of `villages` (坦泉村 when none), acting on the admin's device."""
    return Actor(username, Role.VILLAGE_CADRE, admin.device_id, frozenset(villages or (TANQUAN,)))


def cadre_user(session: Session, username: str, *villages: str) -> Actor:
    """A village cadre of `villages` with a local profile, as `actor_for` reads them."""
    session.add(
        UserProfile(
            username=username,
            display_name="村干部",
            role=Role.VILLAGE_CADRE.value,
            villages=list(villages),
        )
    )
    session.flush()
    return actor_for(session, username)


def household_row(session: Session, actor: Actor, village: str = TANQUAN) -> Household:
    """An empty household of `village`."""
    household = Household(village_code=village)
    record_create(session, actor, household)
    return household


def person_row(
    session: Session, actor: Actor, name: str, household: Household | None, **fields: Any
) -> Person:
    """A person of `household` (or of none)."""
    person = Person(name=name, household_id=household.id if household else None, **fields)
    record_create(session, actor, person)
    return person


def row_counts(session: Session, *models: type[Any]) -> tuple[int, ...]:
    """How many rows each model's table holds (tombstones too)."""
    return tuple(session.scalar(select(func.count()).select_from(model)) or 0 for model in models)


def audit_of(session: Session, entity_id: str) -> list[AuditEntry]:
    """The audit entries of one row, oldest first."""
    return list(
        session.scalars(
            select(AuditEntry).where(AuditEntry.entity_id == entity_id).order_by(AuditEntry.at)
        )
    )


def outbox_of(session: Session, entity_id: str) -> list[OutboxMutation]:
    """The outbox mutations of one row, in the order they are sent."""
    return list(
        session.scalars(
            select(OutboxMutation)
            .where(OutboxMutation.entity_id == entity_id)
            .order_by(OutboxMutation.seq)
        )
    )


def audit_and_outbox(
    session: Session, entity_id: str
) -> tuple[list[AuditEntry], list[OutboxMutation]]:
    """The audit entries and outbox mutations of one row."""
    return audit_of(session, entity_id), outbox_of(session, entity_id)
