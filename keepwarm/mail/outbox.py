"""The outbox: every email keepwarm sends is a row first, then a delivery.

``enqueue`` writes the row once per idempotency key. ``send_due`` claims due rows
one at a time with a conditional update (so two workers never send the same
one), sends each over SMTP with a Message-ID made from its key, and records the
outcome: sent, or a later attempt with exponential backoff, or ``failed`` after
the last attempt. Nothing is ever deleted by a failure.

The one window for a duplicate: the SMTP server accepted a message and the
worker died before it recorded that. The row stays ``sending`` until
``STUCK_AFTER`` has passed, goes back to the queue and is sent again, with the
same Message-ID (see docs/reminders.md).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import logging
import os
import re
import smtplib
import socket
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import BadHeaderError, EmailMultiAlternatives, get_connection
from django.core.mail.utils import DNS_NAME
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from keepwarm.formats.text import one_line
from keepwarm.mail.models import OutboxMessage, settings_of

if TYPE_CHECKING:
    from keepwarm.accounts.models import User

log = logging.getLogger(__name__)

Status = OutboxMessage.Status
Kind = OutboxMessage.Kind

# Minutes to wait after the 1st, 2nd, … failed attempt; failed after MAX_ATTEMPTS.
BACKOFF_MINUTES = (1, 5, 25, 120, 600, 1440, 1440)
MAX_ATTEMPTS = len(BACKOFF_MINUTES) + 1
# A row "sending" for longer than this belongs to a worker that died mid-send.
STUCK_AFTER = dt.timedelta(minutes=15)
# Emails the user asked for: only sent when the user still wants emails.
REMINDER_KINDS = {Kind.DIGEST, Kind.DAILY}


class EmailNotConfigured(Exception):
    """No mail server is set up (EMAIL_URL or KEEPWARM_SMTP_HOST)."""

    def __str__(self) -> str:
        return (
            "Email is not set up on this server, so nothing can be sent yet. "
            "The administrator sets EMAIL_URL (or KEEPWARM_SMTP_HOST) and restarts keepwarm."
        )


class NoAddress(Exception):
    """The user has no email address to send to."""

    def __str__(self) -> str:
        return "Your account has no email address: add one first."


class SendingRefused(ValidationError):
    """This account may not send this email (``refusal``): a form shows why."""


def email_configured() -> bool:
    return bool(settings.EMAIL_HOST)


def refusal(user: User, kind: str) -> str | None:
    """Why keepwarm sends no email of ``kind`` for ``user``, or None when it may.

    The demo, shared by every visitor, sends nothing at all: it would make the
    server an open relay (greetings and invitations go to any address typed
    in, from the server's own). Any other account sends only once its address
    is confirmed (``User.sends_email``), but for the confirmation itself: what
    it sends to friends carries its address as the reply-to, and reminders go
    to a mailbox that showed it wants them."""
    if getattr(user, "is_demo", False):
        return "The demo sends no email: copy the words and send them yourself."
    if kind == Kind.CONFIRM or user.sends_email:
        return None
    if not user.email:
        return (
            "Add your email address in Settings and confirm it: keepwarm sends email for "
            "you only from a confirmed address."
        )
    return (
        f"Confirm your email address first: open the link sent to {user.email}, or send a "
        "new one from Settings. keepwarm sends email for you only from a confirmed address."
    )


def enqueue(
    user: User,
    kind: str,
    key: str,
    *,
    subject: str,
    text: str,
    html: str = "",
    to: str | None = None,
) -> OutboxMessage | None:
    """The message with idempotency ``key``, made now unless it exists already.

    None when there is nobody to send it to: no address, or a digest or daily
    email for a user who turned emails off. Raises ``SendingRefused`` for an
    account that may not send it (``refusal``), whatever the door it came by.
    """
    address = (to or user.email or "").strip()
    if not address or (kind in REMINDER_KINDS and not settings_of(user).emails_on):
        return None
    refused = refusal(user, kind)
    if refused is not None:
        raise SendingRefused(refused, code="refused")
    existing = OutboxMessage.objects.filter(key=key).first()
    if existing is not None:
        return existing
    validate_email(address)
    # On one line: a line break would start a header of its own. A subject made
    # from a name kept before the text rule keeps its words (a form refuses one).
    subject = one_line(subject)
    fields = {"kind": kind, "to": address, "subject": subject[:300], "text": text, "html": html}
    try:
        with transaction.atomic():
            return OutboxMessage.objects.create(owner=user, key=key, **fields)
    except IntegrityError:  # another process enqueued the same key just now
        return OutboxMessage.objects.get(key=key)


def worker_id(name: str) -> str:
    """Who claims a row: the worker's name, host, process and thread."""
    host = socket.gethostname().split(".")[0]
    return f"{name}@{host}:{os.getpid()}:{threading.get_ident() % 100000}"[:100]


def release_stuck(now: dt.datetime) -> int:
    """Put rows whose worker died mid-send back in the queue; how many."""
    return OutboxMessage.objects.filter(
        status=Status.SENDING, claimed_at__lt=now - STUCK_AFTER
    ).update(
        status=Status.QUEUED,
        claimed_by="",
        claimed_at=None,
        next_attempt_at=now,
        last_error="The worker stopped while sending this; it is sent again.",
    )


def claim(pk: int, who: str, now: dt.datetime) -> OutboxMessage | None:
    """Take one due message for ``who``: None when another worker got it first."""
    taken = OutboxMessage.objects.filter(
        pk=pk, status=Status.QUEUED, next_attempt_at__lte=now
    ).update(status=Status.SENDING, claimed_by=who, claimed_at=now, attempts=F("attempts") + 1)
    if taken != 1:
        return None
    return OutboxMessage.objects.select_related("owner").get(pk=pk)


def due_ids(now: dt.datetime, limit: int) -> list[int]:
    due = OutboxMessage.objects.filter(status=Status.QUEUED, next_attempt_at__lte=now)
    return list(due.order_by("next_attempt_at", "id").values_list("id", flat=True)[:limit])


def send_due(now: dt.datetime | None = None, *, worker: str = "worker", limit: int = 100) -> int:
    """Send the messages that are due; how many went out.

    Without a mail server nothing is claimed: messages keep waiting and keep
    their attempts. A connection failure ends the batch (the rest wait their turn).
    """
    now = now or timezone.now()
    release_stuck(now)
    if not email_configured():
        return 0
    who = worker_id(worker)
    sent = 0
    connection = get_connection(fail_silently=False)
    try:
        for pk in due_ids(now, limit):
            message = claim(pk, who, now)
            if message is None:
                continue
            error = deliver(message, connection, now)
            sent += error is None
            if error is not None and is_connection_error(error):
                break
    finally:
        close_quietly(connection)
    return sent


def close_quietly(connection: Any) -> None:
    with contextlib.suppress(smtplib.SMTPException, OSError):  # the server left first
        connection.close()


def send_now(message: OutboxMessage, *, worker: str = "web") -> OutboxMessage:
    """Try one message at once (the test email); the row as it is afterwards."""
    if not email_configured():
        raise EmailNotConfigured
    now = timezone.now()
    claimed = claim(message.pk, worker_id(worker), now)
    if claimed is None:
        message.refresh_from_db()
        return message
    connection = get_connection(fail_silently=False)
    try:
        deliver(claimed, connection, now)
    finally:
        close_quietly(connection)
    claimed.refresh_from_db()
    return claimed


def deliver(message: OutboxMessage, connection: Any, now: dt.datetime) -> Exception | None:
    """Send one claimed message and record the outcome; the error, if any. One
    its account may no longer send (it became the demo's, or its address
    changed and is not confirmed yet) fails at once, with why."""
    refused = refusal(message.owner, message.kind)
    if refused is not None:
        error = SendingRefused(refused, code="refused")
        record_failure(message, error, now)
        return error
    try:
        connection.open()  # kept open for the next message of the batch
        build_email(message, connection).send()
    except Exception as exc:  # every failure is recorded on the row
        if not isinstance(exc, smtplib.SMTPException | OSError):
            log.exception("Unexpected error sending outbox message %s", message.pk)
        record_failure(message, exc, now)
        return exc
    # Marked sent and, for a greeting, its touch logged in one transaction: a
    # worker killed between the two would leave a greeting sent and never logged.
    with transaction.atomic():
        sent = OutboxMessage.objects.filter(pk=message.pk, status=Status.SENDING).update(
            status=Status.SENT, sent_at=now, last_error="", claimed_by="", claimed_at=None
        )
        if sent:
            on_sent(message, now)
    return None


OnSent = Callable[[OutboxMessage, dt.datetime], None]
_ON_SENT: dict[str, OnSent] = {}
"""Per kind of message, what its owner does once one went out (``when_sent``)."""


def when_sent(kind: str, hook: OnSent) -> None:
    """Have ``hook(message, now)`` run when a message of ``kind`` has gone out, in
    the transaction that marks it sent. The app that owns the kind registers it
    from its ``ready()`` (a sent greeting is logged as a touch: ``occasions``);
    the outbox never calls another app by name."""
    _ON_SENT[kind] = hook


def on_sent(message: OutboxMessage, now: dt.datetime) -> None:
    """Run the hook of the message's kind, if any; one that fails undoes only itself."""
    hook = _ON_SENT.get(message.kind)
    if hook is None:
        return
    try:
        with transaction.atomic():
            hook(message, now)
    except Exception:  # the email is out; a hook that fails is only logged
        log.exception("Message %s (%s) went out; its hook failed", message.pk, message.kind)


UNSUBSCRIBABLE = {OutboxMessage.Kind.DIGEST, OutboxMessage.Kind.DAILY}
"""Emails a user can stop with one click in their mail app (RFC 8058)."""
PERSONAL = {OutboxMessage.Kind.GREETING, OutboxMessage.Kind.INVITATION}
"""Emails from the user to a friend: replies go to the user, not to the server."""


def build_email(message: OutboxMessage, connection: Any) -> EmailMultiAlternatives:
    headers = {"Message-ID": message_id(message.key), "Auto-Submitted": "auto-generated"}
    if message.kind in UNSUBSCRIBABLE:
        from keepwarm.mail.links import unsubscribe_url

        headers["List-Unsubscribe"] = f"<{unsubscribe_url(message.owner)}>"
        headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    email = EmailMultiAlternatives(
        subject=message.subject,
        body=message.text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[message.to],
        connection=connection,
        headers=headers,
        reply_to=[message.owner.email] if message.kind in PERSONAL and message.owner.email else [],
    )
    if message.html:
        email.attach_alternative(message.html, "text/html")
    return email


def message_id(key: str) -> str:
    """``<digest.12.2026-11-30.1a2b3c4d@example.org>``: the same for every attempt."""
    readable = re.sub(r"[^A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+", ".", key).strip(".")[:80]
    digest = hashlib.sha256(key.encode()).hexdigest()[:10]
    return f"<{readable}.{digest}@{sender_domain()}>"


def sender_domain() -> str:
    address = str(settings.DEFAULT_FROM_EMAIL).rsplit("<", 1)[-1].strip(" >")
    domain = address.rpartition("@")[2]
    return domain or str(DNS_NAME)


def record_failure(message: OutboxMessage, error: Exception, now: dt.datetime) -> None:
    attempts = message.attempts
    final = attempts >= max_attempts(message) or is_permanent(error)
    changes: dict[str, Any] = {"last_error": describe(error)[:2000], "claimed_by": ""}
    if final:
        changes |= {"status": Status.FAILED}
    else:
        wait = dt.timedelta(minutes=BACKOFF_MINUTES[min(attempts, MAX_ATTEMPTS - 1) - 1])
        changes |= {"status": Status.QUEUED, "next_attempt_at": now + wait, "claimed_at": None}
    OutboxMessage.objects.filter(pk=message.pk, status=Status.SENDING).update(**changes)


def max_attempts(message: OutboxMessage) -> int:
    # A test email reports its error at once; the user decides to try again.
    return 1 if message.kind == Kind.TEST else MAX_ATTEMPTS


def is_permanent(error: Exception) -> bool:
    """The server refused every recipient for good (5xx): retrying cannot help."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return all(code >= 500 for code, _ in error.recipients.values())
    # Tried again, these would fail again: a refused account, a subject or
    # address that cannot be written as a header.
    return isinstance(error, SendingRefused | BadHeaderError)


def is_connection_error(error: Exception) -> bool:
    """The server is unreachable or refuses us: every other message would fail too."""
    if isinstance(error, smtplib.SMTPRecipientsRefused | smtplib.SMTPDataError):
        return False
    return isinstance(error, OSError | smtplib.SMTPException)


def describe(error: Exception) -> str:
    """One line for the outbox page and the doctor."""
    if isinstance(error, SendingRefused):
        return " ".join(error.messages)
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        refusals = "; ".join(
            f"{address}: {code} {text.decode(errors='replace')}"
            for address, (code, text) in error.recipients.items()
        )
        return f"The mail server refused the recipient ({refusals})."
    if isinstance(error, smtplib.SMTPResponseException):
        text = error.smtp_error
        shown = text.decode(errors="replace") if isinstance(text, bytes) else str(text)
        return f"The mail server answered {error.smtp_code} {shown}."
    where = f"{settings.EMAIL_HOST} port {settings.EMAIL_PORT}"
    if isinstance(error, ConnectionRefusedError):
        return f"Could not connect to the mail server at {where}: connection refused."
    if isinstance(error, TimeoutError | socket.timeout):
        return f"The mail server at {where} did not answer in time."
    if isinstance(error, OSError | smtplib.SMTPException):
        return f"Could not talk to the mail server at {where}: {error}."
    return f"Could not send: {type(error).__name__}: {error}."


def retry(user: User, message: OutboxMessage) -> bool:
    """Send a failed (or waiting) message again at the next run, with fresh attempts."""
    return bool(
        OutboxMessage.objects.owned_by(user)
        .filter(pk=message.pk, status__in=[Status.FAILED, Status.QUEUED])
        .update(status=Status.QUEUED, attempts=0, next_attempt_at=timezone.now())
    )


def send_test(user: User) -> OutboxMessage:
    """A test email to the user, tried at once; the row tells how it went."""
    if not email_configured():
        raise EmailNotConfigured
    if not user.email:
        raise NoAddress
    now = timezone.now()
    message = enqueue(
        user,
        Kind.TEST,
        f"test:{user.pk}:{now:%Y%m%dT%H%M%S.%f}",
        subject="keepwarm test email",
        text=(
            "This is a test email from keepwarm.\n\n"
            "It reached you, so your reminders and weekly digest will too.\n"
        ),
    )
    if message is None:  # pragma: no cover - enqueue only refuses reminder kinds
        raise NoAddress
    return send_now(message)


CONFIRM_EVERY = dt.timedelta(minutes=10)
"""A new confirmation link goes out at most this often per account and address:
a sign-up with someone else's address cannot flood their mailbox."""


def send_confirmation(user: User) -> OutboxMessage:
    """Email the user a link that confirms their address (``accounts.confirmation``),
    tried at once; the row tells how it went. One per ``CONFIRM_EVERY``: asked
    again sooner, the one already made is given back."""
    from django.urls import reverse

    from keepwarm.accounts import confirmation
    from keepwarm.mail.links import absolute

    if not email_configured():
        raise EmailNotConfigured
    if not user.email:
        raise NoAddress
    now = timezone.now()
    window = int(now.timestamp() // CONFIRM_EVERY.total_seconds())
    digest = hashlib.sha256(user.email.encode()).hexdigest()[:12]
    key = f"confirm:{user.pk}:{digest}:{window}"
    existing = OutboxMessage.objects.filter(key=key).first()
    if existing is not None:
        return existing
    too_many = _confirmations_spent(user, now)
    if too_many is not None:
        raise SendingRefused(too_many, code="too_many")
    message = enqueue(
        user,
        Kind.CONFIRM,
        key,
        subject="Confirm your email address for keepwarm",
        text=(
            # Nothing the account chose (its name) is in it: the address may be
            # someone else's, typed in by whoever signed up.
            "Hello,\n\n"
            "Open this link to confirm that this is your address, so that keepwarm can "
            "send your reminders, greetings and invitations:\n\n"
            f"{absolute(reverse('confirm_email', args=[confirmation.token(user)]))}\n\n"
            "The link works for three days. If you did not ask for it, ignore this email: "
            "nothing is sent to you again unless someone asks for it.\n"
        ),
    )
    if message is None:  # pragma: no cover - the address was checked above
        raise NoAddress
    return send_now(message)


CONFIRM_LIMITS = ((dt.timedelta(hours=1), 3), (dt.timedelta(days=1), 3))
"""At most this many confirmation links in this long: per account (a new address
each time would make it a relay of one line), and per address (sign-ups with
someone else's address)."""


def _confirmations_spent(user: User, now: dt.datetime) -> str | None:
    """Why no other confirmation link goes out now, or None."""
    links = OutboxMessage.objects.filter(kind=Kind.CONFIRM)
    (per_account, most), (per_address, most_to) = CONFIRM_LIMITS
    if links.filter(owner=user, created_at__gte=now - per_account).count() >= most:
        return (
            f"{most} confirmation links went out in the last hour: open the newest one, "
            "or ask again in an hour."
        )
    to_address = links.filter(to__iexact=user.email, created_at__gte=now - per_address)
    if to_address.count() >= most_to:
        return f"{user.email} had {most_to} confirmation links today: ask again tomorrow."
    return None


def waiting_reason(message: OutboxMessage) -> str:
    if not email_configured():
        return "Waiting for a mail server to be set up."
    if message.attempts:
        return "Waiting for another attempt."
    return "Waiting for the worker."


RECENTLY_SENT = 20


def overview(user: User) -> dict[str, Any]:
    """The outbox page of ``user``: what waits, what failed, what went out lately."""
    mine = OutboxMessage.objects.owned_by(user).defer("text", "html")
    waiting = mine.filter(status__in=[Status.QUEUED, Status.SENDING]).order_by(
        "next_attempt_at", "id"
    )
    return {
        "waiting": list(waiting),
        "failed": list(mine.filter(status=Status.FAILED).order_by("-created_at", "-id")),
        "sent": list(mine.filter(status=Status.SENT).order_by("-sent_at", "-id")[:RECENTLY_SENT]),
        "sent_total": mine.filter(status=Status.SENT).count(),
        "email_configured": email_configured(),
    }
