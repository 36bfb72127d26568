"""Passwords re-wrap the key; accounts are managed by the township administrator."""

from __future__ import annotations

import hashlib
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from minzheng_field.store.errors import (
    LockedOut,
    NotAllowed,
    UnknownUser,
    UserExists,
    WeakPassword,
    WrongPassword,
)
from minzheng_field.store.keyfile import Role
from minzheng_field.store.models import UserProfile
from minzheng_field.store.session import session_scope
from minzheng_field.store.unlock_attempts import LOCKOUT_AFTER
from minzheng_field.store.vault import UserAccount, Vault
from vault_constants import ADMIN, ADMIN_PASSWORD, FAST_KDF, new_vault

CJK = re.compile(r"[\u4e00-\u9fff]")
NEW_PASSWORD = "Renewed-2027"
ASSISTANT = "assistant"
ASSISTANT_PASSWORD = "Assist-2026"


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_change_password_rewraps_without_touching_the_database(
    vault: Vault, data_dir: Path
) -> None:
    vault.lock()
    db_before = _sha(data_dir / "vault.db")
    key_before = (data_dir / "vault.key").read_bytes()

    vault.change_password(ADMIN, ADMIN_PASSWORD, NEW_PASSWORD)

    assert _sha(data_dir / "vault.db") == db_before
    assert (data_dir / "vault.key").read_bytes() != key_before
    reopened = Vault(data_dir)
    with pytest.raises(WrongPassword):
        reopened.unlock(ADMIN, ADMIN_PASSWORD)
    reopened.unlock(ADMIN, NEW_PASSWORD)
    assert reopened.current_user == UserAccount(ADMIN, Role.TOWNSHIP_ADMIN)
    reopened.lock()
    assert _sha(data_dir / "vault.db") == db_before


def test_change_password_needs_the_old_password(vault: Vault, data_dir: Path) -> None:
    key_before = (data_dir / "vault.key").read_bytes()
    with pytest.raises(WrongPassword):
        vault.change_password(ADMIN, "Not-the-old-1", NEW_PASSWORD)
    assert (data_dir / "vault.key").read_bytes() == key_before


@pytest.mark.parametrize(
    "weak",
    [
        "Ab1!",  # too short
        "23456789",  # a run
        "kkkkkkkk",  # repeated
        "password",  # letters only
        "20260101",  # digits only
        " Padded-2026",  # leading space
        "Padded-2026 ",  # trailing space
    ],
)
def test_weak_passwords_are_refused_and_nothing_changes(
    vault: Vault, data_dir: Path, weak: str
) -> None:
    files = {p.name: p.read_bytes() for p in data_dir.iterdir() if p.is_file()}
    attempts = [
        lambda: vault.change_password(ADMIN, ADMIN_PASSWORD, weak),
        lambda: vault.add_user(ASSISTANT, "助理", Role.TOWNSHIP_ASSISTANT, weak),
        lambda: vault.reset_password(ADMIN, weak),
    ]
    for attempt in attempts:
        with pytest.raises(WeakPassword) as raised:
            attempt()
        assert CJK.search(raised.value.message)
        assert weak.strip() not in raised.value.message
    assert {p.name: p.read_bytes() for p in data_dir.iterdir() if p.is_file()} == files
    assert vault.failures(ADMIN) == 0
    assert [u.username for u in vault.users()] == [ADMIN]


def test_create_refuses_a_weak_password_and_writes_nothing(tmp_path: Path) -> None:
    target = tmp_path / "new"
    with pytest.raises(WeakPassword):
        new_vault(target, admin_display_name="管理员", admin_password="password")
    assert not target.exists()


def test_admin_adds_a_user_who_can_then_unlock(vault: Vault, data_dir: Path) -> None:
    account = vault.add_user(ASSISTANT, "助理", Role.TOWNSHIP_ASSISTANT, ASSISTANT_PASSWORD)
    assert account == UserAccount(ASSISTANT, Role.TOWNSHIP_ASSISTANT)
    assert vault.users() == [
        UserAccount(ADMIN, Role.TOWNSHIP_ADMIN),
        UserAccount(ASSISTANT, Role.TOWNSHIP_ASSISTANT),
    ]
    with pytest.raises(UserExists):
        vault.add_user(ASSISTANT, "助理", Role.TOWNSHIP_ASSISTANT, ASSISTANT_PASSWORD)
    vault.lock()

    reopened = Vault(data_dir)
    reopened.unlock(ASSISTANT, ASSISTANT_PASSWORD)
    assert reopened.current_user == UserAccount(ASSISTANT, Role.TOWNSHIP_ASSISTANT)
    engine = reopened.open_engine(readonly=True)
    try:
        with session_scope(engine) as session:
            profile = session.get(UserProfile, ASSISTANT)
            assert profile is not None
            assert (profile.display_name, profile.role, profile.active) == (
                "助理",
                Role.TOWNSHIP_ASSISTANT.value,
                True,
            )
    finally:
        reopened.close_engine(engine)
    reopened.lock()


def test_non_admin_cannot_manage_accounts(vault: Vault, data_dir: Path) -> None:
    vault.add_user(ASSISTANT, "助理", Role.TOWNSHIP_ASSISTANT, ASSISTANT_PASSWORD)
    vault.lock()
    vault.unlock(ASSISTANT, ASSISTANT_PASSWORD)
    key_before = (data_dir / "vault.key").read_bytes()

    for attempt in (
        lambda: vault.add_user("cadre1", "村干部", Role.VILLAGE_CADRE, "Village-2026"),
        lambda: vault.remove_user(ADMIN),
        lambda: vault.reset_password(ADMIN, "Hijacked-2026"),
    ):
        with pytest.raises(NotAllowed) as raised:
            attempt()
        assert raised.value.kind == "admin_only"
        assert CJK.search(raised.value.message)
    assert (data_dir / "vault.key").read_bytes() == key_before

    # Everyone may change their own password, knowing the old one.
    vault.change_password(ASSISTANT, ASSISTANT_PASSWORD, NEW_PASSWORD)
    vault.lock()


def test_admin_cannot_remove_self(vault: Vault) -> None:
    with pytest.raises(NotAllowed) as raised:
        vault.remove_user(ADMIN)
    assert raised.value.kind == "remove_self"
    assert [u.username for u in vault.users()] == [ADMIN]


def test_the_last_administrator_stays(vault: Vault, data_dir: Path) -> None:
    vault.add_user("admin2", "副管理员", Role.TOWNSHIP_ADMIN, "Deputy-2026")
    # A second window, signed in as admin2 before admin removes that account...
    stale = Vault(data_dir)
    stale.unlock("admin2", "Deputy-2026")
    vault.remove_user("admin2")
    # ...sees the new key file and may not remove the only administrator left.
    stale.reload_key_file()
    with pytest.raises(NotAllowed) as raised:
        stale.remove_user(ADMIN)
    assert raised.value.kind == "last_admin"
    stale.lock()
    assert [u.username for u in Vault(data_dir).users()] == [ADMIN]


def test_removed_user_can_no_longer_unlock(vault: Vault, data_dir: Path) -> None:
    vault.add_user(ASSISTANT, "助理", Role.TOWNSHIP_ASSISTANT, ASSISTANT_PASSWORD)
    vault.remove_user(ASSISTANT)
    assert [u.username for u in vault.users()] == [ADMIN]
    engine = vault.open_engine(readonly=True)
    try:
        with session_scope(engine) as session:
            profile = session.get(UserProfile, ASSISTANT)
            assert profile is not None  # kept for the audit trail...
            assert profile.active is False  # ...but inactive
    finally:
        vault.close_engine(engine)
    vault.lock()
    with pytest.raises(UnknownUser):
        Vault(data_dir).unlock(ASSISTANT, ASSISTANT_PASSWORD)
    vault.unlock(ADMIN, ADMIN_PASSWORD)
    with pytest.raises(UnknownUser):
        vault.remove_user(ASSISTANT)


def test_a_removed_user_can_be_added_again(vault: Vault, data_dir: Path) -> None:
    vault.add_user(ASSISTANT, "助理", Role.TOWNSHIP_ASSISTANT, ASSISTANT_PASSWORD)
    vault.remove_user(ASSISTANT)
    vault.add_user(ASSISTANT, "新助理", Role.VILLAGE_CADRE, "Again-2026")
    vault.lock()
    again = Vault(data_dir)
    with pytest.raises(WrongPassword):
        again.unlock(ASSISTANT, ASSISTANT_PASSWORD)
    again.unlock(ASSISTANT, "Again-2026")
    assert again.current_user.role is Role.VILLAGE_CADRE
    again.lock()


def test_reset_password_by_admin_lifts_a_lockout(vault: Vault, data_dir: Path) -> None:
    now = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)

    def clock() -> datetime:
        return now

    vault.add_user(ASSISTANT, "助理", Role.TOWNSHIP_ASSISTANT, ASSISTANT_PASSWORD)
    screen = Vault(data_dir, clock=clock)
    for _ in range(LOCKOUT_AFTER - 1):
        with pytest.raises(WrongPassword):
            screen.unlock(ASSISTANT, "Forgot-it-1")
        now += timedelta(hours=1)
    with pytest.raises(LockedOut) as raised:
        screen.unlock(ASSISTANT, "Forgot-it-1")
    assert raised.value.lockout
    with pytest.raises(LockedOut):
        screen.unlock(ASSISTANT, ASSISTANT_PASSWORD)

    with pytest.raises(UnknownUser):
        vault.reset_password("nobody", NEW_PASSWORD)
    vault.reset_password(ASSISTANT, NEW_PASSWORD)

    screen.reload_key_file()
    screen.unlock(ASSISTANT, NEW_PASSWORD)
    assert screen.current_user.username == ASSISTANT
    assert screen.failures(ASSISTANT) == 0
    screen.lock()
    with pytest.raises(WrongPassword):
        Vault(data_dir, clock=clock).unlock(ASSISTANT, ASSISTANT_PASSWORD)


def test_two_windows_on_one_vault_do_not_undo_each_other(vault: Vault) -> None:
    vault.add_user("li", "李四", Role.TOWNSHIP_ASSISTANT, "Li-pass-2026", kdf=FAST_KDF)
    other = Vault(vault.paths.data_dir)
    other.unlock(ADMIN, ADMIN_PASSWORD)
    other.remove_user("li")
    vault.add_user("wang", "王五", Role.VILLAGE_CADRE, "Wang-pass-2026", kdf=FAST_KDF)
    other.lock()
    assert [u.username for u in Vault(vault.paths.data_dir).users()] == ["admin", "wang"]
