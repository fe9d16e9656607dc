"""Ownership: bob gets 404 on every one of alice's objects, by GET and by POST,
and nothing of alice's changes. ``URLS`` (tests/routes.py) says how every URL
of the web interface is owned; tests/test_url_coverage.py walks the URL
resolver and fails for a URL that is not in it, or whose entry does not fit
its path (an id in the path is an object case here)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from keepwarm.accounts.models import AccountSession, ApiToken
from keepwarm.accounts.tokens import create_token
from keepwarm.contacts import queries
from keepwarm.contacts.models import Address, Circle, ContactPoint, Merge, NotDuplicate, Person, Tag
from keepwarm.contacts.services import create_person
from keepwarm.mail.models import OutboxMessage
from keepwarm.occasions.models import (
    CardRecipient,
    CardRun,
    Gathering,
    Invitation,
    Postcard,
    Trip,
)
from keepwarm.owned import owned
from keepwarm.touches import person_page
from keepwarm.touches.models import FollowUp, Touch
from keepwarm.touches.services import add_follow_up, log_touch
from tests.conftest import kind
from tests.routes import URLS, Objects, Own, Public

OBJECT_URLS = {name: how for name, how in URLS.items() if isinstance(how, Objects)}
OWN_URLS = sorted(name for name, how in URLS.items() if isinstance(how, Own))


def _alice_objects(alice, jane):
    touch = log_touch(alice, [jane], kind(alice, "coffee"), date=dt.date(2026, 11, 20), note="x")
    follow_up = add_follow_up(alice, jane, "send the article", dt.date(2026, 11, 30))
    now = timezone.now()
    session = AccountSession.objects.create(
        owner=alice, session_key="alices-laptop", signed_in_at=now, last_seen_at=now
    )
    twin = create_person(alice, "Jane Doe", emails=["jane@example.com"])
    merge = Merge.objects.create(
        owner=alice, kept=jane, kept_name="Jane Doe", absorbed_id=twin.pk + 1, absorbed_name="J."
    )
    home = Address.objects.create(owner=alice, person=jane, street="1 Main St", locality="Salem")
    run = CardRun.objects.create(
        owner=alice, name="Cards", send_from=dt.date(2026, 12, 1), send_until=dt.date(2026, 12, 20)
    )
    card = CardRecipient.objects.create(owner=alice, run=run, name_on_card="Jane", address=home)
    card.people.add(jane)
    trip = Trip.objects.create(
        owner=alice, place="Lisbon", start=dt.date(2026, 11, 20), end=dt.date(2026, 11, 24)
    )
    postcard = Postcard.objects.create(owner=alice, trip=trip, person=jane, address=home)
    gathering = Gathering.objects.create(owner=alice, title="Chili", date=dt.date(2026, 11, 22))
    invitation = Invitation.objects.create(owner=alice, gathering=gathering, person=jane)
    outbox = OutboxMessage.objects.create(
        owner=alice,
        kind="digest",
        key="alices-week",
        to=alice.email,
        subject="Your week",
        text="text",
        status=OutboxMessage.Status.FAILED,
        attempts=8,
    )
    api_token = create_token(alice, "alices script").token
    return {
        "api_token": api_token,
        "person": jane,
        "twin": twin,
        "touch": touch,
        "followup": follow_up,
        "session": session,
        "merge": merge,
        "card_run": run,
        "card": card,
        "trip": trip,
        "postcard": postcard,
        "gathering": gathering,
        "invitation": invitation,
        "outbox": outbox,
    }


def _snapshot(alice):
    rows = (Person, ContactPoint, Touch, FollowUp, Circle, AccountSession, Merge, NotDuplicate)
    rows += (CardRun, CardRecipient, Trip, Postcard, Gathering, Invitation, OutboxMessage)
    rows += (ApiToken,)
    return (
        [list(owned(model, alice).order_by("pk").values()) for model in rows],
        list(Touch.people.through.objects.order_by("pk").values()),
    )


def _hostile_post(objects):
    """What bob posts: enough to change any of these pages' objects were it let through."""
    jane, card, postcard = objects["person"], objects["card"], objects["postcard"]
    return {
        "display_name": "Hacked",
        "text": "hacked",
        "note": "hacked",
        "title": "Hacked",
        "place": "Hacked",
        "date": "2026-11-24",
        "confirm": "yes",
        "keep": jane.pk,
        "action": "all",
        "cards": [card.pk],
        "recipient": card.pk,
        "status": "left_out",
        "chosen": [postcard.pk],
        "sent": [postcard.pk],
        "people": [jane.pk],
        f"answer_{objects['invitation'].pk}": "no",
        "came": [objects["invitation"].pk],
    }


def _url(url_name, objects):
    return reverse(url_name, args=[objects[name].pk for name in OBJECT_URLS[url_name].kinds])


@pytest.mark.parametrize("url_name", sorted(OBJECT_URLS))
@pytest.mark.parametrize("method", ["get", "post"])
def test_bob_gets_404_on_alices_objects(url_name, method, alice, bob, jane, client, frozen):
    objects = _alice_objects(alice, jane)
    before = _snapshot(alice)
    client.force_login(bob)
    url = _url(url_name, objects)
    data = _hostile_post(objects)
    response = getattr(client, method)(url, data if method == "post" else None)
    expected = 405 if method == "get" and OBJECT_URLS[url_name].post_only else 404
    assert response.status_code == expected, (
        f"{method.upper()} {url} answered {response.status_code}"
    )
    assert _snapshot(alice) == before


@pytest.mark.parametrize("url_name", sorted(OBJECT_URLS))
def test_anonymous_visitors_are_sent_to_login(url_name, alice, jane, client, frozen):
    url = _url(url_name, _alice_objects(alice, jane))
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next={url}"


@pytest.mark.parametrize("url_name", sorted(OBJECT_URLS))
def test_ids_that_do_not_exist_are_404(url_name, alice_client):
    how = OBJECT_URLS[url_name]
    url = reverse(url_name, args=[987654] * len(how.kinds))
    method = alice_client.post if how.post_only else alice_client.get
    assert method(url).status_code == 404


@pytest.mark.parametrize("url_name", OWN_URLS)
def test_own_pages_send_anonymous_visitors_to_login(url_name, client, db):
    url = reverse(url_name)
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next={url}"


@pytest.mark.parametrize(
    "url_name", sorted(n for n, how in URLS.items() if isinstance(how, Public))
)
def test_public_pages_open_without_signing_in(url_name, client, db):
    response = client.get(reverse(url_name))
    assert response.status_code in (200, 302, 405)
    assert not response.get("Location", "").startswith(f"{reverse('login')}?next=")


# Collection and form pages: alice's ids typed into bob's forms and filters ----------


@pytest.fixture
def alices_world(alice, jane, frozen):
    objects = _alice_objects(alice, jane)
    tag = owned(Tag, alice).get(name="school")  # jane's
    return {**objects, "circle": jane.circle, "tag": tag, "kind": objects["touch"].kind}


@pytest.fixture
def bobs(bob, bob_client, frozen):
    friend = create_person(bob, "Bo Friend")
    log_touch(bob, [friend], kind(bob, "lunch"), date=dt.date(2026, 11, 21), note="bob's lunch")
    return {"client": bob_client, "friend": friend}


@pytest.mark.parametrize("param", ["circle", "tag"])
def test_alices_circle_or_tag_in_bobs_people_filter_shows_only_bobs(alices_world, bobs, param):
    response = bobs["client"].get(reverse("people"), {param: alices_world[param].pk})
    assert response.status_code == 200
    assert [p.display_name for p in response.context["page"]] == ["Bo Friend"]
    assert "Jane Doe" not in response.content.decode()


@pytest.mark.parametrize("param", ["kind", "person"])
def test_alices_kind_or_person_in_bobs_touch_filter_shows_only_bobs(alices_world, bobs, param):
    target = alices_world[param]
    response = bobs["client"].get(reverse("touches"), {param: target.pk})
    assert response.status_code == 200
    assert [t.note for t in response.context["page"]] == ["bob's lunch"]
    assert "Jane Doe" not in response.content.decode()


def _touch_post(bob, **changes):
    data = {
        "people": [],
        "people_text": "",
        "date": "2026-11-24",
        "kind": kind(bob, "coffee").pk,
        "note": "",
        "follow_up": "",
        "follow_up_due": "",
    }
    return {**data, **changes}


@pytest.mark.parametrize(
    "changes",
    [
        lambda w, b: {"people": [w["person"].pk]},
        lambda w, b: {"people": [b["friend"].pk, w["person"].pk]},
        lambda w, b: {"people": [b["friend"].pk], "kind": w["kind"].pk},
        lambda w, b: {"people_text": "Jane Doe"},
        lambda w, b: {"people_text": "jane@example.com"},
        lambda w, b: {"people_text": str(w["person"].pk)},
    ],
)
def test_bob_cannot_log_a_touch_with_alices_ids(alice, bob, alices_world, bobs, changes):
    before = _snapshot(alice)
    data = _touch_post(bob, **changes(alices_world, bobs))
    response = bobs["client"].post(reverse("touch_new"), data)
    assert response.status_code == 200
    assert response.context["form"].errors
    assert owned(Touch, bob).count() == 1
    assert _snapshot(alice) == before


def test_bob_cannot_move_his_touch_to_alices_person(alice, bob, alices_world, bobs):
    touch = owned(Touch, bob).get()
    data = _touch_post(bob, people=[alices_world["person"].pk])
    response = bobs["client"].post(reverse("touch_edit", args=[touch.pk]), data)
    assert response.status_code == 200 and response.context["form"].errors
    assert list(touch.people.all()) == [bobs["friend"]]


@pytest.mark.parametrize("field", ["people", "people_text"])
def test_bob_cannot_add_a_follow_up_for_alices_person(alice, alices_world, bobs, field):
    before = _snapshot(alice)
    jane = alices_world["person"]
    chosen = {"people": [jane.pk]} if field == "people" else {"people_text": "Jane Doe"}
    data = {"people": [], "people_text": "", "text": "x", "due": "2026-11-30", **chosen}
    response = bobs["client"].post(reverse("followup_new"), data)
    assert response.status_code == 200 and response.context["form"].errors
    assert _snapshot(alice) == before


@pytest.mark.parametrize("url_name", ["touch_new", "followup_new"])
def test_alices_person_is_never_preselected_for_bob(alices_world, bobs, url_name):
    response = bobs["client"].get(reverse(url_name), {"person": alices_world["person"].pk})
    assert response.context["form"].picked == []
    assert "Jane Doe" not in response.content.decode()


def test_bob_cannot_put_a_person_in_alices_circle(alice, bob, alices_world, bobs):
    data = {"display_name": "Sneaky", "circle": alices_world["circle"].pk, "tag_names": ""}
    for prefix in ("contacts", "addresses", "dates", "relations", "events"):
        data.update({f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"})
    response = bobs["client"].post(reverse("person_new"), data)
    assert response.status_code == 200
    assert not owned(Person, bob).filter(display_name="Sneaky").exists()


@pytest.mark.parametrize("url_name", ["people_suggest", "people"])
def test_bobs_type_aheads_never_offer_alices_people(alices_world, bobs, url_name):
    params = {"q": "jane", **({"format": "options"} if url_name == "people" else {})}
    response = bobs["client"].get(reverse(url_name), params)
    assert response.status_code == 200
    assert "Jane Doe" not in response.content.decode()


def test_query_functions_scope_the_person_page_to_its_owner(alice, bob, alices_world):
    jane = alices_world["person"]
    assert person_page.timeline_of(bob, jane).years == []
    page = person_page.person_page(bob, jane, today=dt.date(2026, 11, 25))
    assert page.contact_points == [] and page.tags == [] and page.follow_ups == []
    assert queries.relations_of(bob, jane) == []
    assert person_page.deletion_summary(bob, jane).solo_touches == 0
    assert person_page.timeline_of(alice, jane).total == 1
