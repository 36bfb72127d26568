"""The services CI provides are really there (PostgreSQL for the county server tests)."""

from __future__ import annotations

import psycopg
import pytest


@pytest.mark.postgres
def test_postgres_accepts_transactions_and_rolls_them_back(postgres_url: str) -> None:
    with psycopg.connect(postgres_url) as conn:
        version = conn.execute("SHOW server_version_num").fetchone()
        assert version is not None and int(version[0]) >= 150000
        with conn.transaction(force_rollback=True):
            conn.execute("CREATE TABLE ci_probe (name text)")
            conn.execute("INSERT INTO ci_probe VALUES ('覃𠮷')")
            row = conn.execute("SELECT name FROM ci_probe").fetchone()
            assert row == ("覃𠮷",)
        exists = conn.execute("SELECT to_regclass('ci_probe')").fetchone()
        assert exists == (None,)
