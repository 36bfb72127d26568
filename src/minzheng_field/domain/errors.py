"""The base of every error a user may see."""

from __future__ import annotations


class MinzhengError(Exception):
    """An error with a machine-readable `kind` and one plain Chinese sentence for the user.

    The sentence says what happened and what to do; it never holds a name, an ID number
    or a phone number, because errors end up in logs.
    """

    kind: str = "error"

    def __init__(self, message: str, *, kind: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        if kind is not None:
            self.kind = kind

    def __str__(self) -> str:
        return self.message
