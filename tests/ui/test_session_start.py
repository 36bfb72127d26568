"""What the window does when a user's session opens: the shipped forms become synced rows."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select
from tests.ui import window_fixtures
from tests.ui.window_fixtures import CADRE, CADRE_PASSWORD, TIMEOUT, unlock

from minzheng_field.domain.roles import Role
from minzheng_field.forms.registry import shipped_forms
from minzheng_field.services.forms_catalog import form_row_id
from minzheng_field.store.models import AuditEntry, FormVersion, OutboxMutation
from minzheng_field.store.session import session_scope
from minzheng_field.store.vault import Vault
from vault_constants import ADMIN, ADMIN_PASSWORD, FAST_KDF

window = window_fixtures.window


@pytest.fixture
def data_dir(data_dir: Path) -> Path:
    """A new vault with its administrator and a village cadre, locked."""
    vault = Vault.create(
        data_dir,
        township_code="431023113",
        admin_username=ADMIN,
        admin_display_name="乡镇管理员",
        admin_password=ADMIN_PASSWORD,
        kdf=FAST_KDF,
    )
    vault.add_user(CADRE, "坦泉村干部", Role.VILLAGE_CADRE, CADRE_PASSWORD, kdf=FAST_KDF)
    vault.lock()
    return data_dir


def published(vault: Vault) -> dict[str, tuple[str, str]]:
    """The form rows in the vault by id, with how many audit entries and mutations each has."""
    engine = vault.open_engine(readonly=True)
    try:
        with session_scope(engine) as session:
            rows = session.execute(
                select(FormVersion.id, FormVersion.form_id, FormVersion.form_version)
            )
            forms = {row_id: (form_id, version) for row_id, form_id, version in rows}
            audited = session.scalar(
                select(func.count()).select_from(AuditEntry).where(AuditEntry.entity_id.in_(forms))
            )
            queued = session.scalar(
                select(func.count())
                .select_from(OutboxMutation)
                .where(OutboxMutation.entity_id.in_(forms))
            )
    finally:
        vault.close_engine(engine)
    assert audited == queued == len(forms)
    return forms


def test_the_shipped_forms_are_published_once_when_a_session_opens(qtbot, window) -> None:
    expected = {form_row_id(*key): key for key in shipped_forms()}
    unlock(qtbot, window, ADMIN, ADMIN_PASSWORD)
    vault = window.vault
    assert vault is not None
    qtbot.waitUntil(lambda: published(vault) == expected, timeout=TIMEOUT)
    qtbot.waitUntil(
        lambda: window.unsynced_label.text().endswith(f" {len(expected)}"), timeout=TIMEOUT
    )

    # A cadre's session on the same vault finds them there and writes nothing more.
    with qtbot.waitSignal(window.session_locked, timeout=TIMEOUT):
        window.switch_user()
    unlock(qtbot, window, CADRE, CADRE_PASSWORD)
    assert window.session is not None
    # Writer jobs run in order: once this one is done, the session's publishing is too.
    done: list[object] = []
    window.session.database.write(lambda s, a: None, done.append, done.append)
    qtbot.waitUntil(lambda: bool(done), timeout=TIMEOUT)
    assert published(vault) == expected
