"""Person search for the screens, within what the acting user may see."""

from __future__ import annotations

from dataclasses import replace

from sqlalchemy import select
from sqlalchemy.orm import Session

from minzheng_field.services.context import Actor
from minzheng_field.store.models import RelativeDeclaration
from minzheng_field.store.queries.person_search import PersonQuery, SearchPage, search_persons


def search(session: Session, actor: Actor, query: PersonQuery) -> SearchPage:
    """Search persons within the actor's villages, leaving out households they are related to."""
    return search_persons(session, scoped_query(session, actor, query))


def scoped_query(session: Session, actor: Actor, query: PersonQuery) -> PersonQuery:
    """The query narrowed to what `actor` may see: their villages, no related households."""
    villages = query.village_codes
    if not actor.sees_whole_township:
        # A cadre sees only their villages; asking for others finds nobody, and a person
        # without a household (no village) is the township's to handle.
        villages = actor.villages if villages is None else villages & actor.villages
    declared = session.execute(
        select(RelativeDeclaration.household_id, RelativeDeclaration.person_id).where(
            RelativeDeclaration.staff_username == actor.username,
            RelativeDeclaration.deleted.is_(False),
        )
    ).all()
    return replace(
        query,
        village_codes=frozenset(villages) if villages is not None else None,
        exclude_household_ids=query.exclude_household_ids
        | frozenset(row.household_id for row in declared),
        exclude_person_ids=query.exclude_person_ids
        | frozenset(row.person_id for row in declared if row.person_id is not None),
    )
