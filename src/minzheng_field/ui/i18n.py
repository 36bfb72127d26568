"""The app's languages: zh_CN (the default, compiled into resources/i18n) and English."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator
from PySide6.QtWidgets import QApplication

from minzheng_field.resources import resources_dir

LANGUAGES = {"zh_CN": "中文", "en": "English"}
DEFAULT_LANGUAGE = "zh_CN"


def translation_file(language: str) -> str:
    """The compiled translation of the app for a language."""
    return str(resources_dir() / "i18n" / f"minzheng_field_{language}.qm")


class _CopiedTranslator(QTranslator):
    """A translator reading a copy of its .qm file held in memory, never the file itself.

    Loaded from a file, QTranslator maps the file and reads it on every tr(). A .qm file
    rewritten in place while the app runs (pyside6-lrelease, scripts/update_translations.py,
    an update installed over the app) then kills the process at its next tr(): SIGBUS where
    the file was cut short under the mapping, SIGSEGV where new offsets point elsewhere. Qt
    reads the copy in place (PySide passes the buffer without copying): it lives as long as
    the translator.
    """

    def load_copy(self, path: str) -> bool:
        """Load from a copy of `path`; False when the file cannot be read or is no .qm."""
        try:
            self.data = Path(path).read_bytes()
        except OSError:
            return False
        return self.load(self.data)


def install_translators(app: QApplication, language: str) -> list[QTranslator]:
    """Install the app's and Qt's own translators; English needs none (the source text)."""
    if language not in LANGUAGES or language == "en":
        QLocale.setDefault(QLocale(QLocale.Language.English))
        return []
    QLocale.setDefault(QLocale(language))
    installed: list[QTranslator] = []
    app_translator = _CopiedTranslator(app)
    if app_translator.load_copy(translation_file(language)):
        app.installTranslator(app_translator)
        installed.append(app_translator)
    # Qt's own strings (standard buttons, file dialogs) in the same language: Qt finds the
    # file for the locale, then the translator reads a copy of it.
    qt_translator = _CopiedTranslator(app)
    qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if qt_translator.load(QLocale(language), "qtbase", "_", qt_dir) and (
        qt_translator.load_copy(qt_translator.filePath())
        or qt_translator.load(QLocale(language), "qtbase", "_", qt_dir)
    ):
        app.installTranslator(qt_translator)
        installed.append(qt_translator)
    return installed
