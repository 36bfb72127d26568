"""Visit data for tests: final visits, an elder visited on given days."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import update
from sqlalchemy.orm import Session

from caseload_builders import household_row, person_row
from minzheng_field.services.context import Actor
from minzheng_field.services.recording import record_create
from minzheng_field.services.visits import PhotoAttached, attach_prepared_photo, prepare_photo
from minzheng_field.store.models import AuditEntry, ElderFile, Visit

# A final phone visit of an elder by cadre1, unless told otherwise.
FINAL_VISIT: dict[str, Any] = {
    "category": "elder",
    "form_id": "special_elder_visit",
    "form_version": "1",
    "method": "phone",
    "visitor": "cadre1",
    "status": "final",
}


def final_visit(
    session: Session, actor: Actor, person_id: str, visited_on: date, **fields: Any
) -> Visit:
    """A final visit of the person on `visited_on` (`fields` change FINAL_VISIT's values)."""
    visit = Visit(person_id=person_id, visited_on=visited_on, **{**FINAL_VISIT, **fields})
    record_create(session, actor, visit)
    return visit


def elder_visited(session: Session, admin: Actor, name: str, village: str, *days: date) -> str:
    """An elder living alone (visited monthly) with a final visit on each of `days`."""
    household = household_row(session, admin, village)
    person = person_row(session, admin, name, household, birth_date=date(1940, 1, 1))
    file = ElderFile(person_id=person.id, categories=["living_alone"], risk_tier="low")
    record_create(session, admin, file)
    # The file was made long ago (its creation's audit entry dates it).
    session.execute(
        update(AuditEntry)
        .where(AuditEntry.entity_id == file.id)
        .values(at=datetime(2026, 1, 5, 4, 0, tzinfo=UTC))
    )
    for day in days:
        final_visit(
            session,
            admin,
            person.id,
            day,
            form_version="2026.1",
            household_id=household.id,
            answers={},
            finalised_at=datetime.combine(day, datetime.min.time(), UTC),
        )
    return person.id


def attach_photo(
    session: Session, actor: Actor, visit_id: str, image_bytes: bytes, **options: Any
) -> PhotoAttached:
    """Prepare a photo and store it with a visit, as the app does in two steps on two threads."""
    return attach_prepared_photo(session, actor, visit_id, prepare_photo(image_bytes), **options)
