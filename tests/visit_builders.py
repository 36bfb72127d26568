"""Visit data for tests: an elder visited on given days."""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import update
from sqlalchemy.orm import Session

from caseload_builders import household_row, person_row
from minzheng_field.services.context import Actor
from minzheng_field.services.recording import record_create
from minzheng_field.store.models import AuditEntry, ElderFile, Visit


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
        record_create(
            session,
            admin,
            Visit(
                person_id=person.id,
                household_id=household.id,
                category="elder",
                form_id="special_elder_visit",
                form_version="2026.1",
                visited_on=day,
                method="phone",
                visitor="cadre1",
                status="final",
                answers={},
                finalised_at=datetime.combine(day, datetime.min.time(), UTC),
            ),
        )
    return person.id
