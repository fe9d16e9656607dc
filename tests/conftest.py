"""Shared fixtures: named users (alice owns, bob is another user, carol shares
nothing), a frozen clock and helpers to make people and touches."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.cache import cache

from keepwarm.accounts.services import create_user
from keepwarm.contacts.services import create_person
from keepwarm.owned import owned
from keepwarm.touches.models import TouchKind

PASSWORD = "correct horse battery staple"
TODAY = dt.date(2026, 11, 25)


@pytest.fixture(autouse=True)
def _plain_static_storage(settings):
    # The manifest storage needs `collectstatic`; tests serve files from the finders.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(autouse=True)
def _no_cached_plans():
    # Plans are kept by user id and data version; a rolled-back test can reuse both.
    from keepwarm.planning.services import forget_plans

    cache.clear()
    forget_plans()
    yield
    cache.clear()
    forget_plans()


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # The real hasher costs ~1.5 s per user; the tests check behaviour, not its strength.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def frozen():
    """The clock stopped at 2026-11-25 10:00 UTC (a Wednesday)."""
    with time_machine.travel(dt.datetime(2026, 11, 25, 10, 0, tzinfo=dt.UTC), tick=False) as t:
        yield t


def make_user(name: str, **kwargs):
    return create_user(name, PASSWORD, email=f"{name}@example.org", **kwargs)


@pytest.fixture
def alice(db):
    return make_user("alice", time_zone="Europe/Berlin", country="DE")


@pytest.fixture
def bob(db):
    return make_user("bob", time_zone="America/New_York", country="US")


@pytest.fixture
def carol(db):
    return make_user("carol")


@pytest.fixture
def alice_client(client, alice):
    client.force_login(alice)
    return client


@pytest.fixture
def bob_client(client, bob):
    client.force_login(bob)
    return client


def kind(user, label: str) -> TouchKind:
    return owned(TouchKind, user).get(label=label)


@pytest.fixture
def jane(alice):
    """Alice's contact Jane Doe, with an email and a phone."""
    return create_person(
        alice,
        "Jane Doe",
        emails=["jane@example.com"],
        phones=["+49 30 1234567"],
        company="Acme",
        tags=["school"],
    )
