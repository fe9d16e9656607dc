"""Import speed: generated vCard 3.0 files of 10,000 and 100,000 cards, end to end.

Each measurement runs in a fresh Python process so that its peak memory is its
own: a fresh SQLite data folder is migrated and a fresh user created (not
timed), then the file is read, parsed (``files.parse_contacts``), imported in
one transaction (``service.apply``, which matches by UID, email, phone, name)
and searched for duplicates (``keepwarm.contacts.duplicates.find_duplicates``).
vObject's raw parse of the same file (``vobject.readComponents``, consumed
fully) runs in its own process for the ratio. The files go to a temporary
folder, never into the repository.

    python -m bench.imports                  # 10,000 and 100,000 cards, print the section
    python -m bench.imports --sizes 10000    # one size
    python -m bench.imports --profile 10000  # cProfile of one import, top functions
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import json
import os
import pstats
import random
import resource
import subprocess
import sys
import tempfile
import time
import unicodedata
import uuid
from dataclasses import dataclass, replace
from pathlib import Path

LIMITS_S = {10_000: 10.0, 100_000: 150.0}
SECTION = "## Import speed"
MEMORY_LIMIT_MB = 400
VOBJECT_RATIO = 2.5
"""End to end at most this many times vObject's bare parse of the same file (10,000 cards)."""
REPEAT_SHARE = 0.03
ROOT = Path(__file__).resolve().parent.parent

# Names by script: (given, family, family first?), each as written and in Latin
# letters for the email address.
LATIN = (
    [
        ("Anna", "anna"),
        ("Chloé", "chloe"),
        ("Maëlle", "maelle"),
        ("José", "jose"),
        ("Zoë", "zoe"),
        ("Søren", "soren"),
        ("Łukasz", "lukasz"),
        ("Małgorzata", "malgorzata"),
        ("Jürgen", "jurgen"),
        ("Ines", "ines"),
        ("Kavya", "kavya"),
        ("Femi", "femi"),
        ("Liam", "liam"),
        ("Seán", "sean"),
        ("Ximena", "ximena"),
        ("Yusuf", "yusuf"),
        ("Ngozi", "ngozi"),
        ("François", "francois"),
        ("Ana", "ana"),
        ("Björn", "bjorn"),
        ("Élodie", "elodie"),
        ("Giulia", "giulia"),
        ("Hana", "hana"),
        ("Ivo", "ivo"),
        ("Joaquín", "joaquin"),
        ("Kofi", "kofi"),
        ("Lena", "lena"),
        ("Mateus", "mateus"),
        ("Noémie", "noemie"),
        ("Priya", "priya"),
        ("Aleksander", "aleksander"),
        ("Beatriz", "beatriz"),
        ("Carmen", "carmen"),
        ("Dániel", "daniel"),
        ("Emeka", "emeka"),
        ("Farah", "farah"),
        ("Gustav", "gustav"),
        ("Helga", "helga"),
        ("Ibrahim", "ibrahim"),
        ("Jorge", "jorge"),
        ("Katarzyna", "katarzyna"),
        ("Lucía", "lucia"),
        ("Mehmet", "mehmet"),
        ("Nadia", "nadia"),
        ("Oskar", "oskar"),
        ("Paulina", "paulina"),
        ("Rafael", "rafael"),
        ("Sofía", "sofia"),
        ("Tobias", "tobias"),
        ("Valentina", "valentina"),
    ],
    [
        ("Müller", "mueller"),
        ("García", "garcia"),
        ("Dubois", "dubois"),
        ("O'Brien", "obrien"),
        ("Wójcik", "wojcik"),
        ("Nguyễn", "nguyen"),
        ("Kowalski", "kowalski"),
        ("Okafor", "okafor"),
        ("Brown", "brown"),
        ("Rossi", "rossi"),
        ("Yılmaz", "yilmaz"),  # noqa: RUF001 - a Turkish dotless i, on purpose
        ("Eriksen", "eriksen"),
        ("López", "lopez"),
        ("van der Berg", "vanderberg"),
        ("Fernández", "fernandez"),
        ("Gonçalves", "goncalves"),
        ("Horváth", "horvath"),
        ("Jansen", "jansen"),
        ("Lindqvist", "lindqvist"),
        ("Mensah", "mensah"),
        ("Novák", "novak"),
        ("Patel", "patel"),
        ("Schäfer", "schaefer"),
        ("Tremblay", "tremblay"),
    ],
    False,
)
CYRILLIC = (
    [("Дмитрий", "dmitriy"), ("Ольга", "olga"), ("Анна", "anna")],
    [("Иванов", "ivanov"), ("Смирнов", "smirnov"), ("Попов", "popov")],
    False,
)
GREEK = ([("Νίκος", "nikos"), ("Ελένη", "eleni")], [("Παπαδόπουλος", "papadopoulos")], False)
JAPANESE = (
    [("太郎", "taro"), ("美咲", "misaki"), ("健", "ken")],
    [("山田", "yamada"), ("佐藤", "sato"), ("鈴木", "suzuki")],
    True,
)
# Many more family names, as a real address book has: stems and endings of
# several languages ("Lindström", "Kowalenko", "Ferrelli").
STEMS = [
    *("Berg", "Lind", "Holm", "Sand", "Kowal", "Marin", "Petr", "Nov", "Dub", "Ferr"),
    *("Bian", "Castel", "Gold", "Weiss", "Hoff", "Brand", "Kirch", "Wald", "Stein"),
    *("Adeyem", "Okon", "Haddad", "Demir", "Moreau", "Lefebv", "Jank", "Horv", "Szab"),
    *("Nagy", "Varg"),
]
ENDINGS = [
    *("er", "son", "ström", "ski", "enko", "ov", "ez", "elli", "mann", "ard", "ová", "ić"),
    *("escu", "ian", "oglu"),
]


def _ascii(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()


LATIN[1].extend((f"{stem}{end}", _ascii(f"{stem}{end}")) for stem in STEMS for end in ENDINGS)
SCRIPTS = [LATIN] * 17 + [CYRILLIC, GREEK, JAPANESE]
MIDDLE = ["", "Marie", "Jan", "Lee", "Rose", "Paul", "Anne", "José", "Kim", "Ray", "Eve"]
INITIALS = [""] + [chr(c) for c in range(ord("A"), ord("Z") + 1)]
DOMAINS = ["example.com", "example.org", "example.net", "mail.example.de", "example.co.jp"]
COMPANIES = ["Acme", "Globex", "Initech", "Umbrella", "Hooli", "Vandelay", "Wonka", "Tyrell"]
TITLES = ["Engineer", "Teacher", "Nurse", "Designer", "Manager", "Lawyer", "Chef", ""]
CATEGORIES = ["college", "climbing", "neighbours", "former colleagues", "book club", "choir"]
NOTES = [
    "Met at the climbing gym.",
    "Kids: Ada and Tom.\\nLikes jazz\\, hiking and long walks.",
    "Introduced by Sam at the 2019 conference; ask about the new house.",
]
# (country name as exporters write it, street, city, region, postcode format)
PLACES = [
    ("USA", "{n} Main Street", "Boston", "MA", "021{d2}"),
    ("United States", "{n} Elm Ave Apt {d2}", "Portland", "OR", "972{d2}"),
    ("Germany", "Hauptstraße {n}", "Berlin", "", "101{d2}"),
    ("France", "{n} rue de la Paix", "Lyon", "", "690{d2}"),
    ("United Kingdom", "{n} High Street", "London", "", "SW1A {d1}AA"),
    ("Japan", "1-{d1}-{d2} Shibuya", "東京都", "", "150-00{d2}"),
    ("DE", "Königsallee {n}", "Düsseldorf", "", "402{d2}"),
]


def _phone(rng: random.Random, serial: int) -> str:
    """A possible number, unique by ``serial``, written as people in that country do."""
    line = f"{2_000_000 + serial:07d}"
    return rng.choice(
        [
            f"({rng.choice(['617', '415', '212', '303'])}) {line[:3]}-{line[3:]}",
            f"+1 206 {line[:3]} {line[3:]}",
            f"+44 20 7{line[:3]} {line[3:]}",
            f"+49 30 {line[:4]}{line[4:]}",
            f"+33 1 {line[:2]} {line[2:4]} {line[4:6]} {line[6:]}0",
            f"+81 3-{line[:4]}-{line[4:]}0",
            f"+91 98{line[:3]} {line[3:]}0",
        ]
    )


def _fold(line: str) -> str:
    """A content line folded at 75 characters, as exporters do."""
    if len(line) <= 75:
        return line
    parts = [line[:75]] + [line[i : i + 74] for i in range(75, len(line), 74)]
    return "\r\n ".join(parts)


@dataclass
class Person:
    given: str
    family: str
    family_first: bool
    emails: list[str]
    phones: list[str]
    middle: str = ""

    @property
    def full_name(self) -> str:
        if self.family_first:
            return f"{self.family} {self.given}"
        return " ".join(part for part in (self.given, self.middle, self.family) if part)


def _person(rng: random.Random, index: int, taken: set[str]) -> Person:
    """Someone new, whose name no one in the file has yet (as in a real address book)."""
    givens, families, family_first = rng.choice(SCRIPTS)
    (given, g_latin), (family, f_latin) = rng.choice(givens), rng.choice(families)
    middle, tries = "", 0
    while f"{given} {middle} {family}" in taken:  # a double family name, then a middle one
        givens, families, family_first = LATIN
        (given, g_latin), (first, first_latin) = rng.choice(givens), rng.choice(families)
        (second, second_latin), tries = rng.choice(families), tries + 1
        family, f_latin = f"{first}-{second}", f"{first_latin}-{second_latin}"
        if tries > 10:
            initial = rng.choice(INITIALS)
            parts = (rng.choice(MIDDLE), f"{initial}." if initial else "")
            middle = " ".join(p for p in parts if p)
    taken.add(f"{given} {middle} {family}")
    emails = [
        f"{g_latin}.{f_latin}{index}@{rng.choice(DOMAINS)}",
        f"{g_latin[0]}{f_latin}{index}@work.example.com",
        f"{f_latin}.{index}@example.net",
    ][: rng.choice([1, 1, 1, 2, 2, 3])]
    phones = [_phone(rng, index * 2 + n) for n in range(rng.choice([1, 1, 2]))]
    return Person(given, family, family_first, emails, phones, middle)


def _card(rng: random.Random, person: Person, index: int, repeat: bool = False) -> list[str]:
    """One card; a ``repeat`` (a second card for an earlier person) has no UID,
    no dates and no address, so that nothing in it says it is someone else (an
    address in another country would read its phone with that country)."""
    lines = [
        "BEGIN:VCARD",
        "VERSION:3.0",
        f"N:{person.family};{person.given};{person.middle};;",
        f"FN:{person.full_name}",
    ]
    uid = uuid.UUID(int=rng.getrandbits(128), version=4)
    lines += [] if repeat else [f"UID:{uid}"]
    if rng.random() < 0.7:
        title = rng.choice(TITLES)
        lines += [f"ORG:{rng.choice(COMPANIES)};", *([f"TITLE:{title}"] if title else [])]
    for n, email in enumerate(person.emails):
        kind = ["HOME", "WORK", "OTHER"][n]
        lines.append(f"EMAIL;TYPE=INTERNET;TYPE={kind}{';TYPE=pref' if n == 0 else ''}:{email}")
    for n, phone in enumerate(person.phones):
        lines.append(f"TEL;TYPE={['CELL', 'HOME'][n]}:{phone}")
    if rng.random() < 0.6 and not repeat:
        country, street, city, region, postcode = rng.choice(PLACES)
        values = {"n": rng.randint(1, 250), "d1": rng.randint(1, 9), "d2": f"{index % 100:02d}"}
        lines.append(
            f"ADR;TYPE=HOME:;;{street.format(**values)};{city};{region};"
            f"{postcode.format(**values)};{country}"
        )
    dates = _dates(rng)
    lines += [] if repeat else dates
    if rng.random() < 0.15:
        lines.append(f"NOTE:{rng.choice(NOTES)}")
    if rng.random() < 0.4:
        lines.append("CATEGORIES:" + ",".join(rng.sample(CATEGORIES, rng.randint(1, 2))))
    return [_fold(line) for line in [*lines, "END:VCARD"]]


def _dates(rng: random.Random) -> list[str]:
    lines = []
    roll = rng.random()
    month, day = rng.randint(1, 12), rng.randint(1, 28)
    if roll < 0.45:
        lines.append(f"BDAY:{rng.randint(1950, 2005)}-{month:02d}-{day:02d}")
    elif roll < 0.6:
        lines.append(f"BDAY:--{month:02d}-{day:02d}")
    elif roll < 0.63:
        lines.append(f"BDAY:1604-{month:02d}-{day:02d}")
    if rng.random() < 0.08:
        year, month, day = rng.randint(1980, 2024), rng.randint(1, 12), rng.randint(1, 28)
        lines += [
            f"item1.X-ABDATE:{year}-{month:02d}-{day:02d}",
            "item1.X-ABLabel:_$!<Anniversary>!$_",
            f"X-SPOUSE:{rng.choice(LATIN[0])[0]}",
        ]
    return lines


def generate(count: int, seed: int = 1) -> tuple[bytes, int]:
    """A vCard 3.0 file of ``count`` cards and how many repeat an earlier person.

    About 3 % of the cards are a second card for someone already in the file,
    with no UID and the name written differently, sharing one email (and
    giving another) or one phone (and no email, as a phone's own address book
    writes it): nothing contradicts the earlier card, so the import must merge
    them into the earlier person.
    """
    rng = random.Random(seed)
    people: list[Person] = []
    taken: set[str] = set()
    out: list[str] = []
    repeats = 0
    for index in range(count):
        if people and rng.random() < REPEAT_SHARE:
            earlier = rng.choice(people)
            # A phone written without its country code is read with the card's
            # address country: only one written in full ties two cards alike.
            written_whole = [[p] for p in earlier.phones if p.startswith("+")]
            shared = rng.choice([[e] for e in earlier.emails] + written_whole)
            emails = [s for s in shared if "@" in s]
            emails += [f"second.{index}@example.org"] if emails else []
            phones = [s for s in shared if "@" not in s]
            again = replace(earlier, given=earlier.given.upper(), emails=emails, phones=phones)
            out += _card(rng, again, index, repeat=True)
            repeats += 1
            continue
        person = _person(rng, index, taken)
        people.append(person)
        out += _card(rng, person, index)
    return ("\r\n".join(out) + "\r\n").encode("utf-8"), repeats


def _setup(data_dir: str) -> None:
    os.environ["KEEPWARM_DATA_DIR"] = data_dir
    os.environ.pop("DATABASE_URL", None)
    os.environ["DJANGO_SETTINGS_MODULE"] = "keepwarm.settings"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def _peak_mb() -> float:
    """This process's peak resident memory. Linux keeps ``ru_maxrss`` across exec, so a
    child started by a large parent would report the parent's size: VmHWM does not."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024  # kB
    except (OSError, ValueError, IndexError):
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def child_import(path: Path, data_dir: str) -> dict[str, object]:
    """In a fresh process: read, parse, import and look for duplicates; times and memory."""
    _setup(data_dir)
    from keepwarm.accounts.services import create_user
    from keepwarm.contacts.models import Person
    from keepwarm.imports import files, service
    from keepwarm.owned import owned

    user = create_user("bench", None, country="US")
    gc.collect()
    ready_mb = _peak_mb()
    writes = []
    write_planned = service._Importer.write_planned

    def timed(importer: service._Importer, claim: object) -> None:  # holds the write lock
        began = time.perf_counter()
        write_planned(importer, claim)
        writes.append(time.perf_counter() - began)

    service._Importer.write_planned = timed  # type: ignore[method-assign]
    started = time.perf_counter()
    data = path.read_bytes()
    parsed = files.parse_contacts(data, files.kind_of(data))
    del data
    parsed_at = time.perf_counter()

    def reread() -> object:
        data = path.read_bytes()
        return files.parse_contacts(data, files.kind_of(data))

    report = service.apply(user, parsed, source=path.name, reread=reread)
    counts = dict(report.counts)
    del report, parsed
    imported_at = time.perf_counter()
    import_peak_mb = _peak_mb()
    dedupe = _dedupe(user)
    done = time.perf_counter()
    return {
        "parse_s": parsed_at - started,
        "apply_s": imported_at - parsed_at,
        "write_s": sum(writes),
        "dedupe_s": dedupe["seconds"],
        "dedupe": dedupe["status"],
        "pairs": dedupe["pairs"],
        "total_s": done - started,
        "ready_mb": ready_mb,
        "import_peak_mb": import_peak_mb,
        "peak_mb": _peak_mb(),
        "counts": counts,
        "people": owned(Person, user).count(),
    }


def _dedupe(user: object) -> dict[str, object]:
    from keepwarm.contacts import duplicates

    started = time.perf_counter()
    try:
        pairs = len(duplicates.find_duplicates(user))
    except NotImplementedError:
        return {"seconds": 0.0, "status": "not built yet", "pairs": None}
    return {"seconds": time.perf_counter() - started, "status": "ran", "pairs": pairs}


def child_vobject(path: Path) -> dict[str, object]:
    import vobject

    started = time.perf_counter()
    cards = sum(1 for _ in vobject.readComponents(path.read_bytes().decode("utf-8")))
    return {"parse_s": time.perf_counter() - started, "cards": cards, "peak_mb": _peak_mb()}


def child_setup(data_dir: str) -> dict[str, object]:
    """A migrated database with the user ``bench``, for the command-line run."""
    _setup(data_dir)
    from keepwarm.accounts.services import create_user

    create_user("bench", None, country="US")
    return {}


def measure_cli(path: Path) -> dict[str, object]:
    """``keepwarm --user bench import FILE`` as a user runs it: wall and CPU time of
    the whole command (start-up and Django included), into a fresh database."""
    with tempfile.TemporaryDirectory(prefix="keepwarm-bench-cli-") as data_dir:
        setup = [sys.executable, "-m", "bench.imports", "--child", "setup", str(path), data_dir]
        subprocess.run(setup, capture_output=True, text=True, cwd=ROOT, check=True)
        env = {**os.environ, "KEEPWARM_DATA_DIR": data_dir}
        env.pop("DATABASE_URL", None)
        command = [sys.executable, "-m", "keepwarm", "--user", "bench", "import", str(path)]
        before = os.times()
        started = time.perf_counter()
        done = subprocess.run(command, capture_output=True, text=True, cwd=ROOT, env=env)
        wall = time.perf_counter() - started
        after = os.times()
    if done.returncode != 0:
        raise SystemExit(f"bench: keepwarm import {path.name} failed:\n{done.stderr[-3000:]}")
    cpu = (after.children_user - before.children_user) + (
        after.children_system - before.children_system
    )
    return {"wall_s": wall, "cpu_s": cpu, "said": done.stdout.strip().splitlines()[-1]}


HISTORY_ROWS = 200_000
HISTORY_PEOPLE = 2_000
HISTORY_LIMIT_S = 30.0
PHOTO_MB = 4.9
PHOTO_LIMIT_S = 2.0


def child_history(path: Path, data_dir: str) -> dict[str, object]:
    """In a fresh process: 2,000 people, then a touch history of 200,000 rows by
    their emails, logged in one go (``imports.touches.apply``)."""
    _setup(data_dir)
    from keepwarm.accounts.services import create_user
    from keepwarm.formats.touchlog import parse_touches
    from keepwarm.imports import service, touches
    from keepwarm.touches.models import Touch

    user = create_user("bench", None, country="US")
    cards = "".join(
        f"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Person {n}\r\nEMAIL:p{n}@example.org\r\nEND:VCARD\r\n"
        for n in range(HISTORY_PEOPLE)
    )
    from keepwarm.formats import vcard

    service.apply(user, vcard.parse(cards.encode()), source="people")
    started, cpu = time.perf_counter(), time.process_time()
    report = touches.apply(user, parse_touches(path.read_bytes()))
    return {
        "wall_s": time.perf_counter() - started,
        "cpu_s": time.process_time() - cpu,
        "added": report.added,
        "skipped": len(report.skipped),
        "touches": Touch.objects.count(),
        "peak_mb": _peak_mb(),
    }


def history_file(path: Path) -> None:
    rng = random.Random(7)
    kinds = ("coffee", "lunch", "check-in call", "email or note", "meeting")
    start = time.mktime((2016, 1, 1, 0, 0, 0, 0, 0, -1))
    lines = ["date,kind,people,note"]
    for n in range(HISTORY_ROWS):
        day = time.strftime("%Y-%m-%d", time.localtime(start + rng.randrange(3650) * 86400))
        who = "; ".join(
            f"p{rng.randrange(HISTORY_PEOPLE)}@example.org" for _ in range(rng.choice((1, 1, 2)))
        )
        lines.append(f"{day},{rng.choice(kinds)},{who},note {n}")
    path.write_text("\r\n".join(lines) + "\r\n", encoding="utf-8")


def child_photo(path: Path, data_dir: str) -> dict[str, object]:
    """In a fresh process: one card with a photo of about 5 MB, parsed and imported."""
    _setup(data_dir)
    from django.conf import settings

    from keepwarm.accounts.services import create_user
    from keepwarm.imports import files, service

    settings.MEDIA_ROOT = Path(data_dir) / "media"
    user = create_user("bench", None, country="US")
    started, cpu = time.perf_counter(), time.process_time()
    data = path.read_bytes()
    report = service.apply(user, files.parse_contacts(data, "vcard"), source="photo")
    stored = list((Path(data_dir) / "media").rglob("*.*"))
    return {
        "wall_s": time.perf_counter() - started,
        "cpu_s": time.process_time() - cpu,
        "changes": report.outcomes[0].changes,
        "stored_kb": stored[0].stat().st_size / 1024 if stored else 0,
        "card_mb": len(data) / 1024 / 1024,
    }


def photo_file(path: Path) -> None:
    """A card whose JPEG photo is about ``PHOTO_MB`` (noise compresses badly)."""
    import base64
    import io

    from PIL import Image

    rng = random.Random(3)
    picture, side = b"", 1000
    while True:  # the largest noise picture under PHOTO_MB (noise compresses badly)
        noise = rng.randbytes(side * side * 3)
        out = io.BytesIO()
        Image.frombytes("RGB", (side, side), noise).save(out, "JPEG", quality=90)
        if out.tell() > PHOTO_MB * 1024 * 1024:
            break
        picture, side = out.getvalue(), side + 100
    encoded = base64.b64encode(picture).decode()
    folded = "\r\n ".join(encoded[i : i + 74] for i in range(0, len(encoded), 74))
    path.write_bytes(
        (
            "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Jane Photo\r\n"
            f"PHOTO;ENCODING=b;TYPE=JPEG:{folded}\r\nEND:VCARD\r\n"
        ).encode()
    )


def history_and_photo_section() -> tuple[list[str], bool]:
    with tempfile.TemporaryDirectory(prefix="keepwarm-bench-history-") as folder:
        history = Path(folder) / "history.csv"
        history_file(history)
        print(f"Logging a touch history of {HISTORY_ROWS:,} rows …", flush=True)
        logged = measure("history", history)
        photo = Path(folder) / "photo.vcf"
        photo_file(photo)
        print("Importing a card with a 5 MB photo …", flush=True)
        pictured = measure("photo", photo)
    history_ok = logged["wall_s"] <= HISTORY_LIMIT_S and logged["added"] == HISTORY_ROWS
    photo_ok = pictured["wall_s"] <= PHOTO_LIMIT_S and "photo" in pictured["changes"]
    lines = [
        "### A touch history and a large photo",
        "",
        "| what | wall s | CPU s | limit s | detail | result |",
        "| --- | ---: | ---: | ---: | --- | --- |",
        f"| touch history, {HISTORY_ROWS:,} rows by email, {HISTORY_PEOPLE:,} people "
        f"| **{logged['wall_s']:.2f}** | {logged['cpu_s']:.2f} | ≤ {HISTORY_LIMIT_S:g} "
        f"| {logged['added']:,} logged, {logged['skipped']:,} skipped, "
        f"peak {logged['peak_mb']:.0f} MB | {'pass' if history_ok else 'FAIL'} |",
        f"| one card with a {PHOTO_MB:g} MB photo ({pictured['card_mb']:.1f} MB as folded base64) "
        f"| **{pictured['wall_s']:.2f}** | {pictured['cpu_s']:.2f} | ≤ {PHOTO_LIMIT_S:g} "
        f"| stored as a {pictured['stored_kb']:.0f} KB thumbnail "
        f"| {'pass' if photo_ok else 'FAIL'} |",
        "",
    ]
    return lines, history_ok and photo_ok


def measure(what: str, path: Path) -> dict[str, object]:
    """Run ``child_import`` or ``child_vobject`` in a fresh interpreter."""
    with tempfile.TemporaryDirectory(prefix="keepwarm-bench-import-") as data_dir:
        command = [sys.executable, "-m", "bench.imports", "--child", what, str(path), data_dir]
        done = subprocess.run(command, capture_output=True, text=True, cwd=ROOT, check=False)
    if done.returncode != 0:
        raise SystemExit(f"bench: the {what} run on {path.name} failed:\n{done.stderr[-3000:]}")
    result: dict[str, object] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def _row(size: int, repeats: int, ours: dict, raw: dict, cli: dict) -> tuple[str, bool, list[str]]:
    limit = LIMITS_S[size]
    counts = ours["counts"]
    problems = []
    if counts.get("new") != size - repeats or ours["people"] != size - repeats:
        problems.append(
            f"{size:,} cards with {repeats:,} repeats gave {counts} and {ours['people']:,} people"
        )
    if ours["dedupe"] != "ran":
        problems.append("`find_duplicates` is not built yet: its time is not included")
    if size >= 100_000 and ours["peak_mb"] > MEMORY_LIMIT_MB:
        problems.append(
            f"{size:,} cards: peak memory over the {MEMORY_LIMIT_MB} MB limit. The import "
            "holds what it will write until its one short transaction at the end, so that "
            "it never holds the database's write lock while it works (docs/imports.md, "
            "*Large files*); the limit dates from when each chunk was written as it went "
            "(340 MB). Not met: the import's people and rows would need a smaller form, or "
            "a staging file, to meet it"
        )
    ratio = cli.get("ratio", cli["wall_s"] / raw["parse_s"])
    fast = cli["wall_s"] <= limit and (size > 10_000 or ratio <= VOBJECT_RATIO)
    small = size < 100_000 or ours["peak_mb"] <= MEMORY_LIMIT_MB
    memory_limit = f"≤ {MEMORY_LIMIT_MB}" if size >= 100_000 else "—"
    verdict = "pass" if fast and small and not problems else "FAIL"
    dedupe = f"{ours['dedupe_s']:.2f}" if ours["dedupe"] == "ran" else "n/a"
    row = (
        f"| {size:,} | {counts.get('new', 0):,} | {counts.get('updated', 0):,} | "
        f"{ours['parse_s']:.2f} | {ours['apply_s']:.2f} | {ours['write_s']:.2f} | {dedupe} | "
        f"**{ours['total_s']:.2f}** | ≤ {limit:g} | {ours['import_peak_mb']:.0f} | "
        f"{ours['peak_mb']:.0f} | {memory_limit} | "
        f"{raw['parse_s']:.2f} | {ours['parse_s'] / raw['parse_s']:.2f} | "
        f"{ours['total_s'] / raw['parse_s']:.2f} | "
        f"**{cli['wall_s']:.2f}** ({cli['cpu_s']:.2f} CPU) | "
        f"{ratio:.2f}{f' (≤ {VOBJECT_RATIO:g})' if size <= 10_000 else ''} | {verdict} |"
    )
    return row, verdict == "pass", problems


REPEATS = {10_000: 3, 100_000: 1}
"""Runs of vObject and of ``keepwarm import`` per size (the median is reported)."""


def _median(results: list[dict], key: str) -> dict:
    return sorted(results, key=lambda r: r[key])[len(results) // 2]


def _spread(size: int, runs: list[tuple[dict, dict]]) -> str:
    ratios = sorted(c["wall_s"] / r["parse_s"] for r, c in runs)
    walls = sorted(c["wall_s"] for _, c in runs)
    return (
        f"{size:,} cards: {len(runs)} alternating runs, `keepwarm import` "
        f"{walls[0]:.2f} to {walls[-1]:.2f} s, CLI / vObject per run "
        f"{', '.join(f'{r:.2f}' for r in ratios)}; the table gives the medians (the ratio's is"
        " the median of the per-run ratios)"
    )


def imports_section(sizes: list[int]) -> tuple[list[str], bool]:
    """The "Import speed" part of docs/benchmarks.md, and whether every limit holds."""
    lines = [
        SECTION,
        "",
        "A generated vCard 3.0 file (`bench/imports.py`): accented and non-Latin names,",
        "one to three emails, one or two phones written as in seven countries, addresses,",
        "birthdays with and without a year, anniversaries, spouses, notes, categories,",
        "folded lines. 3 % of the cards are a second card for an earlier person, sharing an",
        "email or a phone, which the import merges (they show as *updated*). End to end is",
        "read the file → parse → import into a fresh SQLite database → `find_duplicates`",
        "over the result. The import works everything out with reads only, then writes in",
        "one transaction: *write s* is that transaction, the time the database's write lock",
        "is held (other accounts' saves wait only that long). Each run is a fresh process;",
        "peak memory is its",
        "peak resident set (VmHWM; Django and the migrated database included). vObject is",
        "`vobject.readComponents` on the same file, consumed fully, in its own process.",
        "",
        "`keepwarm import FILE` is the command a user runs, timed whole (start-up, Django,",
        "the import; no duplicate search), into a fresh migrated database; its wall time",
        "is what the limit applies to, with its CPU time beside it. For 10,000 cards",
        "vObject and `keepwarm import` run three times, back to back in pairs, and the",
        "table gives the median of each and the median of the pairs' ratios (each run is",
        "listed below it).",
        "",
        "| cards | new | updated (merged) | parse s | import s | write s (lock held) | "
        "dedupe s | end to end s | "
        "limit s (CLI) | peak MB, import | peak MB, end to end | limit MB | vObject parse s | "
        "parse / vObject | end to end / vObject | `keepwarm import` s | CLI / vObject | "
        "result |",
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: "
        "| ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    ok, notes = True, []
    with tempfile.TemporaryDirectory(prefix="keepwarm-bench-vcf-") as folder:
        for size in sizes:
            path = Path(folder) / f"generated-{size}.vcf"
            data, repeats = generate(size)
            path.write_bytes(data)
            del data
            print(f"Importing {size:,} generated cards …", flush=True)
            ours = measure("import", path)
            # The ratio's two sides alternate, and each is the median of its runs,
            # so that a moment of load on this shared machine tilts neither.
            runs = [(measure("vobject", path), measure_cli(path)) for _ in range(REPEATS[size])]
            raw = _median([r for r, _ in runs], "parse_s")
            cli = _median([c for _, c in runs], "wall_s")
            ratios = sorted(c["wall_s"] / r["parse_s"] for r, c in runs)
            cli["ratio"] = ratios[len(ratios) // 2]  # of each pair, run back to back
            if len(runs) > 1:
                notes.append(_spread(size, runs))
            row, passed, problems = _row(size, repeats, ours, raw, cli)
            lines.append(row)
            ok = ok and passed
            notes += problems
    load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    notes.append(f"Load average when done (1, 5, 15 min): {load}; other work slows every figure")
    lines += [""] + [f"- {note}" for note in dict.fromkeys(notes)] + [""]
    return lines, ok


def profile(size: int) -> None:
    """cProfile of one import of ``size`` generated cards (parse, apply, duplicates)."""
    with tempfile.TemporaryDirectory(prefix="keepwarm-bench-profile-") as folder:
        path = Path(folder) / f"generated-{size}.vcf"
        path.write_bytes(generate(size)[0])
        profiler = cProfile.Profile()
        profiler.enable()
        result = child_import(path, folder)
        profiler.disable()
    print(json.dumps(result, indent=2))
    pstats.Stats(profiler).sort_stats("cumulative").print_stats(45)
    pstats.Stats(profiler).sort_stats("tottime").print_stats(30)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=list(LIMITS_S))
    parser.add_argument("--profile", type=int, metavar="CARDS", help="profile one import")
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        what, path, *rest = args.child
        if what == "import":
            result = child_import(Path(path), rest[0])
        elif what == "setup":
            result = child_setup(rest[0])
        elif what == "history":
            result = child_history(Path(path), rest[0])
        elif what == "photo":
            result = child_photo(Path(path), rest[0])
        else:
            result = child_vobject(Path(path))
        print(json.dumps(result))
        return 0
    if args.profile:
        profile(args.profile)
        return 0
    unknown = [size for size in args.sizes if size not in LIMITS_S]
    if unknown:
        parser.error(f"sizes with a limit: {', '.join(map(str, LIMITS_S))}")
    lines, ok = imports_section(args.sizes)
    more, more_ok = history_and_photo_section()
    print("\n".join([*lines, *more]))
    return 0 if ok and more_ok else 1


if __name__ == "__main__":
    sys.exit(main())
