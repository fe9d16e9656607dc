"""A profile is made one way (``accounts.services``): with a new account, or
the first time a page or a command needs the profile of an account made
outside keepwarm (``manage createsuperuser``)."""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from django.contrib.auth import get_user_model
from django.urls import reverse

from keepwarm.accounts.models import Profile
from keepwarm.accounts.services import create_user
from keepwarm.cli import cli
from keepwarm.contacts.models import Circle
from keepwarm.owned import owned
from keepwarm.touches.models import TouchKind


@pytest.fixture
def outsider(db):
    """An account made without keepwarm's services: no profile, no circles."""
    return get_user_model().objects.create_user("olga", password="a long passphrase 42")


def made(user) -> tuple:
    profile = Profile.objects.get(user=user)
    return (
        profile.time_zone,
        profile.country,
        sorted(owned(Circle, user).values_list("name", flat=True)),
        owned(TouchKind, user).exists(),
    )


@pytest.fixture
def server_zone(settings):
    settings.KEEPWARM_DEFAULT_TIME_ZONE = "Asia/Tokyo"
    return "Asia/Tokyo"


def test_the_settings_page_makes_the_profile_a_new_account_gets(client, outsider, server_zone):
    client.force_login(outsider)
    assert client.get(reverse("settings")).status_code == 200
    assert made(outsider) == (server_zone, "US", ["Close", "Core", "Wide"], True)


def test_the_command_line_makes_the_same_profile(outsider, server_zone):
    result = CliRunner().invoke(cli, ["--user", "olga", "people"])
    assert result.exit_code == 0, result.output
    assert made(outsider) == (server_zone, "US", ["Close", "Core", "Wide"], True)


def test_a_new_account_gets_its_profile_the_same_way(db, server_zone):
    assert made(create_user("pia", None)) == (server_zone, "US", ["Close", "Core", "Wide"], True)
    chosen = create_user("ria", None, time_zone="europe/berlin", country="de")
    assert made(chosen)[:2] == ("Europe/Berlin", "DE")
