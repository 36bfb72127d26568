"""Reading a folder of phone photos: which files are photos, their times, thumbnails, days."""

from __future__ import annotations

import io
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from PIL import Image
from tests.services.test_visits import jpeg

from minzheng_field.services import photo_import
from minzheng_field.services.photo_import import (
    DAMAGED,
    NOT_A_PHOTO_FILE,
    TOO_LARGE,
    UNREADABLE,
    DamagedPhoto,
    burst_of,
    choices_for,
    list_folder,
    load_photo,
    make_thumbnail,
    photo_days,
)
from minzheng_field.services.visits import CandidateVisit, PhotoProposal


def png(width: int, height: int) -> bytes:
    out = io.BytesIO()
    Image.new("RGBA", (width, height), (10, 200, 10, 128)).save(out, "PNG")
    return out.getvalue()


def test_a_folder_lists_its_photos_by_name_and_says_why_others_are_skipped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "IMG_0002.JPG").write_bytes(jpeg(64, 48))
    (tmp_path / "img_0001.jpeg").write_bytes(jpeg(64, 48))
    (tmp_path / "scan.png").write_bytes(png(30, 20))
    (tmp_path / "notes.txt").write_text("买米", encoding="utf-8")
    (tmp_path / "VID_0003.mp4").write_bytes(b"\x00" * 2000)
    (tmp_path / "huge.jpg").write_bytes(b"\xff" * 2000)
    (tmp_path / ".DS_Store").write_bytes(b"mac")
    (tmp_path / ".thumbnails").mkdir()
    (tmp_path / "2026-03").mkdir()
    monkeypatch.setattr(photo_import, "PHOTO_MAX_FILE_BYTES", 1500)

    listed = list_folder(tmp_path)

    assert [(f.name, f.skipped) for f in listed] == [
        ("huge.jpg", TOO_LARGE),
        ("img_0001.jpeg", None),
        ("IMG_0002.JPG", None),
        ("notes.txt", NOT_A_PHOTO_FILE),
        ("scan.png", None),
        ("VID_0003.mp4", NOT_A_PHOTO_FILE),
    ]
    assert listed[1].path == tmp_path / "img_0001.jpeg"


def test_a_photo_is_read_with_its_china_time_and_an_upright_thumbnail_without_exif(
    tmp_path: Path,
) -> None:
    # 4000×3000 stored sideways (orientation 6: turn 90° clockwise to view).
    original = jpeg(4000, 3000, taken="2026:03:10 09:30:00", orientation=6)
    folder = tmp_path / "DCIM"
    folder.mkdir()
    path = folder / "IMG_0001.jpg"
    path.write_bytes(original)

    photo = load_photo(path)

    assert photo.usable and photo.error is None and photo.data == original
    assert photo.taken_at == datetime(2026, 3, 10, 1, 30, tzinfo=UTC)  # 09:30 in Chenzhou
    assert photo.thumbnail is not None
    thumbnail = Image.open(io.BytesIO(photo.thumbnail))
    assert thumbnail.format == "JPEG"
    assert thumbnail.size == (72, 96)  # upright: taller than wide, at most 96 px
    assert dict(thumbnail.getexif()) == {}
    assert b"TestPhone" not in photo.thumbnail
    # The folder is only read: nothing new appears beside the photo.
    assert [p.name for p in folder.iterdir()] == ["IMG_0001.jpg"]


def test_a_photo_without_a_time_and_a_png_are_usable(tmp_path: Path) -> None:
    (tmp_path / "a.jpg").write_bytes(jpeg(640, 480, taken=None))
    (tmp_path / "b.png").write_bytes(png(300, 200))
    undated, picture = load_photo(tmp_path / "a.jpg"), load_photo(tmp_path / "b.png")
    assert undated.usable and undated.taken_at is None
    assert picture.usable and picture.taken_at is None and picture.thumbnail is not None
    assert Image.open(io.BytesIO(picture.thumbnail)).size == (96, 64)


def test_a_damaged_or_vanished_photo_says_why_in_chinese(tmp_path: Path) -> None:
    whole = jpeg(800, 600)
    (tmp_path / "cut.jpg").write_bytes(whole[: len(whole) // 2])
    (tmp_path / "text.jpg").write_bytes("不是照片".encode())

    for name in ("cut.jpg", "text.jpg"):
        damaged = load_photo(tmp_path / name)
        assert not damaged.usable
        assert damaged.error == DAMAGED and damaged.data is None and damaged.thumbnail is None
    gone = load_photo(tmp_path / "gone.jpg")
    assert gone.error == UNREADABLE and not gone.usable
    with pytest.raises(DamagedPhoto):
        make_thumbnail(b"")


def test_the_days_of_the_photos_and_of_undated_ones() -> None:
    today = date(2026, 3, 20)
    morning = datetime(2026, 3, 9, 23, 30, tzinfo=UTC)  # 07:30 on the 10th in China
    later = datetime(2026, 3, 12, 2, 0, tzinfo=UTC)
    assert photo_days([later, morning], today=today) == (date(2026, 3, 10), date(2026, 3, 12))
    # An undated photo may be of any recent visit: the last 14 days up to today as well.
    assert photo_days([later, None], today=today) == (date(2026, 3, 7), today)
    assert photo_days([None], today=today, undated_days=3) == (date(2026, 3, 18), today)
    assert photo_days([], today=today, undated_days=1) == (today, today)


def test_the_proposed_visit_and_its_days_others_are_offered_first() -> None:
    candidates = [
        CandidateVisit("a", "张三", date(2026, 3, 8)),
        CandidateVisit("b", "李四", date(2026, 3, 10)),
        CandidateVisit("c", "王五", date(2026, 3, 10)),
        CandidateVisit("d", "赵六", date(2026, 3, 11)),
        CandidateVisit("e", "钱七", date(2026, 3, 14)),
    ]
    taken = datetime(2026, 3, 10, 2, 0, tzinfo=UTC)
    proposal = PhotoProposal("p.jpg", taken, "c", ("b",), "拍摄时间最接近对王五的探访。")
    assert [v.visit_id for v in choices_for(proposal, candidates)] == ["c", "b", "d", "a", "e"]
    several = PhotoProposal("q.jpg", taken, None, ("b", "c"), "请选择")
    assert [v.visit_id for v in choices_for(several, candidates)] == ["b", "c", "d", "a", "e"]
    # No time: every candidate in their own order.
    undated = PhotoProposal("r.jpg", None, None, (), "照片没有拍摄时间")
    assert [v.visit_id for v in choices_for(undated, candidates)] == ["a", "b", "c", "d", "e"]
    assert [v.visit_id for v in choices_for(None, candidates)] == ["a", "b", "c", "d", "e"]


def test_a_burst_is_the_photos_taken_without_a_long_pause() -> None:
    start = datetime(2026, 3, 10, 1, 0, tzinfo=UTC)

    def at(minutes: int) -> datetime:
        return start + timedelta(minutes=minutes)

    # Two visits: 09:00–09:35 (pauses of at most 20 minutes) and from 10:30; one undated.
    taken = [at(0), at(15), None, at(35), at(90), at(95), at(34)]
    assert burst_of(taken, 0) == [1, 6, 3]
    assert burst_of(taken, 3) == [6, 1, 0]
    assert burst_of(taken, 4) == [5]
    assert burst_of(taken, 2) == []
    assert burst_of(taken, 0, gap=timedelta(minutes=10)) == []
