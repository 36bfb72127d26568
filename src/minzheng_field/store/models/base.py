"""The declarative base, naming convention and the columns every synced row carries."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from sqlalchemy import Boolean, Integer, MetaData, String
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from minzheng_field.store.types import UtcDateTime

# Named constraints let batch migrations on SQLite find and alter them.
NAMING = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def new_id() -> str:
    """A client-generated primary key."""
    return str(uuid.uuid4())


def utc_now() -> datetime:
    """The current instant in UTC."""
    return datetime.now(UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class Synced:
    """Columns of every row that syncs: client-made id, server version, tombstone."""

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    # Assigned by the county server; 0 until the first acknowledgement.
    version: Mapped[int] = mapped_column(Integer, default=0)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utc_now)
    updated_by: Mapped[str | None] = mapped_column(String(32))
    deleted: Mapped[bool] = mapped_column(Boolean, default=False)

    # Fields that the audit log and the outbox never carry as "changes".
    SYNC_COLUMNS = frozenset({"id", "version", "updated_at", "updated_by"})
