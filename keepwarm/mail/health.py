"""What is wrong with reminders right now, each problem with its fix, and who
is told about it.

``problems()`` is cheap (one read of the tiny heartbeat table); ``keepwarm
doctor`` adds the slower checks (the database, migrations, a real connection to
the mail server, time zones). ``notice_for(user)``, the banner on every page
(one query), is the one home of the banner's rules:

- whoever runs the server (``accounts.services.server_runners``: staff and
  superusers, else the first account) sees each problem with its fix;
- any other account is told only that its own emails wait (and to tell whoever
  runs the server), and only when it wants emails: emails on and an address;
- the demo sees nothing;
- a user who dismissed the banner does not see it again for that situation.
  For whoever runs the server the situation is the set of problems; for
  anyone else it is "your emails wait", whatever the cause. Once all is well
  (the worker ran and email is set up) every dismissal is forgotten, so a
  problem that comes back later is shown again.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import BooleanField, Exists, ExpressionWrapper, OuterRef, Subquery
from django.utils import timezone

from keepwarm.accounts.services import server_runners
from keepwarm.lib.words import duration, moment, plural
from keepwarm.mail.models import DismissedNotice, Heartbeat, OutboxMessage, ReminderSettings

if TYPE_CHECKING:
    from keepwarm.accounts.models import User

# The worker counts as stopped once it missed two runs.
STALE_AFTER_INTERVALS = 2


@dataclass(frozen=True)
class Problem:
    title: str
    detail: str
    fix: str
    key: str = ""  # which problem, for the banner's situation


EMAIL_NOT_SET_UP = Problem(
    "Email is not set up",
    "keepwarm has no mail server, so reminders and digests wait in the outbox.",
    "Set EMAIL_URL (for example smtp+tls://USER:PASSWORD@smtp.example.org:587) or "
    "KEEPWARM_SMTP_HOST and restart keepwarm; see docs/reminders.md.",
    "email-not-set-up",
)


def email_problems() -> list[Problem]:
    return [] if settings.EMAIL_HOST else [EMAIL_NOT_SET_UP]


def failed_problems() -> list[Problem]:
    """The emails of every account that failed for good, as one problem (``keepwarm doctor``)."""
    failed = OutboxMessage.objects.filter(status=OutboxMessage.Status.FAILED).count()
    if not failed:
        return []
    return [
        Problem(
            f"{plural(failed, 'email')} failed for good",
            "They stay in the outbox with the mail server's last answer.",
            "Once the cause is fixed, press Retry on the outbox page (Settings → Outbox).",
        )
    ]


def latest_heartbeat() -> Heartbeat | None:
    return Heartbeat.objects.order_by("-last_run_at").first()


def worker_problems(now: dt.datetime | None = None) -> list[Problem]:
    """The worker never ran, stopped (missed two runs), or failed on its last run."""
    return heartbeat_problems(latest_heartbeat(), now)


def heartbeat_problems(
    heartbeat: Heartbeat | None, now: dt.datetime | None = None
) -> list[Problem]:
    """``worker_problems`` for the latest ``heartbeat`` (None: the worker never ran)."""
    now = now or timezone.now()
    fix = (
        "Start the server with keepwarm serve (it runs the worker unless given "
        "--no-worker), or run keepwarm worker --loop; see docs/reminders.md."
    )
    if heartbeat is None:
        return [
            Problem(
                "The reminder worker has never run",
                "No reminder has been sent.",
                fix,
                "worker-never-ran",
            )
        ]
    allowed = dt.timedelta(seconds=heartbeat.interval_seconds * STALE_AFTER_INTERVALS)
    if now - heartbeat.last_run_at > allowed:
        since = timezone.localtime(heartbeat.last_run_at)
        ago = duration(now - heartbeat.last_run_at)
        when = moment(since, year=False)
        detail = f"It last ran {ago} ago ({when}): reminders are not being sent."
        return [Problem("The reminder worker is not running", detail, fix, "worker-stopped")]
    if heartbeat.last_error:
        return [
            Problem(
                "The reminder worker ran into an error",
                heartbeat.last_error,
                "The server's log holds the full error; keepwarm doctor checks the set-up.",
                "worker-error",
            )
        ]
    return []


def problems(now: dt.datetime | None = None) -> list[Problem]:
    """Everything wrong with reminders, as whoever runs the server sees it in the
    banner: the worker first, then email."""
    return worker_problems(now) + email_problems()


# Anyone but whoever runs the server is told only this, whatever the cause.
EMAILS_WAIT = "emails-waiting"


@dataclass(frozen=True)
class Notice:
    """The banner one signed-in user sees. ``problems`` are shown with their
    fixes to whoever runs the server (``for_admin``); anyone else is told only
    that their emails wait. ``situation`` names what is wrong: a dismissal of
    it holds until it is another."""

    for_admin: bool
    problems: list[Problem]
    situation: str


def notice_for(user: User, now: dt.datetime | None = None) -> Notice | None:
    """The banner ``user`` sees now, or None (see the module's rules). One query:
    the latest heartbeat and all it takes to know who ``user`` is to the banner."""
    if not getattr(user, "is_authenticated", False) or getattr(user, "is_demo", False):
        return None
    facts = _facts(user)
    if facts is None:
        return None
    heartbeat = None
    if facts["beat_at"] is not None:
        heartbeat = Heartbeat(
            last_run_at=facts["beat_at"],
            interval_seconds=facts["beat_every"],
            last_error=facts["beat_error"] or "",
        )
    found = heartbeat_problems(heartbeat, now) + email_problems()
    if not found:
        return None
    if facts["runs_server"]:
        notice = Notice(True, found, "admin:" + ",".join(p.key for p in found))
    elif user.email and not facts["emails_off"]:  # the user wants emails
        notice = Notice(False, found, EMAILS_WAIT)
    else:
        return None
    return None if facts["dismissed"] == notice.situation else notice


def _facts(user: User) -> dict[str, Any] | None:
    """In one query: the latest heartbeat, whether ``user`` runs the server,
    turned emails off (Settings → Reminders), and which banner they dismissed."""
    latest = Heartbeat.objects.order_by("-last_run_at")
    emails_off = ReminderSettings.objects.filter(user=OuterRef("pk"), emails_on=False)
    dismissed = DismissedNotice.objects.filter(owner=OuterRef("pk")).values("situation")[:1]
    return (
        get_user_model()
        .objects.filter(pk=user.pk)
        .annotate(
            beat_at=Subquery(latest.values("last_run_at")[:1]),
            beat_every=Subquery(latest.values("interval_seconds")[:1]),
            beat_error=Subquery(latest.values("last_error")[:1]),
            runs_server=ExpressionWrapper(server_runners(), output_field=BooleanField()),
            emails_off=Exists(emails_off),
            dismissed=Subquery(dismissed),
        )
        .values("beat_at", "beat_every", "beat_error", "runs_server", "emails_off", "dismissed")
        .first()
    )


def dismiss(user: User, situation: str) -> None:
    """``user`` saw enough of the banner for ``situation``: theirs only."""
    DismissedNotice.objects.update_or_create(
        owner=user, defaults={"situation": situation, "dismissed_at": timezone.now()}
    )


def forget_dismissals() -> int:
    """All is well again: every dismissed banner may be shown when a problem
    comes back. The worker calls it after a run without problems."""
    deleted, _ = DismissedNotice.objects.all().delete()
    return deleted
