"""The photos of the visit open in the visit dialog: the strip under the form, the files chosen,
the visit's stored photos and those held for a correction.

Photos are chosen from files, read and downscaled on the Qt thread pool (never on the writer,
which only stores them: the autosaves do not wait behind a phone photo's decoding); the strip
shows the visit's photos as thumbnails made on a reader thread. Photos added during a
correction belong to it: prepared and held in memory, shown in the strip marked 新, stored
with the amendment in its transaction when it is saved, dropped when it is cancelled (a user
who cancels expects nothing to have changed).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QRect, Qt, Signal
from PySide6.QtGui import QColor, QFont, QImage, QPainter, QPen
from PySide6.QtWidgets import QDialog, QFileDialog, QMessageBox, QWidget

from minzheng_field.diagnostics import user_message
from minzheng_field.domain.calendar import china_date
from minzheng_field.services.errors import InvalidInput
from minzheng_field.services.visit_entry_queries import VisitEntry
from minzheng_field.services.visits import PhotoAttached, PhotoInfo, PhotoRemoved
from minzheng_field.ui.dialogs.photo_preview import (
    HeldPhoto,
    HeldPhotoPreview,
    PhotoPreview,
    confirm_photo_removal,
)
from minzheng_field.ui.forms.form_widget import FormWidget
from minzheng_field.ui.ops import visits as ops
from minzheng_field.ui.ops.base import show_error
from minzheng_field.ui.ops.photos import PhotoPreparer, ReadyPhoto
from minzheng_field.ui.preferences import settings
from minzheng_field.ui.session import UiSession
from minzheng_field.ui.widgets.photo_strip import PhotoStrip, Thumbnail

PHOTO_FOLDER_KEY = "visits/photo_folder"
# Pillow cannot read these; said plainly rather than as "not a photo".
UNSUPPORTED_PHOTO_SUFFIXES = (".heic", ".heif")
# A photo taken more than this many days from the visit date is pointed out (not refused).
PHOTO_DAYS_APART = 1
# A photo held for a correction has no attachment yet: its strip entry is named by this and
# its digest. Marked in the blue of the corrected answers.
NEW_PHOTO_PREFIX = "new:"
NEW_PHOTO_COLOUR = "#1565c0"


class VisitPhotos(QObject):
    """The photos of the visit a dialog shows, and the strip (`strip`) the dialog lays out.

    The dialog says which visit and form are open (`open`), when the visit is finalised and
    when a correction begins and ends; what the user does with photos is handled here, and the
    dialog hears what concerns it by the signals below."""

    # The strip was filled again, with how many photos it shows.
    shown = Signal(int)
    # The photos chosen for the visit have been stored (or said why not).
    attached = Signal()
    # Photos added to the open correction (held, not stored), with how many are held.
    held_changed = Signal(int)
    # A line for the dialog's status bar.
    status = Signal(str)
    # A waiting save must go to the writer first: it must not bring back a removed photo.
    save_requested = Signal()
    # A photo was taken off the draft (PhotoRemoved); the form no longer counts it.
    removed = Signal(object)
    # A held photo was left out of the correction; the form no longer counts it.
    held_dropped = Signal()

    def __init__(self, session: UiSession, dialog: QWidget, visit_date: Callable[[], date]) -> None:
        super().__init__(dialog)
        self.session = session
        self._dialog = dialog
        self._visit_date = visit_date
        self._visit_id: str | None = None
        self._form: FormWidget | None = None
        self._final = False
        self._correcting = False
        self._jobs = 0
        self._notes: list[str] = []
        self._shown_for: str | None = None
        self._preparer = PhotoPreparer(self)
        self._stored: list[Thumbnail] = []
        self._held: list[HeldPhoto] = []
        # Counts the corrections begun, so that a photo still being prepared when its
        # correction ends is not held by the next one.
        self._correction_round = 0
        self.strip = PhotoStrip()
        self.strip.setObjectName("photoStrip")
        self.strip.add_requested.connect(self.request)
        self.strip.photo_activated.connect(self.show_photo)
        self.strip.remove_requested.connect(self.remove_photo)

    # -- what the dialog tells ---------------------------------------------------------------

    def open(self, visit_id: str, form: FormWidget, *, final: bool) -> None:
        """Show the photos of the visit just opened (nothing of the one before is kept)."""
        self._visit_id = visit_id
        self._form = form
        self._final = final
        self._correcting = False
        self._jobs = 0
        self._notes = []
        self._shown_for = None
        self._stored = []
        self._held = []
        self._correction_round += 1
        self._show_add_button()
        self.strip.set_thumbnails([])
        self.strip.set_note("")
        self._load_thumbnails()

    def visit_finalised(self) -> None:
        """The draft became final: photos added now are stored at once, none deleted."""
        self._final = True
        self._show_add_button()

    def begin_correction(self) -> None:
        """Photos added from now on are held for the correction."""
        self._correcting = True
        self._correction_round += 1
        self._held = []
        self._show_add_button()

    def cancel_correction(self) -> None:
        """Drop the photos held for the correction (and those still being prepared for it)."""
        self._correcting = False
        self._correction_round += 1
        self._held = []
        self._show_strip()
        self._show_add_button()

    def correction_saved(self) -> None:
        """The held photos were stored with the amendment."""
        self._correcting = False
        self._held = []
        self._show_add_button()

    def agree_to_drop_held(self) -> bool:
        """Whether the correction may be left: nothing held, or the user agrees to drop the
        photos held for it (asked once, No unless the user says Yes)."""
        if not self._held:
            return True
        answer = QMessageBox.question(
            self._dialog,
            self.tr("Cancel correction"),
            self.tr(
                "Cancel the correction? The {count} photos added to it will not be saved."
            ).format(count=len(self._held)),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        return answer == QMessageBox.StandardButton.Yes

    # -- what the dialog asks ----------------------------------------------------------------

    def ready(self) -> bool:
        """Whether the strip shows the photos of the visit open now."""
        return self._visit_id is not None and self._shown_for == self._visit_id

    def busy(self) -> bool:
        """Whether photos chosen are still being prepared or stored."""
        return self._jobs > 0

    def held_photos(self) -> list[HeldPhoto]:
        """The photos added to the open correction (not stored yet)."""
        return list(self._held)

    # -- adding ------------------------------------------------------------------------------

    def request(self, field_id: str | None = None) -> None:
        """Ask for photo files and attach them (to `field_id`, else the form's first photo
        field)."""
        if self._visit_id is None:
            return
        paths = self._choose_files()
        if paths:
            self.attach_files(paths, field_id)

    def _choose_files(self) -> list[Path]:
        store = settings()
        folder = str(store.value(PHOTO_FOLDER_KEY, "") or "")
        names, _filter = QFileDialog.getOpenFileNames(
            self._dialog,
            self.tr("Add photos"),
            folder,
            self.tr("Photos (*.jpg *.jpeg *.png *.JPG *.JPEG *.PNG);;All files (*)"),
        )
        if names:
            store.setValue(PHOTO_FOLDER_KEY, str(Path(names[0]).parent))
        return [Path(name) for name in names]

    def attach_files(self, paths: Sequence[Path], field_id: str | None = None) -> None:
        """Read and downscale photo files off the writer, then store them with the visit."""
        visit_id, form = self._visit_id, self._form
        if visit_id is None or form is None:
            return
        target = field_id or next(iter(form.photo_fields()), None)
        self._notes = []
        # Asked for during a correction: held for it (with a thumbnail), else stored.
        held_for = self._correction_round if self._correcting else None
        started = 0
        for path in paths:
            if path.suffix.lower() in UNSUPPORTED_PHOTO_SUFFIXES:
                self._notes.append(
                    self.tr(
                        "{name}: HEIC photos (the iPhone's own format) cannot be read. "
                        "Choose JPG or PNG photos, or set the phone's camera to "
                        "'Most Compatible'."
                    ).format(name=path.name)
                )
                continue
            started += 1
            self._preparer.prepare(
                path,
                lambda ready, name=path.name: self._prepared(
                    visit_id, target, name, ready, held_for
                ),
                lambda error, name=path.name: self._failed(visit_id, name, error),
                thumbnail=held_for is not None,
            )
        self._jobs += started
        if started:
            self.status.emit(self.tr("Adding {count} photos…").format(count=started))
        else:
            self.show_note()

    def _prepared(
        self,
        visit_id: str,
        field_id: str | None,
        name: str,
        ready: ReadyPhoto,
        held_for: int | None,
    ) -> None:
        """A photo is ready: held for the correction it was added to, else the writer stores
        it (only the insert is left)."""
        if self._visit_id != visit_id:
            return
        if held_for is not None:
            self._hold(field_id, name, ready, held_for)
            return
        ops.attach_prepared(self.session, self._dialog, visit_id, ready.prepared).success(
            lambda result: self._attached(visit_id, field_id, name, result)
        ).failure(lambda error: self._failed(visit_id, name, error)).run_in_background()

    def _hold(self, field_id: str | None, name: str, ready: ReadyPhoto, held_for: int) -> None:
        """Keep a photo for the open correction: in the strip marked 新 and in its answers."""
        self._jobs = max(0, self._jobs - 1)
        if not self._correcting or held_for != self._correction_round or ready.thumbnail is None:
            return  # its correction was cancelled (or saved) meanwhile: dropped
        prepared = ready.prepared
        digest = prepared.sha256
        if any(t.photo.sha256 == digest for t in self._stored) or any(
            held.prepared.sha256 == digest for held in self._held
        ):
            self._notes.append(
                self.tr("{name} is already attached to this visit.").format(name=name)
            )
        else:
            info = PhotoInfo(
                attachment_id=NEW_PHOTO_PREFIX + digest,
                sha256=digest,
                media_type="image/jpeg",
                taken_at=prepared.taken_at,
                width=prepared.width,
                height=prepared.height,
                caption=self.tr("New: saved with the correction"),
            )
            image = marked_new(ready.thumbnail, self.tr("New"))
            self._held.append(HeldPhoto(name, prepared, Thumbnail(info, image)))
        if field_id is not None and self._form is not None:
            self._form.add_photo(field_id, digest)
        if self._jobs:
            return
        self._show_strip()
        self.status.emit(
            self.tr(
                "{count} new photos are kept with the correction (marked 'New'); "
                "they are saved when the correction is saved."
            ).format(count=len(self._held))
        )
        self.held_changed.emit(len(self._held))

    def drop_held_photo(self, digest: str) -> None:
        """Leave a photo added to the open correction out of it (nothing was stored)."""
        kept = [held for held in self._held if held.prepared.sha256 != digest]
        if len(kept) == len(self._held):
            return
        self._held = kept
        if self._form is not None:
            self._form.remove_photo(digest)
            self.held_dropped.emit()
        self._show_strip()
        self.held_changed.emit(len(kept))

    def _attached(
        self, visit_id: str, field_id: str | None, name: str, result: PhotoAttached
    ) -> None:
        if self._visit_id != visit_id:
            return
        self._jobs = max(0, self._jobs - 1)
        if result.already_attached:
            self._notes.append(
                self.tr("{name} is already attached to this visit.").format(name=name)
            )
        editable = not self._final or self._correcting
        if editable and field_id is not None and self._form is not None:
            self._form.add_photo(field_id, result.photo.sha256)
        self._done()

    def _failed(self, visit_id: str, name: str, error: Exception) -> None:
        if self._visit_id != visit_id:
            return
        self._jobs = max(0, self._jobs - 1)
        if isinstance(error, InvalidInput):  # NotAPhoto: damaged, or not an image
            self._notes.append(f"{name}：{user_message(error)}")
        elif isinstance(error, OSError):
            self._notes.append(self.tr("{name}: the file could not be read.").format(name=name))
        else:
            show_error(self._dialog, error)
        self._done()

    def _done(self) -> None:
        if self._jobs:
            return
        self.status.emit(self.tr("Photos done."))
        self._load_thumbnails()
        self.attached.emit()

    # -- showing -----------------------------------------------------------------------------

    def _load_thumbnails(self) -> None:
        visit_id = self._visit_id
        if visit_id is None:
            return
        ops.load_thumbnails(self.session, self._dialog, visit_id).success(
            lambda thumbnails: self._show_thumbnails(visit_id, thumbnails)
        ).run_in_background()

    def _show_thumbnails(self, visit_id: str, thumbnails: Sequence[Thumbnail]) -> None:
        if self._visit_id != visit_id:
            return
        self._stored = list(thumbnails)
        self._shown_for = visit_id
        self._show_strip()

    def _show_strip(self) -> None:
        """The visit's stored photos, then those held for the correction."""
        self.strip.set_thumbnails([*self._stored, *(held.thumbnail for held in self._held)])
        self.show_note()
        self.shown.emit(self.strip.count())

    def _show_add_button(self) -> None:
        if self._correcting:
            self.strip.set_add_text(
                self.tr("Add photos…"),
                self.tr(
                    "Photos added now are part of the correction: saved with it, "
                    "dropped if it is cancelled."
                ),
            )
        elif self._final:
            self.strip.set_add_text(
                self.tr("Add more photos…"),
                self.tr(
                    "Photos added to a final visit are saved and recorded at once; "
                    "the answers do not change."
                ),
            )
        else:
            self.strip.set_add_text(self.tr("Add photos…"))
        self.strip.set_removable(self._visit_id is not None and not self._final)

    def show_note(self) -> None:
        """What happened to the files just chosen, and photos taken far from the visit date."""
        notes = list(self._notes)
        day = self._visit_date()
        # One sentence per day taken: a phone's photos of one visit share their day.
        far: Counter[date] = Counter()
        for thumbnail in self.strip.thumbnails():
            taken = thumbnail.photo.taken_at
            if taken is not None and abs((china_date(taken) - day).days) > PHOTO_DAYS_APART:
                far[china_date(taken)] += 1
        for taken_on, count in sorted(far.items()):
            apart = abs((taken_on - day).days)
            if count == 1:
                note = self.tr(
                    "A photo was taken on {taken}, {days} days from the visit date "
                    "{day}: please check that it belongs to this visit."
                )
            else:
                note = self.tr(
                    "{count} photos were taken on {taken}, {days} days from the visit date "
                    "{day}: please check that they belong to this visit."
                )
            notes.append(
                note.format(
                    count=count, taken=taken_on.isoformat(), days=apart, day=day.isoformat()
                )
            )
        self.strip.set_note("\n".join(notes))

    def show_photo(self, photo: PhotoInfo) -> QDialog:
        """Open a photo of the visit larger."""
        held = next(
            (h for h in self._held if h.thumbnail.photo.attachment_id == photo.attachment_id),
            None,
        )
        if held is not None:
            preview = HeldPhotoPreview(held, self._dialog)
            preview.dropped.connect(self.drop_held_photo)
            return preview
        draft = self._visit_id is not None and not self._final
        preview = PhotoPreview(self.session, photo, self._dialog, removable=draft)
        # Hand a waiting save over first: it must not bring back the photo's digest.
        preview.remove_confirmed.connect(self.save_requested)
        preview.removed.connect(self._removed)
        preview.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        preview.show()
        return preview

    # -- removing ----------------------------------------------------------------------------

    def remove_photo(self, photo: PhotoInfo) -> None:
        """Right-click 删除 on a thumbnail: ask once, then take the photo off the draft."""
        if self._visit_id is None or self._final or not confirm_photo_removal(self._dialog):
            return
        self.save_requested.emit()  # a waiting save must not bring back the photo's digest
        ops.remove_draft_photo(self.session, self._dialog, photo.attachment_id).success(
            self._removed
        ).run_in_background()

    def _removed(self, result: PhotoRemoved) -> None:
        """A photo was taken off the draft (the service stored the answers without it)."""
        if self._visit_id != result.visit_id:
            return
        self._stored = [t for t in self._stored if t.photo.attachment_id != result.attachment_id]
        self.strip.remove_photo(result.attachment_id)
        if self._form is not None:
            self._form.remove_photo(result.sha256)
            self.removed.emit(result)
        self.show_note()
        self.status.emit(self.tr("Photo deleted."))
        self.shown.emit(self.strip.count())


def marked_new(image: QImage, label: str) -> QImage:
    """A thumbnail framed and labelled as new (a photo held for the correction)."""
    marked = image.convertToFormat(QImage.Format.Format_RGB32)
    painter = QPainter(marked)
    colour = QColor(NEW_PHOTO_COLOUR)
    painter.setPen(QPen(colour, 4))
    painter.drawRect(marked.rect().adjusted(2, 2, -2, -2))
    font = QFont(painter.font())
    font.setPixelSize(14)
    font.setBold(True)
    painter.setFont(font)
    width = painter.fontMetrics().horizontalAdvance(label) + 10
    badge = QRect(0, 0, width, 20)
    painter.fillRect(badge, colour)
    painter.setPen(QColor("white"))
    painter.drawText(badge, Qt.AlignmentFlag.AlignCenter, label)
    painter.end()
    return marked


def with_visit_photos(form: FormWidget, entry: VisitEntry) -> dict[str, Any]:
    """A draft's answers with the visit's photos that no photo field names yet (imported
    from a folder, say) counted in the form's first photo field."""
    fields = form.photo_fields()
    if not fields or not entry.photos:
        return dict(entry.answers)
    named = {str(d) for key in fields for d in entry.answers.get(key) or ()}
    missing = [photo.sha256 for photo in entry.photos if photo.sha256 not in named]
    if not missing:
        return dict(entry.answers)
    answers = dict(entry.answers)
    answers[fields[0]] = [*(answers.get(fields[0]) or ()), *missing]
    return answers
