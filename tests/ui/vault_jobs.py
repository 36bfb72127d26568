"""Work on the test vault from a UI test: on the test's own thread (setup and checks), or as a
job on a UiSession's database threads, waiting for its outcome."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from minzheng_field.services.context import actor_for
from minzheng_field.store.session import session_scope
from minzheng_field.store.vault import Vault


def in_vault(vault: Vault, work: Callable[[Any, Any], Any], username: str = "admin") -> Any:
    """Run `work(session, actor)` in one transaction on the test's thread."""
    engine = vault.open_engine()
    try:
        with session_scope(engine) as session:
            return work(session, actor_for(session, username))
    finally:
        vault.close_engine(engine)


def job_outcome(qtbot: Any, submit: Callable[..., Any], job: Any) -> tuple[str, Any]:
    """Submit a job through `submit` (a database's write or read) and wait for its callback:
    ("done", value) or ("error", exception)."""
    outcome: list[tuple[str, Any]] = []
    submit(
        job, lambda value: outcome.append(("done", value)), lambda e: outcome.append(("error", e))
    )
    qtbot.waitUntil(lambda: bool(outcome), timeout=10_000)
    return outcome[0]


def run_job(qtbot: Any, submit: Callable[..., Any], job: Any) -> Any:
    """Run a job through `submit` (a database's write or read) and return its result; its error
    is raised."""
    kind, value = job_outcome(qtbot, submit, job)
    if kind == "error":
        raise value
    return value
