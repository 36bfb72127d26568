"""Background work on photos: prepare them off the writer, propose visits, store them.

Preparing a phone photo (decode, downscale, turn upright, re-encode) costs a tenth to half a
second of CPU; it runs on the Qt thread pool, whose threads hold no database connection, so
that the writer thread only inserts what is ready and the drafts' autosaves never wait
behind a folder of photos. The bytes stay in memory throughout (no temporary file).
"""

from __future__ import annotations

import itertools
import logging
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QWidget

from minzheng_field.services import visits as visit_service
from minzheng_field.services.visits import (
    CandidateVisit,
    PhotoAttached,
    PhotoProposal,
    PreparedPhoto,
    attach_prepared_photo,
    match_photos_to_visits,
    photo_candidates,
)
from minzheng_field.ui.ops.base import Operation
from minzheng_field.ui.ops.care_files import guarded
from minzheng_field.ui.session import UiSession
from minzheng_field.ui.widgets.photo_strip import thumbnail_image

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Proposals:
    """The visits photos may belong to, and the proposal for each photo (in the given order)."""

    candidates: tuple[CandidateVisit, ...]
    proposals: tuple[PhotoProposal, ...]


@dataclass(frozen=True)
class PhotosImported:
    """What an import stored (announced once to every view when the import ends)."""

    attached: tuple[PhotoAttached, ...]


@dataclass(frozen=True)
class ReadyPhoto:
    """A photo prepared for storing, with its small image when one was asked for."""

    prepared: PreparedPhoto
    thumbnail: QImage | None


class _PreparerSignals(QObject):
    """Carries the result of a pool job back to the GUI thread."""

    done = Signal(int, object)  # ticket, result
    failed = Signal(int, object)  # ticket, Exception


class _PoolJob(QRunnable):
    """One piece of photo work on a pool thread; no database, no widget."""

    def __init__(
        self,
        signals: _PreparerSignals,
        ticket: int,
        work: Callable[[], Any],
        stop: threading.Event | None,
    ) -> None:
        super().__init__()
        self._signals = signals  # kept alive by this reference until the run ends
        self._ticket = ticket
        self._work = work
        self._stop = stop

    def run(self) -> None:
        if self._stop is not None and self._stop.is_set():
            return
        try:
            result = self._work()
        except Exception as error:  # every failure goes back to its caller
            if not hasattr(error, "kind") and not isinstance(error, OSError):
                log.error("photo work failed", exc_info=error)
            self._signals.failed.emit(self._ticket, error)
        else:
            self._signals.done.emit(self._ticket, result)


def _prepared(source: bytes | Path, thumbnail: bool) -> ReadyPhoto:
    data = source.read_bytes() if isinstance(source, Path) else source
    # Through the module, so that a test can see on which thread it runs.
    prepared = visit_service.prepare_photo(data)
    return ReadyPhoto(prepared, thumbnail_image(prepared.data) if thumbnail else None)


class PhotoPreparer:
    """Prepares photos (and decodes images) on the Qt thread pool and calls back on the GUI
    thread; callbacks are dropped once `owner` is gone."""

    def __init__(self, owner: QObject) -> None:
        self._owner = owner
        self._tickets = itertools.count(1)
        self._callbacks: dict[int, tuple[Callable[[Any], None], Callable[[Exception], None]]] = {}
        self._signals = _PreparerSignals()
        self._signals.done.connect(self._done)
        self._signals.failed.connect(self._failed)

    def prepare(
        self,
        source: bytes | Path,
        on_done: Callable[[ReadyPhoto], None],
        on_error: Callable[[Exception], None],
        *,
        thumbnail: bool = False,
        stop: threading.Event | None = None,
    ) -> int:
        """Queue one photo (its bytes, or a file to read); a set `stop` skips it if not begun."""
        return self._start(lambda: _prepared(source, thumbnail), on_done, on_error, stop)

    def image(
        self,
        data: bytes,
        side: int,
        on_done: Callable[[QImage], None],
        on_error: Callable[[Exception], None],
    ) -> int:
        """Decode a photo held in memory as an image of at most `side` pixels."""
        return self._start(lambda: thumbnail_image(data, side), on_done, on_error, None)

    def forget(self) -> None:
        """Drop the callbacks of every job still running (their results are unused)."""
        self._callbacks.clear()

    def _start(
        self,
        work: Callable[[], Any],
        on_done: Callable[[Any], None],
        on_error: Callable[[Exception], None],
        stop: threading.Event | None,
    ) -> int:
        ticket = next(self._tickets)
        self._callbacks[ticket] = (guarded(self._owner, on_done), guarded(self._owner, on_error))
        QThreadPool.globalInstance().start(_PoolJob(self._signals, ticket, work, stop))
        return ticket

    def _done(self, ticket: int, result: object) -> None:
        callbacks = self._callbacks.pop(ticket, None)
        if callbacks is not None:
            callbacks[0](result)

    def _failed(self, ticket: int, error: Exception) -> None:
        callbacks = self._callbacks.pop(ticket, None)
        if callbacks is not None:
            callbacks[1](error)


def propose_visits(
    session: UiSession,
    parent: QWidget | None,
    photos: Sequence[tuple[str, bytes]],
    first: date,
    last: date,
    *,
    only_mine: bool,
) -> Operation:
    """Read the candidate visits of the photos' days and match each photo to one (a reader)."""
    given = list(photos)

    def job(s: Any, a: Any) -> Proposals:
        candidates = photo_candidates(s, a, first, last, only_mine=only_mine)
        return Proposals(tuple(candidates), tuple(match_photos_to_visits(given, candidates)))

    return Operation(session, parent, job, write=False)


def attach_quietly(
    session: UiSession,
    owner: QWidget,
    visit_id: str,
    prepared: PreparedPhoto,
    taken_at: datetime | None,
    on_done: Callable[[PhotoAttached], None],
    on_error: Callable[[Exception], None],
) -> int:
    """Store one prepared photo with a visit on the writer thread (its own transaction).

    Views are not told after each photo (forty refreshes for one import): the caller
    announces the import once with `announce_import`. Callbacks are dropped once `owner`
    is gone; the photo is stored all the same.
    """
    return session.database.write(
        lambda s, a: attach_prepared_photo(s, a, visit_id, prepared, taken_at=taken_at),
        guarded(owner, on_done),
        guarded(owner, on_error),
    )


def announce_import(session: UiSession, attached: Sequence[PhotoAttached]) -> None:
    """Tell every view that photos were stored (once, at the end of an import)."""
    session.events.operation_did_execute.emit(PhotosImported(tuple(attached)))
