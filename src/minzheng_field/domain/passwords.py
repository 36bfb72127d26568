"""What makes a vault password acceptable."""

from __future__ import annotations

from itertools import pairwise

MIN_LENGTH = 8
PIN_LENGTHS = range(4, 9)


def _is_run(text: str) -> bool:
    steps = {ord(b) - ord(a) for a, b in pairwise(text)}
    return len(steps) == 1 and steps <= {-1, 0, 1}


def password_problem(password: str) -> str | None:
    """A Chinese sentence saying why the password is too weak, or None when it is fine."""
    if len(password) < MIN_LENGTH:
        return f"密码至少要{MIN_LENGTH}位。"
    if password != password.strip():
        return "密码的开头和结尾不能是空格。"
    if _is_run(password):
        return "密码不能是连续或重复的字符（例如12345678、aaaaaaaa）。"
    kinds = sum(
        (
            any(c.isdigit() for c in password),
            any(c.isalpha() for c in password),
            any(not c.isalnum() for c in password),
        )
    )
    if kinds < 2:
        return "密码要同时包含字母和数字（或符号），不能只有一种。"
    return None


def pin_problem(pin: str) -> str | None:
    """A Chinese sentence saying why the PIN is unusable, or None when it is fine."""
    if not pin.isascii() or not pin.isdigit() or len(pin) not in PIN_LENGTHS:
        return f"快速解锁码要用{PIN_LENGTHS.start}到{PIN_LENGTHS.stop - 1}位数字。"
    if _is_run(pin):
        return "快速解锁码不能是连续或重复的数字（例如1234、0000）。"
    return None
