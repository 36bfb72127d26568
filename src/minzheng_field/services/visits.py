"""Visits: drafts saved as typed, finalised with the form's checks and follow-up tasks,
corrected by amendments; photos downscaled, stripped and matched to visits by time.

Decisions:
- **Drafts are local until final.** A draft is a `Visit` row with status `draft` that no
  audit entry and no outbox mutation describe: `save_draft` runs on every field change
  (through the writer thread) and only rewrites the answers in one UPDATE; a draft survives a
  crash because each save commits. Finalising records the visit's creation (its audit entry
  and one outbox mutation carrying the final answers), so the county never receives a draft
  and the outbox never fills with keystrokes. Discarding deletes the draft's row (and its
  photos): nothing of it was ever recorded or sent.
- A draft is continued, finalised or discarded by the user who began it or by its visitor
  (a township assistant typing in a cadre's paper sheet names the cadre as visitor).
- **Finalising** checks the answers against the form version stored on the visit, keeps only
  the answers that apply (skip logic clears hidden ones), copies the answer `visit_method`
  to the visit's method (the two surveys have none: they are 入户), and sets status final and
  `finalised_at`. A final visit is read-only: saving, finalising or discarding it is refused
  with a Chinese sentence; a correction is an amendment.
- **Follow-ups**: the form's rules for the final answers become Tasks (through recording.py),
  due from the visit date, assigned to the visitor, titled with the person's name. The
  result carries each rule's reminder and what to record (a 强制报告 is the user's own duty,
  made at once by phone; the tool reminds and records, it never reports).
- **Amendments**: a new final Visit pointing at the original, on the original's form version
  and checked the same way, with a required reason (in its audit entry). An amendment of an
  amendment amends the original, so every amendment of a visit is kept, in the order made;
  the latest holds the visit's current answers. Tasks the corrected answers call for that the
  visit did not raise already are created.
- **Photos** are downscaled to at most 1600 px on the longest side, turned upright by their
  EXIF orientation and re-encoded as JPEG quality 80 without EXIF (no GPS, no camera data);
  they are addressed by the SHA-256 of the stored bytes and stored once per visit. Preparing
  (`prepare_photo`) is pure CPU work, done by the UI off the writer thread; storing
  (`attach_prepared_photo`) is only the insert. A draft's
  photos are local like the draft and recorded when it is finalised; a photo added to a final
  visit (phone photos imported later) is recorded at once — it adds to the record, it does
  not change it. The time taken is EXIF DateTimeOriginal, read as China time unless the photo
  says its offset (OffsetTimeOriginal).
"""

from __future__ import annotations

import hashlib
import io
import json
import re
import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal
from types import MappingProxyType
from typing import Any

from PIL import ExifTags, Image, ImageOps, UnidentifiedImageError
from sqlalchemy import delete, or_, select, update
from sqlalchemy.orm import Session

from minzheng_field.domain.calendar import CHINA, china_date, china_today
from minzheng_field.domain.errors import MinzhengError
from minzheng_field.domain.programs import Program
from minzheng_field.domain.rates import RateKind
from minzheng_field.domain.work import TaskStatus, VisitMethod, VisitStatus
from minzheng_field.forms.definition import FieldType, FormDefinition
from minzheng_field.forms.evaluation import FormContext, evaluate
from minzheng_field.forms.followups import FollowUp, evaluate_followups
from minzheng_field.forms.validation import validate_answers
from minzheng_field.services.context import Actor
from minzheng_field.services.enrolments import township_approval_limit_fen
from minzheng_field.services.errors import Forbidden, InvalidInput, NotFound
from minzheng_field.services.forms_catalog import form_definition, latest_form
from minzheng_field.services.rates import is_urban, rates_in_force
from minzheng_field.services.recording import Change, record_create
from minzheng_field.services.visibility import check_can_open_person
from minzheng_field.store.models import (
    Attachment,
    AuditEntry,
    ChildFile,
    Enrolment,
    Household,
    Person,
    Task,
    Visit,
    utc_now,
)

PHOTO_LONGEST_SIDE = 1600
PHOTO_JPEG_QUALITY = 80
PHOTO_MEDIA_TYPE = "image/jpeg"
# Far above any phone camera (200 MP); refuses images built to exhaust memory.
PHOTO_MAX_PIXELS = 120_000_000
TASK_TITLE_LENGTH = 200
VISIT_METHOD_FIELD = "visit_method"

FINAL_MESSAGE = "这份探访记录已经定稿，不能再修改；如需更正，请填写一份更正记录。"
NOT_YOURS_MESSAGE = "这份草稿是别人开始填写的，只能由填写人或探访人继续。"
FINAL_PHOTO_MESSAGE = "这次探访已经定稿，照片不能删除；如照片有误，请在更正记录中说明。"


class VisitIsFinal(MinzhengError):
    """A final visit cannot be edited; a correction is an amendment."""

    kind = "visit_final"

    def __init__(self) -> None:
        super().__init__(FINAL_MESSAGE)


class PhotoOfFinalVisit(VisitIsFinal):
    """A final visit's photos are part of its record: they are never removed."""

    kind = "photo_of_final_visit"

    def __init__(self) -> None:
        MinzhengError.__init__(self, FINAL_PHOTO_MESSAGE)


class VisitNotValid(InvalidInput):
    """The answers do not pass the form's checks; `problems` holds one message per field."""

    kind = "visit_not_valid"

    def __init__(self, problems: Mapping[str, str]) -> None:
        first = next(iter(problems))
        super().__init__(
            first, f"探访记录还有{len(problems)}处需要填写或修改，请按提示改正后再提交。"
        )
        self.problems = dict(problems)


class NotAPhoto(InvalidInput):
    """The bytes are not an image Pillow can read."""

    kind = "not_a_photo"

    def __init__(
        self, message: str = "这个文件不是能识别的照片，请选择 JPG 或 PNG 格式的照片。"
    ) -> None:
        super().__init__("photo", message)


# -- results ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class DraftStarted:
    """A new draft visit and the form version it is written on."""

    visit_id: str
    person_id: str
    household_id: str | None
    category: str
    form_id: str
    form_version: str
    visited_on: date
    visitor: str


@dataclass(frozen=True)
class TaskRaised:
    """A follow-up task made from a form rule, with what the user must be told and record."""

    task_id: str
    kind: str
    title: str
    due_on: date
    priority: str
    reminder: str | None
    to_record: tuple[str, ...]
    change: Change


@dataclass(frozen=True)
class FinalisedVisit:
    """What finalising wrote: the visit's record, its photos' records and the tasks raised."""

    visit_id: str
    change: Change
    photo_changes: tuple[Change, ...]
    tasks: tuple[TaskRaised, ...]


@dataclass(frozen=True)
class AmendedVisit:
    """A correction of a final visit, and the tasks the corrected answers newly call for."""

    visit_id: str
    amends_visit_id: str
    change: Change
    tasks: tuple[TaskRaised, ...]


@dataclass(frozen=True)
class PhotoInfo:
    """A stored photo of a visit (its bytes are read with `photo_bytes`)."""

    attachment_id: str
    sha256: str
    media_type: str
    taken_at: datetime | None
    width: int
    height: int
    caption: str | None


@dataclass(frozen=True)
class PhotoAttached:
    """A photo stored with a visit; `change` is None while the visit is a draft or when the
    same photo was already there."""

    photo: PhotoInfo
    visit_id: str
    already_attached: bool
    change: Change | None


@dataclass(frozen=True)
class PhotoRemoved:
    """A photo taken off a draft; `fields` are the photo fields whose answers named it."""

    attachment_id: str
    visit_id: str
    sha256: str
    fields: tuple[str, ...]


@dataclass(frozen=True)
class AmendmentView:
    """One correction of a visit."""

    visit_id: str
    visited_on: date
    method: str
    answers: Mapping[str, Any]
    finalised_at: datetime | None
    corrected_by: str | None
    reason: str | None


@dataclass(frozen=True)
class VisitView:
    """A visit with the definition of ITS form version, its corrections and photos."""

    visit_id: str
    person_id: str
    household_id: str | None
    category: str
    form_id: str
    form_version: str
    definition: FormDefinition
    visited_on: date
    method: str
    visitor: str
    status: str
    answers: Mapping[str, Any]
    amends_visit_id: str | None
    finalised_at: datetime | None
    amendments: tuple[AmendmentView, ...]
    photos: tuple[PhotoInfo, ...]

    @property
    def read_only(self) -> bool:
        """Whether the visit is final (corrected only by an amendment)."""
        return self.status == VisitStatus.FINAL

    @property
    def current_answers(self) -> Mapping[str, Any]:
        """The answers as last corrected (the visit's own when never amended)."""
        return self.amendments[-1].answers if self.amendments else self.answers


@dataclass(frozen=True)
class CandidateVisit:
    """A visit a photo may belong to; `at` is its time when known (else the day decides)."""

    visit_id: str
    person_name: str
    visited_on: date
    at: datetime | None = None


@dataclass(frozen=True)
class PhotoProposal:
    """Which visit a photo seems to belong to, for the user to confirm."""

    name: str
    taken_at: datetime | None
    visit_id: str | None
    # Other visits of the same day, nearest first.
    alternatives: tuple[str, ...]
    note: str


# -- drafts ----------------------------------------------------------------------------------


def create_draft(
    session: Session,
    actor: Actor,
    person_id: str,
    form_id: str,
    *,
    visited_on: date | None = None,
    category: str | None = None,
    method: VisitMethod | str | None = None,
    visitor: str | None = None,
    answers: Mapping[str, Any] | None = None,
) -> DraftStarted:
    """Begin a draft visit of a person on the latest version of a form (stored on the visit)."""
    household_id = check_can_open_person(session, actor, person_id)
    definition = latest_form(session, form_id)
    chosen = _category_for(session, definition, person_id, category)
    day = visited_on or china_today()
    if day > china_today():
        raise InvalidInput("visited_on", "探访日期不能晚于今天。")
    method_value = _method(method, answers, VisitMethod.HOME.value)
    stored = _storable_answers(answers or {})
    visit = Visit(
        person_id=person_id,
        household_id=household_id,
        category=chosen,
        form_id=definition.id,
        form_version=definition.version,
        visited_on=day,
        method=method_value,
        visitor=(visitor or actor.username).strip(),
        status=VisitStatus.DRAFT.value,
        answers=stored,
        amends_visit_id=None,
        finalised_at=None,
        version=0,
        updated_at=utc_now(),
        updated_by=actor.username,
        deleted=False,
    )
    # Deliberately not record_create: a draft stays local until it is finalised.
    session.add(visit)
    session.flush()
    return DraftStarted(
        visit_id=visit.id,
        person_id=person_id,
        household_id=household_id,
        category=chosen,
        form_id=definition.id,
        form_version=definition.version,
        visited_on=day,
        visitor=visit.visitor,
    )


def save_draft(
    session: Session,
    actor: Actor,
    visit_id: str,
    answers: Mapping[str, Any],
    *,
    visited_on: date | None = None,
) -> None:
    """Store a draft's answers as they are now (one UPDATE; nothing recorded or sent)."""
    values: dict[str, Any] = {"answers": _storable_answers(answers), "updated_at": utc_now()}
    if visited_on is not None:
        if visited_on > china_today():
            raise InvalidInput("visited_on", "探访日期不能晚于今天。")
        values["visited_on"] = visited_on
    result = session.execute(
        update(Visit)
        .where(
            Visit.id == visit_id,
            Visit.status == VisitStatus.DRAFT.value,
            Visit.deleted.is_(False),
            or_(Visit.updated_by == actor.username, Visit.visitor == actor.username),
        )
        .values(**values)
    )
    if result.rowcount != 1:  # type: ignore[attr-defined]
        _raise_why_not_editable(session, actor, visit_id)


def discard_draft(session: Session, actor: Actor, visit_id: str) -> None:
    """Delete a draft and its photos (never recorded, never sent)."""
    visit = _editable_draft(session, actor, visit_id)
    session.execute(delete(Attachment).where(Attachment.visit_id == visit.id))
    session.delete(visit)
    session.flush()


def finalise_visit(
    session: Session,
    actor: Actor,
    visit_id: str,
    *,
    answers: Mapping[str, Any] | None = None,
) -> FinalisedVisit:
    """Check a draft against its form, make it final (read-only) and raise its follow-ups."""
    visit = _editable_draft(session, actor, visit_id)
    check_can_open_person(session, actor, visit.person_id)
    definition = form_definition(session, visit.form_id, visit.form_version)
    given = _storable_answers(answers if answers is not None else visit.answers or {})
    checked = check_answers(definition, given, form_context_for(session, visit, definition))
    if checked.problems:
        raise VisitNotValid(checked.problems)
    _check_photos_attached(session, definition, visit.id, checked.values)
    visit.answers = dict(checked.values)
    visit.method = _method(None, checked.values, visit.method or VisitMethod.HOME.value)
    visit.status = VisitStatus.FINAL.value
    visit.finalised_at = utc_now()
    change = record_create(session, actor, visit)
    photos = session.scalars(
        select(Attachment)
        .where(Attachment.visit_id == visit.id, Attachment.deleted.is_(False))
        .order_by(Attachment.taken_at, Attachment.sha256)
    ).all()
    photo_changes = tuple(_record_photo(session, actor, photo) for photo in photos)
    tasks = _raise_tasks(session, actor, visit, checked.followups, already=set())
    return FinalisedVisit(visit.id, change, photo_changes, tasks)


# -- amendments ------------------------------------------------------------------------------


def amend_visit(
    session: Session,
    actor: Actor,
    visit_id: str,
    answers: Mapping[str, Any],
    *,
    reason: str,
    visited_on: date | None = None,
) -> AmendedVisit:
    """Correct a final visit: a new final visit pointing at the original, on its form version."""
    original = visit_row(session, visit_id)
    if original.amends_visit_id is not None:
        original = visit_row(session, original.amends_visit_id)
    check_can_open_person(session, actor, original.person_id)
    if original.status != VisitStatus.FINAL:
        raise InvalidInput("visit_id", "草稿可以直接修改，无需填写更正记录。")
    why = (reason or "").strip()
    if not why:
        raise InvalidInput("reason", "请写明更正的原因。")
    day = visited_on or original.visited_on
    if day > china_today():
        raise InvalidInput("visited_on", "探访日期不能晚于今天。")
    definition = form_definition(session, original.form_id, original.form_version)
    amendment = Visit(
        person_id=original.person_id,
        household_id=original.household_id,
        category=original.category,
        form_id=original.form_id,
        form_version=original.form_version,
        visited_on=day,
        method=original.method,
        visitor=original.visitor,
        status=VisitStatus.FINAL.value,
        answers={},
        amends_visit_id=original.id,
    )
    checked = check_answers(
        definition, _storable_answers(answers), form_context_for(session, amendment, definition)
    )
    if checked.problems:
        raise VisitNotValid(checked.problems)
    _check_photos_attached(session, definition, original.id, checked.values)
    amendment.answers = dict(checked.values)
    amendment.method = _method(None, checked.values, original.method)
    amendment.finalised_at = utc_now()
    change = record_create(session, actor, amendment, reason=why)
    chain = [original.id, *_amendment_ids(session, original.id)]
    already = {
        (kind, title)
        for kind, title in session.execute(
            select(Task.kind, Task.title).where(
                Task.source_visit_id.in_(chain), Task.deleted.is_(False)
            )
        )
    }
    tasks = _raise_tasks(session, actor, amendment, checked.followups, already=already)
    return AmendedVisit(amendment.id, original.id, change, tasks)


# -- reading ---------------------------------------------------------------------------------


def visit_view(session: Session, actor: Actor, visit_id: str) -> VisitView:
    """A visit with the definition of the form version it was written on, corrections, photos."""
    visit = visit_row(session, visit_id)
    check_can_open_person(session, actor, visit.person_id)
    definition = form_definition(session, visit.form_id, visit.form_version)
    amendments: tuple[AmendmentView, ...] = ()
    if visit.amends_visit_id is None:
        amendments = _amendments(session, visit.id)
    return VisitView(
        visit_id=visit.id,
        person_id=visit.person_id,
        household_id=visit.household_id,
        category=visit.category,
        form_id=visit.form_id,
        form_version=visit.form_version,
        definition=definition,
        visited_on=visit.visited_on,
        method=visit.method,
        visitor=visit.visitor,
        status=visit.status,
        answers=MappingProxyType(dict(visit.answers or {})),
        amends_visit_id=visit.amends_visit_id,
        finalised_at=visit.finalised_at,
        amendments=amendments,
        photos=visit_photos(session, actor, visit.id),
    )


def visit_photos(session: Session, actor: Actor, visit_id: str) -> tuple[PhotoInfo, ...]:
    """The photos of a visit, oldest first (without their bytes)."""
    visit = visit_row(session, visit_id)
    check_can_open_person(session, actor, visit.person_id)
    rows = session.execute(
        select(
            Attachment.id,
            Attachment.sha256,
            Attachment.media_type,
            Attachment.taken_at,
            Attachment.width,
            Attachment.height,
            Attachment.caption,
        )
        .where(Attachment.visit_id == visit_id, Attachment.deleted.is_(False))
        .order_by(Attachment.taken_at, Attachment.sha256)
    )
    return tuple(PhotoInfo(*row) for row in rows)


def photo_bytes(session: Session, actor: Actor, attachment_id: str) -> bytes:
    """The stored JPEG of a photo."""
    found = session.execute(
        select(Attachment.data, Visit.person_id)
        .join(Visit, Visit.id == Attachment.visit_id)
        .where(Attachment.id == attachment_id, Attachment.deleted.is_(False))
    ).first()
    if found is None:
        raise NotFound("照片")
    check_can_open_person(session, actor, found.person_id)
    return bytes(found.data)


# -- the forms engine ------------------------------------------------------------------------


@dataclass(frozen=True)
class CheckedAnswers:
    """Answers checked against a form: problems per field, what to keep, follow-ups due."""

    problems: Mapping[str, str]
    values: Mapping[str, Any]
    followups: tuple[FollowUp, ...]


def check_answers(
    definition: FormDefinition, answers: Mapping[str, Any], context: FormContext
) -> CheckedAnswers:
    """Validate answers with the forms engine; the kept values and follow-ups when valid."""
    problems = validate_answers(definition, answers, context)
    if problems:
        return CheckedAnswers(problems, {}, ())
    evaluation = evaluate(definition, answers, context)
    followups = tuple(evaluate_followups(definition, answers, context))
    return CheckedAnswers({}, dict(evaluation.values), followups)


def form_context_for(session: Session, visit: Visit, definition: FormDefinition) -> FormContext:
    """The values a form declares (birth date, 低保 standard, …) for this visit, and the
    household's members."""
    wanted = definition.context_ids
    values: dict[str, Any] = {}
    person = session.get(Person, visit.person_id)
    for value_id in wanted:
        if value_id.endswith("_birth_date"):
            values[value_id] = (
                person.birth_date.isoformat() if person and person.birth_date else None
            )
        elif value_id == "dibao_standard_fen":
            values[value_id] = _dibao_standard_fen(session, visit)
        elif value_id == "township_approval_limit_fen":
            values[value_id] = township_approval_limit_fen(session, visit.visited_on)
        elif value_id == "recorded_self_care_level":
            values[value_id] = session.scalar(
                select(Enrolment.self_care_level)
                .where(
                    Enrolment.person_id == visit.person_id,
                    Enrolment.program == Program.TEKUN.value,
                    Enrolment.deleted.is_(False),
                )
                .order_by(Enrolment.decided_on.desc())
                .limit(1)
            )
    members: frozenset[str] | None = None
    if visit.household_id is not None:
        members = frozenset(
            session.scalars(
                select(Person.id).where(
                    Person.household_id == visit.household_id, Person.deleted.is_(False)
                )
            )
        )
    return FormContext(today=visit.visited_on, values=values, household_member_ids=members)


def _dibao_standard_fen(session: Session, visit: Visit) -> int | None:
    village = session.scalar(
        select(Household.village_code).where(Household.id == visit.household_id)
    )
    if village is None:
        return None
    kind = RateKind.DIBAO_URBAN_STANDARD if is_urban(village) else RateKind.DIBAO_RURAL_STANDARD
    rate = rates_in_force(session, visit.visited_on, village).get(kind)
    return None if rate is None else rate.amount_fen


# -- photos ----------------------------------------------------------------------------------


def attach_prepared_photo(
    session: Session,
    actor: Actor,
    visit_id: str,
    prepared: PreparedPhoto,
    *,
    taken_at: datetime | None = None,
    caption: str | None = None,
) -> PhotoAttached:
    """Store a photo made ready by `prepare_photo` with a visit: downscaled, upright, without
    EXIF, addressed by SHA-256 (no decoding here: only the insert, so that the writer thread
    is not held by a phone photo's tenth of a second or more of CPU)."""
    visit = visit_row(session, visit_id)
    check_can_open_person(session, actor, visit.person_id)
    if visit.status == VisitStatus.DRAFT and actor.username not in (
        visit.updated_by,
        visit.visitor,
    ):
        raise Forbidden(NOT_YOURS_MESSAGE)
    when = taken_at or prepared.taken_at
    existing = session.scalar(
        select(Attachment).where(
            Attachment.visit_id == visit.id,
            Attachment.sha256 == prepared.sha256,
            Attachment.deleted.is_(False),
        )
    )
    if existing is not None:
        return PhotoAttached(_photo_info(existing), visit.id, True, None)
    photo = Attachment(
        visit_id=visit.id,
        sha256=prepared.sha256,
        media_type=PHOTO_MEDIA_TYPE,
        taken_at=when,
        width=prepared.width,
        height=prepared.height,
        data=prepared.data,
        caption=(caption or "").strip() or None,
    )
    change: Change | None = None
    if visit.status == VisitStatus.FINAL:
        change = _record_photo(session, actor, photo)
    else:
        photo.version, photo.updated_at, photo.updated_by = 0, utc_now(), actor.username
        photo.deleted = False
        session.add(photo)
        session.flush()
    return PhotoAttached(_photo_info(photo), visit.id, False, change)


def remove_photo(session: Session, actor: Actor, attachment_id: str) -> PhotoRemoved:
    """Take a wrongly attached photo off a draft: its row and its digest in the answers."""
    photo = session.get(Attachment, attachment_id)
    if photo is None or photo.deleted:
        raise NotFound("照片")
    visit = visit_row(session, photo.visit_id)
    if visit.status != VisitStatus.DRAFT:
        raise PhotoOfFinalVisit()
    _editable_draft(session, actor, visit.id)
    check_can_open_person(session, actor, visit.person_id)
    definition = form_definition(session, visit.form_id, visit.form_version)
    answers = dict(visit.answers or {})
    named: list[str] = []
    for item in definition.fields:
        given = answers.get(item.id) if item.type is FieldType.PHOTO else None
        if not isinstance(given, list) or photo.sha256 not in given:
            continue
        kept = [digest for digest in given if digest != photo.sha256]
        named.append(item.id)
        if kept:
            answers[item.id] = kept
        else:
            del answers[item.id]  # an empty answer is no answer (as the form gives it)
    if named:
        visit.answers = answers
        visit.updated_at = utc_now()
    removed = PhotoRemoved(photo.id, visit.id, photo.sha256, tuple(named))
    # A draft's photo was never recorded nor sent (module decisions): it simply goes.
    session.delete(photo)
    session.flush()
    return removed


@dataclass(frozen=True)
class PreparedPhoto:
    """A photo ready to store: JPEG bytes, size, digest, and when it was taken."""

    data: bytes
    width: int
    height: int
    sha256: str
    taken_at: datetime | None


def prepare_photo(image_bytes: bytes) -> PreparedPhoto:
    """Downscale, turn upright and re-encode a photo without EXIF; read its time first."""
    image = _open_image(image_bytes)
    taken_at = _exif_time(image)
    longest = max(image.size)
    if longest > PHOTO_LONGEST_SIDE and image.format == "JPEG":
        # Decode at a reduced scale straight away (a 12 MP photo in a fraction of the time).
        scale = PHOTO_LONGEST_SIDE / longest
        image.draft("RGB", (int(image.width * scale) + 1, int(image.height * scale) + 1))
    try:
        upright = ImageOps.exif_transpose(image)
        upright.thumbnail((PHOTO_LONGEST_SIDE, PHOTO_LONGEST_SIDE), Image.Resampling.LANCZOS)
        picture = _as_rgb(upright)
        out = io.BytesIO()
        # No exif= and no xmp=: nothing of the camera's metadata is written.
        picture.save(
            out,
            "JPEG",
            quality=PHOTO_JPEG_QUALITY,
            optimize=True,
            icc_profile=image.info.get("icc_profile"),
        )
    except (OSError, ValueError, SyntaxError) as error:
        raise NotAPhoto("这张照片已损坏，无法读取，请换一张。") from error
    data = out.getvalue()
    return PreparedPhoto(
        data, picture.width, picture.height, hashlib.sha256(data).hexdigest(), taken_at
    )


def photo_taken_at(image_bytes: bytes) -> datetime | None:
    """When a photo was taken (EXIF DateTimeOriginal) as a UTC instant, if it says."""
    try:
        return _exif_time(_open_image(image_bytes))
    except NotAPhoto:
        return None


def match_photos_to_visits(
    photos: Sequence[tuple[str, bytes]], visits: Sequence[CandidateVisit]
) -> list[PhotoProposal]:
    """For each (name, bytes) photo, the visit of the day it was taken, for confirmation.

    The day is the photo's date in China; among several visits that day, the one nearest in
    time when the visits' times are known, else none is chosen and all are offered.
    """
    by_day: dict[date, list[CandidateVisit]] = {}
    for visit in visits:
        by_day.setdefault(visit.visited_on, []).append(visit)
    proposals: list[PhotoProposal] = []
    for name, data in photos:
        taken = photo_taken_at(data)
        if taken is None:
            proposals.append(
                PhotoProposal(name, None, None, (), "照片没有拍摄时间，请手动选择对应的探访。")
            )
            continue
        same_day = by_day.get(china_date(taken), [])
        if not same_day:
            proposals.append(
                PhotoProposal(name, taken, None, (), "拍摄当天没有探访记录，请手动选择或跳过。")
            )
            continue
        if len(same_day) == 1:
            only = same_day[0]
            proposals.append(
                PhotoProposal(name, taken, only.visit_id, (), f"拍摄当天探访了{only.person_name}。")
            )
            continue
        timed = [visit for visit in same_day if visit.at is not None]
        if len(timed) == len(same_day):
            ordered = sorted(timed, key=lambda v: abs((v.at - taken).total_seconds()))  # type: ignore[operator]
            best = ordered[0]
            proposals.append(
                PhotoProposal(
                    name,
                    taken,
                    best.visit_id,
                    tuple(v.visit_id for v in ordered[1:]),
                    f"拍摄时间最接近对{best.person_name}的探访。",
                )
            )
        else:
            proposals.append(
                PhotoProposal(
                    name,
                    taken,
                    None,
                    tuple(v.visit_id for v in same_day),
                    f"拍摄当天有{len(same_day)}次探访，请选择这张照片属于哪一次。",
                )
            )
    return proposals


def photo_candidates(
    session: Session, actor: Actor, first: date, last: date, *, only_mine: bool = True
) -> list[CandidateVisit]:
    """Visits from `first` to `last` that imported photos may belong to (the actor's own)."""
    statement = (
        select(Visit.id, Visit.person_id, Person.name, Visit.visited_on)
        .join(Person, Person.id == Visit.person_id)
        .where(
            Visit.deleted.is_(False),
            Visit.amends_visit_id.is_(None),
            Visit.visited_on >= first,
            Visit.visited_on <= last,
        )
        .order_by(Visit.visited_on, Person.name)
    )
    mine = or_(Visit.visitor == actor.username, Visit.updated_by == actor.username)
    if only_mine:
        statement = statement.where(mine)
    else:
        # Someone else's draft is theirs to finish: attach_prepared_photo would refuse it.
        statement = statement.where(or_(Visit.status == VisitStatus.FINAL.value, mine))
    candidates: list[CandidateVisit] = []
    allowed: dict[str, bool] = {}
    for visit_id, person_id, name, visited_on in session.execute(statement):
        if person_id not in allowed:
            try:
                check_can_open_person(session, actor, person_id)
                allowed[person_id] = True
            except (Forbidden, NotFound):
                allowed[person_id] = False
        if allowed[person_id]:
            candidates.append(CandidateVisit(visit_id, name, visited_on))
    return candidates


_EXIF_TIME = re.compile(r"(\d{4}):(\d{2}):(\d{2})[ T](\d{2}):(\d{2}):(\d{2})")
_EXIF_OFFSET = re.compile(r"([+-])(\d{2}):(\d{2})")


def _open_image(image_bytes: bytes) -> Image.Image:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(image_bytes))
    except (UnidentifiedImageError, Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise NotAPhoto() from None
    except (OSError, ValueError, SyntaxError):
        raise NotAPhoto() from None
    if image.width * image.height > PHOTO_MAX_PIXELS:
        raise NotAPhoto("这张照片的像素太多，无法处理，请换一张。")
    return image


def _exif_time(image: Image.Image) -> datetime | None:
    try:
        exif = image.getexif()
        details = exif.get_ifd(ExifTags.IFD.Exif)
    except (OSError, ValueError, SyntaxError, KeyError):
        return None
    text = details.get(ExifTags.Base.DateTimeOriginal) or exif.get(ExifTags.Base.DateTime)
    if not isinstance(text, str):
        return None
    found = _EXIF_TIME.match(text.strip())
    if found is None:
        return None
    try:
        local = datetime(*(int(part) for part in found.groups()))
    except ValueError:
        return None
    zone = CHINA
    offset = details.get(ExifTags.Base.OffsetTimeOriginal)
    if isinstance(offset, str) and (matched := _EXIF_OFFSET.fullmatch(offset.strip())):
        sign = 1 if matched.group(1) == "+" else -1
        zone = timezone(
            sign * timedelta(hours=int(matched.group(2)), minutes=int(matched.group(3)))
        )
    return local.replace(tzinfo=zone).astimezone(UTC)


def _as_rgb(image: Image.Image) -> Image.Image:
    if image.mode == "RGB":
        return image
    if image.mode in ("RGBA", "LA") or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        white = Image.new("RGB", rgba.size, (255, 255, 255))
        white.paste(rgba, mask=rgba.getchannel("A"))
        return white
    return image.convert("RGB")


def _photo_info(photo: Attachment) -> PhotoInfo:
    return PhotoInfo(
        photo.id,
        photo.sha256,
        photo.media_type,
        photo.taken_at,
        photo.width,
        photo.height,
        photo.caption,
    )


def _record_photo(session: Session, actor: Actor, photo: Attachment) -> Change:
    """Record a photo's creation without its bytes.

    Photos are content-addressed and travel apart from the mutations (ARCHITECTURE.md,
    sync): the audit entry and the outbox mutation carry the SHA-256 column, never the
    image (and JSON cannot hold bytes).
    """
    return record_create(session, actor, photo, omit=_PHOTO_OMITTED)


_PHOTO_OMITTED = frozenset({"data"})


def _check_photos_attached(
    session: Session, definition: FormDefinition, visit_id: str, values: Mapping[str, Any]
) -> None:
    digests = {
        digest
        for item in definition.fields
        if item.type is FieldType.PHOTO
        for digest in values.get(item.id) or ()
    }
    if not digests:
        return
    stored = set(
        session.scalars(
            select(Attachment.sha256).where(
                Attachment.visit_id == visit_id, Attachment.deleted.is_(False)
            )
        )
    )
    for item in definition.fields:
        if item.type is FieldType.PHOTO and set(values.get(item.id) or ()) - stored:
            raise InvalidInput(item.id, "有照片没有保存到这次探访中，请重新添加照片。")


# -- helpers ---------------------------------------------------------------------------------


def visit_row(session: Session, visit_id: str) -> Visit:
    """The live visit row (NotFound for a missing or deleted one); callers check access."""
    visit = session.get(Visit, visit_id)
    if visit is None or visit.deleted:
        raise NotFound("探访记录")
    return visit


def _editable_draft(session: Session, actor: Actor, visit_id: str) -> Visit:
    visit = visit_row(session, visit_id)
    if visit.status != VisitStatus.DRAFT:
        raise VisitIsFinal()
    if actor.username not in (visit.updated_by, visit.visitor):
        raise Forbidden(NOT_YOURS_MESSAGE)
    return visit


def _raise_why_not_editable(session: Session, actor: Actor, visit_id: str) -> None:
    found = session.execute(
        select(Visit.status, Visit.updated_by, Visit.visitor, Visit.deleted).where(
            Visit.id == visit_id
        )
    ).first()
    if found is None or found.deleted:
        raise NotFound("探访记录")
    if found.status != VisitStatus.DRAFT:
        raise VisitIsFinal()
    raise Forbidden(NOT_YOURS_MESSAGE)


def _category_for(
    session: Session, definition: FormDefinition, person_id: str, category: str | None
) -> str:
    if category is not None:
        if definition.categories and category not in definition.categories:
            raise InvalidInput("category", f"“{definition.title}”不用于这一类探访对象。")
        return category
    if len(definition.categories) == 1:
        return definition.categories[0]
    child_category = session.scalar(
        select(ChildFile.category).where(
            ChildFile.person_id == person_id, ChildFile.deleted.is_(False)
        )
    )
    if child_category in definition.categories:
        return str(child_category)
    raise InvalidInput("category", "请选择这次探访的对象类别。")


def _method(
    method: VisitMethod | str | None, answers: Mapping[str, Any] | None, default: str
) -> str:
    if method is None and answers is not None:
        method = answers.get(VISIT_METHOD_FIELD)
    if method is None:
        return default
    try:
        return VisitMethod(method).value
    except ValueError:
        raise InvalidInput(VISIT_METHOD_FIELD, "探访方式只能是入户、电话或视频。") from None


def _json_default(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, tuple | set | frozenset):
        return list(value)
    raise TypeError(f"answer of type {type(value).__name__} cannot be stored")


def _storable_answers(answers: Mapping[str, Any]) -> dict[str, Any]:
    """Answers as JSON stores them (dates as ISO text, decimals as numbers)."""
    stored = json.loads(json.dumps(dict(answers), default=_json_default, ensure_ascii=False))
    if not isinstance(stored, dict):
        raise InvalidInput("answers", "探访记录的内容无法保存。")
    return stored


def _amendment_ids(session: Session, original_id: str) -> list[str]:
    return list(
        session.scalars(
            select(Visit.id)
            .where(Visit.amends_visit_id == original_id, Visit.deleted.is_(False))
            .order_by(Visit.finalised_at, Visit.updated_at)
        )
    )


def _amendments(session: Session, original_id: str) -> tuple[AmendmentView, ...]:
    rows = session.execute(
        select(
            Visit.id,
            Visit.visited_on,
            Visit.method,
            Visit.answers,
            Visit.finalised_at,
            Visit.updated_by,
        )
        .where(
            Visit.amends_visit_id == original_id,
            Visit.deleted.is_(False),
            Visit.status == VisitStatus.FINAL.value,
        )
        .order_by(Visit.finalised_at, Visit.updated_at)
    ).all()
    reasons = dict(
        session.execute(
            select(AuditEntry.entity_id, AuditEntry.reason).where(
                AuditEntry.entity_type == "visits",
                AuditEntry.entity_id.in_([row.id for row in rows]),
                AuditEntry.action == "create",
            )
        ).all()
    )
    return tuple(
        AmendmentView(
            visit_id=row.id,
            visited_on=row.visited_on,
            method=row.method,
            answers=MappingProxyType(dict(row.answers or {})),
            finalised_at=row.finalised_at,
            corrected_by=row.updated_by,
            reason=reasons.get(row.id),
        )
        for row in rows
    )


def _raise_tasks(
    session: Session,
    actor: Actor,
    visit: Visit,
    followups: Sequence[FollowUp],
    *,
    already: set[tuple[str, str]],
) -> tuple[TaskRaised, ...]:
    name = session.scalar(select(Person.name).where(Person.id == visit.person_id)) or ""
    raised: list[TaskRaised] = []
    for followup in followups:
        title = f"{followup.title}：{name}"[:TASK_TITLE_LENGTH]
        if (followup.kind.value, title) in already:
            continue
        due = followup.due_on(visit.visited_on)
        task = Task(
            kind=followup.kind.value,
            title=title,
            person_id=visit.person_id,
            household_id=visit.household_id,
            source_visit_id=visit.id,
            due_on=due,
            status=TaskStatus.OPEN.value,
            assigned_to=visit.visitor,
        )
        change = record_create(session, actor, task)
        raised.append(
            TaskRaised(
                task_id=task.id,
                kind=task.kind,
                title=title,
                due_on=due,
                priority=followup.priority.value,
                reminder=followup.reminder,
                to_record=followup.to_record,
                change=change,
            )
        )
    return tuple(raised)
