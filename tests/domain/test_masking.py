"""Tests of the masked forms shown on screens and printed on public lists."""

from __future__ import annotations

import re
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from minzheng_field.domain.masking import mask_bank_account, mask_phone, mask_resident_id
from minzheng_field.domain.resident_id import resident_id_check_character

FAST = settings(max_examples=300, deadline=None)


def shown(masked: str) -> str:
    """The characters of a mask that come from the original value."""
    return re.sub(r"[* \-]", "", masked)


# --- resident ID -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("number", "masked"),
    [
        ("431002199003071234", "4310**********1234"),  # the 公示 example of DOMAIN.md
        ("11010519491231002X", "1101**********002X"),
        ("11010519491231002x", "1101**********002X"),
        ("  11010519491231002X\u3000", "1101**********002X"),
        ("１１０１０５１９４９１２３１００２Ｘ", "1101**********002X"),
        ("431023800101123", "4310*******1123"),
    ],
)
def test_mask_resident_id(number: str, masked: str) -> None:
    assert mask_resident_id(number) == masked


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        ("4310231980010112", "**************12"),
        ("43102319800101123A", "****************3A"),
        ("待核实", "***"),
        ("1234", "****"),
        ("", ""),
    ],
)
def test_mask_resident_id_of_unparseable_text_keeps_at_most_the_last_two(
    text: str, masked: str
) -> None:
    assert mask_resident_id(text) == masked


@FAST
@given(
    st.integers(0, 999_999),
    st.dates(date(1900, 1, 1), date(2025, 12, 31)),
    st.integers(0, 999),
)
def test_masked_resident_id_shows_only_first_four_and_last_four(
    address: int, birth: date, sequence: int
) -> None:
    first17 = f"{address:06d}{birth:%Y%m%d}{sequence:03d}"
    number = first17 + resident_id_check_character(first17)
    masked = mask_resident_id(number)
    assert masked == number[:4] + "*" * 10 + number[-4:]
    assert birth.strftime("%Y%m%d") not in masked


@FAST
@given(st.text(max_size=40))
def test_mask_resident_id_never_raises_and_shows_at_most_eight(text: str) -> None:
    masked = mask_resident_id(text)
    assert len(shown(masked)) <= 8
    if len(text.strip()) not in (15, 18):
        assert len(shown(masked)) <= 2


# --- phone -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("phone", "masked"),
    [
        ("13812345678", "138****5678"),
        ("138 1234 5678", "138****5678"),
        ("138-1234-5678", "138****5678"),
        ("+86 138 1234 5678", "138****5678"),
        ("+8613812345678", "138****5678"),
        ("8613812345678", "138****5678"),
        ("86-138-1234-5678", "138****5678"),
        ("008613812345678", "138****5678"),
        ("１３８１２３４５６７８", "138****5678"),
        ("0735-2345678", "0735-***5678"),
        ("0735 2345678", "0735-***5678"),
        ("07352345678", "0735-***5678"),
        ("(0735)2345678", "0735-***5678"),
        ("（0735）2345678", "0735-***5678"),
        ("+86 735 2345678", "0735-***5678"),
        ("010-12345678", "010-****5678"),
        ("020-87654321", "020-****4321"),
    ],
)
def test_mask_phone(phone: str, masked: str) -> None:
    assert mask_phone(phone) == masked


@pytest.mark.parametrize(
    ("phone", "masked"),
    [
        ("2345678", "*****78"),  # no area code
        ("0735-2345678-801", "**************01"),  # extension
        ("138123456789", "**********89"),  # one digit too many
        ("问村主任", "****"),
        ("12", "**"),
        ("", ""),
    ],
)
def test_mask_phone_of_anything_else_keeps_at_most_the_last_two(phone: str, masked: str) -> None:
    assert mask_phone(phone) == masked


@FAST
@given(st.from_regex(r"1[3-9][0-9]{9}", fullmatch=True))
def test_masked_mobile_hides_the_middle_four(mobile: str) -> None:
    assert mask_phone(mobile) == f"{mobile[:3]}****{mobile[-4:]}"
    assert mask_phone(f"+86 {mobile[:3]} {mobile[3:7]} {mobile[7:]}") == mask_phone(mobile)


@FAST
@given(st.text(max_size=30))
def test_mask_phone_never_raises_and_shows_at_most_area_code_and_last_four(text: str) -> None:
    assert len(shown(mask_phone(text))) <= 8


# --- bank account ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("account", "masked"),
    [
        ("6228480012345678901", "**** **** **** 8901"),
        ("6228 4800 1234 5678 901", "**** **** **** 8901"),
        ("6228-4800-1234-5678", "**** **** **** 5678"),
        ("６２２８４８００１２３４５６７８", "**** **** **** 5678"),
        ("12345678", "**** **** **** 5678"),
        ("1234567", "**** **** **** ****"),  # too short to be an account: show nothing
        ("农行 6228480012345678", "**** **** **** ****"),
        ("", ""),
    ],
)
def test_mask_bank_account(account: str, masked: str) -> None:
    assert mask_bank_account(account) == masked


@FAST
@given(st.from_regex(r"[0-9]{8,25}", fullmatch=True))
def test_masked_account_shows_only_the_last_four(account: str) -> None:
    masked = mask_bank_account(account)
    assert masked == "**** **** **** " + account[-4:]
    assert len(shown(masked)) == 4


@FAST
@given(st.text(max_size=40))
def test_mask_bank_account_never_raises_and_shows_at_most_four(text: str) -> None:
    assert len(shown(mask_bank_account(text))) <= 4
