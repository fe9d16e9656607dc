"""Ownership: bob gets 404 on every one of alice's objects, by GET and by POST,
and nothing of alice's changes. Every URL of the web interface is listed here,
so a new URL fails this module until someone decides how it is owned."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from keepwarm.accounts.models import AccountSession
from keepwarm.contacts import queries
from keepwarm.contacts.models import Circle, ContactPoint, Person, Tag
from keepwarm.contacts.services import create_person
from keepwarm.owned import owned
from keepwarm.touches import person_page
from keepwarm.touches.models import FollowUp, Touch
from keepwarm.touches.services import add_follow_up, log_touch
from tests.conftest import kind


def _alice_objects(alice, jane):
    touch = log_touch(alice, [jane], kind(alice, "coffee"), date=dt.date(2026, 11, 20), note="x")
    follow_up = add_follow_up(alice, jane, "send the article", dt.date(2026, 11, 30))
    now = timezone.now()
    session = AccountSession.objects.create(
        owner=alice, session_key="alices-laptop", signed_in_at=now, last_seen_at=now
    )
    return {"person": jane, "touch": touch, "followup": follow_up, "session": session}


# URL name -> which of alice's objects its <pk> names.
OBJECT_URLS = {
    "person": "person",
    "person_edit": "person",
    "person_delete": "person",
    "person_log": "person",
    "person_photo": "person",
    "touch_edit": "touch",
    "touch_delete": "touch",
    "followup_edit": "followup",
    "followup_done": "followup",
    "followup_delete": "followup",
    # Logging out one of alice's signed-in sessions (tests/test_sessions.py too).
    "session_end": "session",
}
# URLs without an object id: they only ever show or change the signed-in user's own data
# (their forms' choices are owner-scoped; see the bad-value tables in each view's tests).
COLLECTION_URLS = {
    "home",
    # The agenda acts on item ids looked up in the user's own plan (tests/test_web_agenda.py).
    "agenda_done",
    "agenda_skip",
    "agenda_swap",
    "agenda_snooze",
    "plan",
    "signup",
    "login",
    "logout",
    "demo",
    "password_change",
    # Signing in: the code step acts on the sign-in waiting in the visitor's own
    # session; a reset link goes only to the address an account confirmed.
    "login_code",
    "password_reset",
    "password_reset_sent",
    # Sign-in and security: only ever the signed-in account's own (tests/test_two_factor.py,
    # tests/test_sessions.py).
    "security",
    "two_factor_setup",
    "two_factor_off",
    "recovery_codes",
    "sessions_end_others",
    "people",
    "person_new",
    "touches",
    "touch_new",
    "followups",
    "followup_new",
    "settings",
    "circles",
    "kinds",
    "people_suggest",
    "import_upload",
    "export",
    "duplicates",
    "reminders",
    "outbox",
    "send_test_email",
    # Dismissing the banner writes only the signed-in account's own row
    # (tests/test_banners.py).
    "notice_dismiss",
    "send_confirmation",
    "calendar_regenerate",
    "occasions",
    "greeting_templates",
    "greeting_send",
    "card_runs",
    "card_run_new",
    "trips",
    "trip_new",
    "gatherings",
    "gathering_new",
    "labels",
    "network_health",
    "who_do_i_know",
    "warm_calls",
    "job_hunt_goal",
    "call_outcome",
    "job_hunt_end",
}
# URLs keyed by something other than one object id; their own tests prove bob
# gets 404 on alice's and nothing changes.
TESTED_ELSEWHERE = {
    "import_preview": "tests/test_web_imports.py (an upload's token)",
    # Sorting newcomers: people ids in the form (tests/test_web_triage.py).
    "triage": "tests/test_web_triage.py (a person's id in the form)",
    "triage_rows": "tests/test_web_triage.py (people's ids in the form)",
    "triage_rest": "tests/test_web_triage.py (the signed-in user's own newcomers)",
    "triage_undo": "tests/test_web_triage.py (the ids kept in the user's own session)",
    "duplicate_compare": "tests/test_web_duplicates.py (two people)",
    "duplicate_dismiss": "tests/test_web_duplicates.py (two people)",
    "merge_undo": "tests/test_web_duplicates.py (a merge)",
    "outbox_retry": "tests/test_web_outbox.py (an outgoing email)",
    "calendar_feed": "tests/test_calendar_feed.py (a secret token, no login)",
    "email_action": "tests/test_web_email_links.py (a signed link, no login)",
    "unsubscribe": "tests/test_web_email_links.py (a signed link, no login)",
    "confirm_email": "tests/test_mail_refused.py (a signed link for one account and address)",
    "password_reset_confirm": "tests/test_password_reset.py (a token for one account)",
    # Occasions: each view module's own tests prove bob gets 404 on alice's.
    "card_run": "tests/test_web_cards.py",
    "card_run_sent": "tests/test_web_cards.py",
    "card_run_csv": "tests/test_web_cards.py",
    "trip": "tests/test_web_trips.py",
    "trip_sent": "tests/test_web_trips.py",
    "gathering": "tests/test_web_gatherings.py",
    "gathering_edit": "tests/test_web_gatherings.py",
    "gathering_invite": "tests/test_web_gatherings.py",
    "gathering_answers": "tests/test_web_gatherings.py",
}


def _all_url_names(resolver=None, prefix=""):
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            yield from _all_url_names(entry)
        elif isinstance(entry, URLPattern) and entry.name:
            yield entry.name


def test_every_url_is_classified():
    names = set(_all_url_names())
    classified = set(OBJECT_URLS) | COLLECTION_URLS | set(TESTED_ELSEWHERE)
    unclassified = names - classified
    assert not unclassified, f"classify these URLs in tests/test_ownership.py: {unclassified}"
    assert not classified - names - {"people_suggest"}


def _snapshot(alice):
    people = owned(Person, alice)
    return (
        list(people.values()),
        list(owned(ContactPoint, alice).values()),
        list(owned(Touch, alice).values()),
        list(Touch.people.through.objects.values()),
        list(owned(FollowUp, alice).values()),
        list(owned(Circle, alice).values()),
        list(owned(AccountSession, alice).values()),
    )


@pytest.mark.parametrize("url_name", sorted(OBJECT_URLS))
@pytest.mark.parametrize("method", ["get", "post"])
def test_bob_gets_404_on_alices_objects(url_name, method, alice, bob, jane, client, frozen):
    objects = _alice_objects(alice, jane)
    target = objects[OBJECT_URLS[url_name]]
    before = _snapshot(alice)
    client.force_login(bob)
    url = reverse(url_name, args=[target.pk])
    data = {"display_name": "Hacked", "text": "hacked", "note": "hacked", "confirm": "yes"}
    response = getattr(client, method)(url, data if method == "post" else None)
    assert response.status_code == 404, f"{method.upper()} {url} answered {response.status_code}"
    assert _snapshot(alice) == before


@pytest.mark.parametrize("url_name", sorted(OBJECT_URLS))
def test_anonymous_visitors_are_sent_to_login(url_name, alice, jane, client, frozen):
    target = _alice_objects(alice, jane)[OBJECT_URLS[url_name]]
    url = reverse(url_name, args=[target.pk])
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next={url}"


@pytest.mark.parametrize("url_name", sorted(OBJECT_URLS))
def test_ids_that_do_not_exist_are_404(url_name, alice_client):
    assert alice_client.get(reverse(url_name, args=[987654])).status_code == 404


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
