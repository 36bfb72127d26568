"""Back up the vault to a file the user chooses, on a thread of its own.

`write_backup` opens its own connection on the calling thread and writes the time of the
backup itself, so it runs on a one-shot thread rather than as a database-thread job.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QDateTime, QLocale, QStandardPaths
from PySide6.QtWidgets import QFileDialog, QWidget

from minzheng_field.resources import division_table
from minzheng_field.store.backup import BACKUP_SUFFIX, BackupInfo, write_backup
from minzheng_field.ui import preferences
from minzheng_field.ui.background import BackgroundTask, run_in_background
from minzheng_field.ui.session import UiSession

# The folder the last backup went to: the next one is offered there.
LAST_BACKUP_DIRECTORY = preferences.Preference("backup/last_directory", "")


def township_short_name(township_code: str) -> str:
    """The township's own name (樟树镇), or the code when the table does not know it."""
    division = division_table().find(township_code) if township_code else None
    return division.name if division is not None else township_code


def default_backup_name(township_code: str, day: date) -> str:
    """A file name like 樟树镇备份-2026-11-28.mzbak."""
    stem = QCoreApplication.translate("BackupOps", "{township} backup {date}").format(
        township=township_short_name(township_code), date=day.isoformat()
    )
    return stem + BACKUP_SUFFIX


def default_backup_directory() -> Path:
    """Where the last backup went, else the user's documents folder."""
    remembered = LAST_BACKUP_DIRECTORY.get(preferences.settings())
    if remembered and Path(remembered).is_dir():
        return Path(remembered)
    documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(documents) if documents else Path.home()


def choose_backup_file(parent: QWidget | None, session: UiSession, day: date) -> Path | None:
    """Ask where to write the backup; None when the user cancels."""
    suggested = default_backup_directory() / default_backup_name(session.township_code, day)
    chosen, _filter = QFileDialog.getSaveFileName(
        parent,
        QCoreApplication.translate("BackupOps", "Back up to"),
        str(suggested),
        QCoreApplication.translate("BackupOps", "Backups (*{suffix})").format(suffix=BACKUP_SUFFIX),
    )
    if not chosen:
        return None
    path = Path(chosen)
    if path.suffix.lower() != BACKUP_SUFFIX:
        path = path.with_name(path.name + BACKUP_SUFFIX)
    LAST_BACKUP_DIRECTORY.set(preferences.settings(), str(path.parent))
    return path


def back_up(
    session: UiSession,
    target: Path,
    on_done: Callable[[BackupInfo], None],
    on_error: Callable[[Exception], None],
) -> BackgroundTask:
    """Write the backup on its own thread; on success every view hears operation_did_execute.

    The thread belongs to the application, not to a window: a window closed meanwhile
    (a user switch) must not end a backup half-way.
    """
    vault = session.vault

    def done(info: BackupInfo) -> None:
        # The backup recorded its time in the vault: the workbench's reminder changes.
        session.events.operation_did_execute.emit(info)
        on_done(info)

    app = QCoreApplication.instance()
    assert app is not None
    return run_in_background(app, lambda: write_backup(vault, target), done, on_error)


def format_instant(moment: datetime) -> str:
    """An instant in this computer's time zone, in the UI language's short format."""
    local = QDateTime.fromSecsSinceEpoch(int(moment.timestamp())).toLocalTime()
    return QLocale().toString(local, QLocale.FormatType.ShortFormat)
