"""Shared fixtures: named users (alice owns, bob is another user, carol shares
nothing), a frozen clock and helpers to make people and touches."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.cache import cache
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings

from keepwarm.accounts.confirmation import confirm_by_admin
from keepwarm.accounts.services import create_user
from keepwarm.contacts.services import create_person
from keepwarm.owned import owned
from keepwarm.touches.models import TouchKind

PASSWORD = "correct horse battery staple"

# No example may fail for being slow: a loaded 2-core machine misses any
# deadline. Tests set their own example counts; this is only the default.
hypothesis_settings.register_profile(
    "keepwarm", deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
hypothesis_settings.load_profile("keepwarm")
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
    # Plans and folded notes are kept by user id and data version; a rolled-back
    # test can reuse both.
    from keepwarm.plans.services import forget_plans
    from keepwarm.warmcalls.search import folded_notes

    cache.clear()
    forget_plans()
    folded_notes.clear()
    yield
    cache.clear()
    forget_plans()
    folded_notes.clear()


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # The real hasher costs ~1.5 s per user; the tests check behaviour, not its strength.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def frozen():
    """The clock stopped at 2026-11-25 10:00 UTC (a Wednesday).

    It starts before any other per-test fixture (see
    `pytest_collection_modifyitems`), so every row a test relies on is made
    inside the frozen clock, whatever the order of the test's arguments."""
    with time_machine.travel(FROZEN_AT, tick=False) as t:
        yield t


@pytest.fixture
def ticking():
    """The clock set to 2026-11-25 10:00 UTC and left running: for tests with a
    live server and a browser, whose sessions, timeouts and polls need time to
    pass. Like `frozen`, it starts before any other per-test fixture."""
    with time_machine.travel(FROZEN_AT, tick=True) as t:
        yield t


FROZEN_AT = dt.datetime(2026, 11, 25, 10, 0, tzinfo=dt.UTC)
CLOCKS = ("frozen", "ticking")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Set the clock first in every test that asks for `frozen` or `ticking`.

    pytest sets fixtures up in the order of `item.fixturenames`: higher scopes
    first, then a test's arguments from left to right. `def test(alice, frozen)`
    would make alice at the real date and only then stop the clock, and a test
    that reads "when did she join" passes only until the real date overtakes
    the frozen one. Moving `frozen` ahead of every per-test fixture (autouse
    ones and `db` included) makes that order impossible; `.ci/run` proves it
    by running the suite again with the process clock moved far ahead."""
    for item in items:
        names = getattr(item, "fixturenames", None)
        clock = next((name for name in CLOCKS if names and name in names), None)
        if clock is None:
            continue
        definitions = item._fixtureinfo.name2fixturedefs  # type: ignore[attr-defined]
        names.remove(clock)
        first_per_test = next(
            (
                index
                for index, name in enumerate(names)
                if name in definitions and definitions[name][-1].scope == "function"
            ),
            len(names),
        )
        names.insert(first_per_test, clock)


def make_user(name: str, *, confirmed: bool = True, **kwargs):
    """An account with ``name@example.org``, confirmed (as after opening the link
    sent to it) unless ``confirmed`` is False: keepwarm sends email only then."""
    user = create_user(name, PASSWORD, email=f"{name}@example.org", **kwargs)
    if confirmed:
        confirm_by_admin(user)
    return user


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
