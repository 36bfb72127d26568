"""One photo of a visit, larger (decoded off the GUI thread): a stored one with when it was
taken (on a draft the user may edit, a button takes a wrongly attached photo off it), or one
held in memory for a correction (a button leaves it out of the correction)."""

from __future__ import annotations

import dataclasses

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from minzheng_field.diagnostics import user_message
from minzheng_field.domain.calendar import CHINA
from minzheng_field.services.visits import PhotoInfo, PhotoRemoved, PreparedPhoto
from minzheng_field.ui.ops import visits as ops
from minzheng_field.ui.ops.base import show_error
from minzheng_field.ui.ops.photos import PhotoPreparer
from minzheng_field.ui.session import UiSession
from minzheng_field.ui.widgets.photo_strip import Thumbnail

PREVIEW_SIDE = 900


@dataclasses.dataclass(frozen=True)
class HeldPhoto:
    """A photo added during a correction, prepared and kept in memory until it is saved."""

    name: str
    prepared: PreparedPhoto
    thumbnail: Thumbnail


def confirm_photo_removal(parent: QWidget) -> bool:
    """Ask once (No unless the user says Yes) whether to delete a photo from the draft."""
    answer = QMessageBox.question(
        parent,
        QCoreApplication.translate("PhotoPreview", "Delete photo"),
        QCoreApplication.translate(
            "PhotoPreview", "Delete this photo from the draft? This cannot be undone."
        ),
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        QMessageBox.StandardButton.No,
    )
    return answer == QMessageBox.StandardButton.Yes


class PhotoPreview(QDialog):
    """A photo of a visit at up to PREVIEW_SIDE pixels; `loaded` once it is shown. With
    `removable` (a draft the user may edit) it offers to delete the photo: `remove_confirmed`
    just before the removal is queued, `removed(PhotoRemoved)` once it is done (then it closes)."""

    loaded = Signal()
    remove_confirmed = Signal()
    removed = Signal(object)

    def __init__(
        self,
        session: UiSession,
        photo: PhotoInfo,
        parent: QWidget | None = None,
        *,
        removable: bool = False,
    ):
        super().__init__(parent)
        self.session = session
        self.photo = photo
        self.setWindowTitle(self.tr("Photo"))
        self.picture = QLabel(self.tr("Opening…"))
        self.picture.setObjectName("photoPreview")
        self.picture.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.picture.setMinimumSize(320, 240)
        taken = (
            self.tr("Taken {when}").format(
                when=photo.taken_at.astimezone(CHINA).strftime("%Y-%m-%d %H:%M")
            )
            if photo.taken_at is not None
            else self.tr("Time taken unknown")
        )
        details = QLabel(" · ".join(part for part in (photo.caption, taken) if part))
        details.setObjectName("photoDetails")
        self.remove_button = QPushButton(self.tr("Delete this photo"))
        self.remove_button.setObjectName("removePhotoButton")
        self.remove_button.setAutoDefault(False)
        self.remove_button.setToolTip(
            self.tr("Takes the photo off this draft, for a photo attached by mistake.")
        )
        self.remove_button.clicked.connect(self.ask_to_remove)
        self.remove_button.setVisible(removable)
        bottom = QHBoxLayout()
        bottom.addWidget(details, 1)
        bottom.addWidget(self.remove_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.picture, 1)
        layout.addLayout(bottom)
        ops.load_photo_image(session, self, photo.attachment_id, PREVIEW_SIDE).success(
            self._show
        ).run_in_background()

    def _show(self, image: QImage) -> None:
        # Fit the screen (a small laptop screen may be shorter than the photo).
        room = self.screen().availableGeometry().size() * 0.8
        if image.width() > room.width() or image.height() > room.height():
            image = image.scaled(
                room, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation
            )
        self.picture.setPixmap(QPixmap.fromImage(image))
        self.resize(self.sizeHint())  # adjustSize would stop at two thirds of the screen
        self.loaded.emit()

    def ask_to_remove(self) -> None:
        """Ask once, then take the photo off the draft on the writer thread."""
        if self.remove_button.isHidden() or not self.remove_button.isEnabled():
            return
        if not confirm_photo_removal(self):
            return
        self.remove_button.setEnabled(False)
        self.remove_confirmed.emit()
        ops.remove_draft_photo(self.session, self, self.photo.attachment_id).success(
            self._removed
        ).failure(self._remove_failed).run_in_background()

    def _removed(self, result: PhotoRemoved) -> None:
        self.removed.emit(result)
        self.accept()

    def _remove_failed(self, error: Exception) -> None:
        self.remove_button.setEnabled(True)
        show_error(self, error)


class HeldPhotoPreview(QDialog):
    """A photo held for a correction, larger (decoded off the GUI thread from memory), with a
    button that leaves it out of the correction (`dropped(sha256)`, then it closes)."""

    loaded = Signal()
    dropped = Signal(str)

    def __init__(self, held: HeldPhoto, parent: QWidget) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Photo"))
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self._digest = held.prepared.sha256
        self.picture = QLabel(self.tr("Opening…"))
        self.picture.setObjectName("photoPreview")
        self.picture.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.picture.setMinimumSize(320, 240)
        details = QLabel(
            self.tr("{name}: new, saved when the correction is saved").format(name=held.name)
        )
        details.setObjectName("photoDetails")
        self.drop_button = QPushButton(self.tr("Leave this photo out"))
        self.drop_button.setObjectName("dropPhotoButton")
        self.drop_button.setAutoDefault(False)
        self.drop_button.setToolTip(
            self.tr("The photo is not added with the correction (the file stays where it is).")
        )
        self.drop_button.clicked.connect(self._drop)
        bottom = QHBoxLayout()
        bottom.addWidget(details, 1)
        bottom.addWidget(self.drop_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.picture, 1)
        layout.addLayout(bottom)
        # On the pool (not a thread of this window's own, which its closing could cut short);
        # the answer is dropped if the window is closed first.
        self._preparer = PhotoPreparer(self)
        self._preparer.image(held.prepared.data, PREVIEW_SIDE, self._show, self._failed)
        self.show()

    def _show(self, image: QImage) -> None:
        self.picture.setPixmap(QPixmap.fromImage(image))
        self.resize(self.sizeHint())
        self.loaded.emit()

    def _failed(self, error: Exception) -> None:
        self.picture.setText(user_message(error))

    def _drop(self) -> None:
        self.dropped.emit(self._digest)
        self.accept()
