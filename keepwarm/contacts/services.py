"""Domain rules for people: normalising contact points, search text, lookup."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import phonenumbers
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email
from django.db import transaction
from django.db.models import Q

from keepwarm.contacts.models import Circle, ContactKind, ContactPoint, Person, Tag
from keepwarm.formats.names import split_name
from keepwarm.owned import owned


def default_region(owner: Any) -> str:
    profile = getattr(owner, "profile", None)
    return (getattr(profile, "country", "") or "US").upper()


def normalize_contact(kind: str, value: str, region: str) -> str:
    """The comparable form of a contact value; ``ValidationError`` if it is not one.

    Emails are lower-cased; phones become E.164 (``+14155550123``) read with the
    user's default region; web addresses get a scheme.
    """
    value = value.strip()
    if not value:
        raise ValidationError("Give a value.")
    if kind == ContactKind.EMAIL:
        try:
            validate_email(value)
        except ValidationError:
            raise ValidationError(f"{value!r} is not an email address.") from None
        return value.casefold()
    if kind == ContactKind.PHONE:
        try:
            number = phonenumbers.parse(value, region)
        except phonenumbers.NumberParseException:
            raise ValidationError(f"{value!r} is not a phone number.") from None
        if not phonenumbers.is_possible_number(number):
            raise ValidationError(f"{value!r} is not a possible phone number in {region}.")
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    if kind == ContactKind.URL:
        url = value if "://" in value else f"https://{value}"
        try:
            URLValidator(schemes=["http", "https"])(url)
        except ValidationError:
            raise ValidationError(f"{value!r} is not a web address.") from None
        return url
    return value.casefold()


def default_circle(owner: Any) -> Circle:
    circles = owned(Circle, owner)
    circle = circles.filter(is_default=True).first() or circles.first()
    if circle is None:
        from keepwarm.accounts.services import seed_defaults

        seed_defaults(owner)
        circle = owned(Circle, owner).get(is_default=True)
    return circle


def refresh_search_text(people: Iterable[Person]) -> None:
    """Recompute the denormalised search column for these people."""
    people = list(people)
    if not people:
        return
    ids = [p.pk for p in people]
    points: dict[int, list[str]] = {}
    for person_id, value, normalized in ContactPoint.objects.filter(person_id__in=ids).values_list(
        "person_id", "value", "normalized"
    ):
        points.setdefault(person_id, []).extend([value, normalized])
    tags: dict[int, list[str]] = {}
    for person_id, name in Person.tags.through.objects.filter(person_id__in=ids).values_list(
        "person_id", "tag__name"
    ):
        tags.setdefault(person_id, []).append(name)
    for person in people:
        words = [
            person.display_name,
            person.prefix,
            person.given_name,
            person.additional_names,
            person.family_name,
            person.suffix,
            person.nickname,
            person.company,
            person.job_title,
            person.industry,
            person.city,
            *points.get(person.pk, []),
            *("#" + t for t in tags.get(person.pk, [])),
        ]
        person.search_text = " ".join(w for w in words if w).casefold()
    Person.objects.bulk_update(people, ["search_text"])


def search_filter(query: str) -> Q:
    """People matching every word of ``query`` in name, email, phone, company or tag."""
    condition = Q()
    for word in query.casefold().split():
        condition &= Q(search_text__contains=word.lstrip("#") if word != "#" else word)
    return condition


def tags_from_names(owner: Any, names: Iterable[str]) -> list[Tag]:
    tags = []
    for name in {n.strip() for n in names if n.strip()}:
        if len(name) > 60:
            raise ValidationError(f"The tag {name[:20]!r}… is longer than 60 characters.")
        tag = owned(Tag, owner).filter(name__iexact=name).first()
        tags.append(tag or Tag.objects.create(owner=owner, name=name))
    return tags


@transaction.atomic
def create_person(
    owner: Any,
    name: str,
    *,
    circle: Circle | None = None,
    emails: Iterable[str] = (),
    phones: Iterable[str] = (),
    tags: Iterable[str] = (),
    **fields: Any,
) -> Person:
    """A new person from a written name and optional details, validated."""
    parts = split_name(name)
    derived = {
        "prefix": parts.prefix,
        "given_name": parts.given,
        "additional_names": parts.additional,
        "family_name": parts.family,
        "suffix": parts.suffix,
        "nickname": parts.nickname,
    }
    person = Person(
        owner=owner,
        display_name=" ".join(name.split()),
        circle=circle or default_circle(owner),
        **{**derived, **{k: v for k, v in fields.items() if v is not None}},
    )
    person.full_clean()
    person.save()
    region = default_region(owner)
    for kind, values in ((ContactKind.EMAIL, emails), (ContactKind.PHONE, phones)):
        for index, value in enumerate(values):
            add_contact_point(person, kind, value, preferred=index == 0, region=region)
    if tags:
        person.tags.set(tags_from_names(owner, tags))
    refresh_search_text([person])
    return person


def add_contact_point(
    person: Person,
    kind: str,
    value: str,
    *,
    label: str = "",
    preferred: bool = False,
    region: str | None = None,
) -> ContactPoint:
    normalized = normalize_contact(kind, value, region or default_region(person.owner))
    point = ContactPoint(
        owner=person.owner,
        person=person,
        kind=kind,
        value=value.strip(),
        label=label,
        normalized=normalized,
        preferred=preferred,
    )
    point.full_clean(exclude=["person"])
    point.save()
    return point


class AmbiguousPerson(Exception):
    def __init__(self, text: str, candidates: list[Person]):
        super().__init__(f"{text!r} matches {len(candidates)} people")
        self.text = text
        self.candidates = candidates


def find_person(owner: Any, text: str) -> Person:
    """A person by id, email or an unambiguous name (exact first, then partial).

    Raises ``Person.DoesNotExist`` or ``AmbiguousPerson``.
    """
    people = owned(Person, owner)
    text = text.strip()
    if text.isdigit():
        found = people.filter(pk=int(text)).first()
        if found:
            return found
    if "@" in text:
        matches = list(
            people.filter(
                contact_points__kind=ContactKind.EMAIL, contact_points__normalized=text.casefold()
            ).distinct()
        )
        if len(matches) == 1:
            return matches[0]
        if matches:
            raise AmbiguousPerson(text, matches)
    for condition in (Q(display_name__iexact=text), search_filter(text)):
        matches = list(people.filter(condition).order_by("display_name", "id")[:20])
        if len(matches) == 1:
            return matches[0]
        if matches:
            raise AmbiguousPerson(text, matches)
    raise Person.DoesNotExist(f"No one matches {text!r}.")


@transaction.atomic
def delete_person(person: Person) -> None:
    """Delete a person and what is theirs alone.

    Touches logged with this person only go with them; touches shared with
    others stay, for the others. Other people's relationships to this person
    keep the name as a plain name ("Maria — spouse").
    """
    from django.db.models import Count

    from keepwarm.contacts.models import Relationship
    from keepwarm.touches.models import Touch, TouchPerson

    touch_ids = TouchPerson.objects.filter(person=person).values("touch_id")
    solo = Touch.objects.filter(pk__in=touch_ids).annotate(n=Count("touchperson")).filter(n=1)
    Touch.objects.filter(pk__in=list(solo.values_list("pk", flat=True))).delete()
    Relationship.objects.filter(other=person).update(other=None, other_name=person.display_name)
    photo = person.photo.name
    person.delete()
    if photo:
        storage = Person._meta.get_field("photo").storage
        transaction.on_commit(lambda: storage.delete(photo))
