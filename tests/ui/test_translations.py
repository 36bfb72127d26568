"""Every UI string has a Chinese translation in the compiled .qm the app ships."""

from __future__ import annotations

import importlib.util
import xml.etree.ElementTree as ET
from pathlib import Path

from PySide6.QtCore import QTranslator

from minzheng_field.ui.i18n import translation_file

ROOT = Path(__file__).resolve().parents[2]


def _script():
    spec = importlib.util.spec_from_file_location(
        "update_translations", ROOT / "scripts" / "update_translations.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_shipped_translation_covers_every_string_of_the_ui(qapp, tmp_path: Path) -> None:
    script = _script()
    fresh = tmp_path / "fresh.ts"
    script.extract(fresh)
    messages = [
        (context.findtext("name") or "", message.findtext("source") or "")
        for context in ET.parse(fresh).getroot().iter("context")
        for message in context.iter("message")
    ]
    assert len(messages) > 40
    translator = QTranslator()
    assert translator.load(translation_file("zh_CN"))
    untranslated = [(c, s) for c, s in messages if not translator.translate(c, s)]
    assert untranslated == [], (
        "run `uv run python scripts/update_translations.py` after adding translations to "
        "resources/i18n/zh_CN/*.json"
    )


def test_translations_keep_their_placeholders(qapp) -> None:
    script = _script()
    for context, messages in script.load_translations().items():
        for source, text in messages.items():
            for placeholder in ("{name}", "{n}", "{time}", "{user}", "{password}", "{township}"):
                assert (placeholder in source) == (placeholder in text), (context, source)
