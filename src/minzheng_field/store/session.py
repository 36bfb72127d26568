"""One session per unit of work: open, commit or roll back, close, translate errors."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

from sqlalchemy import Engine
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from minzheng_field.store.engine import translate_db_error

# Importing the index module registers the listeners that keep person_search current with
# every write, whichever code path writes.
from minzheng_field.store import search_index  # noqa: F401  isort: skip


@contextlib.contextmanager
def session_scope(engine: Engine) -> Iterator[Session]:
    """A session that commits when the block succeeds and rolls back when it fails."""
    session = Session(engine, expire_on_commit=False)
    try:
        yield session
        session.commit()
    except DBAPIError as error:
        session.rollback()
        translated = translate_db_error(error.orig)
        if translated is error.orig:
            raise
        raise translated from error
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()
