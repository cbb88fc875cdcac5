"""The one place that reads the time, so that tests can freeze it."""
from __future__ import annotations

from datetime import datetime, timezone

_frozen: datetime | None = None


def now() -> datetime:
    """Return the current instant as an aware UTC datetime (or the frozen one in tests)."""
    if _frozen is not None:
        return _frozen
    return datetime.now(timezone.utc)


def freeze(instant: datetime | None) -> None:
    """Freeze the clock at ``instant`` (aware), or unfreeze it with None. Tests only."""
    global _frozen
    if instant is not None and instant.tzinfo is None:
        raise ValueError("freeze() needs an aware datetime")
    _frozen = instant.astimezone(timezone.utc) if instant else None
