"""Per-user delays and lock-outs after wrong passwords, kept across restarts.

They protect the unlock screen, not the key file (scrypt does that); so they live in a
small plain file beside the vault and one user's failures never lock out another.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from minzheng_field.atomic_file import atomic_write_bytes
from minzheng_field.store.errors import LockedOut

ATTEMPTS_FILE_NAME = "unlock-attempts.json"
FREE_FAILURES = 4
LOCKOUT_AFTER = 10
LOCKOUT = timedelta(minutes=30)

Clock = Callable[[], datetime]


def utc_now() -> datetime:
    """The current instant in UTC."""
    return datetime.now(UTC)


def wait_after(failures: int) -> timedelta:
    """How long a user must wait after this many consecutive wrong passwords."""
    if failures <= FREE_FAILURES:
        return timedelta(0)
    if failures >= LOCKOUT_AFTER:
        return LOCKOUT
    return timedelta(seconds=30 * 2 ** (failures - FREE_FAILURES - 1))


def _aware(instant: datetime) -> datetime:
    # We write UTC offsets; a time without one was not written by us, and comparing it
    # with the clock would raise TypeError.
    if instant.tzinfo is None:
        raise ValueError("attempts file holds a time without offset")
    return instant


@dataclass(frozen=True)
class AttemptState:
    failures: int = 0
    not_before: datetime | None = None


class UnlockAttempts:
    """The failure counts of every user of one vault."""

    def __init__(self, path: Path, clock: Clock = utc_now) -> None:
        self._path = path
        self._clock = clock

    def _load(self) -> dict[str, AttemptState]:
        try:
            raw = json.loads(self._path.read_text("utf-8"))
            return {
                name: AttemptState(
                    failures=int(entry["failures"]),
                    not_before=_aware(datetime.fromisoformat(entry["not_before"]))
                    if entry.get("not_before")
                    else None,
                )
                for name, entry in raw.items()
            }
        except FileNotFoundError:
            return {}
        except (ValueError, KeyError, TypeError, AttributeError):
            # A damaged counter file must not lock anyone out for good, nor crash unlock:
            # starting the counts again is the lesser harm (scrypt still guards the key).
            return {}

    def _save(self, states: dict[str, AttemptState]) -> None:
        document = {
            name: {
                "failures": s.failures,
                "not_before": s.not_before.isoformat() if s.not_before else None,
            }
            for name, s in states.items()
            if s.failures
        }
        atomic_write_bytes(self._path, json.dumps(document, indent=2).encode("utf-8"))

    def state(self, username: str) -> AttemptState:
        """The current failure state of a user."""
        return self._load().get(username, AttemptState())

    def check_allowed(self, username: str) -> None:
        """Raise LockedOut while this user must still wait."""
        state = self.state(username)
        now = self._clock()
        if state.not_before is not None and now < state.not_before:
            remaining = int((state.not_before - now).total_seconds() + 0.999)
            raise LockedOut(state.not_before, remaining, lockout=state.failures >= LOCKOUT_AFTER)

    def record_failure(self, username: str) -> AttemptState:
        """Count one more wrong password and return the new state."""
        states = self._load()
        failures = states.get(username, AttemptState()).failures + 1
        wait = wait_after(failures)
        state = AttemptState(failures, self._clock() + wait if wait else None)
        states[username] = state
        self._save(states)
        return state

    def record_success(self, username: str) -> None:
        """Forget this user's failures."""
        states = self._load()
        if states.pop(username, None) is not None:
            self._save(states)

    def forget(self, username: str) -> None:
        """Drop a removed user's counts."""
        self.record_success(username)
