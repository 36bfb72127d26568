"""Reading a folder of phone photos for import: which files are photos, their bytes, times
and thumbnails, and the dates whose visits they may belong to.

Pure functions (no database): the UI runs them off the GUI thread, then matches the photos
with `services.visits.match_photos_to_visits`, prepares the confirmed ones with
`prepare_photo` (off the writer thread) and stores them with `attach_prepared_photo`. Nothing
is written to disk here: the files stay in memory until the vault holds them (only the vault
may keep a child's photo).
"""

from __future__ import annotations

import io
import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

from PIL import Image, ImageOps, UnidentifiedImageError

from minzheng_field.domain.calendar import china_date
from minzheng_field.services.visits import (
    PHOTO_MAX_PIXELS,
    CandidateVisit,
    PhotoProposal,
    photo_taken_at,
)

PHOTO_SUFFIXES = frozenset({".jpg", ".jpeg", ".png"})
# Far above a phone photo (a 200 MP camera writes about 30 MB); refuses a video renamed .jpg.
PHOTO_MAX_FILE_BYTES = 64 * 1024 * 1024
THUMBNAIL_SIDE = 96
# When no photo says when it was taken, the visits of the last days are offered.
UNDATED_DAYS = 14
# Photos taken at most this far apart are of one visit (a home visit is one burst of photos).
BURST_GAP = timedelta(minutes=20)

NOT_A_PHOTO_FILE = "不是照片文件（只导入 JPG、JPEG、PNG 照片）"
TOO_LARGE = "文件太大，不像是手机照片"
UNREADABLE = "无法读取这个文件，请检查文件夹是否还能打开。"
DAMAGED = "这张照片已损坏，无法读取。"


@dataclass(frozen=True)
class FolderFile:
    """A file of the chosen folder: a photo to read, or skipped with the reason why."""

    name: str
    path: Path
    skipped: str | None = None


@dataclass(frozen=True)
class LoadedPhoto:
    """A photo read into memory with its time and thumbnail, or the reason it cannot be used."""

    name: str
    data: bytes | None
    taken_at: datetime | None
    thumbnail: bytes | None
    error: str | None = None

    @property
    def usable(self) -> bool:
        """Whether the photo can be imported."""
        return self.error is None and self.data is not None


def list_folder(folder: Path) -> list[FolderFile]:
    """The files of a folder (not its subfolders) by name; what is not a photo says why.

    Hidden files (a phone's `.thumbnails`, a Mac's `.DS_Store`) are left out: the user does
    not see them in the folder either.
    """
    entries: list[FolderFile] = []
    for path in folder.iterdir():
        if path.name.startswith(".") or not path.is_file():
            continue
        reason: str | None = None
        if path.suffix.lower() not in PHOTO_SUFFIXES:
            reason = NOT_A_PHOTO_FILE
        else:
            try:
                if path.stat().st_size > PHOTO_MAX_FILE_BYTES:
                    reason = TOO_LARGE
            except OSError:
                reason = UNREADABLE
        entries.append(FolderFile(path.name, path, reason))
    return sorted(entries, key=lambda entry: (entry.name.casefold(), entry.name))


def load_photo(path: Path, *, thumbnail_side: int = THUMBNAIL_SIDE) -> LoadedPhoto:
    """Read a photo file into memory with its EXIF time and a small JPEG thumbnail."""
    try:
        data = path.read_bytes()
    except OSError:
        return LoadedPhoto(path.name, None, None, None, UNREADABLE)
    return read_photo(path.name, data, thumbnail_side=thumbnail_side)


def read_photo(name: str, data: bytes, *, thumbnail_side: int = THUMBNAIL_SIDE) -> LoadedPhoto:
    """A photo's time and thumbnail from its bytes; a damaged photo says so in Chinese."""
    try:
        thumbnail = make_thumbnail(data, thumbnail_side)
    except DamagedPhoto as error:
        return LoadedPhoto(name, None, None, None, error.message)
    return LoadedPhoto(name, data, photo_taken_at(data), thumbnail)


class DamagedPhoto(Exception):
    """The bytes are not a photo that can be decoded."""

    def __init__(self, message: str = DAMAGED) -> None:
        super().__init__(message)
        self.message = message


def make_thumbnail(data: bytes, side: int = THUMBNAIL_SIDE) -> bytes:
    """A JPEG at most `side` pixels wide and high, upright, without metadata.

    Decoding the whole picture also finds a truncated or corrupt file before the import.
    """
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data))
            if image.width * image.height > PHOTO_MAX_PIXELS:
                raise DamagedPhoto("这张照片的像素太多，无法处理。")
            if image.format == "JPEG":
                # Decode at 1/8 scale or so: a 12 MP photo in a few milliseconds.
                image.draft("RGB", (side * 2, side * 2))
            upright = ImageOps.exif_transpose(image)
            upright.thumbnail((side, side), Image.Resampling.BILINEAR)
            picture = upright.convert("RGB")
            out = io.BytesIO()
            picture.save(out, "JPEG", quality=85)
    except DamagedPhoto:
        raise
    except (
        UnidentifiedImageError,
        Image.DecompressionBombError,
        Image.DecompressionBombWarning,
        OSError,
        ValueError,
        SyntaxError,
    ) as error:
        raise DamagedPhoto() from error
    return out.getvalue()


def photo_days(
    taken: Sequence[datetime | None], *, today: date, undated_days: int = UNDATED_DAYS
) -> tuple[date, date]:
    """The first and last day (China time) on which the photos were taken.

    A photo without a time could be of any recent visit, so the range then reaches back
    `undated_days` (and up to today).
    """
    days = [china_date(moment) for moment in taken if moment is not None]
    undated = any(moment is None for moment in taken)
    if not days:
        return today - timedelta(days=undated_days - 1), today
    first, last = min(days), max(days)
    if undated:
        first = min(first, today - timedelta(days=undated_days - 1))
        last = max(last, today)
    return first, last


def choices_for(
    proposal: PhotoProposal | None, candidates: Sequence[CandidateVisit]
) -> list[CandidateVisit]:
    """The visits to offer for a photo: the proposed one, its day's others, then the rest.

    The rest come from the nearest day first, so the likely ones are at the top of a list.
    """
    by_id = {visit.visit_id: visit for visit in candidates}
    first: list[str] = []
    if proposal is not None:
        first = [
            visit_id
            for visit_id in (proposal.visit_id, *proposal.alternatives)
            if visit_id is not None and visit_id in by_id
        ]
    taken_day = (
        china_date(proposal.taken_at) if proposal is not None and proposal.taken_at else None
    )
    chosen = set(first)
    rest = [visit for visit in candidates if visit.visit_id not in chosen]
    if taken_day is not None:
        rest.sort(key=lambda visit: abs((visit.visited_on - taken_day).days))
    return [by_id[visit_id] for visit_id in first] + rest


def burst_of(
    taken: Sequence[datetime | None], index: int, *, gap: timedelta = BURST_GAP
) -> list[int]:
    """The photos taken in the same burst as photo `index` (no pause longer than `gap`),
    itself excluded, nearest in time first; a photo without a time has no burst."""
    moment = taken[index]
    if moment is None:
        return []
    ordered = sorted((when, position) for position, when in enumerate(taken) if when is not None)
    at = ordered.index((moment, index))
    burst: list[tuple[timedelta, int]] = []
    for step in (-1, 1):
        previous, cursor = moment, at + step
        while 0 <= cursor < len(ordered) and abs(ordered[cursor][0] - previous) <= gap:
            previous, position = ordered[cursor]
            burst.append((abs(previous - moment), position))
            cursor += step
    return [position for _distance, position in sorted(burst)]
