"""Uploads waiting for their owner's confirmation: kept, previewed, then imported once.

The web import is three steps: the upload is read and kept as a
``PendingImport``; the preview shows what importing would do (for a CSV of no
known exporter, after the user confirmed what each column holds); the
confirmation imports it in one transaction and forgets the upload. An upload
nobody confirms is deleted after a day.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import pickle
import zlib
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from keepwarm.formats import csvfiles, vcard
from keepwarm.formats.csv_layouts import detect_layout, key
from keepwarm.formats.csv_sniff import CsvTable, read_table
from keepwarm.formats.records import FormatError, ParseResult
from keepwarm.formats.touchlog import parse_touches
from keepwarm.imports import files, service, touches
from keepwarm.imports.models import PendingImport
from keepwarm.owned import owned
from keepwarm.planning.services import tracked_version
from keepwarm.planning.shared import code_digest


def max_bytes() -> int:
    """The largest file the web import takes (``KEEPWARM_UPLOAD_LIMIT_MB``; the
    default 20 MB holds about 40,000 contacts)."""
    return int(settings.KEEPWARM_UPLOAD_LIMIT_MB) * 1024 * 1024


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


def waiting(user: Any) -> Any:
    """The user's uploads still waiting (younger than a day)."""
    return owned(PendingImport, user).filter(created_at__gte=timezone.now() - KEPT_FOR)


def create(
    user: Any,
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


def _layout(data: bytes, kind: str) -> str:
    """What the file will be read as; raises ``FormatError`` for a file that cannot be."""
    if not data.strip():
        raise FormatError("the file is empty.")
    if kind == "touches":
        parse_touches(data)
        return "touches csv"
    if kind == "vcard":
        parsed = vcard.parse(data)
        if not parsed.records and parsed.skipped:
            first = parsed.skipped[0]
            raise FormatError(f"no card could be read; line {first.line}: {first.reason}.")
        return parsed.format
    table = read_table(data)
    if table.binary:
        raise FormatError("this is not a text file: expected a vCard or a CSV file.")
    if any(detect_layout(row.cells) for row in table.rows[: csvfiles.HEADER_SEARCH]):
        return csvfiles.parse(data).format
    if len(_filled(table)) < 2:
        raise FormatError("there are no contacts below the header row.")
    return GENERIC


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
    """Keep the user's mapping once the file reads with it; raises ``FormatError`` if not."""
    csvfiles.parse(bytes(pending.data), mapping)
    pending.mapping = mapping
    pending.save(update_fields=["mapping"])


def parse(pending: PendingImport) -> ParseResult:
    return files.parse_contacts(bytes(pending.data), pending.kind, pending.mapping)


def preview(pending: PendingImport) -> Any:
    """A ``service.Report`` (contacts) or a ``touches.TouchReport``; writes nothing
    of the user's. Made once and kept on the upload: a reload shows the kept one
    while the owner's data, the mapping and the day are the same (``_made_for``),
    instead of running the whole import again in a write transaction."""
    made_for = _made_for(pending)
    if pending.preview is not None and pending.preview_of == made_for:
        with contextlib.suppress(Exception):  # kept by other code: made again
            return pickle.loads(zlib.decompress(bytes(pending.preview)))  # noqa: S301 - ours
    if pending.kind == "touches":
        report = touches.apply(pending.owner, parse_touches(bytes(pending.data)), dry_run=True)
    else:
        report = service.preview(pending.owner, parse(pending), tags=pending.tag_names)
    kept = zlib.compress(pickle.dumps(report, protocol=pickle.HIGHEST_PROTOCOL), 1)
    PendingImport.objects.filter(pk=pending.pk).update(preview=kept, preview_of=made_for)
    pending.preview, pending.preview_of = kept, made_for
    return report


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


@transaction.atomic
def apply(pending: PendingImport) -> str:
    """Import in one transaction, forget the upload, and say what happened."""
    user, name = pending.owner, pending.file_name
    if pending.kind == "touches":
        report = touches.apply(user, parse_touches(bytes(pending.data)))
        message = f"Logged touches from {name}: {report.summary()}."
    else:
        parsed = parse(pending)
        contacts = service.apply(
            user,
            parsed,
            source=f"{name} ({parsed.format})",
            circle=pending.circle,
            tags=pending.tag_names,
            let_go=True,
        )
        message = f"Imported {name}: {contacts.summary()}."
    pending.delete()
    return message
