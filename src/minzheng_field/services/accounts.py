"""Local accounts' profiles for the settings screen: who they are and which villages a cadre serves.

The credentials live in the key file (`Vault.add_user` and friends); these are the profile
rows beside them.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from minzheng_field.domain.roles import Role
from minzheng_field.services.context import Actor
from minzheng_field.services.errors import Forbidden, InvalidInput, NotFound
from minzheng_field.services.household_queries import VillageChoice, current_villages
from minzheng_field.services.recording import json_value
from minzheng_field.store.models import AuditEntry, UserProfile, utc_now

# One village type for every list; the screens know it here by this name.
VillageOption = VillageChoice


@dataclass(frozen=True)
class AccountProfile:
    """A local user's profile: name, role and (for a cadre) villages."""

    username: str
    display_name: str
    role: Role
    villages: tuple[str, ...]


@dataclass(frozen=True)
class VillagesChanged:
    """The result of setting a cadre's villages."""

    username: str
    villages: tuple[str, ...]


def account_profiles(session: Session) -> list[AccountProfile]:
    """The active users' profiles, by login name."""
    rows = session.scalars(
        select(UserProfile).where(UserProfile.active.is_(True)).order_by(UserProfile.username)
    )
    return [
        AccountProfile(
            username=row.username,
            display_name=row.display_name,
            role=Role(row.role),
            villages=tuple(row.villages or ()),
        )
        for row in rows
    ]


def township_villages(session: Session) -> list[VillageOption]:
    """The township's current villages, by code."""
    return current_villages(session)


def set_cadre_villages(
    session: Session, actor: Actor, username: str, villages: list[str] | tuple[str, ...]
) -> VillagesChanged:
    """Set the villages a village cadre serves (township administrator only)."""
    if actor.role is not Role.TOWNSHIP_ADMIN:
        raise Forbidden("只有乡镇管理员可以设置村干部负责的村。")
    profile = session.get(UserProfile, username)
    if profile is None or not profile.active:
        raise NotFound("账号")
    if Role(profile.role) is not Role.VILLAGE_CADRE:
        raise InvalidInput("villages", "只有村干部账号需要设置负责的村。")
    known = {village.code for village in township_villages(session)}
    wanted = sorted(set(villages))
    if not wanted:
        raise InvalidInput("villages", "请至少选择一个村（社区）。")
    if not set(wanted) <= known:
        raise InvalidInput("villages", "只能选择本乡镇现有的村（社区）。")
    old = list(profile.villages or ())
    if old != wanted:
        profile.villages = wanted
        session.add(
            AuditEntry(
                at=utc_now(),
                username=actor.username,
                device_id=actor.device_id,
                entity_type="users",
                entity_id=username,
                action="update",
                changes={"villages": [json_value(old), json_value(wanted)]},
            )
        )
    return VillagesChanged(username, tuple(wanted))
