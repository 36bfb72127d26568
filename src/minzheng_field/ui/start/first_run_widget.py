"""First run: create the township's vault, or restore one from a backup file."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from minzheng_field.domain.passwords import password_problem
from minzheng_field.resources import division_table

ERROR_STYLE = "color: #b3261e;"
NOTE_STYLE = "color: #52606d;"


class CreateVaultForm(QWidget):
    """Township, administrator and password of a new vault."""

    create_requested = Signal(str, str, str, str)  # township code, login, display name, password

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        table = division_table()
        self.county = QComboBox()
        self.county.setObjectName("county")
        for county in table.counties():
            self.county.addItem(county.name, county.code)
        self.township = QComboBox()
        self.township.setObjectName("township")
        self.county.currentIndexChanged.connect(self._fill_townships)
        self.login = QLineEdit()
        self.login.setObjectName("login")
        self.login.setPlaceholderText(self.tr("letters and digits, e.g. zhangsan"))
        self.display_name = QLineEdit()
        self.display_name.setObjectName("displayName")
        self.password = QLineEdit()
        self.password.setObjectName("password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.confirm = QLineEdit()
        self.confirm.setObjectName("confirm")
        self.confirm.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.textChanged.connect(self._check_password)
        self.confirm.textChanged.connect(self._check_password)
        self.confirm.returnPressed.connect(self._submit)
        self.message = QLabel()
        self.message.setObjectName("createMessage")
        self.message.setWordWrap(True)
        self.message.setStyleSheet(ERROR_STYLE)
        self.create_button = QPushButton(self.tr("Create the database"))
        self.create_button.setObjectName("createButton")
        self.create_button.setDefault(True)
        self.create_button.clicked.connect(self._submit)

        form = QFormLayout()
        form.setVerticalSpacing(10)
        form.addRow(self.tr("County"), self.county)
        form.addRow(self.tr("Township"), self.township)
        form.addRow(self.tr("Administrator login"), self.login)
        form.addRow(self.tr("Your name"), self.display_name)
        form.addRow(self.tr("Password"), self.password)
        form.addRow(self.tr("Password again"), self.confirm)
        note = QLabel(
            self.tr(
                "The first account is the township administrator. The login name is shown "
                "on the unlock screen without encryption: do not use your name or phone "
                "number. Everything else is stored encrypted with this password — keep it "
                "safe, and back up regularly."
            )
        )
        note.setWordWrap(True)
        note.setStyleSheet(NOTE_STYLE)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 16, 16, 12)
        layout.addLayout(form)
        layout.addSpacing(4)
        layout.addWidget(note)
        layout.addWidget(self.message)
        row = QHBoxLayout()
        row.addStretch()
        row.addWidget(self.create_button)
        layout.addLayout(row)
        layout.addStretch()
        self._fill_townships()

    def select_township(self, code: str) -> None:
        """Preselect a township (and its county)."""
        self.county.setCurrentIndex(self.county.findData(code[:6]))
        self.township.setCurrentIndex(self.township.findData(code))

    def _fill_townships(self) -> None:
        self.township.clear()
        for township in division_table().townships(str(self.county.currentData())):
            self.township.addItem(f"{township.name}（{township.code}）", township.code)

    def _check_password(self) -> bool:
        password, confirm = self.password.text(), self.confirm.text()
        problem = password_problem(password) if password else None
        if problem is None and confirm and confirm != password:
            problem = self.tr("The two passwords differ.")
        self.message.setText(problem or "")
        return problem is None and bool(password) and confirm == password

    def _submit(self) -> None:
        if not self.login.text().strip():
            self.message.setText(self.tr("Please enter a login name."))
            self.login.setFocus()
            return
        if not self._check_password():
            if not self.message.text():
                self.message.setText(self.tr("Please enter the password twice."))
            self.password.setFocus()
            return
        self.create_requested.emit(
            str(self.township.currentData()),
            self.login.text().strip(),
            self.display_name.text().strip() or self.login.text().strip(),
            self.password.text(),
        )

    def show_error(self, message: str) -> None:
        """Say why creating failed."""
        self.message.setText(message)
        self.create_button.setEnabled(True)


class RestoreForm(QWidget):
    """A backup file and the password of one of its users."""

    restore_requested = Signal(str, str, str)  # file, login, password

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.file = QLineEdit()
        self.file.setObjectName("backupFile")
        choose = QPushButton(self.tr("Choose…"))
        choose.clicked.connect(self._choose)
        row = QHBoxLayout()
        row.addWidget(self.file)
        row.addWidget(choose)
        self.login = QLineEdit()
        self.login.setObjectName("restoreLogin")
        self.password = QLineEdit()
        self.password.setObjectName("restorePassword")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.returnPressed.connect(self._submit)
        self.message = QLabel()
        self.message.setObjectName("restoreMessage")
        self.message.setWordWrap(True)
        self.message.setStyleSheet(ERROR_STYLE)
        self.restore_button = QPushButton(self.tr("Restore"))
        self.restore_button.setObjectName("restoreButton")
        self.restore_button.clicked.connect(self._submit)
        form = QFormLayout()
        form.setVerticalSpacing(10)
        form.addRow(self.tr("Backup file"), row)
        form.addRow(self.tr("Login name in the backup"), self.login)
        form.addRow(self.tr("Password"), self.password)
        note = QLabel(
            self.tr(
                "A restored database must be registered with the county again before it "
                "synchronises."
            )
        )
        note.setWordWrap(True)
        note.setStyleSheet(NOTE_STYLE)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 16, 16, 12)
        layout.addLayout(form)
        layout.addSpacing(4)
        layout.addWidget(note)
        layout.addWidget(self.message)
        buttons = QHBoxLayout()
        buttons.addStretch()
        buttons.addWidget(self.restore_button)
        layout.addLayout(buttons)
        layout.addStretch()

    def _choose(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(
            self, self.tr("Choose a backup"), "", self.tr("Backups (*.mzbak);;All files (*)")
        )
        if path:
            self.file.setText(path)

    def _submit(self) -> None:
        if not Path(self.file.text()).is_file():
            self.message.setText(self.tr("Please choose the backup file."))
            return
        self.restore_requested.emit(
            self.file.text(), self.login.text().strip(), self.password.text()
        )

    def show_error(self, message: str) -> None:
        """Say why restoring failed."""
        self.message.setText(message)
        self.restore_button.setEnabled(True)


class FirstRunWidget(QWidget):
    """The first screen on a machine without a vault."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        title = QLabel(self.tr("Welcome to Minzheng Field"))
        title.setObjectName("firstRunTitle")
        intro = QLabel(
            self.tr(
                "This computer has no database yet. Create your township's database, or "
                "restore one from a backup file."
            )
        )
        intro.setObjectName("firstRunIntro")
        intro.setWordWrap(True)
        self.create_form = CreateVaultForm()
        self.restore_form = RestoreForm()
        self.tabs = QTabWidget()
        self.tabs.addTab(self.create_form, self.tr("Create"))
        self.tabs.addTab(self.restore_form, self.tr("Restore from a backup"))
        county = QGroupBox(self.tr("Registering with the county"))
        county_text = QLabel(
            self.tr(
                "Registering this computer with the county civil-affairs bureau is done "
                "after creating or restoring, once synchronisation is available."
            )
        )
        county_text.setWordWrap(True)
        county_text.setStyleSheet(NOTE_STYLE)
        QVBoxLayout(county).addWidget(county_text)
        box = QWidget()
        box.setFixedWidth(560)
        inner = QVBoxLayout(box)
        inner.setSpacing(8)
        inner.addWidget(title)
        inner.addWidget(intro)
        inner.addSpacing(10)
        inner.addWidget(self.tabs)
        inner.addSpacing(6)
        inner.addWidget(county)
        column = QVBoxLayout()
        column.addStretch(1)
        column.addWidget(box)
        column.addStretch(2)
        outer = QHBoxLayout(self)
        outer.addStretch()
        outer.addLayout(column)
        outer.addStretch()
