"""The database threads: one writer, readers; the GUI thread never touches a connection.

Each thread opens its own engine on itself, runs jobs from a queue, each job in one short
transaction, and closes its engine on itself when asked to (before the vault locks).
Results come back by signal, delivered on the GUI thread.
"""

from __future__ import annotations

import itertools
import logging
import queue
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QObject, QThread, Signal
from sqlalchemy import Engine
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from minzheng_field.services.context import Actor, actor_for
from minzheng_field.store.engine import interrupt
from minzheng_field.store.session import session_scope
from minzheng_field.store.vault import Vault

log = logging.getLogger(__name__)

Job = Callable[[Session, Actor], Any]
_STOP = object()


class Cancelled(Exception):
    """A read was interrupted because a newer one replaced it."""


@dataclass
class _Task:
    job_id: int
    job: Job


class DbThread(QThread):
    """A thread that owns one engine (read-write or read-only) and runs jobs in order."""

    job_done = Signal(int, object)
    job_failed = Signal(int, object)
    closed = Signal()

    def __init__(self, vault: Vault, username: str, *, readonly: bool, name: str) -> None:
        super().__init__()
        self.setObjectName(name)
        self._vault = vault
        self._username = username
        self._readonly = readonly
        self._queue: queue.SimpleQueue[Any] = queue.SimpleQueue()
        self._engine: Engine | None = None
        self._running_job: int | None = None
        # Held while checking which job runs and interrupting it, and while a job starts and
        # ends: otherwise an interrupt meant for a job that just ended could hit the next one.
        self._running_lock = threading.Lock()

    def submit(self, job_id: int, job: Job) -> None:
        """Queue a job; its result arrives as job_done(job_id, result) or job_failed."""
        self._queue.put(_Task(job_id, job))

    def stop(self) -> None:
        """Close the engine on this thread once the queued jobs are done, then end."""
        self._queue.put(_STOP)

    def interrupt(self, job_id: int) -> None:
        """Interrupt the running statement if it belongs to this job (readers only)."""
        with self._running_lock:
            engine = self._engine
            if engine is None or self._running_job != job_id:
                return
            interrupt(engine)

    def run(self) -> None:
        try:
            self._engine = self._vault.open_engine(readonly=self._readonly)
        except Exception as error:
            log.exception("could not open a database connection")
            self.job_failed.emit(-1, error)
            self.closed.emit()
            return
        try:
            while True:
                task = self._queue.get()
                if task is _STOP:
                    break
                self._run_task(task)
        finally:
            self._vault.close_engine(self._engine)
            self._engine = None
            self.closed.emit()

    def _run_task(self, task: _Task) -> None:
        assert self._engine is not None
        with self._running_lock:
            self._running_job = task.job_id
        try:
            with session_scope(self._engine) as session:
                actor = actor_for(session, self._username)
                result = task.job(session, actor)
        except OperationalError as error:
            if "interrupted" in str(error).lower():
                self.job_failed.emit(task.job_id, Cancelled())
            else:
                self.job_failed.emit(task.job_id, error)
        except Exception as error:  # noqa: BLE001 (every failure goes back to its caller)
            self.job_failed.emit(task.job_id, error)
        else:
            self.job_done.emit(task.job_id, result)
        finally:
            with self._running_lock:
                self._running_job = None


class Database(QObject):
    """The writer and reader threads of one unlocked session, and their callbacks."""

    all_closed = Signal()

    def __init__(self, vault: Vault, username: str, *, readers: int = 2) -> None:
        super().__init__()
        self._vault = vault
        self._username = username
        self._reader_count = readers
        self._ids = itertools.count(1)
        self._callbacks: dict[int, tuple[Callable[[Any], None], Callable[[Exception], None]]] = {}
        self._open = 0
        self._threads: list[DbThread] = []
        self.start()

    def start(self) -> None:
        """Start the threads (again, after a lock: views keep this same object)."""
        # The old threads said `closed` from inside run(); a QThread dropped before run()
        # has returned aborts the process, so let them finish first (a moment at most).
        for thread in self._threads:
            thread.wait()
        self.writer = DbThread(self._vault, self._username, readonly=False, name="db-writer")
        self.readers = [
            DbThread(self._vault, self._username, readonly=True, name=f"db-reader-{n}")
            for n in range(self._reader_count)
        ]
        self._threads = [self.writer, *self.readers]
        for thread in self._threads:
            thread.job_done.connect(self._done)
            thread.job_failed.connect(self._failed)
            thread.closed.connect(self._thread_closed)
            thread.start()
            self._open += 1
        self._next_reader = itertools.cycle(self.readers)

    @property
    def is_open(self) -> bool:
        return self._open > 0

    def write(
        self,
        job: Job,
        on_done: Callable[[Any], None],
        on_error: Callable[[Exception], None],
    ) -> int:
        """Run a job on the writer thread in one transaction."""
        return self._submit(self.writer, job, on_done, on_error)

    def read(
        self,
        job: Job,
        on_done: Callable[[Any], None],
        on_error: Callable[[Exception], None],
        *,
        reader: int | None = None,
    ) -> int:
        """Run a job on a reader thread (a fixed one when `reader` is given)."""
        thread = self.readers[reader] if reader is not None else next(self._next_reader)
        return self._submit(thread, job, on_done, on_error)

    def cancel(self, job_id: int) -> None:
        """Forget a job's callbacks and interrupt it if a reader is running it."""
        self._callbacks.pop(job_id, None)
        for thread in self.readers:
            thread.interrupt(job_id)

    def close(self) -> None:
        """Ask every thread to close its connection; all_closed follows.

        Jobs still queued run first; callbacks of jobs that never ran are forgotten.
        """
        for thread in [self.writer, *self.readers]:
            thread.stop()

    def wait_closed(self) -> None:
        """Block until every thread has ended (used when the app quits)."""
        for thread in [self.writer, *self.readers]:
            thread.wait()

    def _submit(
        self,
        thread: DbThread,
        job: Job,
        on_done: Callable[[Any], None],
        on_error: Callable[[Exception], None],
    ) -> int:
        job_id = next(self._ids)
        self._callbacks[job_id] = (on_done, on_error)
        thread.submit(job_id, job)
        return job_id

    def _done(self, job_id: int, result: object) -> None:
        callbacks = self._callbacks.pop(job_id, None)
        if callbacks is not None:
            callbacks[0](result)

    def _failed(self, job_id: int, error: object) -> None:
        callbacks = self._callbacks.pop(job_id, None)
        if callbacks is None:
            if not isinstance(error, Cancelled):
                log.error("database job %d failed without a caller: %s", job_id, type(error))
            return
        callbacks[1](error if isinstance(error, Exception) else RuntimeError(str(error)))

    def _thread_closed(self) -> None:
        self._open -= 1
        if self._open == 0:
            self._callbacks.clear()
            self.all_closed.emit()
