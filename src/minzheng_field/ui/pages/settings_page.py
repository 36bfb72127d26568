"""The settings page (设置): language, locking, quick-unlock PIN, password, backup, accounts.

Account changes (`Vault.add_user`, `reset_password`, `remove_user`, `change_password`) write
the key file, open their own connection and run scrypt, so they run on one-shot threads,
never as database-thread jobs and never on the GUI thread.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import shiboken6
from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from minzheng_field.diagnostics import user_message
from minzheng_field.domain.passwords import password_problem, pin_problem
from minzheng_field.domain.roles import Role
from minzheng_field.services.accounts import (
    AccountProfile,
    VillageOption,
    account_profiles,
    set_cadre_villages,
    township_villages,
)
from minzheng_field.services.workbench import last_backup_at
from minzheng_field.store.errors import VaultError
from minzheng_field.store.keyfile import check_login_name
from minzheng_field.store.pin import clear_pin, load_pin_key, store_pin
from minzheng_field.ui import preferences
from minzheng_field.ui.background import run_in_background
from minzheng_field.ui.dialogs.backup_dialog import BackupDialog
from minzheng_field.ui.i18n import LANGUAGES
from minzheng_field.ui.ops.backup import format_instant
from minzheng_field.ui.ops.base import Operation
from minzheng_field.ui.pages.page import Page
from minzheng_field.ui.session import UiSession
from minzheng_field.ui.widgets.forms import even_captions

ERROR_STYLE = "color: #b3261e;"
OK_STYLE = "color: #2e7d32;"
NOTE_STYLE = "color: #607d8b;"
FIELD_WIDTH = 260
CONTENT_WIDTH = 820
AUTO_LOCK_RANGE = (1, 240)
REMINDER_RANGE = (1, 90)
PIN_DIGITS = 8


@dataclass(frozen=True)
class PinChanged:
    """The result of setting or clearing the user's PIN (operation_did_execute carries it)."""

    username: str
    has_pin: bool


@dataclass(frozen=True)
class NewAccount:
    """What the add-account dialog collected."""

    username: str
    display_name: str
    role: Role
    password: str
    villages: tuple[str, ...]


def _while_alive(widget: QWidget, fn: Callable[..., None]) -> Callable[..., None]:
    """`fn`, skipped once the widget is gone (a result may arrive after a page is discarded)."""

    def call(*args: Any) -> None:
        if shiboken6.isValid(widget):
            fn(*args)

    return call


def _show(label: QLabel, text: str, *, error: bool) -> None:
    label.setStyleSheet(ERROR_STYLE if error else OK_STYLE)
    label.setText(text)
    label.setVisible(bool(text))


def _message_label(name: str) -> QLabel:
    label = QLabel()
    label.setObjectName(name)
    label.setWordWrap(True)
    label.hide()
    return label


def _note(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setStyleSheet(NOTE_STYLE)
    return label


def _form(box: QGroupBox) -> tuple[QVBoxLayout, QFormLayout]:
    """A section: a form whose fields keep their natural width, with room below for notes."""
    column = QVBoxLayout(box)
    form = QFormLayout()
    form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
    column.addLayout(form)
    return column, form


def _row(*widgets: QWidget) -> QHBoxLayout:
    row = QHBoxLayout()
    for widget in widgets:
        row.addWidget(widget)
    row.addStretch(1)
    return row


def _password_field(name: str) -> QLineEdit:
    field = QLineEdit()
    field.setObjectName(name)
    field.setEchoMode(QLineEdit.EchoMode.Password)
    field.setMinimumWidth(FIELD_WIDTH)
    return field


class VillageChecklist(QListWidget):
    """The township's villages with a check box each."""

    def __init__(self, villages: Sequence[VillageOption], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("villages")
        for village in villages:
            item = QListWidgetItem(village.name, self)
            item.setData(Qt.ItemDataRole.UserRole, village.code)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
        self.setMinimumHeight(160)

    def set_checked(self, codes: Sequence[str]) -> None:
        """Check exactly these villages."""
        wanted = set(codes)
        for row in range(self.count()):
            item = self.item(row)
            checked = item.data(Qt.ItemDataRole.UserRole) in wanted
            item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)

    def checked(self) -> tuple[str, ...]:
        """The codes of the checked villages."""
        return tuple(
            self.item(row).data(Qt.ItemDataRole.UserRole)
            for row in range(self.count())
            if self.item(row).checkState() == Qt.CheckState.Checked
        )


class SubmitDialog(QDialog):
    """A dialog whose OK hands its values to the page and stays open until the work is done."""

    submitted = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.message = QLabel()
        self.message.setObjectName("dialogMessage")
        self.message.setWordWrap(True)
        self.message.setStyleSheet(ERROR_STYLE)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self._submit)
        self.buttons.rejected.connect(self.reject)
        self._busy = False

    def values(self) -> Any:
        """The values to submit, or None after showing what is missing."""
        raise NotImplementedError

    def _submit(self) -> None:
        if self._busy:
            return
        values = self.values()
        if values is not None:
            self.set_busy(True)
            self.submitted.emit(values)

    def set_busy(self, busy: bool) -> None:
        """Disable the buttons while the page does the work."""
        self._busy = busy
        self.buttons.setEnabled(not busy)
        if busy:
            self.message.setStyleSheet("color: #546e7a;")
            self.message.setText(self.tr("Please wait…"))

    def show_error(self, text: str) -> None:
        """The work failed: say why and let the user correct it."""
        self.set_busy(False)
        self.message.setStyleSheet(ERROR_STYLE)
        self.message.setText(text)

    def reject(self) -> None:
        if not self._busy:
            super().reject()


class AccountDialog(SubmitDialog):
    """Add an account: login name, name, role, villages (for a village cadre), password."""

    def __init__(self, villages: Sequence[VillageOption], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Add an account"))
        self.login = QLineEdit()
        self.login.setObjectName("login")
        self.login.setPlaceholderText(self.tr("letters and digits, e.g. zhangsan"))
        self.display_name = QLineEdit()
        self.display_name.setObjectName("displayName")
        self.role = QComboBox()
        self.role.setObjectName("role")
        for role in (Role.TOWNSHIP_ASSISTANT, Role.VILLAGE_CADRE, Role.TOWNSHIP_ADMIN):
            self.role.addItem(role.label, role.value)
        self.villages = VillageChecklist(villages)
        self.villages_label = QLabel(self.tr("Villages"))
        self.password = _password_field("password")
        self.confirm = _password_field("confirm")
        self.role.currentIndexChanged.connect(self._role_changed)

        form = QFormLayout()
        form.addRow(self.tr("Login name"), self.login)
        form.addRow(self.tr("Name"), self.display_name)
        form.addRow(self.tr("Role"), self.role)
        form.addRow(self.villages_label, self.villages)
        form.addRow(self.tr("Password"), self.password)
        form.addRow(self.tr("Password again"), self.confirm)
        note = QLabel(
            self.tr(
                "The login name is shown on the unlock screen without encryption: do not use "
                "a name or a phone number. Give the password to the colleague in person."
            )
        )
        note.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self._role_changed()
        self.setMinimumWidth(460)

    def _role_changed(self) -> None:
        cadre = self.role.currentData() == Role.VILLAGE_CADRE.value
        self.villages.setVisible(cadre)
        self.villages_label.setVisible(cadre)
        self.adjustSize()

    def values(self) -> NewAccount | None:
        login = self.login.text().strip()
        name = self.display_name.text().strip()
        role = Role(self.role.currentData())
        villages = self.villages.checked() if role is Role.VILLAGE_CADRE else ()
        problem = None
        if not login:
            problem = self.tr("Please enter a login name.")
        elif not name:
            problem = self.tr("Please enter the colleague's name.")
        elif role is Role.VILLAGE_CADRE and not villages:
            problem = self.tr("Please choose the villages this cadre serves.")
        elif self.password.text() != self.confirm.text():
            problem = self.tr("The two passwords differ.")
        else:
            try:
                check_login_name(login)
            except VaultError as error:
                problem = user_message(error)
            else:
                problem = password_problem(self.password.text())
        if problem:
            self.show_error(problem)
            return None
        return NewAccount(login, name, role, self.password.text(), villages)


class VillagesDialog(SubmitDialog):
    """Choose the villages a village cadre serves."""

    def __init__(
        self,
        username: str,
        villages: Sequence[VillageOption],
        checked: Sequence[str],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.username = username
        self.setWindowTitle(self.tr("Villages of {user}").format(user=username))
        self.villages = VillageChecklist(villages)
        self.villages.set_checked(checked)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("The cadre sees the households of these villages:")))
        layout.addWidget(self.villages)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)

    def values(self) -> tuple[str, ...] | None:
        chosen = self.villages.checked()
        if not chosen:
            self.show_error(self.tr("Please choose at least one village."))
            return None
        return chosen


class ResetPasswordDialog(SubmitDialog):
    """A new password for a colleague who forgot theirs."""

    def __init__(self, username: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.username = username
        self.setWindowTitle(self.tr("New password for {user}").format(user=username))
        self.password = _password_field("password")
        self.confirm = _password_field("confirm")
        form = QFormLayout()
        form.addRow(self.tr("New password"), self.password)
        form.addRow(self.tr("New password again"), self.confirm)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)

    def values(self) -> str | None:
        if self.password.text() != self.confirm.text():
            self.show_error(self.tr("The two passwords differ."))
            return None
        problem = password_problem(self.password.text())
        if problem:
            self.show_error(problem)
            return None
        return self.password.text()


class SettingsPage(Page):
    """Preferences, the user's PIN and password, backup, and (administrator) accounts."""

    auto_lock_minutes_changed = Signal(int)
    language_changed = Signal(str)
    # True when the user now has a PIN, False when it was cleared.
    pin_changed = Signal(bool)
    password_changed = Signal()
    # Login name of an account added, reset, removed or whose villages changed.
    accounts_changed = Signal(str)
    accounts_loaded = Signal()

    def __init__(self, session: UiSession, parent: QWidget | None = None) -> None:
        super().__init__(session, parent)
        self.profiles: dict[str, AccountProfile] = {}
        self.villages: list[VillageOption] = []
        self._dialog: SubmitDialog | None = None
        self._backup_dialog: BackupDialog | None = None
        settings = preferences.settings()

        heading = QLabel(self.tr("Settings"))
        heading.setStyleSheet("font-size: 22px; font-weight: bold;")

        content = QWidget()
        column = QVBoxLayout(content)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(14)
        column.addWidget(self._language_box(settings))
        column.addWidget(self._lock_box(settings))
        column.addWidget(self._password_box())
        column.addWidget(self._backup_box(settings))
        self.accounts_box = self._accounts_box()
        self.accounts_box.setVisible(session.role is Role.TOWNSHIP_ADMIN)
        column.addWidget(self.accounts_box)
        column.addStretch(1)
        # One caption column for every section: the fields line up down the page.
        even_captions(content.findChildren(QFormLayout))
        content.setMaximumWidth(CONTENT_WIDTH)
        # The sections keep a readable width on a wide screen, aligned left.
        holder = QWidget()
        row = QHBoxLayout(holder)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(content, 1)
        row.addStretch(0)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(holder)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 18, 24, 18)
        layout.addWidget(heading)
        layout.addWidget(scroll, 1)

    # -- sections ---------------------------------------------------------------------------

    def _language_box(self, settings: Any) -> QGroupBox:
        box = QGroupBox(self.tr("Language"))
        self.language = QComboBox()
        self.language.setObjectName("language")
        for code, name in LANGUAGES.items():
            self.language.addItem(name, code)
        current = self.language.findData(preferences.LANGUAGE.get(settings))
        self.language.setCurrentIndex(max(0, current))
        self.language.currentIndexChanged.connect(self._language_chosen)
        column, form = _form(box)
        form.addRow(self.tr("Language of the app"), self.language)
        column.addWidget(_note(self.tr("A new language takes effect when the app starts again.")))
        return box

    def _lock_box(self, settings: Any) -> QGroupBox:
        box = QGroupBox(self.tr("Locking and quick unlock"))
        self.auto_lock = QSpinBox()
        self.auto_lock.setObjectName("autoLockMinutes")
        self.auto_lock.setRange(*AUTO_LOCK_RANGE)
        self.auto_lock.setSuffix(self.tr(" minutes"))
        self.auto_lock.setValue(preferences.AUTO_LOCK_MINUTES.get(settings))
        self.auto_lock.valueChanged.connect(self._auto_lock_chosen)

        self.pin_state = QLabel(self.tr("Reading…"))
        self.pin_state.setObjectName("pinState")
        self.pin = QLineEdit()
        self.pin.setObjectName("pin")
        self.pin.setEchoMode(QLineEdit.EchoMode.Password)
        self.pin.setMaxLength(PIN_DIGITS)
        self.pin.setValidator(QRegularExpressionValidator(r"\d{0,8}", self.pin))
        self.pin.setPlaceholderText(self.tr("4 to 8 digits"))
        self.pin.setFixedWidth(140)
        self.pin.returnPressed.connect(self.set_pin)
        self.set_pin_button = QPushButton(self.tr("Set PIN"))
        self.set_pin_button.setObjectName("setPin")
        self.set_pin_button.clicked.connect(self.set_pin)
        self.clear_pin_button = QPushButton(self.tr("Clear PIN"))
        self.clear_pin_button.setObjectName("clearPin")
        self.clear_pin_button.clicked.connect(self.clear_pin)
        self.pin_message = _message_label("pinMessage")

        column, form = _form(box)
        form.addRow(self.tr("Lock when idle for"), self.auto_lock)
        form.addRow(self.tr("Quick-unlock PIN"), self.pin_state)
        form.addRow("", _row(self.pin, self.set_pin_button, self.clear_pin_button))
        form.addRow("", self.pin_message)
        column.addWidget(
            _note(
                self.tr(
                    "When the computer locks itself after the idle time, your PIN opens it "
                    "again; after a restart, after locking by hand, or after three wrong PINs, "
                    "only your password does."
                )
            )
        )
        return box

    def _password_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("My password"))
        self.old_password = _password_field("oldPassword")
        self.new_password = _password_field("newPassword")
        self.confirm_password = _password_field("confirmPassword")
        self.confirm_password.returnPressed.connect(self.change_password)
        self.change_password_button = QPushButton(self.tr("Change password"))
        self.change_password_button.setObjectName("changePassword")
        self.change_password_button.clicked.connect(self.change_password)
        self.password_message = _message_label("passwordMessage")
        _column, form = _form(box)
        form.addRow(self.tr("Current password"), self.old_password)
        form.addRow(self.tr("New password"), self.new_password)
        form.addRow(self.tr("New password again"), self.confirm_password)
        form.addRow("", _row(self.change_password_button))
        form.addRow("", self.password_message)
        return box

    def _backup_box(self, settings: Any) -> QGroupBox:
        box = QGroupBox(self.tr("Backup"))
        self.reminder_days = QSpinBox()
        self.reminder_days.setObjectName("backupReminderDays")
        self.reminder_days.setRange(*REMINDER_RANGE)
        self.reminder_days.setSuffix(self.tr(" days"))
        self.reminder_days.setValue(preferences.BACKUP_REMINDER_DAYS.get(settings))
        self.reminder_days.valueChanged.connect(self._reminder_days_chosen)
        self.last_backup = QLabel(self.tr("Reading…"))
        self.last_backup.setObjectName("lastBackup")
        self.backup_button = QPushButton(self.tr("Back up to…"))
        self.backup_button.setObjectName("backUp")
        self.backup_button.clicked.connect(self.open_backup_dialog)
        _column, form = _form(box)
        form.addRow(self.tr("Remind me after"), self.reminder_days)
        form.addRow(self.tr("Last backup"), self.last_backup)
        form.addRow("", _row(self.backup_button))
        return box

    def _accounts_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("Accounts"))
        self.accounts = QTableWidget(0, 4)
        self.accounts.setObjectName("accounts")
        self.accounts.setHorizontalHeaderLabels(
            [self.tr("Login name"), self.tr("Name"), self.tr("Role"), self.tr("Villages")]
        )
        self.accounts.verticalHeader().hide()
        self.accounts.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.accounts.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.accounts.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.accounts.setAlternatingRowColors(True)
        header = self.accounts.horizontalHeader()
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        for column in range(3):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.accounts.setMinimumHeight(180)
        self.accounts.itemSelectionChanged.connect(self._selection_changed)
        self.accounts.doubleClicked.connect(lambda _index: self.edit_villages())

        self.add_account_button = QPushButton(self.tr("Add an account…"))
        self.add_account_button.setObjectName("addAccount")
        self.add_account_button.clicked.connect(self.add_account)
        self.villages_button = QPushButton(self.tr("Villages…"))
        self.villages_button.setObjectName("editVillages")
        self.villages_button.clicked.connect(self.edit_villages)
        self.reset_button = QPushButton(self.tr("Reset password…"))
        self.reset_button.setObjectName("resetPassword")
        self.reset_button.clicked.connect(self.reset_password)
        self.remove_button = QPushButton(self.tr("Remove account"))
        self.remove_button.setObjectName("removeAccount")
        self.remove_button.clicked.connect(self.remove_account)
        self.accounts_message = _message_label("accountsMessage")
        layout = QVBoxLayout(box)
        layout.addWidget(self.accounts)
        layout.addLayout(
            _row(
                self.add_account_button,
                self.villages_button,
                self.reset_button,
                self.remove_button,
            )
        )
        layout.addWidget(self.accounts_message)
        self._selection_changed()
        return box

    # -- Page -------------------------------------------------------------------------------

    def title(self) -> str:
        return self.tr("Settings")

    def activated(self) -> None:
        self.refresh()

    def on_operation(self, result: Any) -> None:
        if self.isVisible():
            self.refresh()

    def refresh(self) -> None:
        """Read the PIN state, the last backup and (administrator) the accounts."""
        username = self.session.username
        self.session.database.read(
            lambda s, _a: (load_pin_key(s, username) is not None, last_backup_at(s)),
            _while_alive(self, self._facts_loaded),
            lambda _e: None,
        )
        if self.session.role is Role.TOWNSHIP_ADMIN:
            self.session.database.read(
                lambda s, _a: (account_profiles(s), township_villages(s)),
                _while_alive(self, self._accounts_loaded),
                _while_alive(
                    self, lambda e: _show(self.accounts_message, user_message(e), error=True)
                ),
            )

    def _in_background(
        self,
        fn: Callable[[], Any],
        on_done: Callable[[Any], None],
        on_error: Callable[[Exception], None],
    ) -> None:
        # The thread belongs to the application: a page discarded meanwhile (a user switch)
        # must not end a key-file write half-way; its callbacks are then skipped.
        app = QCoreApplication.instance()
        assert app is not None
        run_in_background(app, fn, _while_alive(self, on_done), _while_alive(self, on_error))

    def _facts_loaded(self, facts: tuple[bool, datetime | None]) -> None:
        has_pin, last = facts
        self._show_pin_state(has_pin)
        self.last_backup.setText(
            format_instant(last) if last is not None else self.tr("Never backed up")
        )

    def _show_pin_state(self, has_pin: bool) -> None:
        self.pin_state.setText(self.tr("Set") if has_pin else self.tr("Not set"))
        self.clear_pin_button.setEnabled(has_pin)

    # -- preferences ------------------------------------------------------------------------

    def _language_chosen(self) -> None:
        code = self.language.currentData()
        preferences.LANGUAGE.set(preferences.settings(), code)
        self.language_changed.emit(code)

    def _auto_lock_chosen(self, minutes: int) -> None:
        preferences.AUTO_LOCK_MINUTES.set(preferences.settings(), minutes)
        self.auto_lock_minutes_changed.emit(minutes)

    def _reminder_days_chosen(self, days: int) -> None:
        preferences.BACKUP_REMINDER_DAYS.set(preferences.settings(), days)

    # -- PIN and password -------------------------------------------------------------------

    def set_pin(self) -> None:
        """Store the PIN typed (after checking it) in a write job."""
        pin = self.pin.text()
        problem = pin_problem(pin)
        if problem:
            _show(self.pin_message, problem, error=True)
            return
        username = self.session.username

        def job(s: Any, _actor: Any) -> PinChanged:
            store_pin(s, username, pin)
            return PinChanged(username, True)

        self.set_pin_button.setEnabled(False)
        Operation(self.session, self, job).success(_while_alive(self, self._pin_saved)).failure(
            _while_alive(self, self._pin_failed)
        ).run_in_background()

    def clear_pin(self) -> None:
        """Remove the user's PIN: only the password unlocks after an idle lock."""
        username = self.session.username

        def job(s: Any, _actor: Any) -> PinChanged:
            clear_pin(s, username)
            return PinChanged(username, False)

        self.clear_pin_button.setEnabled(False)
        Operation(self.session, self, job).success(_while_alive(self, self._pin_saved)).failure(
            _while_alive(self, self._pin_failed)
        ).run_in_background()

    def _pin_saved(self, result: PinChanged) -> None:
        self.pin.clear()
        self.set_pin_button.setEnabled(True)
        self._show_pin_state(result.has_pin)
        _show(
            self.pin_message,
            self.tr("Your PIN is set.") if result.has_pin else self.tr("Your PIN is cleared."),
            error=False,
        )
        self.pin_changed.emit(result.has_pin)

    def _pin_failed(self, error: Exception) -> None:
        self.set_pin_button.setEnabled(True)
        _show(self.pin_message, user_message(error), error=True)

    def change_password(self) -> None:
        """Re-wrap the key under a new password, off the GUI thread (scrypt takes a while)."""
        old, new = self.old_password.text(), self.new_password.text()
        if not old:
            _show(self.password_message, self.tr("Please enter your current password."), error=True)
            return
        if new != self.confirm_password.text():
            _show(self.password_message, self.tr("The two new passwords differ."), error=True)
            return
        problem = password_problem(new)
        if problem:
            _show(self.password_message, problem, error=True)
            return
        vault, username = self.session.vault, self.session.username
        self.change_password_button.setEnabled(False)
        _show(self.password_message, self.tr("Please wait…"), error=False)
        self._in_background(
            lambda: vault.change_password(username, old, new),
            self._password_changed,
            self._password_failed,
        )

    def _password_changed(self, _result: object) -> None:
        for field in (self.old_password, self.new_password, self.confirm_password):
            field.clear()
        self.change_password_button.setEnabled(True)
        _show(
            self.password_message,
            self.tr("Your password is changed. Use the new one from now on."),
            error=False,
        )
        self.password_changed.emit()

    def _password_failed(self, error: Exception) -> None:
        self.change_password_button.setEnabled(True)
        self.old_password.selectAll()
        _show(self.password_message, user_message(error), error=True)

    # -- backup -----------------------------------------------------------------------------

    def open_backup_dialog(self) -> BackupDialog:
        """Show the backup dialog."""
        if self._backup_dialog is None:
            self._backup_dialog = BackupDialog(self.session, self)
            self._backup_dialog.finished.connect(self._backup_dialog_closed)
        self._backup_dialog.show()
        self._backup_dialog.raise_()
        return self._backup_dialog

    def _backup_dialog_closed(self) -> None:
        if self._backup_dialog is not None:
            self._backup_dialog.deleteLater()
            self._backup_dialog = None

    # -- accounts ---------------------------------------------------------------------------

    def _accounts_loaded(self, loaded: tuple[list[AccountProfile], list[VillageOption]]) -> None:
        profiles, villages = loaded
        self.profiles = {p.username: p for p in profiles}
        self.villages = villages
        names = {v.code: v.name for v in villages}
        selected = self.selected_account()
        accounts = self.session.vault.users()
        self.accounts.setRowCount(len(accounts))
        for row, account in enumerate(accounts):
            profile = self.profiles.get(account.username)
            role = Role(account.role)
            cells = [
                account.username,
                profile.display_name if profile else "",
                role.label,
                "、".join(names.get(code, code) for code in profile.villages)
                if profile and role is Role.VILLAGE_CADRE
                else "",
            ]
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, account.username)
                self.accounts.setItem(row, column, item)
            if account.username == selected:
                self.accounts.selectRow(row)
        self._selection_changed()
        self.accounts_loaded.emit()

    def selected_account(self) -> str | None:
        """The login name of the selected row."""
        rows = self.accounts.selectionModel().selectedRows()
        if not rows:
            return None
        return self.accounts.item(rows[0].row(), 0).data(Qt.ItemDataRole.UserRole)

    def select_account(self, username: str) -> None:
        """Select an account's row."""
        for row in range(self.accounts.rowCount()):
            if self.accounts.item(row, 0).data(Qt.ItemDataRole.UserRole) == username:
                self.accounts.selectRow(row)
                return

    def _selected_role(self) -> Role | None:
        username = self.selected_account()
        if username is None:
            return None
        return next(
            (Role(u.role) for u in self.session.vault.users() if u.username == username), None
        )

    def _selection_changed(self) -> None:
        username = self.selected_account()
        role = self._selected_role()
        self.villages_button.setEnabled(role is Role.VILLAGE_CADRE)
        self.reset_button.setEnabled(username is not None and username != self.session.username)
        self.remove_button.setEnabled(username is not None and username != self.session.username)

    def _open(self, dialog: SubmitDialog, on_submit: Callable[[Any], None]) -> SubmitDialog:
        self._dialog = dialog
        dialog.submitted.connect(on_submit)
        dialog.finished.connect(dialog.deleteLater)
        dialog.finished.connect(lambda _r: setattr(self, "_dialog", None))
        dialog.open()
        return dialog

    def add_account(self) -> AccountDialog:
        """Open the add-account dialog."""
        dialog = AccountDialog(self.villages, self)
        self._open(dialog, lambda values: self._create_account(dialog, values))
        return dialog

    def _create_account(self, dialog: AccountDialog, account: NewAccount) -> None:
        vault = self.session.vault

        def added(_result: object) -> None:
            if account.role is Role.VILLAGE_CADRE:
                self._write_villages(dialog, account.username, account.villages)
            else:
                self._account_done(dialog, account.username)

        self._in_background(
            lambda: vault.add_user(
                account.username, account.display_name, account.role, account.password
            ),
            added,
            lambda error: dialog.show_error(user_message(error)),
        )

    def edit_villages(self) -> VillagesDialog | None:
        """Open the villages dialog for the selected village cadre."""
        username = self.selected_account()
        if username is None or self._selected_role() is not Role.VILLAGE_CADRE:
            return None
        profile = self.profiles.get(username)
        dialog = VillagesDialog(username, self.villages, profile.villages if profile else (), self)
        self._open(dialog, lambda codes: self._write_villages(dialog, username, codes))
        return dialog

    def _write_villages(self, dialog: SubmitDialog, username: str, codes: Sequence[str]) -> None:
        Operation(
            self.session, self, lambda s, actor: set_cadre_villages(s, actor, username, codes)
        ).success(_while_alive(self, lambda _result: self._account_done(dialog, username))).failure(
            _while_alive(self, lambda error: dialog.show_error(user_message(error)))
        ).run_in_background()

    def reset_password(self) -> ResetPasswordDialog | None:
        """Open the reset-password dialog for the selected colleague."""
        username = self.selected_account()
        if username is None or username == self.session.username:
            return None
        vault = self.session.vault
        dialog = ResetPasswordDialog(username, self)

        def submit(password: str) -> None:
            self._in_background(
                lambda: vault.reset_password(username, password),
                lambda _r: self._account_done(dialog, username),
                lambda error: dialog.show_error(user_message(error)),
            )

        self._open(dialog, submit)
        return dialog

    def remove_account(self, *, confirmed: bool = False) -> None:
        """Remove the selected colleague's account, after asking."""
        username = self.selected_account()
        if username is None or username == self.session.username:
            return
        if not confirmed:
            answer = QMessageBox.question(
                self,
                self.tr("Remove account"),
                self.tr(
                    "Remove the account {user}? The colleague can no longer open the "
                    "database on this computer. The records they made are kept."
                ).format(user=username),
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                QMessageBox.StandardButton.No,
            )
            if answer != QMessageBox.StandardButton.Yes:
                return
        vault = self.session.vault
        self.remove_button.setEnabled(False)

        def failed(error: Exception) -> None:
            _show(self.accounts_message, user_message(error), error=True)
            self._selection_changed()

        self._in_background(
            lambda: vault.remove_user(username),
            lambda _r: self._account_done(
                None, username, self.tr("The account {user} is removed.").format(user=username)
            ),
            failed,
        )

    def _account_done(
        self, dialog: SubmitDialog | None, username: str, message: str | None = None
    ) -> None:
        if dialog is not None:
            dialog.set_busy(False)
            dialog.accept()
        _show(self.accounts_message, message or self.tr("Saved."), error=False)
        self.accounts_changed.emit(username)
        self.refresh()
