"""Export then import gives back every field (Hypothesis): people with names in
any script, phones of many countries written the way locals write them,
addresses with country names in other languages, notes with control
characters, extras; and importing the same file again adds nothing."""

from __future__ import annotations

import phonenumbers
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from keepwarm.contacts.models import Person
from keepwarm.formats import vcard
from keepwarm.formats.records import ContactRecord, DateFact, Labeled, PostalAddress
from keepwarm.imports import service
from keepwarm.imports.export import prefetched, record_of
from keepwarm.lib.dates import MonthDay
from keepwarm.owned import owned

COUNTRIES = {
    "DE": ["Deutschland", "Germany", "DE"],
    "US": ["U.S.A.", "United States of America", "USA"],
    "FR": ["France", "Frankreich"],
    "GR": ["Ελλάδα", "Greece"],
    "JP": ["日本", "Japan"],
    "GB": ["United Kingdom", "England", "GBR"],
    "BR": ["Brasil"],
    "IN": ["India", "Indien"],
}
LETTERS = st.characters(categories=["Lu", "Ll", "Lo"])
WORD = st.text(LETTERS, min_size=1, max_size=12)
TEXT = st.text(
    st.characters(categories=["L", "N", "P", "Zs", "S"], exclude_characters="\\"),
    max_size=40,
).map(lambda t: " ".join(t.split()))
NOTE = st.text(
    st.one_of(
        st.characters(categories=["L", "N", "P", "Zs"]),
        st.sampled_from(["\n", "\t", "\x07", "\x1b", "\\", ",", ";", ":", "\x00"]),
    ),
    max_size=80,
).map(str.strip)


@st.composite
def phones(draw: st.DrawFn, region: str) -> Labeled:
    number = phonenumbers.example_number_for_type(
        region, draw(st.sampled_from([phonenumbers.PhoneNumberType.MOBILE, 0]))
    ) or phonenumbers.example_number(region)
    style = draw(
        st.sampled_from(
            [phonenumbers.PhoneNumberFormat.NATIONAL, phonenumbers.PhoneNumberFormat.INTERNATIONAL]
        )
    )
    return Labeled(phonenumbers.format_number(number, style), draw(st.sampled_from(["", "mobile"])))


@st.composite
def people(draw: st.DrawFn) -> ContactRecord:
    given_name, family = draw(WORD), draw(WORD)
    region = draw(st.sampled_from(sorted(COUNTRIES)))
    local = draw(st.text("abcdefghijklmnopqrstuvwxyz0123456789.", min_size=1, max_size=10))
    address = PostalAddress(
        draw(st.sampled_from(["home", "work"])),
        draw(TEXT.filter(bool)),
        draw(TEXT),
        "",
        draw(st.text("0123456789", max_size=5)),
        draw(st.sampled_from(COUNTRIES[region] + ["Erewhon"])),
    )
    birthday = draw(st.one_of(st.none(), st.dates().map(lambda d: (d.month, d.day))))
    extras = draw(
        st.lists(st.tuples(st.sampled_from(["X-SKYPE", "IMPP (work)", "hobby"]), TEXT.filter(bool)))
    )
    return ContactRecord(
        line=0,
        uid=draw(st.sampled_from(["", f"uid-{given_name}-{family}"])),
        display_name=f"{given_name} {family}",
        given_name=given_name,
        family_name=family,
        notes=draw(NOTE),
        emails=(Labeled(f"{local.strip('.') or 'x'}.{family[:3]}@example.org"),),
        phones=(draw(phones(region)),),
        addresses=(address,),
        birthday=DateFact("birthday", MonthDay(*birthday)) if birthday else None,
        is_company=draw(st.booleans()),
        extras=tuple(extras),
    )


def picture(user) -> list[tuple]:
    """Every field an import fills, person by person, in a comparable form."""
    found = []
    for p in owned(Person, user).order_by("display_name", "pk"):
        points = sorted(p.contact_points.values_list("kind", "label", "value", "normalized"))
        addresses = sorted(
            p.addresses.values_list(
                "label", "street", "locality", "postcode", "country", "country_name"
            )
        )
        found.append(
            (
                p.display_name,
                p.given_name,
                p.family_name,
                p.notes,
                p.extras,
                p.is_organization,
                (p.birthday_month, p.birthday_day),
                points,
                addresses,
            )
        )
    return found


@settings(
    max_examples=40,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(records=st.lists(people(), min_size=1, max_size=4))
def test_export_then_import_gives_every_field_back_and_again_adds_nothing(
    alice, bob, frozen, records
):
    # The same country as alice: a number valid nowhere else is read with it.
    bob.profile.country = alice.profile.country
    bob.profile.save()
    with transaction.atomic():
        made = vcard.render(records)  # a file as another program would write it
        service.apply(alice, vcard.parse(made), source="made")
        for version in ("4.0", "3.0"):
            with transaction.atomic():
                data = vcard.render([record_of(p) for p in prefetched(alice)], version)
                service.apply(bob, vcard.parse(data), source="exported")
                assert picture(bob) == picture(alice)
                again = service.apply(bob, vcard.parse(data), source="again")
                assert again.counts[service.NEW] == again.counts[service.UPDATED] == 0
                transaction.set_rollback(True)
        transaction.set_rollback(True)
