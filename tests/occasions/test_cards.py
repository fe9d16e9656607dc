"""Holiday-card runs: seasons by country, the proposal, people without an
address, marking sent (touches, idempotent, undo) and the mail-merge CSV."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.core.exceptions import ValidationError

from keepwarm.contacts.models import Address, Circle
from keepwarm.contacts.services import create_person
from keepwarm.occasions import card_runs
from keepwarm.occasions.models import CardRecipient
from keepwarm.owned import owned
from keepwarm.touches.models import Touch, TouchKind
from tests.conftest import kind

Status = CardRecipient.Status
WINDOW = (dt.date(2026, 12, 1), dt.date(2026, 12, 20))


def _seasons(country, year=2026):
    return {s.key: s for s in card_runs.seasons(country, year)}


def test_christmas_for_the_us_with_a_window_before_the_day():
    found = _seasons("US")
    christmas = found["christmas"]
    assert christmas.date == dt.date(2026, 12, 25)
    assert (christmas.send_from, christmas.send_until) == WINDOW
    assert christmas.local
    assert not found["diwali"].local
    assert card_runs.seasons("US", 2026)[0].key == "christmas"  # the country's own first


def test_germany_has_christmas_and_new_year_at_home():
    found = _seasons("DE")
    assert found["christmas"].local and found["new_year"].local
    assert found["new_year"].date == dt.date(2027, 1, 1)
    assert found["new_year"].choice == "new_year-2026"


def test_india_has_diwali_from_the_holidays_package():
    found = _seasons("IN")
    assert found["diwali"].date == dt.date(2026, 11, 8)
    assert found["diwali"].local and found["eid_al_fitr"].local
    assert found["diwali"].send_until == dt.date(2026, 11, 3)
    assert {"lunar_new_year", "hanukkah", "rosh_hashanah", "nowruz", "eid_al_adha"} <= set(found)
    assert found["lunar_new_year"].date == dt.date(2026, 2, 17)


def test_coming_seasons_skip_closed_windows_and_look_into_next_year():
    coming = {s.key: s for s in card_runs.coming_seasons("DE", dt.date(2026, 11, 25))}
    assert coming["christmas"].date.year == 2026
    assert coming["diwali"].date == dt.date(2027, 10, 29)  # 2026's window closed
    assert coming["eid_al_fitr"].date.year == 2027  # an estimated date still counts


@pytest.mark.parametrize(
    "choice", ["", "christmas", "christmas-", "easter-2026", "diwali-99999", "diwali-²⁰²⁶"]
)
def test_a_bad_season_choice_is_none(choice):
    assert card_runs.find_season("US", choice) is None


def _network(alice):
    close = owned(Circle, alice).get(name="Close")
    wide = owned(Circle, alice).get(name="Wide")
    jane = create_person(alice, "Jane Doe", circle=close)
    john = create_person(alice, "John Doe", circle=wide, tags=["family"])
    ana = create_person(alice, "Ana Roe", circle=close)
    ghost = create_person(alice, "Gone Person", circle=close, deceased=True)
    for person in (jane, john, ghost):
        Address.objects.create(
            owner=alice,
            person=person,
            street="12 Main St",
            locality="Springfield",
            region="IL",
            postcode="62701",
            country="US",
        )
    create_person(alice, "Not Asked", circle=wide)
    return close, jane, john, ana


def _run(alice, close, tags=()):
    return card_runs.create_run(
        alice, "Holiday cards 2026", "christmas", WINDOW, [close], list(tags)
    )


def _by_name(run):
    return {r.name_on_card: r for r in run.recipients.all()}


def test_the_proposal_is_one_card_per_household_from_circles_and_tags(alice):
    close, jane, john, _ana = _network(alice)
    run = _run(alice, close, [john.tags.get()])
    found = _by_name(run)
    assert set(found) == {"Jane & John Doe", "Ana Roe"}
    assert found["Jane & John Doe"].status == Status.PLANNED
    assert {p.pk for p in found["Jane & John Doe"].people.all()} == {jane.pk, john.pk}
    assert found["Ana Roe"].status == Status.ASK_ADDRESS
    assert found["Ana Roe"].address is None
    stats = card_runs.run_stats(run)
    assert (stats.cards, stats.people, stats.to_send, stats.need_address) == (1, 3, 1, 1)


def test_missing_addresses_switch_to_call_instead_or_left_out(alice):
    close, *_ = _network(alice)
    run = _run(alice, close)
    ana = _by_name(run)["Ana Roe"]
    card_runs.set_status(ana, Status.CALL_INSTEAD)
    assert CardRecipient.objects.get(pk=ana.pk).status == Status.CALL_INSTEAD
    card_runs.set_status(ana, Status.LEFT_OUT)
    with pytest.raises(ValidationError):
        card_runs.set_status(ana, Status.PLANNED)  # no address: nothing to post


def test_refresh_picks_up_a_new_address_and_keeps_choices(alice):
    close, _jane, _john, ana = _network(alice)
    run = _run(alice, close)
    card_runs.set_status(_by_name(run)["Jane Doe"], Status.LEFT_OUT)
    Address.objects.create(
        owner=alice, person=ana, street="3 Elm Rd", locality="Salem", country="US"
    )
    assert card_runs.refresh_run(run) == 1
    found = _by_name(run)
    assert found["Ana Roe"].status == Status.PLANNED
    assert found["Jane Doe"].status == Status.LEFT_OUT


def test_mark_sent_logs_one_touch_per_card_and_is_idempotent(alice, frozen):
    close, jane, john, _ana = _network(alice)
    run = _run(alice, close, [john.tags.get()])
    card = _by_name(run)["Jane & John Doe"]
    day = dt.date(2026, 11, 24)
    assert card_runs.mark_sent(run, [card], day) == 1
    assert card_runs.mark_sent(run, list(run.recipients.all()), day) == 0  # again: nothing new
    touch = owned(Touch, alice).get()
    assert touch.kind == kind(alice, "holiday card")
    assert touch.date == day
    assert touch.note == "Holiday card (Holiday cards 2026)"
    assert {p.pk for p in touch.people.all()} == {jane.pk, john.pk}
    card.refresh_from_db()
    assert (card.status, card.sent_on, card.touch_id) == (Status.SENT, day, touch.pk)
    jane.refresh_from_db()
    assert jane.last_touch_on == day


def test_undo_deletes_the_touch(alice, frozen):
    close, jane, *_ = _network(alice)
    run = _run(alice, close)
    card = _by_name(run)["Jane Doe"]
    card_runs.mark_sent(run, [card], dt.date(2026, 11, 24))
    card.refresh_from_db()
    assert card_runs.mark_unsent(run, [card]) == 1
    card.refresh_from_db()
    assert (card.status, card.sent_on, card.touch_id) == (Status.PLANNED, None, None)
    assert not owned(Touch, alice).exists()
    jane.refresh_from_db()
    assert jane.last_touch_on is None


def test_mark_sent_without_a_holiday_kind_says_what_to_do(alice, frozen):
    close, *_ = _network(alice)
    run = _run(alice, close)
    owned(TouchKind, alice).filter(occasion="holiday").update(occasion="")
    with pytest.raises(ValidationError, match="Settings → Touch kinds"):
        card_runs.mark_sent(run, list(run.recipients.all()), dt.date(2026, 11, 24))
    assert not owned(Touch, alice).exists()
    assert not run.recipients.filter(status=Status.SENT).exists()


def test_csv_for_mail_merge(alice, frozen):
    close, _jane, john, _ana = _network(alice)
    create_person(alice, "=HYPERLINK Trick", circle=close)
    run = _run(alice, close, [john.tags.get()])
    data, count = card_runs.recipients_csv(run)
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[0] == list(card_runs.CSV_COLUMNS)
    assert count == 1 and len(rows) == 2  # only cards with an address
    row = dict(zip(rows[0], rows[1], strict=True))
    assert row["Name on card"] == "Jane & John Doe"
    assert (row["Street"], row["City"], row["Region"], row["Postcode"]) == (
        "12 Main St",
        "Springfield",
        "IL",
        "62701",
    )
    assert row["Address lines"] == "Jane & John Doe\n12 Main St\nSpringfield, IL 62701\nUS"
    assert row["People"] == "Jane Doe; John Doe"
    assert row["Status"] == "to send"


def test_csv_cells_never_start_a_formula(alice):
    person = create_person(alice, "Eve")
    Address.objects.create(
        owner=alice, person=person, street="=1+1", locality="@home", country="US"
    )
    run = card_runs.create_run(alice, "R", "christmas", WINDOW, [person.circle], [])
    data, _ = card_runs.recipients_csv(run)
    text = data.decode("utf-8-sig")
    assert "'=1+1" in text and "'@home" in text
