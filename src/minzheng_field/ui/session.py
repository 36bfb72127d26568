"""What an unlocked window works with: the vault, its database threads, the user, events."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QObject, Signal

from minzheng_field.domain.roles import Role
from minzheng_field.store.vault import Vault
from minzheng_field.ui.database import Database


class AppEvents(QObject):
    """Signals every view may listen to."""

    # Carries the result of the operation (its Changes); views refresh what concerns them.
    operation_did_execute = Signal(object)
    # Navigation requests any view may make: the main window answers them.
    open_household = Signal(str)
    open_person = Signal(str)
    # A PersonListRequest: a titled list of persons (e.g. a workbench count clicked).
    show_person_list = Signal(object)
    # Unsaved edits must be written now (the session is about to lock).
    save_drafts = Signal()


@dataclass
class UiSession:
    vault: Vault
    database: Database
    username: str
    role: Role
    display_name: str
    township_code: str
    township_name: str
    events: AppEvents
