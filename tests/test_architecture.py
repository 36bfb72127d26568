"""The dependency directions of ARCHITECTURE.md, and what the built wheel carries."""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def test_import_contracts_hold() -> None:
    # Contracts live in pyproject.toml ([tool.importlinter]).
    lint_imports = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run(
        [str(lint_imports), "--no-cache"], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Contracts: 4 kept, 0 broken." in result.stdout


def test_a_forbidden_import_would_be_caught(tmp_path: Path) -> None:
    # Proof that the contract check can fail: a domain module importing PySide6.
    copy = tmp_path / "repo"
    shutil.copytree(ROOT / "src", copy / "src", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", copy)
    (copy / "src" / "minzheng_field" / "domain" / "leak.py").write_text(
        "import PySide6.QtCore\n", encoding="utf-8"
    )
    lint_imports = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run(
        [str(lint_imports), "--no-cache"],
        cwd=copy,
        capture_output=True,
        text=True,
        check=False,
        env={"PYTHONPATH": str(copy / "src"), "PATH": "/usr/bin:/bin"},
    )
    assert result.returncode != 0
    assert "minzheng_field.domain.leak -> PySide6" in result.stdout


@pytest.mark.slow
def test_the_wheel_ships_migrations_and_resources(tmp_path: Path) -> None:
    uv = shutil.which("uv")
    if uv is None:
        pytest.fail("uv is needed to build the wheel")
    subprocess.run(
        [uv, "build", "--wheel", "--out-dir", str(tmp_path), str(ROOT)],
        check=True,
        capture_output=True,
    )
    (wheel,) = tmp_path.glob("minzheng_field-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "minzheng_field/_migrations/local/env.py" in names
    assert "minzheng_field/_migrations/local/versions/0001_initial.py" in names
    assert "minzheng_field/_resources/divisions/chenzhou.json" in names
    assert not any(
        name.startswith("minzheng_field/_migrations/local/versions/__pycache__") for name in names
    )
