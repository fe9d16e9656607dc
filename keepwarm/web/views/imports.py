"""Import contacts or touches from a file (upload, preview, confirm) and export them."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_http_methods, require_safe
from django_htmx.http import HttpResponseClientRedirect

from keepwarm.contacts.models import Person
from keepwarm.imports import background, pending, service
from keepwarm.imports.export import MEDIA_TYPES, download_name, export, select_people
from keepwarm.imports.models import PendingImport
from keepwarm.imports.sorting import waiting_count
from keepwarm.owned import owned
from keepwarm.web.forms.imports import ExportForm, MappingForm, UploadForm

State = PendingImport.State
SHOWN = 200
"""Rows of a preview shown on the page; the rest are counted."""
LAYOUT_WORDS = {
    "vcard": "vCard",
    "jcard": "jCard",
    "csv": "CSV",
    "google": "Google",
    "outlook": "Outlook",
    "outlook.com": "Outlook.com",
    "thunderbird": "Thunderbird",
    "linkedin": "LinkedIn",
    "touches": "touch history",
}


def _layout_name(job: PendingImport) -> str:
    """ "google csv (legacy)" → "Google CSV (legacy)"; a generic CSV says whose columns."""
    if job.layout == pending.GENERIC:
        return "a CSV with the columns you chose"
    words = job.layout.split() or [job.kind]
    return " ".join(LAYOUT_WORDS.get(word, word) for word in words)


@login_required
@require_http_methods(["GET", "POST"])
def import_upload(request: HttpRequest) -> HttpResponse:
    posted = request.method == "POST"
    form = UploadForm(
        request.POST if posted else None, request.FILES if posted else None, user=request.user
    )
    if posted and form.is_valid():
        upload = form.cleaned_data["file"]
        name = form.file_name(upload)
        try:
            job = pending.create(
                request.user,
                name=name,
                data=upload.read(),
                wanted=form.cleaned_data["format"],
                circle=form.cleaned_data["circle"],
                tags=form.cleaned_data["tags"],
            )
        except ValueError as error:  # FormatError, or a decoding error it did not catch
            form.add_error("file", f"{name}: {background.problem(error)}")
        else:
            return redirect(job)
    return render(request, "web/imports/upload.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def import_preview(request: HttpRequest, token: str) -> HttpResponse:
    job = pending.waiting(request.user).select_related("circle").filter(token=token).first()
    if job is None:  # another user's, already imported or cancelled, or older than a day
        if request.htmx:  # its progress, asked for by a page left open: no more to ask
            return HttpResponseClientRedirect(reverse("import_upload"))
        return render(request, "web/imports/gone.html", status=404)
    if background.stalled(job):
        _stalled(request, job)
    if request.method == "GET":
        return _show(request, job)
    action = request.POST.get("action")
    if background.working(job):  # a second click, or a form from before: the work goes on
        return redirect(job)
    if action == "cancel":
        pending.discard(job)
        messages.info(request, f"Import of {job.file_name} cancelled: nothing was changed.")
        return redirect("import_upload")
    if action == "mapping" and _generic(job):
        return _confirm_mapping(request, job)
    if action == "retry" and job.state == State.FAILED:
        background.wait_again(job)
        return redirect(job)
    if action == "import" and not job.needs_mapping and job.state == State.WAITING:
        if background.in_background(job):
            if not background.start(job, State.IMPORTING):
                _busy_with_other(request, job)
            return redirect(job)
        return _apply(request, job)
    return redirect(job)


def _busy_with_other(request: HttpRequest, job: PendingImport) -> None:
    other = background.other(job)
    if other is not None:
        messages.info(
            request,
            f"Your file {other.file_name} is still being worked on: import {job.file_name} "
            "once it is done.",
        )


def _show(request: HttpRequest, job: PendingImport) -> HttpResponse:
    """The upload's page as its work stands: progress, the outcome, the mapping or the preview."""
    polled = request.GET.get("progress") == "1" and request.htmx
    template = "web/imports/progress_bar.html" if polled else "web/imports/progress.html"
    if background.working(job):
        return render(request, template, _progress(job))
    if _preview_to_make(job):  # in the background, once the account's other upload is done
        context = _progress(job)
        if not background.start(job, State.PREVIEWING):
            context["waiting_for"] = background.other(job)
        return render(request, template, context)
    if polled:  # the work ended: the whole page shows how
        return HttpResponseClientRedirect(job.get_absolute_url())
    if job.state == State.DONE:
        messages.success(request, job.outcome)
        pending.discard(job)
        return _after_import(request, job)
    if job.needs_mapping or (request.GET.get("step") == "mapping" and _generic(job)):
        return _mapping_page(request, job, MappingForm(columns=pending.columns(job)))
    return _preview_page(request, job)


def _preview_to_make(job: PendingImport) -> bool:
    """A large upload whose preview is not made yet (and can be)."""
    return (
        job.state == State.WAITING
        and background.in_background(job)
        and not job.needs_mapping
        and pending.kept_preview(job) is None
    )


def _progress(job: PendingImport) -> dict[str, Any]:
    if job.state == State.IMPORTING:
        stage = {"doing": "Importing", "what": "Reading the file again to import it…"}
    else:
        stage = {"doing": "Reading", "what": "Reading the file…"}
    return {"job": job, "progress": background.progress_of(job), **stage}


def _stalled(request: HttpRequest, job: PendingImport) -> None:
    """The process working on the upload stopped: say so, and let it be started again."""
    if job.state == State.IMPORTING:
        messages.warning(
            request,
            f"The import of {job.file_name} stopped before it finished (the server was "
            "restarted): nothing was imported. Press Import to start it again.",
        )
    background.wait_again(job)


def _generic(job: PendingImport) -> bool:
    return job.layout == pending.GENERIC


def _mapping_page(
    request: HttpRequest, job: PendingImport, form: MappingForm, status: int = 200
) -> HttpResponse:
    return render(request, "web/imports/mapping.html", {"job": job, "form": form}, status=status)


def _confirm_mapping(request: HttpRequest, job: PendingImport) -> HttpResponse:
    form = MappingForm(request.POST, columns=pending.columns(job))
    if form.is_valid():
        try:
            pending.confirm_mapping(job, form.mapping())
        except ValueError as error:
            form.add_error(None, f"{job.file_name}: {background.problem(error)}")
        else:
            return redirect(job)
    return _mapping_page(request, job, form)


def _preview_page(request: HttpRequest, job: PendingImport) -> HttpResponse:
    context: dict[str, Any] = {
        "job": job,
        "layout": _layout_name(job),
        "circle": job.circle,
        "generic": _generic(job),
    }
    if job.state == State.FAILED:
        context["problem"] = job.outcome
        return render(request, "web/imports/preview.html", context)
    report = pending.kept_preview(job)
    try:
        report = report or pending.preview(job)
    except (ValueError, ValidationError) as error:
        context["problem"] = f"{job.file_name} cannot be imported: {background.problem(error)}"
        return render(request, "web/imports/preview.html", context)
    if job.kind == "touches":
        context.update(_touch_preview(report))
    else:
        context.update(_contact_preview(report))
    return render(request, "web/imports/preview.html", context)


def _contact_preview(report: service.Report) -> dict[str, Any]:
    counts = report.counts
    rows = [o for o in report.outcomes if o.action != service.SKIPPED]
    skipped = [(o.line, o.reason) for o in report.outcomes if o.action == service.SKIPPED]
    return {
        "stats": [
            (counts[service.NEW], "new", "new people"),
            (counts[service.UPDATED], "updated", "merged into people you have"),
            (counts[service.SAME], "same", "already up to date"),
            (len(skipped), "skipped", "skipped"),
        ],
        "rows": rows[:SHOWN],
        "rows_more": max(0, len(rows) - SHOWN),
        "skipped": skipped[:SHOWN],
        "skipped_more": max(0, len(skipped) - SHOWN),
        "to_import": counts[service.NEW] + counts[service.UPDATED],
        "nothing_readable": not rows,
    }


def _touch_preview(report: Any) -> dict[str, Any]:
    return {
        "stats": [
            (report.added, "new", "touches to log"),
            (report.same, "same", "already logged"),
            (len(report.skipped), "skipped", "skipped"),
        ],
        "skipped": report.skipped[:SHOWN],
        "skipped_more": max(0, len(report.skipped) - SHOWN),
        "to_import": report.added,
        "nothing_readable": not (report.added or report.same),
    }


def _apply(request: HttpRequest, job: PendingImport) -> HttpResponse:
    try:
        message = pending.apply(job)
    except (ValueError, ValidationError) as error:
        problem = background.problem(error)
        messages.error(request, f"Nothing was imported from {job.file_name}: {problem}")
        return redirect(job)
    messages.success(request, message)
    return _after_import(request, job)


def _after_import(request: HttpRequest, job: PendingImport) -> HttpResponse:
    """The touch log after touches; after contacts, sorting the newcomers when
    any wait (they are not planned until then), else the people list."""
    if job.kind == "touches":
        return redirect("touches")
    if waiting_count(request.user):
        return redirect("triage")
    return redirect("people")


@login_required
@require_safe
def export_people(request: HttpRequest) -> HttpResponse:
    form = ExportForm(request.GET or None, user=request.user)
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        people = select_people(
            request.user, circle=data["circle"], tag=data["tag"], search=data["q"]
        )
        content, count = export(request.user, data["format"], people)
        if count:
            return _download(content, data["format"])
        form.add_error(None, _nothing_to_export(data["format"], people is not None))
    context = {"form": form, "total": owned(Person, request.user).count()}
    return render(request, "web/imports/export.html", context)


def _nothing_to_export(kind: str, narrowed: bool) -> str:
    if kind == "touches":
        whose = " with the people you chose" if narrowed else ""
        return f"There are no touches{whose} to export yet."
    if narrowed:
        return "No one matches this circle, tag and search: there is nothing to export."
    return "You have no people to export yet."


def _download(content: bytes, kind: str) -> HttpResponse:
    name = download_name(kind, timezone.localdate())
    response = HttpResponse(content, content_type=f"{MEDIA_TYPES[kind]}; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    patch_cache_control(response, private=True, no_store=True)
    return response
