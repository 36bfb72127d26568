"""What the visit dialog needs to fill in a form: the draft, its form version, context, members,
the visit's photos and, for a final visit, its corrections.

Opening a person's visit resumes their draft of the same form by the same user, or starts one.
A final visit is shown as last corrected: the latest amendment's answers and date.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from minzheng_field.domain.work import VisitStatus
from minzheng_field.forms.definition import FormDefinition
from minzheng_field.forms.evaluation import FormContext
from minzheng_field.services.context import Actor
from minzheng_field.services.errors import InvalidInput
from minzheng_field.services.forms_catalog import FormVersionInfo, forms_for_category
from minzheng_field.services.visibility import check_can_open_person
from minzheng_field.services.visits import (
    AmendmentView,
    PhotoInfo,
    create_draft,
    form_context_for,
    visit_row,
    visit_view,
)
from minzheng_field.store.models import Person, UserProfile, Visit


@dataclass(frozen=True)
class CorrectionEntry:
    """One correction (amendment) of a final visit: who made it, when, why, the date it gives."""

    visit_id: str
    corrected_at: datetime | None
    corrected_by: str
    reason: str
    visited_on: date


@dataclass(frozen=True)
class VisitEntry:
    """A visit being filled in or read: its form version, answers and what the form needs."""

    visit_id: str
    person_id: str
    person_name: str
    category: str
    definition: FormDefinition
    context: FormContext
    members: tuple[tuple[str, str], ...]
    visited_on: date
    method: str
    visitor: str
    status: str
    answers: dict[str, Any]
    forms: tuple[FormVersionInfo, ...]
    corrections: tuple[CorrectionEntry, ...] = ()
    photos: tuple[PhotoInfo, ...] = ()
    # The visitor as people know them (the display name), the username when none is set.
    visitor_name: str = ""

    @property
    def is_final(self) -> bool:
        """Whether the visit is final (read-only)."""
        return self.status == VisitStatus.FINAL.value


def open_visit_entry(
    session: Session,
    actor: Actor,
    person_id: str,
    category: str,
    *,
    form_id: str | None = None,
    visited_on: date | None = None,
) -> VisitEntry:
    """The user's draft of `person_id` on the form for `category` (resumed, or started)."""
    check_can_open_person(session, actor, person_id)
    forms = tuple(forms_for_category(session, category))
    if not forms:
        raise InvalidInput("category", "这一类探访对象没有可用的探访表。")
    chosen = form_id or forms[0].form_id
    draft_id = session.scalar(
        select(Visit.id)
        .where(
            Visit.person_id == person_id,
            Visit.form_id == chosen,
            Visit.status == VisitStatus.DRAFT.value,
            Visit.deleted.is_(False),
            Visit.updated_by == actor.username,
        )
        .order_by(Visit.updated_at.desc())
        .limit(1)
    )
    if draft_id is None:
        draft_id = create_draft(
            session, actor, person_id, chosen, visited_on=visited_on, category=category
        ).visit_id
    return visit_entry(session, actor, draft_id, forms)


def visit_entry(
    session: Session, actor: Actor, visit_id: str, forms: tuple[FormVersionInfo, ...] = ()
) -> VisitEntry:
    """A stored visit as the dialog shows it, on the form version it was written on.

    An amendment's id opens its original (the whole visit, with every correction).
    """
    original_id = session.scalar(select(Visit.amends_visit_id).where(Visit.id == visit_id))
    view = visit_view(session, actor, original_id or visit_id)
    visit = visit_row(session, view.visit_id)
    context = form_context_for(session, visit, view.definition)
    person = session.get(Person, view.person_id)
    members: tuple[tuple[str, str], ...] = ()
    if view.household_id is not None:
        members = tuple(
            (row.id, row.name)
            for row in session.execute(
                select(Person.id, Person.name)
                .where(Person.household_id == view.household_id, Person.deleted.is_(False))
                .order_by(Person.name)
            )
        )
    latest = view.amendments[-1] if view.amendments else None
    visitor_name = session.scalar(
        select(UserProfile.display_name).where(UserProfile.username == view.visitor)
    )
    return VisitEntry(
        visit_id=view.visit_id,
        person_id=view.person_id,
        person_name=person.name if person is not None else "",
        category=view.category,
        definition=view.definition,
        context=context,
        members=members,
        visited_on=latest.visited_on if latest else view.visited_on,
        method=latest.method if latest else view.method,
        visitor=view.visitor,
        status=view.status,
        answers=dict(view.current_answers),
        forms=forms or tuple(forms_for_category(session, view.category)),
        corrections=_corrections(session, view.amendments),
        photos=view.photos,
        visitor_name=visitor_name or view.visitor,
    )


def _corrections(
    session: Session, amendments: tuple[AmendmentView, ...]
) -> tuple[CorrectionEntry, ...]:
    names = dict(
        session.execute(
            select(UserProfile.username, UserProfile.display_name).where(
                UserProfile.username.in_({a.corrected_by for a in amendments if a.corrected_by})
            )
        ).all()
    )
    return tuple(
        CorrectionEntry(
            visit_id=amendment.visit_id,
            corrected_at=amendment.finalised_at,
            corrected_by=names.get(amendment.corrected_by) or amendment.corrected_by or "",
            reason=amendment.reason or "",
            visited_on=amendment.visited_on,
        )
        for amendment in amendments
    )
