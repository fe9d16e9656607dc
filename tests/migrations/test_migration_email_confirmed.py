"""Accounts made before addresses were confirmed keep sending: their address
counts as confirmed; the demo's, and an account without one, do not."""

from __future__ import annotations

from tests import migrating

BEFORE = [("accounts", "0001_initial")]
AFTER = [("accounts", "0002_email_confirmed")]


at_before = migrating.fixture(BEFORE)


def test_existing_accounts_keep_sending_the_demo_never(back_in_time):
    users = back_in_time.get_model("accounts", "User")
    users.objects.create(username="dora", email="dora@example.org")
    users.objects.create(username="eve")
    users.objects.create(username="demo", email="demo@example.org", is_demo=True)
    new = migrating.migrate(AFTER)
    found = dict(
        new.get_model("accounts", "User").objects.values_list("username", "email_confirmed")
    )
    assert found == {"dora": "dora@example.org", "eve": "", "demo": ""}
