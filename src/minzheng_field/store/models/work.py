"""Visit plans and visits (append-only once final), tasks and notices."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Boolean, Date, ForeignKey, Index, Integer, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from minzheng_field.store.models.base import Base, Synced
from minzheng_field.store.types import UtcDateTime


class VisitPlan(Synced, Base):
    """Who should be visited, for which category, by whom; due dates come from rules."""

    __tablename__ = "visit_plans"
    __table_args__ = (Index("ix_visit_plans_person_id", "person_id"),)

    person_id: Mapped[str] = mapped_column(String(36), ForeignKey("persons.id"))
    category: Mapped[str] = mapped_column(String(32))
    visitor: Mapped[str | None] = mapped_column(String(32))
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class Visit(Synced, Base):
    """A home visit or contact; a final visit is corrected only by an amendment."""

    __tablename__ = "visits"
    __table_args__ = (
        Index("ix_visits_person_id_visited_on", "person_id", "visited_on"),
        Index("ix_visits_amends_visit_id", "amends_visit_id"),
        # Due lists and monthly coverage read only these columns (docs/performance.md).
        Index(
            "ix_visits_person_id_category_visited_on",
            "person_id",
            "category",
            "visited_on",
            "status",
            "deleted",
            "method",
        ),
        # Who was contacted in a month: one range of this index (docs/performance.md).
        Index(
            "ix_visits_visited_on",
            "visited_on",
            "status",
            "deleted",
            "method",
            "category",
            "person_id",
        ),
    )

    person_id: Mapped[str] = mapped_column(String(36), ForeignKey("persons.id"))
    household_id: Mapped[str | None] = mapped_column(String(36), ForeignKey("households.id"))
    category: Mapped[str] = mapped_column(String(32))
    form_id: Mapped[str] = mapped_column(String(64))
    form_version: Mapped[str] = mapped_column(String(16))
    visited_on: Mapped[date] = mapped_column(Date)
    method: Mapped[str] = mapped_column(String(8))
    visitor: Mapped[str] = mapped_column(String(32))
    status: Mapped[str] = mapped_column(String(8))
    answers: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    amends_visit_id: Mapped[str | None] = mapped_column(String(36), ForeignKey("visits.id"))
    finalised_at: Mapped[datetime | None] = mapped_column(UtcDateTime)


class Task(Synced, Base):
    """A follow-up with a due date (a review, a referral, a 强制报告 record, …)."""

    __tablename__ = "tasks"
    __table_args__ = (Index("ix_tasks_status_due_on", "status", "due_on"),)

    kind: Mapped[str] = mapped_column(String(32))
    title: Mapped[str] = mapped_column(String(200))
    person_id: Mapped[str | None] = mapped_column(String(36), ForeignKey("persons.id"))
    household_id: Mapped[str | None] = mapped_column(String(36), ForeignKey("households.id"))
    source_visit_id: Mapped[str | None] = mapped_column(String(36), ForeignKey("visits.id"))
    due_on: Mapped[date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(16))
    assigned_to: Mapped[str | None] = mapped_column(String(32))
    done_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    result: Mapped[str | None] = mapped_column(Text)


class Notice(Synced, Base):
    """A document issued to a household (通知书, 送达回证), with its number and service."""

    __tablename__ = "notices"
    __table_args__ = (Index("ix_notices_household_id", "household_id"),)

    household_id: Mapped[str] = mapped_column(String(36), ForeignKey("households.id"))
    enrolment_id: Mapped[str | None] = mapped_column(String(36), ForeignKey("enrolments.id"))
    kind: Mapped[str] = mapped_column(String(32))
    number: Mapped[str | None] = mapped_column(String(64))
    issued_on: Mapped[date | None] = mapped_column(Date)
    served_on: Mapped[date | None] = mapped_column(Date)
    content: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class FormVersion(Synced, Base):
    """A published version of a visit form (a county rule): visits keep the version they used."""

    __tablename__ = "form_versions"
    __table_args__ = (
        Index("ix_form_versions_form_id_form_version", "form_id", "form_version", unique=True),
    )

    form_id: Mapped[str] = mapped_column(String(64))
    # The form's own version ("2026.1"); `version` is the row's sync version.
    form_version: Mapped[str] = mapped_column(String(16))
    title: Mapped[str] = mapped_column(String(100))
    definition: Mapped[dict[str, Any]] = mapped_column(JSON)
    published_on: Mapped[date] = mapped_column(Date)


class Attachment(Synced, Base):
    """A photo of a visit, downscaled and stored in the vault; content-addressed for sync."""

    __tablename__ = "attachments"
    __table_args__ = (
        Index("ix_attachments_visit_id", "visit_id"),
        Index("ix_attachments_sha256", "sha256"),
    )

    visit_id: Mapped[str] = mapped_column(String(36), ForeignKey("visits.id"))
    sha256: Mapped[str] = mapped_column(String(64))
    media_type: Mapped[str] = mapped_column(String(32))
    taken_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    width: Mapped[int] = mapped_column(Integer)
    height: Mapped[int] = mapped_column(Integer)
    data: Mapped[bytes] = mapped_column(LargeBinary)
    caption: Mapped[str | None] = mapped_column(Text)
