"""What happened to the data: audit log, access log, outbox; and the search index."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from minzheng_field.store.models.base import Base, new_id, utc_now
from minzheng_field.store.types import UtcDateTime


class AuditEntry(Base):
    """One change: who, when, what, old and new values of the changed fields."""

    __tablename__ = "audit_log"
    __table_args__ = (
        Index("ix_audit_log_entity", "entity_type", "entity_id"),
        Index("ix_audit_log_at", "at"),
    )

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    version: Mapped[int] = mapped_column(Integer, default=0)
    at: Mapped[datetime] = mapped_column(UtcDateTime, default=utc_now)
    username: Mapped[str] = mapped_column(String(32))
    device_id: Mapped[str] = mapped_column(String(36))
    entity_type: Mapped[str] = mapped_column(String(32))
    entity_id: Mapped[str] = mapped_column(String(36))
    action: Mapped[str] = mapped_column(String(16))
    # {field: [old, new]} with JSON-ready values.
    changes: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    reason: Mapped[str | None] = mapped_column(Text)


class AccessEntry(Base):
    """Who saw unmasked data, exported or printed what, and when."""

    __tablename__ = "access_log"
    __table_args__ = (Index("ix_access_log_at", "at"),)

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    version: Mapped[int] = mapped_column(Integer, default=0)
    at: Mapped[datetime] = mapped_column(UtcDateTime, default=utc_now)
    username: Mapped[str] = mapped_column(String(32))
    action: Mapped[str] = mapped_column(String(32))
    entity_type: Mapped[str] = mapped_column(String(32))
    entity_id: Mapped[str | None] = mapped_column(String(36))
    detail: Mapped[str | None] = mapped_column(Text)


class OutboxMutation(Base):
    """A local change waiting to be pushed: changed fields only, against a base version."""

    __tablename__ = "outbox"
    __table_args__ = (Index("ix_outbox_entity", "entity_type", "entity_id"),)

    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    mutation_id: Mapped[str] = mapped_column(String(36), unique=True, default=new_id)
    entity_type: Mapped[str] = mapped_column(String(32))
    entity_id: Mapped[str] = mapped_column(String(36))
    operation: Mapped[str] = mapped_column(String(8))
    base_version: Mapped[int] = mapped_column(Integer)
    fields: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    origin_device: Mapped[str] = mapped_column(String(36))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utc_now)


class PersonSearch(Base):
    """Search keys of a person, kept up to date with every write of the person."""

    __tablename__ = "person_search"
    # Text searches read these narrow indexes instead of the table (docs/performance.md).
    __table_args__ = (
        Index("ix_person_search_resident_id_reversed", "resident_id_reversed"),
        Index("ix_person_search_phone_digits", "phone_digits"),
        Index("ix_person_search_pinyin_name", "pinyin", "name"),
        Index("ix_person_search_village_code_pinyin_name", "village_code", "pinyin", "name"),
    )

    person_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    household_id: Mapped[str | None] = mapped_column(String(36))
    village_code: Mapped[str | None] = mapped_column(String(12))
    name: Mapped[str] = mapped_column(String(64))
    # Space-separated full pinyin readings and initials ("zengdesheng zds …").
    pinyin: Mapped[str] = mapped_column(Text)
    # Reversed so that "the last 4–6 digits" is a prefix and can use an index.
    resident_id_reversed: Mapped[str | None] = mapped_column(String(18))
    phone_digits: Mapped[str | None] = mapped_column(String(32))
