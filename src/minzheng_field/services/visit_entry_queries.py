"""What the visit dialog needs to fill in a form: the draft, its form version, context, members.

Opening a person's visit resumes their draft of the same form by the same user, or starts one.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
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
from minzheng_field.services.visits import _form_context, _visit, create_draft, visit_view
from minzheng_field.store.models import Person, Visit


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
    """A stored visit as the dialog shows it, on the form version it was written on."""
    view = visit_view(session, actor, visit_id)
    visit = _visit(session, visit_id)
    context = _form_context(session, visit, view.definition)
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
    return VisitEntry(
        visit_id=view.visit_id,
        person_id=view.person_id,
        person_name=person.name if person is not None else "",
        category=view.category,
        definition=view.definition,
        context=context,
        members=members,
        visited_on=view.visited_on,
        method=view.method,
        visitor=view.visitor,
        status=view.status,
        answers=dict(view.answers),
        forms=forms or tuple(forms_for_category(session, view.category)),
    )
