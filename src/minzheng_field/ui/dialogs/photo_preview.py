"""One stored photo of a visit, larger, with when it was taken (decoded off the GUI thread)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import QDialog, QLabel, QVBoxLayout, QWidget

from minzheng_field.domain.calendar import CHINA
from minzheng_field.services.visits import PhotoInfo
from minzheng_field.ui.ops import visits as ops
from minzheng_field.ui.session import UiSession

PREVIEW_SIDE = 900


class PhotoPreview(QDialog):
    """A photo of a visit at up to PREVIEW_SIDE pixels; `loaded` once it is shown."""

    loaded = Signal()

    def __init__(self, session: UiSession, photo: PhotoInfo, parent: QWidget | None = None):
        super().__init__(parent)
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
        layout = QVBoxLayout(self)
        layout.addWidget(self.picture, 1)
        layout.addWidget(details)
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
