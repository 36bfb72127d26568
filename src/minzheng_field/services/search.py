"""Person search for the screens, within what the acting user may see."""

from __future__ import annotations

from dataclasses import replace

from sqlalchemy.orm import Session

from minzheng_field.services.context import Actor
from minzheng_field.services.visibility import declared_relatives, readable_villages
from minzheng_field.store.queries.person_search import PersonQuery, SearchPage, search_persons


def search(session: Session, actor: Actor, query: PersonQuery) -> SearchPage:
    """Search persons within the actor's villages, leaving out households they are related to."""
    return search_persons(session, scoped_query(session, actor, query))


def scoped_query(session: Session, actor: Actor, query: PersonQuery) -> PersonQuery:
    """The query narrowed to what `actor` may see: their villages, no related households."""
    # A cadre asking for villages not theirs finds nobody.
    villages = readable_villages(actor, query.village_codes)
    declared = declared_relatives(session, actor.username)
    return replace(
        query,
        village_codes=frozenset(villages) if villages is not None else None,
        exclude_household_ids=query.exclude_household_ids | declared.household_ids,
        exclude_person_ids=query.exclude_person_ids | declared.person_ids,
    )
