"""Write a row together with its audit entry and its outbox mutation, in one transaction.

Every change of a synced row goes through here, so that the audit log and the outbox can
never disagree with the data: the caller's session commits all three or none.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from enum import Enum
from typing import Any, Literal

from sqlalchemy import inspect
from sqlalchemy.orm import Session

from minzheng_field.services.context import Actor
from minzheng_field.store.models import AuditEntry, OutboxMutation, Synced, utc_now

Action = Literal["create", "update", "delete"]


@dataclass(frozen=True)
class Change:
    """What one write changed: the entity, the action and each field's old and new value."""

    entity_type: str
    entity_id: str
    action: Action
    fields: Mapping[str, tuple[Any, Any]]


def json_value(value: Any) -> Any:
    """A value as it travels in the audit log and the outbox."""
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, frozenset | set | tuple):
        return sorted(json_value(v) for v in value)
    if isinstance(value, list):
        return [json_value(v) for v in value]
    if isinstance(value, dict):
        return {str(k): json_value(v) for k, v in value.items()}
    return value


def _column_names(entity: Synced) -> list[str]:
    mapper = inspect(type(entity))
    return [column.key for column in mapper.column_attrs]


def _entity_type(entity: Synced) -> str:
    return str(type(entity).__tablename__)  # type: ignore[attr-defined]


def _write_records(
    session: Session,
    actor: Actor,
    entity: Synced,
    action: Action,
    fields: Mapping[str, tuple[Any, Any]],
    base_version: int,
    reason: str | None,
) -> Change:
    entity_type = _entity_type(entity)
    session.add(
        AuditEntry(
            at=utc_now(),
            username=actor.username,
            device_id=actor.device_id,
            entity_type=entity_type,
            entity_id=entity.id,
            action=action,
            changes={k: [json_value(old), json_value(new)] for k, (old, new) in fields.items()},
            reason=reason,
        )
    )
    session.add(
        OutboxMutation(
            entity_type=entity_type,
            entity_id=entity.id,
            operation=action,
            base_version=base_version,
            fields={k: json_value(new) for k, (_old, new) in fields.items()},
            origin_device=actor.device_id,
            created_at=utc_now(),
        )
    )
    return Change(entity_type, entity.id, action, dict(fields))


def record_create(
    session: Session,
    actor: Actor,
    entity: Synced,
    *,
    reason: str | None = None,
    omit: frozenset[str] = frozenset(),
    extra: Mapping[str, Any] | None = None,
) -> Change:
    """Add a new synced row with its audit entry and a 'create' mutation.

    Columns in `omit` (a photo's bytes) stay out of the audit entry and the mutation;
    `extra` adds recorded values that are not columns (a reference to what was omitted).
    """
    columns = _column_names(entity)
    unknown = set(omit) - set(columns)
    if unknown:
        raise AttributeError(f"not a column of {_entity_type(entity)}: {sorted(unknown)}")
    clashing = set(extra or {}) & (set(columns) - set(omit))
    if clashing:
        raise AttributeError(f"extra values shadow columns: {sorted(clashing)}")
    entity.updated_at = utc_now()
    entity.updated_by = actor.username
    entity.version = 0
    if entity.deleted is None:
        entity.deleted = False
    session.add(entity)
    session.flush()
    fields: dict[str, tuple[Any, Any]] = {
        name: (None, getattr(entity, name))
        for name in columns
        if name not in Synced.SYNC_COLUMNS
        and name not in omit
        and getattr(entity, name) is not None
    }
    for name, value in (extra or {}).items():
        fields[name] = (None, value)
    return _write_records(session, actor, entity, "create", fields, 0, reason)


def record_update(
    session: Session,
    actor: Actor,
    entity: Synced,
    values: Mapping[str, Any],
    *,
    reason: str | None = None,
) -> Change | None:
    """Set the fields that differ; record them. Returns None when nothing changed."""
    columns = set(_column_names(entity)) - Synced.SYNC_COLUMNS
    unknown = set(values) - columns
    if unknown:
        raise AttributeError(f"not a column of {_entity_type(entity)}: {sorted(unknown)}")
    changed = {
        name: (getattr(entity, name), new)
        for name, new in values.items()
        if getattr(entity, name) != new
    }
    if not changed:
        return None
    for name, (_old, new) in changed.items():
        setattr(entity, name, new)
    entity.updated_at = utc_now()
    entity.updated_by = actor.username
    session.flush()
    return _write_records(session, actor, entity, "update", changed, entity.version, reason)


def record_delete(
    session: Session, actor: Actor, entity: Synced, *, reason: str | None = None
) -> Change:
    """Turn a row into a tombstone (rows are never removed: sync and audit need them)."""
    entity.deleted = True
    entity.updated_at = utc_now()
    entity.updated_by = actor.username
    session.flush()
    fields = {"deleted": (False, True)}
    return _write_records(session, actor, entity, "delete", fields, entity.version, reason)
