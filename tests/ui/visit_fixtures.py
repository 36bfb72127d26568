"""Shared setup of the visit UI tests: a demo township and its persons by visit category."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import select

from minzheng_field.services.context import actor_for
from minzheng_field.store.models import ChildFile, ElderFile, Person, Visit
from minzheng_field.store.session import session_scope
from minzheng_field.store.vault import Vault


def in_vault(vault: Vault, work: Callable[[Any, Any], Any], username: str = "admin") -> Any:
    """Run `work(session, actor)` in one transaction on the test's thread."""
    engine = vault.open_engine()
    try:
        with session_scope(engine) as session:
            return work(session, actor_for(session, username))
    finally:
        vault.close_engine(engine)


def children_of(vault: Vault, category: str, count: int = 1) -> list[str]:
    """Ids of living children with a file of `category`."""
    return in_vault(
        vault,
        lambda s, a: list(
            s.scalars(
                select(ChildFile.person_id)
                .join(Person, Person.id == ChildFile.person_id)
                .where(
                    ChildFile.category == category,
                    ChildFile.deleted.is_(False),
                    Person.deleted.is_(False),
                    Person.deceased_on.is_(None),
                )
                .order_by(Person.id)
                .limit(count)
            )
        ),
    )


def elders(vault: Vault, count: int = 1) -> list[str]:
    """Ids of living elders with an elder file."""
    return in_vault(
        vault,
        lambda s, a: list(
            s.scalars(
                select(ElderFile.person_id)
                .join(Person, Person.id == ElderFile.person_id)
                .where(ElderFile.deleted.is_(False), Person.deceased_on.is_(None))
                .order_by(Person.id)
                .limit(count)
            )
        ),
    )


def drafts_of(vault: Vault, person_id: str) -> list[dict[str, Any]]:
    """The answers of the person's draft visits."""
    return in_vault(
        vault,
        lambda s, a: [
            dict(v.answers or {})
            for v in s.scalars(
                select(Visit).where(Visit.person_id == person_id, Visit.status == "draft")
            )
        ],
    )
