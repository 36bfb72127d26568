"""Delays and lock-outs after wrong passwords: per user, kept across restarts, on a fake clock."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from minzheng_field.store.errors import LockedOut, WrongPassword
from minzheng_field.store.keyfile import Role
from minzheng_field.store.unlock_attempts import ATTEMPTS_FILE_NAME, LOCKOUT, UnlockAttempts
from minzheng_field.store.vault import Vault
from vault_constants import ADMIN, ADMIN_PASSWORD

WRONG = "Wrong-pass-1"
CADRE = "cadre1"
CADRE_PASSWORD = "Village-2026"


class FakeClock:
    """A clock the test moves by hand; far from today so a wall-clock slip shows."""

    def __init__(self) -> None:
        self.now = datetime(2031, 6, 1, 8, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def screen(vault: Vault, data_dir: Path, clock: FakeClock) -> Vault:
    """The locked vault as the unlock screen sees it, with a second user."""
    vault.add_user(CADRE, "村干部", Role.VILLAGE_CADRE, CADRE_PASSWORD)
    vault.lock()
    return Vault(data_dir, clock=clock)


def _fail(screen: Vault, username: str = ADMIN) -> WrongPassword:
    with pytest.raises(WrongPassword) as raised:
        screen.unlock(username, WRONG)
    return raised.value


def test_four_failures_cost_nothing_the_fifth_makes_the_user_wait(
    screen: Vault, clock: FakeClock
) -> None:
    for count in range(1, 5):
        error = _fail(screen)
        assert error.delay_seconds == 0
        assert screen.failures(ADMIN) == count

    fifth = _fail(screen)
    assert fifth.delay_seconds == 30
    assert "30秒" in fifth.message

    # Even the right password is not tried while the wait runs.
    with pytest.raises(LockedOut) as raised:
        screen.unlock(ADMIN, ADMIN_PASSWORD)
    assert raised.value.lockout is False
    assert raised.value.remaining_seconds == 30
    assert "30秒" in raised.value.message
    assert not screen.is_unlocked
    assert screen.failures(ADMIN) == 5  # a refused attempt is not another failure

    clock.advance(20)
    with pytest.raises(LockedOut) as raised:
        screen.unlock(ADMIN, ADMIN_PASSWORD)
    assert raised.value.remaining_seconds == 10
    assert "10秒" in raised.value.message

    clock.advance(10)
    screen.unlock(ADMIN, ADMIN_PASSWORD)
    assert screen.is_unlocked
    screen.lock()


def test_waits_grow_until_a_lockout_in_minutes(screen: Vault, clock: FakeClock) -> None:
    for _ in range(4):
        _fail(screen)
    waits = []
    for _ in range(5, 10):
        error = _fail(screen)
        waits.append(error.delay_seconds)
        clock.advance(error.delay_seconds)
    assert waits == sorted(waits)
    assert len(set(waits)) == len(waits)
    assert waits[0] > 0

    with pytest.raises(LockedOut) as raised:
        screen.unlock(ADMIN, WRONG)  # the tenth
    lockout = raised.value
    assert lockout.lockout is True
    assert lockout.remaining_seconds == LOCKOUT.total_seconds()
    minutes = int(LOCKOUT.total_seconds() // 60)
    assert f"{minutes}分钟" in lockout.message
    assert "管理员" in lockout.message

    clock.advance(LOCKOUT.total_seconds() - 60)
    with pytest.raises(LockedOut) as raised:
        screen.unlock(ADMIN, ADMIN_PASSWORD)
    assert raised.value.lockout is True
    assert "1分钟" in raised.value.message

    clock.advance(60)
    screen.unlock(ADMIN, ADMIN_PASSWORD)
    screen.lock()


def test_the_lockout_survives_a_restart(screen: Vault, data_dir: Path, clock: FakeClock) -> None:
    for _ in range(9):
        error = _fail(screen)
        clock.advance(error.delay_seconds)
    with pytest.raises(LockedOut):
        screen.unlock(ADMIN, WRONG)

    restarted = Vault(data_dir, clock=clock)
    with pytest.raises(LockedOut) as raised:
        restarted.unlock(ADMIN, ADMIN_PASSWORD)
    assert raised.value.lockout is True
    assert restarted.failures(ADMIN) == 10


def test_a_wait_survives_a_restart(screen: Vault, data_dir: Path, clock: FakeClock) -> None:
    for _ in range(5):
        _fail(screen)
    with pytest.raises(LockedOut) as raised:
        Vault(data_dir, clock=clock).unlock(ADMIN, ADMIN_PASSWORD)
    assert raised.value.remaining_seconds == 30


def test_one_users_lockout_does_not_lock_out_another(screen: Vault, clock: FakeClock) -> None:
    for _ in range(9):
        error = _fail(screen)
        clock.advance(error.delay_seconds)
    with pytest.raises(LockedOut):
        screen.unlock(ADMIN, WRONG)

    assert screen.failures(CADRE) == 0
    assert _fail(screen, CADRE).delay_seconds == 0
    screen.unlock(CADRE, CADRE_PASSWORD)
    assert screen.current_user.username == CADRE
    screen.lock()
    with pytest.raises(LockedOut):
        screen.unlock(ADMIN, ADMIN_PASSWORD)


def test_success_resets_the_count(screen: Vault, clock: FakeClock) -> None:
    for _ in range(5):
        _fail(screen)
    clock.advance(30)
    screen.unlock(ADMIN, ADMIN_PASSWORD)
    screen.lock()
    assert screen.failures(ADMIN) == 0
    for _ in range(4):
        assert _fail(screen).delay_seconds == 0
    assert _fail(screen).delay_seconds == 30


def test_verify_password_counts_like_unlock(screen: Vault, clock: FakeClock) -> None:
    for _ in range(5):
        with pytest.raises(WrongPassword):
            screen.verify_password(ADMIN, WRONG)
    with pytest.raises(LockedOut):
        screen.unlock(ADMIN, ADMIN_PASSWORD)


@pytest.mark.parametrize(
    "content",
    [
        b"",
        b"{not json",
        b"[1, 2, 3]",
        b'{"admin": {"failures": "many"}}',
        b'{"admin": {"failures": 12, "not_before": "yesterday"}}',
        b'{"admin": 7}',
        b"\xff\xfe\x00garbage",
    ],
)
def test_a_damaged_attempts_file_does_not_crash_unlock(
    screen: Vault, data_dir: Path, clock: FakeClock, content: bytes
) -> None:
    (data_dir / ATTEMPTS_FILE_NAME).write_bytes(content)
    assert screen.failures(ADMIN) == 0
    assert _fail(screen).delay_seconds == 0
    screen.unlock(ADMIN, ADMIN_PASSWORD)
    assert screen.is_unlocked
    screen.lock()


def test_attempts_are_kept_per_user_in_their_own_file(tmp_path: Path, clock: FakeClock) -> None:
    attempts = UnlockAttempts(tmp_path / ATTEMPTS_FILE_NAME, clock)
    for _ in range(5):
        attempts.record_failure("a")
    attempts.record_failure("b")
    again = UnlockAttempts(tmp_path / ATTEMPTS_FILE_NAME, clock)
    assert again.state("a").failures == 5
    assert again.state("a").not_before == clock.now + timedelta(seconds=30)
    assert again.state("b").failures == 1
    assert again.state("b").not_before is None
    again.forget("a")
    assert UnlockAttempts(tmp_path / ATTEMPTS_FILE_NAME, clock).state("a").failures == 0


def test_an_attempts_file_with_a_naive_time_does_not_crash_unlock(
    screen: Vault, data_dir: Path, clock: FakeClock
) -> None:
    (data_dir / ATTEMPTS_FILE_NAME).write_bytes(
        b'{"admin": {"failures": 5, "not_before": "2031-06-01T08:00:30"}}'
    )
    clock.advance(3600)
    screen.unlock(ADMIN, ADMIN_PASSWORD)
    assert screen.is_unlocked
    screen.lock()
