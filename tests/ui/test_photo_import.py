"""Importing a day's phone photos: matched to visits by EXIF time, confirmed, then stored."""

from __future__ import annotations

import io
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from PIL import Image
from PySide6.QtCore import Qt, QThread
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QFileDialog
from sqlalchemy import select
from tests.services.test_visits import child_answers, jpeg
from tests.ui import care_fixtures
from tests.ui.care_fixtures import YANGJIA, add_cadre, in_vault
from tests.ui.conftest import close_ui_session, make_ui_session

from minzheng_field.domain.calendar import china_today
from minzheng_field.services import visits as visit_service
from minzheng_field.services.photo_import import DAMAGED, NOT_A_PHOTO_FILE
from minzheng_field.services.visits import (
    create_draft,
    finalise_visit,
    prepare_photo,
)
from minzheng_field.store.models import (
    Attachment,
    ChildFile,
    Household,
    Person,
    Visit,
)
from minzheng_field.store.vault import Vault
from minzheng_field.ui.dialogs.photo_import_dialog import ImportTally, PhotoImportDialog
from minzheng_field.ui.ops.photos import PhotosImported
from minzheng_field.ui.pages.visits_page import VisitsPage
from minzheng_field.ui.session import UiSession
from visit_builders import attach_photo

WAIT = 15_000
FORM = "left_behind_child_visit"
CADRE = "cadre1"


@dataclass(frozen=True)
class FieldDay:
    """The cadre's visits: child A on the first day, children B and C on the second."""

    a: str
    b: str
    c: str
    names: dict[str, str]
    first: Any
    second: Any


# The demo township; a 儿童主任 serving 洋佳村 (added by `cadre`) and their session.
demo = care_fixtures.demo


@pytest.fixture
def cadre(demo: Vault) -> str:
    return add_cadre(demo, CADRE, [YANGJIA], "儿童主任")


@pytest.fixture
def field_day(demo: Vault, cadre: str) -> FieldDay:
    first, second = china_today() - timedelta(days=3), china_today() - timedelta(days=2)

    def visit(session: Any, actor: Any) -> FieldDay:
        children = session.execute(
            select(Person.id, Person.name)
            .join(ChildFile, ChildFile.person_id == Person.id)
            .join(Household, Household.id == Person.household_id)
            .where(
                ChildFile.category == "left_behind",
                ChildFile.deleted.is_(False),
                Household.village_code == YANGJIA,
                Person.deceased_on.is_(None),
            )
            .order_by(Person.id)
            .limit(3)
        ).all()
        ids = []
        for (person_id, _name), day in zip(children, (first, second, second), strict=True):
            draft = create_draft(
                session, actor, person_id, FORM, visited_on=day, answers=child_answers()
            )
            finalise_visit(session, actor, draft.visit_id)
            ids.append(draft.visit_id)
        names = {visit_id: name for visit_id, (_p, name) in zip(ids, children, strict=True)}
        return FieldDay(*ids, names=names, first=first, second=second)

    return in_vault(demo, visit, username=cadre)


@pytest.fixture
def cadre_ui(qtbot, demo: Vault, cadre: str) -> Iterator[UiSession]:
    session = make_ui_session(demo, cadre)
    yield session
    close_ui_session(qtbot, session)


def exif_time(day: Any, clock: str) -> str:
    return f"{day:%Y:%m:%d} {clock}"


def phone_photo(day: Any, clock: str, colour: tuple[int, int, int]) -> bytes:
    # Larger than the stored size, so that storing downscales it.
    return jpeg(2400, 1800, taken=exif_time(day, clock), colour=colour)


def open_dialog(qtbot, session: UiSession, folder: Path) -> PhotoImportDialog:
    dialog = PhotoImportDialog(session)
    qtbot.addWidget(dialog)
    dialog.show()
    with qtbot.waitSignal(dialog.proposals_ready, timeout=WAIT):
        dialog.open_folder(folder)
        # Reading happens on the pool: nothing has arrived while open_folder ran.
        notes = [dialog.note_of(i) for i in range(len(dialog.file_names()))]
        assert set(notes) <= {"Reading…", NOT_A_PHOTO_FILE}
    return dialog


def stored_photos(vault: Vault) -> list[tuple[str, str, int, int, bytes, Any]]:
    return in_vault(
        vault,
        lambda s, a: [
            (row.visit_id, row.sha256, row.width, row.height, bytes(row.data), row.taken_at)
            for row in s.scalars(select(Attachment).order_by(Attachment.sha256))
        ],
    )


def sha(data: bytes) -> str:
    return prepare_photo(data).sha256


def test_photos_are_proposed_changed_skipped_confirmed_and_stored(
    qtbot, cadre_ui, demo, field_day, tmp_path: Path
) -> None:
    day = field_day
    folder = tmp_path / "DCIM"
    folder.mkdir()
    photos = {
        "a1.jpg": phone_photo(day.first, "10:00:00", (200, 30, 30)),
        "a2.jpg": phone_photo(day.first, "10:05:00", (30, 200, 30)),
        "a3.jpg": phone_photo(day.first, "10:10:00", (30, 30, 30)),
        "b1.jpg": phone_photo(day.second, "15:00:00", (200, 200, 30)),
        "dup.jpg": phone_photo(day.first, "10:20:00", (200, 30, 200)),
        "undated.jpg": jpeg(640, 480, taken=None, colour=(90, 90, 90)),
    }
    for name, data in photos.items():
        (folder / name).write_bytes(data)
    whole = jpeg(800, 600, colour=(1, 2, 3))
    (folder / "broken.jpg").write_bytes(whole[: len(whole) // 3])
    (folder / "notes.txt").write_text("王奶奶要降压药", encoding="utf-8")
    # dup.jpg went in yesterday already (single-file attach).
    in_vault(demo, lambda s, a: attach_photo(s, a, day.a, photos["dup.jpg"]), username=CADRE)

    dialog = open_dialog(qtbot, cadre_ui, folder)
    names = dialog.file_names()
    assert names == [
        "a1.jpg",
        "a2.jpg",
        "a3.jpg",
        "b1.jpg",
        "broken.jpg",
        "dup.jpg",
        "notes.txt",
        "undated.jpg",
    ]
    row = {name: index for index, name in enumerate(names)}
    # The proposals: the one visit of the first day; none on the second (two visits).
    assert dialog.chosen() == [day.a, day.a, day.a, None, None, day.a, None, None]
    assert dialog.note_of(row["a1.jpg"]) == f"拍摄当天探访了{day.names[day.a]}。"
    assert "2次探访" in dialog.note_of(row["b1.jpg"])
    assert dialog.offered(row["b1.jpg"])[:2] == [day.b, day.c]
    # Only the cadre's own visits are offered (the demo's visits are not theirs).
    assert set(dialog.offered(row["a1.jpg"])) == {day.a, day.b, day.c}
    assert dialog.note_of(row["broken.jpg"]) == DAMAGED and dialog.offered(row["broken.jpg"]) == []
    assert dialog.note_of(row["notes.txt"]) == NOT_A_PHOTO_FILE
    assert "没有拍摄时间" in dialog.note_of(row["undated.jpg"])
    time_item = dialog.table.item(row["a1.jpg"], 2)
    assert time_item.text() == f"{day.first:%Y-%m-%d} 10:00"  # China time
    thumbnail = dialog.table.item(row["a1.jpg"], 0).data(Qt.ItemDataRole.DecorationRole)
    assert isinstance(thumbnail, QPixmap) and (thumbnail.width(), thumbnail.height()) == (96, 72)

    # The user changes one row, picks the visit for another and skips a third.
    dialog.choose(row["a2.jpg"], day.b)
    dialog.choose(row["b1.jpg"], day.c)
    dialog.choose(row["a3.jpg"], None)
    assert "4 will be imported" in dialog.status_label.text()
    # A choice replaces the proposal's request to choose.
    assert dialog.note_of(row["b1.jpg"]) == "Chosen by you."
    assert dialog.note_of(row["a3.jpg"]) == "Not imported."
    assert stored_photos(demo)[0][1] == sha(photos["dup.jpg"])  # nothing stored yet
    assert len(stored_photos(demo)) == 1

    announced: list[Any] = []
    cadre_ui.events.operation_did_execute.connect(announced.append)
    with qtbot.waitSignal(dialog.import_finished, timeout=WAIT) as finished:
        dialog.import_button.click()
    assert finished.args[0] == ImportTally(3, 1, 0, 0, False)
    assert dialog.status_label.text() == (
        "3 photos imported. 1 were already attached and were not stored again."
    )
    assert dialog.note_of(row["dup.jpg"]) == "Already attached to this visit; not stored again."
    assert dialog.note_of(row["a1.jpg"]) == "Imported."
    # Every view hears of the import once, not once per photo.
    assert len(announced) == 1 and isinstance(announced[0], PhotosImported)
    assert len(announced[0].attached) == 3

    stored = stored_photos(demo)
    expected = {
        (day.a, sha(photos["a1.jpg"])),
        (day.a, sha(photos["dup.jpg"])),
        (day.b, sha(photos["a2.jpg"])),
        (day.c, sha(photos["b1.jpg"])),
    }
    assert {(visit_id, digest) for visit_id, digest, *_ in stored} == expected
    for _visit_id, _digest, width, height, data, taken_at in stored:
        assert max(width, height) == 1600  # downscaled from 2400
        assert dict(Image.open(io.BytesIO(data)).getexif()) == {}
        assert b"TestPhone" not in data
        assert taken_at is not None
    # Imported rows cannot be imported twice; nothing is left to import.
    assert not dialog.import_button.isEnabled()


def test_on_a_day_of_several_visits_one_choice_serves_the_photos_taken_together(
    qtbot, cadre_ui, field_day, tmp_path: Path
) -> None:
    folder = tmp_path / "DCIM"
    folder.mkdir()
    clocks = ("09:00:00", "09:12:00", "09:25:00", "11:30:00", "11:40:00")
    for n, clock in enumerate(clocks):
        data = jpeg(320, 240, taken=exif_time(field_day.second, clock), colour=(40 * n, 9, 9))
        (folder / f"IMG_{n}.jpg").write_bytes(data)
    dialog = open_dialog(qtbot, cadre_ui, folder)
    assert dialog.chosen() == [None] * 5  # two visits that day, no time of visit known

    dialog.choose(1, field_day.b)
    assert dialog.chosen() == [field_day.b] * 3 + [None, None]
    assert dialog.note_of(0) == "Chosen like the photos taken just before or after; check it."
    # A later choice does not undo what was chosen, and the user can still change each row.
    dialog.choose(4, field_day.c)
    dialog.choose(2, None)
    assert dialog.chosen() == [field_day.b, field_day.b, None, field_day.c, field_day.c]
    # Offering everyone's visits too proposes again, keeping what was chosen.
    with qtbot.waitSignal(dialog.proposals_ready, timeout=WAIT):
        dialog.only_mine.setChecked(False)
        assert not dialog.import_button.isEnabled()  # until the visits are read again
    assert dialog.chosen() == [field_day.b, field_day.b, None, field_day.c, field_day.c]
    assert {field_day.b, field_day.c} <= set(dialog.offered(0))
    assert dialog.import_button.isEnabled()


def test_photos_are_prepared_off_the_writer_which_only_stores_them(
    qtbot, cadre_ui, demo, field_day, tmp_path: Path, monkeypatch
) -> None:
    folder = tmp_path / "DCIM"
    folder.mkdir()
    for n in range(4):
        data = phone_photo(field_day.first, f"10:0{n}:00", colour=(9, 50 * n, 9))
        (folder / f"IMG_{n}.jpg").write_bytes(data)
    dialog = open_dialog(qtbot, cadre_ui, folder)
    prepared_on: list[str] = []
    real = visit_service.prepare_photo

    def watched(data: bytes) -> Any:
        prepared_on.append(QThread.currentThread().objectName())
        return real(data)

    monkeypatch.setattr(visit_service, "prepare_photo", watched)
    with qtbot.waitSignal(dialog.import_finished, timeout=WAIT) as finished:
        dialog.start_import()
    assert finished.args[0] == ImportTally(4, 0, 0, 0, False)
    # Each photo was prepared once, none on the writer (nor the GUI) thread.
    assert len(prepared_on) == 4
    assert "db-writer" not in prepared_on
    assert QThread.currentThread().objectName() not in prepared_on
    stored = stored_photos(demo)
    assert len(stored) == 4
    assert {(width, height) for _v, _s, width, height, _d, _t in stored} == {(1600, 1200)}


def test_the_import_stops_before_the_next_photo_and_can_go_on(
    qtbot, cadre_ui, demo, field_day, tmp_path: Path
) -> None:
    folder = tmp_path / "DCIM"
    folder.mkdir()
    for n in range(6):
        data = jpeg(
            320, 240, taken=exif_time(field_day.first, f"09:0{n}:00"), colour=(40 * n, 9, 9)
        )
        (folder / f"IMG_{n}.jpg").write_bytes(data)
    dialog = open_dialog(qtbot, cadre_ui, folder)
    assert dialog.chosen() == [field_day.a] * 6

    def stop_after_two(value: int) -> None:
        if value == 2:
            dialog.cancel_import()

    dialog.progress.valueChanged.connect(stop_after_two)
    with qtbot.waitSignal(dialog.import_finished, timeout=WAIT) as finished:
        dialog.start_import()
        assert dialog.cancel_button.isVisible() and not dialog.close_button.isEnabled()
    assert finished.args[0] == ImportTally(2, 0, 0, 4, True)
    assert dialog.status_label.text() == "Import stopped: 2 photos imported, 4 not imported."
    assert len(stored_photos(demo)) == 2
    assert [dialog.note_of(i) for i in range(6)] == ["Imported."] * 2 + ["Not imported yet."] * 4
    assert dialog.close_button.isEnabled() and dialog.import_button.isEnabled()

    dialog.progress.valueChanged.disconnect(stop_after_two)
    with qtbot.waitSignal(dialog.import_finished, timeout=WAIT) as finished:
        dialog.import_button.click()
    assert finished.args[0] == ImportTally(4, 0, 0, 0, False)
    assert len(stored_photos(demo)) == 6


def test_a_photo_that_cannot_be_stored_says_why_and_the_others_go_on(
    qtbot, cadre_ui, demo, field_day, tmp_path: Path
) -> None:
    folder = tmp_path / "DCIM"
    folder.mkdir()
    (folder / "a.jpg").write_bytes(jpeg(320, 240, taken=exif_time(field_day.first, "09:00:00")))
    (folder / "b.jpg").write_bytes(jpeg(320, 240, taken=exif_time(field_day.second, "09:00:00")))
    dialog = open_dialog(qtbot, cadre_ui, folder)
    dialog.choose(1, field_day.b)

    # Meanwhile the first visit is removed (e.g. by a correction from the township).
    def remove(session: Any, _actor: Any) -> None:
        session.get(Visit, field_day.a).deleted = True

    in_vault(demo, remove)
    with qtbot.waitSignal(dialog.import_finished, timeout=WAIT) as finished:
        dialog.start_import()
    assert finished.args[0] == ImportTally(1, 0, 1, 0, False)
    assert "探访记录" in dialog.note_of(0)
    assert dialog.note_of(1) == "Imported."
    assert [visit for visit, *_ in stored_photos(demo)] == [field_day.b]
    assert "1 could not be imported" in dialog.status_label.text()


def test_the_visits_page_button_opens_the_import_on_the_chosen_folder(
    qtbot, cadre_ui, field_day, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "DCIM").mkdir()
    (tmp_path / "DCIM" / "a.jpg").write_bytes(
        jpeg(320, 240, taken=exif_time(field_day.first, "09:00:00"))
    )
    monkeypatch.setattr(
        QFileDialog, "getExistingDirectory", lambda *_a, **_k: str(tmp_path / "DCIM")
    )
    page = VisitsPage(cadre_ui)
    qtbot.addWidget(page)
    page.show()
    page.import_photos_button.click()
    dialog = page.findChild(PhotoImportDialog)
    assert dialog is not None and dialog.isVisible()
    qtbot.waitUntil(lambda: dialog.chosen() == [field_day.a], timeout=WAIT)
    dialog.reject()
