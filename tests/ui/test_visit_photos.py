"""Photos in the visit dialog: chosen from files, stored downscaled, shown as thumbnails."""

from __future__ import annotations

import io
from datetime import date, datetime
from pathlib import Path

from PIL import ExifTags, Image
from PySide6.QtCore import Qt, QThread
from PySide6.QtWidgets import QFileDialog, QLabel, QMessageBox
from sqlalchemy import func, select
from tests.forms.form_answers import fill_form
from tests.ui import care_fixtures
from tests.ui.test_visit_dialog import WAIT, open_dialog, pick
from tests.ui.visit_fixtures import children_of, drafts_of, in_vault

from minzheng_field.domain.calendar import china_today
from minzheng_field.forms.definition import FieldType
from minzheng_field.services import visits as visit_service
from minzheng_field.services.forms_catalog import latest_form
from minzheng_field.services.recording import record_create
from minzheng_field.services.visits import PHOTO_LONGEST_SIDE
from minzheng_field.store.models import Attachment, AuditEntry, FormVersion, Visit
from minzheng_field.store.vault import Vault
from minzheng_field.ui.dialogs.photo_preview import PREVIEW_SIDE, PhotoPreview
from minzheng_field.ui.dialogs.visit_dialog import VisitDialog
from minzheng_field.ui.forms.form_widget import PhotoEditor
from minzheng_field.ui.session import UiSession
from minzheng_field.ui.widgets.photo_strip import THUMBNAIL_SIDE
from visit_builders import attach_photo

FORM = "left_behind_child_visit"
# The demo township and the administrator's session on it.
demo = care_fixtures.demo
admin_ui = care_fixtures.admin_ui


def photo_file(
    folder: Path, name: str, taken: datetime | None, size: tuple[int, int] = (3000, 2000)
) -> Path:
    """A real JPEG as a phone writes it, with EXIF DateTimeOriginal when `taken` is given."""
    image = Image.new("RGB", size, (30, 120, 200))
    image.paste((220, 60, 40), (0, 0, size[0] // 2, size[1]))
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "TestPhone"
    if taken is not None:
        exif.get_ifd(ExifTags.IFD.Exif)[ExifTags.Base.DateTimeOriginal] = taken.strftime(
            "%Y:%m:%d %H:%M:%S"
        )
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif, quality=92)
    path = folder / name
    path.write_bytes(out.getvalue())
    return path


def today_at(hour: int) -> datetime:
    day = china_today()
    return datetime(day.year, day.month, day.day, hour, 0, 0)


def photos_of(vault: Vault, visit_id: str) -> list[tuple[str, int, int, bytes]]:
    return in_vault(
        vault,
        lambda s, a: [
            (row.sha256, row.width, row.height, bytes(row.data))
            for row in s.scalars(select(Attachment).where(Attachment.visit_id == visit_id))
        ],
    )


def home_visit(qtbot, session: UiSession, vault: Vault) -> VisitDialog:
    (child,) = children_of(vault, "left_behind")
    dialog = open_dialog(qtbot, session, child, "left_behind")
    qtbot.waitUntil(dialog.photos_ready, timeout=WAIT)
    pick(dialog, "visit_method", "home")  # the photo field applies to home visits
    return dialog


def test_a_photo_file_is_stored_downscaled_and_shown_as_a_thumbnail(
    qtbot, admin_ui, demo, tmp_path, monkeypatch
) -> None:
    dialog = home_visit(qtbot, admin_ui, demo)
    assert dialog.entry is not None and dialog.form is not None
    path = photo_file(tmp_path, "IMG_0001.jpg", today_at(9))
    chosen: list[str] = []

    def choose(*args, **kwargs):
        chosen.append(args[3])  # the name filter offered
        return [str(path)], ""

    monkeypatch.setattr(QFileDialog, "getOpenFileNames", staticmethod(choose))
    editor = dialog.form.editor("photos")
    assert isinstance(editor, PhotoEditor)
    with qtbot.waitSignal(dialog.photos.shown, timeout=WAIT) as shown:
        editor.button.click()  # the form's own button asks the dialog for files
    assert "*.jpg" in chosen[0]
    assert shown.args == [1]
    (thumbnail,) = dialog.photos.strip.thumbnails()
    assert max(thumbnail.image.width(), thumbnail.image.height()) <= THUMBNAIL_SIDE
    assert not thumbnail.image.isNull()
    assert "1" in dialog.photos.strip.count_label.text()
    # Stored downscaled, without the camera's EXIF, addressed by its digest.
    ((digest, width, height, data),) = photos_of(demo, dialog.entry.visit_id)
    assert (width, height) == (PHOTO_LONGEST_SIDE, 1067)
    assert b"TestPhone" not in data
    assert thumbnail.photo.sha256 == digest
    # The form's photo answer names it, and the draft keeps it.
    assert dialog.form.answers()["photos"] == [digest]
    assert "1" in editor.button.text()
    with qtbot.waitSignal(dialog.draft_saved, timeout=WAIT):
        dialog.save_now()
    assert drafts_of(demo, dialog.entry.person_id)[0]["photos"] == [digest]
    # Taken on the visit day: nothing to confirm.
    assert dialog.photos.strip.note() == ""
    # A double click shows the photo larger.
    label = dialog.photos.strip.findChild(QLabel, "photoThumbnail")
    qtbot.mouseDClick(label, Qt.MouseButton.LeftButton)
    preview = dialog.findChild(PhotoPreview)
    assert preview is not None
    with qtbot.waitSignal(preview.loaded, timeout=WAIT):
        pass
    shown_size = preview.picture.pixmap().size()
    # Larger than the thumbnail, at most PREVIEW_SIDE or what the screen holds, uncut.
    assert 3 * THUMBNAIL_SIDE < shown_size.width() <= PREVIEW_SIDE
    assert abs(shown_size.width() / shown_size.height() - 1600 / 1067) < 0.02
    assert preview.picture.width() >= shown_size.width()


def test_a_chosen_photo_is_read_and_downscaled_off_the_writer_thread(
    qtbot, admin_ui, demo, tmp_path, monkeypatch
) -> None:
    dialog = home_visit(qtbot, admin_ui, demo)
    assert dialog.entry is not None
    prepared_on: list[str] = []
    real = visit_service.prepare_photo

    def watched(data: bytes):
        prepared_on.append(QThread.currentThread().objectName())
        return real(data)

    monkeypatch.setattr(visit_service, "prepare_photo", watched)
    paths = [
        photo_file(tmp_path, "IMG_1.jpg", today_at(9)),
        photo_file(tmp_path, "IMG_2.jpg", today_at(10), size=(2000, 3000)),
    ]
    with qtbot.waitSignal(dialog.photos.shown, timeout=WAIT) as shown:
        dialog.photos.attach_files(paths)
    assert shown.args == [2]
    # Prepared once each, neither on the writer nor on the GUI thread; the writer stored them.
    assert len(prepared_on) == 2
    assert "db-writer" not in prepared_on
    assert QThread.currentThread().objectName() not in prepared_on
    stored = photos_of(demo, dialog.entry.visit_id)
    assert {(width, height) for _d, width, height, _b in stored} == {
        (PHOTO_LONGEST_SIDE, 1067),
        (1067, PHOTO_LONGEST_SIDE),
    }
    assert sorted(dialog.form.answers()["photos"]) == sorted(d for d, *_ in stored)


def test_a_photo_far_from_the_visit_date_asks_to_confirm(qtbot, admin_ui, demo, tmp_path) -> None:
    dialog = home_visit(qtbot, admin_ui, demo)
    old = datetime(2025, 12, 30, 15, 0, 0)
    with qtbot.waitSignal(dialog.photos.shown, timeout=WAIT):
        dialog.photos.attach_files([photo_file(tmp_path, "old.jpg", old)])
    note = dialog.photos.strip.note()
    assert "2025-12-30" in note and china_today().isoformat() in note
    assert dialog.photos.strip.count() == 1  # pointed out, not refused
    # Moving the visit date next to the photo's date removes the note.
    dialog.date_edit.setDate(date(2025, 12, 31))
    assert dialog.photos.strip.note() == ""


def test_photos_of_one_far_day_are_pointed_out_in_one_sentence(
    qtbot, admin_ui, demo, tmp_path
) -> None:
    dialog = home_visit(qtbot, admin_ui, demo)
    files = [
        photo_file(tmp_path, f"old{n}.jpg", datetime(2025, 12, 30, 15, n, 0), size=(640 + n, 480))
        for n in range(3)
    ] + [photo_file(tmp_path, "older.jpg", datetime(2025, 11, 2, 9, 0, 0))]
    with qtbot.waitSignal(dialog.photos.shown, timeout=WAIT):
        dialog.photos.attach_files(files)
    qtbot.waitUntil(lambda: dialog.photos.strip.count() == 4, timeout=WAIT)
    lines = dialog.photos.strip.note().splitlines()
    assert len(lines) == 2
    assert lines[0].startswith("A photo was taken on 2025-11-02")
    assert lines[1].startswith("3 photos were taken on 2025-12-30")


def test_the_same_photo_twice_is_said_to_be_attached_already(
    qtbot, admin_ui, demo, tmp_path
) -> None:
    dialog = home_visit(qtbot, admin_ui, demo)
    path = photo_file(tmp_path, "IMG_0002.jpg", today_at(10), size=(800, 600))
    with qtbot.waitSignal(dialog.photos.shown, timeout=WAIT):
        dialog.photos.attach_files([path])
    with qtbot.waitSignal(dialog.photos.shown, timeout=WAIT):
        dialog.photos.attach_files([path])
    assert "IMG_0002.jpg" in dialog.photos.strip.note()
    assert "already attached" in dialog.photos.strip.note()
    assert dialog.photos.strip.count() == 1
    assert dialog.entry is not None and len(photos_of(demo, dialog.entry.visit_id)) == 1


def test_a_file_that_is_not_a_photo_shows_why_and_stores_nothing(
    qtbot, admin_ui, demo, tmp_path
) -> None:
    dialog = home_visit(qtbot, admin_ui, demo)
    assert dialog.entry is not None
    text = tmp_path / "scan.jpg"
    text.write_bytes(b"%PDF-1.7 this is no photo")
    whole = photo_file(tmp_path, "whole.jpg", today_at(9)).read_bytes()
    broken = tmp_path / "broken.jpg"
    broken.write_bytes(whole[: len(whole) // 3])
    heic = tmp_path / "IMG_1234.HEIC"
    heic.write_bytes(b"\x00\x00\x00\x18ftypheic")
    with qtbot.waitSignal(dialog.photos.shown, timeout=WAIT):
        dialog.photos.attach_files([text, broken, heic])
    note = dialog.photos.strip.note()
    assert "scan.jpg：这个文件不是能识别的照片" in note
    assert "broken.jpg：" in note and "照片" in note.split("broken.jpg：")[1]
    assert "IMG_1234.HEIC" in note and "HEIC" in note.split("IMG_1234.HEIC")[1]
    assert photos_of(demo, dialog.entry.visit_id) == []
    assert dialog.photos.strip.count() == 0
    assert dialog.form is not None and "photos" not in dialog.form.answers()


def test_a_required_photo_field_finalises_once_a_photo_is_attached(
    qtbot, admin_ui, demo, tmp_path
) -> None:
    def publish(s, a) -> None:
        definition = dict(latest_form(s, FORM).raw)
        definition["version"] = "2026.9"
        sections = []
        for section in definition["sections"]:
            fields = [
                {key: value for key, value in item.items() if key != "relevance"}
                | {"required": True}
                if item["id"] == "photos"
                else item
                for item in section["fields"]
            ]
            sections.append({**section, "fields": fields})
        definition["sections"] = sections
        record_create(
            s,
            a,
            FormVersion(
                form_id=FORM,
                form_version="2026.9",
                title=definition["title"],
                definition=definition,
                published_on=date(2026, 1, 1),
            ),
        )

    in_vault(demo, publish)
    (child,) = children_of(demo, "left_behind")
    dialog = open_dialog(qtbot, admin_ui, child, "left_behind")
    qtbot.waitUntil(dialog.photos_ready, timeout=WAIT)
    form = dialog.form
    assert form is not None and form.definition.version == "2026.9"
    answers = fill_form(form.definition, form.context, lambda options: options[0])
    form.set_answers(
        {
            key: value
            for key, value in answers.items()
            if form.definition.field(key).type is not FieldType.PHOTO
        }
    )
    dialog.finalise()
    assert form.message_of("photos") is not None
    assert not dialog.entry.is_final  # type: ignore[union-attr]
    with qtbot.waitSignal(dialog.photos.shown, timeout=WAIT):
        dialog.photos.attach_files([photo_file(tmp_path, "IMG_0003.jpg", today_at(11))])
    assert form.messages() == {}
    with qtbot.waitSignal(dialog.finalised, timeout=WAIT) as finished:
        dialog.finalise()
    result = finished.args[0]
    assert len(result.photo_changes) == 1
    stored = in_vault(demo, lambda s, a: s.get(Visit, result.visit_id).answers["photos"])
    assert stored == [dialog.photos.strip.thumbnails()[0].photo.sha256]


def test_a_final_visit_shows_its_photos_read_only_and_takes_more(
    qtbot, admin_ui, demo, tmp_path
) -> None:
    visit_id = in_vault(
        demo,
        lambda s, a: s.scalar(
            select(Visit.id)
            .where(Visit.status == "final", Visit.amends_visit_id.is_(None))
            .order_by(Visit.id)
            .limit(1)
        ),
    )
    dialog = VisitDialog(admin_ui, None, None, visit_id=visit_id)
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.photos.shown, timeout=WAIT):
        pass
    assert dialog.form is not None
    assert dialog.photos.strip.add_button.text() == "Add more photos…"
    for field_id in dialog.form.photo_fields():
        editor = dialog.form.editor(field_id)
        assert editor is not None and not editor.widget.isEnabled()
    answers_before = in_vault(demo, lambda s, a: dict(s.get(Visit, visit_id).answers))
    with qtbot.waitSignal(dialog.photos.shown, timeout=WAIT) as shown:
        dialog.photos.attach_files([photo_file(tmp_path, "later.jpg", None, size=(640, 480))])
    assert shown.args == [1]
    attachment_id = dialog.photos.strip.thumbnails()[0].photo.attachment_id
    recorded = in_vault(
        demo,
        lambda s, a: s.scalar(
            select(func.count()).where(
                AuditEntry.entity_id == attachment_id, AuditEntry.action == "create"
            )
        ),
    )
    assert recorded == 1  # a photo added to a final visit is recorded at once
    assert in_vault(demo, lambda s, a: dict(s.get(Visit, visit_id).answers)) == answers_before


def test_a_draft_counts_photos_attached_outside_the_dialog(qtbot, admin_ui, demo, tmp_path) -> None:
    dialog = home_visit(qtbot, admin_ui, demo)
    assert dialog.entry is not None
    with qtbot.waitSignal(dialog.draft_saved, timeout=WAIT):
        dialog.save_now()
    person_id, visit_id = dialog.entry.person_id, dialog.entry.visit_id
    dialog.close()
    data = photo_file(tmp_path, "imported.jpg", today_at(8), size=(900, 700)).read_bytes()
    digest = in_vault(demo, lambda s, a: attach_photo(s, a, visit_id, data).photo.sha256)
    again = open_dialog(qtbot, admin_ui, person_id, "left_behind")
    assert again.entry is not None and again.entry.visit_id == visit_id
    assert again.form is not None and again.form.answers()["photos"] == [digest]
    qtbot.waitUntil(again.photos_ready, timeout=WAIT)
    assert again.photos.strip.count() == 1


def visible_thumbnails(dialog: VisitDialog) -> list[QLabel]:
    found = dialog.photos.strip.findChildren(QLabel, "photoThumbnail")
    return [label for label in found if label.isVisible()]


def test_a_wrong_photo_is_deleted_from_the_draft_in_its_preview(
    qtbot, admin_ui, demo, tmp_path, monkeypatch
) -> None:
    dialog = home_visit(qtbot, admin_ui, demo)
    assert dialog.entry is not None and dialog.form is not None
    visit_id = dialog.entry.visit_id
    right = photo_file(tmp_path, "right.jpg", today_at(9), size=(800, 600))
    wrong = photo_file(tmp_path, "wrong.jpg", today_at(10), size=(640, 480))
    with qtbot.waitSignal(dialog.photos.shown, timeout=WAIT):
        dialog.photos.attach_files([right, wrong])
    qtbot.waitUntil(lambda: dialog.photos.strip.count() == 2, timeout=WAIT)
    shown = {t.photo.taken_at: t.photo for t in dialog.photos.strip.thumbnails()}
    kept, doomed = (shown[key] for key in sorted(shown))  # 09:00 right, 10:00 wrong
    assert sorted(dialog.form.answers()["photos"]) == sorted([kept.sha256, doomed.sha256])

    asked: list[tuple[str, object]] = []

    def answer(*args, **kwargs) -> QMessageBox.StandardButton:
        asked.append((args[2], args[4]))  # the question and the default button
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", answer)
    preview = dialog.photos.show_photo(doomed)
    assert preview.remove_button.isVisible()
    assert preview.remove_button.text() == "Delete this photo"
    with qtbot.waitSignal(preview.removed, timeout=WAIT) as removed:
        preview.remove_button.click()
    assert asked and asked[0][1] == QMessageBox.StandardButton.No  # No unless the user says so
    assert removed.args[0].sha256 == doomed.sha256
    # The strip, the count and the form's photo field have one photo fewer.
    assert [t.photo.attachment_id for t in dialog.photos.strip.thumbnails()] == [kept.attachment_id]
    assert "1" in dialog.photos.strip.count_label.text()
    qtbot.waitUntil(lambda: len(visible_thumbnails(dialog)) == 1, timeout=WAIT)
    assert dialog.form.answers()["photos"] == [kept.sha256]
    editor = dialog.form.editor("photos")
    assert isinstance(editor, PhotoEditor) and "1" in editor.button.text()
    assert not dialog.has_unsaved_changes()  # nothing else to save
    # The vault holds no row of it, and the draft's answer no longer names it.
    assert [row[0] for row in photos_of(demo, visit_id)] == [kept.sha256]
    stored = in_vault(demo, lambda s, a: s.get(Visit, visit_id).answers)
    assert stored["photos"] == [kept.sha256]

    # The draft still finalises, with the photo kept.
    form = dialog.form
    answers = fill_form(form.definition, form.context, lambda options: options[0])
    form.set_answers({**answers, "visit_method": "home", "photos": [kept.sha256]})
    with qtbot.waitSignal(dialog.finalised, timeout=WAIT) as finished:
        dialog.finalise()
    assert [c.entity_id for c in finished.args[0].photo_changes] == [kept.attachment_id]


def test_a_final_visits_photo_preview_offers_no_delete(qtbot, admin_ui, demo, tmp_path) -> None:
    visit_id = in_vault(
        demo,
        lambda s, a: s.scalar(
            select(Visit.id)
            .where(Visit.status == "final", Visit.amends_visit_id.is_(None))
            .order_by(Visit.id.desc())
            .limit(1)
        ),
    )
    dialog = VisitDialog(admin_ui, None, None, visit_id=visit_id)
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.photos.shown, timeout=WAIT):
        pass
    with qtbot.waitSignal(dialog.photos.shown, timeout=WAIT):
        dialog.photos.attach_files([photo_file(tmp_path, "later.jpg", None, size=(640, 480))])
    preview = dialog.photos.show_photo(dialog.photos.strip.thumbnails()[0].photo)
    assert not preview.remove_button.isVisible()
    label = dialog.photos.strip.findChild(QLabel, "photoThumbnail")
    assert label is not None and "Right-click" not in label.toolTip()


def test_a_thumbnails_right_click_delete_asks_first(
    qtbot, admin_ui, demo, tmp_path, monkeypatch
) -> None:
    dialog = home_visit(qtbot, admin_ui, demo)
    assert dialog.entry is not None and dialog.form is not None
    with qtbot.waitSignal(dialog.photos.shown, timeout=WAIT):
        dialog.photos.attach_files(
            [photo_file(tmp_path, "wrong.jpg", today_at(9), size=(640, 480))]
        )
    (thumbnail,) = dialog.photos.strip.thumbnails()
    (label,) = visible_thumbnails(dialog)
    assert "Right-click to delete it" in label.toolTip()
    said = QMessageBox.StandardButton.No
    monkeypatch.setattr(QMessageBox, "question", lambda *args, **kwargs: said)
    dialog.photos.remove_photo(thumbnail.photo)  # answered No: nothing happens
    assert dialog.photos.strip.count() == 1
    assert len(photos_of(demo, dialog.entry.visit_id)) == 1
    said = QMessageBox.StandardButton.Yes
    with qtbot.waitSignal(dialog.photos.shown, timeout=WAIT) as shown:
        dialog.photos.remove_photo(thumbnail.photo)
    assert shown.args == [0] and dialog.photos.strip.count_label.text() == "Photos: none"
    assert photos_of(demo, dialog.entry.visit_id) == []
    assert "photos" not in dialog.form.answers()
