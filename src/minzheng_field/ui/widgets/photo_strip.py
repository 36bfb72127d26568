"""A visit's photos as a row of small thumbnails, with their count, an add button and a note.

Thumbnails are decoded off the GUI thread: `thumbnail_image` runs in a read job (QImage, unlike
QPixmap, may be made on any thread) and decodes a JPEG at reduced scale; the strip only turns
the small images into pixmaps.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt, Signal
from PySide6.QtGui import QContextMenuEvent, QImage, QImageReader, QMouseEvent, QPixmap
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QMenu,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from minzheng_field.domain.calendar import CHINA
from minzheng_field.services.visits import PhotoInfo

THUMBNAIL_SIDE = 96


@dataclass(frozen=True)
class Thumbnail:
    """A stored photo and its small image."""

    photo: PhotoInfo
    image: QImage


def thumbnail_image(data: bytes, side: int = THUMBNAIL_SIDE) -> QImage:
    """A small upright image of a photo, decoded at reduced scale (safe off the GUI thread)."""
    buffer = QBuffer()
    buffer.setData(QByteArray(data))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    reader = QImageReader(buffer)
    reader.setAutoTransform(True)
    size = reader.size()
    if size.isValid() and max(size.width(), size.height()) > side:
        reader.setScaledSize(size.scaled(side, side, Qt.AspectRatioMode.KeepAspectRatio))
    image = reader.read()
    buffer.close()
    return image


class _ThumbnailLabel(QLabel):
    """One thumbnail; a double click asks to see the photo larger, the right-click menu (when
    `on_remove` is given) to delete it."""

    def __init__(
        self, on_open: Callable[[], None], on_remove: Callable[[], None] | None = None
    ) -> None:
        super().__init__()
        self._on_open = on_open
        self._on_remove = on_remove
        self.setCursor(Qt.CursorShape.PointingHandCursor)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt override)
        self._on_open()
        event.accept()

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:  # noqa: N802 (Qt override)
        if self._on_remove is None:
            event.ignore()
            return
        menu = QMenu(self)
        menu.addAction(self.tr("Open"), self._on_open)
        menu.addAction(self.tr("Delete…"), self._on_remove)
        menu.exec(event.globalPos())
        event.accept()


class PhotoStrip(QWidget):
    """Thumbnails of a visit's photos; `add_requested` when the add button is pressed,
    `photo_activated(PhotoInfo)` when a thumbnail is double-clicked, `remove_requested(PhotoInfo)`
    from a thumbnail's right-click menu (offered only while `set_removable(True)`)."""

    add_requested = Signal()
    photo_activated = Signal(object)
    remove_requested = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._thumbnails: list[Thumbnail] = []
        self._removable = False
        self.count_label = QLabel()
        self.count_label.setObjectName("photoCount")
        self.add_button = QPushButton()
        self.add_button.setObjectName("addPhotoButton")
        self.add_button.setAutoDefault(False)
        self.add_button.clicked.connect(self.add_requested.emit)
        self.note_label = QLabel()
        self.note_label.setObjectName("photoNote")
        self.note_label.setWordWrap(True)
        self.note_label.setStyleSheet("color: #8a5a00;")
        self.note_label.hide()
        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(self.count_label)
        top.addStretch(1)
        top.addWidget(self.add_button)

        self._row = QHBoxLayout()
        self._row.setContentsMargins(0, 0, 0, 0)
        self._row.addStretch(1)
        holder = QWidget()
        holder.setLayout(self._row)
        self.scroll = QScrollArea()
        self.scroll.setWidget(holder)
        self.scroll.setWidgetResizable(True)
        self.scroll.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll.setFixedHeight(THUMBNAIL_SIDE + 22)  # a row and a sideways scroll bar
        self.scroll.hide()

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.scroll)
        layout.addWidget(self.note_label)
        self._show_count()

    def set_thumbnails(self, thumbnails: Sequence[Thumbnail]) -> None:
        """Show these photos (replacing what was shown)."""
        while self._row.count() > 1:
            item = self._row.takeAt(0)
            if item is not None and item.widget() is not None:
                item.widget().hide()  # gone at once, not when the event loop deletes it
                item.widget().deleteLater()
        self._thumbnails = list(thumbnails)
        for position, thumbnail in enumerate(self._thumbnails):
            picture = _ThumbnailLabel(
                lambda photo=thumbnail.photo: self.photo_activated.emit(photo),
                (lambda photo=thumbnail.photo: self.remove_requested.emit(photo))
                if self._removable
                else None,
            )
            picture.setObjectName("photoThumbnail")
            picture.setFixedSize(THUMBNAIL_SIDE + 4, THUMBNAIL_SIDE + 4)
            picture.setAlignment(Qt.AlignmentFlag.AlignCenter)
            picture.setStyleSheet("border: 1px solid #c8c8c8; background: #f4f4f4;")
            picture.setPixmap(QPixmap.fromImage(thumbnail.image))
            picture.setToolTip(self._describe(thumbnail.photo))
            self._row.insertWidget(position, picture)
        self.scroll.setVisible(bool(self._thumbnails))
        self._show_count()

    def set_removable(self, removable: bool) -> None:
        """Offer (or stop offering) 删除 in the thumbnails' right-click menu."""
        if removable != self._removable:
            self._removable = removable
            self.set_thumbnails(self._thumbnails)

    def remove_photo(self, attachment_id: str) -> bool:
        """Stop showing a photo taken off the visit; whether it was shown."""
        kept = [t for t in self._thumbnails if t.photo.attachment_id != attachment_id]
        if len(kept) == len(self._thumbnails):
            return False
        self.set_thumbnails(kept)
        return True

    def thumbnails(self) -> list[Thumbnail]:
        """The photos shown."""
        return list(self._thumbnails)

    def count(self) -> int:
        """How many photos are shown."""
        return len(self._thumbnails)

    def set_add_text(self, text: str | None, tip: str = "") -> None:
        """Name the add button (None hides it)."""
        self.add_button.setVisible(text is not None)
        self.add_button.setText(text or "")
        self.add_button.setToolTip(tip)

    def set_note(self, text: str) -> None:
        """A line under the photos (what happened to the last files, dates to confirm)."""
        self.note_label.setText(text)
        self.note_label.setVisible(bool(text))

    def note(self) -> str:
        """The note shown ("" when none)."""
        return self.note_label.text() if not self.note_label.isHidden() else ""

    def _show_count(self) -> None:
        count = len(self._thumbnails)
        self.count_label.setText(
            self.tr("Photos: {count}").format(count=count) if count else self.tr("Photos: none")
        )

    def _describe(self, photo: PhotoInfo) -> str:
        lines = []
        if photo.caption:
            lines.append(photo.caption)
        if photo.taken_at is not None:
            taken = photo.taken_at.astimezone(CHINA).strftime("%Y-%m-%d %H:%M")
            lines.append(self.tr("Taken {when}").format(when=taken))
        else:
            lines.append(self.tr("Time taken unknown"))
        lines.append(f"{photo.width} × {photo.height}")
        lines.append(self.tr("Double-click to see it larger"))
        if self._removable:
            lines.append(self.tr("Right-click to delete it"))
        return "\n".join(lines)
