"""Background calls for visits: open or resume a draft, save it, finalise it, correct it,
attach or remove photos and read their thumbnails, plans, coverage."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import Any

import shiboken6
from PySide6.QtWidgets import QWidget

from minzheng_field.domain.months import Month
from minzheng_field.services.schedules import (
    CoverageReport,
    day_plan,
    export_coverage_csv,
    monthly_coverage,
)
from minzheng_field.services.visit_entry_queries import open_visit_entry, visit_entry
from minzheng_field.services.visits import (
    PreparedPhoto,
    amend_visit,
    attach_prepared_photo,
    finalise_visit,
    photo_bytes,
    remove_photo,
    save_draft,
    visit_photos,
)
from minzheng_field.ui.ops.base import Operation
from minzheng_field.ui.session import UiSession
from minzheng_field.ui.widgets.photo_strip import Thumbnail, thumbnail_image


def open_entry(
    session: UiSession,
    parent: QWidget | None,
    person_id: str,
    category: str,
    form_id: str | None = None,
) -> Operation:
    """Resume the user's draft of the person on the category's form, or start one."""
    return Operation(
        session,
        parent,
        lambda s, a: open_visit_entry(s, a, person_id, category, form_id=form_id),
    )


def read_entry(session: UiSession, parent: QWidget | None, visit_id: str) -> Operation:
    """A stored visit as the dialog shows it (a final one read-only)."""
    return Operation(session, parent, lambda s, a: visit_entry(s, a, visit_id), write=False)


def save_draft_quietly(
    session: UiSession,
    owner: QWidget,
    visit_id: str,
    answers: Mapping[str, Any],
    visited_on: date | None,
    on_done: Callable[[Any], None],
    on_error: Callable[[Exception], None],
) -> int:
    """Store a draft's answers on the writer thread without telling every view (drafts stay
    local and change no list); callbacks are dropped once `owner` is gone."""
    stored = dict(answers)

    def alive(callback: Callable[[Any], None]) -> Callable[[Any], None]:
        return lambda value: callback(value) if shiboken6.isValid(owner) else None

    return session.database.write(
        lambda s, a: save_draft(s, a, visit_id, stored, visited_on=visited_on),
        alive(on_done),
        alive(on_error),
    )


def finalise(
    session: UiSession,
    parent: QWidget | None,
    visit_id: str,
    answers: Mapping[str, Any],
    visited_on: date,
) -> Operation:
    """Store the last answers and make the visit final (follow-up tasks raised)."""
    stored = dict(answers)

    def job(s: Any, a: Any) -> Any:
        save_draft(s, a, visit_id, stored, visited_on=visited_on)
        return finalise_visit(s, a, visit_id, answers=stored)

    return Operation(session, parent, job)


def amend(
    session: UiSession,
    parent: QWidget | None,
    visit_id: str,
    answers: Mapping[str, Any],
    reason: str,
    visited_on: date,
    photos: Sequence[PreparedPhoto] = (),
) -> Operation:
    """Store a correction of a final visit (an amendment pointing at the original) with the
    photos added while it was made.

    The photos are stored with the visit in the same transaction as the amendment, before
    it (the amendment's photo answers must name stored photos): a correction that fails
    leaves no photo behind, and a cancelled one never reached the writer.
    """
    stored = dict(answers)
    added = tuple(photos)

    def job(s: Any, a: Any) -> Any:
        for prepared in added:
            attach_prepared_photo(s, a, visit_id, prepared)
        return amend_visit(s, a, visit_id, stored, reason=reason, visited_on=visited_on)

    return Operation(session, parent, job)


def attach_prepared(
    session: UiSession, parent: QWidget | None, visit_id: str, prepared: PreparedPhoto
) -> Operation:
    """Store a photo prepared off the writer (`ui.ops.photos.PhotoPreparer`) with the visit:
    the writer thread only inserts it."""
    return Operation(session, parent, lambda s, a: attach_prepared_photo(s, a, visit_id, prepared))


def remove_draft_photo(session: UiSession, parent: QWidget | None, attachment_id: str) -> Operation:
    """Take a photo off a draft (its row and its digest in the photo answers)."""
    return Operation(session, parent, lambda s, a: remove_photo(s, a, attachment_id))


def load_thumbnails(session: UiSession, parent: QWidget | None, visit_id: str) -> Operation:
    """The visit's photos with small images, oldest first."""

    def job(s: Any, a: Any) -> tuple[Thumbnail, ...]:
        return tuple(
            Thumbnail(info, thumbnail_image(photo_bytes(s, a, info.attachment_id)))
            for info in visit_photos(s, a, visit_id)
        )

    return Operation(session, parent, job, write=False)


def load_photo_image(
    session: UiSession, parent: QWidget | None, attachment_id: str, side: int
) -> Operation:
    """A stored photo as an image of at most `side` pixels (decoded on a reader thread)."""
    return Operation(
        session,
        parent,
        lambda s, a: thumbnail_image(photo_bytes(s, a, attachment_id), side),
        write=False,
    )


def load_day_plan(session: UiSession, parent: QWidget | None, day: date) -> Operation:
    """The due and overdue visits of `day`, by village and visitor."""
    return Operation(session, parent, lambda s, a: day_plan(s, a, day), write=False)


def load_coverage(session: UiSession, parent: QWidget | None, month: Month) -> Operation:
    """A month's coverage per village and category, with who is not yet contacted."""
    return Operation(session, parent, lambda s, a: monthly_coverage(s, a, month), write=False)


def export_coverage(
    session: UiSession, parent: QWidget | None, report: CoverageReport, target: Path
) -> Operation:
    """Write the coverage report as CSV (the export is logged, hence the writer)."""
    return Operation(session, parent, lambda s, a: export_coverage_csv(s, a, report, target))
