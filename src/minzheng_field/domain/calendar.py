"""Civil dates: the caseload's dates (a birth, a decision, a due date) are dates in China."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

# Asia/Shanghai has kept UTC+8 without daylight saving since 1991, so a fixed offset is
# exact and needs no time zone database (Windows ships none).
CHINA = timezone(timedelta(hours=8))


def china_today() -> date:
    """Today's civil date in Asia/Shanghai."""
    return datetime.now(UTC).astimezone(CHINA).date()


def china_date(moment: datetime) -> date:
    """The civil date in Asia/Shanghai of an instant (stored instants are UTC)."""
    return moment.astimezone(CHINA).date()
