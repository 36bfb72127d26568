"""SQLCipher connections and SQLAlchemy engines for the thread model.

One writer connection (transactions start with BEGIN IMMEDIATE), read-only readers (WAL
lets them read while the writer writes). Each engine holds exactly one connection that
belongs to the thread that opened it: sqlite's same-thread check stays on, so a connection
used from the wrong thread fails loudly instead of corrupting anything.
"""

from __future__ import annotations

import contextlib
import errno
import weakref
from pathlib import Path
from typing import Any

import sqlcipher3.dbapi2 as sqlcipher
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.pool import StaticPool

from minzheng_field.store.errors import (
    DataDirNotWritable,
    DiskFull,
    VaultDamaged,
    VaultKeyMismatch,
)

DB_FILE_NAME = "vault.db"
SALT_BYTES = 16
# Measured with bench/cache_size.py (docs/performance.md): past 32 MiB nothing improves.
CACHE_SIZE_KIB = 32 * 1024
# Readers run the bulk reads: the due list and monthly coverage of a 50,000-person township
# touch more than 32 MiB (persons, the visits' covering index, files, enrolments), so with
# 32 MiB every call decrypted part of it again; 64 MiB holds it (bench/visits.py: a quarter
# less CPU; docs/performance.md, "Visits"). A cap, not an allocation: the vault of a real
# township (a few thousand persons, ~15 MB) never fills it.
READER_CACHE_SIZE_KIB = 64 * 1024
BUSY_TIMEOUT_MS = 10_000

DBAPIConnection = sqlcipher.Connection


def _apply_key(conn: DBAPIConnection, key: bytes) -> None:
    # Raw key as generated hex: SQLCipher skips its own KDF. The text is built from our
    # own random bytes only, never from user input.
    conn.execute("PRAGMA cipher_log_level = NONE")
    conn.set_key(f"x'{key.hex()}'")


def read_db_salt(db_path: Path) -> str | None:
    """The first 16 bytes of the database (SQLCipher's per-file salt) as hex."""
    try:
        with db_path.open("rb") as handle:
            head = handle.read(SALT_BYTES)
    except FileNotFoundError:
        return None
    return head.hex() if len(head) == SALT_BYTES else None


def classify_open_error(
    error: BaseException, db_path: Path, expected_salt: str | None
) -> Exception:
    """Turn a failure to read the first page into the error the user should see."""
    if isinstance(error, sqlcipher.DatabaseError) and "not a database" in str(error):
        actual = read_db_salt(db_path)
        if expected_salt is not None and actual is not None and actual != expected_salt:
            return VaultKeyMismatch()
        return VaultDamaged()
    return translate_db_error(error)


def translate_db_error(error: BaseException) -> Exception:
    """Map a storage error to a typed vault error where one applies."""
    code = getattr(error, "sqlite_errorcode", None)
    text = str(error).lower()
    if code == 13 or "disk is full" in text:  # SQLITE_FULL
        return DiskFull()
    if code == 8 or "readonly" in text or "read-only" in text:  # SQLITE_READONLY
        return DataDirNotWritable()
    if code in (14,) or "unable to open" in text:  # SQLITE_CANTOPEN
        return DataDirNotWritable()
    if code in (11, 26):  # SQLITE_CORRUPT, SQLITE_NOTADB
        return VaultDamaged()
    if isinstance(error, OSError):
        if error.errno in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG):
            return DiskFull()
        if error.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
            return DataDirNotWritable()
    return error if isinstance(error, Exception) else RuntimeError(str(error))


def open_connection(
    db_path: Path,
    key: bytes,
    *,
    readonly: bool = False,
    foreign_keys: bool = True,
    expected_salt: str | None = None,
    check_same_thread: bool = True,
) -> DBAPIConnection:
    """Open and key one connection, prove the key with a query, and set the pragmas."""
    conn = sqlcipher.connect(
        str(db_path), isolation_level=None, check_same_thread=check_same_thread, timeout=10
    )
    try:
        _apply_key(conn, key)
        try:
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except sqlcipher.Error as error:
            raise classify_open_error(error, db_path, expected_salt) from None
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        conn.execute("PRAGMA synchronous = FULL")
        conn.execute("PRAGMA temp_store = MEMORY")
        cache_kib = READER_CACHE_SIZE_KIB if readonly else CACHE_SIZE_KIB
        conn.execute(f"PRAGMA cache_size = -{cache_kib}")
        conn.execute(f"PRAGMA foreign_keys = {'ON' if foreign_keys else 'OFF'}")
        if readonly:
            conn.execute("PRAGMA query_only = ON")
    except BaseException:
        conn.close()
        raise
    return conn


def initialise_database(db_path: Path, key: bytes) -> str:
    """Create an empty encrypted database with the settings that only creation can set."""
    conn = sqlcipher.connect(str(db_path), isolation_level=None)
    try:
        _apply_key(conn, key)
        conn.execute("PRAGMA auto_vacuum = INCREMENTAL")
        conn.execute("PRAGMA journal_mode = WAL")
        # The first write materialises the header (and the salt) so the key file can pin it.
        conn.execute("CREATE TABLE _created (at TEXT)")
        conn.execute("DROP TABLE _created")
    except sqlcipher.Error as error:
        raise translate_db_error(error) from None
    finally:
        conn.close()
    salt = read_db_salt(db_path)
    if salt is None:
        raise VaultDamaged()
    return salt


def _install_transaction_events(engine: Engine, begin_sql: str) -> None:
    # pysqlite's own transaction handling defers BEGIN and breaks SAVEPOINT and
    # transactional DDL; with isolation_level=None we emit BEGIN ourselves.
    @event.listens_for(engine, "begin")
    def _begin(conn: Any) -> None:
        conn.exec_driver_sql(begin_sql)


def create_vault_engine(
    db_path: Path,
    key: bytes,
    *,
    readonly: bool = False,
    foreign_keys: bool = True,
    expected_salt: str | None = None,
) -> Engine:
    """An engine with one keyed connection, owned by the calling thread."""
    conn = open_connection(
        db_path, key, readonly=readonly, foreign_keys=foreign_keys, expected_salt=expected_salt
    )
    engine = create_engine(
        "sqlite+pysqlite://",
        module=sqlcipher,
        creator=lambda: conn,
        poolclass=StaticPool,
        # Statement parameters hold names and ID numbers: never put them in exceptions.
        hide_parameters=True,
    )
    _install_transaction_events(engine, "BEGIN" if readonly else "BEGIN IMMEDIATE")

    # StaticPool closes only a connection it has handed out: an engine disposed before
    # its first use (or after a failed use) would keep this keyed connection open, and
    # usable, after the vault is locked.
    @event.listens_for(engine, "engine_disposed")
    def _close(_engine: Engine) -> None:
        # Only the owning thread may close it; a dead owner's connection closes when
        # it is collected.
        with contextlib.suppress(sqlcipher.ProgrammingError):
            conn.close()

    _RAW_CONNECTIONS[engine] = conn
    return engine


# The one keyed connection of each engine, for interrupt(): the only call sqlite allows
# from a thread other than the connection's owner.
_RAW_CONNECTIONS: weakref.WeakKeyDictionary[Engine, DBAPIConnection] = weakref.WeakKeyDictionary()


def interrupt(engine: Engine) -> None:
    """Abort the statement running on this engine's connection (safe from any thread)."""
    conn = _RAW_CONNECTIONS.get(engine)
    if conn is not None:
        with contextlib.suppress(sqlcipher.ProgrammingError):
            conn.interrupt()
