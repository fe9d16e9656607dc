"""The holiday-card pages: the list, a new run, the run page (statuses, mark
sent, undo), the CSV; bad values re-show the form; bob gets 404 on alice's."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from keepwarm.contacts.models import Address, Circle, Tag
from keepwarm.contacts.services import create_person
from keepwarm.occasions import card_runs
from keepwarm.occasions.models import CardRecipient, CardRun
from keepwarm.owned import owned
from keepwarm.touches.models import Touch

Status = CardRecipient.Status
WINDOW = (dt.date(2026, 12, 1), dt.date(2026, 12, 20))


def _address(user, person, street="12 Main St"):
    Address.objects.create(
        owner=user, person=person, street=street, locality="Springfield", country="DE"
    )


@pytest.fixture
def run(alice, frozen):
    close = owned(Circle, alice).get(name="Close")
    jane = create_person(alice, "Jane Doe", circle=close)
    john = create_person(alice, "John Doe", circle=close)
    for person in (jane, john):
        _address(alice, person)
    create_person(alice, "Ana Roe", circle=close)
    return card_runs.create_run(alice, "Holiday cards 2026", "christmas", WINDOW, [close], [])


def _card(run, name):
    return run.recipients.get(name_on_card=name)


def _state(user):
    return (
        list(owned(CardRun, user).values()),
        list(owned(CardRecipient, user).order_by("pk").values()),
        list(owned(Touch, user).values()),
    )


def test_the_list_shows_runs_and_an_empty_state(alice_client, alice, frozen):
    page = alice_client.get(reverse("card_runs"))
    assert page.status_code == 200
    assert "No card runs yet" in page.content.decode()
    card_runs.create_run(alice, "Diwali 2027", "diwali", WINDOW, [owned(Circle, alice).first()], [])
    page = alice_client.get(reverse("card_runs"))
    assert "Diwali 2027" in page.content.decode()


def test_the_new_run_form_offers_seasons_and_only_alices_circles_and_tags(
    alice_client, alice, bob, frozen
):
    Tag.objects.create(owner=bob, name="bobs-secret")
    Tag.objects.create(owner=alice, name="neighbours")
    html = alice_client.get(reverse("card_run_new")).content.decode()
    assert "Holidays in DE" in html and "Diwali" in html and "Lunar New Year" in html
    assert 'value="2026-12-01"' in html  # Christmas's window, filled in
    assert "neighbours" in html and "bobs-secret" not in html


def test_create_a_run_and_land_on_its_page(alice_client, alice, frozen):
    close = owned(Circle, alice).get(name="Close")
    jane = create_person(alice, "Jane Doe", circle=close)
    _address(alice, jane)
    response = alice_client.post(
        reverse("card_run_new"),
        {"name": "Cards 2026", "season": "christmas-2026", "circles": [close.pk]},
    )
    run = owned(CardRun, alice).get()
    assert response.status_code == 302 and response.url == reverse("card_run", args=[run.pk])
    assert (run.season, run.send_from, run.send_until) == ("christmas", *WINDOW)
    page = alice_client.get(response.url).content.decode()
    assert "Jane Doe" in page
    assert f"{reverse('labels')}?run={run.pk}" in page
    assert reverse("card_run_csv", args=[run.pk]) in page


def _valid(alice):
    return {"name": "Cards", "season": "christmas-2026", "circles": [_close(alice).pk]}


def _close(user):
    return owned(Circle, user).get(name="Close")


BAD_RUNS = [
    ({"season": "easter-2026"}, "Pick one of the seasons offered."),
    ({"season": ""}, "This field is required."),
    ({"name": ""}, "This field is required."),
    ({"name": "x" * 121}, "at most 120 characters"),
    ({"send_from": "2026-02-30"}, "Enter a real date."),
    ({"send_from": "2026-12-20", "send_until": "2026-12-01"}, "The window ends before it starts."),
    ({"send_until": "2031-01-01", "send_from": "2030-12-01"}, "at most 2 years ahead"),
    ({"send_from": "1999-12-01"}, "Pick a day in 2000 or later."),
    ({"circles": []}, "Pick at least one circle or tag"),
    ({"circles": ["abc"]}, "is not a valid value"),
    ({"circles": ["99999999"]}, "Pick among your circles."),
    ({"circles": ["BOB"]}, "Pick among your circles."),
    ({"tags": ["BOBTAG"]}, "Pick among your tags."),
]


@pytest.mark.parametrize(("change", "message"), BAD_RUNS)
def test_bad_values_reshow_the_new_run_form(alice_client, alice, bob, frozen, change, message):
    bob_circle = owned(Circle, bob).first()
    bob_tag = Tag.objects.create(owner=bob, name="secret")
    data = {**_valid(alice), **change}
    for field in ("circles", "tags"):
        data[field] = [
            {"BOB": bob_circle.pk, "BOBTAG": bob_tag.pk}.get(v, v) for v in data.get(field, [])
        ]
    response = alice_client.post(reverse("card_run_new"), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not owned(CardRun, alice).exists()


def test_switch_a_card_without_address_to_call_instead(alice_client, run):
    ana = _card(run, "Ana Roe")
    response = alice_client.post(
        reverse("card_run", args=[run.pk]), {"recipient": ana.pk, "status": "call_instead"}
    )
    assert response.status_code == 302
    ana.refresh_from_db()
    assert ana.status == Status.CALL_INSTEAD
    page = alice_client.get(reverse("card_run", args=[run.pk])).content.decode()
    assert "call instead" in page


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"recipient": "ANA", "status": "sent"}, "Pick to send, ask for the address"),
        ({"recipient": "ANA", "status": "planned"}, "cannot be"),
        ({"recipient": "abc", "status": "left_out"}, "That card is not in this run."),
        ({"recipient": "99999999", "status": "left_out"}, "That card is not in this run."),
        ({"recipient": "OTHER", "status": "left_out"}, "That card is not in this run."),
        ({"status": "left_out"}, "Pick a card of this run."),
    ],
)
def test_bad_status_changes_change_nothing(alice_client, alice, run, data, message):
    other = card_runs.create_run(alice, "Other", "diwali", WINDOW, [_close(alice)], [])
    ids = {"ANA": _card(run, "Ana Roe").pk, "OTHER": other.recipients.first().pk}
    data = {k: ids.get(v, v) for k, v in data.items()}
    before = _state(alice)
    response = alice_client.post(reverse("card_run", args=[run.pk]), data, follow=True)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert _state(alice) == before


def test_mark_selected_sent_then_undo(alice_client, alice, run):
    card = _card(run, "Jane & John Doe")
    url = reverse("card_run_sent", args=[run.pk])
    response = alice_client.post(
        url, {"action": "selected", "cards": [card.pk], "date": "2026-11-24"}
    )
    assert response.status_code == 302
    touch = owned(Touch, alice).get()
    assert touch.date == dt.date(2026, 11, 24) and touch.people.count() == 2
    page = alice_client.get(reverse("card_run", args=[run.pk])).content.decode()
    assert "Undo" in page and "24 Nov 2026" in page
    alice_client.post(url, {"action": "undo", "cards": [card.pk]})
    assert not owned(Touch, alice).exists()
    card.refresh_from_db()
    assert card.status == Status.PLANNED


def test_mark_all_sent_takes_only_cards_to_send(alice_client, alice, run):
    response = alice_client.post(reverse("card_run_sent", args=[run.pk]), {"action": "all"})
    assert response.status_code == 302
    assert owned(Touch, alice).count() == 1  # Ana has no address: no card
    assert _card(run, "Ana Roe").status == Status.ASK_ADDRESS


BAD_SENT = [
    ({"action": "selected", "cards": ["CARD"], "date": "2026-11-26"}, "pick today or earlier"),
    ({"action": "selected", "cards": ["CARD"], "date": "2026-02-30"}, "Enter a real date."),
    ({"action": "selected", "cards": ["CARD"], "date": "1899-12-31"}, "pick today or earlier"),
    ({"action": "selected", "cards": []}, "Tick the cards first."),
    ({"action": "selected", "cards": ["x1"]}, "is not a valid value"),
    ({"action": "selected", "cards": ["OTHER"]}, "One of those cards is not in this run."),
    ({"action": "fly", "cards": ["CARD"]}, "Unknown action."),
]


@pytest.mark.parametrize(("data", "message"), BAD_SENT)
def test_bad_mark_sent_changes_nothing(alice_client, alice, run, data, message):
    other = card_runs.create_run(alice, "Other", "diwali", WINDOW, [_close(alice)], [])
    ids = {"CARD": _card(run, "Jane & John Doe").pk, "OTHER": other.recipients.first().pk}
    data = {k: [ids.get(x, x) for x in v] if isinstance(v, list) else v for k, v in data.items()}
    before = _state(alice)
    response = alice_client.post(reverse("card_run_sent", args=[run.pk]), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert _state(alice) == before


def test_csv_download(alice_client, run):
    response = alice_client.get(reverse("card_run_csv", args=[run.pk]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert 'filename="holiday-cards-2026-recipients.csv"' in response["Content-Disposition"]
    assert "Jane & John Doe" in response.content.decode("utf-8-sig")


def test_propose_again_after_an_address_is_added(alice_client, alice, run):
    ana = _card(run, "Ana Roe").people.get()
    _address(alice, ana, "3 Elm Rd")
    alice_client.post(reverse("card_run", args=[run.pk]), {"action": "refresh"})
    assert _card(run, "Ana Roe").status == Status.PLANNED


@pytest.mark.parametrize("name", ["card_run", "card_run_sent", "card_run_csv"])
@pytest.mark.parametrize("method", ["get", "post"])
def test_bob_gets_404_on_alices_run(client, bob, alice, run, name, method):
    client.force_login(bob)
    card = _card(run, "Jane & John Doe")
    before = _state(alice)
    data = {"action": "all", "cards": [card.pk], "recipient": card.pk, "status": "left_out"}
    response = getattr(client, method)(reverse(name, args=[run.pk]), data)
    assert response.status_code == 404
    assert _state(alice) == before


def test_pages_need_login(client, run):
    for url in (reverse("card_runs"), reverse("card_run_new"), reverse("card_run", args=[run.pk])):
        assert client.get(url).status_code == 302
