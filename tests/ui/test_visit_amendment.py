"""Correcting a final visit in the visit dialog: an amendment with a reason, the original kept."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from sqlalchemy import select
from tests.forms.form_answers import fill_form
from tests.ui import care_fixtures
from tests.ui.test_visit_dialog import WAIT, pick
from tests.ui.test_visit_photos import photo_file, photos_of, today_at
from tests.ui.visit_fixtures import children_of, in_vault

from minzheng_field.domain.calendar import china_today
from minzheng_field.forms.definition import FieldType
from minzheng_field.services.visit_entry_queries import visit_entry
from minzheng_field.services.visits import PHOTO_LONGEST_SIDE, create_draft, finalise_visit
from minzheng_field.store.models import Attachment, AuditEntry, OutboxMutation, Task, Visit
from minzheng_field.store.vault import Vault
from minzheng_field.ui.dialogs.photo_preview import HeldPhotoPreview
from minzheng_field.ui.dialogs.visit_dialog import VisitDialog
from minzheng_field.ui.session import UiSession
from minzheng_field.ui.widgets.photo_strip import THUMBNAIL_SIDE

FORM = "left_behind_child_visit"
# The demo township and the administrator's session on it.
demo = care_fixtures.demo
admin_ui = care_fixtures.admin_ui


def grandparents(options: Any) -> Any:
    """Valid answers of a child living with grandparents: no follow-up is due."""
    if "grandparents" in options:
        return "grandparents"
    return options[0]


def final_visit(vault: Vault) -> str:
    """A final 留守儿童 visit of a child living with grandparents, made two days ago."""
    (child,) = children_of(vault, "left_behind")

    def make(s, a) -> str:
        day = china_today() - timedelta(days=2)
        draft = create_draft(s, a, child, FORM, visited_on=day, category="left_behind")
        entry = visit_entry(s, a, draft.visit_id)
        answers = {
            key: value
            for key, value in fill_form(entry.definition, entry.context, grandparents).items()
            if entry.definition.field(key).type is not FieldType.PHOTO
        }
        return finalise_visit(s, a, draft.visit_id, answers=answers).visit_id

    return in_vault(vault, make)


def open_final(qtbot, session: UiSession, visit_id: str) -> VisitDialog:
    dialog = VisitDialog(session, None, None, visit_id=visit_id)
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.entry_loaded, timeout=WAIT):
        pass
    dialog.show()
    qtbot.waitUntil(dialog.photos_ready, timeout=WAIT)
    return dialog


def rows_of(vault: Vault, original_id: str) -> list[dict[str, Any]]:
    """The original visit and its amendments, in the order made."""
    return in_vault(
        vault,
        lambda s, a: [
            {
                "id": v.id,
                "amends": v.amends_visit_id,
                "answers": dict(v.answers),
                "visited_on": v.visited_on,
            }
            for v in s.scalars(
                select(Visit)
                .where((Visit.id == original_id) | (Visit.amends_visit_id == original_id))
                .order_by(Visit.amends_visit_id.is_not(None), Visit.finalised_at)
            )
        ],
    )


def test_a_correction_needs_a_reason_and_writes_nothing_without(qtbot, admin_ui, demo) -> None:
    visit_id = final_visit(demo)
    dialog = open_final(qtbot, admin_ui, visit_id)
    assert dialog.correct_button.isVisible() and not dialog.finish_button.isVisible()
    assert not dialog.corrections_box.isVisible()
    dialog.correct_button.click()
    assert dialog.is_correcting()
    assert dialog.amend_panel.isVisible() and dialog.save_correction_button.isVisible()
    pick(dialog, "risk_level", "high")
    qtbot.keySequence(dialog, "Ctrl+S")
    assert dialog.reason_message.isVisible()
    assert dialog.reason_message.text() == "Please write down why the record is corrected."
    assert dialog.is_correcting()
    # Answers that break the form's rules are shown beside their fields, as on finalising.
    assert dialog.form is not None
    dialog.form.set_answers({**dialog.form.answers(), "visit_method": None})
    dialog.reason_edit.setText("纸质记录抄错")
    dialog.save_correction()
    assert dialog.form.message_of("visit_method") == "请选择一项。"
    assert len(rows_of(demo, visit_id)) == 1


def test_a_correction_is_an_amendment_pointing_at_the_untouched_original(
    qtbot, admin_ui, demo
) -> None:
    visit_id = final_visit(demo)
    (before,) = rows_of(demo, visit_id)
    dialog = open_final(qtbot, admin_ui, visit_id)
    dialog.start_correction()
    pick(dialog, "living_with", "alone")  # the correction calls for a mandatory report
    corrected_day = china_today() - timedelta(days=1)
    dialog.date_edit.setDate(corrected_day)
    dialog.reason_edit.setText("孩子实际独自居住，入户时记错")
    with qtbot.waitSignal(dialog.amended, timeout=WAIT) as done:
        dialog.save_correction_button.click()
    qtbot.waitUntil(lambda: not dialog.is_correcting(), timeout=WAIT)
    result = done.args[0]
    original, amendment = rows_of(demo, visit_id)
    assert original == before  # the original is never changed
    assert amendment["amends"] == visit_id and amendment["id"] == result.visit_id
    assert amendment["answers"]["living_with"] == "alone"
    assert amendment["visited_on"] == corrected_day
    # Read-only again, showing the corrected answers and the correction.
    assert dialog.entry is not None and dialog.entry.is_final
    assert dialog.entry.visit_id == visit_id
    assert dialog.entry.answers["living_with"] == "alone"
    assert dialog.date_edit.date().toPython() == corrected_day
    editor = dialog.form.editor("living_with") if dialog.form else None
    assert editor is not None and not editor.widget.isEnabled()
    assert dialog.correct_button.isVisible() and not dialog.amend_panel.isVisible()
    assert dialog.corrections_box.isVisible() and dialog.corrections_list.count() == 1
    line = dialog.corrections_list.item(0).text()
    assert "孩子实际独自居住，入户时记错" in line and "乡镇管理员" in line  # the display name
    # The task the correction raised is shown as on finalising, with the reminder.
    kinds = in_vault(
        demo,
        lambda s, a: list(
            s.scalars(select(Task.kind).where(Task.source_visit_id == result.visit_id))
        ),
    )
    assert "mandatory_report" in kinds
    assert dialog.tasks_list.isVisible() and dialog.tasks_list.count() == len(result.tasks)
    assert dialog.report_label.isVisible() and "110" in dialog.report_label.text()


def test_a_visit_with_corrections_opens_listing_them(qtbot, admin_ui, demo) -> None:
    visit_id = final_visit(demo)
    first = open_final(qtbot, admin_ui, visit_id)
    for reason, risk in (("风险等级评估有误", "medium"), ("复核后再次调整", "high")):
        first.start_correction()
        pick(first, "risk_level", risk)
        first.reason_edit.setText(reason)
        with qtbot.waitSignal(first.amended, timeout=WAIT):
            first.save_correction()
        qtbot.waitUntil(lambda: not first.is_correcting(), timeout=WAIT)
    first.close()
    latest_id = rows_of(demo, visit_id)[-1]["id"]
    # Opened by the original or by a correction: the whole visit, as last corrected.
    for opened_by in (visit_id, latest_id):
        dialog = open_final(qtbot, admin_ui, opened_by)
        assert dialog.entry is not None and dialog.entry.visit_id == visit_id
        assert dialog.corrections_box.isVisible()
        lines = [dialog.corrections_list.item(i).text() for i in range(2)]
        assert "风险等级评估有误" in lines[0] and "复核后再次调整" in lines[1]
        assert dialog.form is not None and dialog.form.answers()["risk_level"] == "high"
        dialog.close()


def test_cancelling_a_correction_returns_to_read_only_and_writes_nothing(
    qtbot, admin_ui, demo
) -> None:
    visit_id = final_visit(demo)
    dialog = open_final(qtbot, admin_ui, visit_id)
    assert dialog.form is not None
    shown = dialog.form.answers()
    day = dialog.visited_on()
    dialog.start_correction()
    assert dialog.form.changed_marked() == ()
    pick(dialog, "living_with", "alone")
    # What the correction changes is tinted and counted (answers it hides count too).
    assert "living_with" in dialog.form.changed_marked()
    assert f"{len(dialog.form.changed_marked())} answers corrected" in dialog.status_label.text()
    dialog.date_edit.setDate(day - timedelta(days=5))
    dialog.reason_edit.setText("试一下")
    # Esc leaves the correction, not the dialog.
    qtbot.keyClick(dialog.reason_edit, Qt.Key.Key_Escape)
    assert dialog.isVisible() and not dialog.is_correcting()
    assert dialog.form.answers() == shown and dialog.visited_on() == day
    assert dialog.form.changed_marked() == ()
    editor = dialog.form.editor("living_with")
    assert editor is not None and not editor.widget.isEnabled()
    assert dialog.correct_button.isVisible() and not dialog.amend_panel.isVisible()
    assert len(rows_of(demo, visit_id)) == 1


def test_a_photo_added_during_a_correction_is_dropped_when_it_is_cancelled(
    qtbot, admin_ui, demo, tmp_path, monkeypatch
) -> None:
    visit_id = final_visit(demo)
    dialog = open_final(qtbot, admin_ui, visit_id)
    assert dialog.form is not None
    asked: list[str] = []
    answers: list[QMessageBox.StandardButton] = []

    def question(_parent, _title, text, *args, **kwargs):
        asked.append(text)
        return answers.pop(0)

    monkeypatch.setattr(QMessageBox, "question", staticmethod(question))
    # A correction without photos is left without a question.
    dialog.start_correction()
    dialog.cancel_correction()
    assert not dialog.is_correcting() and asked == []

    shown = dialog.form.answers()
    dialog.start_correction()
    assert "saved with it" in dialog.photos.strip.add_button.toolTip()
    with qtbot.waitSignal(dialog.photos.held_changed, timeout=WAIT) as held:
        dialog.photos.attach_files([photo_file(tmp_path, "IMG_0009.jpg", today_at(9))])
    assert held.args == [1]
    # Held in memory and shown marked as new; nothing stored; the answers name it.
    (thumbnail,) = dialog.photos.strip.thumbnails()
    assert thumbnail.photo.attachment_id.startswith("new:")
    assert thumbnail.photo.width == PHOTO_LONGEST_SIDE  # prepared already
    assert photos_of(demo, visit_id) == []
    assert dialog.form.answers()["photos"] == [thumbnail.photo.sha256]
    assert "photos" in dialog.form.changed_marked()

    # Esc asks first, naming the photo; No keeps the correction and its photo.
    answers.append(QMessageBox.StandardButton.No)
    qtbot.keyClick(dialog.reason_edit, Qt.Key.Key_Escape)
    assert dialog.is_correcting() and "1 photos" in asked[-1]
    assert dialog.photos.strip.count() == 1
    answers.append(QMessageBox.StandardButton.Yes)
    dialog.cancel_correction_button.click()
    assert not dialog.is_correcting() and len(asked) == 2
    assert dialog.photos.strip.count() == 0 and dialog.photos.held_photos() == []
    assert dialog.form.answers() == shown
    assert photos_of(demo, visit_id) == [] and len(rows_of(demo, visit_id)) == 1
    # Outside a correction, a photo added to the final visit is stored at once, as before.
    with qtbot.waitSignal(dialog.photos.attached, timeout=WAIT):
        dialog.photos.attach_files([photo_file(tmp_path, "IMG_0010.jpg", today_at(10), (800, 600))])
    assert len(photos_of(demo, visit_id)) == 1 and len(rows_of(demo, visit_id)) == 1


def test_a_photo_added_during_a_correction_is_stored_with_it(
    qtbot, admin_ui, demo, tmp_path
) -> None:
    visit_id = final_visit(demo)
    dialog = open_final(qtbot, admin_ui, visit_id)
    assert dialog.form is not None
    dialog.start_correction()
    with qtbot.waitSignal(dialog.photos.held_changed, timeout=WAIT):
        dialog.photos.attach_files(
            [
                photo_file(tmp_path, "IMG_0011.jpg", today_at(9)),
                photo_file(tmp_path, "IMG_0012.jpg", today_at(9), size=(2000, 3000)),
            ]
        )
    assert len(dialog.photos.held_photos()) == 2
    # A wrong one is left out from its preview (opened from memory, larger).
    wrong = next(h for h in dialog.photos.held_photos() if h.name == "IMG_0012.jpg")
    preview = dialog.photos.show_photo(wrong.thumbnail.photo)
    assert isinstance(preview, HeldPhotoPreview)
    with qtbot.waitSignal(preview.loaded, timeout=WAIT):
        pass
    assert preview.picture.pixmap().height() > 3 * THUMBNAIL_SIDE
    with qtbot.waitSignal(dialog.photos.held_changed, timeout=WAIT) as held_now:
        preview.drop_button.click()
    assert held_now.args == [1] and dialog.photos.strip.count() == 1
    (held,) = dialog.photos.held_photos()
    digest = held.prepared.sha256
    assert dialog.form.answers()["photos"] == [digest]
    dialog.reason_edit.setText("补上入户时拍的照片")
    with qtbot.waitSignal(dialog.amended, timeout=WAIT) as amended:
        dialog.save_correction_button.click()
    # The photo is stored with the visit and recorded with the amendment.
    ((stored_digest, width, _height, _data),) = photos_of(demo, visit_id)
    assert stored_digest == digest and width == PHOTO_LONGEST_SIDE
    original, amendment = rows_of(demo, visit_id)
    assert amendment["id"] == amended.args[0].visit_id
    assert amendment["answers"]["photos"] == [digest]
    assert "photos" not in original["answers"]

    def recorded(s: Any, _a: Any) -> list[str]:
        photo_id = s.scalar(select(Attachment.id).where(Attachment.visit_id == visit_id))
        return [
            *s.scalars(select(AuditEntry.action).where(AuditEntry.entity_id == photo_id)),
            *s.scalars(
                select(OutboxMutation.operation).where(OutboxMutation.entity_id == photo_id)
            ),
        ]

    assert in_vault(demo, recorded) == ["create", "create"]
    # Shown again as the visit's own photo, no longer as new.
    qtbot.waitUntil(lambda: dialog.photos.strip.count() == 1, timeout=WAIT)
    qtbot.waitUntil(
        lambda: not dialog.photos.strip.thumbnails()[0].photo.attachment_id.startswith("new:"),
        timeout=WAIT,
    )
    assert dialog.photos.held_photos() == [] and not dialog.is_correcting()
