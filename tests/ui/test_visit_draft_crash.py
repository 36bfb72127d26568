"""A draft survives a crash: the app process is killed mid-visit and the answers are there."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

from tests.ui.visit_fixtures import children_of, drafts_of

from minzheng_field.services.demo import generate_demo_township
from minzheng_field.store.vault import Vault
from vault_constants import ADMIN, ADMIN_PASSWORD

ROOT = Path(__file__).resolve().parents[2]

CHILD = r"""
import sys
from PySide6.QtWidgets import QApplication
from minzheng_field.domain.roles import Role
from minzheng_field.store.vault import Vault
from minzheng_field.ui.database import Database
from minzheng_field.ui.dialogs.visit_dialog import VisitDialog
from minzheng_field.ui.session import AppEvents, UiSession

data_dir, username, password, person_id = sys.argv[1:5]
app = QApplication([])
vault = Vault(data_dir)
vault.unlock(username, password)
database = Database(vault, username)
session = UiSession(
    vault=vault, database=database, username=username, role=Role.TOWNSHIP_ADMIN,
    display_name=username, township_code="431023113", township_name="", events=AppEvents(),
)
dialog = VisitDialog(session, person_id, "left_behind")


def fill(entry):
    answers = (("visit_method", "phone"), ("met_child", "yes"), ("living_with", "alone"))
    for field_id, code in answers:
        dialog.form.editor(field_id).buttons[code].setChecked(True)


dialog.entry_loaded.connect(fill)
dialog.draft_saved.connect(lambda _id: (print("READY", flush=True)))
dialog.show()
app.exec()
"""


def test_a_draft_survives_the_app_being_killed(vault: Vault, tmp_path: Path) -> None:
    generate_demo_township(vault, persons=300, seed=1)
    (child,) = children_of(vault, "left_behind")
    data_dir = vault.paths.db.parent
    vault.lock()
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT / "src"), str(ROOT), str(ROOT / "tests")])
    process = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(data_dir), ADMIN, ADMIN_PASSWORD, child],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
        text=True,
    )
    try:
        assert process.stdout is not None
        line = process.stdout.readline()  # blocks until the draft save has been written
        assert line.strip() == "READY", process.stderr.read() if process.stderr else ""
    finally:
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
    assert process.returncode == -signal.SIGKILL
    reopened = Vault(data_dir)
    reopened.unlock(ADMIN, ADMIN_PASSWORD)
    try:
        assert drafts_of(reopened, child) == [
            {"visit_method": "phone", "met_child": True, "living_with": "alone"}
        ]
    finally:
        reopened.lock()
