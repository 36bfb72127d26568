"""The sync page (同步) as it stands before synchronisation exists: what waits, and why."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout, QWidget
from sqlalchemy import func, select

from minzheng_field.store.models import OutboxMutation
from minzheng_field.ui.pages.page import Page
from minzheng_field.ui.session import UiSession


def _while_alive(widget: QWidget, fn: Callable[..., None]) -> Callable[..., None]:
    """`fn`, skipped once the widget is gone (a result may arrive after a page is discarded)."""

    def call(*args: Any) -> None:
        if shiboken6.isValid(widget):
            fn(*args)

    return call


class SyncPage(Page):
    """Unsynced changes and this computer's registration with the county; no sync yet."""

    def __init__(self, session: UiSession, parent: QWidget | None = None) -> None:
        super().__init__(session, parent)
        # The Database a count runs on (None: none runs), and whether to count once more.
        self._counting_on: object | None = None
        self._count_again = False
        self.unsynced_count: int | None = None

        heading = QLabel(self.tr("Sync"))
        heading.setStyleSheet("font-size: 22px; font-weight: bold;")
        self.unsynced_label = QLabel(self.tr("Counting unsynced changes…"))
        self.unsynced_label.setObjectName("unsyncedLabel")
        self.unsynced_label.setStyleSheet("font-size: 16px;")
        self.enrolment_label = QLabel()
        self.enrolment_label.setObjectName("enrolmentLabel")
        self.enrolment_label.setWordWrap(True)
        self.enrolment_label.setStyleSheet("font-size: 16px;")
        line = QFrame()
        line.setFrameShape(QFrame.Shape.HLine)
        line.setFrameShadow(QFrame.Shadow.Sunken)
        note = QLabel(
            self.tr(
                "Synchronisation with the county civil-affairs bureau comes with the sync "
                "feature. Until then every change stays safely on this computer and is kept "
                "for sending later; back up regularly (Workbench → Backup)."
            )
        )
        note.setObjectName("syncNote")
        note.setWordWrap(True)
        note.setStyleSheet("color: #546e7a;")

        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 18, 24, 18)
        layout.setSpacing(12)
        layout.addWidget(heading)
        layout.addWidget(self.unsynced_label)
        layout.addWidget(self.enrolment_label)
        layout.addWidget(line)
        layout.addWidget(note)
        layout.addStretch(1)
        self._show_enrolment()

    def title(self) -> str:
        return self.tr("Sync")

    def activated(self) -> None:
        self._show_enrolment()
        self.refresh()

    def on_operation(self, result: Any) -> None:
        if self.isVisible():
            self.refresh()

    def refresh(self) -> None:
        """Count the outbox again on a reader thread (once more after a count that runs)."""
        database = self.session.database
        if self._counting_on is database:
            self._count_again = True
            return
        self._counting_on = database
        self._count_again = False
        database.read(
            lambda s, _actor: s.scalar(select(func.count()).select_from(OutboxMutation)) or 0,
            _while_alive(self, lambda count: self._counted(database, count)),
            _while_alive(self, lambda _error: self._counted(database, None)),
        )

    def _counted(self, database: object, count: int | None) -> None:
        if database is not self._counting_on:
            return  # a count from before a lock
        self._counting_on = None
        if self._count_again:
            self.refresh()
        if count is None:
            self.unsynced_label.setText(self.tr("The unsynced changes could not be counted."))
            return
        self.unsynced_count = count
        if count:
            text = self.tr("Unsynced changes on this computer: {n}").format(n=count)
        else:
            text = self.tr("No unsynced changes on this computer.")
        self.unsynced_label.setText(text)

    def _show_enrolment(self) -> None:
        if self.session.vault.enrolment_required:
            text = self.tr(
                "This database was restored from a backup: this computer must register with "
                "the county civil-affairs bureau again before it can synchronise."
            )
        else:
            text = self.tr(
                "This computer is not yet registered with the county civil-affairs bureau."
            )
        self.enrolment_label.setText(text)
