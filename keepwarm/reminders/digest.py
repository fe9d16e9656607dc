"""The weekly digest and the daily email: what is in them and when they go out."""

from __future__ import annotations

import datetime as dt


def schedule_due(now: dt.datetime) -> int:
    """Enqueue every digest and daily email that is due at ``now``; how many."""
    return 0
