"""Masked forms of ID numbers, phone numbers and bank accounts, for screens and public lists."""

from __future__ import annotations

import re

_HALF_WIDTH: dict[int, int | str] = {ord("０") + i: ord("0") + i for i in range(10)}
_HALF_WIDTH.update({ord("Ｘ"): "X", ord("ｘ"): "X", ord("x"): "X", ord("＋"): "+"})

_RESIDENT_ID_18 = re.compile(r"[0-9]{17}[0-9X]")
_RESIDENT_ID_15 = re.compile(r"[0-9]{15}")
_PHONE_CHARACTERS = re.compile(r"\+?[0-9 ()\-\u3000（）－]+")
_MOBILE = re.compile(r"1[0-9]{10}")
_ACCOUNT_SEPARATORS = re.compile(r"[\s\-－]")
_ACCOUNT = re.compile(r"[0-9]{8,}")
_ACCOUNT_MASK = "**** **** **** "

# An unrecognised value shows its last characters only if at least this many stay hidden.
_MIN_HIDDEN = 4


def mask_resident_id(number: str) -> str:
    """ID number as on a 公示: `4310**********1234` (18) or `4310*******1234` (15)."""
    text = number.strip().translate(_HALF_WIDTH)
    if _RESIDENT_ID_18.fullmatch(text):
        return f"{text[:4]}{'*' * 10}{text[-4:]}"
    if _RESIDENT_ID_15.fullmatch(text):
        return f"{text[:4]}{'*' * 7}{text[-4:]}"
    return _keep_last(text, 2)


def mask_phone(phone: str) -> str:
    """Phone number with the middle hidden: `138****5678`, `0735-***5678`."""
    text = phone.strip().translate(_HALF_WIDTH)
    if not _PHONE_CHARACTERS.fullmatch(text):
        return _keep_last(text, 2)
    digits = re.sub(r"[^0-9]", "", text)
    # No domestic number starts with 86 (mobiles start with 1, landlines with 0), so a
    # leading 86 or 0086 is always the country code.
    if digits.startswith(("0086", "86")):
        national = digits.removeprefix("00").removeprefix("86")
        if not national.startswith(("0", "1")):
            national = "0" + national  # the trunk 0 is dropped after a country code
    else:
        national = digits
    if _MOBILE.fullmatch(national):
        return f"{national[:3]}****{national[-4:]}"
    if national.startswith("0") and len(national) > 1:
        # 010 and 02x are the only 3-digit area codes; all others have 4 digits.
        area = national[:3] if national[1] in "12" else national[:4]
        local = national[len(area) :]
        if len(local) in (7, 8):
            return f"{area}-{'*' * (len(local) - 4)}{local[-4:]}"
    return _keep_last(text, 2)


def mask_bank_account(account: str) -> str:
    """Bank account with only the last 4 digits shown: `**** **** **** 1234`."""
    text = _ACCOUNT_SEPARATORS.sub("", account.translate(_HALF_WIDTH))
    if not text:
        return ""
    if _ACCOUNT.fullmatch(text):
        return _ACCOUNT_MASK + text[-4:]
    return _ACCOUNT_MASK + "****"


def _keep_last(text: str, keep: int) -> str:
    if len(text) - keep < _MIN_HIDDEN:
        return "*" * len(text)
    return "*" * (len(text) - keep) + text[-keep:]
