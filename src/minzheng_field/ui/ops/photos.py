"""Background calls for importing phone photos: propose visits, store each confirmed photo."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from PySide6.QtWidgets import QWidget

from minzheng_field.services.visits import (
    CandidateVisit,
    PhotoAttached,
    PhotoProposal,
    attach_photo,
    match_photos_to_visits,
    photo_candidates,
)
from minzheng_field.ui.ops.base import Operation
from minzheng_field.ui.ops.care_files import guarded
from minzheng_field.ui.session import UiSession


@dataclass(frozen=True)
class Proposals:
    """The visits photos may belong to, and the proposal for each photo (in the given order)."""

    candidates: tuple[CandidateVisit, ...]
    proposals: tuple[PhotoProposal, ...]


@dataclass(frozen=True)
class PhotosImported:
    """What an import stored (announced once to every view when the import ends)."""

    attached: tuple[PhotoAttached, ...]


def propose_visits(
    session: UiSession,
    parent: QWidget | None,
    photos: Sequence[tuple[str, bytes]],
    first: date,
    last: date,
    *,
    only_mine: bool,
) -> Operation:
    """Read the candidate visits of the photos' days and match each photo to one (a reader)."""
    given = list(photos)

    def job(s: Any, a: Any) -> Proposals:
        candidates = photo_candidates(s, a, first, last, only_mine=only_mine)
        return Proposals(tuple(candidates), tuple(match_photos_to_visits(given, candidates)))

    return Operation(session, parent, job, write=False)


def attach_quietly(
    session: UiSession,
    owner: QWidget,
    visit_id: str,
    data: bytes,
    taken_at: datetime | None,
    on_done: Callable[[PhotoAttached], None],
    on_error: Callable[[Exception], None],
) -> int:
    """Store one photo with a visit on the writer thread (its own transaction).

    Views are not told after each photo (forty refreshes for one import): the caller
    announces the import once with `announce_import`. Callbacks are dropped once `owner`
    is gone; the photo is stored all the same.
    """
    return session.database.write(
        lambda s, a: attach_photo(s, a, visit_id, data, taken_at=taken_at),
        guarded(owner, on_done),
        guarded(owner, on_error),
    )


def announce_import(session: UiSession, attached: Sequence[PhotoAttached]) -> None:
    """Tell every view that photos were stored (once, at the end of an import)."""
    session.events.operation_did_execute.emit(PhotosImported(tuple(attached)))
