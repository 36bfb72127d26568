"""What the visit dialog reads: a final visit as last corrected, its corrections and photos."""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session
from tests.services.test_visits import DAY, FORM, child_answers, jpeg, make_child

from minzheng_field.services.context import Actor
from minzheng_field.services.visit_entry_queries import visit_entry
from minzheng_field.services.visits import amend_visit, create_draft, finalise_visit
from visit_builders import attach_photo


def test_a_final_visit_reads_as_last_corrected_with_its_corrections_and_photos(
    session: Session, admin: Actor
) -> None:
    child_id = make_child(session, admin)
    draft = create_draft(session, admin, child_id, FORM, visited_on=DAY, answers=child_answers())
    photo = attach_photo(session, admin, draft.visit_id, jpeg(640, 480)).photo
    finalise_visit(session, admin, draft.visit_id)
    never_corrected = visit_entry(session, admin, draft.visit_id)
    assert never_corrected.corrections == ()
    assert never_corrected.answers["summary"] == child_answers()["summary"]
    assert [p.sha256 for p in never_corrected.photos] == [photo.sha256]

    first = amend_visit(
        session, admin, draft.visit_id, child_answers(risk_level="medium"), reason="风险评估有误"
    )
    second = amend_visit(
        session,
        admin,
        draft.visit_id,
        child_answers(risk_level="high"),
        reason="复核后调整",
        visited_on=date(2026, 3, 9),
    )
    # By the original's id or a correction's: the whole visit, the latest answers and date.
    for opened_by in (draft.visit_id, first.visit_id):
        entry = visit_entry(session, admin, opened_by)
        assert entry.visit_id == draft.visit_id and entry.is_final
        assert entry.answers["risk_level"] == "high"
        assert entry.visited_on == date(2026, 3, 9)
        assert [c.visit_id for c in entry.corrections] == [first.visit_id, second.visit_id]
        assert [c.reason for c in entry.corrections] == ["风险评估有误", "复核后调整"]
        assert {c.corrected_by for c in entry.corrections} == {"乡镇管理员"}  # display name
        assert [c.visited_on for c in entry.corrections] == [DAY, date(2026, 3, 9)]
        assert all(c.corrected_at is not None for c in entry.corrections)
        assert [p.sha256 for p in entry.photos] == [photo.sha256]
