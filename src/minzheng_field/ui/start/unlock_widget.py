"""The unlock screen: choose a user, type the password (or the PIN after an idle lock)."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from minzheng_field.store.vault import Vault


class UnlockWidget(QWidget):
    """Asks for a password (or a PIN) and reports what the user typed; never blocks."""

    unlock_requested = Signal(str, str)
    pin_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._vault: Vault | None = None
        self._pin_mode = False
        self._waiting = False

        self.title = QLabel()
        self.title.setObjectName("unlockTitle")
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.subtitle = QLabel()
        self.subtitle.setObjectName("unlockSubtitle")
        self.subtitle.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.subtitle.setWordWrap(True)

        self.user = QComboBox()
        self.user.setObjectName("unlockUser")
        self.user.currentIndexChanged.connect(self._user_changed)
        self.password = QLineEdit()
        self.password.setObjectName("unlockPassword")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.returnPressed.connect(self._submit)
        self.pin = QLineEdit()
        self.pin.setObjectName("unlockPin")
        self.pin.setEchoMode(QLineEdit.EchoMode.Password)
        self.pin.setMaxLength(8)
        self.pin.setInputMethodHints(Qt.InputMethodHint.ImhDigitsOnly)
        self.pin.returnPressed.connect(self._submit)

        for field in (self.user, self.password, self.pin):
            field.setMinimumHeight(30)
        form = QFormLayout()
        form.setVerticalSpacing(10)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self._user_label = QLabel(self.tr("User"))
        self._password_label = QLabel(self.tr("Password"))
        self._pin_label = QLabel(self.tr("Quick-unlock PIN"))
        form.addRow(self._user_label, self.user)
        form.addRow(self._password_label, self.password)
        form.addRow(self._pin_label, self.pin)

        self.message = QLabel()
        self.message.setObjectName("unlockMessage")
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #b3261e;")
        self.demo_hint = QLabel()
        self.demo_hint.setObjectName("demoHint")
        self.demo_hint.setWordWrap(True)
        self.demo_hint.setStyleSheet(
            "background: #e8f0fe; border: 1px solid #c6dafc; border-radius: 4px;"
            " padding: 6px 8px; color: #1a4f9c;"
        )
        self.demo_hint.hide()

        self.unlock_button = QPushButton(self.tr("Unlock"))
        self.unlock_button.setObjectName("unlockButton")
        self.unlock_button.setDefault(True)
        self.unlock_button.setMinimumSize(96, 32)
        self.unlock_button.clicked.connect(self._submit)
        self.use_password = QPushButton(self.tr("Use the password instead"))
        self.use_password.setFlat(True)
        self.use_password.clicked.connect(lambda: self.set_pin_mode(False))
        buttons = QHBoxLayout()
        buttons.addWidget(self.use_password)
        buttons.addStretch()
        buttons.addWidget(self.unlock_button)

        box = QWidget()
        box.setFixedWidth(420)
        inner = QVBoxLayout(box)
        inner.setSpacing(8)
        inner.addWidget(self.title)
        inner.addWidget(self.subtitle)
        inner.addSpacing(18)
        inner.addLayout(form)
        inner.addWidget(self.message)
        inner.addLayout(buttons)
        inner.addSpacing(14)
        inner.addWidget(self.demo_hint)
        outer = QHBoxLayout(self)
        outer.addStretch()
        column = QVBoxLayout()
        column.addStretch()
        column.addWidget(box)
        column.addStretch()
        outer.addLayout(column)
        outer.addStretch()

        self._countdown = QTimer(self)
        self._countdown.setInterval(1000)
        self._countdown.timeout.connect(self._update_wait)
        self.set_pin_mode(False)

    def show_for(self, vault: Vault, township_name: str, *, preferred_user: str = "") -> None:
        """Show the vault's users, preferring the last one, with the password field empty."""
        self._vault = vault
        self.title.setText(self.tr("Minzheng Field"))
        self.subtitle.setText(township_name)
        self.user.blockSignals(True)
        self.user.clear()
        for account in vault.users():
            self.user.addItem(f"{account.username}（{account.role.label}）", account.username)
        index = self.user.findData(preferred_user)
        self.user.setCurrentIndex(max(index, 0))
        self.user.blockSignals(False)
        self.password.clear()
        self.message.clear()
        self.set_busy(False)
        self._update_wait()
        self._countdown.start()
        self.password.setFocus()

    def show_demo_password(self, username: str, password: str) -> None:
        """The demo's credentials are public: show them on the screen."""
        self.demo_hint.setText(
            self.tr("Demo township (fictional data). User: {user}, password: {password}").format(
                user=username, password=password
            )
        )
        self.demo_hint.show()

    def set_pin_mode(self, on: bool, *, username: str = "") -> None:
        """Ask for the PIN of a session that locked itself, or for the password."""
        self._pin_mode = on
        for widget in (self.pin, self._pin_label, self.use_password):
            widget.setVisible(on)
        for widget in (self.password, self._password_label):
            widget.setVisible(not on)
        self.user.setEnabled(not on)
        if on:
            index = self.user.findData(username)
            if index >= 0:
                self.user.setCurrentIndex(index)
            self.pin.clear()
            self.pin.setFocus()
        else:
            self.password.setFocus()

    @property
    def pin_mode(self) -> bool:
        return self._pin_mode

    def selected_user(self) -> str:
        """The login name chosen."""
        return str(self.user.currentData() or "")

    def show_error(self, message: str) -> None:
        """Show why the unlock failed and get ready for the next try."""
        self.set_busy(False)
        self.message.setText(message)
        self.password.selectAll()
        self.pin.clear()
        self._update_wait()

    def set_busy(self, busy: bool) -> None:
        """Disable input while the key is being derived."""
        self.unlock_button.setEnabled(not busy)
        self.password.setEnabled(not busy)
        self.pin.setEnabled(not busy)
        if busy:
            self.message.setText(self.tr("Opening…"))

    def _submit(self) -> None:
        if not self.unlock_button.isEnabled():
            return
        if self._pin_mode:
            self.set_busy(True)
            self.pin_requested.emit(self.pin.text())
            return
        username = self.selected_user()
        if not username:
            return
        self.set_busy(True)
        self.unlock_requested.emit(username, self.password.text())

    def _user_changed(self) -> None:
        self.message.clear()
        self._update_wait()
        self.password.setFocus()

    def _update_wait(self) -> None:
        if self._vault is None or self._pin_mode:
            return
        wait = self._vault.retry_after(self.selected_user())
        if wait:
            minutes, seconds = divmod(wait, 60)
            self.message.setText(
                self.tr("Too many wrong passwords for this user. Try again in {time}.").format(
                    time=self.tr("{m} min {s} s").format(m=minutes, s=seconds)
                    if minutes
                    else self.tr("{s} s").format(s=seconds)
                )
            )
            self.unlock_button.setEnabled(False)
            self._waiting = True
        elif self._waiting:
            self._waiting = False
            self.message.clear()
            self.unlock_button.setEnabled(True)
