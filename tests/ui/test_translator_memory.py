"""The app's translations are read into memory: a .qm rewritten while the app runs is harmless.

QTranslator maps a .qm it loads from a file and reads the mapping on every tr(). When
pyside6-lrelease (scripts/update_translations.py) or an update rewrote the file in place,
the next tr() died with SIGBUS (exit code 135): seen during unlock and user switching,
when the pages are built. The check runs in a child process, so that a crash fails this
test instead of ending the test run.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from minzheng_field.ui.i18n import translation_file

CHILD = """
import os
import sys
from PySide6.QtCore import QCoreApplication, QSettings
import minzheng_field.ui.i18n as i18n

qm, prefs = sys.argv[1], sys.argv[2]
QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, prefs)
i18n.translation_file = lambda language: qm
from minzheng_field.ui.app import create_application

app = create_application([sys.argv[0]])
before = QCoreApplication.translate("MainWindow", "Lock")
# As pyside6-lrelease rewrites it: the same file (same inode) cut to nothing, then written.
with open(qm, "r+b") as handle:
    handle.truncate(0)
    after_cut = QCoreApplication.translate("MainWindow", "Lock")
    handle.write(b"not a translation file" * 100)
after = QCoreApplication.translate("MainWindow", "Lock")
maps = "/proc/self/maps"  # Linux: every mapping of the process
mapped = [m for m in open(maps) if m.rstrip().endswith(".qm")] if os.path.exists(maps) else []
print(before, after_cut, after, len(mapped))
"""


def test_translations_outlive_their_file_rewritten_in_place(tmp_path: Path) -> None:
    qm = tmp_path / "minzheng_field_zh_CN.qm"
    shutil.copy(translation_file("zh_CN"), qm)
    result = subprocess.run(
        [sys.executable, "-c", CHILD, str(qm), str(tmp_path / "prefs")],
        capture_output=True,
        text=True,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        timeout=120,
        check=False,
    )
    # -7 (SIGBUS) or -11 (SIGSEGV) when the translator still reads the file.
    assert result.returncode == 0, result.stderr[-2000:]
    before, after_cut, after, mapped = result.stdout.split()
    assert before == after_cut == after == "锁定"
    # No mapping of a .qm file is left (checked where /proc shows them).
    assert mapped == "0"
