"""Uploads waiting for their owner's confirmation: kept, previewed, then imported once.

The web import is three steps: the upload is read and kept as a
``PendingImport``; the preview shows what importing would do (for a CSV of no
known exporter, after the user confirmed what each column holds); the
confirmation imports it in one transaction and forgets the upload. An upload
nobody confirms is deleted after a day.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import pickle
import re
import zlib
from dataclasses import dataclass
from pathlib import PurePath
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone

from keepwarm.formats import csvfiles, vcard
from keepwarm.formats.csv_layouts import detect_layout, key
from keepwarm.formats.csv_sniff import CsvTable, read_table
from keepwarm.formats.records import FormatError, ParseResult
from keepwarm.formats.touchlog import parse_touches
from keepwarm.imports import files, mappings, service, touches
from keepwarm.imports.models import PendingImport
from keepwarm.owned import owned
from keepwarm.plans.services import tracked_version
from keepwarm.plans.shared import code_digest

if TYPE_CHECKING:
    from keepwarm.accounts.models import User


def max_bytes() -> int:
    """The largest file the web import takes (``KEEPWARM_UPLOAD_LIMIT_MB``; the
    default 20 MB holds about 40,000 contacts)."""
    return int(settings.KEEPWARM_UPLOAD_LIMIT_MB) * 1024 * 1024


def too_large(name: str, size: int) -> str | None:
    """Why a file of ``size`` bytes is refused, or None when it fits."""
    limit = max_bytes()
    if size <= limit:
        return None
    return (
        f"{name} is larger than the {limit // (1024 * 1024)} MB limit: export fewer "
        "contacts at a time, or use the keepwarm import command."
    )


def upload_name(raw: str) -> str:
    """The name an upload is known by: its last part, printable, at most 200 characters."""
    name = PurePath(raw).name
    name = "".join(ch for ch in name if ch.isprintable()).strip()
    return name[:200] or "the file"


MAX_TAGS = 20


def clean_tag_names(text: str) -> list[str]:
    """Comma-separated tag names for everyone imported: each at most 60
    characters, at most 20 of them; ``ValidationError`` if not."""
    names = list(dict.fromkeys(" ".join(t.split()) for t in text.split(",")))
    names = [name for name in names if name]
    if len(names) > MAX_TAGS:
        raise ValidationError(f"Give at most {MAX_TAGS} tags.")
    for name in names:
        if len(name) > 60:
            raise ValidationError(f"The tag “{name[:20]}…” is longer than 60 characters.")
    return names


KEPT_FOR = dt.timedelta(days=1)
SAMPLE_ROWS = 50
"""How many rows below the header are searched for each column's sample value."""
GENERIC = "generic csv"


@dataclass(frozen=True)
class Column:
    """One distinct header of a CSV of no known exporter, with what it holds."""

    header: str
    sample: str
    suggested: str
    count: int = 1
    """How many columns share this header (they are mapped together)."""


def waiting(user: User) -> Any:
    """The user's uploads still waiting (younger than a day)."""
    return owned(PendingImport, user).filter(created_at__gte=timezone.now() - KEPT_FOR)


def create(
    user: User,
    *,
    name: str,
    data: bytes,
    wanted: str = "auto",
    circle: Any = None,
    tags: list[str] | tuple[str, ...] = (),
) -> PendingImport:
    """Keep an upload after checking it can be read; raises ``FormatError`` if not."""
    kind = files.kind_of(data, wanted)
    layout = _layout(data, kind)
    PendingImport.objects.filter(created_at__lt=timezone.now() - KEPT_FOR).delete()
    return PendingImport.objects.create(
        owner=user,
        file_name=name[:255],
        data=data,
        kind=kind,
        layout=layout[:40],
        circle=circle,
        tags=",".join(tags)[:1000],
    )


def discard(pending: PendingImport) -> None:
    """Drop an upload: cancelled, or imported and its outcome shown."""
    pending.delete()


def _layout(data: bytes, kind: str) -> str:
    """What the file will be read as; raises ``FormatError`` for a file that
    cannot be, or that holds more than ``KEEPWARM_IMPORT_MAX_ROWS`` records."""
    if not data.strip():
        raise FormatError("the file is empty.")
    if kind == "touches":
        _within_limit(len(parse_touches(data).rows), "rows")
        return "touches csv"
    if kind == "vcard":
        _within_limit(len(_CARD.findall(data)), "cards")  # counted before they are read
        parsed = vcard.parse(data)
        _within_limit(len(parsed.records) + len(parsed.skipped), "cards")  # however written
        if not parsed.records and parsed.skipped:
            first = parsed.skipped[0]
            raise FormatError(f"no card could be read; line {first.line}: {first.reason}.")
        return parsed.format
    table = read_table(data)
    if table.binary:
        raise FormatError("this is not a text file: expected a vCard or a CSV file.")
    _within_limit(len(_filled(table)) - 1, "rows")
    if any(detect_layout(row.cells) for row in table.rows[: csvfiles.HEADER_SEARCH]):
        return csvfiles.parse(data).format
    if len(_filled(table)) < 2:
        raise FormatError("there are no contacts below the header row.")
    return GENERIC


_CARD = re.compile(rb"^begin:vcard\s*$", re.IGNORECASE | re.MULTILINE)


def _within_limit(count: int, what: str) -> None:
    """A file for the web import holds at most ``KEEPWARM_IMPORT_MAX_ROWS`` records
    (the whole import is worked out in memory before it is written)."""
    limit = int(settings.KEEPWARM_IMPORT_MAX_ROWS)
    if count > limit:
        raise FormatError(
            f"it holds {count:,} {what}, and one import on the web takes at most {limit:,}. "
            "Split it into smaller files, or ask whoever runs this server to import it "
            "with `keepwarm import`."
        )


def _filled(table: CsvTable) -> list[list[str]]:
    return [row.cells for row in table.rows if any(cell.strip() for cell in row.cells)]


def _header_and_rows(data: bytes) -> tuple[list[str], list[list[str]]]:
    """The first row that is not empty (the header of a generic CSV) and the rows below."""
    rows = _filled(read_table(data))
    if not rows:
        raise FormatError("the file has no header row: it looks empty.")
    return [cell.strip() for cell in rows[0]], rows[1:]


def columns(pending: PendingImport) -> list[Column]:
    """The distinct headers of a generic CSV, each with a sample value and the field
    chosen before (once the user confirmed a mapping) or suggested by its name."""
    headers, rows = _header_and_rows(bytes(pending.data))
    suggested = pending.mapping or csvfiles.suggest_mapping(headers)
    found: dict[str, Column] = {}
    for index, header in enumerate(headers):
        sample = next(
            (r[index].strip() for r in rows[:SAMPLE_ROWS] if index < len(r) and r[index].strip()),
            "",
        )
        known = found.get(key(header))
        if known is None:
            found[key(header)] = Column(header, sample, suggested.get(header, "extra"))
        else:
            found[key(header)] = Column(
                known.header, known.sample or sample, known.suggested, known.count + 1
            )
    return list(found.values())


def confirm_mapping(pending: PendingImport, mapping: dict[str, str]) -> None:
    """Keep the user's mapping once the file reads with it; raises ``ValueError``
    (a field that is none, a column the file lacks) or ``FormatError`` if not."""
    mappings.check_fields(mapping)
    mappings.check_columns(bytes(pending.data), mapping)
    csvfiles.parse(bytes(pending.data), mapping)
    pending.mapping = mapping
    pending.state, pending.outcome = PendingImport.State.WAITING, ""  # a new try
    pending.save(update_fields=["mapping", "state", "outcome"])


def parse(pending: PendingImport) -> ParseResult:
    return files.parse_contacts(bytes(pending.data), pending.kind, pending.mapping)


def preview(pending: PendingImport, *, progress: service.Progress | None = None) -> Any:
    """A ``service.Report`` (contacts) or a ``touches.TouchReport``; writes nothing
    of the user's. Made once and kept on the upload: a reload shows the kept one
    while the owner's data, the mapping and the day are the same (``_made_for``),
    instead of running the whole import again."""
    report = kept_preview(pending)
    if report is not None:
        return report
    made_for = _made_for(pending)
    if pending.kind == "touches":
        report = touches.apply(
            pending.owner, parse_touches(bytes(pending.data)), dry_run=True, progress=progress
        )
    else:
        report = service.preview(
            pending.owner, parse(pending), tags=pending.tag_names, progress=progress
        )
    kept = _packed(report)
    PendingImport.objects.filter(pk=pending.pk).update(preview=kept, preview_of=made_for)
    pending.preview, pending.preview_of = kept, made_for
    return report


def kept_preview(pending: PendingImport) -> Any:
    """The preview kept on the upload if it is still what importing would do, else None."""
    if pending.preview is None or pending.preview_of != _made_for(pending):
        return None
    return _unpacked(pending.preview)


def applied_report(pending: PendingImport) -> Any:
    """What the import did (the report of ``apply``), once done in the background; else None."""
    if pending.state != PendingImport.State.DONE or pending.report is None:
        return None
    return _unpacked(pending.report)


def _packed(report: Any) -> bytes:
    return zlib.compress(pickle.dumps(report, protocol=pickle.HIGHEST_PROTOCOL), 1)


def _unpacked(kept: Any) -> Any:
    try:
        return pickle.loads(zlib.decompress(bytes(kept)))  # noqa: S301 - ours
    except Exception:  # kept by other code: made again, or not shown
        return None


CODE = code_digest(("imports", "formats", "contacts"))
"""The code a kept preview was made by (taken at start-up): after an upgrade it
is made again."""


def _made_for(pending: PendingImport) -> str:
    """What a preview depends on beyond the file: the owner's data (its plan
    version moves with every change to people, touches, kinds and tags), the
    column mapping, and the day (a birthday's year)."""
    version = tracked_version(pending.owner)
    mapping = json.dumps(pending.mapping, sort_keys=True)
    digest = hashlib.sha256(f"{mapping}:{CODE}".encode()).hexdigest()[:16]
    return f"{version}:{timezone.localdate().isoformat()}:{digest}"


def apply(pending: PendingImport, *, progress: service.Progress | None = None) -> str:
    """Import, and say what happened. The upload is forgotten in the import's
    own transaction, or, worked on in the background, marked done with what
    happened (its file let go) and its report, for its page to say."""
    user, name = pending.owner, pending.file_name
    said: list[str] = []

    def done(message: str, report: Any) -> None:
        said.append(message)
        mine = PendingImport.objects.filter(pk=pending.pk)
        if pending.state == PendingImport.State.IMPORTING:
            mine.update(
                state=PendingImport.State.DONE,
                outcome=message,
                data=b"",
                preview=None,
                report=_packed(report),
            )
        else:
            mine.delete()

    if pending.kind == "touches":
        touches.apply(
            user,
            parse_touches(bytes(pending.data)),
            then=lambda report: done(f"Logged touches from {name}: {report.summary()}.", report),
            progress=progress,
        )
        return said[0]
    parsed = parse(pending)
    service.apply(
        user,
        parsed,
        source=f"{name} ({parsed.format})",
        circle=pending.circle,
        tags=pending.tag_names,
        progress=progress,
        reread=lambda: parse(pending),
        then=lambda report: done(f"Imported {name}: {report.summary()}.", report),
    )
    return said[0]
