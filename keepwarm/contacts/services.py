"""Domain rules for people: normalising contact points, search text, lookup."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

import phonenumbers
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email
from django.db import transaction

from keepwarm.contacts.limits import CONTACT_POINTS, NOTE_LENGTH
from keepwarm.contacts.models import Circle, ContactKind, ContactPoint, Job, Person, Tag
from keepwarm.contacts.search import fold, search_filter, search_texts
from keepwarm.formats.names import split_name
from keepwarm.formats.records import with_extras
from keepwarm.formats.text import problem, scheme_problem
from keepwarm.owned import owned, parse_id

if TYPE_CHECKING:
    from keepwarm.accounts.models import User


def default_region(owner: User) -> str:
    profile = getattr(owner, "profile", None)
    return (getattr(profile, "country", "") or "US").upper()


def normalize_contact(
    kind: str, value: str, region: str, *, regions: Iterable[str] = (), lenient: bool = False
) -> str:
    """The comparable form of a contact value; ``ValidationError`` if it is not one.

    Emails are lower-cased; web addresses get a scheme. A phone becomes E.164
    (``+14155550123``) when it is a valid number for one of ``regions`` (tried
    in order: the country of the person's address, say) or else for
    ``region`` (the account's); a number valid nowhere is kept as typed and
    compared by its digits, never re-read with the wrong country code.

    ``lenient`` is for values that come from a file: an email that is not
    strictly valid but has something on both sides of its @ (``contact1@invalid``,
    ``blablö@blub.com``) and a web address that is not one are still kept, so
    an import never drops what the user had. The result must fit its column: "ß"
    case-folds to "ss" and a scheme adds eight characters.
    """
    normalized = _normalize(kind, value.strip(), [*regions, region], lenient)
    limit = ContactPoint._meta.get_field("normalized").max_length
    if len(normalized) > limit:
        raise ValidationError(
            f"That is too long: at most {limit} characters once written in full "
            f"(this is {len(normalized)})."
        )
    return normalized


def _normalize(kind: str, value: str, regions: list[str], lenient: bool) -> str:
    if not value:
        raise ValidationError("Give a value.")
    if kind == ContactKind.PHONE:
        return phone_key(value, regions, lenient)
    if kind == ContactKind.EMAIL:
        try:
            validate_email(value)
        except ValidationError:
            local, at, domain = value.rpartition("@")
            if not (lenient and at and local.strip() and domain.strip()):
                raise ValidationError(f"{value!r} is not an email address.") from None
        return value.casefold()
    if kind == ContactKind.URL:
        refused = scheme_problem(value)
        if refused is not None:  # javascript:, data:… : never a link, from a file either
            raise ValidationError(refused)
        url = value if "://" in value else f"https://{value}"
        try:
            URLValidator(schemes=["http", "https"])(url)
        except ValidationError:
            if not lenient:
                raise ValidationError(f"{value!r} is not a web address.") from None
            return value
        return url
    return value.casefold()


_NOT_DIGITS = re.compile(r"[^0-9]")


def phone_key(value: str, regions: Iterable[str], lenient: bool = False) -> str:
    """E.164 for a number valid in the first of ``regions`` that knows it; else
    its digits as written (a leading + kept), so the same number typed the same
    way is still the same. Typed into a form, a number that is not even
    possible (too short, too long) is refused; from a file (``lenient``) any
    value with three digits is kept."""
    tried = list(dict.fromkeys(r.upper() for r in regions if r))
    possible = False
    for region in tried:
        try:
            number = phonenumbers.parse(value, region)
        except phonenumbers.NumberParseException:
            continue  # a region phonenumbers does not know (AQ), or not a number
        if phonenumbers.is_valid_number(number):
            return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
        possible = possible or phonenumbers.is_possible_number(number)
    digits = _NOT_DIGITS.sub("", value)
    if len(digits) >= 3 and (possible or lenient):
        return ("+" if value.lstrip().startswith("+") else "") + digits
    if len(digits) >= 3:
        where = tried[-1] if tried else "any country"
        raise ValidationError(f"{value!r} is not a possible phone number in {where}.")
    raise ValidationError(f"{value!r} is not a phone number.")


def add_notes(person: Person, notes: Iterable[str]) -> list[str]:
    """Each note after the person's own, once: one already there as a whole
    paragraph is not repeated ("nuts" is not held by "Allergic to nuts").
    Returns the notes that did not fit, for the caller to keep elsewhere."""
    left = []
    for note in (n.strip() for n in notes):
        held = f"\n\n{person.notes.strip()}\n\n"
        if not note or f"\n\n{note}\n\n" in held:
            continue
        joined = f"{person.notes.strip()}\n\n{note}".strip()
        if len(joined) > NOTE_LENGTH:
            left.append(note)
        else:
            person.notes = joined
    return left


def add_extras(person: Person, lines: Iterable[str]) -> list[str]:
    """The ``NAME: value`` lines the person's imported extras lack (compared
    entry by entry), added; returns those added."""
    person.extras, added = with_extras(person.extras, lines)
    return added


DEFAULT_CIRCLES = (
    # name, touches per year, is the default for new people
    ("Close", 12, False),
    ("Core", 7, True),
    ("Wide", 3, False),
)


def seed_circles(user: User, **_: Any) -> None:
    """Give a new account its circles (idempotent; ``accounts.services.new_account``)."""
    for position, (name, per_year, is_default) in enumerate(DEFAULT_CIRCLES):
        Circle.objects.get_or_create(
            owner=user,
            name=name,
            defaults={"touches_per_year": per_year, "position": position, "is_default": is_default},
        )


def default_circle(owner: User) -> Circle:
    circles = owned(Circle, owner)
    circle = circles.filter(is_default=True).first() or circles.first()
    if circle is None:
        seed_circles(owner)
        circle = owned(Circle, owner).get(is_default=True)
    return circle


def refresh_search_text(people: Iterable[Person]) -> None:
    """Recompute the denormalised search column for these people."""
    people = list(people)
    if not people:
        return
    search_texts(Person, ContactPoint, people, Job)
    Person.objects.bulk_update(people, ["search_text"])


def tags_from_names(owner: User, names: Iterable[str]) -> list[Tag]:
    tags = []
    for name in dict.fromkeys(n.strip() for n in names if n.strip()):  # the first spelling
        if len(name) > 60:
            raise ValidationError(f"The tag {name[:20]!r}… is longer than 60 characters.")
        found = problem(name)
        if found is not None:  # made without a form's full_clean: the rule here
            raise ValidationError(f"The tag {name[:20]!r}: {found}")
        tag = owned(Tag, owner).filter(name__iexact=name).first()
        tags.append(tag or Tag.objects.create(owner=owner, name=name))
    return tags


@transaction.atomic
def create_person(
    owner: User,
    name: str,
    *,
    circle: Circle | None = None,
    emails: Iterable[str] = (),
    phones: Iterable[str] = (),
    tags: Iterable[str] = (),
    **fields: Any,
) -> Person:
    """A new person from a written name and optional details, validated."""
    emails, phones = list(emails), list(phones)
    if len(emails) + len(phones) > CONTACT_POINTS.limit:
        raise ValidationError(CONTACT_POINTS.refusal(len(emails) + len(phones)))
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
    """A new email, phone or web address on the person, validated; refused
    once the person has as many as a person can have."""
    if ContactPoint.objects.filter(person=person).count() >= CONTACT_POINTS.limit:
        raise ValidationError(CONTACT_POINTS.refusal())
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


# How many people a name is compared with, and how many a message lists.
NAME_SCAN = 1000
MAX_CANDIDATES = 20


class AmbiguousPerson(Exception):
    """A name that fits several people, or fits one only partly ("ane" in Jane).

    ``partial`` is true when no one's name is or starts with the text: the
    candidates then merely contain it somewhere (a name, a company, an email).
    """

    def __init__(self, text: str, candidates: list[Person], *, partial: bool = False):
        count = len(candidates)
        what = "person" if count == 1 else "people"
        how = "partly " if partial else ""
        super().__init__(f"{text!r} {how}matches {count} {what}")
        self.text = text
        self.candidates = candidates
        self.partial = partial


def find_person(owner: User, text: str) -> Person:
    """A person by id, email or an unambiguous name.

    A name is compared loosely (case, accents and apostrophes ignored). A full
    name wins; else the one person whose names start with the words typed
    ("jane d"). Several such people, or only people who contain the text
    elsewhere, raise ``AmbiguousPerson`` with the candidates; no one at all
    raises ``Person.DoesNotExist``.
    """
    people = owned(Person, owner)
    text = " ".join(text.split())
    pk = parse_id(text)
    if pk is not None and (found := people.filter(pk=pk).first()):
        return found
    if "@" in text:
        matches = list(
            people.filter(
                contact_points__kind=ContactKind.EMAIL, contact_points__normalized=text.casefold()
            ).distinct()[:MAX_CANDIDATES]
        )
        if len(matches) == 1:
            return matches[0]
        if matches:
            raise AmbiguousPerson(text, matches)
    return _by_name(people, text)


def _name_words(person: Person) -> set[str]:
    names = (person.display_name, person.given_name, person.family_name, person.nickname)
    return set(fold(" ".join(names)).split())


def _by_name(people: Any, text: str) -> Person:
    wanted = fold(text).split()
    if not wanted:
        raise Person.DoesNotExist(f"No one matches {text!r}.")
    candidates = list(people.filter(search_filter(text)).order_by("display_name", "id")[:NAME_SCAN])
    exact = [p for p in candidates if fold(p.display_name).split() == wanted]
    prefix = [
        p
        for p in candidates
        if all(any(w.startswith(part) for w in _name_words(p)) for part in wanted)
    ]
    for matches in (exact, prefix):
        if len(matches) == 1:
            return matches[0]
        if matches:
            raise AmbiguousPerson(text, matches[:MAX_CANDIDATES])
    if candidates:
        raise AmbiguousPerson(text, candidates[:MAX_CANDIDATES], partial=True)
    raise Person.DoesNotExist(f"No one matches {text!r}.")
