"""Who may open which household and read which fields: the policy, as data, in one place.

Township staff (administrator, assistant) read every field of the township. A village cadre
reads only households of their villages and only the fields their duty needs; everything
else is left out of the SELECT itself, so no service can hand a hidden value to a cadre.

Decisions (see also the module constants):
- A cadre sees whether a person has a disability (yes/no, computed in SQL) but not its
  category or grade; the 重残 elder category and the disability subsidies are programs and
  categories of their duty, and stay visible.
- A parent's situation in a child file that is imprisonment, compulsory rehab, serious
  illness or severe disability reaches a cadre as 其他原因不能监护 (`other_unable`), and that
  parent's whereabouts, away-since date and phone as None (a prison's name is a whereabouts).
- Free-text notes and reasons of households, persons, enrolments and their events are hidden
  from cadres: township staff write eligibility reasons (income, illness) there. Notes of
  child and elder files stay visible: the village 儿童主任 keeps those files.
- Housing (住房情况) counts among assets and is hidden; so are 分类施保 class codes, which
  in most counties name illness or disability (A类 重病/重残), and the amount basis of an
  enrolment event, which holds the income and the class.
- A model or column missing from the policy is hidden from cadres: a new column is never
  shown by accident, and a test requires every column to be classified.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any, TypeVar

from sqlalchemy import ColumnElement, Select, and_, case, exists, inspect, literal, null, select
from sqlalchemy.orm import Session

from minzheng_field.domain.care import ParentSituation
from minzheng_field.domain.roles import Role
from minzheng_field.services.context import Actor
from minzheng_field.services.errors import Forbidden, NotFound
from minzheng_field.store.models import (
    Attachment,
    Base,
    ChildFile,
    ElderFile,
    Enrolment,
    EnrolmentEvent,
    FormVersion,
    Household,
    Notice,
    Person,
    RelativeDeclaration,
    Synced,
    Task,
    Visit,
    VisitPlan,
)

Row = dict[str, Any]
_View = TypeVar("_View")

RELATED_MESSAGE = "这户与您有近亲属备案，按规定您不能查看或经办这户的档案。"
OTHER_VILLAGE_MESSAGE = "这户不在您负责的村，您不能查看或经办这户的档案。"
NO_HOUSEHOLD_MESSAGE = "这个人还没有编入任何一户，请由乡镇民政专干处理。"

_SYNC = frozenset({"id", "version", "updated_at", "updated_by", "deleted"})

# What a village cadre may read, per model (the sync columns always). Everything else of
# that model is hidden from them; `CADRE_HIDDEN` names it so that a reader sees both sides.
CADRE_READABLE: Mapping[type[Base], frozenset[str]] = {
    Household: frozenset(
        {
            "village_code",
            "head_person_id",
            "address",
            "phone",
            "dibao_certificate_no",
            "relative_declared",
        }
    ),
    Person: frozenset(
        {
            "household_id",
            "relation",
            "name",
            "sex",
            "ethnicity",
            # Shown masked; the whole number only through reveal.py, which logs the view.
            "resident_id",
            "birth_date",
            "pending_verification",
            "pending_reason",
            "marital_status",
            "labour_capacity",
            "employment",
            "phone",
            "hukou_address",
            "current_address",
            "deceased_on",
        }
    ),
    RelativeDeclaration: frozenset({"household_id", "person_id", "declared_on"}),
    Enrolment: frozenset(
        {
            "household_id",
            "person_id",
            "program",
            "status",
            "applied_on",
            "decided_on",
            "start_month",
            "end_month",
            # The amount is on the village 公示 anyway.
            "monthly_amount_fen",
            "covered_members",
            "support_mode",
            "self_care_level",
            "carer_name",
            "carer_phone",
            "assistance_type",
            "assistance_amount_fen",
            "review_cycle_months",
            "next_review_on",
        }
    ),
    EnrolmentEvent: frozenset(
        {"enrolment_id", "from_status", "to_status", "effective_on", "monthly_amount_fen"}
    ),
    ChildFile: frozenset(
        {
            "person_id",
            "category",
            "father_situation",
            "father_whereabouts",
            "father_away_since",
            "father_phone",
            "mother_situation",
            "mother_whereabouts",
            "mother_away_since",
            "mother_phone",
            "guardian_name",
            "guardian_relation",
            "guardian_age",
            "guardian_phone",
            "guardian_capacity",
            "guardianship_type",
            "entrusted_in_writing",
            "school",
            "grade",
            "last_parent_contact_on",
            "risk_level",
            "child_director",
            "notes",
        }
    ),
    ElderFile: frozenset(
        {
            "person_id",
            "categories",
            "risk_tier",
            "living_arrangement",
            "care_needs",
            "emergency_contact_name",
            "emergency_contact_phone",
            "responsible",
            "notes",
        }
    ),
    VisitPlan: frozenset({"person_id", "category", "visitor", "active"}),
    # Cadres make the visits; a form field that must be hidden is the forms' business.
    Visit: frozenset(
        {
            "person_id",
            "household_id",
            "category",
            "form_id",
            "form_version",
            "visited_on",
            "method",
            "visitor",
            "status",
            "answers",
            "amends_visit_id",
            "finalised_at",
        }
    ),
    Task: frozenset(
        {
            "kind",
            "title",
            "person_id",
            "household_id",
            "source_visit_id",
            "due_on",
            "status",
            "assigned_to",
            "done_at",
            "result",
        }
    ),
    Notice: frozenset({"household_id", "enrolment_id", "kind", "number", "issued_on", "served_on"}),
    # Visit photos and the forms are what a visitor works with.
    Attachment: frozenset(
        {"visit_id", "sha256", "media_type", "taken_at", "width", "height", "data", "caption"}
    ),
    FormVersion: frozenset({"form_id", "form_version", "title", "definition", "published_on"}),
}

CADRE_HIDDEN: Mapping[type[Base], frozenset[str]] = {
    Household: frozenset({"bank_name", "bank_account", "housing", "notes"}),
    Person: frozenset({"health", "disability_category", "disability_grade", "notes"}),
    RelativeDeclaration: frozenset(
        {"staff_name", "staff_username", "staff_position", "relation", "notes"}
    ),
    Enrolment: frozenset({"per_capita_income_fen", "dibao_class", "assistance_reason", "notes"}),
    # The amount basis holds the household's income and its 分类施保 class.
    EnrolmentEvent: frozenset({"basis", "reason"}),
    ChildFile: frozenset({"health"}),
    ElderFile: frozenset(),
    VisitPlan: frozenset(),
    Visit: frozenset(),
    Task: frozenset(),
    # Refusal reasons and amounts' working live in the notice's content.
    Notice: frozenset({"content"}),
    Attachment: frozenset(),
    FormVersion: frozenset(),
}

# Audit reasons on these tables are written by township staff about eligibility.
CADRE_HIDDEN_AUDIT_REASONS = frozenset(
    {"households", "persons", "relative_declarations", "enrolments", "enrolment_events", "notices"}
)

# Parent situations (ChildFile.father_situation / mother_situation) a cadre never sees.
SENSITIVE_PARENT_SITUATIONS = frozenset(
    situation.value
    for situation in (
        ParentSituation.IMPRISONED,
        ParentSituation.COMPULSORY_REHAB,
        ParentSituation.SERIOUSLY_ILL,
        ParentSituation.SEVERELY_DISABLED,
    )
)
# What a cadre sees instead: a real value of its own, 其他原因不能监护.
PARENT_SITUATION_SHOWN_TO_CADRE = ParentSituation.OTHER_UNABLE.value
PARENTS = ("father", "mother")
# A parent's details that would betray a hidden situation (a prison's name, its phone).
PARENT_DETAILS = ("whereabouts", "away_since", "phone")

# Values computed in SQL that every role may read instead of a hidden column.
DERIVED: Mapping[type[Base], Mapping[str, Callable[[], ColumnElement[Any]]]] = {
    Person: {
        "has_disability": lambda: (
            Person.disability_category.is_not(None) | Person.disability_grade.is_not(None)
        )
    },
}

_MODELS_BY_TABLE: dict[str, type[Base]] = {
    str(model.__tablename__): model for model in CADRE_READABLE
}


def column_names(model: type[Base]) -> frozenset[str]:
    """Every mapped column of a model."""
    return frozenset(attr.key for attr in inspect(model).column_attrs)


def full_sight(role: Role) -> bool:
    """Whether a role reads every field (township staff) rather than its duty's fields."""
    return role in (Role.TOWNSHIP_ADMIN, Role.TOWNSHIP_ASSISTANT)


def readable_fields(role: Role, model: type[Base]) -> frozenset[str]:
    """The columns of `model` a role may read."""
    if full_sight(role):
        return column_names(model)
    if role is Role.VILLAGE_CADRE:
        readable = CADRE_READABLE.get(model, frozenset())
        return (readable | _SYNC) & column_names(model) if readable else frozenset()
    return frozenset()


def hidden_fields(role: Role, model: type[Base]) -> frozenset[str]:
    """The columns of `model` a role may not read."""
    return column_names(model) - readable_fields(role, model)


def model_for_table(entity_type: str) -> type[Base] | None:
    """The model of an audit entry's entity type."""
    return _MODELS_BY_TABLE.get(entity_type)


def _parent_expressions() -> dict[str, ColumnElement[Any]]:
    expressions: dict[str, ColumnElement[Any]] = {}
    for parent in PARENTS:
        situation = getattr(ChildFile, f"{parent}_situation")
        sensitive = situation.in_(sorted(SENSITIVE_PARENT_SITUATIONS))
        expressions[f"{parent}_situation"] = case(
            (sensitive, literal(PARENT_SITUATION_SHOWN_TO_CADRE)), else_=situation
        )
        for detail in PARENT_DETAILS:
            column = getattr(ChildFile, f"{parent}_{detail}")
            expressions[f"{parent}_{detail}"] = case((sensitive, null()), else_=column)
    return expressions


def readable_columns(actor: Actor, model: type[Base]) -> list[ColumnElement[Any]]:
    """The SELECT list of what `actor` may read of `model`, each labelled by its field name."""
    fields = readable_fields(actor.role, model)
    if not fields:
        raise Forbidden()
    overrides = _parent_expressions() if model is ChildFile and not full_sight(actor.role) else {}
    columns: list[ColumnElement[Any]] = []
    for name in sorted(fields):
        expression = overrides.get(name)
        if expression is None:
            expression = getattr(model, name)
        columns.append(expression.label(name))
    for name, make in DERIVED.get(model, {}).items():
        columns.append(make().label(name))
    return columns


def readable_select(actor: Actor, model: type[Base]) -> Select[Any]:
    """A SELECT of `model` holding only the columns `actor` may read."""
    return select(*readable_columns(actor, model))


def read_rows(
    session: Session,
    actor: Actor,
    model: type[Base],
    *criteria: ColumnElement[bool],
    order_by: Iterable[ColumnElement[Any]] = (),
    include_deleted: bool = False,
) -> list[Row]:
    """Rows of `model` as dicts of the fields `actor` may read; hidden fields are absent."""
    statement = readable_select(actor, model).where(*criteria)
    if not include_deleted and issubclass(model, Synced):
        statement = statement.where(model.deleted.is_(False))
    statement = statement.order_by(*order_by)
    return [dict(row) for row in session.execute(statement).mappings()]


def view_of(view: type[_View], row: Mapping[str, Any], **computed: Any) -> _View:
    """A view whose fields are the row's values of their names (None if hidden) or `computed`."""
    taken = {
        field.name: row.get(field.name)
        for field in dataclasses.fields(view)  # type: ignore[arg-type]
        if field.name not in computed
    }
    return view(**taken, **computed)


def read_row(
    session: Session, actor: Actor, model: type[Base], *criteria: ColumnElement[bool]
) -> Row | None:
    """The one live row of `model` matching `criteria`, as read by `actor`, or None."""
    rows = read_rows(session, actor, model, *criteria)
    return rows[0] if rows else None


def check_can_open_household(session: Session, actor: Actor, household_id: str) -> None:
    """Raise unless `actor` may open this household: their village, and not a relative's."""
    found = session.execute(
        select(Household.village_code).where(
            Household.id == household_id, Household.deleted.is_(False)
        )
    ).first()
    if found is None:
        raise NotFound("家庭档案")
    if not actor.may_see_village(found.village_code):
        raise Forbidden(OTHER_VILLAGE_MESSAGE)
    if is_declared_relative(session, actor, household_id):
        raise Forbidden(RELATED_MESSAGE)


def check_can_open_person(session: Session, actor: Actor, person_id: str) -> str | None:
    """Raise unless `actor` may open this person's records; returns the household id."""
    found = session.execute(
        select(Person.household_id).where(Person.id == person_id, Person.deleted.is_(False))
    ).first()
    if found is None:
        raise NotFound("人员记录")
    household_id: str | None = found.household_id
    if household_id is None:
        if not actor.sees_whole_township:
            raise Forbidden(NO_HOUSEHOLD_MESSAGE)
        if _declared_for_person(session, actor, person_id):
            raise Forbidden(RELATED_MESSAGE)
        return None
    check_can_open_household(session, actor, household_id)
    return household_id


@dataclass(frozen=True)
class DeclaredRelatives:
    """What a user's live 近亲属备案 keep them out of: households, and persons named in them."""

    household_ids: frozenset[str]
    person_ids: frozenset[str]


def declared_relatives(session: Session, username: str) -> DeclaredRelatives:
    """The households and persons a user is declared related to (live declarations only)."""
    rows = session.execute(
        select(RelativeDeclaration.household_id, RelativeDeclaration.person_id).where(
            RelativeDeclaration.staff_username == username,
            RelativeDeclaration.deleted.is_(False),
        )
    ).all()
    return DeclaredRelatives(
        household_ids=frozenset(row.household_id for row in rows),
        person_ids=frozenset(row.person_id for row in rows if row.person_id is not None),
    )


def readable_villages(actor: Actor, wanted: frozenset[str] | None) -> frozenset[str] | None:
    """The villages a list may cover: those asked for (None: every one) within the actor's."""
    if actor.sees_whole_township:
        return wanted
    # A person without a household has no village: the township's to handle, not a cadre's.
    return actor.villages if wanted is None else wanted & actor.villages


def is_declared_relative(session: Session, actor: Actor, household_id: str) -> bool:
    """Whether a live 近亲属备案 names `actor` as related to this household."""
    return bool(
        session.scalar(
            select(
                exists().where(
                    RelativeDeclaration.household_id == household_id,
                    RelativeDeclaration.staff_username == actor.username,
                    RelativeDeclaration.deleted.is_(False),
                )
            )
        )
    )


def _declared_for_person(session: Session, actor: Actor, person_id: str) -> bool:
    return bool(
        session.scalar(
            select(
                exists().where(
                    and_(
                        RelativeDeclaration.person_id == person_id,
                        RelativeDeclaration.staff_username == actor.username,
                        RelativeDeclaration.deleted.is_(False),
                    )
                )
            )
        )
    )


def shown_parent_situation(actor: Actor, value: str | None) -> str | None:
    """A parent's situation as `actor` may see it."""
    if value in SENSITIVE_PARENT_SITUATIONS and not full_sight(actor.role):
        return PARENT_SITUATION_SHOWN_TO_CADRE
    return value


def visible_changes(
    actor: Actor,
    entity_type: str,
    changes: Mapping[str, tuple[Any, Any]],
    *,
    sensitive_before: Iterable[str] = (),
) -> dict[str, tuple[Any, Any]]:
    """The changed fields `actor` may see, with hidden values replaced as on screen.

    `sensitive_before` names the parents ("father", "mother") of a child file whose
    situation was hidden before this change: their old details are hidden too, and so are
    new details while the situation stays hidden.
    """
    if full_sight(actor.role):
        return dict(changes)
    model = model_for_table(entity_type)
    if model is None:
        return {}
    readable = readable_fields(actor.role, model)
    hidden_before: set[str] = set()
    hidden_after: set[str] = set()
    if model is ChildFile:
        hidden_before, hidden_after = parents_hidden_around(changes, sensitive_before)
    shown: dict[str, tuple[Any, Any]] = {}
    for name, (old, new) in changes.items():
        if name not in readable:
            continue
        if model is ChildFile:
            parent, _, rest = name.partition("_")
            if parent in PARENTS and rest in PARENT_DETAILS:
                old = None if parent in hidden_before else old
                new = None if parent in hidden_after else new
            elif parent in PARENTS and rest == "situation":
                old, new = shown_parent_situation(actor, old), shown_parent_situation(actor, new)
            if old == new:
                continue
        shown[name] = (old, new)
    return shown


def parents_hidden_around(
    changes: Mapping[str, tuple[Any, Any]], sensitive_before: Iterable[str]
) -> tuple[set[str], set[str]]:
    """Parents of a child file whose situation is hidden before and after a change."""
    before = set(sensitive_before)
    after = set(before)
    for parent in PARENTS:
        pair = changes.get(f"{parent}_situation")
        if pair is None:
            continue
        old, new = pair
        if old in SENSITIVE_PARENT_SITUATIONS:
            before.add(parent)
        if new in SENSITIVE_PARENT_SITUATIONS:
            after.add(parent)
        else:
            after.discard(parent)
    return before, after
