"""Visit data for tests: care files, final visits, an elder visited on given days, open tasks."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import update
from sqlalchemy.orm import Session

from caseload_builders import TANQUAN, household_row, person_row
from minzheng_field.services.context import Actor
from minzheng_field.services.recording import record_create
from minzheng_field.services.visits import PhotoAttached, attach_prepared_photo, prepare_photo
from minzheng_field.store.models import AuditEntry, ChildFile, ElderFile, Person, Task, Visit

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


def elder_file(
    session: Session,
    actor: Actor,
    name: str,
    *,
    village: str = TANQUAN,
    risk: str = "low",
    responsible: str | None = None,
) -> ElderFile:
    """An elder born 1940, living alone in a household of their own, with an elder file."""
    household = household_row(session, actor, village)
    person = person_row(session, actor, name, household, birth_date=date(1940, 1, 1))
    file = ElderFile(
        person_id=person.id, categories=["living_alone"], risk_tier=risk, responsible=responsible
    )
    record_create(session, actor, file)
    return file


def child_file(
    session: Session,
    actor: Actor,
    name: str,
    *,
    born: date,
    category: str = "left_behind",
    risk: str = "low",
    director: str | None = "cadre1",
) -> ChildFile:
    """A child of 坦泉村 in a household of their own, with a child file."""
    household = household_row(session, actor, TANQUAN)
    person = person_row(session, actor, name, household, birth_date=born)
    file = ChildFile(
        person_id=person.id, category=category, risk_level=risk, child_director=director
    )
    record_create(session, actor, file)
    return file


def open_task(
    session: Session,
    actor: Actor,
    kind: str,
    due_on: date | None,
    name: str,
    *,
    village: str = TANQUAN,
    title: str | None = None,
) -> str:
    """An open task of `kind` about a new person `name`, assigned to `actor`; its id."""
    household = household_row(session, actor, village)
    person = person_row(session, actor, name, household)
    task = Task(
        kind=kind,
        title=f"{title or kind}：{name}",
        person_id=person.id,
        household_id=household.id,
        due_on=due_on,
        status="open",
        assigned_to=actor.username,
    )
    record_create(session, actor, task)
    return task.id


def elder_visited(session: Session, admin: Actor, name: str, village: str, *days: date) -> str:
    """An elder living alone (visited monthly) with a final visit on each of `days`."""
    file = elder_file(session, admin, name, village=village)
    person_id = file.person_id
    # The file was made long ago (its creation's audit entry dates it).
    session.execute(
        update(AuditEntry)
        .where(AuditEntry.entity_id == file.id)
        .values(at=datetime(2026, 1, 5, 4, 0, tzinfo=UTC))
    )
    household_id = session.get(Person, person_id).household_id
    for day in days:
        final_visit(
            session,
            admin,
            person_id,
            day,
            form_version="2026.1",
            household_id=household_id,
            answers={},
            finalised_at=datetime.combine(day, datetime.min.time(), UTC),
        )
    return person_id


def attach_photo(
    session: Session, actor: Actor, visit_id: str, image_bytes: bytes, **options: Any
) -> PhotoAttached:
    """Prepare a photo and store it with a visit, as the app does in two steps on two threads."""
    return attach_prepared_photo(session, actor, visit_id, prepare_photo(image_bytes), **options)
