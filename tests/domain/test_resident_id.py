"""Tests of resident ID parsing (GB 11643-1999, ISO 7064 MOD 11-2)."""

from __future__ import annotations

import pickle
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from minzheng_field.domain.errors import MinzhengError
from minzheng_field.domain.resident_id import (
    InvalidResidentId,
    InvalidResidentIdReason,
    ResidentId,
    Sex,
    is_valid_resident_id,
    parse_resident_id,
    resident_id_check_character,
)

TODAY = date(2026, 1, 1)
FAST = settings(max_examples=300, deadline=None)

# The two examples printed in GB 11643-1999.
GB_EXAMPLE_FEMALE = "11010519491231002X"
GB_EXAMPLE_MALE = "440524188001010014"
LEGACY = "431023800101123"
LEGACY_AS_18 = "431023198001011230"


def full_width(text: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if c.isascii() and c.isalnum() else c for c in text)


def rejection(text: str, *, today: date = TODAY) -> InvalidResidentId:
    with pytest.raises(InvalidResidentId) as caught:
        parse_resident_id(text, today=today)
    error = caught.value
    assert error.kind == "invalid_resident_id"
    assert isinstance(error, MinzhengError)
    # Errors are logged: the number itself must never be in them.
    typed = text.strip()
    if len(typed) >= 6:
        for shown in (str(error), error.message, repr(error.args)):
            assert typed not in shown
            assert typed.upper() not in shown
    return error


# --- valid numbers ---------------------------------------------------------------------


def test_gb_11643_examples_parse_with_their_fields() -> None:
    female = parse_resident_id(GB_EXAMPLE_FEMALE, today=TODAY)
    assert female.number == GB_EXAMPLE_FEMALE
    assert str(female) == GB_EXAMPLE_FEMALE
    assert female.birth_date == date(1949, 12, 31)
    assert female.sex is Sex.FEMALE
    assert female.address_code == "110105"
    assert female.sequence == "002"
    assert female.legacy_number is None

    male = parse_resident_id(GB_EXAMPLE_MALE, today=TODAY)
    assert male.birth_date == date(1880, 1, 1)
    assert male.sex is Sex.MALE
    assert male.sequence == "001"


def test_check_character_of_the_gb_examples() -> None:
    assert resident_id_check_character(GB_EXAMPLE_FEMALE[:17]) == "X"
    assert resident_id_check_character(GB_EXAMPLE_MALE[:17]) == "4"
    assert resident_id_check_character(LEGACY_AS_18[:17]) == "0"


def test_check_character_computed_by_hand() -> None:
    first17 = "43102319800101123"
    weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    total = sum(int(c) * w for c, w in zip(first17, weights, strict=True))
    assert "10X98765432"[total % 11] == resident_id_check_character(first17) == "0"


@pytest.mark.parametrize(
    "bad", ["", "1234567890123456", "1234567890123456789", "1101051949123100X"]
)
def test_check_character_needs_17_ascii_digits(bad: str) -> None:
    with pytest.raises(ValueError, match="17 ASCII digits"):
        resident_id_check_character(bad)


def test_lower_case_x_is_normalised() -> None:
    assert parse_resident_id("11010519491231002x", today=TODAY).number == GB_EXAMPLE_FEMALE


def test_full_width_digits_and_x_are_normalised() -> None:
    assert parse_resident_id("１１０１０５１９４９１２３１００２Ｘ", today=TODAY).number == (
        GB_EXAMPLE_FEMALE
    )
    assert parse_resident_id("１１０１０５１９４９１２３１００２ｘ", today=TODAY).number == (
        GB_EXAMPLE_FEMALE
    )


@pytest.mark.parametrize(
    "text",
    [
        f"  {GB_EXAMPLE_FEMALE}  ",
        f"\u3000{GB_EXAMPLE_FEMALE}\u3000",
        f"\t{GB_EXAMPLE_FEMALE}\r\n",
        f"\ufeff{GB_EXAMPLE_FEMALE}\u200b",  # pasted from a CSV file or a chat app
    ],
)
def test_surrounding_whitespace_is_stripped(text: str) -> None:
    assert parse_resident_id(text, today=TODAY).number == GB_EXAMPLE_FEMALE


def test_legacy_15_digit_number_converts_to_18() -> None:
    resident = parse_resident_id(LEGACY, today=TODAY)
    assert resident.number == LEGACY_AS_18
    assert resident.birth_date == date(1980, 1, 1)
    assert resident.sex is Sex.MALE
    assert resident.address_code == "431023"
    assert resident.sequence == "123"
    assert resident.legacy_number == LEGACY


def test_legacy_and_new_number_of_one_person_are_equal() -> None:
    old = parse_resident_id(LEGACY, today=TODAY)
    new = parse_resident_id(LEGACY_AS_18, today=TODAY)
    assert old == new
    assert hash(old) == hash(new)
    assert len({old, new}) == 1


def test_full_width_legacy_number_converts() -> None:
    assert parse_resident_id(full_width(LEGACY), today=TODAY).number == LEGACY_AS_18


@pytest.mark.parametrize("address_code", ["432801", "432827", "000000", "999999"])
def test_any_address_code_is_accepted(address_code: str) -> None:
    # Older Chenzhou residents carry the 4328xx codes of the former 郴州地区.
    first17 = f"{address_code}19520315001"
    number = first17 + resident_id_check_character(first17)
    assert parse_resident_id(number, today=TODAY).address_code == address_code


def test_sex_follows_parity_of_the_sequence() -> None:
    for sequence, sex in (("000", Sex.FEMALE), ("001", Sex.MALE), ("998", Sex.FEMALE)):
        first17 = f"43100219900307{sequence}"
        number = first17 + resident_id_check_character(first17)
        assert parse_resident_id(number, today=TODAY).sex is sex


def test_leap_day_birth_in_a_leap_year_is_valid() -> None:
    number = "431023200002290040"
    assert parse_resident_id(number, today=TODAY).birth_date == date(2000, 2, 29)


def test_leap_day_birth_in_1900_is_invalid() -> None:
    first17 = "43102319000229004"
    error = rejection(first17 + resident_id_check_character(first17))
    assert error.reason is InvalidResidentIdReason.BIRTH_DATE
    assert "闰年" in error.message
    assert "2月29日" in error.message


def test_earliest_accepted_birth_date_is_1850_01_01() -> None:
    first17 = "43102318500101001"
    number = first17 + resident_id_check_character(first17)
    assert parse_resident_id(number, today=TODAY).birth_date == date(1850, 1, 1)


def test_born_today_is_valid() -> None:
    first17 = "43102320260101001"
    number = first17 + resident_id_check_character(first17)
    assert parse_resident_id(number, today=TODAY).birth_date == TODAY


def test_today_defaults_to_the_real_date() -> None:
    assert parse_resident_id(GB_EXAMPLE_FEMALE).number == GB_EXAMPLE_FEMALE


def test_is_valid_resident_id() -> None:
    assert is_valid_resident_id(GB_EXAMPLE_FEMALE)
    assert is_valid_resident_id(LEGACY)
    assert not is_valid_resident_id("")
    assert not is_valid_resident_id("110105194912310021")
    assert not is_valid_resident_id("not a number")


def test_repr_masks_the_number() -> None:
    resident = parse_resident_id(GB_EXAMPLE_FEMALE, today=TODAY)
    assert GB_EXAMPLE_FEMALE not in repr(resident)
    assert "19491231" not in repr(resident)
    assert repr(resident) == "ResidentId('1101**********002X')"


# --- errors ----------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["", "   ", "\u3000", "\t\n"])
def test_empty(text: str) -> None:
    error = rejection(text)
    assert error.reason is InvalidResidentIdReason.EMPTY
    assert error.reason == "empty"
    assert "没有填写身份证号" in error.message


@pytest.mark.parametrize("text", [GB_EXAMPLE_FEMALE[:17], GB_EXAMPLE_FEMALE[:16], "4310", "1" * 19])
def test_length(text: str) -> None:
    error = rejection(text)
    assert error.reason == "length"
    assert error.message == f"身份证号应为18位（或旧的15位），现在是{len(text)}位。"


def test_length_counts_full_width_characters_as_one() -> None:
    assert "现在是17位" in rejection(full_width(GB_EXAMPLE_FEMALE[:17])).message


def test_letter_names_its_position() -> None:
    error = rejection("431023A9800101123X")
    assert error.reason == "character"
    assert error.position == 7
    assert error.message == "身份证号第7位“A”不是数字。"


def test_x_before_the_last_position_is_rejected() -> None:
    error = rejection("4310X3198001011230")
    assert error.reason == "character"
    assert error.position == 5
    assert "第5位“X”" in error.message
    assert "最后一位" in error.message


def test_x_in_a_legacy_number_is_rejected() -> None:
    error = rejection("43102380010112X")
    assert error.reason == "character"
    assert "第15位" in error.message
    assert "15位" in error.message


def test_inner_space_is_named() -> None:
    error = rejection("431023 198001011230")
    assert error.reason == "character"
    assert error.message == "身份证号第7位是空格，不是数字。"


def test_invisible_character_is_named() -> None:
    error = rejection("431023\u200b198001011230")
    assert error.reason == "character"
    assert error.position == 7
    assert "看不见" in error.message
    assert "U+200B" in error.message


def test_other_unicode_digits_are_not_digits() -> None:
    error = rejection("٤٣١٠٢٣198001011230")  # Arabic-Indic digits
    assert error.reason == "character"
    assert error.position == 1


def test_nonexistent_month() -> None:
    first17 = "43102319801301123"
    error = rejection(first17 + resident_id_check_character(first17))
    assert error.reason == "birth_date"
    assert error.message == "身份证号第11–12位的出生月份“13”不存在。"


def test_nonexistent_day() -> None:
    first17 = "43102319990230123"
    error = rejection(first17 + resident_id_check_character(first17))
    assert error.reason == "birth_date"
    assert error.message == "身份证号第11–14位的出生月日不存在（2月30日）。"
    assert "19990230" not in error.message


def test_nonexistent_day_in_a_legacy_number_names_legacy_positions() -> None:
    error = rejection("431023990230123")
    assert error.reason == "birth_date"
    assert error.message == "身份证号第9–12位的出生月日不存在（2月30日）。"


def test_birth_before_1850() -> None:
    first17 = "43102318491231001"
    error = rejection(first17 + resident_id_check_character(first17))
    assert error.reason == "birth_date"
    assert "1850" in error.message


def test_year_zero_is_before_1850_not_a_crash() -> None:
    first17 = "43102300000101001"
    assert rejection(first17 + resident_id_check_character(first17)).reason == "birth_date"


def test_future_birth_date_against_an_injected_today() -> None:
    first17 = "43102320260102001"
    number = first17 + resident_id_check_character(first17)
    error = rejection(number, today=date(2026, 1, 1))
    assert error.reason is InvalidResidentIdReason.FUTURE_BIRTH_DATE
    assert error.message == "身份证号第7–14位的出生日期晚于今天。"
    assert parse_resident_id(number, today=date(2026, 1, 2)).birth_date == date(2026, 1, 2)


def test_wrong_check_character() -> None:
    error = rejection("110105194912310023")
    assert error.reason == "check_character"
    assert "校验" in error.message
    assert "逐位核对" in error.message
    assert "应为“X”" in error.message
    assert "现在是“3”" in error.message


def test_error_survives_pickling() -> None:
    error = rejection("110105194912310023")
    copy = pickle.loads(pickle.dumps(error))
    assert (copy.reason, copy.message, copy.kind, copy.position) == (
        error.reason,
        error.message,
        error.kind,
        error.position,
    )


# --- age -------------------------------------------------------------------------------


def resident_born(day: date) -> ResidentId:
    first17 = f"431023{day:%Y%m%d}001"
    return parse_resident_id(first17 + resident_id_check_character(first17), today=TODAY)


def test_age_turns_over_on_the_birthday() -> None:
    resident = resident_born(date(1966, 5, 10))
    assert resident.age_on(date(2026, 5, 9)) == 59
    assert resident.age_on(date(2026, 5, 10)) == 60
    assert resident.age_on(date(2026, 12, 31)) == 60


def test_age_is_zero_on_the_day_of_birth() -> None:
    resident = resident_born(date(2025, 12, 31))
    assert resident.age_on(date(2025, 12, 31)) == 0
    assert resident.age_on(date(2026, 12, 30)) == 0
    assert resident.age_on(date(2026, 12, 31)) == 1


def test_leap_day_birthday_turns_over_on_1_march_in_other_years() -> None:
    resident = resident_born(date(2000, 2, 29))
    assert resident.age_on(date(2023, 2, 28)) == 22
    assert resident.age_on(date(2023, 3, 1)) == 23
    assert resident.age_on(date(2024, 2, 28)) == 23
    assert resident.age_on(date(2024, 2, 29)) == 24


def test_age_before_birth_is_an_error() -> None:
    with pytest.raises(ValueError, match="before the birth date"):
        resident_born(date(2000, 2, 29)).age_on(date(2000, 2, 28))


# --- properties ------------------------------------------------------------------------


@st.composite
def generated_ids(
    draw: st.DrawFn, *, earliest: date = date(1900, 1, 1), latest: date = date(2025, 12, 31)
) -> tuple[str, str, date, str]:
    address_code = f"{draw(st.integers(0, 999_999)):06d}"
    birth = draw(st.dates(earliest, latest))
    sequence = f"{draw(st.integers(0, 999)):03d}"
    first17 = f"{address_code}{birth:%Y%m%d}{sequence}"
    return first17 + resident_id_check_character(first17), address_code, birth, sequence


@FAST
@given(generated_ids())
def test_every_generated_number_parses_and_round_trips(
    generated: tuple[str, str, date, str],
) -> None:
    number, address_code, birth, sequence = generated
    resident = parse_resident_id(number, today=TODAY)
    assert resident.number == number
    assert resident.address_code == address_code
    assert resident.birth_date == birth
    assert resident.sequence == sequence
    assert resident.sex is (Sex.MALE if int(sequence) % 2 else Sex.FEMALE)
    for variant in (number.lower(), full_width(number), f"\u3000 {number.lower()} \u3000"):
        assert parse_resident_id(variant, today=TODAY).number == number


@settings(max_examples=150, deadline=None)
@given(generated_ids())
def test_every_single_substitution_is_rejected(generated: tuple[str, str, date, str]) -> None:
    number = generated[0]
    for index, original in enumerate(number):
        for replacement in "0123456789X":
            if replacement == original:
                continue
            changed = number[:index] + replacement + number[index + 1 :]
            with pytest.raises(InvalidResidentId):
                parse_resident_id(changed, today=TODAY)
            if index < 17 and replacement != "X":
                # Not only rejected for some other reason: MOD 11-2 itself catches it.
                assert resident_id_check_character(changed[:17]) != number[17]


@FAST
@given(generated_ids())
def test_every_adjacent_transposition_is_rejected(generated: tuple[str, str, date, str]) -> None:
    number = generated[0]
    for index in range(17):
        if number[index] == number[index + 1]:
            continue
        swapped = number[:index] + number[index + 1] + number[index] + number[index + 2 :]
        assert not is_valid_resident_id(swapped)


@FAST
@given(generated_ids(earliest=date(1900, 1, 1), latest=date(1999, 12, 31)))
def test_legacy_conversion_round_trips(generated: tuple[str, str, date, str]) -> None:
    number, address_code, birth, sequence = generated
    legacy = number[:6] + number[8:17]
    resident = parse_resident_id(legacy, today=TODAY)
    assert resident.number == number
    assert resident.legacy_number == legacy
    assert (resident.address_code, resident.birth_date, resident.sequence) == (
        address_code,
        birth,
        sequence,
    )
    assert parse_resident_id(resident.number, today=TODAY) == resident


@FAST
@given(st.text(max_size=30))
def test_arbitrary_text_is_accepted_or_rejected_with_our_error(text: str) -> None:
    try:
        resident = parse_resident_id(text, today=TODAY)
    except InvalidResidentId as error:
        assert error.reason in set(InvalidResidentIdReason)
    else:
        assert len(resident.number) == 18
