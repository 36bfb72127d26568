"""Files of children (留守/困境/孤儿/事实无人抚养) and elders under care (一人一档)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import JSON, Boolean, Date, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from minzheng_field.store.models.base import Base, Synced


class ChildFile(Synced, Base):
    """One child's file: parents' whereabouts, guardian, school, contact, risk."""

    __tablename__ = "child_files"

    person_id: Mapped[str] = mapped_column(String(36), ForeignKey("persons.id"), unique=True)
    category: Mapped[str] = mapped_column(String(24))
    father_situation: Mapped[str | None] = mapped_column(String(24))
    father_whereabouts: Mapped[str | None] = mapped_column(String(200))
    father_away_since: Mapped[date | None] = mapped_column(Date)
    father_phone: Mapped[str | None] = mapped_column(String(32))
    mother_situation: Mapped[str | None] = mapped_column(String(24))
    mother_whereabouts: Mapped[str | None] = mapped_column(String(200))
    mother_away_since: Mapped[date | None] = mapped_column(Date)
    mother_phone: Mapped[str | None] = mapped_column(String(32))
    guardian_name: Mapped[str | None] = mapped_column(String(64))
    guardian_relation: Mapped[str | None] = mapped_column(String(16))
    guardian_age: Mapped[int | None] = mapped_column(Integer)
    guardian_phone: Mapped[str | None] = mapped_column(String(32))
    guardian_capacity: Mapped[str | None] = mapped_column(String(16))
    guardianship_type: Mapped[str | None] = mapped_column(String(24))
    entrusted_in_writing: Mapped[bool] = mapped_column(Boolean, default=False)
    school: Mapped[str | None] = mapped_column(String(100))
    grade: Mapped[str | None] = mapped_column(String(16))
    health: Mapped[str | None] = mapped_column(String(100))
    last_parent_contact_on: Mapped[date | None] = mapped_column(Date)
    risk_level: Mapped[str] = mapped_column(String(8))
    # Login name of the village 儿童主任 responsible for the child.
    child_director: Mapped[str | None] = mapped_column(String(32))
    notes: Mapped[str | None] = mapped_column(Text)


class ElderFile(Synced, Base):
    """One elder's file: categories (独居, 空巢, 失能 …), risk tier, care needs."""

    __tablename__ = "elder_files"

    person_id: Mapped[str] = mapped_column(String(36), ForeignKey("persons.id"), unique=True)
    categories: Mapped[list[str]] = mapped_column(JSON, default=list)
    risk_tier: Mapped[str] = mapped_column(String(8))
    living_arrangement: Mapped[str | None] = mapped_column(String(32))
    care_needs: Mapped[str | None] = mapped_column(Text)
    emergency_contact_name: Mapped[str | None] = mapped_column(String(64))
    emergency_contact_phone: Mapped[str | None] = mapped_column(String(32))
    responsible: Mapped[str | None] = mapped_column(String(32))
    notes: Mapped[str | None] = mapped_column(Text)
