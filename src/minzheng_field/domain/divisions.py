"""Administrative division codes (GB/T 2260 + statistical 9/12-digit codes) and their look-up."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum

from minzheng_field.domain.errors import MinzhengError

_CODE_LENGTHS = (6, 9, 12)
_FULL_WIDTH_DIGITS = {ord("０") + i: ord("0") + i for i in range(10)}
# Zero-width characters arrive with text pasted from spreadsheets and chat apps.
_IGNORED = re.compile(r"[\s\u200b\u200c\u200d\u2060\ufeff]+")
_DIGITS = re.compile(r"[0-9]+")
_YEAR = re.compile(r"[0-9]{4}")
# Echoing a longer number could repeat a phone or ID number typed into the wrong field.
_LONGEST_ECHOED_MALFORMED = 6


class DivisionLevel(StrEnum):
    """The level of a division, from the prefecture-level city down to the village."""

    CITY = "city"
    COUNTY = "county"
    TOWNSHIP = "township"
    VILLAGE = "village"


_LEVEL_CODE_LENGTH = {
    DivisionLevel.CITY: 6,
    DivisionLevel.COUNTY: 6,
    DivisionLevel.TOWNSHIP: 9,
    DivisionLevel.VILLAGE: 12,
}
_PARENT_LEVEL = {
    DivisionLevel.COUNTY: DivisionLevel.CITY,
    DivisionLevel.TOWNSHIP: DivisionLevel.COUNTY,
    DivisionLevel.VILLAGE: DivisionLevel.TOWNSHIP,
}


class InvalidDivisionCodeReason(StrEnum):
    """Why a text is not a usable division code."""

    EMPTY = "empty"
    FORMAT = "format"
    UNKNOWN = "unknown"
    LEVEL = "level"
    RETIRED = "retired"


class InvalidDivisionCode(MinzhengError):
    """A division code that is malformed or not in the table; the message is plain Chinese."""

    kind = "invalid_division_code"

    def __init__(self, reason: InvalidDivisionCodeReason, message: str) -> None:
        super().__init__(message, kind="invalid_division_code")
        self.reason = reason

    def __reduce__(self) -> tuple[object, ...]:
        return (type(self), (self.reason, self.message))


@dataclass(frozen=True)
class Division:
    """One division of the table; retired codes keep their record and may name a successor."""

    code: str
    name: str
    level: DivisionLevel
    parent_code: str | None
    retired_since: str | None = None
    successor_code: str | None = None
    note: str | None = field(default=None, compare=False)

    @property
    def is_retired(self) -> bool:
        """Whether the code is no longer in use (it stays readable in old records)."""
        return self.retired_since is not None


def normalize_division_code(text: str) -> str:
    """Return the canonical 6-, 9- or 12-digit code for what a person typed or pasted."""
    digits = _IGNORED.sub("", text).translate(_FULL_WIDTH_DIGITS)
    if not digits:
        raise InvalidDivisionCode(InvalidDivisionCodeReason.EMPTY, "请填写区划代码。")
    if not (digits.isascii() and _DIGITS.fullmatch(digits)) or len(digits) not in _CODE_LENGTHS:
        raise _malformed(digits)
    # NBS tables pad the township and village parts with zeros: 431023113000 is a township.
    if len(digits) == 12 and digits.endswith("000"):
        digits = digits[:9]
    if len(digits) == 9 and digits.endswith("000"):
        digits = digits[:6]
    return digits


def _malformed(digits: str) -> InvalidDivisionCode:
    rule = "应为6位、9位或12位数字。"
    if digits.isascii() and digits.isdigit() and len(digits) <= _LONGEST_ECHOED_MALFORMED:
        message = f"区划代码“{digits}”格式不对：{rule}"
    else:
        message = f"区划代码格式不对：{rule}"
    return InvalidDivisionCode(InvalidDivisionCodeReason.FORMAT, message)


def _unknown(code: str) -> InvalidDivisionCode:
    return InvalidDivisionCode(
        InvalidDivisionCodeReason.UNKNOWN, f"区划代码“{code}”不在区划表中，请核对。"
    )


class DivisionTable:
    """A versioned table of divisions with indexes by code, parent and name, built once."""

    def __init__(self, version: str, source: str, divisions: Iterable[Division]) -> None:
        self._version = version
        self._source = source
        self._by_code: dict[str, Division] = {}
        for division in divisions:
            if division.code in self._by_code:
                raise ValueError(f"division table: duplicate code {division.code}")
            self._by_code[division.code] = division
        _check_links(self._by_code)
        children: dict[str, list[Division]] = {}
        by_name: dict[str, list[Division]] = {}
        by_level: dict[DivisionLevel, list[Division]] = {}
        for division in sorted(self._by_code.values(), key=lambda d: d.code):
            if division.parent_code is not None:
                children.setdefault(division.parent_code, []).append(division)
            by_name.setdefault(division.name, []).append(division)
            by_level.setdefault(DivisionLevel(division.level), []).append(division)
        self._children = {code: tuple(kids) for code, kids in children.items()}
        self._by_name = {name: tuple(found) for name, found in by_name.items()}
        self._by_level = {level: tuple(found) for level, found in by_level.items()}
        self._ordered = tuple(sorted(self._by_code.values(), key=_current_first))

    @classmethod
    def from_json(cls, text: str) -> DivisionTable:
        """Build a table from its JSON text; raise ValueError when the table is malformed."""
        try:
            data = json.loads(text)
        except json.JSONDecodeError as error:
            raise ValueError(f"division table: not JSON ({error})") from error
        if not isinstance(data, dict):
            raise ValueError("division table: the top level must be an object")
        version = data.get("version")
        source = data.get("source")
        records = data.get("divisions")
        if not isinstance(version, str) or not version:
            raise ValueError("division table: 'version' must be a non-empty string")
        if not isinstance(source, str):
            raise ValueError("division table: 'source' must be a string")
        if not isinstance(records, list):
            raise ValueError("division table: 'divisions' must be a list")
        return cls(version, source, (_division_from_record(record) for record in records))

    @property
    def version(self) -> str:
        """The edition of the code table, e.g. the statistics year."""
        return self._version

    @property
    def source(self) -> str:
        """Where the data of this edition came from."""
        return self._source

    def __len__(self) -> int:
        return len(self._by_code)

    def __contains__(self, code: object) -> bool:
        return isinstance(code, str) and self.find(code) is not None

    def find(self, code: str) -> Division | None:
        """The division for a code as typed, or None when it is malformed or unknown."""
        try:
            return self._by_code.get(normalize_division_code(code))
        except InvalidDivisionCode:
            return None

    def get(self, code: str) -> Division:
        """The division for a code as typed (retired ones included); raise when unknown."""
        canonical = normalize_division_code(code)
        division = self._by_code.get(canonical)
        if division is None:
            raise _unknown(canonical)
        return division

    def township(self, code: str) -> Division:
        """The current township (乡镇/街道) with this code; anything else is refused."""
        division = self.get(code)
        if division.level is not DivisionLevel.TOWNSHIP:
            raise InvalidDivisionCode(
                InvalidDivisionCodeReason.LEVEL,
                f"区划代码{division.code}是{division.name}，不是乡镇（街道）；请给出9位的乡镇代码。",
            )
        if division.is_retired:
            current = self.current(division.code)
            raise InvalidDivisionCode(
                InvalidDivisionCodeReason.RETIRED,
                f"{division.name}的代码已停用，请改用{current.name}（{current.code}）。",
            )
        return division

    def children(self, code: str, *, include_retired: bool = False) -> list[Division]:
        """The divisions directly under a code, ordered by code."""
        parent = self.get(code)
        kids = self._children.get(parent.code, ())
        return [kid for kid in kids if include_retired or not kid.is_retired]

    def path(self, code: str) -> list[Division]:
        """The chain of divisions from the city down to this code."""
        division = self.get(code)
        chain = [division]
        while division.parent_code is not None:
            division = self._by_code[division.parent_code]
            chain.append(division)
        chain.reverse()
        return chain

    def full_name(self, code: str) -> str:
        """The names along the path joined, e.g. 郴州市永兴县樟树镇坦泉村."""
        return "".join(division.name for division in self.path(code))

    def current(self, code: str) -> Division:
        """The division in use today: a retired code is followed to its successors."""
        division = self.get(code)
        while division.is_retired and division.successor_code is not None:
            division = self._by_code[division.successor_code]
        return division

    def search_name(
        self,
        name: str,
        *,
        level: DivisionLevel | str | None = None,
        within: str | None = None,
    ) -> list[Division]:
        """Divisions whose name is or contains `name`: exact first, current before retired."""
        wanted = _IGNORED.sub("", name)
        if not wanted:
            return []
        wanted_level = None if level is None else DivisionLevel(level)
        ancestor = None if within is None else self.get(within).code

        def keep(division: Division) -> bool:
            if wanted_level is not None and division.level != wanted_level:
                return False
            return ancestor is None or self._is_descendant(division, ancestor)

        exact = sorted((d for d in self._by_name.get(wanted, ()) if keep(d)), key=_current_first)
        contained = [d for d in self._ordered if wanted in d.name and d.name != wanted and keep(d)]
        return exact + contained

    def counties(self, *, include_retired: bool = False) -> list[Division]:
        """All county-level divisions, ordered by code."""
        counties = self._by_level.get(DivisionLevel.COUNTY, ())
        return [d for d in counties if include_retired or not d.is_retired]

    def townships(self, county_code: str, *, include_retired: bool = False) -> list[Division]:
        """The townships, streets and farms of a county."""
        return self._children_at(county_code, DivisionLevel.TOWNSHIP, include_retired)

    def villages(self, township_code: str, *, include_retired: bool = False) -> list[Division]:
        """The villages and communities of a township."""
        return self._children_at(township_code, DivisionLevel.VILLAGE, include_retired)

    def _children_at(
        self, code: str, level: DivisionLevel, include_retired: bool
    ) -> list[Division]:
        return [
            kid
            for kid in self.children(code, include_retired=include_retired)
            if kid.level == level
        ]

    def _is_descendant(self, division: Division, ancestor: str) -> bool:
        parent = division.parent_code
        while parent is not None:
            if parent == ancestor:
                return True
            parent = self._by_code[parent].parent_code
        return False


def _current_first(division: Division) -> tuple[bool, str]:
    return (division.is_retired, division.code)


_RECORD_KEYS = frozenset({"code", "name", "level", "parent", "retired"})
_RETIRED_KEYS = frozenset({"since", "successor", "note"})


def _division_from_record(record: object) -> Division:
    if not isinstance(record, Mapping):
        raise ValueError("division table: every division must be an object")
    unexpected = set(record) - _RECORD_KEYS
    if unexpected:
        raise ValueError(f"division table: unexpected keys {sorted(unexpected)}")
    code = record.get("code")
    name = record.get("name")
    parent = record.get("parent")
    if not isinstance(code, str) or not _is_canonical_code(code):
        raise ValueError(f"division table: bad code {code!r}")
    if not isinstance(name, str) or not name.strip():
        raise ValueError(f"division table: {code} has no name")
    try:
        level = DivisionLevel(record.get("level"))
    except ValueError as error:
        raise ValueError(f"division table: {code} has a bad level") from error
    # City codes end in 00 (431000); a county code never does (431023).
    if len(code) != _LEVEL_CODE_LENGTH[level] or (
        len(code) == 6 and code.endswith("00") != (level == DivisionLevel.CITY)
    ):
        raise ValueError(f"division table: {code} does not fit level {level}")
    if parent is not None and not isinstance(parent, str):
        raise ValueError(f"division table: {code} has a bad parent")
    since = successor = note = None
    retired = record.get("retired")
    if retired is not None:
        if not isinstance(retired, Mapping) or set(retired) - _RETIRED_KEYS:
            raise ValueError(f"division table: {code} has a bad 'retired' entry")
        since = retired.get("since")
        successor = retired.get("successor")
        note = retired.get("note")
        if not isinstance(since, str) or not _YEAR.fullmatch(since):
            raise ValueError(f"division table: {code} needs 'since' as a YYYY year")
        if successor is not None and not isinstance(successor, str):
            raise ValueError(f"division table: {code} has a bad successor")
        if note is not None and not isinstance(note, str):
            raise ValueError(f"division table: {code} has a bad note")
    return Division(code, name, level, parent, since, successor, note or None)


def _is_canonical_code(code: str) -> bool:
    if not (code.isascii() and code.isdigit() and len(code) in _CODE_LENGTHS):
        return False
    try:
        return normalize_division_code(code) == code
    except InvalidDivisionCode:
        return False


def _check_links(by_code: Mapping[str, Division]) -> None:
    for division in by_code.values():
        _check_parent(division, by_code)
        _check_successors(division, by_code)


def _check_parent(division: Division, by_code: Mapping[str, Division]) -> None:
    code = division.code
    if division.level == DivisionLevel.CITY:
        if division.parent_code is not None:
            raise ValueError(f"division table: city {code} cannot have a parent")
        return
    parent = by_code.get(division.parent_code or "")
    if parent is None:
        raise ValueError(f"division table: parent of {code} is missing")
    if parent.level != _PARENT_LEVEL[division.level]:
        raise ValueError(f"division table: parent of {code} is at the wrong level")
    # A county shares the first four digits with its city; lower levels extend the parent.
    prefix = parent.code[:4] if division.level == DivisionLevel.COUNTY else parent.code
    if not code.startswith(prefix):
        raise ValueError(f"division table: {code} does not start with its parent's code")


def _check_successors(division: Division, by_code: Mapping[str, Division]) -> None:
    if division.successor_code is None:
        return
    if not division.is_retired:
        raise ValueError(f"division table: {division.code} names a successor but is current")
    seen = {division.code}
    step = division
    while step.successor_code is not None:
        if step.successor_code in seen:
            raise ValueError(f"division table: successors of {division.code} form a loop")
        nxt = by_code.get(step.successor_code)
        if nxt is None:
            raise ValueError(f"division table: successor of {step.code} is missing")
        seen.add(nxt.code)
        step = nxt
