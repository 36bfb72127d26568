"""Pinyin search keys for Chinese names, so that 曾德胜 is found by `zengdesheng` or `zds`.

pypinyin gives the common-word reading of a character, which for many surnames is not
the surname reading: 曾 is `ceng` in 曾经 but the surname is `zeng`, 单 is `dan` but the
surname is `shan`. So the surname (the first one or two characters) is read from the
table below and the given name from pypinyin with all its readings.

The surname table: the polyphonic surnames of the 《现代汉语词典》 entries marked 姓, the
PRC Ministry of Education's 《普通话异读词审音表》, and those found in Hunan case files.
Where a surname has two readings in real use both are kept, in order of frequency:
- 覃: `qin` is the usual reading in Hunan and Guangxi (Zhuang and Tujia areas); `tan` is
  the older Han reading and still used by some families.
- 尉 `yu` (and `wei`), 翟 `zhai` (and `di`), 乐 `yue` (and `le`), 盖 `ge` (and `gai`),
  隗 `wei` (and `kui`), 柏 `bai` (and `bo`), 蔚 `yu` (and `wei`), 宓 `mi` (and `fu`),
  谌 `chen` (and `shen`, common in Hunan and Jiangxi): both readings are heard for people
  of that surname.
- 曾 is only `zeng` as a surname; 单 only `shan` (`chan` belongs to the double surname
  单于); 解 only `xie`; 区 only `ou`; 仇 only `qiu`; 万 is `wan` (`mo` only in 万俟).
Double surnames are matched first. Because a name like 单于洋 may just as well be the
surname 单 with the given name 于洋, names starting with a double surname also get the
keys of the single-surname reading, after the double-surname ones.
Keys use `v` for ü (吕 `lv`, as typed on Chinese keyboards) and also `u` (`lu`).
"""

from __future__ import annotations

import heapq
import re
from collections.abc import Sequence
from dataclasses import dataclass

from pypinyin import Style, lazy_pinyin, pinyin

MAX_KEYS = 16

# Readings of a double surname keep a space between syllables, for the initials (zswj).
DOUBLE_SURNAMES: dict[str, tuple[str, ...]] = {
    "长孙": ("zhang sun",),
    "尉迟": ("yu chi",),
    "万俟": ("mo qi",),
    "单于": ("chan yu",),
    "澹台": ("tan tai",),
    "乐正": ("yue zheng",),
    "令狐": ("ling hu",),
    "亓官": ("qi guan",),
}

SINGLE_SURNAMES: dict[str, tuple[str, ...]] = {
    "曾": ("zeng",),
    "覃": ("qin", "tan"),
    "单": ("shan",),
    "解": ("xie",),
    "区": ("ou",),
    "仇": ("qiu",),
    "查": ("zha",),
    "朴": ("piao",),
    "尉": ("yu", "wei"),
    "翟": ("zhai", "di"),
    "缪": ("miao",),
    "万": ("wan",),
    "召": ("shao",),
    "乐": ("yue", "le"),
    "盖": ("ge", "gai"),
    "种": ("chong",),
    "纪": ("ji",),
    "繁": ("po",),
    "员": ("yun",),
    "句": ("gou",),
    "褚": ("chu",),
    "郇": ("xun",),
    "秘": ("bi",),
    "冼": ("xian",),
    "隗": ("wei", "kui"),
    "谌": ("chen", "shen"),
    "沈": ("shen",),
    "石": ("shi",),
    "柏": ("bai", "bo"),
    "薄": ("bo",),
    "朝": ("chao",),
    "车": ("che",),
    "能": ("nai", "neng"),
    "折": ("she",),
    "宿": ("su",),
    "长": ("chang",),
    "重": ("chong",),
    "蔚": ("yu", "wei"),
    "都": ("du",),
    "藏": ("zang",),
    "贲": ("ben",),
    "宓": ("mi", "fu"),
    "祭": ("zhai",),
    "洗": ("xian",),
    "阚": ("kan",),
    "任": ("ren",),
    "冯": ("feng",),
    "陆": ("lu",),
    "王": ("wang",),
    "那": ("na",),
}

_FULL_WIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}
_FULL_WIDTH[0x3000] = ord(" ")
# Zero-width characters come along with text pasted from spreadsheets and chat apps.
_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff]")
_SPACES = re.compile(r"\s+")
# Apostrophes separate syllables the way pinyin input methods do (xi'an).
_SYLLABLE_SEPARATORS = re.compile(r"[\s'’]+")
_ASCII_WORD = re.compile(r"[a-z0-9]+")


@dataclass(frozen=True)
class NameKeys:
    """Search keys of one name: whole pinyin readings and their initials, most likely first."""

    full: tuple[str, ...]
    initials: tuple[str, ...]


def normalise_query(text: str) -> str:
    """Search input made comparable: full-width to half-width, lower case, single spaces."""
    text = _INVISIBLE.sub("", text.translate(_FULL_WIDTH))
    return _SPACES.sub(" ", text).strip().lower()


def name_search_keys(name: str, *, max_keys: int = MAX_KEYS) -> NameKeys:
    """Every plausible pinyin spelling of a name (at most `max_keys`) and their initials."""
    if max_keys < 1:
        raise ValueError("name_search_keys: max_keys must be at least 1")
    text = normalise_query(name)
    ranked: list[tuple[int, int, tuple[str, ...]]] = []
    for penalty, positions in _readings_by_parse(text):
        ranked.extend(
            (cost + penalty, order, combo)
            for order, (cost, combo) in enumerate(_cheapest_combinations(positions, max_keys))
        )
    full: list[str] = []
    initials: list[str] = []
    for _, _, combo in sorted(ranked):
        syllables = " ".join(combo).split()
        key = "".join(syllables)
        if not key or key in full:
            continue
        full.append(key)
        initial = "".join(syllable[0] for syllable in syllables)
        if initial not in initials:
            initials.append(initial)
        if len(full) == max_keys:
            break
    return NameKeys(tuple(full), tuple(initials))


def matches_pinyin(keys: NameKeys, query: str) -> bool:
    """Whether the query is the start of a full pinyin key (spaces allowed) or of the initials."""
    wanted = _SYLLABLE_SEPARATORS.sub("", normalise_query(query))
    if not _ASCII_WORD.fullmatch(wanted):
        return False
    return any(key.startswith(wanted) for key in (*keys.full, *keys.initials))


# A position is a list of (cost, reading); cost 0 is the most likely reading.
_Position = list[tuple[int, str]]


def _readings_by_parse(text: str) -> list[tuple[int, list[_Position]]]:
    """The ways to read a name, each with a penalty: double surname first, then single."""
    parses: list[tuple[int, list[_Position]]] = []
    double = DOUBLE_SURNAMES.get(text[:2])
    if double is not None:
        parses.append((0, [_equal(double), *_given_name_readings(text[2:])]))
    single = SINGLE_SURNAMES.get(text[:1])
    penalty = 1 if parses else 0
    if single is not None:
        parses.append((penalty, [_equal(single), *_given_name_readings(text[1:])]))
    else:
        parses.append((penalty, _given_name_readings(text)))
    return parses


def _equal(readings: Sequence[str]) -> _Position:
    # All readings of a surname in the table are real; none should be crowded out.
    return [(0, reading) for reading in readings]


def _given_name_readings(text: str) -> list[_Position]:
    positions: list[_Position] = []
    han: list[tuple[int, str]] = []  # (position index, character) of characters with readings
    for token in _tokens(text):
        if _ASCII_WORD.fullmatch(token):
            positions.append([(0, token)])
            continue
        readings = _character_readings(token)
        if readings:
            han.append((len(positions), token))
            positions.append(readings)
    _prefer_readings_in_context(han, positions)
    return positions


def _tokens(text: str) -> list[str]:
    """Runs of ASCII letters and digits, and single other characters; separators dropped."""
    tokens: list[str] = []
    index = 0
    while index < len(text):
        found = _ASCII_WORD.match(text, index)
        if found is not None:
            tokens.append(found.group())
            index = found.end()
            continue
        if text[index].isalpha():
            tokens.append(text[index])
        index += 1
    return tokens


def _character_readings(char: str) -> _Position:
    # A character pypinyin does not know (many in CJK Extension B) gives no reading; the
    # name is still found by its characters.
    found = pinyin(char, style=Style.NORMAL, heteronym=True, errors=lambda _: None)
    readings: list[str] = []
    for reading in found[0] if found else ():
        for variant in (reading, reading.replace("v", "u")):
            if _ASCII_WORD.fullmatch(variant) and variant not in readings:
                readings.append(variant)
    return list(enumerate(readings))


def _prefer_readings_in_context(han: list[tuple[int, str]], positions: list[_Position]) -> None:
    """Make the reading pypinyin picks from its phrase table the most likely one."""
    if len(han) < 2:
        return
    in_context = lazy_pinyin("".join(char for _, char in han), errors=lambda _: None)
    if len(in_context) != len(han):
        return
    for (index, _), reading in zip(han, in_context, strict=True):
        others = [other for _, other in positions[index] if other != reading]
        if len(others) < len(positions[index]):
            positions[index] = list(enumerate([reading, *others]))


def _cheapest_combinations(
    positions: Sequence[_Position], limit: int
) -> list[tuple[int, tuple[str, ...]]]:
    """Up to `limit` combinations of one reading per position, cheapest first."""
    if not positions:
        return []
    start = (0,) * len(positions)
    heap = [(_cost(positions, start), start)]
    seen = {start}
    found: list[tuple[int, tuple[str, ...]]] = []
    while heap and len(found) < limit:
        cost, choice = heapq.heappop(heap)
        found.append((cost, tuple(positions[i][c][1] for i, c in enumerate(choice))))
        for i in range(len(positions)):
            if choice[i] + 1 < len(positions[i]):
                successor = (*choice[:i], choice[i] + 1, *choice[i + 1 :])
                if successor not in seen:
                    seen.add(successor)
                    heapq.heappush(heap, (_cost(positions, successor), successor))
    return found


def _cost(positions: Sequence[_Position], choice: tuple[int, ...]) -> int:
    return sum(positions[i][c][0] for i, c in enumerate(choice))
