"""Household and member operations: each wraps one service call, run off the GUI thread.

Each function returns an `Operation`; the caller adds `.success()` / `.failure()` and calls
`.run_in_background()`. Jobs look up `session.database` only when they run, so an editor
that stayed open across a lock submits to the threads of the new unlock.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtWidgets import QWidget

from minzheng_field.domain.person_fields import Relationship
from minzheng_field.services import households as household_service
from minzheng_field.services import persons as person_service
from minzheng_field.services import reveal as reveal_service
from minzheng_field.services.errors import InvalidInput
from minzheng_field.services.household_file import HouseholdFile, open_household
from minzheng_field.services.household_queries import VillageChoice, township_villages
from minzheng_field.services.households import (
    HeadChange,
    HouseholdChange,
    MemberMove,
    MemberRemoval,
)
from minzheng_field.services.persons import DeathResult, MemberChange, PersonInput
from minzheng_field.services.search import search
from minzheng_field.store.queries.person_search import PersonQuery, SearchPage
from minzheng_field.ui.ops.base import Operation, show_error
from minzheng_field.ui.session import UiSession

# Errors about the head typed in the new-household editor name their field with this prefix,
# so that `phone` of the head and `phone` of the household stay apart.
HEAD_FIELD_PREFIX = "head."


def load_household(
    session: UiSession, parent: QWidget | None, household_id: str
) -> Operation[HouseholdFile]:
    """Read the household file as the user may see it."""
    return Operation(session, parent, lambda s, a: open_household(s, a, household_id), write=False)


def load_villages(
    session: UiSession, parent: QWidget | None
) -> Operation[tuple[VillageChoice, ...]]:
    """Read the villages the user may register a household in."""
    return Operation(session, parent, township_villages, write=False)


def find_persons(
    session: UiSession, parent: QWidget | None, query: PersonQuery
) -> Operation[SearchPage]:
    """Search persons within what the user may see (for choosing another household)."""
    return Operation(session, parent, lambda s, a: search(s, a, query), write=False)


def add_household(
    session: UiSession,
    parent: QWidget | None,
    *,
    village_code: str,
    head: PersonInput,
    **fields: Any,
) -> Operation[HouseholdChange]:
    """Register a new household with its head; head errors carry HEAD_FIELD_PREFIX."""

    def job(s: Any, a: Any) -> HouseholdChange:
        try:
            person_service.validate_person(head)
        except InvalidInput as error:
            raise InvalidInput(HEAD_FIELD_PREFIX + error.field, error.message) from None
        return household_service.add_household(s, a, village_code=village_code, head=head, **fields)

    return Operation(session, parent, job)


def edit_household(
    session: UiSession, parent: QWidget | None, household_id: str, **fields: Any
) -> Operation[HouseholdChange]:
    """Change a household's own fields."""
    return Operation(
        session,
        parent,
        lambda s, a: household_service.edit_household(s, a, household_id, **fields),
    )


def add_member(
    session: UiSession, parent: QWidget | None, household_id: str, person: PersonInput
) -> Operation[MemberChange]:
    """Add a member to a household."""
    return Operation(
        session, parent, lambda s, a: household_service.add_member(s, a, household_id, person)
    )


def edit_member(
    session: UiSession, parent: QWidget | None, person_id: str, **fields: Any
) -> Operation[MemberChange]:
    """Change the given fields of a person (PersonInput names)."""
    return Operation(
        session, parent, lambda s, a: person_service.edit_member(s, a, person_id, **fields)
    )


def move_member(
    session: UiSession,
    parent: QWidget | None,
    person_id: str,
    to_household_id: str,
    *,
    relation: Relationship | str,
    new_head_id: str | None = None,
) -> Operation[MemberMove]:
    """Move a member to another household."""
    return Operation(
        session,
        parent,
        lambda s, a: household_service.move_member(
            s, a, person_id, to_household_id, relation=relation, new_head_id=new_head_id
        ),
    )


def remove_member(
    session: UiSession, parent: QWidget | None, person_id: str, *, reason: str
) -> Operation[MemberRemoval]:
    """Remove a member (kept as a tombstone) with the reason."""
    return Operation(
        session,
        parent,
        lambda s, a: household_service.remove_member(s, a, person_id, reason=reason),
    )


def mark_deceased(
    session: UiSession,
    parent: QWidget | None,
    person_id: str,
    deceased_on: date,
    *,
    reason: str | None = None,
) -> Operation[DeathResult]:
    """Record a death; the result lists the benefits to stop or review."""
    return Operation(
        session,
        parent,
        lambda s, a: person_service.mark_deceased(s, a, person_id, deceased_on, reason=reason),
    )


def change_head(
    session: UiSession,
    parent: QWidget | None,
    household_id: str,
    new_head_id: str,
    *,
    old_head_relation: Relationship | str | None = None,
) -> Operation[HeadChange]:
    """Make another member the head of the household."""
    return Operation(
        session,
        parent,
        lambda s, a: household_service.change_head(
            s, a, household_id, new_head_id, old_head_relation=old_head_relation
        ),
    )


def reveal_resident_id(
    session: UiSession, parent: QWidget | None, person_id: str, on_done: Callable[[str], None]
) -> int:
    """Fetch a whole ID number (the view is logged); no broadcast, nothing else changed."""
    return _reveal(
        session, parent, lambda s, a: reveal_service.reveal_resident_id(s, a, person_id), on_done
    )


def reveal_person_phone(
    session: UiSession, parent: QWidget | None, person_id: str, on_done: Callable[[str], None]
) -> int:
    """Fetch a person's whole phone number (the view is logged)."""
    return _reveal(
        session, parent, lambda s, a: reveal_service.reveal_phone(s, a, person_id), on_done
    )


def reveal_household_phone(
    session: UiSession, parent: QWidget | None, household_id: str, on_done: Callable[[str], None]
) -> int:
    """Fetch the household's whole contact phone (the view is logged)."""
    return _reveal(
        session,
        parent,
        lambda s, a: reveal_service.reveal_household_phone(s, a, household_id),
        on_done,
    )


def reveal_bank_account(
    session: UiSession, parent: QWidget | None, household_id: str, on_done: Callable[[str], None]
) -> int:
    """Fetch the household's whole bank account (staff only; the view is logged)."""
    return _reveal(
        session,
        parent,
        lambda s, a: reveal_service.reveal_bank_account(s, a, household_id),
        on_done,
    )


def _reveal(
    session: UiSession,
    parent: QWidget | None,
    job: Callable[[Any, Any], str],
    on_done: Callable[[str], None],
) -> int:
    # The access entry is a write, but no view needs to refresh for it: no broadcast.
    return session.database.write(job, on_done, lambda error: show_error(parent, error))
