"""A string enum whose members carry a Chinese label for the screen and for printing."""

from __future__ import annotations

from enum import StrEnum
from typing import Self


class LabelledStrEnum(StrEnum):
    """Members are declared as `NAME = "stable_value", "中文标签"`; the value is what is stored."""

    label: str

    def __new__(cls, value: str, label: str) -> Self:
        member = str.__new__(cls, value)
        member._value_ = value
        member.label = label
        return member

    @classmethod
    def from_label(cls, label: str) -> Self:
        """The member whose Chinese label is `label` (surrounding spaces ignored)."""
        wanted = label.strip()
        for member in cls:
            if member.label == wanted:
                return member
        raise ValueError(f"{cls.__name__}: no member labelled {wanted!r}")
