"""The default party kind nobody edited moves to 150 minutes of hosting; one the
user changed keeps their numbers."""

from __future__ import annotations

from tests import migrating

BEFORE = [("touches", "0004_touchkind_setup_minutes")]
AFTER = [("touches", "0005_party_setup")]


at_before = migrating.fixture(BEFORE)


def test_only_the_unedited_default_party_is_repriced(back_in_time):
    old = back_in_time
    kind = old.get_model("touches", "TouchKind")
    users = old.get_model("accounts", "User")
    dora, eve = users.objects.create(username="dora"), users.objects.create(username="eve")
    common = {"label": "party", "occasion": "party", "minutes": 1, "batchable": True}
    kind.objects.create(owner=dora, setup_minutes=180, **common)
    kind.objects.create(owner=eve, setup_minutes=240, **common)  # eve's own number
    new = migrating.migrate(AFTER)
    found = dict(
        new.get_model("touches", "TouchKind").objects.values_list(
            "owner__username", "setup_minutes"
        )
    )
    assert found == {"dora": 150, "eve": 240}
