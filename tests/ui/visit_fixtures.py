"""Shared setup of the visit UI tests: a demo township and its persons by visit category."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from tests.ui.vault_jobs import in_vault

from minzheng_field.store.models import ChildFile, ElderFile, Person, Visit
from minzheng_field.store.vault import Vault

__all__ = ["children_of", "drafts_of", "elders", "in_vault"]


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
