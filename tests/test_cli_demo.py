"""`minzheng-field demo` and `--demo`: a fictional township in a new or empty vault."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from minzheng_field.cli import DEMO_PASSWORD, DEMO_USER, main
from minzheng_field.diagnostics import shutdown_logging
from minzheng_field.domain.roles import Role
from minzheng_field.store.models import Person, UserProfile, Visit
from minzheng_field.store.session import session_scope
from minzheng_field.store.vault import Vault

PASSWORD = "Zhangshu-2026"


@pytest.fixture(autouse=True)
def _logging_restored() -> object:
    yield
    shutdown_logging()


def count_persons(data_dir: Path, user: str, password: str) -> int:
    vault = Vault(data_dir)
    vault.unlock(user, password)
    engine = vault.open_engine()
    try:
        with session_scope(engine) as session:
            return int(session.scalar(select(func.count()).select_from(Person)) or 0)
    finally:
        vault.close_engine(engine)
        vault.lock()


def test_demo_command_creates_a_vault_prints_a_summary_and_refuses_a_second_fill(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MINZHENG_PASSWORD", PASSWORD)
    data_dir = tmp_path / "demo"
    assert main(["demo", "--data-dir", str(data_dir), "--persons", "300", "--seed", "5"]) == 0
    out = capsys.readouterr().out
    assert f"已新建演示乡镇数据库：{data_dir}" in out
    assert "100%" in out
    assert "永兴县樟树镇（演示数据，均为虚构）" in out
    assert "人员300人" in out
    for words in ("家庭", "待核实", "低保", "特困人员", "临时救助", "孤儿", "儿童档案", "老人档案"):
        assert words in out
    assert "探访记录" in out and "用时：" in out
    assert count_persons(data_dir, DEMO_USER, PASSWORD) == 300

    assert main(["--data-dir", str(data_dir), "demo", "--persons", "300"]) == 2
    assert "已经有人员数据" in capsys.readouterr().err
    assert count_persons(data_dir, DEMO_USER, PASSWORD) == 300


def test_demo_fills_an_existing_empty_vault_of_another_administrator(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MINZHENG_PASSWORD", PASSWORD)
    data_dir = tmp_path / "office"
    init = ["--data-dir", str(data_dir), "init", "--township", "431023113", "--admin", "li"]
    assert main(init) == 0
    capsys.readouterr()
    assert main(["demo", "--data-dir", str(data_dir), "--persons", "120", "--user", "li"]) == 0
    out = capsys.readouterr().out
    assert "人员120人" in out and "已新建" not in out
    assert count_persons(data_dir, "li", PASSWORD) == 120


def test_demo_refuses_a_size_out_of_range_before_creating_anything(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MINZHENG_PASSWORD", PASSWORD)
    data_dir = tmp_path / "demo"
    assert main(["demo", "--data-dir", str(data_dir), "--persons", "0"]) == 2
    assert "--persons 应在1到" in capsys.readouterr().err
    assert not data_dir.exists() or not any(data_dir.glob("vault.*"))


def test_open_demo_fills_a_new_demo_vault_with_the_default_township(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data_dir = tmp_path / "demo"
    assert main(["--demo", "--no-window", "--data-dir", str(data_dir)]) == 0
    out = capsys.readouterr().out
    assert "人员3000人" in out
    assert "村干部登录名：tanquancun（坦泉村村干部/儿童主任）" in out
    assert count_persons(data_dir, DEMO_USER, DEMO_PASSWORD) == 3000
    # The cadre's account opens the same vault and serves 坦泉村 only.
    vault = Vault(data_dir)
    vault.unlock("tanquancun", DEMO_PASSWORD)
    assert vault.current_user.role is Role.VILLAGE_CADRE
    engine = vault.open_engine()
    try:
        with session_scope(engine) as session:
            profile = session.get(UserProfile, "tanquancun")
            assert profile is not None and profile.villages == ["431023113200"]
            # The care visits of 坦泉村 are that cadre's own; the demo administrator (the
            # township's 民政专干) made the 低保 入户调查 and nothing else.
            recorded = session.execute(
                select(Visit.visitor, Visit.updated_by, Visit.category)
            ).all()
            assert all(visitor == by for visitor, by, _category in recorded)
            assert all(
                (by == DEMO_USER) == (category == "dibao") for _visitor, by, category in recorded
            )
            assert sum(by == "tanquancun" for _visitor, by, _category in recorded) > 100
            assert sum(by == DEMO_USER for _visitor, by, _category in recorded) > 100
    finally:
        vault.close_engine(engine)
        vault.lock()
    # Opened again, the demo is left as it is.
    assert main(["--demo", "--no-window", "--data-dir", str(data_dir)]) == 0
    assert "演示乡镇数据库已在" in capsys.readouterr().out
    assert count_persons(data_dir, DEMO_USER, DEMO_PASSWORD) == 3000
