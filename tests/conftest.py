"""Shared fixtures: named users (alice owns, bob is another user, carol shares
nothing), a frozen clock, helpers to make people and touches, a small network
with known warmth, a real SMTP server, and the test's database shared with
the processes it starts."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.cache import cache
from django.test import Client
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings

from keepwarm.accounts.confirmation import confirm_by_admin
from keepwarm.accounts.services import create_user
from keepwarm.contacts.models import Circle, Person
from keepwarm.contacts.services import create_person
from keepwarm.owned import owned
from keepwarm.touches.models import TouchKind
from keepwarm.touches.services import log_touch
from tests.api.calling import api_for
from tests.faults import SharedDatabase
from tests.serving import free_port
from tests.smtp import SmtpServer

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
    from keepwarm.api import limits
    from keepwarm.plans.services import forget_plans
    from keepwarm.warmcalls.search import folded_notes

    cache.clear()
    forget_plans()
    folded_notes.clear()
    limits.forget()
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


@pytest.fixture
def alice_api(alice):
    """The API as alice, with a read-and-write token (``tests/api/calling.py``)."""
    return api_for(Client(), alice)


@pytest.fixture
def bob_api(bob):
    return api_for(Client(), bob)


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


@pytest.fixture
def known_network(alice, jane, frozen):
    """Jane warm (Core: a call every two months, then a coffee), Tom cooling
    (Close: a lunch in August, a note in October), Una never touched (Wide),
    Vic cold for long (Core), Wanda cold lately (Wide: one coffee a year ago);
    an archived and a deceased person who count nowhere. The network health
    numbers and the warmth pages are checked on it."""
    close, wide = (owned(Circle, alice).get(name=name) for name in ("Close", "Wide"))
    tom = create_person(alice, "Tom Baker", circle=close, company="Globex")
    una = create_person(alice, "Una Stone", circle=wide)
    vic = create_person(alice, "Vic Archer", company="Initech")
    wanda = create_person(alice, "Wanda Reed", circle=wide, company=" acme ")
    gone = create_person(alice, "Xena Old", company="Acme")
    late = create_person(alice, "Yul Late", company="Acme")
    Person.objects.filter(pk=gone.pk).update(archived=True)
    Person.objects.filter(pk=late.pk).update(deceased=True, deceased_on=dt.date(2020, 1, 1))
    Person.objects.filter(pk=jane.pk).update(
        city="Berlin", industry="Software", birthday_month=12, birthday_day=1
    )
    Person.objects.filter(pk=tom.pk).update(city="berlin ", industry="Food")
    log_touch(alice, [jane], kind(alice, "check-in call"), date=dt.date(2026, 7, 10))
    log_touch(alice, [jane], kind(alice, "check-in call"), date=dt.date(2026, 9, 25))
    log_touch(alice, [jane], kind(alice, "coffee"), date=dt.date(2026, 11, 20))
    log_touch(alice, [tom], kind(alice, "lunch"), date=dt.date(2026, 8, 1))
    log_touch(alice, [tom], kind(alice, "email or note"), date=dt.date(2026, 10, 10))
    log_touch(alice, [vic], kind(alice, "email or note"), date=dt.date(2025, 1, 5))
    log_touch(alice, [wanda], kind(alice, "coffee"), date=dt.date(2025, 12, 1))
    log_touch(alice, [jane, tom], kind(alice, "holiday card"), date=dt.date(2025, 12, 10))
    return {"jane": jane, "tom": tom, "una": una, "vic": vic, "wanda": wanda}


@pytest.fixture
def smtp_server(settings):
    """A running SMTP server (tests/smtp.py) that Django's email settings point at."""
    server = SmtpServer(free_port())
    server.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = server.port
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_USE_SSL = False
    settings.EMAIL_TIMEOUT = 5
    settings.DEFAULT_FROM_EMAIL = "keepwarm <keepwarm@example.org>"
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def share(transactional_db, tmp_path):
    """``share()`` hands the rows made so far to other processes (tests/faults.py):
    call it once the test's own rows are made."""
    made: list[SharedDatabase] = []

    def make() -> SharedDatabase:
        made.append(SharedDatabase(tmp_path))
        return made[-1]

    yield make
    for db in made:
        db.close()
