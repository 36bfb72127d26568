"""Extract the UI's strings, fill in the Chinese translations and compile them.

    uv run python scripts/update_translations.py

pyside6-lupdate finds every tr() string under src/minzheng_field/ui and writes
resources/i18n/minzheng_field_zh_CN.ts; the translations come from the JSON files in
resources/i18n/zh_CN/ ({"Context": {"English source": "中文"}}), one per UI area, so that
several people can translate at once; pyside6-lrelease compiles the .qm the app loads.
Strings without a translation are listed, and the script exits with 1.
"""

from __future__ import annotations

import json
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
UI = ROOT / "src" / "minzheng_field" / "ui"
I18N = ROOT / "resources" / "i18n"
TS = I18N / "minzheng_field_zh_CN.ts"
QM = I18N / "minzheng_field_zh_CN.qm"
BIN = Path(sys.executable).parent


def load_translations() -> dict[str, dict[str, str]]:
    """Every JSON file's translations, by context and source."""
    merged: dict[str, dict[str, str]] = {}
    for file in sorted((I18N / "zh_CN").glob("*.json")):
        for context, messages in json.loads(file.read_text("utf-8")).items():
            merged.setdefault(context, {}).update(messages)
    return merged


def extract(ts: Path) -> None:
    """Run lupdate over the UI sources into `ts`."""
    sources = sorted(str(p) for p in UI.rglob("*.py"))
    subprocess.run(
        [
            str(BIN / "pyside6-lupdate"),
            *sources,
            "-no-obsolete",
            "-locations",
            "none",
            "-ts",
            str(ts),
        ],
        check=True,
        capture_output=True,
    )


def fill(ts: Path, translations: dict[str, dict[str, str]]) -> list[tuple[str, str]]:
    """Write translations into `ts`; return the (context, source) pairs still missing."""
    tree = ET.parse(ts)
    root = tree.getroot()
    root.set("language", "zh_CN")
    missing = []
    for context in root.iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            source = message.findtext("source") or ""
            translation = message.find("translation")
            if translation is None:
                translation = ET.SubElement(message, "translation")
            text = translations.get(name, {}).get(source)
            if text:
                translation.text = text
                translation.attrib.pop("type", None)
            else:
                translation.text = None
                translation.set("type", "unfinished")
                missing.append((name, source))
    ET.indent(tree)
    tree.write(ts, encoding="utf-8", xml_declaration=True)
    return missing


def compile_qm(ts: Path, qm: Path) -> None:
    """Compile the .ts into the .qm the app loads."""
    subprocess.run(
        [str(BIN / "pyside6-lrelease"), str(ts), "-qm", str(qm)], check=True, capture_output=True
    )


def main() -> int:
    extract(TS)
    missing = fill(TS, load_translations())
    compile_qm(TS, QM)
    for context, source in missing:
        print(f"missing: {context}: {source}")
    print(f"{TS.relative_to(ROOT)}: {len(missing)} missing")
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
