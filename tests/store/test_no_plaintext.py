"""No name, ID number or phone of a person reaches any file in plain text."""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from minzheng_field.diagnostics import log_dir_for, setup_logging, shutdown_logging
from minzheng_field.domain import is_valid_resident_id
from minzheng_field.store.backup import restore_backup, write_backup
from minzheng_field.store.vault import Vault
from sample_people import (
    NAMES,
    PHONES,
    RESIDENT_IDS,
    add_sample_people,
    find_plaintext,
    stored_people,
)
from vault_constants import ADMIN, ADMIN_PASSWORD


def _searched(tmp_path: Path) -> list[Path]:
    """The data dir, the temp dir and every per-user dir (logs, state, cache)."""
    roots = [tmp_path / "data", tmp_path / "tmp"]
    roots += sorted(tmp_path.glob("xdg-*"))
    return roots


def test_the_samples_are_what_they_claim() -> None:
    assert all(is_valid_resident_id(number) for number in RESIDENT_IDS)
    assert any(len(ch.encode("utf-8")) == 4 for ch in "".join(NAMES))  # outside the BMP


def test_a_plain_sqlite_file_would_be_caught(tmp_path: Path) -> None:
    control = tmp_path / "control" / "plain.db"
    control.parent.mkdir()
    conn = sqlite3.connect(control)
    try:
        conn.execute("CREATE TABLE persons (name TEXT, resident_id TEXT, phone TEXT)")
        conn.executemany(
            "INSERT INTO persons VALUES (?, ?, ?)", zip(NAMES, RESIDENT_IDS, PHONES, strict=True)
        )
        conn.commit()
    finally:
        conn.close()
    utf16 = tmp_path / "control" / "utf16.txt"
    utf16.write_bytes("\n".join(NAMES).encode("utf-16-le"))

    hits = find_plaintext([tmp_path / "control"])

    assert f"{control}: sqlite header" in hits
    for text in (*NAMES, *RESIDENT_IDS, *PHONES):
        assert f"{control}: {text} utf-8" in hits
    for name in NAMES:
        assert f"{utf16}: {name} utf-16-le" in hits


@pytest.fixture
def app_log(vault: Vault) -> Iterator[Path]:
    """The app's own redacted log file, beside the vault, at the most talkative level."""
    log_file = setup_logging(log_dir_for(vault.paths.data_dir), level=logging.DEBUG)
    yield log_file
    shutdown_logging()


def test_no_plaintext_with_the_wal_open_after_lock_and_in_a_backup(
    vault: Vault, tmp_path: Path, app_log: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    data_dir = vault.paths.data_dir
    writer = vault.open_engine()
    reader = vault.open_engine(readonly=True)
    add_sample_people(writer)
    assert len(stored_people(reader)) == 3  # a reader has paged the rows in, too

    # Connections open: the rows sit in the WAL.
    assert (data_dir / "vault.db-wal").stat().st_size > 0
    assert find_plaintext(_searched(tmp_path)) == []

    vault.close_engine(reader)
    vault.close_engine(writer)
    vault.lock()
    assert not (data_dir / "vault.db-wal").exists()
    assert find_plaintext(_searched(tmp_path)) == []

    vault.unlock(ADMIN, ADMIN_PASSWORD)
    backup = data_dir / "backups" / "chosen.mzbak"
    write_backup(vault, backup)
    vault.lock()
    assert backup.exists()
    assert find_plaintext(_searched(tmp_path)) == []

    restored = restore_backup(backup, tmp_path / "tmp" / "restored", ADMIN, ADMIN_PASSWORD)
    restored.unlock(ADMIN, ADMIN_PASSWORD)
    engine = restored.open_engine(readonly=True)
    assert {name for name, _id, _phone in stored_people(engine)} == set(NAMES)
    restored.close_engine(engine)
    restored.lock()
    assert find_plaintext(_searched(tmp_path)) == []

    logging.getLogger("minzheng_field").info("end of the no-plaintext test")
    for handler in logging.getLogger().handlers:
        handler.flush()
    assert app_log.is_relative_to(data_dir)
    assert "end of the no-plaintext test" in app_log.read_text("utf-8")
    assert find_plaintext([app_log]) == []
    logged = caplog.text
    assert "vault unlocked" in logged
    for text in (*NAMES, *RESIDENT_IDS, *PHONES):
        assert text not in logged
