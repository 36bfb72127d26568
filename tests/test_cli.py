"""The headless commands: demo, init, backup and restore, and their errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from minzheng_field.cli import DEMO_PASSWORD, DEMO_USER, main
from minzheng_field.diagnostics import shutdown_logging
from minzheng_field.store.vault import Vault

PASSWORD = "Zhangshu-2026"


@pytest.fixture(autouse=True)
def _logging_restored() -> object:
    yield
    shutdown_logging()


def test_demo_creates_the_vault_and_says_where(tmp_path: Path, capsys) -> None:
    data_dir = tmp_path / "demo"
    assert main(["--demo", "--no-window", "--data-dir", str(data_dir)]) == 0
    out = capsys.readouterr().out
    assert f"已创建演示乡镇数据库：{data_dir}" in out
    assert "永兴县樟树镇" in out
    assert DEMO_PASSWORD in out
    vault = Vault(data_dir)
    vault.unlock(DEMO_USER, DEMO_PASSWORD)
    vault.lock()
    assert main(["--demo", "--no-window", "--data-dir", str(data_dir)]) == 0
    assert f"演示乡镇数据库已在：{data_dir}" in capsys.readouterr().out


def test_init_refuses_a_code_that_is_not_a_township(
    tmp_path: Path, capsys, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MINZHENG_PASSWORD", PASSWORD)
    data_dir = tmp_path / "v"
    code = main(["--data-dir", str(data_dir), "init", "--township", "431023", "--admin", "li"])
    assert code == 2
    assert "不是乡镇" in capsys.readouterr().err
    assert not (data_dir / "vault.db").exists()
    code = main(["--data-dir", str(data_dir), "init", "--township", "4310X", "--admin", "li"])
    assert code == 2
    assert "区划代码" in capsys.readouterr().err
    assert not (data_dir / "vault.key").exists()


def test_init_refuses_a_weak_password(
    tmp_path: Path, capsys, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MINZHENG_PASSWORD", "12345678")
    data_dir = tmp_path / "v"
    assert (
        main(["--data-dir", str(data_dir), "init", "--township", "431023113", "--admin", "li"]) == 2
    )
    assert "密码" in capsys.readouterr().err
    assert not (data_dir / "vault.db").exists()


def test_backup_and_restore_through_the_command_line(
    tmp_path: Path, capsys, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MINZHENG_PASSWORD", PASSWORD)
    source = tmp_path / "office"
    args = ["--data-dir", str(source), "init", "--township", "431023113", "--admin", "li"]
    assert main(args) == 0
    assert "永兴县樟树镇" in capsys.readouterr().out
    backup = tmp_path / "usb" / "樟树镇备份.mzbak"
    backup.parent.mkdir()
    assert main(["--data-dir", str(source), "backup", "--user", "li", "--to", str(backup)]) == 0
    assert backup.exists()
    target = tmp_path / "new-laptop"
    assert main(["--data-dir", str(target), "restore", str(backup), "--user", "li"]) == 0
    assert "重新向县民政局登记" in capsys.readouterr().out
    assert Vault(target).enrolment_required
    assert main(["--no-window", "--data-dir", str(target)]) == 0
    assert "从备份恢复" in capsys.readouterr().out


def test_wrong_password_is_one_chinese_sentence(
    tmp_path: Path, capsys, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MINZHENG_PASSWORD", PASSWORD)
    source = tmp_path / "office"
    main(["--data-dir", str(source), "init", "--township", "431023113", "--admin", "li"])
    monkeypatch.setenv("MINZHENG_PASSWORD", "Wrong-2026")
    assert (
        main(["--data-dir", str(source), "backup", "--user", "li", "--to", str(tmp_path / "b")])
        == 2
    )
    assert capsys.readouterr().err.strip() == "密码不对，请重新输入。"
    assert not (tmp_path / "b").exists()
