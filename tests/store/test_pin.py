"""A session that locked itself re-opens with the PIN; three wrong PINs need the password."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from minzheng_field.store.errors import VaultLocked, WeakPassword
from minzheng_field.store.models import Person, VaultMeta
from minzheng_field.store.pin import (
    PinExhausted,
    WrongPin,
    clear_pin,
    load_pin_key,
    store_pin,
)
from minzheng_field.store.session import session_scope
from minzheng_field.store.vault import Vault
from vault_constants import ADMIN, ADMIN_PASSWORD


def set_pin(vault: Vault, pin: str) -> None:
    engine = vault.open_engine()
    with session_scope(engine) as session:
        store_pin(session, ADMIN, pin)
    vault.close_engine(engine)


def pin_key_of(vault: Vault):
    engine = vault.open_engine(readonly=True)
    with session_scope(engine) as session:
        key = load_pin_key(session, ADMIN)
    vault.close_engine(engine)
    return key


def test_the_pin_reopens_a_self_locked_session_with_its_data(vault: Vault) -> None:
    engine = vault.open_engine()
    with session_scope(engine) as session:
        session.add(Person(name="曾德胜"))
    vault.close_engine(engine)
    set_pin(vault, "2580")
    pin_lock = vault.lock_for_pin(pin_key_of(vault))
    assert not vault.is_unlocked
    with pytest.raises(VaultLocked):
        vault.open_engine()
    vault.unlock_with_pin(pin_lock, "2580")
    assert vault.current_user.username == ADMIN
    engine = vault.open_engine(readonly=True)
    with session_scope(engine) as session:
        assert session.scalars(select(Person.name)).all() == ["曾德胜"]
    vault.close_engine(engine)


def test_three_wrong_pins_destroy_the_wrapped_key(vault: Vault) -> None:
    set_pin(vault, "2580")
    pin_lock = vault.lock_for_pin(pin_key_of(vault))
    with pytest.raises(WrongPin) as first:
        vault.unlock_with_pin(pin_lock, "1111")
    assert first.value.tries_left == 2 and "还可以再试2次" in first.value.message
    with pytest.raises(WrongPin):
        vault.unlock_with_pin(pin_lock, "2222")
    with pytest.raises(PinExhausted) as last:
        vault.unlock_with_pin(pin_lock, "3333")
    assert "登录密码" in last.value.message
    assert pin_lock.wrapped_key == b""
    # Even the right PIN no longer works; the password still does.
    with pytest.raises(PinExhausted):
        vault.unlock_with_pin(pin_lock, "2580")
    vault.unlock(ADMIN, ADMIN_PASSWORD)
    assert vault.is_unlocked


@pytest.mark.parametrize("pin", ["12", "1234", "0000", "12a4", "123456789", "４５６７"])
def test_unusable_pins_are_refused(vault: Vault, pin: str) -> None:
    with pytest.raises(WeakPassword) as caught:
        set_pin(vault, pin)
    assert "快速解锁码" in caught.value.message


def test_the_pin_key_lives_only_inside_the_vault_and_can_be_cleared(vault: Vault) -> None:
    set_pin(vault, "2580")
    assert b"2580" not in vault.paths.key_file.read_bytes()
    engine = vault.open_engine()
    with session_scope(engine) as session:
        assert session.get(VaultMeta, f"pin:{ADMIN}") is not None
        clear_pin(session, ADMIN)
    vault.close_engine(engine)
    assert pin_key_of(vault) is None
