"""Parsed contact records into a user's network: preview, then one transaction.

Each record is matched to someone already there — by the file's UID, then an
email, then a phone, then name and company — and either adds a new person,
adds what the person does not have yet (never overwriting what the user
wrote), or changes nothing. So importing the same file twice adds nothing.
A record that cannot be used is skipped with its line and reason. New people
wait to be sorted into a circle (``triage``) unless the import names one.

Records are handled in chunks: a chunk's people are read in a few queries and
its new rows written in bulk, so a file of 100,000 cards takes minutes, not
hours, and memory holds one chunk's rows at a time.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.utils import timezone

from keepwarm.contacts import limits
from keepwarm.contacts.models import (
    NAME_FIELDS,
    WORK_FIELDS,
    Address,
    Circle,
    ContactPoint,
    Job,
    KeyDate,
    Person,
    RelationKind,
    Relationship,
    Tag,
)
from keepwarm.contacts.photos import photo_from_bytes
from keepwarm.contacts.sameness import address_key, date_key, point_key, relation_key
from keepwarm.contacts.search import job_words, search_text
from keepwarm.contacts.services import (
    add_extras,
    add_notes,
    default_region,
    tags_from_names,
)
from keepwarm.formats.countries import country_code
from keepwarm.formats.records import (
    ContactRecord,
    DateFact,
    FormatError,
    ParseResult,
    extras_lines,
    extras_pairs,
    storable,
    with_extras,
)
from keepwarm.formats.vcard_dates import format_date
from keepwarm.imports.bulk import (
    fewer_collections,
    insert_returning,
    insert_rows,
    insert_values,
    values_of,
)
from keepwarm.imports.matching import Matcher, record_name, record_regions
from keepwarm.imports.unlocked import Claim, worked_out_then_written
from keepwarm.lib.dates import MonthDay
from keepwarm.owned import owned
from keepwarm.plans.services import invalidate

if TYPE_CHECKING:
    from keepwarm.accounts.models import User

NEW, UPDATED, SAME, SKIPPED = "new", "updated", "same", "skipped"
KEPT_APART = "kept apart"
"""How a change begins that says a weak match was not taken (a person of their own)."""
KEPT_EXTRAS = "kept as imported extras"
MIN_YEAR = 1850
"""The earliest believable year of a birthday or key date (the models' own limit)."""
TAG_LENGTH = 60
VALUE_LENGTH = ContactPoint._meta.get_field("value").max_length
LABEL_LENGTH = ContactPoint._meta.get_field("label").max_length
CHUNK = 500
"""Records read and written together; also how often ``progress`` is called."""
Progress = Callable[[int, int], None]
"""Called with (records done, records in all) as the import goes."""
SCALARS = (*NAME_FIELDS, *WORK_FIELDS)
"""What a card fills in on a person when the person's own is empty."""
_WORDS = {name: name.replace("_", " ") for name in SCALARS}
"""How a change to each field is said (one string each, shared by every outcome)."""


@dataclass(slots=True)
class Outcome:
    line: int
    action: str
    name: str
    person_id: int | None = None
    changes: list[str] = field(default_factory=list)
    reason: str = ""


@dataclass
class Report:
    format: str
    outcomes: list[Outcome]

    @property
    def counts(self) -> Counter[str]:
        return Counter(outcome.action for outcome in self.outcomes)

    def summary(self) -> str:
        counts = self.counts
        return ", ".join(f"{counts[a]} {a}" for a in (NEW, UPDATED, SAME, SKIPPED))


def preview(
    user: User, parsed: ParseResult, *, tags: Iterable[str] = (), progress: Progress | None = None
) -> Report:
    """What importing would do, writing nothing: the import is worked out in
    memory, outside any transaction, so it takes no write lock while it runs
    (on SQLite a transaction begins by taking the whole database's)."""
    return _run(user, parsed, tags=tags, source="", progress=progress, keep=False).report


def apply(
    user: User,
    parsed: ParseResult,
    *,
    source: str,
    circle: Any = None,
    tags: Iterable[str] = (),
    progress: Progress | None = None,
    reread: Callable[[], ParseResult] | None = None,
    then: Callable[[Report], None] | None = None,
) -> Report:
    """Import: everything or, on any error, nothing (the photo files of an
    import that fails are deleted).

    The import is worked out first with reads only, outside any transaction,
    and what it would write is written in one short transaction
    (``unlocked``): a large file takes minutes, and a transaction would hold
    the database's write lock all that time. ``then`` runs in that
    transaction with the report (to forget the upload with it).

    With ``reread`` (how to read the file again, for a caller that parsed it
    only to import it) the import takes the records out of ``parsed`` and
    lets each chunk of them go once it is worked out, so that a large file's
    records and what the import builds from them are not in memory at once;
    a second attempt reads the file again."""
    tags = list(tags)
    read: list[ParseResult] = [parsed]
    importers: list[_Importer] = []

    def work() -> _Importer:
        records = read.pop() if read else reread() if reread is not None else parsed
        if importers:  # worked out again: what changed meanwhile is read afresh
            importers.pop().forget()
            _forget_profile(user)
        importers.append(
            _run(
                user,
                records,
                tags=tags,
                source=source,
                circle=_circle(user, circle),
                progress=progress,
                let_go=reread is not None,
                keep=True,
            )
        )
        return importers[-1]

    def write(importer: _Importer, claim: Claim) -> Report:
        with fewer_collections():
            importer.write_planned(claim)
        if then is not None:
            then(importer.report)
        return importer.report

    try:
        return worked_out_then_written(user, work, write)
    except BaseException:  # also a failure at the commit (SQLite checks foreign keys there)
        for importer in importers:
            importer.forget_files()
        raise


def _circle(user: User, chosen: Any) -> Any:
    """The circle new people go to, as it is now; None (by default, or when the
    chosen one has gone meanwhile): they wait to be sorted (``triage``)."""
    if chosen is None:
        return None
    return owned(Circle, user).filter(pk=chosen.pk).first()


def _forget_profile(user: User) -> None:
    """The account's country (read for phone numbers) as it is now, not as cached."""
    user.refresh_from_db(fields=["profile"])


def _run(
    user: User,
    parsed: ParseResult,
    *,
    tags: Iterable[str],
    source: str,
    circle: Any = None,
    progress: Progress | None = None,
    let_go: bool = False,
    keep: bool,
) -> _Importer:
    """Work the import out, writing nothing; with ``keep``, keep what to write."""
    importer = _Importer(user, list(tags), source, circle, keep=keep)
    outcomes = [Outcome(s.line, SKIPPED, "", reason=s.reason) for s in parsed.skipped]
    total = len(parsed.records)
    left = parsed.records[::-1]  # the last chunk first, so each is let go from the end
    if let_go:
        parsed.records = []
    if progress is not None:
        progress(0, total)
    with fewer_collections():
        while left:
            chunk = left[-CHUNK:][::-1]
            del left[-CHUNK:]
            outcomes += importer.chunk(chunk)
            del chunk
            if progress is not None:
                progress(total - len(left), total)
        if keep:
            importer.finish()
    outcomes.sort(key=lambda o: o.line)
    importer.report = Report(parsed.format, outcomes)
    return importer


def _create(user: User, record: ContactRecord, name: str, circle: Any, source: str) -> Person:
    """A new person for ``record``, not saved yet (``_merge_scalars`` validates it
    once the record's fields are in)."""
    person = Person(owner=user, display_name=name[:200], circle=circle, source=source[:200])
    person.external_uid = record.uid[:255]
    person.is_organization = record.is_company
    return person


_WRITTEN = {
    *SCALARS,
    *("display_name", "notes", "external_uid", "source", "is_organization"),
    *("birthday_month", "birthday_day", "birthday_year"),
}
_UNWRITTEN = tuple(f.name for f in Person._meta.fields if f.name not in _WRITTEN)
"""The person's fields a card never fills (its circle, photo, dates of the record)."""
_SAVED = sorted({*_WRITTEN, "extras", "photo", "search_text", "also_in", "updated_at"})
"""What an import writes of a saved person it changed (``_WRITTEN`` and what
goes with it: the extras, a photo, the search text, the other imports that held
them)."""
SOURCES_KEPT = 20
"""The other imports a person remembers (``Person.also_in``)."""


def _validate(row: Any, *foreign_keys: str) -> None:
    """``full_clean`` without the queries: the foreign keys are this import's own
    rows. Text is first made to fit (a line break in a name becomes a space)."""
    row.tidy_text()
    row.clean_fields(exclude=["owner", *foreign_keys])
    row.clean()


def _valid(row: Any) -> bool:
    try:
        _validate(row, "person")
    except ValidationError:
        return False
    return True


@dataclass
class _Target:
    """A person this import adds to, with what they already have (kept up to date)."""

    person: Person
    new: bool = False
    dirty: bool = False
    matched: bool = False
    """A record of this import is this person (a saved person read as a possible
    match may turn out to be someone else, and is then left as it is)."""
    points: set[tuple[str, str]] = field(default_factory=set)
    words: list[tuple[str, bool, str, str]] = field(default_factory=list)
    """(kind, preferred, value, normalized) of every contact point, for the search text."""
    tag_names: list[str] = field(default_factory=list)
    jobs: list[str] = field(default_factory=list)
    """The words of the work history, kept in the search text."""
    # What the person has, by the keys of ``contacts.sameness``.
    addresses: set[tuple[str, str, str]] = field(default_factory=set)
    dates: set[tuple[str, int, int]] = field(default_factory=set)
    relations: set[tuple[str, int | None, str]] = field(default_factory=set)
    tags: set[str] = field(default_factory=set)
    photo: Any = None
    """A picture from the file, made small, for a person without one (written with the chunk)."""


@dataclass
class _Rows:
    """One chunk's new rows, written in bulk at its end."""

    points: list[ContactPoint] = field(default_factory=list)
    addresses: list[Address] = field(default_factory=list)
    dates: list[KeyDate] = field(default_factory=list)
    relations: list[Relationship] = field(default_factory=list)
    tags: dict[tuple[int, str], tuple[Person, Tag]] = field(default_factory=dict)

    def by_model(self) -> tuple[list[Any], ...]:
        """The rows of each of ``_ROW_MODELS``, in its order."""
        return (self.points, self.addresses, self.dates, self.relations)


_ROW_MODELS = (ContactPoint, Address, KeyDate, Relationship)


class _Importer:
    """Matches and merges the records chunk by chunk, writing nothing: what a
    chunk would write stays in memory (the people, as ``_Target``s, and what
    the matcher knows of them), where a later chunk finds it as it would find
    it in the database, so the report is the import's. With ``keep`` the new
    rows are kept too, and ``write_planned`` writes everything at the end (in
    the caller's transaction); a preview forgets them."""

    def __init__(
        self, user: User, tags: list[str], source: str, circle: Any, *, keep: bool
    ) -> None:
        self.user, self.tag_names, self.source, self.circle = user, tags, source, circle
        self.region = default_region(user)
        self.this_year = timezone.localdate().year
        self.matcher = Matcher(user)
        self.known_tags: dict[str, Tag] = {}
        self.keep = keep
        self.kept: dict[Any, _Target] = {}
        """The people as the chunks before left them (not written)."""
        self.planned: dict[Any, list[tuple[Any, ...]]] = {model: [] for model in _ROW_MODELS}
        """The values of every chunk's new rows, for ``write_planned`` (with ``keep``)."""
        self.planned_tags: dict[tuple[int, str], tuple[Person, Tag]] = {}
        self.files: list[str] = []
        """Photo files written by ``write_planned`` (deleted if the import fails)."""
        self.changed: list[Person] = []
        """Saved people the import changes (``write_planned``)."""
        self.done: list[tuple[Outcome, Person]] = []
        """The outcomes with their people, whose ids are known once written."""
        self.report = Report("", [])

    def chunk(self, records: list[ContactRecord]) -> list[Outcome]:
        """Match, merge and write one chunk of records."""
        regions = [record_regions(record, self.region) for record in records]
        targets = self._load(self._existing(records, regions))
        rows, outcomes, done = _Rows(), [], []
        for record, where in zip(records, regions, strict=True):
            name = record_name(record)
            if not name:
                outcomes.append(Outcome(record.line, SKIPPED, "", reason="no name, email or phone"))
                continue
            try:
                target, created = self._target(record, name, where, targets)
                shown = name if created else target.person.display_name
                outcome = Outcome(record.line, NEW if created else SAME, shown)
                outcome.changes = self._merge(target, record, where, rows)
            except ValidationError as exc:  # the whole import stops, saying where
                raise FormatError(f"line {record.line}: {'; '.join(exc.messages)}") from None
            if outcome.action == SAME and any(_changed(c) for c in outcome.changes):
                outcome.action = UPDATED
            apart = self.matcher.apart.pop(id(record), [])
            outcome.changes += [f"{KEPT_APART} (see Duplicates): {why}" for why in apart]
            self.matcher.remember(target.person, record, where)
            outcomes.append(outcome)
            done.append((outcome, target.person))
        self.kept.update(targets)
        if self.keep:
            for model, items in zip(_ROW_MODELS, rows.by_model(), strict=True):
                self.planned[model] += values_of(model, items)
            self.planned_tags.update(rows.tags)
            self.done += done
        else:
            for target in targets.values():
                target.photo = None
            for outcome, person in done:
                outcome.person_id = person.pk  # a saved person's; a new one has none
        self.matcher.settle()
        return outcomes

    def forget(self) -> None:
        """Let what was worked out go (it is worked out again)."""
        self.kept.clear()
        self.planned.clear()
        self.planned_tags.clear()
        self.done.clear()

    def forget_files(self) -> None:
        """The import failed: its photo files go (the rows naming them were not written)."""
        storage = Person._meta.get_field("photo").storage
        for name in self.files:
            storage.delete(name)
        self.files.clear()

    def finish(self) -> None:
        """The work that needs every chunk done, before the write: search texts."""
        for target in self.kept.values():
            refreshed = target.matched and _refresh_search_text(target)
            if refreshed and not target.new:
                target.dirty = True

    def write_planned(self, claim: Claim) -> None:
        """Write what the chunks worked out, in the caller's transaction: the
        people's rows in bulk, then ``claim`` (which raises ``Moved`` if the
        user's data changed since the work began), then the tags (a new tag
        moves the data version itself). Only the writing is left for here:
        the database is locked meanwhile."""
        assert self.keep, "a preview keeps nothing to write"
        targets = [t for t in self.kept.values() if t.matched]
        now = timezone.now()
        for target in targets:
            if target.photo is not None:
                self.files.append(_store_photo(target.person, target.photo))
                target.dirty = target.dirty or not target.new
            target.photo = None
            if target.dirty and not target.new:  # validated by the merge
                target.person.updated_at = now
                self.changed.append(target.person)
        insert_returning(Person, [t.person for t in targets if t.new])
        # In bulk, without signals: the one ``invalidate`` below stands for them all.
        Person.objects.bulk_update(self.changed, _SAVED, batch_size=CHUNK)
        for model, values in self.planned.items():
            insert_values(model, values)
        claim()
        tags = self._save_tags(self.planned_tags)
        through = Person.tags.through
        links = [through(person_id=p.pk, tag_id=t.pk) for p, t in tags.values()]
        insert_rows(through, links, skip_existing=True)
        for outcome, person in self.done:
            outcome.person_id = person.pk
        if targets:
            invalidate(self.user.pk)  # rows written in bulk send no signals

    def _save_tags(
        self, links: dict[tuple[int, str], tuple[Person, Tag]]
    ) -> dict[tuple[int, str], tuple[Person, Tag]]:
        """The tags the work made up (unsaved) are made now; the links point to them."""
        unsaved = sorted({tag.name for _, tag in links.values() if tag.pk is None})
        if not unsaved:
            return links
        made = {tag.name.casefold(): tag for tag in tags_from_names(self.user, unsaved)}
        return {
            key: (person, tag if tag.pk is not None else made[tag.name.casefold()])
            for key, (person, tag) in links.items()
        }

    def _existing(self, records: list[ContactRecord], regions: list[tuple[str, ...]]) -> set[int]:
        """Ids of saved people the chunk's records may be (read before the chunk
        starts; a few of them may turn out to be someone else)."""
        return self.matcher.saved_candidates(records, regions)

    def _target(
        self,
        record: ContactRecord,
        name: str,
        regions: tuple[str, ...],
        targets: dict[Any, _Target],
    ) -> tuple[_Target, bool]:
        """The person ``record`` adds to, and whether it is new for this record."""
        found = self.matcher.find(record, regions)
        if found is None:
            person = _create(self.user, record, name, self.circle, self.source)
            targets[("new", id(person))] = target = _Target(person, new=True, matched=True)
            return target, True
        key = found if isinstance(found, int) else ("new", id(found))
        if key not in targets:  # matched through a record earlier in this chunk
            targets.update(self._load({key}))
        targets[key].matched = True
        return targets[key], False

    def _load(self, ids: set[int]) -> dict[Any, _Target]:
        """These saved people with what they have, in seven queries (a dry run's
        as an earlier chunk left them)."""
        known = {key: self.kept[key] for key in ids if key in self.kept}
        ids = {key for key in ids if key not in known}
        if not ids:
            return known
        people = owned(Person, self.user).filter(pk__in=ids)
        targets: dict[Any, _Target] = {**known, **{p.pk: _Target(p) for p in people}}

        def rows(model: Any, *fields: str) -> Any:
            # Through the owner's people, so that the database reads the person_id index
            # rather than every row of the owner's (which grows with the network).
            return model.objects.filter(person__in=people.values("pk")).values_list(*fields)

        points = rows(ContactPoint, "person_id", "kind", "preferred", "value", "normalized")
        for pid, kind, preferred, value, normalized in points:
            targets[pid].points.add(point_key(kind, normalized, value))
            targets[pid].words.append((kind, preferred, value, normalized))
        for pid, *parts in rows(Address, "person_id", "street", "locality", "postcode").order_by():
            targets[pid].addresses.add(address_key(*parts))
        for pid, label, month, day in rows(KeyDate, "person_id", "label", "month", "day"):
            targets[pid].dates.add(date_key(label, month, day))
        relations = rows(Relationship, "person_id", "kind", "other_id", "other_name")
        for pid, kind, other, name in relations:
            targets[pid].relations.add(relation_key(kind, other, name))
        links = Person.tags.through.objects.filter(person_id__in=ids)
        for pid, tag in links.values_list("person_id", "tag__name"):
            targets[pid].tags.add(tag)
            targets[pid].tag_names.append(tag)
        for pid, words in job_words(Job, list(targets)).items():
            targets[pid].jobs = words
        return targets

    def _merge(
        self, target: _Target, record: ContactRecord, regions: tuple[str, ...], rows: _Rows
    ) -> list[str]:
        """Add what the person lacks; return what changed, in words."""
        kept: list[tuple[str, str]] = list(record.extras)
        changes = _merge_scalars(target, record, kept, self.this_year)
        changes += _merge_points(target, record, self.matcher.normalize, regions, rows, kept)
        changes += _merge_addresses(target, record, rows, kept)
        changes += _merge_dates(target, record, rows, kept, self.this_year)
        changes += _merge_relations(target, record, rows)
        changes += self._merge_tags(target, [*record.categories, *self.tag_names], rows)
        changes += _merge_photo(target, record.photo, kept)
        changes += _merge_extras(target, kept)
        _seen_in(target, self.source)
        return changes

    def _merge_tags(self, target: _Target, tags: list[str], rows: _Rows) -> list[str]:
        # A tag is at most 60 characters: a longer category is cut, not refused.
        cut = (" ".join(t.split())[:TAG_LENGTH].strip() for t in tags)
        wanted = [t for t in dict.fromkeys(cut) if t and t not in target.tags]
        if not wanted:
            return []
        for name in wanted:
            if name not in self.known_tags:
                self.known_tags[name] = self._tag(name)
            tag = self.known_tags[name]
            rows.tags[(id(target.person), tag.name.casefold())] = (target.person, tag)
            if tag.name not in target.tags:
                target.tag_names.append(tag.name)
            target.tags.add(tag.name)
        return ["tags " + ", ".join(wanted)]

    def _tag(self, name: str) -> Tag:
        """The user's tag of this name, or a new one (unsaved: ``_save_tags``)."""
        found = owned(Tag, self.user).filter(name__iexact=name).first()
        return found or Tag(owner=self.user, name=name)


def _seen_in(target: _Target, source: str) -> None:
    """A person already there whom this import's file holds too remembers it
    (``Person.also_in``): how many address books someone is in helps sorting the
    newcomers. Not said as a change: the same file imported again adds nothing."""
    person = target.person
    source = source[:200]
    if target.new or not source or source in person.sources:
        return
    if len(person.also_in.splitlines()) >= SOURCES_KEPT:
        return
    person.also_in = "\n".join([*person.also_in.splitlines(), source])
    target.dirty = True


def _changed(change: str) -> bool:
    """A change in words that changes the person (not a value left out over a cap)."""
    return not change.startswith(limits.OVER_LIMIT)


def _refresh_search_text(target: _Target) -> bool:
    """Set the person's search text from what the import knows; True when it changed."""
    ordered = sorted(target.words, key=lambda w: (w[0], not w[1]))  # as ContactPoint orders
    points = [text for _, _, value, normalized in ordered for text in (value, normalized)]
    text = search_text(target.person, points, target.tag_names, target.jobs)
    if text == target.person.search_text:
        return False
    target.person.search_text = text
    return True


def _merge_scalars(
    target: _Target, record: ContactRecord, kept: list[tuple[str, str]], this_year: int
) -> list[str]:
    """Fill the person's empty fields from the record. A value that differs from
    the person's own, or does not fit its field, goes to ``kept`` whole."""
    person = target.person
    changed = []
    for name in SCALARS:
        value = " ".join(storable(str(getattr(record, name))).split())
        if not value:
            continue
        limit = Person._meta.get_field(name).max_length
        have = getattr(person, name)
        if not have:
            setattr(person, name, value[:limit])
            changed.append(_WORDS[name])
            have = value[:limit]
        if have.casefold() != value.casefold():
            kept.append((_WORDS[name], value))
    changed += _merge_notes(person, storable(record.notes).strip(), kept)
    uid_added = bool(record.uid and not person.external_uid)
    if uid_added:
        person.external_uid = record.uid[:255]
    changed += _merge_birthday(person, record.birthday, kept, this_year)
    if changed or uid_added or target.new:
        # Fails on the record that brought the bad value; the fields the import
        # does not write were valid already (a default, or as saved).
        _validate(person, *_UNWRITTEN)
        target.dirty = True
    return changed


def _merge_notes(person: Person, note: str, kept: list[tuple[str, str]]) -> list[str]:
    """The record's note after the person's; what does not fit is kept whole."""
    before = person.notes
    kept += [("note", left) for left in add_notes(person, [note])]
    return ["notes"] if person.notes != before else []


def _merge_birthday(
    person: Person, birthday: DateFact | None, kept: list[tuple[str, str]], this_year: int
) -> list[str]:
    """The birthday when the person has none, or its year when the person has
    the day without one. A birthday that is text ("circa 1800"), a doubtful
    year (1900, 1970, 2000) or a birthday other than the person's is kept as
    written."""
    if birthday is None:
        return []
    day = birthday.day
    if day is None:
        if birthday.note:
            kept.append(("birthday", birthday.note))
        return []
    if person.birthday_month is None:
        person.birthday_month, person.birthday_day = day.month, day.day
        person.birthday_year = _year(birthday, this_year)
        if day.year is not None and person.birthday_year is None:
            kept.append(("birthday", _year_set_aside(day)))
        return ["birthday"]
    mine = (person.birthday_month, person.birthday_day)
    if mine == (day.month, day.day) and person.birthday_year is None and _year(birthday, this_year):
        person.birthday_year = _year(birthday, this_year)
        return ["birth year"]
    if mine != (day.month, day.day) or (day.year and day.year != person.birthday_year):
        kept.append(("birthday", format_date(day)))
    return []


def _merge_points(
    target: _Target,
    record: ContactRecord,
    normalize: Callable[[str, str, tuple[str, ...]], str | None],
    regions: tuple[str, ...],
    rows: _Rows,
    kept: list[tuple[str, str]],
) -> list[str]:
    """Add the record's emails, phones and web addresses the person lacks; one
    that is not a contact point at all ("call me") goes to ``kept``, and those
    beyond the person's cap are reported. The first of a kind, or one the
    card prefers, is the preferred one while the person has none of that kind
    (one preferred of each kind: ``contacts.editing.one_preferred``)."""
    person, have = target.person, target.points
    added: list[str] = []
    over: list[str] = []
    for kind, values in (("email", record.emails), ("phone", record.phones), ("url", record.urls)):
        for item in values:
            normalized = normalize(kind, item.value, regions)
            if normalized is None:
                kept.append((kind, item.value))
                continue
            if point_key(kind, normalized) in have:
                continue
            value = item.value.strip()
            if len(value) > VALUE_LENGTH:  # too long for a contact point: kept whole
                kept.append((kind, value))
                continue
            if len(have) >= limits.CONTACT_POINTS.limit:
                over.append(f"{kind} {value}")
                continue
            if len(item.label) > LABEL_LENGTH:
                kept.append((f"{kind} label", item.label))
            # Every column is in bounds here (the normalised form was checked as it
            # was made), so the row needs no validation of its own.
            point = ContactPoint(
                owner_id=person.owner_id,
                person=person,
                kind=kind,
                value=value,
                label=item.label[:LABEL_LENGTH],
                normalized=normalized,
                preferred=not any(k == kind and p for k, p, _, _ in target.words)
                and (item.preferred or not any(k == kind for k, _ in have)),
            )
            rows.points.append(point)
            have.add(point_key(kind, normalized))
            target.words.append((kind, point.preferred, point.value, normalized))
            added.append(f"{kind} {item.value.strip()}")
    return _over_cap(limits.CONTACT_POINTS, over, added)


def _over_cap(cap: limits.Cap, over: list[str], added: list[str]) -> list[str]:
    """What a merge function added, after a line reporting the values it left
    out because the person has all a person can have of their kind. They are
    reported, not kept with the extras: thousands of lines there would make
    the page as slow as the rows would have."""
    return [limits.over_limit(cap, list(dict.fromkeys(over))), *added] if over else added


def _store_photo(person: Person, picture: Any) -> str:
    """Write the person's photo file now and name it on the person; the name.

    Written before the import commits, not after: a process killed between
    the commit and the write left people naming files that never came (a
    later import saw a photo and added none). A file of an import that fails
    is deleted (``_Importer.forget_files``); one of a process killed before
    its commit is only a file nobody names."""
    photo = person.photo
    photo.name = photo.storage.save(photo.field.generate_filename(person, picture.name), picture)
    return str(photo.name)


def _has_photo(person: Person) -> bool:
    """The person has a photo whose file is there (one lost, as above, counts as none)."""
    photo = person.photo
    return bool(photo) and photo.storage.exists(photo.name)


def _merge_photo(target: _Target, photo: bytes, kept: list[tuple[str, str]]) -> list[str]:
    """The file's picture, made small, for a person who has none."""
    if not photo or target.photo is not None or _has_photo(target.person):
        return []
    try:
        target.photo = photo_from_bytes(photo)
    except ValidationError as exc:
        kept.append(("photo", f"a picture that was not kept: {exc.messages[0]}"))
        return []
    return ["photo"]


def _merge_extras(target: _Target, pairs: list[tuple[str, str]]) -> list[str]:
    """Keep what has no field of its own on the person, verbatim, once; up to
    ``limits.EXTRAS`` lines (a card of 50,000 ``X-`` lines would make a person
    whose pages take minutes), the rest said in the report."""
    person = target.person
    _, new = with_extras(person.extras, extras_lines(pairs))
    if not new:
        return []
    room = max(0, limits.EXTRAS.limit - len(extras_pairs(person.extras)))
    changes = []
    added = add_extras(person, new[:room])
    if added:
        target.dirty = True
        names = dict.fromkeys(line.partition(":")[0] for line in added)
        changes.append(f"{KEPT_EXTRAS}: " + ", ".join(names))
    if new[room:]:
        changes.append(limits.over_limit(limits.EXTRAS, new[room:]))
    return changes


def _merge_addresses(
    target: _Target, record: ContactRecord, rows: _Rows, kept: list[tuple[str, str]]
) -> list[str]:
    """New addresses, the country read as a code (a name we do not know is kept
    as written). One that is not an address here (no street or city) or does
    not fit its fields is kept whole, as written; those beyond the person's cap
    are reported."""
    person, have = target.person, target.addresses
    added: list[str] = []
    over: list[str] = []
    for item in record.addresses:
        street, written = item.street.strip(), " ".join(item.country.split())
        country = country_code(written) if written else ""
        key = address_key(street, item.locality, item.postcode)
        if key in have:
            continue
        parts = (street, item.locality, item.region, item.postcode, written)
        whole = "; ".join(" ".join(p.split()) for p in parts if p.strip())
        if not (street or item.locality):
            if whole:
                kept.append(("address", whole))
            continue
        if len(have) >= limits.ADDRESSES.limit:
            over.append(whole)
            continue
        if len(item.locality) > 120 or len(item.region) > 120 or len(item.postcode) > 20:
            kept.append(("address", whole))
        address = Address(
            owner_id=person.owner_id,
            person=person,
            label=item.label[:40],
            street=street,
            locality=item.locality[:120],
            region=item.region[:120],
            postcode=item.postcode[:20],
            country=country,
            country_name="" if country else written[:100],
            is_mailing=not have,
        )
        if not _valid(address):
            kept.append(("address", whole))
            continue
        rows.addresses.append(address)
        have.add(key)
        added.append("address")
    return _over_cap(limits.ADDRESSES, over, added)


def _merge_dates(
    target: _Target,
    record: ContactRecord,
    rows: _Rows,
    kept: list[tuple[str, str]],
    this_year: int,
) -> list[str]:
    """New key dates; one written as text, or with a doubtful year, is also kept
    as written; those beyond the person's cap are reported."""
    person, have = target.person, target.dates
    added: list[str] = []
    over: list[str] = []
    for fact in record.dates:
        label = (fact.label or "date")[:60]
        if fact.day is None:
            if fact.note:
                kept.append((label, fact.note))
            continue
        if date_key(label, fact.day.month, fact.day.day) in have:
            continue
        if len(have) >= limits.KEY_DATES.limit:
            over.append(f"{label} {format_date(fact.day)}")
            continue
        rows.dates.append(
            KeyDate(
                owner_id=person.owner_id,
                person=person,
                label=label,
                month=fact.day.month,
                day=fact.day.day,
                year=_year(fact, this_year),
            )
        )
        have.add(date_key(label, fact.day.month, fact.day.day))
        added.append(label)
        if fact.day.year is not None and _year(fact, this_year) is None:
            kept.append((label, _year_set_aside(fact.day)))
    return _over_cap(limits.KEY_DATES, over, added)


def _year_set_aside(day: MonthDay) -> str:
    """A date whose year was not believed, kept as the file wrote it."""
    return f"{format_date(day)} (as written; the year was set aside)"


def _year(fact: DateFact, this_year: int) -> int | None:
    """The year when it is believable: not doubtful, not before 1850, not after ``this_year``."""
    if fact.doubtful or fact.day is None or fact.day.year is None:
        return None
    year = fact.day.year
    return year if MIN_YEAR <= year <= this_year else None


def _merge_relations(target: _Target, record: ContactRecord, rows: _Rows) -> list[str]:
    """New relationships by name; those beyond the person's cap are reported."""
    person, have = target.person, target.relations
    added: list[str] = []
    over: list[str] = []
    for relation in record.relations:
        kind = relation.kind if relation.kind in RelationKind.values else RelationKind.OTHER
        name = " ".join(relation.name.split())[:200]
        if not name or relation_key(kind, None, name) in have:
            continue
        if len(have) >= limits.RELATIONSHIPS.limit:
            over.append(f"{kind} {name}")
            continue
        rows.relations.append(
            Relationship(owner_id=person.owner_id, person=person, kind=kind, other_name=name)
        )
        have.add(relation_key(kind, None, name))
        added.append(f"{kind} {name}")
    return _over_cap(limits.RELATIONSHIPS, over, added)
