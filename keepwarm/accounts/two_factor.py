"""Two-factor sign-in: a code from an authenticator app (TOTP), or a recovery code.

Built on django-otp: one ``TOTPDevice`` per account (unconfirmed while it is
being set up, confirmed once a code from the app matched) and one
``StaticDevice`` holding the recovery codes, each of which works once. An
account with a confirmed app gives a code after its password before it is
signed in (``verify``). Wrong codes slow down the next try on that device
(django-otp doubles the wait after each: 1, 2, 4… seconds) and count as
failed sign-ins for the throttle (``throttle.code_failed``, by the web door).

The demo account, shared by every visitor, cannot turn it on.
"""

from __future__ import annotations

import base64
import datetime as dt
import enum
import math
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

if TYPE_CHECKING:
    from keepwarm.accounts.models import User

RECOVERY_CODES = 10
APP_NAME = "Authenticator app"
RECOVERY_NAME = "Recovery codes"
_APP_CODE = re.compile(r"\d{6}")
_NOT_IN_CODE = re.compile(r"[\s-]+")


class Result(enum.Enum):
    APP = "app"
    RECOVERY = "recovery"
    WRONG = "wrong"
    WAIT = "wait"


@dataclass(frozen=True)
class Verdict:
    """What a code did: accepted (by the app or as a recovery code), wrong, or
    not tried because the last wrong ones were too recent (``wait`` seconds)."""

    result: Result
    wait: int = 0

    @property
    def accepted(self) -> bool:
        return self.result in (Result.APP, Result.RECOVERY)


def refuse_demo(user: User) -> None:
    if getattr(user, "is_demo", False):
        raise PermissionDenied("The demo account is shared by every visitor: it has no two-factor.")


def app_device(user: User) -> TOTPDevice | None:
    """The account's confirmed authenticator app, if two-factor is on."""
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).first()


def is_on(user: User) -> bool:
    return bool(user and user.is_authenticated) and app_device(user) is not None


def recovery_device(user: User) -> StaticDevice | None:
    return StaticDevice.objects.devices_for_user(user).first()


def recovery_codes_left(user: User) -> int:
    device = recovery_device(user)
    return device.token_set.count() if device else 0


def pending_device(user: User) -> TOTPDevice | None:
    """The app being set up: made by ``start``, not confirmed yet."""
    return TOTPDevice.objects.devices_for_user(user, confirmed=False).first()


def start(user: User) -> TOTPDevice:
    """A new secret for the app to set up (any earlier unfinished one is dropped)."""
    refuse_demo(user)
    with transaction.atomic():
        TOTPDevice.objects.devices_for_user(user, confirmed=False).delete()
        return TOTPDevice.objects.create(user=user, name=APP_NAME, confirmed=False)


def secret(device: TOTPDevice) -> str:
    """The secret as an app asks for it when typed: base32, in groups of four."""
    text = base64.b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))


def setup_url(device: TOTPDevice) -> str:
    """The ``otpauth://`` address the QR code holds."""
    return str(device.config_url)


def confirm(user: User, code: str) -> Verdict:
    """Turn two-factor on when ``code`` comes from the app being set up; a new
    set of recovery codes is then made (``new_recovery_codes``)."""
    refuse_demo(user)
    with transaction.atomic():
        device = (
            TOTPDevice.objects.devices_for_user(user, confirmed=False).select_for_update().first()
        )
        if device is None:
            return Verdict(Result.WRONG)
        verdict = _check(device, _tidy(code), Result.APP)
        if verdict.accepted:
            TOTPDevice.objects.devices_for_user(user, confirmed=True).delete()
            device.confirmed = True
            device.save(update_fields=["confirmed"])
    return verdict


def new_recovery_codes(user: User) -> list[str]:
    """Replace the account's recovery codes with ``RECOVERY_CODES`` new ones,
    shown to the user once: only they keep them."""
    refuse_demo(user)
    with transaction.atomic():
        device = recovery_device(user) or StaticDevice.objects.create(
            user=user, name=RECOVERY_NAME, confirmed=True
        )
        device.token_set.all().delete()
        codes = _unique_codes()
        StaticToken.objects.bulk_create(StaticToken(device=device, token=c) for c in codes)
    return [show_code(code) for code in codes]


def _unique_codes() -> list[str]:
    codes: list[str] = []
    while len(codes) < RECOVERY_CODES:
        code = StaticToken.random_token()  # 8 letters and digits, 40 random bits
        if code not in codes:
            codes.append(code)
    return codes


def show_code(code: str) -> str:
    """A recovery code as shown: two groups of four, ``abcd-efgh``."""
    return f"{code[:4]}-{code[4:]}"


def turn_off(user: User) -> bool:
    """Remove the app and the recovery codes (in Settings with the password, or
    by the administrator's ``keepwarm disabletwofactor``); whether it was on."""
    was_on = app_device(user) is not None
    with transaction.atomic():
        TOTPDevice.objects.devices_for_user(user).delete()
        StaticDevice.objects.devices_for_user(user).delete()
    return was_on


def since(user: User) -> dt.datetime | None:
    device = app_device(user)
    return device.created_at if device else None


def verify(user: User, code: str) -> Verdict:
    """Check a code given at sign-in: six digits from the app, or else one of
    the recovery codes (used up when it matches)."""
    tidy = _tidy(code)
    is_app_code = bool(_APP_CODE.fullmatch(tidy))
    model: Any = TOTPDevice if is_app_code else StaticDevice
    with transaction.atomic():
        device = model.objects.devices_for_user(user, confirmed=True).select_for_update().first()
        if device is None or not tidy:
            return Verdict(Result.WRONG)
        return _check(device, tidy, Result.APP if is_app_code else Result.RECOVERY)


def _tidy(code: str) -> str:
    """A code as typed, without spaces and dashes, in lower case."""
    return _NOT_IN_CODE.sub("", code or "").lower()[:32]


def _check(device: Any, code: str, accepted: Result) -> Verdict:
    allowed, why = device.verify_is_allowed()
    if not allowed:
        until = (why or {}).get("locked_until") or timezone.now()
        wait = max(1, math.ceil((until - timezone.now()).total_seconds()))
        return Verdict(Result.WAIT, wait=wait)
    if device.verify_token(code):
        return Verdict(accepted)
    return Verdict(Result.WRONG)
