"""The backup dialog: when the last backup was made, and "back up to…" a chosen file."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

import shiboken6
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from minzheng_field.diagnostics import user_message
from minzheng_field.services.workbench import last_backup_at
from minzheng_field.store.backup import BackupInfo
from minzheng_field.store.queries.person_search import china_today
from minzheng_field.ui import preferences
from minzheng_field.ui.background import BackgroundTask
from minzheng_field.ui.ops.backup import back_up, choose_backup_file, format_instant
from minzheng_field.ui.session import UiSession


def _while_alive(widget: QWidget, fn: Callable[..., None]) -> Callable[..., None]:
    """`fn`, skipped once the widget is gone (a result may arrive after a page is discarded)."""

    def call(*args: Any) -> None:
        if shiboken6.isValid(widget):
            fn(*args)

    return call


class BackupDialog(QDialog):
    """Shows the last backup and writes a new one to a chosen file, off the GUI thread."""

    # The BackupInfo of a backup just written.
    backup_written = Signal(object)

    def __init__(self, session: UiSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self._task: BackgroundTask | None = None
        self._target: Path | None = None
        self.setWindowTitle(self.tr("Backup"))
        self.setMinimumWidth(520)

        intro = QLabel(
            self.tr(
                "The backup file is encrypted: it can be restored on another computer with "
                "the password of any account of this database. Keep it on a USB drive or "
                "another computer, not only on this one."
            )
        )
        intro.setWordWrap(True)
        self.last_label = QLabel(self.tr("Reading when the last backup was made…"))
        self.last_label.setObjectName("lastBackupLabel")
        self.last_label.setWordWrap(True)
        days = preferences.BACKUP_REMINDER_DAYS.get(preferences.settings())
        reminder = QLabel(
            self.tr(
                "The workbench reminds you when the last backup is {n} days old "
                "(change this in Settings)."
            ).format(n=days)
        )
        reminder.setWordWrap(True)
        reminder.setObjectName("reminderLabel")

        self.progress = QProgressBar()
        self.progress.setRange(0, 0)
        self.progress.setTextVisible(False)
        self.progress.hide()
        self.status_label = QLabel()
        self.status_label.setObjectName("statusLabel")
        self.status_label.setWordWrap(True)
        self.status_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.backup_button = QPushButton(self.tr("Back up to…"))
        self.backup_button.setDefault(True)
        self.backup_button.clicked.connect(self.start_backup)
        self.close_button = QPushButton(self.tr("Close"))
        self.close_button.setAutoDefault(False)
        self.close_button.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.backup_button)
        buttons.addWidget(self.close_button)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addSpacing(6)
        layout.addWidget(self.last_label)
        layout.addWidget(reminder)
        layout.addSpacing(6)
        layout.addWidget(self.progress)
        layout.addWidget(self.status_label)
        layout.addStretch(1)
        layout.addLayout(buttons)
        self.backup_button.setFocus()
        self._load_last_backup()

    @property
    def busy(self) -> bool:
        """Whether a backup is being written."""
        return self._task is not None

    def start_backup(self) -> None:
        """Ask for a file, then write the backup there in the background."""
        if self.busy:
            return
        target = choose_backup_file(self, self.session, china_today())
        if target is None:
            return
        self._target = target
        self._set_busy(True)
        self.status_label.setText(self.tr("Writing the backup to {path}…").format(path=target))
        self._task = back_up(
            self.session,
            target,
            _while_alive(self, self._written),
            _while_alive(self, self._failed),
        )

    def _written(self, info: BackupInfo) -> None:
        self._task = None
        self._set_busy(False)
        self.status_label.setText(
            self.tr("Backed up at {time} to {path}.").format(
                time=format_instant(info.created_at), path=self._target
            )
        )
        self._show_last(info.created_at)
        self.close_button.setFocus()
        self.backup_written.emit(info)

    def _failed(self, error: Exception) -> None:
        self._task = None
        self._set_busy(False)
        self.status_label.setText(
            self.tr("The backup was not written: {reason}").format(reason=user_message(error))
        )

    def _set_busy(self, busy: bool) -> None:
        self.progress.setVisible(busy)
        self.backup_button.setEnabled(not busy)
        self.close_button.setEnabled(not busy)

    def _load_last_backup(self) -> None:
        self.session.database.read(
            lambda session, _actor: last_backup_at(session),
            _while_alive(self, self._show_last),
            _while_alive(
                self,
                lambda _error: self.last_label.setText(
                    self.tr("When the last backup was made could not be read.")
                ),
            ),
        )

    def _show_last(self, moment: datetime | None) -> None:
        if moment is None:
            self.last_label.setText(self.tr("This database has never been backed up."))
            return
        self.last_label.setText(self.tr("Last backup: {time}.").format(time=format_instant(moment)))

    # A backup being written is never abandoned half-way: the dialog stays until it ends.
    def reject(self) -> None:
        if not self.busy:
            super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt API)
        if self.busy:
            event.ignore()
            return
        super().closeEvent(event)
