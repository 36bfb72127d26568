"""The app's languages: zh_CN (the default, compiled into resources/i18n) and English."""

from __future__ import annotations

from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator
from PySide6.QtWidgets import QApplication

from minzheng_field.resources import resources_dir

LANGUAGES = {"zh_CN": "中文", "en": "English"}
DEFAULT_LANGUAGE = "zh_CN"


def translation_file(language: str) -> str:
    """The compiled translation of the app for a language."""
    return str(resources_dir() / "i18n" / f"minzheng_field_{language}.qm")


def install_translators(app: QApplication, language: str) -> list[QTranslator]:
    """Install the app's and Qt's own translators; English needs none (the source text)."""
    if language not in LANGUAGES or language == "en":
        QLocale.setDefault(QLocale(QLocale.Language.English))
        return []
    QLocale.setDefault(QLocale(language))
    installed = []
    app_translator = QTranslator(app)
    if app_translator.load(translation_file(language)):
        app.installTranslator(app_translator)
        installed.append(app_translator)
    # Qt's own strings (standard buttons, file dialogs) in the same language.
    qt_translator = QTranslator(app)
    qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if qt_translator.load(QLocale(language), "qtbase", "_", qt_dir):
        app.installTranslator(qt_translator)
        installed.append(qt_translator)
    return installed
