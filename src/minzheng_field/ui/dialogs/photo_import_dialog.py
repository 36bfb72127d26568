"""Import a folder of phone photos: each matched to a visit by when it was taken, confirmed
or changed by the user, then stored with the chosen visits one by one.

The files are read, their times taken and thumbnails made on a thread pool (forty 5 MB
photos would freeze the window for seconds); rows fill in as each photo is read. On import
the photos are prepared (downscaled, re-encoded) on that pool too, and the writer thread
only inserts each one, in row order: other writes (a draft's autosave) never wait behind
forty decodes. The photos stay in memory only: nothing is written anywhere but the vault.
"""

from __future__ import annotations

import logging
import threading
from collections import deque
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QObject, QRunnable, QSize, Qt, QThreadPool, Signal
from PySide6.QtGui import QCloseEvent, QColor, QImage, QKeySequence, QPixmap, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from minzheng_field.diagnostics import user_message
from minzheng_field.domain.calendar import CHINA, china_today
from minzheng_field.services.photo_import import (
    FolderFile,
    LoadedPhoto,
    burst_of,
    choices_for,
    list_folder,
    load_photo,
    photo_days,
)
from minzheng_field.services.visits import (
    CandidateVisit,
    PhotoAttached,
    PhotoProposal,
    PreparedPhoto,
)
from minzheng_field.ui.database import Cancelled
from minzheng_field.ui.ops import photos as ops
from minzheng_field.ui.ops.base import show_error
from minzheng_field.ui.session import UiSession

log = logging.getLogger(__name__)

THUMBNAIL_SIZE = QSize(96, 72)
PHOTO_COLUMN, NAME_COLUMN, TIME_COLUMN, VISIT_COLUMN, NOTE_COLUMN = range(5)
ERROR_COLOUR = "#b3261e"


class _ReaderSignals(QObject):
    """Carries a photo read on a pool thread back to the GUI thread."""

    loaded = Signal(int, int, object)  # generation, row, LoadedPhoto


class _ReadPhoto(QRunnable):
    """Read one file, its EXIF time and its thumbnail (no Qt objects, no database)."""

    def __init__(
        self,
        signals: _ReaderSignals,
        generation: int,
        row: int,
        path: Path,
        stop: threading.Event,
    ) -> None:
        super().__init__()
        self._signals = signals
        self._generation = generation
        self._row = row
        self._path = path
        self._stop = stop

    def run(self) -> None:
        if self._stop.is_set():
            return
        self._signals.loaded.emit(self._generation, self._row, load_photo(self._path))


@dataclass
class _Row:
    """One file of the folder as the dialog holds it."""

    file: FolderFile
    photo: LoadedPhoto | None = None
    proposal: PhotoProposal | None = None
    chooser: QComboBox | None = None
    # Set when the user picked a visit (kept when the proposals are made again).
    picked: str | None = None
    user_picked: bool = False
    # "imported", "duplicate" or "failed" once the import reached this row.
    outcome: str | None = None
    error: str | None = field(default=None)
    # Made ready for storing off the writer (or why it cannot be), once the import asked.
    prepared: PreparedPhoto | None = None
    unprepared: Exception | None = None
    preparing: bool = False

    @property
    def importable(self) -> bool:
        """A readable photo not yet stored (a failed one may be tried again)."""
        return self.photo is not None and self.photo.usable and self.outcome not in _STORED


_STORED = frozenset({"imported", "duplicate"})


@dataclass(frozen=True)
class ImportTally:
    """How an import ended: counts of stored, already there, failed, and not reached."""

    imported: int
    duplicates: int
    failed: int
    remaining: int
    cancelled: bool


class PhotoImportDialog(QDialog):
    """The photos of a folder with the visit each belongs to, for confirmation and import."""

    # Every file read (rows filled), then the visits proposed for the photos.
    photos_read = Signal()
    proposals_ready = Signal()
    import_finished = Signal(object)  # ImportTally

    def __init__(self, session: UiSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.setWindowTitle(self.tr("Import phone photos"))
        self.setObjectName("photoImportDialog")
        self.resize(1060, 680)
        self._rows: list[_Row] = []
        self._generation = 0  # of the folder's reading
        self._request = 0  # of the proposals
        self._stop = threading.Event()
        self._signals = _ReaderSignals()
        self._signals.loaded.connect(self._photo_loaded)
        self._unread = 0
        self._candidates: tuple[CandidateVisit, ...] = ()
        self._proposal_job: int | None = None
        self._queue: deque[_Row] = deque()
        self._importing = False
        self._cancelled = False
        self._stored: list[PhotoAttached] = []
        self._run_rows: list[_Row] = []
        self._preparer = ops.PhotoPreparer(self)
        self._prepare_stop = threading.Event()
        self._writing = False

        self.folder_label = QLabel()
        self.folder_label.setObjectName("folderLabel")
        self.folder_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.only_mine = QCheckBox(self.tr("Only visits I recorded"))
        self.only_mine.setObjectName("onlyMine")
        # Photos are nearly always of one's own visits; unticked, a township assistant can
        # import the photos a cadre brought in.
        self.only_mine.setChecked(True)
        self.only_mine.toggled.connect(lambda _on: self._propose())
        top = QHBoxLayout()
        top.addWidget(self.folder_label, 1)
        top.addWidget(self.only_mine)

        self.status_label = QLabel()
        self.status_label.setObjectName("statusLabel")
        self.status_label.setWordWrap(True)

        self.table = QTableWidget(0, 5)
        self.table.setObjectName("photoTable")
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("Photo"),
                self.tr("File"),
                self.tr("Taken"),
                self.tr("Visit"),
                self.tr("Note"),
            ]
        )
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.table.setIconSize(THUMBNAIL_SIZE)
        self.table.setWordWrap(True)
        self.table.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(THUMBNAIL_SIZE.height() + 8)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(NOTE_COLUMN, QHeaderView.ResizeMode.Stretch)
        for column, width in (
            (PHOTO_COLUMN, THUMBNAIL_SIZE.width() + 12),
            (NAME_COLUMN, 210),
            (TIME_COLUMN, 130),
            (VISIT_COLUMN, 230),
        ):
            self.table.setColumnWidth(column, width)

        self.progress = QProgressBar()
        self.progress.setObjectName("importProgress")
        self.progress.setFormat(self.tr("%v of %m"))
        self.progress.hide()
        self.import_button = QPushButton(self.tr("Import selected photos"))
        self.import_button.setObjectName("importButton")
        self.import_button.setDefault(True)
        self.import_button.setEnabled(False)
        self.import_button.clicked.connect(self.start_import)
        self.cancel_button = QPushButton(self.tr("Stop importing"))
        self.cancel_button.setObjectName("cancelButton")
        self.cancel_button.hide()
        self.cancel_button.clicked.connect(self.cancel_import)
        self.close_button = QPushButton(self.tr("Close"))
        self.close_button.setObjectName("closeButton")
        self.close_button.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(self.progress, 1)
        buttons.addStretch(1)
        buttons.addWidget(self.import_button)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.close_button)
        QShortcut(QKeySequence("Ctrl+S"), self, self.start_import)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.status_label)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)

    # -- reading the folder --------------------------------------------------------------------

    def open_folder(self, folder: Path) -> None:
        """List the folder's files and read its photos in the background."""
        self._stop.set()
        self._stop = threading.Event()
        self._generation += 1
        self._request += 1
        self.folder_label.setText(self.tr("Folder: {path}").format(path=str(folder)))
        try:
            files = list_folder(folder)
        except OSError:
            self._rows = []
            self.table.setRowCount(0)
            self.status_label.setText(
                self.tr("The folder cannot be opened. Check that it still exists.")
            )
            return
        self._rows = [_Row(file) for file in files]
        self._candidates = ()
        self.table.setRowCount(len(self._rows))
        pool = QThreadPool.globalInstance()
        self._unread = 0
        for index, row in enumerate(self._rows):
            self._fill_file(index, row)
            if row.file.skipped is None:
                self._unread += 1
                pool.start(
                    _ReadPhoto(self._signals, self._generation, index, row.file.path, self._stop)
                )
        self._update_status()
        if self._unread == 0:
            self._all_read()

    def _fill_file(self, index: int, row: _Row) -> None:
        self.table.setItem(index, PHOTO_COLUMN, QTableWidgetItem())
        self.table.setItem(index, NAME_COLUMN, QTableWidgetItem(row.file.name))
        self.table.setItem(index, TIME_COLUMN, QTableWidgetItem())
        if row.file.skipped is not None:
            self.table.setItem(index, VISIT_COLUMN, QTableWidgetItem(self.tr("Skipped")))
            self._set_note(index, row.file.skipped)
        else:
            self.table.setItem(index, VISIT_COLUMN, QTableWidgetItem())
            self._set_note(index, self.tr("Reading…"))

    def _photo_loaded(self, generation: int, index: int, photo: LoadedPhoto) -> None:
        if generation != self._generation:
            return
        row = self._rows[index]
        row.photo = photo
        self._unread -= 1
        if photo.thumbnail is not None:
            image = QImage.fromData(photo.thumbnail)
            item = self.table.item(index, PHOTO_COLUMN)
            item.setData(Qt.ItemDataRole.DecorationRole, QPixmap.fromImage(image))
        taken = time_text(photo.taken_at)
        if photo.usable and not taken:
            taken = self.tr("Unknown")
        self.table.item(index, TIME_COLUMN).setText(taken)
        if photo.error is not None:
            self.table.item(index, VISIT_COLUMN).setText(self.tr("Do not import"))
            self._set_note(index, photo.error, error=True)
        else:
            self._set_note(index, self.tr("Looking for the visit…"))
        self._update_status()
        if self._unread == 0:
            self._all_read()

    def _all_read(self) -> None:
        self.photos_read.emit()
        self._propose()

    # -- proposals -----------------------------------------------------------------------------

    def _propose(self) -> None:
        """Read the candidate visits of the photos' days and propose one per photo."""
        if self._unread > 0 or self._importing:
            return
        usable = [row for row in self._rows if row.photo is not None and row.photo.usable]
        if not usable:
            self._update_status()
            self.proposals_ready.emit()
            return
        if self._proposal_job is not None:
            self.session.database.cancel(self._proposal_job)
        first, last = photo_days([row.photo.taken_at for row in usable], today=china_today())
        photos = [(row.file.name, row.photo.data) for row in usable]
        # A newer request (the folder read again, "only mine" ticked) replaces an older one
        # whose answer may still come back.
        self._request += 1
        request = self._request
        self._proposal_job = (
            ops.propose_visits(
                self.session, self, photos, first, last, only_mine=self.only_mine.isChecked()
            )
            .success(lambda result: self._proposed(request, usable, result))
            .failure(lambda error: self._propose_failed(request, error))
            .run_in_background()
        )
        self._update_status()

    def _proposed(self, request: int, usable: list[_Row], result: ops.Proposals) -> None:
        if request != self._request:
            return
        self._proposal_job = None
        self._candidates = result.candidates
        for row, proposal in zip(usable, result.proposals, strict=True):
            row.proposal = proposal
            self._fill_chooser(self._rows.index(row), row)
        self._update_status()
        self.proposals_ready.emit()

    def _propose_failed(self, request: int, error: Exception) -> None:
        if request != self._request:
            return
        self._proposal_job = None
        self._update_status()
        if not isinstance(error, Cancelled):
            show_error(self, error)

    def _fill_chooser(self, index: int, row: _Row) -> None:
        chooser = row.chooser
        if chooser is None:
            chooser = QComboBox()
            chooser.setObjectName(f"visitChooser{index}")
            chooser.currentIndexChanged.connect(lambda _i, r=row: self._picked(r))
            row.chooser = chooser
            # In a holder: a combo box stretched to the thumbnail's height looks like a slab.
            holder = QWidget()
            box = QVBoxLayout(holder)
            box.setContentsMargins(4, 0, 4, 0)
            box.addWidget(chooser, 0, Qt.AlignmentFlag.AlignVCenter)
            self.table.setCellWidget(index, VISIT_COLUMN, holder)
        choices = choices_for(row.proposal, self._candidates)
        keep = row.picked if row.user_picked else (row.proposal and row.proposal.visit_id)
        chooser.blockSignals(True)
        chooser.clear()
        chooser.addItem(self.tr("Do not import"), None)
        for visit in choices:
            chooser.addItem(
                self.tr("{name} ({month}/{day})").format(
                    name=visit.person_name, month=visit.visited_on.month, day=visit.visited_on.day
                ),
                visit.visit_id,
            )
        chooser.setCurrentIndex(max(chooser.findData(keep), 0) if keep else 0)
        chooser.blockSignals(False)
        row.picked = chooser.currentData()
        if row.user_picked and row.picked != keep:
            row.user_picked = False
        if row.outcome is None:
            self._set_note(index, row.proposal.note if row.proposal else "")

    def _picked(self, row: _Row) -> None:
        assert row.chooser is not None
        row.picked = row.chooser.currentData()
        row.user_picked = True
        if row.outcome is None:
            # The proposal's note ("请选择…") no longer applies once the user has chosen.
            self._set_note(
                self._rows.index(row),
                self.tr("Chosen by you.") if row.picked is not None else self.tr("Not imported."),
            )
        if row.picked is not None:
            self._pick_for_burst(row, row.picked)
        self._update_status()

    def _pick_for_burst(self, row: _Row, visit_id: str) -> None:
        """Photos taken together with this one, still without a visit, get the same visit:
        on a day of several visits, one choice per visit rather than one per photo."""
        taken = [
            other.photo.taken_at if other.photo is not None and other.importable else None
            for other in self._rows
        ]
        for position in burst_of(taken, self._rows.index(row)):
            other = self._rows[position]
            if (
                other.user_picked
                or other.picked is not None
                or other.outcome is not None
                or other.chooser is None
                or other.chooser.findData(visit_id) < 0
            ):
                continue
            other.chooser.blockSignals(True)
            other.chooser.setCurrentIndex(other.chooser.findData(visit_id))
            other.chooser.blockSignals(False)
            # Kept like the user's own choice when the proposals are made again.
            other.picked, other.user_picked = visit_id, True
            self._set_note(
                position, self.tr("Chosen like the photos taken just before or after; check it.")
            )

    def choose(self, index: int, visit_id: str | None) -> None:
        """Pick the visit of a row (None: do not import it), as the user would."""
        chooser = self._rows[index].chooser
        if chooser is None:
            raise ValueError("row has no visit chooser")
        position = chooser.findData(visit_id) if visit_id is not None else 0
        if position < 0:
            raise ValueError("visit is not offered for this photo")
        chooser.setCurrentIndex(position)

    def chosen(self) -> list[str | None]:
        """The visit chosen for each row (None: skipped or not importable)."""
        return [row.picked if row.importable else None for row in self._rows]

    def offered(self, index: int) -> list[str]:
        """The visit ids a row's chooser offers."""
        chooser = self._rows[index].chooser
        if chooser is None:
            return []
        return [chooser.itemData(i) for i in range(1, chooser.count())]

    def note_of(self, index: int) -> str:
        """The note shown on a row."""
        item = self.table.item(index, NOTE_COLUMN)
        return item.text() if item is not None else ""

    def file_names(self) -> list[str]:
        """The files listed, in row order."""
        return [row.file.name for row in self._rows]

    # -- importing -----------------------------------------------------------------------------

    def start_import(self) -> None:
        """Store the photos that have a visit chosen, one at a time (each its own write)."""
        if self._importing or self._unread > 0 or self._proposal_job is not None:
            return
        queued = [row for row in self._rows if row.importable and row.picked is not None]
        if not queued:
            return
        self._importing = True
        self._cancelled = False
        self._stored = []
        self._run_rows = queued
        self._queue = deque(queued)
        for row in queued:
            row.outcome, row.error = None, None
            if row.chooser is not None:
                row.chooser.setEnabled(False)
        self.only_mine.setEnabled(False)
        self.import_button.setEnabled(False)
        self.close_button.setEnabled(False)
        self.cancel_button.setEnabled(True)
        self.cancel_button.show()
        self.progress.setRange(0, len(queued))
        self.progress.setValue(0)
        self.progress.show()
        self._update_status()
        self._prepare_stop = threading.Event()
        for row in queued:
            row.preparing = False  # one stopped by an earlier run's end never will be
            self._prepare(row)
        self._import_next()

    def _prepare(self, row: _Row) -> None:
        """Have the row's photo made ready off the writer (once; again after a failure)."""
        if row.prepared is not None or row.preparing:
            return
        assert row.photo is not None and row.photo.data is not None
        row.unprepared, row.preparing = None, True
        self._preparer.prepare(
            row.photo.data,
            lambda ready: self._prepared(row, ready.prepared, None),
            lambda error: self._prepared(row, None, error),
            stop=self._prepare_stop,
        )

    def _prepared(self, row: _Row, prepared: PreparedPhoto | None, error: Exception | None) -> None:
        row.prepared, row.unprepared, row.preparing = prepared, error, False
        self._import_next()

    def cancel_import(self) -> None:
        """Stop before the next photo; what was stored stays."""
        if self._importing:
            self._cancelled = True
            self.cancel_button.setEnabled(False)
            self._update_status()
            self._import_next()  # ends at once unless a photo is being stored

    def _import_next(self) -> None:
        """Store the next row's photo once it is prepared (one write at a time, in order)."""
        if not self._importing or self._writing:
            return
        if self._cancelled or not self._queue:
            self._import_ended()
            return
        row = self._queue[0]
        index = self._rows.index(row)
        if row.unprepared is not None:
            self._queue.popleft()
            self._attach_failed(row, row.unprepared)
            return
        if row.prepared is None:
            self._set_note(index, self.tr("Importing…"))
            if not row.preparing:  # skipped by an earlier stop: asked again
                self._prepare(row)
            return
        self._queue.popleft()
        assert row.picked is not None and row.photo is not None
        self._set_note(index, self.tr("Importing…"))
        self._writing = True
        ops.attach_quietly(
            self.session,
            self,
            row.picked,
            row.prepared,
            row.photo.taken_at,
            lambda result: self._attached(row, result),
            lambda error: self._attach_failed(row, error),
        )

    def _attached(self, row: _Row, result: PhotoAttached) -> None:
        self._writing = False
        index = self._rows.index(row)
        if result.already_attached:
            row.outcome = "duplicate"
            self._set_note(index, self.tr("Already attached to this visit; not stored again."))
        else:
            row.outcome = "imported"
            self._stored.append(result)
            self._set_note(index, self.tr("Imported."))
        # Stored (or already there): the vault holds it now; forty phone photos are big.
        row.photo = replace(row.photo, data=None) if row.photo is not None else None
        row.prepared = None
        self.progress.setValue(self.progress.value() + 1)
        self._import_next()

    def _attach_failed(self, row: _Row, error: Exception) -> None:
        self._writing = False
        row.unprepared = None
        if not hasattr(error, "kind"):
            log.error("photo import failed", exc_info=error)
        row.outcome, row.error = "failed", user_message(error)
        index = self._rows.index(row)
        self._set_note(index, row.error, error=True)
        if row.chooser is not None:
            row.chooser.setEnabled(True)
        self.progress.setValue(self.progress.value() + 1)
        self._import_next()

    def _import_ended(self) -> None:
        self._importing = False
        self._prepare_stop.set()  # photos not yet begun are not prepared for nothing
        remaining = list(self._queue)
        self._queue.clear()
        for row in remaining:
            if row.chooser is not None:
                row.chooser.setEnabled(True)
            self._set_note(self._rows.index(row), self.tr("Not imported yet."))
        tally = ImportTally(
            imported=sum(row.outcome == "imported" for row in self._run_rows),
            duplicates=sum(row.outcome == "duplicate" for row in self._run_rows),
            failed=sum(row.outcome == "failed" for row in self._run_rows),
            remaining=len(remaining),
            cancelled=self._cancelled,
        )
        self.cancel_button.hide()
        self.close_button.setEnabled(True)
        self.only_mine.setEnabled(True)
        self.status_label.setText(self.tally_text(tally))
        self._update_import_button()
        if self._stored:
            ops.announce_import(self.session, self._stored)
        self.import_finished.emit(tally)

    def tally_text(self, tally: ImportTally) -> str:
        """One or two sentences on how the import ended."""
        if tally.cancelled:
            parts = [
                self.tr(
                    "Import stopped: {imported} photos imported, {remaining} not imported."
                ).format(imported=tally.imported, remaining=tally.remaining)
            ]
        else:
            parts = [self.tr("{imported} photos imported.").format(imported=tally.imported)]
        if tally.duplicates:
            parts.append(
                self.tr("{count} were already attached and were not stored again.").format(
                    count=tally.duplicates
                )
            )
        if tally.failed:
            parts.append(
                self.tr("{count} could not be imported (see the rows).").format(count=tally.failed)
            )
        text = parts[0]
        for part in parts[1:]:
            text = self.join_sentences(text, part)
        return text

    def join_sentences(self, first: str, second: str) -> str:
        """Two sentences one after the other (Chinese puts no space between them)."""
        return self.tr("{first} {second}").format(first=first, second=second)

    # -- state -----------------------------------------------------------------------------

    def _update_status(self) -> None:
        self._update_import_button()
        if self._importing:
            if self._cancelled:
                self.status_label.setText(self.tr("Stopping after the current photo…"))
            else:
                self.status_label.setText(
                    self.tr("Importing photos… Stop keeps what is already imported.")
                )
            return
        photos = sum(row.file.skipped is None for row in self._rows)
        if not self._rows:
            self.status_label.setText(self.tr("There are no files in this folder."))
            return
        if self._unread > 0:
            self.status_label.setText(
                self.tr("Reading photos: {done} of {total}…").format(
                    done=photos - self._unread, total=photos
                )
            )
            return
        if self._proposal_job is not None:
            self.status_label.setText(self.tr("Looking for the visit of each photo…"))
            return
        matched = sum(1 for row in self._rows if row.importable and row.picked is not None)
        skipped = len(self._rows) - photos
        text = self.tr(
            "{photos} photos; {matched} will be imported to the visit shown. "
            "Check each row, change the visit or choose “Do not import”."
        ).format(photos=photos, matched=matched)
        if skipped:
            text = self.join_sentences(
                text, self.tr("{count} files are not photos and are skipped.").format(count=skipped)
            )
        self.status_label.setText(text)

    def _update_import_button(self) -> None:
        ready = (
            not self._importing
            and self._unread == 0
            and self._proposal_job is None
            and any(row.importable and row.picked is not None for row in self._rows)
        )
        self.import_button.setEnabled(ready)

    def _set_note(self, index: int, text: str, *, error: bool = False) -> None:
        item = self.table.item(index, NOTE_COLUMN)
        if item is None:
            item = QTableWidgetItem()
            self.table.setItem(index, NOTE_COLUMN, item)
        item.setText(text)
        item.setToolTip(text)
        item.setData(Qt.ItemDataRole.ForegroundRole, QColor(ERROR_COLOUR) if error else None)

    def reject(self) -> None:
        """Close; while importing, stop first (what was stored stays)."""
        if self._importing:
            self.cancel_import()
            return
        super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt override)
        if self._importing:
            self.cancel_import()
            event.ignore()
            return
        super().closeEvent(event)

    def done(self, result: int) -> None:
        """Close: stop reading and let go of the photos (they were only ever in memory)."""
        self._stop.set()
        self._prepare_stop.set()
        self._preparer.forget()
        self._generation += 1
        self._request += 1
        for row in self._rows:
            row.photo, row.prepared = None, None
        super().done(result)


def time_text(moment: datetime | None) -> str:
    """When a photo was taken, in China time."""
    if moment is None:
        return ""
    return moment.astimezone(CHINA).strftime("%Y-%m-%d %H:%M")
