"""Accounts made before the text message get it after their own kinds; one that
has a kind of that label keeps its own; a user without a catalogue gets none."""

from __future__ import annotations

from tests import migrating

BEFORE = [("touches", "0005_party_setup")]
AFTER = [("touches", "0006_text_message")]


at_before = migrating.fixture(BEFORE)


def test_every_catalogue_gets_the_text_message_once(back_in_time):
    old = back_in_time
    kind = old.get_model("touches", "TouchKind")
    users = old.get_model("accounts", "User")
    dora, eve = users.objects.create(username="dora"), users.objects.create(username="eve")
    users.objects.create(username="fay")  # no catalogue at all
    digital = {"channel": "digital"}
    kind.objects.create(owner=dora, label="email or note", minutes=10, position=3, **digital)
    kind.objects.create(owner=eve, label="Text message", minutes=2, position=0, **digital)
    new = migrating.migrate(AFTER)
    found = sorted(
        new.get_model("touches", "TouchKind")
        .objects.filter(label__iexact="text message")
        .values_list("owner__username", "minutes", "needs", "position", "occasion")
    )
    assert found == [("dora", 5, "phone", 4, ""), ("eve", 2, "", 0, "")]
