"""Fixtures for use-case tests: a session on a real vault and the administrator's Actor."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy.orm import Session

from minzheng_field.services.context import Actor, actor_for
from minzheng_field.store.session import session_scope
from minzheng_field.store.vault import Vault


@pytest.fixture
def engine(vault: Vault):
    engine = vault.open_engine()
    yield engine
    vault.close_engine(engine)


@pytest.fixture
def session(engine) -> Iterator[Session]:
    """A session whose work is committed when the test body ends without error."""
    with session_scope(engine) as session:
        yield session


@pytest.fixture
def admin(session: Session) -> Actor:
    return actor_for(session, "admin")
