"""Visit form versions in the vault: shipped forms published as FormVersion rows; definitions.

Decisions:
- The shipped forms are published on unlock when missing (idempotent: a version already in
  the vault, published here or by the county, is left alone). A published row's id is
  derived from (form id, version) (UUID 5), so every device that publishes the same shipped
  version writes the same row: the county receives one form version, not one per device. The
  row is written through recording.py (audit entry and outbox mutation) like every synced row.
- A version's definition comes from its FormVersion row when there is one (what was
  published is what old visits open with), else from the shipped file. Definitions are
  checked when loaded and kept per process by (form id, version, content); they hold no
  personal data, so the cache may outlive a lock.
- "Latest" is the highest version number (`2026.10` after `2026.9`) among the rows and the
  shipped files.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from minzheng_field.domain.calendar import china_today
from minzheng_field.forms.definition import FormDefinition, version_key
from minzheng_field.forms.loader import load_definition
from minzheng_field.forms.registry import UnknownForm, shipped_forms, shipped_keys
from minzheng_field.services.context import Actor
from minzheng_field.services.recording import Change, record_create
from minzheng_field.store.models import FormVersion

# Namespace of the ids of published shipped forms (never change it: ids must agree).
FORM_ID_NAMESPACE = uuid.UUID("6f1c1b1e-55a4-4f7e-9a37-1d2b9a0c4e21")
PUBLISH_REASON = "随软件发布的探访表单"

_loaded: dict[tuple[str, str], tuple[str, FormDefinition]] = {}


@dataclass(frozen=True)
class FormVersionInfo:
    """One version of a form, without its definition."""

    form_id: str
    form_version: str
    title: str
    categories: tuple[str, ...]
    published_on: date | None


@dataclass(frozen=True)
class PublishedForms:
    """Form versions written to the vault by one call (empty when all were there)."""

    published: tuple[FormVersionInfo, ...]
    changes: tuple[Change, ...]


def form_row_id(form_id: str, form_version: str) -> str:
    """The id every device gives the row of a shipped form version."""
    return str(uuid.uuid5(FORM_ID_NAMESPACE, f"{form_id}\n{form_version}"))


def publish_shipped_forms(
    session: Session, actor: Actor, *, today: date | None = None
) -> PublishedForms:
    """Write a FormVersion row for every shipped form version the vault lacks."""
    present = {
        (form_id, version)
        for form_id, version in session.execute(
            select(FormVersion.form_id, FormVersion.form_version)
        )
    }
    if shipped_keys() <= present:
        # Every session asks; checking the definitions only when one is missing keeps the
        # writer free at unlock (they take a quarter of a second to load).
        return PublishedForms((), ())
    day = today or china_today()
    published: list[FormVersionInfo] = []
    changes: list[Change] = []
    for key, definition in sorted(shipped_forms().items()):
        if key in present:
            continue
        row = FormVersion(
            id=form_row_id(*key),
            form_id=definition.id,
            form_version=definition.version,
            title=definition.title,
            definition=dict(definition.raw),
            published_on=day,
        )
        changes.append(record_create(session, actor, row, reason=PUBLISH_REASON))
        published.append(_info(definition, day))
    return PublishedForms(tuple(published), tuple(changes))


def form_definition(session: Session, form_id: str, form_version: str) -> FormDefinition:
    """The definition of one version of a form (UnknownForm when neither vault nor app has it)."""
    stored = session.scalar(
        select(FormVersion.definition).where(
            FormVersion.form_id == form_id,
            FormVersion.form_version == form_version,
            FormVersion.deleted.is_(False),
        )
    )
    if stored is None:
        shipped = shipped_forms().get((form_id, form_version))
        if shipped is None:
            raise UnknownForm(form_id, form_version)
        return shipped
    return _definition_of(form_id, form_version, stored)


def latest_form(session: Session, form_id: str) -> FormDefinition:
    """The newest version of a form in the vault or shipped with the app."""
    versions = {version for (name, version) in shipped_forms() if name == form_id}
    versions.update(
        session.scalars(
            select(FormVersion.form_version).where(
                FormVersion.form_id == form_id, FormVersion.deleted.is_(False)
            )
        )
    )
    if not versions:
        raise UnknownForm(form_id)
    return form_definition(session, form_id, max(versions, key=version_key))


def form_versions(session: Session) -> list[FormVersionInfo]:
    """Every version of every form, in the vault or shipped, by form id and version."""
    found: dict[tuple[str, str], FormVersionInfo] = {
        key: _info(definition, None) for key, definition in shipped_forms().items()
    }
    for row in session.execute(
        select(
            FormVersion.form_id,
            FormVersion.form_version,
            FormVersion.title,
            FormVersion.definition,
            FormVersion.published_on,
        ).where(FormVersion.deleted.is_(False))
    ):
        categories = (
            row.definition.get("categories", []) if isinstance(row.definition, dict) else []
        )
        found[(row.form_id, row.form_version)] = FormVersionInfo(
            row.form_id,
            row.form_version,
            row.title,
            tuple(str(category) for category in categories),
            row.published_on,
        )
    return [found[key] for key in sorted(found, key=lambda k: (k[0], version_key(k[1])))]


def forms_for_category(session: Session, category: str) -> list[FormVersionInfo]:
    """The latest version of each form used for visits of `category`."""
    latest: dict[str, FormVersionInfo] = {}
    for info in form_versions(session):
        if category in info.categories:
            latest[info.form_id] = info  # versions come in ascending order
    return [latest[form_id] for form_id in sorted(latest)]


def _info(definition: FormDefinition, published_on: date | None) -> FormVersionInfo:
    return FormVersionInfo(
        definition.id, definition.version, definition.title, definition.categories, published_on
    )


def _definition_of(form_id: str, form_version: str, data: object) -> FormDefinition:
    text = json.dumps(data, sort_keys=True, ensure_ascii=False)
    cached = _loaded.get((form_id, form_version))
    if cached is not None and cached[0] == text:
        return cached[1]
    definition = load_definition(data, source=f"{form_id}-{form_version}")
    _loaded[(form_id, form_version)] = (text, definition)
    return definition
