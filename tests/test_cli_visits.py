"""`minzheng-field visits due`: the due and overdue visits of a day, as a table or JSON."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from minzheng_field.cli import main
from minzheng_field.diagnostics import shutdown_logging
from minzheng_field.domain.roles import Role
from minzheng_field.services.context import actor_for
from minzheng_field.services.schedules import due_visits
from minzheng_field.store.session import session_scope
from minzheng_field.store.vault import Vault
from vault_constants import FAST_KDF

PASSWORD = "Zhangshu-2026"
DAY = "2026-11-28"


@pytest.fixture(autouse=True)
def _logging_restored() -> object:
    yield
    shutdown_logging()


@pytest.fixture(scope="module")
def demo_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    data_dir = tmp_path_factory.mktemp("visits") / "demo"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("MINZHENG_PASSWORD", PASSWORD)
        assert main(["demo", "--data-dir", str(data_dir), "--persons", "300", "--seed", "1"]) == 0
    shutdown_logging()
    return data_dir


def service_due(data_dir: Path) -> list[tuple[str, str, str, int]]:
    vault = Vault(data_dir)
    vault.unlock("demo", PASSWORD)
    engine = vault.open_engine()
    try:
        with session_scope(engine) as session:
            due = due_visits(session, actor_for(session, "demo"), date.fromisoformat(DAY))
    finally:
        vault.close_engine(engine)
        vault.lock()
    return [(v.person_id, v.category, v.due_date.isoformat(), v.overdue_days) for v in due]


def test_json_lists_the_due_visits_with_person_village_category_and_days(
    demo_dir: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MINZHENG_PASSWORD", PASSWORD)
    capsys.readouterr()
    args = ["visits", "due", "--data-dir", str(demo_dir), "--date", DAY, "--json", "--user", "demo"]
    assert main(args) == 0
    listed = json.loads(capsys.readouterr().out)
    assert listed, "the demo township has visits due at the end of November"
    for item in listed:
        assert {"person", "village", "category", "due_date", "overdue_days"} <= set(item)
        assert isinstance(item["person"], str) and item["person"]
        assert item["village"] and item["village_code"].startswith("431023113")
        assert date.fromisoformat(item["due_date"]) <= date.fromisoformat(DAY)
        assert (
            item["overdue_days"]
            == (date.fromisoformat(DAY) - date.fromisoformat(item["due_date"])).days
        )
    assert [(i["person_id"], i["category"], i["due_date"], i["overdue_days"]) for i in listed] == (
        service_due(demo_dir)
    )
    assert any(i["category"] == "elder" and i["category_label"] == "特殊困难老年人" for i in listed)
    # Most overdue first.
    days = [i["overdue_days"] for i in listed]
    assert days == sorted(days, reverse=True)


def test_the_table_is_chinese_with_a_summary_line(
    demo_dir: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MINZHENG_PASSWORD", PASSWORD)
    capsys.readouterr()
    assert (
        main(["--data-dir", str(demo_dir), "visits", "due", "--date", DAY, "--user", "demo"]) == 0
    )
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split() == ["逾期天数", "应访日期", "村（社区）", "姓名", "类别", "探访人"]
    count = len(service_due(demo_dir))
    assert len(lines) == count + 2
    assert lines[-1].startswith(f"共{count}人次应探访，其中") and lines[-1].endswith(f"（{DAY}）。")


@pytest.fixture
def empty_dir(tmp_path: Path) -> Path:
    """A vault without persons and with two accounts."""
    data_dir = tmp_path / "office"
    vault = Vault.create(
        data_dir,
        township_code="431023113",
        admin_username="li",
        admin_display_name="李专干",
        admin_password=PASSWORD,
        kdf=FAST_KDF,
    )
    vault.add_user("wang", "王主任", Role.VILLAGE_CADRE, PASSWORD, kdf=FAST_KDF)
    vault.lock()
    return data_dir


def test_nobody_due_says_so(
    empty_dir: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MINZHENG_PASSWORD", PASSWORD)
    args = ["visits", "due", "--data-dir", str(empty_dir), "--date", DAY, "--user", "li"]
    assert main(args) == 0
    assert capsys.readouterr().out.strip() == f"{DAY} 没有应探访的对象。"
    assert main([*args, "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == []


def test_the_only_account_needs_no_user_option(
    demo_dir: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MINZHENG_PASSWORD", PASSWORD)
    capsys.readouterr()
    assert main(["visits", "due", "--data-dir", str(demo_dir), "--date", DAY, "--json"]) == 0
    assert len(json.loads(capsys.readouterr().out)) == len(service_due(demo_dir))


def test_usage_errors_are_plain_chinese(
    empty_dir: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("MINZHENG_PASSWORD", PASSWORD)
    base = ["visits", "due", "--data-dir", str(empty_dir)]
    assert main([*base, "--date", "28/11/2026", "--user", "li"]) == 2
    assert "--date 应写作" in capsys.readouterr().err
    assert main(base) == 2
    assert "请用 --user 指定登录名" in capsys.readouterr().err
    assert main(["visits", "due", "--data-dir", str(tmp_path / "none")]) == 2
    assert "还没有数据库" in capsys.readouterr().err
