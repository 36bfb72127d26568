"""Who a user is to the caseload: township staff or a village cadre."""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    TOWNSHIP_ADMIN = "township_admin"
    TOWNSHIP_ASSISTANT = "township_assistant"
    VILLAGE_CADRE = "village_cadre"

    @property
    def label(self) -> str:
        """The role's name as the user sees it."""
        return _LABELS[self]

    @property
    def sees_whole_township(self) -> bool:
        """Township staff see every village; a cadre only theirs."""
        return self is not Role.VILLAGE_CADRE


_LABELS = {
    Role.TOWNSHIP_ADMIN: "乡镇管理员",
    Role.TOWNSHIP_ASSISTANT: "民政专干",
    Role.VILLAGE_CADRE: "村干部/儿童主任",
}
