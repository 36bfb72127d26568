"""A vault knows its township's divisions; an unknown township creates nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from minzheng_field.domain.divisions import InvalidDivisionCode
from minzheng_field.store.models import DivisionRow
from minzheng_field.store.session import session_scope
from minzheng_field.store.vault import Vault
from vault_constants import new_vault


def test_a_new_vault_holds_its_township_path_and_villages(vault: Vault) -> None:
    engine = vault.open_engine(readonly=True)
    with session_scope(engine) as session:
        rows = {row.code: row for row in session.scalars(select(DivisionRow))}
    vault.close_engine(engine)
    assert rows["431000"].name == "郴州市"
    assert rows["431023"].name == "永兴县"
    assert rows["431023113"].level == "township"
    assert rows["431023113200"].name == "坦泉村"
    retired = [row for row in rows.values() if row.retired_since]
    assert retired, "retired villages stay readable"
    assert not any(code.startswith("431025") for code in rows)


@pytest.mark.parametrize("code", ["431023999", "431023113200", "43102311"])
def test_an_unknown_or_wrong_level_township_creates_nothing(tmp_path: Path, code: str) -> None:
    data_dir = tmp_path / "data"
    with pytest.raises((InvalidDivisionCode, ValueError)) as caught:
        new_vault(data_dir, township_code=code, admin_username="admin", admin_display_name="管理员")
    assert "区划" in str(caught.value) or "乡镇" in str(caught.value)
    assert not data_dir.exists() or list(data_dir.iterdir()) == []
