"""A rate limit per token (or per signed-in user): ``KEEPWARM_API_RATE_LIMIT``
requests a minute, as a token bucket that refills steadily, so a burst up to
the limit is fine and a steady script never waits. Kept in this process's
memory: each ``keepwarm serve`` process counts on its own."""

from __future__ import annotations

import math
import threading
import time

from django.conf import settings

from keepwarm.api.problems import ApiError

_lock = threading.Lock()
_buckets: dict[str, tuple[float, float]] = {}
"""key → (tokens left, when counted)."""
_MAX_KEYS = 10_000


def per_minute() -> int:
    return int(settings.KEEPWARM_API_RATE_LIMIT)


def check(key: str, now: float | None = None) -> None:
    """Count one request of ``key``; ``ApiError`` 429 when its bucket is empty."""
    limit = per_minute()
    rate = limit / 60.0
    now = time.monotonic() if now is None else now
    with _lock:
        left, then = _buckets.get(key, (float(limit), now))
        left = min(float(limit), left + (now - then) * rate)
        if left < 1.0:
            _buckets[key] = (left, now)
            wait = math.ceil((1.0 - left) / rate)
            raise ApiError(
                429,
                f"Over {limit} requests a minute for this token: try again in {wait} s.",
                headers={"Retry-After": str(wait)},
            )
        if len(_buckets) >= _MAX_KEYS and key not in _buckets:
            _buckets.clear()
        _buckets[key] = (left - 1.0, now)


def forget() -> None:
    """Every bucket full again (tests)."""
    with _lock:
        _buckets.clear()
