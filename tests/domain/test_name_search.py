"""Tests of pinyin search keys for names, with the surname reading table."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from minzheng_field.domain.name_search import (
    DOUBLE_SURNAMES,
    MAX_KEYS,
    SINGLE_SURNAMES,
    NameKeys,
    matches_pinyin,
    name_search_keys,
    normalise_query,
)

FAST = settings(max_examples=100, deadline=None)


@pytest.mark.parametrize(
    ("name", "full", "initials"),
    [
        ("曾德胜", "zengdesheng", "zds"),
        ("覃小红", "qinxiaohong", "qxh"),
        ("覃小红", "tanxiaohong", "txh"),
        ("单雄信", "shanxiongxin", "sxx"),
        ("区永安", "ouyongan", "oya"),
        ("仇英", "qiuying", "qy"),
        ("解放", "xiefang", "xf"),
        ("长孙无忌", "zhangsunwuji", "zswj"),
        ("尉迟恭", "yuchigong", "ycg"),
        ("万俟卨", "moqixie", "mqx"),
        ("查良镛", "zhaliangyong", "zly"),
        ("朴永", "piaoyong", "py"),
        ("翟小龙", "zhaixiaolong", "zxl"),
        ("缪英", "miaoying", "my"),
        ("吕强", "lvqiang", "lq"),
        ("吕强", "luqiang", "lq"),
    ],
)
def test_name_keys(name: str, full: str, initials: str) -> None:
    keys = name_search_keys(name)
    assert full in keys.full
    assert initials in keys.initials


def test_the_most_likely_reading_comes_first() -> None:
    assert name_search_keys("曾德胜").full[0] == "zengdesheng"
    assert name_search_keys("覃小红").full[:2] == ("qinxiaohong", "tanxiaohong")
    assert name_search_keys("长孙无忌").full[0] == "zhangsunwuji"


@pytest.mark.parametrize(
    ("name", "wrong"),
    [
        ("曾德胜", "cengdesheng"),
        ("单雄信", "danxiongxin"),
        ("区永安", "quyongan"),
        ("仇英", "chouying"),
        ("解放", "jiefang"),
    ],
)
def test_common_word_readings_of_surnames_are_not_keys(name: str, wrong: str) -> None:
    keys = name_search_keys(name)
    assert wrong not in keys.full
    assert not matches_pinyin(keys, wrong)


def test_a_name_starting_like_a_double_surname_can_also_be_a_single_one() -> None:
    keys = name_search_keys("单于洋")
    assert keys.full[0] == "chanyuyang"
    assert "shanyuyang" in keys.full


def test_given_name_characters_with_several_readings_give_several_keys() -> None:
    keys = name_search_keys("曾德胜")
    assert len(keys.full) > 1
    assert all(key.startswith("zengde") for key in keys.full)


def test_an_unknown_rare_character_gives_no_key_but_the_rest_does() -> None:
    assert name_search_keys("王𠮷祥").full == ("wangxiang",)
    assert name_search_keys("𠮷") == NameKeys((), ())
    assert name_search_keys("") == NameKeys((), ())


def test_separators_and_ascii_in_names() -> None:
    keys = name_search_keys("阿依古丽·买买提")
    assert keys.full[0] == "ayigulimaimaiti"
    assert name_search_keys("李小龙2").full[0] == "lixiaolong2"
    assert name_search_keys("  曾德胜\u200b ").full[0] == "zengdesheng"


def test_the_number_of_keys_is_bounded() -> None:
    keys = name_search_keys("阿依古丽·买买提·艾则孜")
    assert len(keys.full) == MAX_KEYS
    assert len(name_search_keys("曾德胜", max_keys=1).full) == 1
    with pytest.raises(ValueError, match="max_keys"):
        name_search_keys("曾德胜", max_keys=0)


def test_every_table_reading_is_lower_case_ascii() -> None:
    for readings in (*SINGLE_SURNAMES.values(), *DOUBLE_SURNAMES.values()):
        for reading in readings:
            assert reading.replace(" ", "").isascii()
            assert reading.replace(" ", "").isalpha()
            assert reading == reading.lower()
    assert all(len(surname) == 2 for surname in DOUBLE_SURNAMES)
    assert all(len(surname) == 1 for surname in SINGLE_SURNAMES)


@pytest.mark.parametrize(
    "query",
    [
        "zengdesheng",
        "zeng de",
        "zeng de sheng",
        "zengd",
        "zds",
        "zd",
        "z",
        "ZDS",
        "ｚｄｓ",
        "zeng'de",
    ],
)
def test_matching_queries(query: str) -> None:
    assert matches_pinyin(name_search_keys("曾德胜"), query)


@pytest.mark.parametrize(
    "query", ["cengdesheng", "desheng", "ds", "zdsx", "", "  ", "曾", "zeng-de"]
)
def test_non_matching_queries(query: str) -> None:
    assert not matches_pinyin(name_search_keys("曾德胜"), query)


@pytest.mark.parametrize(
    ("text", "normalised"),
    [
        ("  ＺＥＮＧ　Ｄｅ  ", "zeng de"),
        ("ｚｄｓ", "zds"),
        ("Zeng\u200bDe", "zengde"),
        ("曾德胜", "曾德胜"),
        ("１２３", "123"),
        ("a \t  b", "a b"),
    ],
)
def test_normalise_query(text: str, normalised: str) -> None:
    assert normalise_query(text) == normalised


def test_normalise_query_keeps_rare_characters() -> None:
    assert normalise_query(" 王𠮷祥 ") == "王𠮷祥"


# Common characters of names, some rare ones, and separators.
name_characters = st.sampled_from(
    [
        *"曾德胜覃小红单雄信区永安仇英解放长孙无忌尉迟万俟吕绿乐盖朝阳重庆行李王张刘陈",
        "𠮷",
        "·",
        "a",
        "Ｚ",
        "3",
        " ",
    ]
)
names = st.text(name_characters, max_size=8)
cjk_names = st.text(
    st.one_of(
        st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF),
        st.characters(min_codepoint=0x20000, max_codepoint=0x2A6DF),  # Extension B
    ),
    max_size=5,
)


@FAST
@given(st.one_of(names, cjk_names))
def test_keys_are_lower_case_ascii_and_bounded(name: str) -> None:
    keys = name_search_keys(name)
    assert len(keys.full) <= MAX_KEYS
    assert len(keys.initials) <= len(keys.full)
    assert len(set(keys.full)) == len(keys.full)
    for key in (*keys.full, *keys.initials):
        assert key
        assert key.isascii()
        assert key == key.lower()
        assert key.isalnum()


@FAST
@given(st.one_of(names, cjk_names), st.data())
def test_every_prefix_of_every_full_key_matches(name: str, data: st.DataObject) -> None:
    keys = name_search_keys(name)
    for key in keys.full:
        for end in range(1, len(key) + 1):
            assert matches_pinyin(keys, key[:end])
        spaced = data.draw(st.lists(st.integers(1, max(1, len(key) - 1)), max_size=3))
        with_spaces = key
        for position in sorted(set(spaced), reverse=True):
            with_spaces = with_spaces[:position] + " " + with_spaces[position:]
        assert matches_pinyin(keys, with_spaces.upper())
    for initials in keys.initials:
        assert matches_pinyin(keys, initials)


def test_the_reading_in_context_comes_first_for_given_names() -> None:
    # 重 alone is most often zhong; in 重阳 it is chong.
    assert name_search_keys("刘重阳").full[0] == "liuchongyang"
    assert "liuzhongyang" in name_search_keys("刘重阳").full
