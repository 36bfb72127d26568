"""公民身份号码 (GB 11643-1999): parsing, normalising and checking resident ID numbers."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from minzheng_field.domain.errors import MinzhengError

_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK_CHARACTERS = "10X98765432"  # indexed by the weighted sum mod 11
_DIGITS = "0123456789"
_EARLIEST_BIRTH_DATE = date(1850, 1, 1)  # nobody alive was born earlier

_FULL_WIDTH: dict[int, int | str] = {ord("０") + i: ord("0") + i for i in range(10)}
_FULL_WIDTH.update({ord("x"): "X", ord("Ｘ"): "X", ord("ｘ"): "X"})
# Zero-width characters come along when numbers are pasted from spreadsheets, CSV files
# (byte order mark) or chat apps; they are not whitespace, so \s alone would keep them.
_SURROUNDING = re.compile(
    r"^[\s\u200b\u200c\u200d\u2060\ufeff]+|[\s\u200b\u200c\u200d\u2060\ufeff]+$"
)


class Sex(StrEnum):
    """Sex as encoded by the parity of the sequence number."""

    MALE = "男"
    FEMALE = "女"


class InvalidResidentIdReason(StrEnum):
    """Why a text is not a resident ID number."""

    EMPTY = "empty"
    LENGTH = "length"
    CHARACTER = "character"
    BIRTH_DATE = "birth_date"
    FUTURE_BIRTH_DATE = "future_birth_date"
    CHECK_CHARACTER = "check_character"


class InvalidResidentId(MinzhengError):
    """A text that is not a valid resident ID number; the message never holds the number."""

    kind = "invalid_resident_id"

    def __init__(
        self, reason: InvalidResidentIdReason, message: str, *, position: int | None = None
    ) -> None:
        super().__init__(message, kind="invalid_resident_id")
        self.reason = reason
        # 1-based position of the offending character as typed, for highlighting it.
        self.position = position

    def __reduce__(self) -> tuple[object, ...]:
        return (type(self), (self.reason, self.message), {"position": self.position})


@dataclass(frozen=True, repr=False)
class ResidentId:
    """A checked resident ID number; build it with `parse_resident_id`."""

    number: str
    birth_date: date
    sex: Sex
    address_code: str
    sequence: str
    # Not compared: the same person is the same whether the number was typed old or new.
    legacy_number: str | None = field(default=None, compare=False)

    def __str__(self) -> str:
        return self.number

    def __repr__(self) -> str:
        # Reprs end up in logs and tracebacks; show only what a 公示 would show.
        return f"ResidentId('{self.number[:4]}{'*' * 10}{self.number[-4:]}')"

    def age_on(self, day: date) -> int:
        """Full years of age on `day`; a 29 February birthday counts from 1 March in other years."""
        if day < self.birth_date:
            raise ValueError("age_on: the day is before the birth date")
        # Comparing (month, day) makes 2-29 later than 2-28, so in a non-leap year the
        # birthday is reached on 1 March, as the brief and common practice have it.
        before_birthday = (day.month, day.day) < (self.birth_date.month, self.birth_date.day)
        return day.year - self.birth_date.year - before_birthday


def resident_id_check_character(first17: str) -> str:
    """ISO 7064 MOD 11-2 check character ('0'-'9' or 'X') for the first 17 digits."""
    if len(first17) != 17 or any(c not in _DIGITS for c in first17):
        raise ValueError("resident_id_check_character needs exactly 17 ASCII digits")
    total = sum(int(c) * w for c, w in zip(first17, _WEIGHTS, strict=True))
    return _CHECK_CHARACTERS[total % 11]


def is_valid_resident_id(text: str) -> bool:
    """Whether `text` parses as a resident ID number (18 digits, or a legacy 15)."""
    try:
        parse_resident_id(text)
    except InvalidResidentId:
        return False
    return True


def parse_resident_id(text: str, *, today: date | None = None) -> ResidentId:
    """Check and normalise a typed resident ID number; raise InvalidResidentId if it is wrong."""
    today = today if today is not None else date.today()
    typed = _SURROUNDING.sub("", text)
    if not typed:
        raise InvalidResidentId(InvalidResidentIdReason.EMPTY, "没有填写身份证号。")
    normalised = typed.translate(_FULL_WIDTH)

    for index, char in enumerate(normalised):
        if char not in _DIGITS and char != "X":
            raise _bad_character(typed[index], index + 1)
    if len(normalised) not in (15, 18):
        raise InvalidResidentId(
            InvalidResidentIdReason.LENGTH,
            f"身份证号应为18位（或旧的15位），现在是{len(normalised)}位。",
        )
    x_index = normalised.find("X")
    if len(normalised) == 15 and x_index >= 0:
        raise InvalidResidentId(
            InvalidResidentIdReason.CHARACTER,
            f"身份证号第{x_index + 1}位“{typed[x_index]}”不是数字，旧的15位号码全是数字。",
            position=x_index + 1,
        )
    if len(normalised) == 18 and 0 <= x_index < 17:
        raise InvalidResidentId(
            InvalidResidentIdReason.CHARACTER,
            f"身份证号第{x_index + 1}位“{typed[x_index]}”不是数字，X只能是最后一位。",
            position=x_index + 1,
        )

    if len(normalised) == 15:
        legacy: str | None = normalised
        first17 = normalised[:6] + "19" + normalised[6:]
        birth_date = _birth_date(first17[6:14], legacy=True, today=today)
        number = first17 + resident_id_check_character(first17)
    else:
        legacy = None
        birth_date = _birth_date(normalised[6:14], legacy=False, today=today)
        expected = resident_id_check_character(normalised[:17])
        if expected != normalised[17]:
            # A wrong digit is as likely anywhere in the number: the message says so, lest
            # someone "fix" only the last character and save a wrong number that passes.
            raise InvalidResidentId(
                InvalidResidentIdReason.CHECK_CHARACTER,
                f"身份证号最后一位校验码按前17位应为“{expected}”，现在是“{normalised[17]}”；"
                "可能有一位抄错了，请对照证件逐位核对，不要只改最后一位。",
            )
        number = normalised

    sequence = number[14:17]
    return ResidentId(
        number=number,
        birth_date=birth_date,
        sex=Sex.MALE if int(sequence[-1]) % 2 else Sex.FEMALE,
        address_code=number[:6],
        sequence=sequence,
        legacy_number=legacy,
    )


def _bad_character(char: str, position: int) -> InvalidResidentId:
    if char.isspace():
        message = f"身份证号第{position}位是空格，不是数字。"
    elif not char.isprintable():
        message = (
            f"身份证号第{position}位有一个看不见的字符（U+{ord(char):04X}），请删除后重新输入。"
        )
    else:
        message = f"身份证号第{position}位“{char}”不是数字。"
    return InvalidResidentId(InvalidResidentIdReason.CHARACTER, message, position=position)


def _birth_date(yyyymmdd: str, *, legacy: bool, today: date) -> date:
    # Positions as the user typed them: a legacy number has a 2-digit year.
    year_at, month_at, day_at = (7, 9, 11) if legacy else (7, 11, 13)
    year, month, day = int(yyyymmdd[:4]), int(yyyymmdd[4:6]), int(yyyymmdd[6:])
    if not 1 <= month <= 12:
        raise InvalidResidentId(
            InvalidResidentIdReason.BIRTH_DATE,
            f"身份证号第{month_at}–{month_at + 1}位的出生月份“{yyyymmdd[4:6]}”不存在。",
        )
    if year < _EARLIEST_BIRTH_DATE.year:
        raise InvalidResidentId(
            InvalidResidentIdReason.BIRTH_DATE,
            f"身份证号第{year_at}–{month_at - 1}位的出生年份早于1850年，请核对。",
        )
    try:
        birth_date = date(year, month, day)
    except ValueError:
        if month == 2 and day == 29:
            message = (
                f"身份证号第{year_at}–{day_at + 1}位的出生日期不存在（该年不是闰年，没有2月29日）。"
            )
        else:
            message = f"身份证号第{month_at}–{day_at + 1}位的出生月日不存在（{month}月{day}日）。"
        raise InvalidResidentId(InvalidResidentIdReason.BIRTH_DATE, message) from None
    if birth_date > today:
        raise InvalidResidentId(
            InvalidResidentIdReason.FUTURE_BIRTH_DATE,
            f"身份证号第{year_at}–{day_at + 1}位的出生日期晚于今天。",
        )
    return birth_date
