"""Label texts for people, card runs and trips, and the sheet as PDF.

The layout and the PDF are pure (``keepwarm.formats.address_layout`` and
``keepwarm.formats.label_sheets``); this module reads the database and brings the
fonts: DejaVu Sans from matplotlib's wheel, a dependency of the project, so the
same Latin, Greek and Cyrillic glyphs print on every install, and the Noto
fonts the machine has for every other script (``keepwarm.occasions.fonts``).
A label no font can draw is left blank and reported (``Printed.blank``,
``blank_labels``); ``blank_hint`` says what to do about it.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING

from django.db.models import Prefetch

from keepwarm.contacts.models import Address, Person
from keepwarm.formats import label_sheets
from keepwarm.formats.address_layout import address_lines
from keepwarm.formats.label_sheets import Blank, LabelError, LabelText, Printed, SheetSpec
from keepwarm.formats.records import PostalAddress
from keepwarm.occasions.fonts import fallback_faces
from keepwarm.occasions.households import households
from keepwarm.occasions.models import CardRecipient, CardRun, Trip

if TYPE_CHECKING:
    from keepwarm.accounts.models import User

MAX_RETURN_LINES = 6
PRINTED_STATUSES = (CardRecipient.Status.PLANNED, CardRecipient.Status.SENT)


@lru_cache(maxsize=1)
def font_path() -> str:
    """DejaVu Sans as shipped inside matplotlib's wheel."""
    import matplotlib

    path = os.path.join(matplotlib.get_data_path(), "fonts", "ttf", "DejaVuSans.ttf")
    if not os.path.exists(path):
        raise LabelError("The label font (DejaVu Sans from matplotlib) is not installed.")
    return path


def labels_pdf(
    labels: Sequence[LabelText],
    sheet: SheetSpec,
    *,
    skip: int = 0,
    offset_mm: tuple[float, float] = (0.0, 0.0),
) -> Printed:
    """The PDF of ``labels`` on ``sheet``, and the labels left blank on it."""
    _quiet_font_logs()
    return label_sheets.render(
        labels,
        sheet,
        font_path=font_path(),
        fallbacks=fallback_faces(),
        skip=skip,
        offset_mm=offset_mm,
    )


def blank_labels(labels: Sequence[LabelText], sheet: SheetSpec) -> tuple[Blank, ...]:
    """The labels that would be left blank on ``sheet`` (without making the PDF)."""
    _quiet_font_logs()
    return label_sheets.check(labels, sheet, font_path=font_path(), fallbacks=fallback_faces())


NO_FONT_HINT = (
    "No font on this computer has those characters: install the Noto fonts "
    "(Debian and Ubuntu: apt-get install fonts-noto-core fonts-noto-cjk; see "
    "docs/labels.md), or write the address in Latin letters."
)


def blank_hint(blank: Sequence[Blank]) -> str:
    """What to do about labels left blank for want of a font ("" when none is)."""
    return NO_FONT_HINT if any(b.kind == "glyphs" for b in blank) else ""


def _quiet_font_logs() -> None:
    """fontTools logs a line for every table of every font it subsets (INFO):
    keep them out of the server's and the command's log unless it is at DEBUG."""
    if logging.getLogger().getEffectiveLevel() > logging.DEBUG:
        logging.getLogger("fontTools").setLevel(logging.WARNING)


def home_country(user: User) -> str:
    profile = getattr(user, "profile", None)
    return (getattr(profile, "country", "") or "US").upper()


def address_label(name: str, address: Address, home: str) -> LabelText:
    """One label to ``name`` at ``address``, laid out for its country."""
    postal = PostalAddress(
        street=address.street,
        locality=address.locality,
        region=address.region,
        postcode=address.postcode,
        country=address.country_shown,
    )
    return LabelText(address_lines(name, postal, home), name=name)


def name_on_label(person: Person) -> str:
    """The full name with prefix and suffix ("Dr. Jane Q. Doe"), else the display name."""
    parts = [person.prefix, person.given_name, person.additional_names, person.family_name]
    name = " ".join(part for part in parts if part.strip())
    if name and person.suffix:
        name = f"{name} {person.suffix}"
    return name or person.display_name


def mailing_address(person: Person) -> Address | None:
    """The address marked for mail, else the first one (addresses prefetched)."""
    addresses = list(person.addresses.all())
    return next((a for a in addresses if a.is_mailing), addresses[0] if addresses else None)


def labels_for_people(user: User, people: Iterable[Person]) -> tuple[list[LabelText], list[Person]]:
    """One label per person with a mailing address; and the people without one.

    The deceased and archived get no label (and are not listed as missing).
    """
    home = home_country(user)
    labels: list[LabelText] = []
    missing: list[Person] = []
    for person in _with_addresses(people):
        if person.deceased or person.archived:
            continue
        address = mailing_address(person)
        if address is None:
            missing.append(person)
        else:
            labels.append(address_label(name_on_label(person), address, home))
    return labels, missing


def labels_for_households(
    user: User, people: Iterable[Person]
) -> tuple[list[LabelText], list[Person]]:
    """One label per household (people at one address: "Jane & John Doe");
    and the people without an address. The deceased and archived get none."""
    home = home_country(user)
    labels: list[LabelText] = []
    missing: list[Person] = []
    for household in households(people, home_country=home):
        if household.address is None:
            missing.extend(household.people)
        else:
            labels.append(address_label(household.name_on_card, household.address, home))
    return labels, missing


def _with_addresses(people: Iterable[Person]) -> Iterable[Person]:
    if hasattr(people, "prefetch_related"):
        return people.prefetch_related(  # type: ignore[no-any-return]
            Prefetch("addresses", queryset=Address.objects.order_by("-is_mailing", "id"))
        ).order_by("sort_name", "id")
    return people


def labels_for_run(run: CardRun) -> tuple[list[LabelText], list[str]]:
    """One label per card still to send or sent; and the cards without an address."""
    home = home_country(run.owner)
    labels: list[LabelText] = []
    missing: list[str] = []
    recipients = run.recipients.select_related("address").filter(status__in=PRINTED_STATUSES)
    for recipient in recipients.order_by("name_on_card", "id"):
        if recipient.address is None:
            missing.append(recipient.name_on_card)
        else:
            labels.append(address_label(recipient.name_on_card, recipient.address, home))
    return labels, missing


def labels_for_trip(trip: Trip) -> tuple[list[LabelText], list[str]]:
    """One label per chosen postcard (the address it was planned with, else the
    person's mailing address now); and the people without an address."""
    home = home_country(trip.owner)
    labels: list[LabelText] = []
    missing: list[str] = []
    postcards = trip.postcards.filter(chosen=True).select_related("address", "person")
    for postcard in postcards.prefetch_related("person__addresses").order_by("id"):
        address = postcard.address or mailing_address(postcard.person)
        name = name_on_label(postcard.person)
        if address is None:
            missing.append(postcard.person.display_name)
        else:
            labels.append(address_label(name, address, home))
    return labels, missing


def return_lines(text: str) -> list[str]:
    """The lines of a return address as typed; ``LabelError`` when it is not one."""
    lines = [" ".join(line.split()) for line in text.splitlines() if line.strip()]
    if not lines:
        raise LabelError("Write your return address: your name, then one line per address line.")
    if len(lines) > MAX_RETURN_LINES:
        raise LabelError(f"A return address has at most {MAX_RETURN_LINES} lines.")
    return lines


def return_labels(text: str, sheet: SheetSpec, skip: int = 0) -> list[LabelText]:
    """A sheet's worth of your own return address (every label after the skipped ones)."""
    label = LabelText(return_lines(text))
    return [label] * (sheet.per_page - skip)


@dataclass
class Selection:
    """The labels of a source, and who was left out and why."""

    labels: list[LabelText] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    """Names without a mailing address."""

    @property
    def count(self) -> int:
        return len(self.labels)


def people_selection(user: User, people: Iterable[Person]) -> Selection:
    """A tag's or a circle's labels: one per household."""
    labels, missing = labels_for_households(user, people)
    return Selection(labels, [person.display_name for person in missing])


def run_selection(run: CardRun) -> Selection:
    return Selection(*labels_for_run(run))


def trip_selection(trip: Trip) -> Selection:
    return Selection(*labels_for_trip(trip))
