"""`minzheng-county divisions`: look-ups by code and name, retired codes, errors."""

from __future__ import annotations

from minzheng_field.county.cli import main


def test_a_township_lists_its_villages(capsys) -> None:
    assert main(["divisions", "431023113"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "431023113  郴州市永兴县樟树镇"
    assert "  431023113200  郴州市永兴县樟树镇坦泉村" in out


def test_a_retired_code_names_its_successor(capsys) -> None:
    assert main(["divisions", "432825"]) == 0
    assert "现为431081 资兴市" in capsys.readouterr().out


def test_a_name_finds_every_match(capsys) -> None:
    assert main(["divisions", "长坪村"]) == 0
    assert "431025211201  郴州市临武县万水乡长坪村" in capsys.readouterr().out


def test_bad_input_is_one_chinese_sentence(capsys) -> None:
    assert main(["divisions", "4310999"]) == 2
    assert "6位、9位或12位" in capsys.readouterr().err
    assert main(["divisions", "不存在的村"]) == 2
    assert "没有名称含" in capsys.readouterr().err
