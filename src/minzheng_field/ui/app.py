"""Start the desktop app: Qt, languages, input method, logging hooks, the main window."""

from __future__ import annotations

import gc
import logging
import sys
from pathlib import Path

from PySide6.QtCore import QObject, QtMsgType, Signal, qInstallMessageHandler
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication, QMessageBox

from minzheng_field import __version__
from minzheng_field.diagnostics import install_excepthook
from minzheng_field.ui import preferences
from minzheng_field.ui.i18n import install_translators
from minzheng_field.ui.ime import choose_input_method

log = logging.getLogger(__name__)
qt_log = logging.getLogger("qt")

_QT_LEVELS = {
    QtMsgType.QtDebugMsg: logging.DEBUG,
    QtMsgType.QtInfoMsg: logging.INFO,
    QtMsgType.QtWarningMsg: logging.WARNING,
    QtMsgType.QtCriticalMsg: logging.ERROR,
    QtMsgType.QtFatalMsg: logging.CRITICAL,
}


def _qt_message(kind: QtMsgType, _context: object, message: str) -> None:
    # Qt's own warnings go to our redacted log instead of stderr.
    qt_log.log(_QT_LEVELS.get(kind, logging.WARNING), "%s", message)


class ErrorReporter(QObject):
    """Shows an unexpected error's one sentence on the GUI thread, whichever thread raised."""

    report = Signal(str)

    def __init__(self) -> None:
        super().__init__()
        self.report.connect(self._show)

    def _show(self, message: str) -> None:
        QMessageBox.critical(None, QApplication.translate("ErrorReporter", "Error"), message)


def create_application(argv: list[str]) -> QApplication:
    """The QApplication with the app's identity, language and fonts."""
    choose_input_method()
    app = QApplication.instance() or QApplication(argv)
    assert isinstance(app, QApplication)
    app.setApplicationName("minzheng-field")
    app.setOrganizationName("minzheng-field")
    app.setApplicationVersion(__version__)
    language = preferences.LANGUAGE.get(preferences.settings())
    translators = install_translators(app, language)
    app._translators = translators  # type: ignore[attr-defined]
    font = QFont(app.font())
    # Prefer fonts that hold CJK and fall back for rare characters (Ext B) where they exist.
    font.setFamilies(
        [
            "Microsoft YaHei",
            "Noto Sans CJK SC",
            "WenQuanYi Micro Hei",
            "WenQuanYi Zen Hei",
            "SimSun-ExtB",
            "HanaMinB",
            *font.families(),
        ]
    )
    app.setFont(font)
    qInstallMessageHandler(_qt_message)
    return app


def freeze_start_up_objects() -> None:
    """Keep the objects alive after start-up out of every later garbage collection."""
    # The modules of Qt, SQLAlchemy and the app are ~300,000 objects that live as long as
    # the process. A full collection walks them all, 100–300 ms during which no thread
    # runs: a frozen scroll or search. Frozen, a full collection walks only what came
    # later (a few thousand objects, a few ms). See docs/performance.md, "Desktop".
    gc.freeze()


def run_app(data_dir: Path, *, demo_credentials: tuple[str, str] | None = None) -> int:
    """Open the main window on the vault in `data_dir` and run until it closes."""
    from minzheng_field.ui.main_window import MainWindow

    app = create_application(sys.argv)
    reporter = ErrorReporter()
    install_excepthook(reporter.report.emit)
    window = MainWindow(data_dir, demo_credentials=demo_credentials)
    window.start()
    window.show()
    freeze_start_up_objects()
    log.info("window shown")
    return app.exec()
