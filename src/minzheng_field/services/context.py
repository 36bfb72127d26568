"""Who is acting, from which device: every change is recorded under an Actor."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from minzheng_field.domain.roles import Role
from minzheng_field.store.models import UserProfile, VaultMeta


@dataclass(frozen=True)
class Actor:
    username: str
    role: Role
    device_id: str
    # Village codes a cadre serves; ignored for township staff.
    villages: frozenset[str] = field(default_factory=frozenset)

    @property
    def sees_whole_township(self) -> bool:
        return self.role.sees_whole_township

    def may_see_village(self, village_code: str | None) -> bool:
        """Whether this actor's duty covers that village."""
        return self.sees_whole_township or village_code in self.villages


def device_id(session: Session) -> str:
    """This vault's device id."""
    value = session.scalar(select(VaultMeta.value).where(VaultMeta.key == "device_id"))
    if value is None:
        raise RuntimeError("vault has no device id")
    return value


def township_code(session: Session) -> str:
    """The township this vault belongs to."""
    value = session.scalar(select(VaultMeta.value).where(VaultMeta.key == "township_code"))
    if value is None:
        raise RuntimeError("vault has no township")
    return value


def actor_for(session: Session, username: str) -> Actor:
    """The Actor of a local user, with the villages of a cadre."""
    profile = session.get(UserProfile, username)
    if profile is None or not profile.active:
        raise LookupError("unknown or inactive user")
    return Actor(
        username=username,
        role=Role(profile.role),
        device_id=device_id(session),
        villages=frozenset(profile.villages or ()),
    )
