"""Program enrolments with their status history, rates and county rules."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import JSON, Date, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from minzheng_field.store.models.base import Base, Synced


class Enrolment(Synced, Base):
    """A household's or a person's place in one program (低保, 特困, 临时救助, …)."""

    __tablename__ = "enrolments"
    __table_args__ = (
        Index("ix_enrolments_household_id", "household_id"),
        Index("ix_enrolments_person_id", "person_id"),
        Index("ix_enrolments_program_status", "program", "status"),
    )

    household_id: Mapped[str] = mapped_column(String(36), ForeignKey("households.id"))
    # None for household programs (低保, 低保边缘); the person for the others.
    person_id: Mapped[str | None] = mapped_column(String(36), ForeignKey("persons.id"))
    program: Mapped[str] = mapped_column(String(32))
    status: Mapped[str] = mapped_column(String(16))
    applied_on: Mapped[date | None] = mapped_column(Date)
    decided_on: Mapped[date | None] = mapped_column(Date)
    # First and last paid month, stored as the first day of the month.
    start_month: Mapped[date | None] = mapped_column(Date)
    end_month: Mapped[date | None] = mapped_column(Date)
    monthly_amount_fen: Mapped[int | None] = mapped_column(Integer)
    covered_members: Mapped[int | None] = mapped_column(Integer)
    per_capita_income_fen: Mapped[int | None] = mapped_column(Integer)
    dibao_class: Mapped[str | None] = mapped_column(String(16))
    support_mode: Mapped[str | None] = mapped_column(String(16))
    self_care_level: Mapped[str | None] = mapped_column(String(16))
    carer_name: Mapped[str | None] = mapped_column(String(64))
    carer_phone: Mapped[str | None] = mapped_column(String(32))
    assistance_type: Mapped[str | None] = mapped_column(String(16))
    assistance_amount_fen: Mapped[int | None] = mapped_column(Integer)
    assistance_reason: Mapped[str | None] = mapped_column(Text)
    review_cycle_months: Mapped[int | None] = mapped_column(Integer)
    next_review_on: Mapped[date | None] = mapped_column(Date)
    notes: Mapped[str | None] = mapped_column(Text)


class EnrolmentEvent(Synced, Base):
    """One status change of an enrolment (its history)."""

    __tablename__ = "enrolment_events"
    __table_args__ = (Index("ix_enrolment_events_enrolment_id", "enrolment_id"),)

    enrolment_id: Mapped[str] = mapped_column(String(36), ForeignKey("enrolments.id"))
    from_status: Mapped[str | None] = mapped_column(String(16))
    to_status: Mapped[str] = mapped_column(String(16))
    effective_on: Mapped[date] = mapped_column(Date)
    monthly_amount_fen: Mapped[int | None] = mapped_column(Integer)
    # What the amount was computed from at that moment (members, income, class, support
    # mode, self-care level), so that back pay can be recomputed month by month.
    basis: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    reason: Mapped[str | None] = mapped_column(Text)


class RateRow(Synced, Base):
    """A rate with its effective date (a county rule, synced)."""

    __tablename__ = "rates"
    __table_args__ = (Index("ix_rates_kind_effective_from", "kind", "effective_from"),)

    kind: Mapped[str] = mapped_column(String(48))
    # Distinguishes rates of one kind, e.g. the 分类施保 class of a supplement.
    qualifier: Mapped[str] = mapped_column(String(32), default="")
    region_code: Mapped[str] = mapped_column(String(12))
    amount_fen: Mapped[int] = mapped_column(Integer)
    effective_from: Mapped[date] = mapped_column(Date)
    decided_on: Mapped[date | None] = mapped_column(Date)
    note: Mapped[str | None] = mapped_column(Text)


class CountyRule(Synced, Base):
    """A county rule (visit frequencies, approval limits, holidays, …), versioned by date."""

    __tablename__ = "county_rules"
    __table_args__ = (Index("ix_county_rules_key_effective_from", "key", "effective_from"),)

    key: Mapped[str] = mapped_column(String(64))
    value: Mapped[Any] = mapped_column(JSON)
    effective_from: Mapped[date] = mapped_column(Date)
    note: Mapped[str | None] = mapped_column(Text)
