"""The main window: start screens, the navigation and its pages, locking and user switching."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QStackedWidget,
    QWidget,
)
from sqlalchemy import func, select

from minzheng_field.diagnostics import user_message
from minzheng_field.resources import division_table
from minzheng_field.services.context import township_code
from minzheng_field.services.forms_catalog import PublishedForms, publish_shipped_forms
from minzheng_field.store.backup import restore_backup
from minzheng_field.store.errors import VaultBusy
from minzheng_field.store.models import OutboxMutation, UserProfile
from minzheng_field.store.pin import PinKey, PinLock, load_pin_key
from minzheng_field.store.vault import Vault, vault_exists
from minzheng_field.ui import preferences
from minzheng_field.ui.background import run_in_background
from minzheng_field.ui.database import Database
from minzheng_field.ui.dialogs.household_editor import new_household
from minzheng_field.ui.pages.caseload_page import CaseloadPage
from minzheng_field.ui.pages.children_page import ChildListRequest, ChildrenPage
from minzheng_field.ui.pages.documents_page import DocumentsPage
from minzheng_field.ui.pages.elders_page import ElderListRequest, EldersPage
from minzheng_field.ui.pages.page import Page
from minzheng_field.ui.pages.settings_page import SettingsPage
from minzheng_field.ui.pages.sync_page import SyncPage
from minzheng_field.ui.pages.visits_page import VisitsPage
from minzheng_field.ui.pages.workbench_page import WorkbenchPage
from minzheng_field.ui.session import AppEvents, UiSession
from minzheng_field.ui.start.first_run_widget import FirstRunWidget
from minzheng_field.ui.start.unlock_widget import UnlockWidget

log = logging.getLogger(__name__)

# The window's frame: the navigation, the status bar and the start screens' titles. Pages
# style their own insides.
_STYLE = """
QListWidget#navigation {
    background: #f4f6f9;
    border: none;
    border-right: 1px solid #dde1e6;
    outline: 0;
    padding-top: 10px;
    font-size: 14px;
}
QListWidget#navigation::item {
    padding: 8px 14px;
    margin: 1px 6px;
    border-radius: 4px;
    color: #2b3138;
}
QListWidget#navigation::item:hover:!selected { background: #e8ecf1; }
QListWidget#navigation::item:selected {
    background: #dce8fa;
    color: #17469e;
}
QStatusBar { background: #f4f6f9; border-top: 1px solid #dde1e6; color: #4a525c; }
QStatusBar::item { border: none; }
QStatusBar QLabel { padding: 1px 10px; border-left: 1px solid #d3d8de; }
QLabel#unlockTitle, QLabel#firstRunTitle { font-size: 24px; font-weight: bold; color: #1f2933; }
QLabel#unlockSubtitle, QLabel#firstRunIntro { font-size: 14px; color: #52606d; }
"""

PAGE_CLASSES: list[type[Page]] = [
    WorkbenchPage,
    CaseloadPage,
    ChildrenPage,
    EldersPage,
    VisitsPage,
    DocumentsPage,
    SyncPage,
    SettingsPage,
]


class IdleWatcher(QObject):
    """Locks the session after a period without keyboard or mouse input."""

    idle = Signal()

    _INPUT_EVENTS = frozenset(
        {
            QEvent.Type.KeyPress,
            QEvent.Type.MouseButtonPress,
            QEvent.Type.MouseMove,
            QEvent.Type.Wheel,
            QEvent.Type.TouchBegin,
            QEvent.Type.InputMethod,
        }
    )

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.idle)

    def start(self, minutes: float) -> None:
        """Watch for `minutes` of inactivity (0 turns the watch off)."""
        self._timer.setInterval(max(1, int(minutes * 60_000)))
        if minutes > 0:
            self._timer.start()
        else:
            self._timer.stop()

    def stop(self) -> None:
        """Stop watching (while locked)."""
        self._timer.stop()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt API)
        if event.type() in self._INPUT_EVENTS and self._timer.isActive():
            self._timer.start()
        return False


class MainWindow(QMainWindow):
    """One window for the whole app; the start screens and the session share it."""

    session_started = Signal()
    session_locked = Signal()

    def __init__(
        self,
        data_dir: Path,
        *,
        demo_credentials: tuple[str, str] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.data_dir = Path(data_dir)
        self.vault: Vault | None = None
        self.session: UiSession | None = None
        self.pages: list[Page] = []
        self._demo_credentials = demo_credentials
        self._pin_key: PinKey | None = None
        self._pin_lock: PinLock | None = None
        self._hidden_windows: list[QWidget] = []
        self._locking = False
        self.setWindowTitle(self.tr("Minzheng Field"))
        self.resize(1280, 800)

        self.first_run = FirstRunWidget()
        self.first_run.create_form.create_requested.connect(self._create_vault)
        self.first_run.restore_form.restore_requested.connect(self._restore_vault)
        self.unlock = UnlockWidget()
        self.unlock.unlock_requested.connect(self._unlock)
        self.unlock.pin_requested.connect(self._unlock_with_pin)

        self.navigation = QListWidget()
        self.navigation.setObjectName("navigation")
        self.navigation.setFixedWidth(148)
        self.navigation.setFrameShape(QListWidget.Shape.NoFrame)
        self.navigation.currentRowChanged.connect(self._show_page)
        self.page_stack = QStackedWidget()
        content = QWidget()
        row = QHBoxLayout(content)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.navigation)
        row.addWidget(self.page_stack, 1)
        self.content = content

        self.stack = QStackedWidget()
        for widget in (self.first_run, self.unlock, self.content):
            self.stack.addWidget(widget)
        self.setCentralWidget(self.stack)
        self.setStyleSheet(_STYLE)

        self.user_label = QLabel()
        self.township_label = QLabel()
        self.unsynced_label = QLabel()
        self.unsynced_label.setObjectName("unsyncedLabel")
        self.sync_label = QLabel()
        for label in (self.user_label, self.township_label, self.unsynced_label, self.sync_label):
            self.statusBar().addPermanentWidget(label)

        self.idle = IdleWatcher(self)
        self.idle.idle.connect(lambda: self.lock(idle=True))
        QApplication.instance().installEventFilter(self.idle)
        self._make_actions()

    # -- start -------------------------------------------------------------------------------

    def start(self) -> None:
        """Show the unlock screen of the vault in the data folder, or the first-run screen."""
        if vault_exists(self.data_dir):
            try:
                self.vault = Vault(self.data_dir)
            except Exception as error:  # noqa: BLE001 (a damaged vault still gets a screen)
                self.first_run.create_form.show_error(user_message(error))
                self.stack.setCurrentWidget(self.first_run)
                return
            self._show_unlock()
        else:
            self.stack.setCurrentWidget(self.first_run)

    def _show_unlock(self, *, pin_user: str = "") -> None:
        assert self.vault is not None
        self.unlock.show_for(
            self.vault,
            self._township_name_guess(),
            preferred_user=pin_user or preferences.LAST_USER.get(preferences.settings()),
        )
        if self._demo_credentials:
            self.unlock.show_demo_password(*self._demo_credentials)
        self.unlock.set_pin_mode(bool(pin_user), username=pin_user)
        self.stack.setCurrentWidget(self.unlock)
        self._set_session_actions(enabled=False)

    def _township_name_guess(self) -> str:
        if self.session is not None:
            return self.session.township_name
        return self.tr("Please unlock")

    # -- create, restore, unlock ------------------------------------------------------------

    def _create_vault(self, township: str, login: str, display_name: str, password: str) -> None:
        self.first_run.create_form.create_button.setEnabled(False)

        def create() -> Vault:
            return Vault.create(
                self.data_dir,
                township_code=township,
                admin_username=login,
                admin_display_name=display_name,
                admin_password=password,
            )

        def created(vault: Vault) -> None:
            self.vault = vault
            self._open_session(login)

        run_in_background(
            self, create, created, lambda e: self.first_run.create_form.show_error(user_message(e))
        )

    def _restore_vault(self, file: str, login: str, password: str) -> None:
        self.first_run.restore_form.restore_button.setEnabled(False)

        def restored(vault: Vault) -> None:
            self.vault = vault
            self._unlock(login, password)

        run_in_background(
            self,
            lambda: restore_backup(Path(file), self.data_dir, login, password),
            restored,
            lambda e: self.first_run.restore_form.show_error(user_message(e)),
        )

    def _unlock(self, username: str, password: str) -> None:
        vault = self.vault
        if vault is None:
            return
        if self.stack.currentWidget() is not self.unlock:
            self._show_unlock()
            self.unlock.set_busy(True)
        run_in_background(
            self,
            lambda: vault.unlock(username, password),
            lambda _result: self._open_session(username),
            lambda e: self.unlock.show_error(user_message(e)),
        )

    def _unlock_with_pin(self, pin: str) -> None:
        vault, pin_lock = self.vault, self._pin_lock
        if vault is None or pin_lock is None:
            self.unlock.set_pin_mode(False)
            return
        try:
            vault.unlock_with_pin(pin_lock, pin)
        except Exception as error:  # noqa: BLE001 (shown to the user)
            self.unlock.show_error(user_message(error))
            if not pin_lock.usable:
                self._pin_lock = None
                self.unlock.set_pin_mode(False)
            return
        self._pin_lock = None
        self._open_session(pin_lock.username)

    # -- the session -----------------------------------------------------------------------

    def _open_session(self, username: str) -> None:
        vault = self.vault
        assert vault is not None and vault.is_unlocked
        preferences.LAST_USER.set(preferences.settings(), username)
        same_user = self.session is not None and self.session.username == username
        if self.session is not None and same_user:
            # Back from a lock: the same pages, with their unsaved edits, on new threads.
            database = self.session.database
            database.start()
        else:
            database = Database(vault, username)
            self._discard_pages()
            self.session = UiSession(
                vault=vault,
                database=database,
                username=username,
                role=vault.current_user.role,
                display_name=username,
                township_code="",
                township_name="",
                events=AppEvents(),
            )
            self._build_pages()
        session = self.session
        if not same_user:
            # The forms shipped with this version become synced rows the first time (a few
            # rows, once per vault; forms_catalog): the county learns which versions exist.
            database.write(
                lambda s, actor: publish_shipped_forms(s, actor),
                self._forms_published,
                lambda e: log.error("could not publish the shipped forms: %s", type(e).__name__),
            )
        database.read(
            lambda s, actor: _session_facts(s, username),
            self._session_facts_loaded,
            lambda e: log.error("could not read the session facts: %s", type(e).__name__),
        )
        self.stack.setCurrentWidget(self.content)
        for window in self._hidden_windows:
            window.show()
        self._hidden_windows.clear()
        self._set_session_actions(enabled=True)
        self.idle.start(preferences.AUTO_LOCK_MINUTES.get(preferences.settings()))
        self._refresh_unsynced()
        current = self.pages[self.navigation.currentRow()] if self.pages else None
        if same_user and current is not None:
            # New pages were activated as the first was chosen; kept ones read again now.
            current.activated()
        log.info("session opened (%s)", session.role.value)
        self.session_started.emit()

    def _forms_published(self, result: PublishedForms) -> None:
        if result.published and self.session is not None:
            # Once per vault (and app version): the views count the new rows, as after any change.
            self.session.events.operation_did_execute.emit(result)

    def _session_facts_loaded(self, facts: dict[str, Any]) -> None:
        if self.session is None:
            return
        self.session.display_name = facts["display_name"]
        self.session.township_code = facts["township_code"]
        self.session.township_name = facts["township_name"]
        self._pin_key = facts["pin_key"]
        self.user_label.setText(
            self.tr("User: {name} ({role})").format(
                name=facts["display_name"], role=self.session.role.label
            )
        )
        self.township_label.setText(facts["township_name"])
        if self.vault is not None and self.vault.enrolment_required:
            self.sync_label.setText(self.tr("Restored: register with the county again"))
        else:
            self.sync_label.setText(self.tr("Not yet registered with the county"))
        self.setWindowTitle(
            self.tr("Minzheng Field — {township}").format(township=facts["township_name"])
        )

    def _build_pages(self) -> None:
        assert self.session is not None
        self.navigation.clear()
        for page_class in PAGE_CLASSES:
            page = page_class(self.session)
            self.pages.append(page)
            self.page_stack.addWidget(page)
            QListWidgetItem(page.title(), self.navigation)
        self.session.events.open_household.connect(self._go_to_caseload)
        self.session.events.show_person_list.connect(self._show_list)
        self.session.events.operation_did_execute.connect(lambda _r: self._refresh_unsynced())
        settings_page = self.page(SettingsPage)
        assert isinstance(settings_page, SettingsPage)
        settings_page.auto_lock_minutes_changed.connect(self.idle.start)
        settings_page.pin_changed.connect(lambda _has_pin: self._reload_pin_key())
        self.navigation.setCurrentRow(0)

    def _reload_pin_key(self) -> None:
        # A PIN set or cleared now must apply to the next idle lock, not after a restart.
        session = self.session
        if session is None:
            return
        username = session.username

        def loaded(pin_key: PinKey | None) -> None:
            self._pin_key = pin_key

        session.database.read(
            lambda s, a: load_pin_key(s, username),
            loaded,
            lambda e: log.error("could not read the PIN key: %s", type(e).__name__),
        )

    def _discard_pages(self) -> None:
        for page in self.pages:
            self.page_stack.removeWidget(page)
            page.deleteLater()
        self.pages.clear()
        self.navigation.clear()
        for window in self._hidden_windows:
            window.close()
            window.deleteLater()
        self._hidden_windows.clear()

    def _show_page(self, row: int) -> None:
        if 0 <= row < len(self.pages):
            self.page_stack.setCurrentIndex(row)
            self.pages[row].activated()

    def _go_to(self, page_class: type[Page]) -> None:
        index = next((i for i, p in enumerate(self.pages) if isinstance(p, page_class)), -1)
        if index >= 0 and self.navigation.currentRow() != index:
            self.navigation.setCurrentRow(index)

    def _go_to_caseload(self, *_args: object) -> None:
        self._go_to(CaseloadPage)

    def _show_list(self, request: object) -> None:
        # Each page answers its own kind of list request; this shows the page that does.
        if isinstance(request, ChildListRequest):
            self._go_to(ChildrenPage)
        elif isinstance(request, ElderListRequest):
            self._go_to(EldersPage)
        else:
            self._go_to(CaseloadPage)

    def page(self, page_class: type[Page]) -> Page:
        """The page of that class in this session."""
        return next(p for p in self.pages if isinstance(p, page_class))

    def _refresh_unsynced(self) -> None:
        if self.session is None or self._locking:
            return
        self.session.database.read(
            lambda s, a: s.scalar(select(func.count()).select_from(OutboxMutation)),
            lambda n: self.unsynced_label.setText(self.tr("Unsynced changes: {n}").format(n=n)),
            lambda e: None,
        )

    # -- lock and switch -------------------------------------------------------------------

    def lock(self, *, idle: bool = False) -> None:
        """Lock: save drafts, close every connection on its thread, drop the key."""
        if self.session is None or self._locking or not self.vault or not self.vault.is_unlocked:
            return
        self._locking = True
        self.idle.stop()
        session = self.session
        session.events.save_drafts.emit()
        # Nothing of the caseload stays on screen: other windows hide until the unlock.
        for window in QApplication.topLevelWidgets():
            if window is not self and window.isVisible() and window.isWindow():
                window.hide()
                self._hidden_windows.append(window)
        pin_key = self._pin_key if idle else None
        username = session.username
        self._show_unlock(pin_user=username if pin_key else "")
        self.unlock.set_busy(True)

        def closed() -> None:
            assert self.vault is not None
            try:
                if pin_key is not None:
                    self._pin_lock = self.vault.lock_for_pin(pin_key)
                else:
                    self.vault.lock()
            except VaultBusy:
                # A backup or an account change still holds its own connection: the screen
                # is already locked; the key goes as soon as that work ends.
                QTimer.singleShot(200, closed)
                return
            self._pin_key = None
            self._locking = False
            self.unlock.set_busy(False)
            self.unlock.message.clear()
            log.info("session locked (%s)", "idle" if idle else "by the user")
            self.session_locked.emit()

        session.database.all_closed.connect(closed, Qt.ConnectionType.SingleShotConnection)
        session.database.close()

    def switch_user(self) -> None:
        """Lock, and let another user unlock (who will see nothing of this user's view)."""
        self.lock()
        self.unlock.set_pin_mode(False)

    # -- actions -----------------------------------------------------------------------------

    def _make_actions(self) -> None:
        self.lock_action = QAction(self.tr("Lock"), self)
        self.lock_action.setShortcut(QKeySequence("Ctrl+L"))
        self.lock_action.triggered.connect(lambda: self.lock())
        self.switch_action = QAction(self.tr("Switch user"), self)
        self.switch_action.triggered.connect(self.switch_user)
        self.search_action = QAction(self.tr("Search"), self)
        self.search_action.setShortcut(QKeySequence.StandardKey.Find)
        self.search_action.triggered.connect(self._focus_search)
        self.new_household_action = QAction(self.tr("New household"), self)
        self.new_household_action.setShortcut(QKeySequence.StandardKey.New)
        self.new_household_action.triggered.connect(self._new_household)
        menu = self.menuBar().addMenu(self.tr("&File"))
        for action in (self.new_household_action, self.search_action):
            menu.addAction(action)
        menu.addSeparator()
        for action in (self.lock_action, self.switch_action):
            menu.addAction(action)
        for action in (self.lock_action, self.search_action, self.new_household_action):
            self.addAction(action)
        self._set_session_actions(enabled=False)

    def _set_session_actions(self, *, enabled: bool) -> None:
        for action in (
            self.lock_action,
            self.switch_action,
            self.search_action,
            self.new_household_action,
        ):
            action.setEnabled(enabled)

    def _focus_search(self) -> None:
        current = self.page_stack.currentWidget()
        if isinstance(current, Page) and current.focus_search():
            return
        self._go_to_caseload()
        self.page(CaseloadPage).focus_search()

    def _new_household(self) -> None:
        if self.session is not None:
            new_household(self, self.session)

    # -- closing -----------------------------------------------------------------------------

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt API)
        if self.session is not None:
            self.session.events.save_drafts.emit()
            if self.vault is not None and self.vault.is_unlocked:
                self.session.database.close()
                self.session.database.wait_closed()
                self.vault.lock()
        super().closeEvent(event)


def _session_facts(session: Any, username: str) -> dict[str, Any]:
    """Display name, township and PIN key of the user, read on a database thread."""
    profile = session.get(UserProfile, username)
    code = township_code(session)
    return {
        "display_name": profile.display_name if profile else username,
        "township_code": code,
        "township_name": division_table().full_name(code),
        "pin_key": load_pin_key(session, username),
    }
