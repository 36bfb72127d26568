"""Divisions, households, persons and relative-of-cadre declarations."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Boolean, Date, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from minzheng_field.store.models.base import Base, Synced


class DivisionRow(Base):
    """The township and its villages, from the shipped division table (retired codes kept)."""

    __tablename__ = "divisions"

    code: Mapped[str] = mapped_column(String(12), primary_key=True)
    name: Mapped[str] = mapped_column(String(64))
    level: Mapped[str] = mapped_column(String(16))
    parent_code: Mapped[str | None] = mapped_column(String(12))
    retired_since: Mapped[str | None] = mapped_column(String(8))
    successor_code: Mapped[str | None] = mapped_column(String(12))
    table_version: Mapped[str] = mapped_column(String(16))


class Household(Synced, Base):
    """A household (户): the unit of 低保 and of the household file (一户一档)."""

    __tablename__ = "households"
    __table_args__ = (Index("ix_households_village_code", "village_code"),)

    village_code: Mapped[str] = mapped_column(String(12), ForeignKey("divisions.code"))
    # The head is a member; the link is set after the members exist.
    head_person_id: Mapped[str | None] = mapped_column(
        String(36), ForeignKey("persons.id", use_alter=True)
    )
    address: Mapped[str | None] = mapped_column(String(200))
    phone: Mapped[str | None] = mapped_column(String(32))
    housing: Mapped[str | None] = mapped_column(String(64))
    bank_name: Mapped[str | None] = mapped_column(String(64))
    bank_account: Mapped[str | None] = mapped_column(String(32))
    dibao_certificate_no: Mapped[str | None] = mapped_column(String(32))
    # Declared close relative of a case worker or cadre (近亲属备案).
    relative_declared: Mapped[bool] = mapped_column(Boolean, default=False)
    notes: Mapped[str | None] = mapped_column(Text)


class Person(Synced, Base):
    """A person of the caseload: enrolled, applicant, household member, child or elder."""

    __tablename__ = "persons"
    __table_args__ = (
        Index("ix_persons_household_id", "household_id"),
        Index("ix_persons_resident_id", "resident_id"),
    )

    household_id: Mapped[str | None] = mapped_column(String(36), ForeignKey("households.id"))
    relation: Mapped[str | None] = mapped_column(String(32))
    name: Mapped[str] = mapped_column(String(64))
    sex: Mapped[str | None] = mapped_column(String(2))
    ethnicity: Mapped[str | None] = mapped_column(String(4))
    # Unique among live persons, checked by the services rather than the schema: two
    # devices may create the same person offline, and sync must keep both for a merge.
    resident_id: Mapped[str | None] = mapped_column(String(18))
    birth_date: Mapped[date | None] = mapped_column(Date)
    # 待核实: kept and flagged when there is no ID number yet, never rejected.
    pending_verification: Mapped[bool] = mapped_column(Boolean, default=False)
    pending_reason: Mapped[str | None] = mapped_column(String(64))
    marital_status: Mapped[str | None] = mapped_column(String(4))
    health: Mapped[str | None] = mapped_column(String(32))
    disability_category: Mapped[str | None] = mapped_column(String(8))
    disability_grade: Mapped[int | None] = mapped_column(Integer)
    labour_capacity: Mapped[str | None] = mapped_column(String(32))
    employment: Mapped[str | None] = mapped_column(String(32))
    phone: Mapped[str | None] = mapped_column(String(32))
    hukou_address: Mapped[str | None] = mapped_column(String(200))
    current_address: Mapped[str | None] = mapped_column(String(200))
    deceased_on: Mapped[date | None] = mapped_column(Date)
    notes: Mapped[str | None] = mapped_column(Text)


class RelativeDeclaration(Synced, Base):
    """近亲属备案: an applicant household related to a case worker or village cadre."""

    __tablename__ = "relative_declarations"
    __table_args__ = (Index("ix_relative_declarations_household_id", "household_id"),)

    household_id: Mapped[str] = mapped_column(String(36), ForeignKey("households.id"))
    person_id: Mapped[str | None] = mapped_column(String(36), ForeignKey("persons.id"))
    staff_name: Mapped[str] = mapped_column(String(64))
    # The local account of the related staff member, when they have one: that user is
    # kept out of the household's file.
    staff_username: Mapped[str | None] = mapped_column(String(32))
    staff_position: Mapped[str] = mapped_column(String(64))
    relation: Mapped[str] = mapped_column(String(32))
    declared_on: Mapped[date] = mapped_column(Date)
    notes: Mapped[str | None] = mapped_column(Text)
