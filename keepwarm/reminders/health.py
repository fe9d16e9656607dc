"""What is wrong with reminders right now, each problem with its fix.

``problems()`` is cheap (one read of the tiny heartbeat table) and feeds the
banner on every page; ``keepwarm doctor`` adds the slower checks (the database,
migrations, a real connection to the mail server, time zones).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.utils import dateformat, timezone
from django.utils.timesince import timesince

from keepwarm.reminders.models import Heartbeat

# The worker counts as stopped once it missed two runs.
STALE_AFTER_INTERVALS = 2


@dataclass(frozen=True)
class Problem:
    title: str
    detail: str
    fix: str


EMAIL_NOT_SET_UP = Problem(
    "Email is not set up",
    "keepwarm has no mail server, so reminders and digests wait in the outbox.",
    "Set EMAIL_URL (for example smtp+tls://USER:PASSWORD@smtp.example.org:587) or "
    "KEEPWARM_SMTP_HOST and restart keepwarm; see docs/reminders.md.",
)


def email_problems() -> list[Problem]:
    return [] if settings.EMAIL_HOST else [EMAIL_NOT_SET_UP]


def latest_heartbeat() -> Heartbeat | None:
    return Heartbeat.objects.order_by("-last_run_at").first()


def worker_problems(now: dt.datetime | None = None) -> list[Problem]:
    """The worker never ran, stopped (missed two runs), or failed on its last run."""
    now = now or timezone.now()
    heartbeat = latest_heartbeat()
    fix = (
        "Start the server with keepwarm serve (it runs the worker unless given "
        "--no-worker), or run keepwarm worker --loop; see docs/reminders.md."
    )
    if heartbeat is None:
        return [Problem("The reminder worker has never run", "No reminder has been sent.", fix)]
    allowed = dt.timedelta(seconds=heartbeat.interval_seconds * STALE_AFTER_INTERVALS)
    if now - heartbeat.last_run_at > allowed:
        since = timezone.localtime(heartbeat.last_run_at)
        ago = timesince(heartbeat.last_run_at, now, depth=1)
        when = dateformat.format(since, "j M, H:i")
        detail = f"It last ran {ago} ago ({when}): reminders are not being sent."
        return [Problem("The reminder worker is not running", detail, fix)]
    if heartbeat.last_error:
        return [
            Problem(
                "The reminder worker ran into an error",
                heartbeat.last_error,
                "The server's log holds the full error; keepwarm doctor checks the set-up.",
            )
        ]
    return []


def problems(now: dt.datetime | None = None) -> list[Problem]:
    """Everything the banner shows: the worker first, then email."""
    return worker_problems(now) + email_problems()
