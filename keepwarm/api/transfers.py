"""The API's routes for imports (upload, preview, apply, as jobs), exports and backups.

An import is a job, as on the web's import page: the upload is read and kept
(``imports.pending``), its preview and its import are worked on in the
background (``imports.background``) while the client asks for the job again,
and once imported the job holds the import's report, line by line, until the
client deletes it (or a day passes).
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from ninja import File, Form, Query, Router, Schema, Status
from ninja.files import UploadedFile
from pydantic import Field

from keepwarm.api import paging
from keepwarm.api.problems import ApiError, Problem
from keepwarm.api.shapes import Id, Text
from keepwarm.backup.json_backup import dump, to_json
from keepwarm.contacts.models import Circle, Person, Tag
from keepwarm.imports import background, pending, service
from keepwarm.imports.export import MEDIA_TYPES, download_name, export, select_people
from keepwarm.imports.models import PendingImport
from keepwarm.owned import get_owned_or_404, owned

router = Router(tags=["transfers"])

State = PendingImport.State
Kind = Literal["auto", "vcard", "csv", "touches"]
JobState = Literal["waiting", "previewing", "importing", "done", "failed", "stopped"]
STATES: dict[str, JobState] = {
    State.WAITING: "waiting",
    State.PREVIEWING: "previewing",
    State.IMPORTING: "importing",
    State.DONE: "done",
    State.FAILED: "failed",
}
SHOWN = 200
"""Lines of a report shown in the job; all of them are at ``/imports/{id}/lines``."""
NOT_FOUND = {404: Problem}


class Progress(Schema):
    done: int
    total: int
    percent: int


class ColumnOut(Schema):
    """A column of a CSV of no known exporter: a sample value and the field
    suggested for it (or chosen, once the mapping is confirmed)."""

    header: str
    sample: str
    suggested: str
    count: int
    """How many columns share this header (they are mapped together)."""


class LineOut(Schema):
    line: int
    action: Literal["new", "updated", "same", "skipped"]
    """new person, merged into someone ("updated"), nothing new ("same"), or skipped."""
    name: str
    person_id: int | None
    changes: list[str]
    """What the line adds, what it keeps as imported extras, who it was kept apart from."""
    reason: str
    """Why a skipped line was skipped."""


class ReportOut(Schema):
    """What importing does (the preview) or did (once applied)."""

    what: Literal["people", "touches"]
    new: int
    updated: int
    same: int
    skipped: int
    summary: str
    lines: list[LineOut]
    """The first lines; ``more_lines`` more at the job's ``lines`` link."""
    more_lines: int


class ImportJobSummary(Schema):
    id: int
    file_name: str
    kind: Literal["vcard", "csv", "touches"]
    layout: str
    """What the file was read as: "vcard 3.0", "google csv", "generic csv"…"""
    state: JobState
    needs_mapping: bool
    """A CSV of no known exporter whose columns are not confirmed yet (PUT its mapping)."""
    created_at: dt.datetime
    progress: Progress
    outcome: str
    """How the work ended, in words (imported, or why not)."""
    links: dict[str, str]
    """The job's URL ("self") and the steps it can take now: "mapping", "preview",
    "apply", "lines"."""


class ImportJobOut(ImportJobSummary):
    circle_id: int | None
    tags: list[str]
    columns: list[ColumnOut] | None
    """Only for a CSV of no known exporter."""
    mapping: dict[str, str] | None
    preview: ReportOut | None
    """Once made (POST …/preview), while it still says what importing would do."""
    report: ReportOut | None
    """What the import did, once done."""


class JobPage(Schema):
    items: list[ImportJobSummary]
    next_cursor: str | None


class LinePage(Schema):
    items: list[LineOut]
    next_cursor: str | None


class UploadIn(Schema):
    kind: Kind = Field(default="auto", description="What the file is; recognised by default.")
    circle_id: Id | None = Field(default=None, description="The circle for new people.")
    tags: Text = Field(
        default="", max_length=300, description='Tags for everyone imported: "imported, college".'
    )


class MappingIn(Schema):
    mapping: dict[Text, Text] = Field(
        max_length=500,
        description="Column header → field (display_name, email:work, phone:mobile, birthday, "
        "extra, ignore…); a column left out is kept as an imported extra.",
    )


class PageQuery(Schema):
    cursor: Text | None = Field(default=None, max_length=1000)
    limit: int = Field(default=paging.DEFAULT_LIMIT, ge=1, le=paging.MAX_LIMIT)


class ExportQuery(Schema):
    circle: Id | None = Field(default=None, description="Only the people of this circle.")
    tag: Id | None = Field(default=None, description="Only the people with this tag.")
    q: Text = Field(default="", max_length=200, description="Words as in the web list's search.")
    person: list[Id] = Field(default=[], max_length=500, description="Only these people.")


def _job(request: HttpRequest, import_id: int) -> PendingImport:
    """The requester's upload ``import_id``, still kept, or 404."""
    found = pending.waiting(request.user).select_related("circle")
    return get_owned_or_404(found, request.user, pk=import_id)


def _url(name: str, job: PendingImport) -> str:
    return reverse(f"api:{name}", kwargs={"import_id": job.pk})


def _links(job: PendingImport, state: JobState) -> dict[str, str]:
    links = {"self": _url("get_import", job), "lines": _url("list_import_lines", job)}
    if state in {"previewing", "importing", "done"}:
        return links
    if job.layout == pending.GENERIC:
        links["mapping"] = _url("update_import_mapping", job)
    if not job.needs_mapping:
        links["preview"] = _url("start_import_preview", job)
        links["apply"] = _url("start_import_apply", job)
    return links


def _state(job: PendingImport) -> JobState:
    return "stopped" if background.stalled(job) else STATES.get(job.state, "waiting")


def _outcome(job: PendingImport, state: JobState) -> str:
    if state == "stopped":
        return (
            f"The work on {job.file_name} stopped before it finished (the server was "
            "restarted): nothing was imported. Start it again."
        )
    return job.outcome


def _summary(job: PendingImport) -> dict[str, Any]:
    state = _state(job)
    return {
        "id": job.pk,
        "file_name": job.file_name,
        "kind": job.kind,
        "layout": job.layout,
        "state": state,
        "needs_mapping": job.needs_mapping,
        "created_at": job.created_at,
        "progress": background.progress_of(job),
        "outcome": _outcome(job, state),
        "links": _links(job, state),
    }


def _report_of(job: PendingImport) -> tuple[Any, Any]:
    """(the kept preview, the import's report): either may be None."""
    if job.state == State.DONE:
        return None, pending.applied_report(job)
    if background.working(job):
        return None, None
    return pending.kept_preview(job), None


def _lines(job: PendingImport, report: Any) -> list[Any]:
    """A report's lines: each contact's outcome, or each touch skipped."""
    if report is None:
        return []
    if job.kind == "touches":
        return list(report.skipped)
    return list(report.outcomes)


def _line(job: PendingImport, item: Any) -> LineOut:
    if job.kind == "touches":
        line, reason = item
        return LineOut(
            line=line, action="skipped", name="", person_id=None, changes=[], reason=reason
        )
    return LineOut(
        line=item.line,
        action=item.action,
        name=item.name,
        person_id=item.person_id,
        changes=list(item.changes),
        reason=item.reason,
    )


def _report(job: PendingImport, report: Any) -> ReportOut | None:
    if report is None:
        return None
    lines = _lines(job, report)
    if job.kind == "touches":
        counts = {"new": report.added, "updated": 0, "same": report.same}
    else:
        found = report.counts
        counts = {name: found[name] for name in (service.NEW, service.UPDATED, service.SAME)}
    return ReportOut(
        what="touches" if job.kind == "touches" else "people",
        skipped=len(report.skipped) if job.kind == "touches" else report.counts[service.SKIPPED],
        summary=report.summary(),
        lines=[_line(job, item) for item in lines[:SHOWN]],
        more_lines=max(0, len(lines) - SHOWN),
        **counts,
    )


def _shown(job: PendingImport) -> ImportJobOut:
    preview, report = _report_of(job)
    generic = job.layout == pending.GENERIC and job.state != State.DONE
    return ImportJobOut(
        **_summary(job),
        circle_id=job.circle_id,
        tags=job.tag_names,
        columns=[ColumnOut(**vars(c)) for c in pending.columns(job)] if generic else None,
        mapping=job.mapping,
        preview=_report(job, preview),
        report=_report(job, report),
    )


@router.post(
    "/imports",
    response={201: ImportJobOut, 413: Problem, 422: Problem},
    operation_id="create_import",
    summary="Upload a file to import",
    openapi_extra={
        "responses": {
            201: {
                "links": {
                    name: {
                        "operationId": operation,
                        "parameters": {"import_id": "$response.body#/id"},
                    }
                    for name, operation in (
                        ("GetImport", "get_import"),
                        ("ListImportLines", "list_import_lines"),
                        ("UpdateImportMapping", "update_import_mapping"),
                        ("StartImportPreview", "start_import_preview"),
                        ("StartImportApply", "start_import_apply"),
                        ("DeleteImport", "delete_import"),
                    )
                }
            }
        }
    },
)
def create_import(
    request: HttpRequest,
    response: HttpResponse,
    file: File[UploadedFile],
    options: Form[UploadIn],
) -> Any:
    """Upload a vCard, a contacts CSV or a touch-history CSV: it is read and
    kept as a job (for a day) that nothing has imported yet. A CSV of no known
    exporter lists its columns, to map (PUT …/mapping) before the preview."""
    name = pending.upload_name(str(file.name or ""))
    refused = pending.too_large(name, file.size or 0)
    if refused:
        raise ApiError(413, refused, errors=[{"field": "file", "message": refused}])
    circle = None
    if options.circle_id is not None:
        circle = owned(Circle, request.user).filter(pk=options.circle_id).first()
        if circle is None:
            raise ValidationError({"circle_id": f"You have no circle {options.circle_id}."})
    try:
        tags = pending.clean_tag_names(options.tags)
    except ValidationError as error:
        raise ValidationError({"tags": error.messages}) from None
    try:
        job = pending.create(
            request.user,
            name=name,
            data=file.read(),
            wanted=options.kind,
            circle=circle,
            tags=tags,
        )
    except ValueError as error:  # FormatError (with its line), or a decoding error
        said = f"{name}: {background.problem(error)}"
        raise ApiError(422, said, errors=[{"field": "file", "message": said}]) from None
    response["Location"] = _url("get_import", job)
    return Status(201, _shown(job))


@router.get("/imports", response=JobPage, operation_id="list_imports", summary="The import jobs")
def list_imports(request: HttpRequest, params: Query[PageQuery]) -> dict[str, Any]:
    """The uploads of the last day not deleted yet, newest first."""
    order: paging.Order = (("created_at", True), ("id", True))
    page, cursor = paging.keyset(
        pending.waiting(request.user),
        order,
        "imports",
        params.cursor,
        params.limit,
        lambda job: [job.created_at, job.pk],
    )
    return {"items": [_summary(job) for job in page], "next_cursor": cursor}


@router.get(
    "/imports/{import_id}",
    response={200: ImportJobOut, **NOT_FOUND},
    operation_id="get_import",
    summary="An import job",
)
def get_import(request: HttpRequest, import_id: int) -> ImportJobOut:
    """The job as it stands: its state and progress while worked on, the
    columns of a CSV to map, the preview once made, the report once imported."""
    return _shown(_job(request, import_id))


@router.get(
    "/imports/{import_id}/lines",
    response={200: LinePage, **NOT_FOUND},
    operation_id="list_import_lines",
    summary="Every line of an import's report",
)
def list_import_lines(
    request: HttpRequest, import_id: int, params: Query[PageQuery]
) -> dict[str, Any]:
    """Every line of the job's report (once imported) or of its preview, a page
    at a time; none before the preview is made."""
    job = _job(request, import_id)
    preview, report = _report_of(job)
    lines = _lines(job, report if report is not None else preview)
    positions, cursor = paging.by_position(range(len(lines)), "lines", params.cursor, params.limit)
    return {"items": [_line(job, lines[i]) for i in positions], "next_cursor": cursor}


def _changeable(job: PendingImport) -> None:
    """409 for a job being worked on, or imported already."""
    if background.working(job):
        raise ApiError(409, f"{job.file_name} is being worked on: try once it is done.")
    if job.state == State.DONE:
        raise ApiError(409, f"{job.file_name} is imported already: upload it again to redo it.")


@router.put(
    "/imports/{import_id}/mapping",
    response={200: ImportJobOut, 404: Problem, 409: Problem, 422: Problem},
    operation_id="update_import_mapping",
    summary="Map a CSV's columns",
)
def update_import_mapping(request: HttpRequest, import_id: int, payload: MappingIn) -> ImportJobOut:
    """Say what each column of a CSV of no known exporter holds (the web's
    mapping step); a kept preview is made again with it."""
    job = _job(request, import_id)
    _changeable(job)
    if job.layout != pending.GENERIC:
        raise ApiError(
            409,
            f"{job.file_name} was read as {job.layout or job.kind}: only a CSV of no known "
            "exporter takes a column mapping.",
        )
    try:
        pending.confirm_mapping(job, dict(payload.mapping))
    except ValueError as error:  # a field that is none, a missing column, or FormatError
        said = f"{job.file_name}: {background.problem(error)}"
        raise ApiError(422, said, errors=[{"field": "mapping", "message": said}]) from None
    return _shown(job)


def _start(request: HttpRequest, import_id: int, state: str, response: HttpResponse) -> Any:
    job = _job(request, import_id)
    if job.state == State.DONE:
        raise ApiError(409, f"{job.file_name} is imported already: upload it again to redo it.")
    if job.needs_mapping:
        raise ApiError(
            409,
            f"{job.file_name} is a CSV of no known exporter: say what each column holds "
            "first (PUT its mapping).",
        )
    if not background.working(job) and not background.start(job, state):
        other = background.other(job)
        if other is not None:
            raise ApiError(
                409,
                f"Your file {other.file_name} is still being worked on: start "
                f"{job.file_name} once it is done.",
            )
        job.refresh_from_db()
    if not background.working(job) or job.state != state:
        raise ApiError(409, f"{job.file_name} is being worked on: try once it is done.")
    response["Location"] = _url("get_import", job)
    return Status(202, _shown(job))


@router.post(
    "/imports/{import_id}/preview",
    response={202: ImportJobOut, 404: Problem, 409: Problem},
    operation_id="start_import_preview",
    summary="Start the preview",
)
def start_import_preview(request: HttpRequest, import_id: int, response: HttpResponse) -> Any:
    """Work out, in the background, what importing would do (writing nothing);
    ask for the job until its state is "waiting" again, with its preview."""
    return _start(request, import_id, State.PREVIEWING, response)


@router.post(
    "/imports/{import_id}/apply",
    response={202: ImportJobOut, 404: Problem, 409: Problem},
    operation_id="start_import_apply",
    summary="Start the import",
)
def start_import_apply(request: HttpRequest, import_id: int, response: HttpResponse) -> Any:
    """Import, in the background, all or nothing; ask for the job until its
    state is "done" (with its report) or "failed" (with why)."""
    return _start(request, import_id, State.IMPORTING, response)


@router.delete(
    "/imports/{import_id}",
    response={204: None, 404: Problem, 409: Problem},
    operation_id="delete_import",
    summary="Forget an import job",
)
def delete_import(request: HttpRequest, import_id: int) -> Any:
    """Forget the job: cancelled (nothing imported), or its report read."""
    job = _job(request, import_id)
    if background.working(job):
        raise ApiError(409, f"{job.file_name} is being worked on: delete it once it is done.")
    pending.discard(job)
    return Status(204, None)


# Exports and the backup ------------------------------------------------------------


def _download(content: bytes, media_type: str, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=f"{media_type}; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    patch_cache_control(response, private=True, no_store=True)
    return response


def _file(media_type: str, what: str) -> dict[str, Any]:
    """The document's word on a download: its media type, and that it is a file."""
    return {
        "responses": {
            200: {
                "description": f"{what}, as a download (Content-Disposition: attachment).",
                "content": {media_type: {"schema": {"type": "string", "format": "binary"}}},
            }
        }
    }


def _chosen(request: HttpRequest, params: ExportQuery) -> Any:
    """The people the query narrows to (None: everyone); 422 for a circle, a tag
    or a person that is not the requester's."""
    user = request.user
    circle = tag = None
    if params.circle is not None:
        circle = owned(Circle, user).filter(pk=params.circle).first()
        if circle is None:
            raise ValidationError({"circle": f"You have no circle {params.circle}."})
    if params.tag is not None:
        tag = owned(Tag, user).filter(pk=params.tag).first()
        if tag is None:
            raise ValidationError({"tag": f"You have no tag {params.tag}."})
    wanted = set(params.person)
    missing = wanted - set(owned(Person, user).filter(pk__in=wanted).values_list("pk", flat=True))
    if missing:
        ids = ", ".join(str(pk) for pk in sorted(missing))
        raise ValidationError({"person": f"You have no person {ids}."})
    return select_people(user, circle=circle, tag=tag, search=params.q, ids=sorted(wanted))


def _export(request: HttpRequest, kind: str, params: ExportQuery) -> HttpResponse:
    content, _ = export(request.user, kind, _chosen(request, params))
    return _download(content, MEDIA_TYPES[kind], download_name(kind, timezone.localdate()))


@router.get(
    "/export/vcard",
    operation_id="export_vcard",
    summary="Export people as vCard",
    openapi_extra=_file(MEDIA_TYPES["vcard"], "The people as vCard 4.0"),
)
def export_vcard(request: HttpRequest, params: Query[ExportQuery]) -> HttpResponse:
    """The people (everyone, or those the query narrows to) as vCard 4.0, every
    detail and imported extra included: it imports back as the same people."""
    return _export(request, "vcard", params)


@router.get(
    "/export/csv",
    operation_id="export_csv",
    summary="Export people as CSV",
    openapi_extra=_file(MEDIA_TYPES["csv"], "The people as a Google Contacts CSV"),
)
def export_csv(request: HttpRequest, params: Query[ExportQuery]) -> HttpResponse:
    """The people (everyone, or those the query narrows to) as a Google Contacts CSV."""
    return _export(request, "csv", params)


@router.get(
    "/export/touches",
    operation_id="export_touches",
    summary="Export the touch log",
    openapi_extra=_file(MEDIA_TYPES["touches"], "The touch log as CSV"),
)
def export_touches(request: HttpRequest, params: Query[ExportQuery]) -> HttpResponse:
    """The touch log (every touch, or those with the people the query narrows
    to) as CSV: date, kind, people, note; it imports back as the same log."""
    return _export(request, "touches", params)


@router.get(
    "/backup",
    operation_id="get_backup",
    summary="Download the account's backup",
    openapi_extra={
        "responses": {
            200: {
                "description": "The account's JSON backup (docs/backup.md), as a download.",
                "content": {"application/json": {"schema": {"type": "object"}}},
            }
        }
    },
)
def get_backup(request: HttpRequest) -> HttpResponse:
    """Everything the account holds as the versioned JSON backup that
    `keepwarm backup` writes; restore it with `keepwarm restore`."""
    data, _ = dump(request.user)
    name = f"keepwarm-backup-{timezone.localdate().isoformat()}.json"
    return _download(to_json(data).encode(), "application/json", name)
