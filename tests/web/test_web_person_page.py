"""A person's page: every field, family both ways, follow-ups, the timeline, the
one-click touch log and the photo."""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from PIL import Image

from keepwarm.contacts.models import (
    Address,
    ContactPoint,
    KeyDate,
    LifeEvent,
    Person,
    Relationship,
)
from keepwarm.contacts.services import add_contact_point, create_person
from keepwarm.owned import owned
from keepwarm.touches.models import Touch, TouchKind
from keepwarm.touches.services import add_follow_up, complete_follow_up, log_touch
from tests.conftest import kind


def page(client, person, **params):
    return client.get(reverse("person", args=[person.pk]), params)


def quick_kinds(html: str) -> list[str]:
    form = re.search(r'<form class="quick-log".*?</form>', html, re.S)
    return (
        re.findall(r'name="kind" value="\d+"[^>]*>([^<]+)</button>', form.group(0)) if form else []
    )


@pytest.fixture
def full_jane(frozen, alice, jane):
    """Jane with every field filled in."""
    Person.objects.filter(pk=jane.pk).update(
        prefix="Dr.",
        given_name="Jane",
        additional_names="Q.",
        family_name="Doe",
        nickname="JD",
        job_title="Chief Chemist",
        industry="Chemicals",
        city="Leipzig",
        how_we_met="Climbing gym, 2015",
        notes="Loves sour cherries.\nTwo kids.",
        birthday_month=12,
        birthday_day=1,
        birthday_year=1980,
        created_at=dt.datetime(2026, 11, 25, 10, tzinfo=dt.UTC),
    )
    jane.refresh_from_db()
    add_contact_point(jane, "url", "jane.example.org", label="blog")
    add_contact_point(jane, "email", "jd@work.example", label="work")
    Address.objects.create(
        owner=alice,
        person=jane,
        label="home",
        street="Karl-Heine-Str. 1\nHinterhaus",
        locality="Leipzig",
        postcode="04229",
        country="DE",
        is_mailing=True,
    )
    KeyDate.objects.create(owner=alice, person=jane, label="wedding", month=6, day=14)
    LifeEvent.objects.create(
        owner=alice, person=jane, kind="new_job", date=dt.date(2026, 9, 1), note="Chief at Acme"
    )
    return jane


def test_the_page_shows_every_field(alice_client, full_jane):
    html = page(alice_client, full_jane).content.decode()
    for text in [
        "Jane Doe",
        "“JD”",
        "Chief Chemist at Acme",
        "Chemicals",
        "Leipzig",
        "Climbing gym, 2015",
        "Loves sour cherries.<br>Two kids.",
        "#school",
        'class="badge badge-core"',
        "Dr. Jane Q. Doe",
        "Wedding",
        "14 June",
        "New job",
        "Chief at Acme",
        "1 Sep 2026",
        "Added</dt><dd>25 November 2026",
    ]:
        assert text in html, text


def test_contact_points_link_and_the_preferred_one_is_marked(alice_client, full_jane):
    html = page(alice_client, full_jane).content.decode()
    assert '<a href="mailto:jane@example.com">jane@example.com</a>' in html
    assert '<a href="mailto:jd@work.example">jd@work.example</a>' in html
    assert '<a href="tel:+49301234567">+49 30 1234567</a>' in html
    assert 'href="https://jane.example.org"' in html
    preferred = re.findall(
        r'mailto:([^"]+)">[^<]+</a>\s*</div>\s*(<span class="badge badge-ok")?', html
    )
    assert preferred == [
        ("jane@example.com", '<span class="badge badge-ok"'),
        ("jd@work.example", ""),
    ]


def test_addresses_are_formatted_line_by_line(alice_client, full_jane):
    html = page(alice_client, full_jane).content.decode()
    assert "<address>Karl-Heine-Str. 1<br>Hinterhaus<br>04229 Leipzig<br>DE</address>" in html
    assert ">mailing</span>" in html


def test_the_birthday_shows_the_age_and_the_days_until(alice_client, full_jane):
    html = page(alice_client, full_jane).content.decode()
    assert "1 December 1980 · 45 years old" in html
    assert "in 6 days, turning 46" in html


def test_a_birthday_without_a_year_has_no_age(alice_client, jane, frozen):
    Person.objects.filter(pk=jane.pk).update(birthday_month=11, birthday_day=26)
    html = page(alice_client, jane).content.decode()
    assert "26 November" in html
    assert "years old" not in html
    assert "tomorrow" in html


def test_a_birthday_today(alice_client, jane, frozen):
    Person.objects.filter(pk=jane.pk).update(birthday_month=11, birthday_day=25, birthday_year=1990)
    assert "today: turns 36" in page(alice_client, jane).content.decode()


def test_status_badges_for_deceased_archived_and_paused(alice_client, jane, frozen):
    Person.objects.filter(pk=jane.pk).update(
        deceased=True,
        deceased_on=dt.date(2026, 2, 3),
        archived=True,
        paused_until=dt.date(2027, 1, 10),
    )
    html = page(alice_client, jane).content.decode()
    assert "died 3 February 2026" in html
    assert ">archived</span>" in html
    assert "paused until 10 January 2027" in html


def test_relationships_show_in_both_directions(alice, alice_client, jane, frozen):
    tom = create_person(alice, "Tom Doe")
    ann = create_person(alice, "Ann Doe")
    Relationship.objects.create(owner=alice, person=jane, kind="spouse", other=tom)
    Relationship.objects.create(owner=alice, person=jane, kind="child", other_name="Lotte")
    # Ann lists Jane as her child: Jane's page shows Ann as a parent.
    Relationship.objects.create(owner=alice, person=ann, kind="child", other=jane)
    # Tom lists Jane as his spouse too: shown once.
    Relationship.objects.create(owner=alice, person=tom, kind="spouse", other=jane)

    html = page(alice_client, jane).content.decode()
    family = re.search(r'id="family-title".*?</section>', html, re.S).group(0)
    rows = re.findall(
        r"<li>\s*<span>(.*?)</span>\s*<span class=\"[^\"]*\">(\w+)</span>", family, re.S
    )
    shown = [(re.sub(r"<[^>]+>", "", who), label) for who, label in rows]
    assert shown == [("Tom Doe", "spouse"), ("Lotte", "child"), ("Ann Doe", "parent")]
    assert f'href="{reverse("person", args=[ann.pk])}"' in family

    ann_family = page(alice_client, ann).content.decode()
    assert "Jane Doe" in ann_family
    assert ">child</span>" in ann_family


def test_open_follow_ups_post_done_back_to_this_page(alice, alice_client, jane, frozen):
    overdue = add_follow_up(alice, jane, "Send the article", dt.date(2026, 11, 20))
    add_follow_up(alice, jane, "Call about the job", dt.date(2026, 11, 25))
    done = add_follow_up(alice, jane, "Old promise", dt.date(2026, 10, 1))
    complete_follow_up(done)
    html = page(alice_client, jane).content.decode()
    assert "Send the article" in html
    assert ">overdue</span>" in html
    assert ">due today</span>" in html
    assert "Old promise" not in html
    assert f'action="{reverse("followup_done", args=[overdue.pk])}"' in html
    assert f'name="next" value="{reverse("person", args=[jane.pk])}"' in html


def test_the_timeline_is_newest_first_with_others_and_an_edit_link(
    alice, alice_client, jane, frozen
):
    tom = create_person(alice, "Tom Doe")
    older = log_touch(
        alice, [jane], kind(alice, "coffee"), date=dt.date(2026, 3, 2), note="Good\ntalk"
    )
    newer = log_touch(alice, [jane, tom], kind(alice, "party"), date=dt.date(2026, 11, 24))
    html = page(alice_client, jane).content.decode()
    timeline = re.search(r'id="timeline".*?</section>', html, re.S).group(0)
    assert timeline.index("Party") < timeline.index("Coffee")
    assert "yesterday" in timeline
    assert "2 March 2026" in timeline
    assert "Good<br>talk" in timeline
    assert f'<a href="{reverse("person", args=[tom.pk])}">Tom Doe</a>' in timeline
    assert reverse("touch_edit", args=[older.pk]) in timeline
    assert reverse("touch_edit", args=[newer.pk]) in timeline
    assert "2 touches" in timeline


def test_quick_log_offers_only_the_kinds_possible_with_this_person(alice, alice_client, frozen):
    alice.profile.home_city = "Berlin"
    alice.profile.save()
    bare = create_person(alice, "Bare Bones", city="Hamburg")
    assert quick_kinds(page(alice_client, bare).content.decode()) == [
        "Condolence",
        "Party",
        "Email or note",
    ]
    rich = create_person(
        alice,
        "Rich Details",
        city="Berlin",
        emails=["r@example.com"],
        phones=["030 1234567"],
        birthday_month=5,
        birthday_day=4,
    )
    Address.objects.create(owner=alice, person=rich, street="Hauptstr. 1", locality="Berlin")
    offered = quick_kinds(page(alice_client, rich).content.decode())
    assert offered == [k.label.capitalize() for k in owned(TouchKind, alice)]


def test_no_quick_log_for_someone_who_has_died(alice, alice_client, jane, frozen):
    Relationship.objects.create(owner=alice, person=jane, kind="spouse", other_name="Tom")
    Person.objects.filter(pk=jane.pk).update(deceased=True)
    html = page(alice_client, jane).content.decode()
    assert quick_kinds(html) == []
    assert "Jane has died. Touches now go to the family:" in html


def test_quick_log_links_to_the_full_form(alice_client, jane, frozen):
    html = page(alice_client, jane).content.decode()
    assert f'href="{reverse("touch_new")}?person={jane.pk}"' in html


def test_quick_log_records_a_touch_dated_today(alice, alice_client, jane, frozen):
    coffee = kind(alice, "check-in call")
    url = reverse("person_log", args=[jane.pk])
    response = alice_client.post(url, {"kind": coffee.pk}, follow=True)
    assert response.redirect_chain[-1][0].endswith(f"/people/{jane.pk}/#timeline")
    touch = owned(Touch, alice).get()
    assert touch.date == dt.date(2026, 11, 25)
    assert list(touch.people.all()) == [jane]
    assert touch.kind == coffee
    jane.refresh_from_db()
    assert jane.last_touch_on == dt.date(2026, 11, 25)
    assert "Logged check-in call with Jane Doe today." in response.content.decode()


def test_quick_log_uses_the_users_own_today(alice, alice_client, jane, time_machine):
    # 23:30 UTC on 25 November is already 26 November in Berlin.
    time_machine.move_to(dt.datetime(2026, 11, 25, 23, 30, tzinfo=dt.UTC), tick=False)
    alice_client.post(reverse("person_log", args=[jane.pk]), {"kind": kind(alice, "coffee").pk})
    assert owned(Touch, alice).get().date == dt.date(2026, 11, 26)


def test_quick_log_by_htmx_returns_the_timeline_and_a_message(alice, alice_client, jane, frozen):
    log_touch(alice, [jane], kind(alice, "coffee"), date=dt.date(2026, 1, 5))
    response = alice_client.post(
        reverse("person_log", args=[jane.pk]),
        {"kind": kind(alice, "lunch").pk},
        headers={"HX-Request": "true"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html
    assert html.lstrip().startswith('<section class="card" id="timeline"')
    assert html.index("Lunch") < html.index("Coffee")
    assert "Logged lunch with Jane Doe today." in html
    assert 'id="quick-log-status"' in html
    assert 'hx-swap-oob="true"' in html
    assert '<span id="last-touch" hx-swap-oob="true">today</span>' in html


def test_the_quick_log_form_posts_by_htmx_and_without_javascript(alice_client, jane, frozen):
    html = page(alice_client, jane).content.decode()
    form = re.search(r'<form class="quick-log"[^>]*>', html, re.S).group(0)
    url = reverse("person_log", args=[jane.pk])
    assert f'action="{url}"' in form
    assert 'method="post"' in form
    assert f'hx-post="{url}"' in form
    assert 'hx-target="#timeline"' in form


@pytest.mark.parametrize("value", ["", "abc", "99999999", "1.5", "-1"])
def test_quick_log_rejects_a_bad_kind(alice, alice_client, jane, frozen, value):
    response = alice_client.post(
        reverse("person_log", args=[jane.pk]), {"kind": value}, follow=True
    )
    assert response.status_code == 200
    assert not owned(Touch, alice).exists()
    assert "message-error" in response.content.decode()


def test_quick_log_rejects_another_users_kind(alice, bob, alice_client, jane, frozen):
    response = alice_client.post(
        reverse("person_log", args=[jane.pk]),
        {"kind": kind(bob, "coffee").pk},
        headers={"HX-Request": "true"},
    )
    assert "not possible with this person" in response.content.decode()
    assert not Touch.objects.exists()


def test_quick_log_rejects_a_kind_impossible_for_this_person(alice, alice_client, jane, frozen):
    # Jane has no birthday: no birthday greeting.
    response = alice_client.post(
        reverse("person_log", args=[jane.pk]),
        {"kind": kind(alice, "birthday greeting").pk},
        follow=True,
    )
    assert "not possible with this person" in response.content.decode()
    assert not Touch.objects.exists()


def test_quick_log_by_get_goes_back_to_the_page(alice_client, jane):
    response = alice_client.get(reverse("person_log", args=[jane.pk]))
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('person', args=[jane.pk])}#log"


def _png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 90, 20)).save(out, "PNG")
    return out.getvalue()


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def test_the_photo_is_served_to_its_owner_only(alice, alice_client, bob, jane, client, media):
    jane.photo.save("x.png", ContentFile(_png()))
    html = page(alice_client, jane).content.decode()
    assert f'src="{reverse("person_photo", args=[jane.pk])}?v=' in html
    response = alice_client.get(reverse("person_photo", args=[jane.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert "private" in response["Cache-Control"]
    assert b"".join(response.streaming_content) == _png()
    client.force_login(bob)
    assert client.get(reverse("person_photo", args=[jane.pk])).status_code == 404


def test_no_photo_is_a_404(alice_client, jane, media):
    assert alice_client.get(reverse("person_photo", args=[jane.pk])).status_code == 404


def test_a_photo_whose_file_is_gone_is_a_404(alice_client, jane, media):
    Person.objects.filter(pk=jane.pk).update(photo="photos/2026/gone.jpg")
    assert alice_client.get(reverse("person_photo", args=[jane.pk])).status_code == 404


def test_without_a_photo_the_avatar_shows_initials(alice_client, jane, frozen):
    html = page(alice_client, jane).content.decode()
    assert '<span class="avatar avatar-large" aria-hidden="true">JD</span>' in html


@pytest.mark.parametrize("url_name", ["person", "person_log", "person_photo"])
@pytest.mark.parametrize("method", ["get", "post"])
def test_bob_gets_404_on_alices_person_and_nothing_changes(
    alice, bob, bob_client, jane, frozen, media, url_name, method
):
    jane.photo.save("x.png", ContentFile(_png()))
    before = (list(owned(Person, alice).values()), list(owned(Touch, alice).values()))
    url = reverse(url_name, args=[jane.pk])
    data = {"kind": kind(alice, "coffee").pk} if method == "post" else None
    response = getattr(bob_client, method)(url, data)
    assert response.status_code == 404
    assert (list(owned(Person, alice).values()), list(owned(Touch, alice).values())) == before
    assert not ContactPoint.objects.filter(owner=bob).exists()


def test_the_page_shows_warmth_and_the_next_planned_touches(alice, alice_client, jane, frozen):
    Person.objects.filter(pk=jane.pk).update(birthday_month=11, birthday_day=28)
    html = page(alice_client, jane).content.decode()
    assert "In the plan" in html and "Warmth" in html
    assert "28 Nov 2026</strong> · birthday greeting" in html
    assert "birthday on Saturday" in html


def test_no_plan_card_for_someone_who_has_died(alice, alice_client, jane, frozen):
    Person.objects.filter(pk=jane.pk).update(deceased=True)
    assert "In the plan" not in page(alice_client, jane).content.decode()
