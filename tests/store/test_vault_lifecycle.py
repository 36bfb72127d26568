"""Create, unlock and lock a real SQLCipher vault; connections and the thread model."""

from __future__ import annotations

import base64
import logging
import threading
from pathlib import Path

import pytest
import sqlcipher3.dbapi2 as sqlcipher
from sqlalchemy import Engine, func, select, text
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.orm import Session

from minzheng_field.store.engine import CACHE_SIZE_KIB
from minzheng_field.store.errors import VaultBusy, VaultLocked
from minzheng_field.store.models import Person
from minzheng_field.store.session import session_scope
from minzheng_field.store.vault import Vault
from vault_constants import ADMIN, ADMIN_PASSWORD, new_vault

SQLITE_HEADER = b"SQLite format 3"


def _person_count(engine: Engine) -> int:
    with session_scope(engine) as session:
        return session.scalar(select(func.count()).select_from(Person)) or 0


def _add_person(engine: Engine, name: str) -> None:
    with session_scope(engine) as session:
        session.add(Person(name=name))


def test_create_writes_an_encrypted_database_and_a_key_file_only(data_dir: Path) -> None:
    created = new_vault(data_dir)
    try:
        assert sorted(p.name for p in data_dir.iterdir()) == ["vault.db", "vault.key"]
        db = (data_dir / "vault.db").read_bytes()
        assert not db.startswith(SQLITE_HEADER)
        assert SQLITE_HEADER not in db
        assert "乡镇管理员".encode() not in db
        assert created.is_unlocked
        assert created.current_user.username == ADMIN
    finally:
        created.lock()


def test_engine_pragmas_are_in_effect(vault: Vault) -> None:
    engine = vault.open_engine()
    try:
        with engine.connect() as conn:

            def pragma(name: str) -> object:
                return conn.exec_driver_sql(f"PRAGMA {name}").scalar()

            assert pragma("journal_mode") == "wal"
            assert pragma("synchronous") == 2  # FULL
            assert pragma("temp_store") == 2  # MEMORY
            assert pragma("auto_vacuum") == 2  # INCREMENTAL
            assert pragma("foreign_keys") == 1
            assert pragma("cache_size") == -CACHE_SIZE_KIB
            assert pragma("query_only") == 0
    finally:
        vault.close_engine(engine)


def test_reader_refuses_writes_and_sees_what_the_writer_committed(vault: Vault) -> None:
    writer = vault.open_engine()
    reader = vault.open_engine(readonly=True)
    try:
        with reader.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA query_only").scalar() == 1
            with pytest.raises(OperationalError, match="readonly"):
                conn.execute(text("INSERT INTO vault_meta (key, value) VALUES ('x', 'y')"))

        _add_person(writer, "甲")
        assert _person_count(reader) == 1

        # The writer holds its write lock with an uncommitted row; in WAL the reader
        # neither blocks nor sees the row.
        with writer.connect() as wconn, wconn.begin():
            session = Session(bind=wconn)
            session.add(Person(name="乙"))
            session.flush()
            assert session.scalar(select(func.count()).select_from(Person)) == 2
            assert _person_count(reader) == 1
            session.close()
        assert _person_count(reader) == 2
    finally:
        vault.close_engine(reader)
        vault.close_engine(writer)


def test_lock_closes_every_engine_and_unlock_finds_the_rows(vault: Vault, data_dir: Path) -> None:
    writer = vault.open_engine()
    _add_person(writer, "甲")
    reader = vault.open_engine(readonly=True)
    unused = vault.open_engine()  # never used: its connection must close all the same
    assert (data_dir / "vault.db-wal").exists()

    vault.lock()

    assert not vault.is_unlocked
    assert vault.open_engine_count == 0
    # SQLite removes the WAL when the last connection closes: none is left open.
    assert not (data_dir / "vault.db-wal").exists()
    assert not (data_dir / "vault.db-shm").exists()
    for engine in (writer, reader, unused):
        with pytest.raises(DBAPIError, match="closed database"), engine.connect() as conn:
            conn.execute(text("SELECT 1"))
    with pytest.raises(VaultLocked):
        vault.open_engine()
    with pytest.raises(VaultLocked):
        vault.open_engine(readonly=True)
    with pytest.raises(VaultLocked):
        vault.data_key_for_backup()
    with pytest.raises(VaultLocked):
        _ = vault.current_user

    vault.unlock(ADMIN, ADMIN_PASSWORD)
    engine = vault.open_engine(readonly=True)
    try:
        assert _person_count(engine) == 1
    finally:
        vault.close_engine(engine)


def test_unlock_leaves_no_connection_of_its_own_open(vault: Vault) -> None:
    vault.lock()
    vault.unlock(ADMIN, ADMIN_PASSWORD)
    assert vault.open_engine_count == 0


def test_lock_waits_for_an_engine_owned_by_another_live_thread(vault: Vault) -> None:
    opened = threading.Event()
    may_close = threading.Event()
    failures: list[BaseException] = []

    def reader_thread() -> None:
        try:
            engine = vault.open_engine(readonly=True)
            _person_count(engine)
            opened.set()
            may_close.wait()
            vault.close_engine(engine)
        except BaseException as error:  # noqa: BLE001 - the test reports it
            failures.append(error)
            opened.set()

    worker = threading.Thread(target=reader_thread)
    worker.start()
    try:
        assert opened.wait(timeout=30)
        assert not failures
        with pytest.raises(VaultBusy) as busy:
            vault.lock()
        assert vault.is_unlocked
        assert "锁定" in busy.value.message
    finally:
        may_close.set()
        worker.join(timeout=30)
    assert not worker.is_alive()
    assert not failures
    vault.lock()
    assert not vault.is_unlocked
    assert vault.open_engine_count == 0


def test_an_engine_cannot_be_used_from_another_thread(vault: Vault) -> None:
    engine = vault.open_engine()
    outcome: list[BaseException | None] = []

    def use_it() -> None:
        try:
            with engine.connect() as conn:
                conn.execute(text("SELECT count(*) FROM persons"))
            outcome.append(None)
        except BaseException as error:  # noqa: BLE001 - the test examines it
            outcome.append(error)

    worker = threading.Thread(target=use_it)
    worker.start()
    worker.join(timeout=30)
    vault.close_engine(engine)
    assert len(outcome) == 1
    assert isinstance(outcome[0], DBAPIError)
    assert isinstance(outcome[0].orig, sqlcipher.ProgrammingError)
    assert "same thread" in str(outcome[0].orig)


def _open_raw(db: Path, key_statement: str) -> int:
    conn = sqlcipher.connect(str(db))
    try:
        conn.execute(key_statement)
        return conn.execute("SELECT count(*) FROM vault_meta").fetchone()[0]
    finally:
        conn.close()


def test_the_data_key_is_given_raw_as_hex(vault: Vault, data_dir: Path) -> None:
    key = vault.data_key_for_backup()
    assert len(key) == 32
    vault.lock()
    db = data_dir / "vault.db"

    assert _open_raw(db, f"PRAGMA key = \"x'{key.hex()}'\"") >= 4

    # The same secret as a passphrase runs SQLCipher's own KDF: a different key.
    for passphrase in (key.hex(), base64.b64encode(key).decode()):
        with pytest.raises(sqlcipher.DatabaseError, match="not a database"):
            _open_raw(db, f"PRAGMA key = '{passphrase}'")
    conn = sqlcipher.connect(str(db))
    try:
        conn.set_key(key)
        with pytest.raises(sqlcipher.DatabaseError, match="not a database"):
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    finally:
        conn.close()


def test_the_key_and_the_password_reach_neither_the_key_file_nor_the_logs(
    data_dir: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    new_password = "Village-2027!"
    created = new_vault(data_dir)
    key = created.data_key_for_backup()
    engine = created.open_engine()
    _add_person(engine, "甲")
    created.lock()
    created.unlock(ADMIN, ADMIN_PASSWORD)
    created.change_password(ADMIN, ADMIN_PASSWORD, new_password)
    created.lock()
    created.unlock(ADMIN, new_password)
    created.lock()

    secrets = [key.hex(), key.hex().upper(), base64.b64encode(key).decode()]
    secrets += [ADMIN_PASSWORD, new_password]
    logged = caplog.text + "".join(repr(r.args) for r in caplog.records)
    assert "vault unlocked" in logged  # the capture did see the store's log
    for secret in secrets:
        assert secret not in logged
    key_file = (data_dir / "vault.key").read_bytes()
    assert key not in key_file
    for secret in secrets:
        assert secret.encode() not in key_file
