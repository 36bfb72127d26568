"""Shared fixtures: real vaults in tmp_path, isolated data and temp directories."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import settings

from minzheng_field.store.keyfile import KdfParams
from minzheng_field.store.vault import Vault
from vault_constants import ADMIN, ADMIN_PASSWORD, FAST_KDF, TOWNSHIP

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

# Bounded profiles keep .ci/run well inside its time; "dev" digs deeper on request.
settings.register_profile("ci", max_examples=100, deadline=None)
settings.register_profile("dev", max_examples=500, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


@pytest.fixture
def fast_kdf() -> KdfParams:
    return FAST_KDF


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "data"


@pytest.fixture
def vault(data_dir: Path) -> Iterator[Vault]:
    """A new, unlocked vault whose administrator is `admin` / ADMIN_PASSWORD."""
    created = Vault.create(
        data_dir,
        township_code=TOWNSHIP,
        admin_username=ADMIN,
        admin_display_name="乡镇管理员",
        admin_password=ADMIN_PASSWORD,
        kdf=FAST_KDF,
    )
    yield created
    if created.is_unlocked:
        created.lock()


@pytest.fixture(autouse=True)
def _isolated_temp_and_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point temp files and per-user directories into tmp_path so tests can inspect them."""
    temp = tmp_path / "tmp"
    temp.mkdir()
    for name in ("TMPDIR", "TEMP", "TMP"):
        monkeypatch.setenv(name, str(temp))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg-config"))
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "xdg-state"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg-cache"))
    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", str(temp))
    return temp


@pytest.fixture(scope="session")
def postgres_url() -> str:
    """A PostgreSQL database for server tests; missing in CI is a failure, never a skip."""
    import psycopg

    url = os.environ.get("MINZHENG_TEST_POSTGRES_URL")
    problem = None
    if not url:
        problem = "MINZHENG_TEST_POSTGRES_URL is not set (.ci/run sets it)"
    else:
        try:
            with psycopg.connect(url, connect_timeout=5) as conn:
                conn.execute("SELECT 1")
        except psycopg.Error as error:
            problem = f"PostgreSQL at MINZHENG_TEST_POSTGRES_URL is not reachable: {error}"
    if problem:
        if os.environ.get("CI") == "true":
            pytest.fail(problem)
        pytest.skip(problem)
    assert url is not None
    return url
