"""Facts about the vault and its local users' profiles."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Boolean, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from minzheng_field.store.models.base import Base, utc_now
from minzheng_field.store.types import UtcDateTime


class VaultMeta(Base):
    """Facts about this vault: its id, township, device, creation time."""

    __tablename__ = "vault_meta"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class UserProfile(Base):
    """A local user's profile; the credential lives in the key file."""

    __tablename__ = "users"

    username: Mapped[str] = mapped_column(String(32), primary_key=True)
    display_name: Mapped[str] = mapped_column(String(64))
    role: Mapped[str] = mapped_column(String(32))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utc_now)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    # Village codes a village cadre serves; empty for township staff.
    villages: Mapped[list[str]] = mapped_column(JSON, default=list)
