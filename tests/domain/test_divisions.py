"""Tests of the division code table (GB/T 2260 + statistical codes) and its look-ups."""

from __future__ import annotations

import json
import pickle

import pytest

from minzheng_field.domain.divisions import (
    Division,
    DivisionLevel,
    DivisionTable,
    InvalidDivisionCode,
    InvalidDivisionCodeReason,
    normalize_division_code,
)
from minzheng_field.domain.errors import MinzhengError
from minzheng_field.resources import division_table, resources_dir

COUNTIES = {
    "431002": "北湖区",
    "431003": "苏仙区",
    "431021": "桂阳县",
    "431022": "宜章县",
    "431023": "永兴县",
    "431024": "嘉禾县",
    "431025": "临武县",
    "431026": "汝城县",
    "431027": "桂东县",
    "431028": "安仁县",
    "431081": "资兴市",
}
# The examples written down in DOMAIN.md, section Identifiers.
DOMAIN_EXAMPLES = {
    "431000": "郴州市",
    **COUNTIES,
    "431002101": "华塘镇",
    "431003102": "良田镇",
    "431023113": "樟树镇",
    "431023113200": "坦泉村",
    "431023113201": "洋佳村",
    "431025211": "万水乡",
    "431025211201": "长坪村",
}
TOWNSHIPS_WITH_VILLAGES = ("431003102", "431023113", "431025211")


@pytest.fixture(scope="module")
def table() -> DivisionTable:
    return division_table()


def full_width(text: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if c.isdigit() else c for c in text)


def rejection(text: str) -> InvalidDivisionCode:
    with pytest.raises(InvalidDivisionCode) as caught:
        normalize_division_code(text)
    return caught.value


def small_table(divisions: list[dict[str, object]], **top: object) -> str:
    document: dict[str, object] = {"version": "2023", "source": "测试", "divisions": divisions}
    document.update(top)
    return json.dumps(document, ensure_ascii=False)


CITY = {"code": "431000", "name": "郴州市", "level": "city", "parent": None}
COUNTY = {"code": "431023", "name": "永兴县", "level": "county", "parent": "431000"}
TOWNSHIP = {"code": "431023113", "name": "樟树镇", "level": "township", "parent": "431023"}


# --- normalisation -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "canonical"),
    [
        ("431023", "431023"),
        ("431023113", "431023113"),
        ("431023113200", "431023113200"),
        ("  431023113 ", "431023113"),
        ("4310 2311 3200", "431023113200"),
        ("\ufeff431023\u200b", "431023"),
        (full_width("431025211201"), "431025211201"),
        ("431023113000", "431023113"),
        ("431023000000", "431023"),
        ("431000000000", "431000"),
        ("431023000", "431023"),
    ],
)
def test_normalize_accepts_what_people_type_and_returns_shortest_form(
    typed: str, canonical: str
) -> None:
    assert normalize_division_code(typed) == canonical


def test_every_code_in_the_table_is_canonical_and_its_padded_form_maps_back(
    table: DivisionTable,
) -> None:
    for division in table.counties(include_retired=True):
        assert normalize_division_code(division.code) == division.code
        assert normalize_division_code(division.code + "000000") == division.code
    for code in ("431023113", "431025211"):
        assert normalize_division_code(code + "000") == code


def test_empty_code_asks_for_one() -> None:
    error = rejection(" \u3000 ")
    assert error.reason is InvalidDivisionCodeReason.EMPTY
    assert error.message == "请填写区划代码。"


def test_short_code_is_named_in_the_message() -> None:
    error = rejection("4310")
    assert error.reason is InvalidDivisionCodeReason.FORMAT
    assert error.message == "区划代码“4310”格式不对：应为6位、9位或12位数字。"
    assert str(error) == error.message


@pytest.mark.parametrize(
    "typed",
    ["13812345678", "11010519491231002X", "43102311320X", "张三", "4310231132001"],
)
def test_malformed_text_that_may_be_personal_data_is_not_repeated(typed: str) -> None:
    error = rejection(typed)
    assert error.reason is InvalidDivisionCodeReason.FORMAT
    assert error.message == "区划代码格式不对：应为6位、9位或12位数字。"
    assert typed not in error.message


def test_error_has_a_kind_and_survives_pickling() -> None:
    error = rejection("4310")
    assert isinstance(error, MinzhengError)
    assert error.kind == "invalid_division_code"
    copy = pickle.loads(pickle.dumps(error))
    assert (copy.reason, copy.message, copy.kind) == (error.reason, error.message, error.kind)


# --- look-ups in the shipped table ---------------------------------------------------


def test_loader_reads_the_shipped_table_once() -> None:
    assert division_table() is division_table()
    assert (resources_dir() / "divisions" / "chenzhou.json").is_file()


def test_table_is_versioned_and_names_its_source(table: DivisionTable) -> None:
    assert table.version == "2023"
    assert "modood/Administrative-divisions-of-China" in table.source


@pytest.mark.parametrize(("code", "name"), sorted(DOMAIN_EXAMPLES.items()))
def test_domain_examples_exist_with_their_names(table: DivisionTable, code: str, name: str) -> None:
    division = table.get(code)
    assert division.name == name
    assert not division.is_retired


@pytest.mark.parametrize(
    ("code", "level", "parent"),
    [
        ("431000", DivisionLevel.CITY, None),
        ("431023", DivisionLevel.COUNTY, "431000"),
        ("431023113", DivisionLevel.TOWNSHIP, "431023"),
        ("431023113200", DivisionLevel.VILLAGE, "431023113"),
    ],
)
def test_get_returns_each_level_with_its_parent(
    table: DivisionTable, code: str, level: DivisionLevel, parent: str | None
) -> None:
    division = table.get(code)
    assert (division.level, division.parent_code) == (level, parent)


def test_get_accepts_padded_and_full_width_codes(table: DivisionTable) -> None:
    assert table.get("431023113000").name == "樟树镇"
    assert table.get(full_width("431025211201")).name == "长坪村"
    assert table.get("431023000000").name == "永兴县"


def test_unknown_code_names_the_canonical_code(table: DivisionTable) -> None:
    with pytest.raises(InvalidDivisionCode) as caught:
        table.get("431099000000")
    assert caught.value.reason is InvalidDivisionCodeReason.UNKNOWN
    assert caught.value.message == "区划代码“431099”不在区划表中，请核对。"


def test_get_of_malformed_code_raises_the_format_error(table: DivisionTable) -> None:
    with pytest.raises(InvalidDivisionCode) as caught:
        table.get("4310")
    assert caught.value.reason is InvalidDivisionCodeReason.FORMAT


def test_find_returns_none_instead_of_raising(table: DivisionTable) -> None:
    assert table.find("431099") is None
    assert table.find("4310") is None
    found = table.find("431023113201")
    assert found is not None
    assert found.name == "洋佳村"
    assert "431023113" in table
    assert "431099" not in table


def test_full_name_joins_the_path_from_the_city(table: DivisionTable) -> None:
    assert table.full_name("431023113200") == "郴州市永兴县樟树镇坦泉村"
    assert table.full_name("431025211201") == "郴州市临武县万水乡长坪村"
    assert table.full_name("431000") == "郴州市"
    assert [d.code for d in table.path("431023113200")] == [
        "431000",
        "431023",
        "431023113",
        "431023113200",
    ]


def test_children_are_ordered_and_skip_retired_codes_unless_asked(
    table: DivisionTable,
) -> None:
    current = table.children("431023113")
    assert [d.code for d in current] == sorted(d.code for d in current)
    assert all(not d.is_retired for d in current)
    everything = table.children("431023113", include_retired=True)
    assert len(everything) > len(current)
    assert "431023113202" in {d.code for d in everything}


def test_counties_townships_and_villages(table: DivisionTable) -> None:
    assert {d.code: d.name for d in table.counties()} == COUNTIES
    assert len(table.townships("431023")) == 16
    assert len(table.townships("431023", include_retired=True)) == 25
    assert len(table.villages("431023113")) == 13
    assert len(table.villages("431023113", include_retired=True)) == 18
    assert len(table.villages("431025211")) == 14
    assert len(table.villages("431003102")) == 26
    assert table.villages("431023") == []


# --- retired codes -------------------------------------------------------------------


def test_retired_county_code_of_the_former_prefecture_is_still_readable(
    table: DivisionTable,
) -> None:
    old = table.get("432823")
    assert old.name == "永兴县"
    assert old.is_retired
    assert old.retired_since == "1994"
    assert old.successor_code == "431023"
    assert table.full_name("432823") == "郴州地区永兴县"
    assert table.current("432823").code == "431023"


def test_current_follows_a_chain_of_successors(table: DivisionTable) -> None:
    assert table.get("432825").name == "资兴县"
    assert table.current("432825") == table.get("431081")


def test_current_of_a_code_in_use_is_itself(table: DivisionTable) -> None:
    assert table.current("431023113200") == table.get("431023113200")


def test_retired_code_without_a_known_successor_stays_itself(table: DivisionTable) -> None:
    old = table.get("432821")
    assert (old.name, old.is_retired, old.successor_code) == ("郴县", True, None)
    assert table.current("432821") is old


def test_township_merged_in_the_reform_leads_to_its_successor(table: DivisionTable) -> None:
    old = table.get("431023102")
    assert old.name == "湘阴渡镇"
    assert old.is_retired
    assert table.current("431023102").name == "湘阴渡街道"


def test_village_of_liangtian_is_found_by_code_and_name(table: DivisionTable) -> None:
    village = table.get("431003102201")
    assert (village.name, village.level, village.parent_code) == (
        "百丈村",
        DivisionLevel.VILLAGE,
        "431003102",
    )
    assert not village.is_retired
    assert table.full_name("431003102201") == "郴州市苏仙区良田镇百丈村"
    assert table.get(full_width("431003102201")) == village
    assert table.search_name("百丈村", level="village") == [village]
    assert [d.code for d in table.search_name("南水界", within="431003")] == ["431003102232"]


def test_merged_village_is_still_readable(table: DivisionTable) -> None:
    old = table.get("431025211205")
    assert (old.name, old.is_retired) == ("林里村", True)
    assert table.full_name("431025211205") == "郴州市临武县万水乡林里村"


def test_anren_was_432831_and_there_is_no_432830(table: DivisionTable) -> None:
    assert table.get("432831").name == "安仁县"
    assert table.find("432830") is None


# --- search by name ------------------------------------------------------------------


def test_search_puts_exact_names_before_names_that_contain_the_text(
    table: DivisionTable,
) -> None:
    found = table.search_name("樟树镇")
    assert found[0].code == "431023113"
    partial = table.search_name("樟树")
    assert [d.name for d in partial] == ["樟树镇", "樟树社区", "樟树村"]


def test_search_lists_current_codes_before_retired_ones(table: DivisionTable) -> None:
    found = table.search_name("永兴县")
    assert [d.code for d in found] == ["431023", "432823"]


def test_search_by_level_and_within_a_county(table: DivisionTable) -> None:
    both = table.search_name("太和镇")
    assert {d.code for d in both} == {"431021103", "431023114"}
    assert [d.code for d in table.search_name("太和镇", within="431023")] == ["431023114"]
    assert table.search_name("樟树", level="village") == [
        table.get("431023113001"),
        table.get("431023113209"),
    ]
    assert table.search_name("樟树", level=DivisionLevel.TOWNSHIP, within="431025") == []


def test_search_within_excludes_the_division_itself(table: DivisionTable) -> None:
    assert table.search_name("永兴县", within="431023") == []
    assert table.search_name("  ") == []


# --- sanity of the shipped data ------------------------------------------------------


def test_eleven_current_counties_under_chenzhou(table: DivisionTable) -> None:
    assert [d.code for d in table.children("431000")] == sorted(COUNTIES)


def test_every_code_nests_in_its_parent(table: DivisionTable) -> None:
    raw = json.loads((resources_dir() / "divisions" / "chenzhou.json").read_text("utf-8"))
    codes = [record["code"] for record in raw["divisions"]]
    assert len(codes) == len(set(codes))
    for code in codes:
        division = table.get(code)
        if division.level == DivisionLevel.TOWNSHIP:
            assert len(code) == 9
            assert code.startswith(division.parent_code or "-")
        elif division.level == DivisionLevel.VILLAGE:
            assert len(code) == 12
            assert code.startswith(division.parent_code or "-")
        elif division.level == DivisionLevel.COUNTY:
            assert len(code) == 6


def test_every_current_county_has_townships(table: DivisionTable) -> None:
    for county in COUNTIES:
        assert table.townships(county), county


@pytest.mark.parametrize("township", TOWNSHIPS_WITH_VILLAGES)
def test_required_townships_have_villages(table: DivisionTable, township: str) -> None:
    assert table.villages(township)


def test_at_least_three_townships_have_villages(table: DivisionTable) -> None:
    assert len(TOWNSHIPS_WITH_VILLAGES) >= 3
    with_villages = {
        township.code
        for county in COUNTIES
        for township in table.townships(county)
        if table.villages(township.code)
    }
    assert set(TOWNSHIPS_WITH_VILLAGES) <= with_villages
    assert len(with_villages) >= 3


def test_retired_codes_name_a_year_and_successors_exist(table: DivisionTable) -> None:
    raw = json.loads((resources_dir() / "divisions" / "chenzhou.json").read_text("utf-8"))
    for record in raw["divisions"]:
        division = table.get(record["code"])
        if division.is_retired:
            assert division.note
            if division.successor_code:
                assert table.get(division.successor_code).code == division.successor_code


# --- building tables -----------------------------------------------------------------


def test_small_inline_table_works() -> None:
    village = {"code": "431023113200", "name": "坦泉村", "level": "village"}
    village["parent"] = "431023113"
    table = DivisionTable.from_json(small_table([CITY, COUNTY, TOWNSHIP, village]))
    assert len(table) == 4
    assert table.full_name("431023113200") == "郴州市永兴县樟树镇坦泉村"
    assert table.get("431023") == Division("431023", "永兴县", DivisionLevel.COUNTY, "431000")


def _retired(code: str, since: object, successor: object) -> dict[str, object]:
    record = dict(COUNTY, code=code, name="旧县")
    record["retired"] = {"since": since, "successor": successor}
    return record


@pytest.mark.parametrize(
    "text",
    [
        "not json",
        json.dumps([CITY]),
        small_table([CITY], version=""),
        small_table([CITY], source=None),
        json.dumps({"version": "2023", "source": "", "divisions": {}}),
        small_table([CITY, CITY]),
        small_table([CITY, dict(COUNTY, level="province")]),
        small_table([CITY, dict(COUNTY, code="431023000")]),
        small_table([CITY, dict(COUNTY, code="43102")]),
        small_table([CITY, dict(COUNTY, code="431100")]),
        small_table([CITY, dict(COUNTY, name="")]),
        small_table([CITY, dict(COUNTY, parent="431100")]),
        small_table([CITY, dict(COUNTY, code="432823")]),
        small_table([CITY, COUNTY, dict(TOWNSHIP, parent="431000")]),
        small_table([CITY, COUNTY, dict(TOWNSHIP, code="431021113")]),
        small_table([CITY, dict(COUNTY, extra=1)]),
        small_table([dict(CITY, parent="431000")]),
        small_table([CITY, _retired("431021", "94", None)]),
        small_table([CITY, _retired("431021", "1994", "431099")]),
        small_table(
            [CITY, _retired("431021", "1994", "431022"), _retired("431022", "1994", "431021")]
        ),
        small_table([CITY, dict(COUNTY, retired={"since": "1994", "why": "x"})]),
        small_table([CITY, dict(COUNTY, retired="1994")]),
    ],
)
def test_malformed_tables_are_refused(text: str) -> None:
    with pytest.raises(ValueError, match="division table"):
        DivisionTable.from_json(text)


def test_a_current_division_cannot_name_a_successor() -> None:
    record = dict(COUNTY)
    record["retired"] = None
    bad = dict(COUNTY, code="431021")
    table = DivisionTable.from_json(small_table([CITY, record, bad]))
    assert not table.get("431023").is_retired
    with pytest.raises(ValueError, match="successor"):
        DivisionTable(
            "2023",
            "测试",
            [
                Division("431000", "郴州市", DivisionLevel.CITY, None),
                Division("431023", "永兴县", DivisionLevel.COUNTY, "431000", None, "431000"),
            ],
        )


def test_township_accepts_only_a_current_township() -> None:
    table = division_table()
    assert table.township("431023113").name == "樟树镇"
    with pytest.raises(InvalidDivisionCode) as caught:
        table.township("431023113200")
    assert caught.value.reason == "level"
    assert "不是乡镇" in caught.value.message
    retired = next(d for d in table.townships("431023", include_retired=True) if d.is_retired)
    with pytest.raises(InvalidDivisionCode) as caught:
        table.township(retired.code)
    assert caught.value.reason == "retired"
    assert "已停用" in caught.value.message
