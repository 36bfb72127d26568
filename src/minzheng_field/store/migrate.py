"""Schema upgrades run on unlock, all or nothing, after an encrypted copy is made."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import sqlcipher3.dbapi2 as sqlcipher
from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from alembic.util.exc import CommandError
from sqlalchemy import Connection, create_engine, event
from sqlalchemy.exc import DBAPIError
from sqlalchemy.pool import StaticPool

from minzheng_field.resources import migrations_dir
from minzheng_field.store.engine import open_connection, translate_db_error
from minzheng_field.store.errors import MigrationFailed, VaultError, VaultTooNew

log = logging.getLogger(__name__)

KEEP_UPGRADE_BACKUPS = 3


@dataclass(frozen=True)
class MigrationResult:
    from_revision: str | None
    to_revision: str
    backup_path: Path | None


def local_script_location() -> Path:
    """The Alembic environment of the vault."""
    return migrations_dir() / "local"


def _alembic_config(script_location: Path, connection: Connection) -> Config:
    config = Config()
    config.set_main_option("script_location", str(script_location))
    config.attributes["connection"] = connection
    return config


def head_revision(script_location: Path | None = None) -> str:
    """The newest schema revision this app knows."""
    script = ScriptDirectory(str(script_location or local_script_location()))
    head = script.get_current_head()
    if head is None:
        raise RuntimeError("no migrations found")
    return head


def _knows(script: ScriptDirectory, revision: str) -> bool:
    try:
        return script.get_revision(revision) is not None
    except CommandError:
        return False


def backup_copy(source: sqlcipher.Connection, target: Path, key: bytes) -> None:
    """Copy an open vault with SQLite's backup API into a new file under the same key."""
    # A plain file copy would miss what still sits in the WAL.
    dest = sqlcipher.connect(str(target), isolation_level=None)
    try:
        dest.execute("PRAGMA cipher_log_level = NONE")
        dest.set_key(f"x'{key.hex()}'")
        source.backup(dest)
    finally:
        dest.close()


def _prune_upgrade_backups(backup_dir: Path) -> None:
    copies = sorted(backup_dir.glob("pre-upgrade-*.db"))
    for old in copies[:-KEEP_UPGRADE_BACKUPS]:
        old.unlink(missing_ok=True)


def upgrade_vault(
    db_path: Path,
    key: bytes,
    *,
    backup_dir: Path,
    expected_salt: str | None = None,
    script_location: Path | None = None,
    target: str = "head",
) -> MigrationResult:
    """Bring the vault to `target`; on any failure it stays exactly as it was."""
    location = script_location or local_script_location()
    script = ScriptDirectory(str(location))
    # Foreign keys must be off before the migration transaction: inside it the pragma
    # does nothing, and batch table rebuilds would otherwise cascade.
    dbapi_conn = open_connection(db_path, key, foreign_keys=False, expected_salt=expected_salt)
    engine = create_engine(
        "sqlite+pysqlite://",
        module=sqlcipher,
        creator=lambda: dbapi_conn,
        poolclass=StaticPool,
        hide_parameters=True,
    )

    @event.listens_for(engine, "begin")
    def _begin(conn: Connection) -> None:
        conn.exec_driver_sql("BEGIN EXCLUSIVE")

    try:
        with engine.connect() as conn:
            try:
                current = MigrationContext.configure(conn).get_current_revision()
            except DBAPIError as error:
                # Page 1 may be sound while later pages are not (SQLITE_CORRUPT).
                translated = translate_db_error(error.orig)
                if isinstance(translated, VaultError):
                    raise translated from error
                raise
            conn.rollback()
            if current is not None and not _knows(script, current):
                raise VaultTooNew()
            wanted = script.get_current_head() if target == "head" else target
            if current == wanted:
                return MigrationResult(current, current, None)
            backup_path = None
            if current is not None:
                backup_dir.mkdir(parents=True, exist_ok=True)
                stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%f")
                backup_path = backup_dir / f"pre-upgrade-{stamp}-{current}.db"
                try:
                    backup_copy(dbapi_conn, backup_path, key)
                except (sqlcipher.Error, OSError) as error:
                    backup_path.unlink(missing_ok=True)
                    raise translate_db_error(error) from error
                _prune_upgrade_backups(backup_dir)
            try:
                with conn.begin():
                    command.upgrade(_alembic_config(location, conn), target)
                    problems = conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                    if problems:
                        log.error("foreign key check failed after upgrade: %d rows", len(problems))
                        raise MigrationFailed()
            except VaultError:
                raise
            except Exception as error:
                log.exception("vault upgrade from %s to %s failed", current, target)
                translated = translate_db_error(getattr(error, "orig", error))
                if isinstance(translated, VaultError):
                    raise translated from error
                raise MigrationFailed() from error
            log.info("vault upgraded from %s to %s", current, wanted)
            return MigrationResult(current, str(wanted), backup_path)
    finally:
        engine.dispose()
        dbapi_conn.close()
