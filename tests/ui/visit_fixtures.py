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
    return _living_with(
        vault,
        ChildFile.person_id,
        count,
        ChildFile.category == category,
        ChildFile.deleted.is_(False),
        Person.deleted.is_(False),
    )


def elders(vault: Vault, count: int = 1) -> list[str]:
    """Ids of living elders with an elder file."""
    return _living_with(vault, ElderFile.person_id, count, ElderFile.deleted.is_(False))


def _living_with(vault: Vault, file_person: Any, count: int, *conditions: Any) -> list[str]:
    """The first `count` ids (in id order) of living persons whose file meets `conditions`."""
    return in_vault(
        vault,
        lambda s, a: list(
            s.scalars(
                select(file_person)
                .join(Person, Person.id == file_person)
                .where(*conditions, Person.deceased_on.is_(None))
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
