"""Visits: drafts, finalising, follow-up tasks, amendments, form versions, photos."""

from __future__ import annotations

import hashlib
import io
import json
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime
from typing import Any

import pytest
from PIL import ExifTags, Image
from sqlalchemy import Engine, event, func, select
from sqlalchemy.orm import Session

from caseload_builders import (
    TANQUAN,
    YANGJIA,
    audit_and_outbox,
    cadre_actor,
    household_row,
    person_row,
    row_counts,
)
from minzheng_field.domain.work import VisitStatus
from minzheng_field.forms.registry import latest, shipped_forms, shipped_keys
from minzheng_field.services import forms_catalog
from minzheng_field.services import visits as visits_module
from minzheng_field.services.context import Actor, actor_for
from minzheng_field.services.errors import Forbidden, InvalidInput, NotFound
from minzheng_field.services.forms_catalog import (
    form_definition,
    form_row_id,
    forms_for_category,
    latest_form,
    publish_shipped_forms,
)
from minzheng_field.services.recording import record_create
from minzheng_field.services.visits import (
    PHOTO_LONGEST_SIDE,
    CandidateVisit,
    NotAPhoto,
    PhotoOfFinalVisit,
    VisitIsFinal,
    VisitNotValid,
    amend_visit,
    attach_prepared_photo,
    create_draft,
    discard_draft,
    finalise_visit,
    match_photos_to_visits,
    photo_bytes,
    photo_candidates,
    prepare_photo,
    remove_photo,
    save_draft,
    visit_view,
)
from minzheng_field.store.models import (
    Attachment,
    AuditEntry,
    ChildFile,
    FormVersion,
    OutboxMutation,
    Person,
    Task,
    Visit,
)
from minzheng_field.store.session import session_scope
from visit_builders import attach_photo

DAY = date(2026, 3, 10)
FORM = "left_behind_child_visit"


def child_answers(**changes: Any) -> dict[str, Any]:
    """Valid answers to the 2026.1 留守儿童探访记录 for a child living with grandparents."""
    answers: dict[str, Any] = {
        "visit_method": "home",
        "met_child": True,
        "living_with": "grandparents",
        "guardian_name": "李奶奶",
        "guardian_relation": "grandparent",
        "guardian_capacity": "good",
        "parents_situation_changed": False,
        "parent_contact": "weekly",
        "last_parent_contact_on": "2026-03-01",
        "in_school": True,
        "school_name": "坦泉小学",
        "health": "healthy",
        "safety_concerns": ["none"],
        "needs": ["none"],
        "risk_level": "low",
        "summary": "孩子在家写作业，奶奶照顾得好。",
    }
    answers.update(changes)
    return {key: value for key, value in answers.items() if value is not None}


def alone_answers(**changes: Any) -> dict[str, Any]:
    """The child lives alone: no guardian questions apply."""
    alone: dict[str, Any] = {
        "living_with": "alone",
        "guardian_name": None,
        "guardian_relation": None,
        "guardian_capacity": None,
    }
    return child_answers(**{**alone, **changes})


def make_child(session: Session, admin: Actor, village: str = TANQUAN, name: str = "李小明") -> str:
    household = household_row(session, admin, village)
    child = person_row(session, admin, name, household, birth_date=date(2016, 5, 1), sex="female")
    record_create(
        session, admin, ChildFile(person_id=child.id, category="left_behind", risk_level="low")
    )
    return child.id


def jpeg(
    width: int = 4000,
    height: int = 3000,
    *,
    taken: str | None = "2026:03:10 09:30:00",
    offset: str | None = None,
    orientation: int | None = None,
    gps: bool = True,
    colour: tuple[int, int, int] = (200, 30, 30),
) -> bytes:
    """A phone-like JPEG: left half `colour`, right half blue, with EXIF time, GPS and make."""
    image = Image.new("RGB", (width, height), colour)
    image.paste((20, 40, 220), (width // 2, 0, width, height))
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "TestPhone"
    if orientation is not None:
        exif[ExifTags.Base.Orientation] = orientation
    details = exif.get_ifd(ExifTags.IFD.Exif)
    if taken is not None:
        details[ExifTags.Base.DateTimeOriginal] = taken
    if offset is not None:
        details[ExifTags.Base.OffsetTimeOriginal] = offset
    if gps:
        position = exif.get_ifd(ExifTags.IFD.GPSInfo)
        position[ExifTags.GPS.GPSLatitudeRef] = "N"
        position[ExifTags.GPS.GPSLatitude] = (25.0, 47.0, 12.0)
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif, quality=95)
    return out.getvalue()


@contextmanager
def statements_of(engine: Engine) -> Iterator[list[str]]:
    """The first word of each SQL statement the engine runs inside the block."""
    seen: list[str] = []

    def note(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        seen.append(statement.split()[0].upper())

    event.listen(engine, "before_cursor_execute", note)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", note)


# -- forms catalog ---------------------------------------------------------------------------


def test_shipped_forms_are_published_once_with_the_same_ids_everywhere(
    session: Session, admin: Actor
) -> None:
    first = publish_shipped_forms(session, admin, today=DAY)
    assert {(i.form_id, i.form_version) for i in first.published} == set(shipped_forms())
    assert publish_shipped_forms(session, admin, today=DAY).published == ()
    row = session.scalar(
        select(FormVersion).where(FormVersion.form_id == FORM, FormVersion.form_version == "2026.1")
    )
    assert row is not None and row.id == form_row_id(FORM, "2026.1")
    assert row.definition == dict(latest(FORM).raw)
    audit, outbox = audit_and_outbox(session, row.id)
    assert [a.action for a in audit] == ["create"] and audit[0].reason
    assert [m.operation for m in outbox] == ["create"]
    assert outbox[0].fields["form_version"] == "2026.1"
    assert [i.form_id for i in forms_for_category(session, "in_difficulty")] == [
        "vulnerable_child_visit"
    ]


def test_publishing_again_reads_only_the_shipped_keys(
    session: Session, admin: Actor, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert shipped_keys() == set(shipped_forms())
    publish_shipped_forms(session, admin, today=DAY)

    def loading(*_args: object) -> None:
        raise AssertionError("the definitions were loaded")

    # A session opening on a vault that has them all does not load the definitions again.
    monkeypatch.setattr(forms_catalog, "shipped_forms", loading)
    assert publish_shipped_forms(session, admin, today=DAY).published == ()


def test_a_county_version_in_the_vault_is_the_latest_and_old_versions_stay_readable(
    session: Session, admin: Actor
) -> None:
    publish_shipped_forms(session, admin, today=DAY)
    definition = dict(latest(FORM).raw)
    definition["version"] = "2026.10"
    definition["title"] = "留守儿童探访记录（县级修订）"
    record_create(
        session,
        admin,
        FormVersion(
            form_id=FORM,
            form_version="2026.10",
            title=definition["title"],
            definition=definition,
            published_on=DAY,
        ),
    )
    assert latest_form(session, FORM).version == "2026.10"
    assert form_definition(session, FORM, "2025.1").version == "2025.1"


# -- drafts and finalising --------------------------------------------------------------------


def test_drafts_saved_repeatedly_stay_local_and_finalising_records_the_final_answers(
    engine: Engine,
) -> None:
    with session_scope(engine) as session:
        admin = actor_for(session, "admin")
        child_id = make_child(session, admin)
        draft = create_draft(session, admin, child_id, FORM, visited_on=DAY)
    assert (draft.form_version, draft.category, draft.visitor) == ("2026.1", "left_behind", "admin")

    typed: dict[str, Any] = {}
    for key, value in child_answers().items():
        typed[key] = value
        with statements_of(engine) as statements, session_scope(engine) as session:
            save_draft(session, admin, draft.visit_id, typed)
        # Cheap: one UPDATE per change, no audit entry, no outbox mutation.
        assert [s for s in statements if s not in ("BEGIN", "COMMIT")] == ["UPDATE"]

    with session_scope(engine) as session:
        stored = session.get(Visit, draft.visit_id)
        assert stored is not None and stored.status == VisitStatus.DRAFT
        assert stored.answers == child_answers()
        audit, outbox = audit_and_outbox(session, draft.visit_id)
        assert audit == [] and outbox == []

    with session_scope(engine) as session:
        result = finalise_visit(session, admin, draft.visit_id)
    assert result.change.action == "create" and result.tasks == ()

    with session_scope(engine) as session:
        visit = session.get(Visit, draft.visit_id)
        assert visit is not None
        assert visit.status == VisitStatus.FINAL and visit.finalised_at is not None
        assert visit.method == "home"
        # The computed age is kept with the answers.
        assert visit.answers["child_age"] == 9
        audit, outbox = audit_and_outbox(session, draft.visit_id)
        assert [a.action for a in audit] == ["create"]
        assert [m.operation for m in outbox] == ["create"]
        assert outbox[0].fields["status"] == "final"
        assert outbox[0].fields["answers"]["summary"] == child_answers()["summary"]
        assert outbox[0].fields["form_version"] == "2026.1"


def test_a_final_visit_is_read_only_with_a_chinese_message(session: Session, admin: Actor) -> None:
    child_id = make_child(session, admin)
    draft = create_draft(session, admin, child_id, FORM, visited_on=DAY, answers=child_answers())
    finalise_visit(session, admin, draft.visit_id)
    before = row_counts(session, AuditEntry, OutboxMutation)
    for attempt in (
        lambda: save_draft(session, admin, draft.visit_id, child_answers(summary="改一下")),
        lambda: finalise_visit(session, admin, draft.visit_id),
        lambda: discard_draft(session, admin, draft.visit_id),
    ):
        with pytest.raises(VisitIsFinal) as refused:
            attempt()
        assert "已经定稿，不能再修改" in refused.value.message
        assert "更正" in refused.value.message
    visit = session.get(Visit, draft.visit_id)
    assert visit is not None and visit.answers["summary"] == child_answers()["summary"]
    assert row_counts(session, AuditEntry, OutboxMutation) == before


def test_invalid_answers_are_refused_per_field_and_nothing_is_recorded(
    session: Session, admin: Actor
) -> None:
    child_id = make_child(session, admin)
    answers = child_answers(summary=None, risk_level="extreme")
    draft = create_draft(session, admin, child_id, FORM, visited_on=DAY, answers=answers)
    before = row_counts(session, AuditEntry, OutboxMutation, Task)
    with pytest.raises(VisitNotValid) as refused:
        finalise_visit(session, admin, draft.visit_id)
    assert set(refused.value.problems) == {"summary", "risk_level"}
    assert refused.value.problems["summary"] == "请填写此项。"
    assert "2处" in refused.value.message
    assert row_counts(session, AuditEntry, OutboxMutation, Task) == before
    visit = session.get(Visit, draft.visit_id)
    assert visit is not None and visit.status == VisitStatus.DRAFT


def test_hidden_answers_are_cleared_and_the_method_comes_from_the_form(
    session: Session, admin: Actor
) -> None:
    child_id = make_child(session, admin)
    # A guardian typed in, then "alone" chosen: the guardian questions no longer apply.
    answers = alone_answers(guardian_name="李奶奶", visit_method="phone")
    draft = create_draft(session, admin, child_id, FORM, visited_on=DAY, answers=answers)
    finalise_visit(session, admin, draft.visit_id)
    visit = session.get(Visit, draft.visit_id)
    assert visit is not None and "guardian_name" not in visit.answers
    assert visit.method == "phone"


def test_a_child_living_alone_raises_a_mandatory_report_due_the_same_day(
    session: Session, admin: Actor
) -> None:
    child_id = make_child(session, admin, name="王小红")
    draft = create_draft(
        session, admin, child_id, FORM, visited_on=DAY, answers=alone_answers(risk_level="medium")
    )
    result = finalise_visit(session, admin, draft.visit_id)
    (raised,) = result.tasks
    assert raised.kind == "mandatory_report"
    assert raised.due_on == DAY
    assert raised.priority == "urgent"
    assert raised.title == "强制报告：儿童独自生活或无有效监护：王小红"
    assert raised.reminder is not None and "不会代您报告" in raised.reminder
    assert "报告人" in raised.to_record
    task = session.get(Task, raised.task_id)
    assert task is not None
    assert (task.source_visit_id, task.person_id, task.status, task.assigned_to) == (
        draft.visit_id,
        child_id,
        "open",
        "admin",
    )
    audit, outbox = audit_and_outbox(session, task.id)
    assert [a.action for a in audit] == ["create"] and outbox[0].fields["due_on"] == "2026-03-10"


def test_another_users_draft_cannot_be_continued(session: Session, admin: Actor) -> None:
    child_id = make_child(session, admin)
    draft = create_draft(session, admin, child_id, FORM, visited_on=DAY)
    cadre = cadre_actor(admin, "cadre1", TANQUAN)
    with pytest.raises(Forbidden, match="别人开始填写"):
        save_draft(session, cadre, draft.visit_id, child_answers())
    # Named as the visitor, the cadre may continue a sheet the assistant began.
    typed = create_draft(session, admin, child_id, FORM, visited_on=DAY, visitor="cadre1")
    save_draft(session, cadre, typed.visit_id, child_answers())


def test_a_cadre_cannot_visit_outside_their_villages(session: Session, admin: Actor) -> None:
    child_id = make_child(session, admin, village=YANGJIA)
    with pytest.raises(Forbidden):
        create_draft(session, cadre_actor(admin, "cadre1", TANQUAN), child_id, FORM, visited_on=DAY)


def test_a_visit_date_in_the_future_is_refused(session: Session, admin: Actor) -> None:
    child_id = make_child(session, admin)
    with pytest.raises(InvalidInput, match="不能晚于今天"):
        create_draft(session, admin, child_id, FORM, visited_on=date(2999, 1, 1))


def test_discarding_a_draft_removes_it_and_its_photos(session: Session, admin: Actor) -> None:
    child_id = make_child(session, admin)
    draft = create_draft(session, admin, child_id, FORM, visited_on=DAY)
    attach_photo(session, admin, draft.visit_id, jpeg())
    discard_draft(session, admin, draft.visit_id)
    assert session.get(Visit, draft.visit_id) is None
    assert row_counts(session, Attachment) == (0,)
    assert audit_and_outbox(session, draft.visit_id) == ([], [])


# -- amendments and form versions ------------------------------------------------------------


def test_two_amendments_of_a_visit_are_both_kept_in_order(session: Session, admin: Actor) -> None:
    child_id = make_child(session, admin)
    draft = create_draft(session, admin, child_id, FORM, visited_on=DAY, answers=child_answers())
    finalise_visit(session, admin, draft.visit_id)

    with pytest.raises(InvalidInput, match="原因"):
        amend_visit(session, admin, draft.visit_id, child_answers(), reason="  ")
    first = amend_visit(
        session, admin, draft.visit_id, child_answers(summary="更正一"), reason="错填了情况"
    )
    # Amending the amendment amends the original.
    second = amend_visit(
        session, admin, first.visit_id, child_answers(summary="更正二"), reason="再次核实"
    )
    assert first.amends_visit_id == second.amends_visit_id == draft.visit_id

    view = visit_view(session, admin, draft.visit_id)
    assert view.answers["summary"] == child_answers()["summary"]  # the original is kept
    assert [a.visit_id for a in view.amendments] == [first.visit_id, second.visit_id]
    assert [a.reason for a in view.amendments] == ["错填了情况", "再次核实"]
    assert view.current_answers["summary"] == "更正二"
    audit, outbox = audit_and_outbox(session, second.visit_id)
    assert audit[0].reason == "再次核实"
    assert outbox[0].fields["amends_visit_id"] == draft.visit_id
    with pytest.raises(VisitNotValid):
        amend_visit(session, admin, draft.visit_id, child_answers(summary=None), reason="x")


def test_an_amendment_raises_only_the_tasks_not_already_raised(
    session: Session, admin: Actor
) -> None:
    child_id = make_child(session, admin)
    draft = create_draft(session, admin, child_id, FORM, visited_on=DAY, answers=child_answers())
    assert finalise_visit(session, admin, draft.visit_id).tasks == ()
    corrected = amend_visit(
        session, admin, draft.visit_id, alone_answers(), reason="孩子其实独自居住"
    )
    assert [t.kind for t in corrected.tasks] == ["mandatory_report"]
    again = amend_visit(
        session, admin, draft.visit_id, alone_answers(summary="补充"), reason="补充说明"
    )
    assert again.tasks == ()
    assert row_counts(session, Task) == (1,)


def test_an_old_visit_opens_with_its_own_form_version_after_a_new_one_is_published(
    session: Session, admin: Actor
) -> None:
    publish_shipped_forms(session, admin, today=DAY)
    child_id = make_child(session, admin)
    old = create_draft(session, admin, child_id, FORM, visited_on=DAY, answers=child_answers())
    finalise_visit(session, admin, old.visit_id)

    changed = json.loads(json.dumps(latest(FORM).raw))
    changed["version"] = "2027.1"
    changed["sections"][0]["fields"].append(
        {"id": "visit_place", "type": "text", "label": "探访地点", "required": True}
    )
    record_create(
        session,
        admin,
        FormVersion(
            form_id=FORM,
            form_version="2027.1",
            title=changed["title"],
            definition=changed,
            published_on=date(2027, 1, 1),
        ),
    )
    view = visit_view(session, admin, old.visit_id)
    assert view.form_version == view.definition.version == "2026.1"
    assert not view.definition.has_field("visit_place")
    assert view.read_only

    new = create_draft(session, admin, child_id, FORM, visited_on=DAY, answers=child_answers())
    assert new.form_version == "2027.1"
    with pytest.raises(VisitNotValid) as refused:
        finalise_visit(session, admin, new.visit_id)
    assert set(refused.value.problems) == {"visit_place"}
    # The old visit is corrected on its own version, which has no such question.
    amend_visit(session, admin, old.visit_id, child_answers(summary="更正"), reason="笔误")


def test_a_demo_visit_of_the_first_version_opens_with_that_version(
    session: Session, admin: Actor
) -> None:
    child_id = make_child(session, admin)
    household_id = session.get(Person, child_id).household_id  # type: ignore[union-attr]
    old = Visit(
        person_id=child_id,
        household_id=household_id,
        category="left_behind",
        form_id=FORM,
        form_version="2025.1",
        visited_on=date(2025, 6, 1),
        method="home",
        visitor="admin",
        status="final",
        answers={
            "attending_school": True,
            "parents_contact_weekly": True,
            "guardian_adequate": True,
            "safety_risk": False,
            "summary": "一切正常",
        },
        finalised_at=datetime(2025, 6, 1, 10, tzinfo=UTC),
    )
    record_create(session, admin, old)
    view = visit_view(session, admin, old.id)
    assert view.definition.version == "2025.1"
    assert view.definition.field("attending_school").label_of(True)


# -- photos -----------------------------------------------------------------------------------


def test_a_photo_is_downscaled_turned_upright_stripped_and_stored_once(
    session: Session, admin: Actor
) -> None:
    child_id = make_child(session, admin)
    draft = create_draft(session, admin, child_id, FORM, visited_on=DAY)
    original = jpeg(orientation=6)  # a phone held upright: stored landscape, shown portrait
    attached = attach_photo(session, admin, draft.visit_id, original)
    photo = attached.photo
    assert (photo.width, photo.height) == (1200, PHOTO_LONGEST_SIDE)
    assert photo.taken_at == datetime(2026, 3, 10, 1, 30, tzinfo=UTC)  # 09:30 in Chenzhou
    assert attached.change is None  # a draft's photo is local like the draft

    stored = photo_bytes(session, admin, photo.attachment_id)
    assert hashlib.sha256(stored).hexdigest() == photo.sha256
    image = Image.open(io.BytesIO(stored))
    assert image.format == "JPEG" and image.size == (1200, 1600)
    assert dict(image.getexif()) == {}
    assert b"TestPhone" not in stored and b"Exif" not in stored
    # Upright: the photo's left half (red) is now on top, its right half (blue) below.
    top, bottom = image.getpixel((600, 100)), image.getpixel((600, 1500))
    assert top[0] > 150 and top[2] < 80  # type: ignore[index]
    assert bottom[2] > 150 and bottom[0] < 80  # type: ignore[index]

    again = attach_photo(session, admin, draft.visit_id, original)
    assert again.already_attached and again.photo.attachment_id == photo.attachment_id
    assert row_counts(session, Attachment) == (1,)

    # The digest goes into the form's photo answer; finalising records the photo too.
    result = finalise_visit(
        session, admin, draft.visit_id, answers=child_answers(photos=[photo.sha256])
    )
    assert [c.entity_id for c in result.photo_changes] == [photo.attachment_id]
    audit, outbox = audit_and_outbox(session, photo.attachment_id)
    assert [m.operation for m in outbox] == ["create"]
    assert outbox[0].fields["sha256"] == photo.sha256
    assert "data" not in outbox[0].fields and "data" not in audit[0].changes


def test_a_photo_added_to_a_final_visit_is_recorded_at_once(session: Session, admin: Actor) -> None:
    child_id = make_child(session, admin)
    draft = create_draft(session, admin, child_id, FORM, visited_on=DAY, answers=child_answers())
    finalise_visit(session, admin, draft.visit_id)
    small = jpeg(800, 600, taken=None, gps=False)
    attached = attach_photo(session, admin, draft.visit_id, small, caption=" 住房外景 ")
    assert (attached.photo.width, attached.photo.height) == (800, 600)  # never enlarged
    assert attached.photo.taken_at is None and attached.photo.caption == "住房外景"
    assert attached.change is not None and attached.change.action == "create"
    assert "data" not in attached.change.fields
    audit, outbox = audit_and_outbox(session, attached.photo.attachment_id)
    assert "data" not in audit[0].changes and "data" not in outbox[0].fields
    assert outbox[0].fields["sha256"] == attached.photo.sha256
    assert [p.sha256 for p in visit_view(session, admin, draft.visit_id).photos] == [
        attached.photo.sha256
    ]


def test_a_prepared_photo_is_stored_without_being_decoded_again(
    session: Session, admin: Actor, monkeypatch: pytest.MonkeyPatch
) -> None:
    child_id = make_child(session, admin)
    draft = create_draft(session, admin, child_id, FORM, visited_on=DAY, answers=child_answers())
    finalise_visit(session, admin, draft.visit_id)
    # As the UI does, off the writer thread.
    prepared, other = prepare_photo(jpeg()), prepare_photo(jpeg(colour=(0, 200, 0)))

    def no_decoding(_data: bytes) -> None:
        raise AssertionError("the writer must not decode a photo")

    monkeypatch.setattr(visits_module, "prepare_photo", no_decoding)
    monkeypatch.setattr(visits_module, "_open_image", no_decoding)
    attached = attach_prepared_photo(session, admin, draft.visit_id, prepared, caption=" 门口 ")
    assert (attached.photo.width, attached.photo.height) == (PHOTO_LONGEST_SIDE, 1200)
    assert attached.photo.sha256 == prepared.sha256
    assert attached.photo.taken_at == datetime(2026, 3, 10, 1, 30, tzinfo=UTC)  # from EXIF
    assert attached.photo.caption == "门口"
    assert photo_bytes(session, admin, attached.photo.attachment_id) == prepared.data
    # Added to a final visit: recorded at once, without the bytes.
    audit, outbox = audit_and_outbox(session, attached.photo.attachment_id)
    assert [m.operation for m in outbox] == ["create"] and "data" not in outbox[0].fields
    assert audit[0].changes["sha256"]
    # The same photo again is reported, not stored twice; a given time wins over EXIF's.
    again = attach_prepared_photo(session, admin, draft.visit_id, prepared)
    assert again.already_attached and again.change is None
    assert row_counts(session, Attachment) == (1,)
    when = datetime(2026, 3, 10, 2, 0, tzinfo=UTC)
    assert (
        attach_prepared_photo(session, admin, draft.visit_id, other, taken_at=when).photo.taken_at
        == when
    )


def test_a_photo_answer_must_name_a_photo_of_the_visit(session: Session, admin: Actor) -> None:
    child_id = make_child(session, admin)
    draft = create_draft(
        session, admin, child_id, FORM, visited_on=DAY, answers=child_answers(photos=["ab" * 32])
    )
    with pytest.raises(InvalidInput, match="照片") as refused:
        finalise_visit(session, admin, draft.visit_id)
    assert refused.value.field == "photos"


def test_a_wrong_photo_is_taken_off_a_draft_and_its_answer(session: Session, admin: Actor) -> None:
    child_id = make_child(session, admin)
    draft = create_draft(session, admin, child_id, FORM, visited_on=DAY)
    wrong = attach_photo(session, admin, draft.visit_id, jpeg(800, 600)).photo
    right = attach_photo(session, admin, draft.visit_id, jpeg(800, 600, colour=(0, 200, 0))).photo
    save_draft(session, admin, draft.visit_id, child_answers(photos=[wrong.sha256, right.sha256]))

    removed = remove_photo(session, admin, wrong.attachment_id)
    assert (removed.sha256, removed.visit_id, removed.fields) == (
        wrong.sha256,
        draft.visit_id,
        ("photos",),
    )
    assert session.get(Attachment, wrong.attachment_id) is None
    assert session.get(Visit, draft.visit_id).answers["photos"] == [right.sha256]  # type: ignore[union-attr]
    # A draft's photos were never recorded: nothing is recorded of their removal either.
    assert audit_and_outbox(session, wrong.attachment_id) == ([], [])
    assert audit_and_outbox(session, draft.visit_id) == ([], [])

    # The last photo: the answer goes, and the draft still finalises.
    remove_photo(session, admin, right.attachment_id)
    assert "photos" not in session.get(Visit, draft.visit_id).answers  # type: ignore[union-attr]
    assert row_counts(session, Attachment) == (0,)
    result = finalise_visit(session, admin, draft.visit_id)
    assert result.photo_changes == ()
    with pytest.raises(NotFound):
        remove_photo(session, admin, right.attachment_id)


def test_a_final_visits_photo_cannot_be_removed(session: Session, admin: Actor) -> None:
    child_id = make_child(session, admin)
    draft = create_draft(session, admin, child_id, FORM, visited_on=DAY)
    photo = attach_photo(session, admin, draft.visit_id, jpeg(800, 600)).photo
    finalise_visit(session, admin, draft.visit_id, answers=child_answers(photos=[photo.sha256]))
    before = row_counts(session, Attachment, AuditEntry, OutboxMutation)
    with pytest.raises(PhotoOfFinalVisit, match="已经定稿，照片不能删除") as refused:
        remove_photo(session, admin, photo.attachment_id)
    assert isinstance(refused.value, VisitIsFinal)
    assert row_counts(session, Attachment, AuditEntry, OutboxMutation) == before
    assert session.get(Visit, draft.visit_id).answers["photos"] == [photo.sha256]  # type: ignore[union-attr]


def test_another_users_draft_photo_cannot_be_removed(session: Session, admin: Actor) -> None:
    child_id = make_child(session, admin)
    draft = create_draft(session, admin, child_id, FORM, visited_on=DAY)
    photo = attach_photo(session, admin, draft.visit_id, jpeg(800, 600)).photo
    save_draft(session, admin, draft.visit_id, {"photos": [photo.sha256]})
    with pytest.raises(Forbidden, match="别人开始填写"):
        remove_photo(session, cadre_actor(admin, "cadre1", TANQUAN), photo.attachment_id)
    assert row_counts(session, Attachment) == (1,)
    assert session.get(Visit, draft.visit_id).answers == {"photos": [photo.sha256]}  # type: ignore[union-attr]


def test_what_is_not_a_photo_is_refused_in_chinese(session: Session, admin: Actor) -> None:
    child_id = make_child(session, admin)
    draft = create_draft(session, admin, child_id, FORM, visited_on=DAY)
    with pytest.raises(NotAPhoto, match="不是能识别的照片"):
        attach_photo(session, admin, draft.visit_id, b"%PDF-1.7 not an image")
    png = io.BytesIO()
    Image.new("RGBA", (50, 40), (0, 0, 0, 0)).save(png, "PNG")
    attached = attach_photo(session, admin, draft.visit_id, png.getvalue())
    assert (attached.photo.width, attached.photo.height) == (50, 40)


def test_photos_are_matched_to_the_visit_of_the_day_they_were_taken() -> None:
    visits = [
        CandidateVisit("v-mon", "张三", date(2026, 3, 9)),
        CandidateVisit(
            "v-tue-a", "李四", date(2026, 3, 10), datetime(2026, 3, 10, 1, 0, tzinfo=UTC)
        ),
        CandidateVisit(
            "v-tue-b", "王五", date(2026, 3, 10), datetime(2026, 3, 10, 6, 0, tzinfo=UTC)
        ),
        CandidateVisit("v-wed-a", "赵六", date(2026, 3, 11)),
        CandidateVisit("v-wed-b", "钱七", date(2026, 3, 11)),
    ]
    proposals = match_photos_to_visits(
        [
            ("monday.jpg", jpeg(64, 48, taken="2026:03:09 16:00:00")),
            # 13:20 in Chenzhou (05:20 UTC): nearer the afternoon visit.
            ("tuesday.jpg", jpeg(64, 48, taken="2026:03:10 13:20:00")),
            # 23:30 the day before in UTC is 07:30 on the 10th in China.
            ("early.jpg", jpeg(64, 48, taken="2026:03:09 23:30:00", offset="+00:00")),
            ("wednesday.jpg", jpeg(64, 48, taken="2026:03:11 10:00:00")),
            ("sunday.jpg", jpeg(64, 48, taken="2026:03:08 10:00:00")),
            ("no-time.jpg", jpeg(64, 48, taken=None)),
            ("notes.txt", b"not a photo"),
        ],
        visits,
    )
    chosen = {p.name: (p.visit_id, p.alternatives) for p in proposals}
    assert chosen["monday.jpg"] == ("v-mon", ())
    assert chosen["tuesday.jpg"] == ("v-tue-b", ("v-tue-a",))
    assert chosen["early.jpg"] == ("v-tue-a", ("v-tue-b",))
    assert chosen["wednesday.jpg"] == (None, ("v-wed-a", "v-wed-b"))
    assert chosen["sunday.jpg"] == (None, ())
    assert chosen["no-time.jpg"] == (None, ()) and chosen["notes.txt"] == (None, ())
    notes = {p.name: p.note for p in proposals}
    assert "没有拍摄时间" in notes["no-time.jpg"] and "2次探访" in notes["wednesday.jpg"]
    assert proposals[0].taken_at == datetime(2026, 3, 9, 8, 0, tzinfo=UTC)


def test_photos_of_a_cadre_are_only_of_visible_visits(session: Session, admin: Actor) -> None:
    child_id = make_child(session, admin, village=YANGJIA)
    draft = create_draft(session, admin, child_id, FORM, visited_on=DAY)
    attached = attach_photo(session, admin, draft.visit_id, jpeg(64, 48))
    with pytest.raises(Forbidden):
        photo_bytes(session, cadre_actor(admin, "cadre1", TANQUAN), attached.photo.attachment_id)
    assert session.scalar(select(func.count()).select_from(Attachment)) == 1


def test_photo_candidates_offer_final_visits_of_others_but_not_their_drafts(
    session: Session, admin: Actor
) -> None:
    final_child = make_child(session, admin, name="王小红")
    draft_child = make_child(session, admin, name="王小兰")
    final = create_draft(session, admin, final_child, FORM, visited_on=DAY, answers=child_answers())
    finalise_visit(session, admin, final.visit_id)
    draft = create_draft(session, admin, draft_child, FORM, visited_on=DAY)
    cadre = cadre_actor(admin, "cadre1", TANQUAN)

    offered = {c.visit_id for c in photo_candidates(session, cadre, DAY, DAY, only_mine=False)}
    assert offered == {final.visit_id}
    assert photo_candidates(session, cadre, DAY, DAY) == []
    mine = {c.visit_id for c in photo_candidates(session, admin, DAY, DAY)}
    assert mine == {final.visit_id, draft.visit_id}
