"""Label sheets (PDF) for a card run, a trip, a tag or a circle, or return addresses.

GET without a sheet shows the form (a link may pre-select ``?run=``, ``?trip=``,
``?tag=`` or ``?circle=``); GET with the form's values downloads the PDF, or
with ``check`` shows who is on it, who has no address and which labels cannot
be printed. A sheet on which some labels would be left blank (no font for
their script, or too long) is not downloaded at once: the page lists them, and
``blank_ok`` downloads it all the same.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_safe

from keepwarm.formats.label_sheets import SHEETS, Blank, LabelError
from keepwarm.imports.export import select_people
from keepwarm.occasions import label_texts
from keepwarm.owned import parse_id
from keepwarm.web.forms.labels import SOURCE_FIELDS, LabelForm

if TYPE_CHECKING:
    from keepwarm.accounts.models import User

REMEMBERED = "labels_form"
"""The session key holding the sheet, offsets and return address last used."""
KEPT = [
    "sheet", "page", "rows", "columns", "label_width", "label_height", "top", "left",
    "pitch_x", "pitch_y", "offset_x", "offset_y", "return_address",
]  # fmt: skip
SHOWN_MISSING = 30


@login_required
@require_safe
def labels(request: HttpRequest) -> HttpResponse:
    if "sheet" not in request.GET:
        form = LabelForm(initial=_initial(request), user=request.user)
        return _page(request, form, _linked_selection(request, form))
    form = LabelForm(request.GET, user=request.user)
    if not form.is_valid():
        return _page(request, form)
    data = form.cleaned_data
    try:
        selection = _selection(request.user, data)
    except LabelError as exc:
        form.add_error("return_address", str(exc))
        return _page(request, form)
    if not selection.count:
        form.add_error(None, _nobody(selection))
        return _page(request, form, selection)
    _remember(request, form)
    if "check" in request.GET:
        return _check(request, form, selection)
    return _download(request, form, selection)


def _page(
    request: HttpRequest,
    form: LabelForm,
    selection: Any = None,
    blank: tuple[Blank, ...] | None = None,
    *,
    offer_download: bool = False,
) -> HttpResponse:
    sheets_needed = None
    if selection is not None and selection.count:
        sheets_needed = _sheets_needed(form, selection.count)
    context = {
        "form": form,
        "selection": selection,
        "missing_shown": selection.missing[:SHOWN_MISSING] if selection else [],
        "missing_more": max(0, len(selection.missing) - SHOWN_MISSING) if selection else 0,
        "sheets_needed": sheets_needed,
        "blank": blank,
        "blank_hint": label_texts.blank_hint(blank or ()),
        "offer_download": offer_download and selection is not None,
        "printable": selection.count - len(blank or ()) if selection else 0,
    }
    return render(request, "web/labels/labels.html", context)


def _check(request: HttpRequest, form: LabelForm, selection: label_texts.Selection) -> HttpResponse:
    try:
        blank = label_texts.blank_labels(selection.labels, form.cleaned_data["spec"])
    except LabelError as exc:
        form.add_error(None, str(exc))
        return _page(request, form, selection)
    return _page(request, form, selection, blank)


def _sheets_needed(form: LabelForm, count: int) -> int | None:
    if form.is_bound:
        data = getattr(form, "cleaned_data", {})
        spec, skip = data.get("spec"), data.get("skip") or 0
    else:
        spec, skip = SHEETS.get(form.initial.get("sheet", "")), 0
    return math.ceil((count + skip) / spec.per_page) if spec else None


def _initial(request: HttpRequest) -> dict[str, Any]:
    initial: dict[str, Any] = {"source": "run", "sheet": "avery5160", "skip": 0}
    initial.update({"offset_x": 0, "offset_y": 0, "page": "a4"})
    initial.update(request.session.get(REMEMBERED, {}))
    for name in SOURCE_FIELDS:
        pk = parse_id(request.GET.get(name))
        if pk is not None:
            initial.update({"source": name, name: pk})
    return initial


def _linked_selection(request: HttpRequest, form: LabelForm) -> Any:
    """Who a link's ``?run=`` (…) would print, when it names one of the user's own."""
    source = form.initial["source"]
    if source not in SOURCE_FIELDS or source not in request.GET:
        return None
    chosen = form.fields[source].queryset.filter(pk=form.initial[source]).first()  # type: ignore[attr-defined]
    return _selection(request.user, {"source": source, source: chosen}) if chosen else None


def _selection(user: User, data: dict[str, Any]) -> label_texts.Selection:
    source = data["source"]
    if source == "run":
        return label_texts.run_selection(data["run"])
    if source == "trip":
        return label_texts.trip_selection(data["trip"])
    if source == "return":
        spec, skip = data["spec"], data.get("skip") or 0
        return label_texts.Selection(label_texts.return_labels(data["return_address"], spec, skip))
    people = select_people(user, **{source: data[source]})  # a tag or a circle
    return label_texts.people_selection(user, people)


def _nobody(selection: label_texts.Selection) -> str:
    if selection.missing:
        return (
            f"Nobody here has a mailing address yet ({len(selection.missing)} without one): "
            "add their addresses first."
        )
    return "There is nobody to print a label for here."


def _remember(request: HttpRequest, form: LabelForm) -> None:
    """Keep the sheet, the offsets and the return address for next time (a return
    address left empty while printing something else keeps the one before)."""
    data = form.data if isinstance(form.data, QueryDict) else QueryDict()
    kept = dict(request.session.get(REMEMBERED, {}))
    kept.update({name: data[name] for name in KEPT if data.get(name, "") != ""})
    request.session[REMEMBERED] = kept


def _download(
    request: HttpRequest, form: LabelForm, selection: label_texts.Selection
) -> HttpResponse:
    data = form.cleaned_data
    offset = (float(data["offset_x"]), float(data["offset_y"]))
    try:
        printed = label_texts.labels_pdf(
            selection.labels, data["spec"], skip=data["skip"], offset_mm=offset
        )
    except LabelError as exc:
        form.add_error(None, str(exc))
        return _page(request, form, selection)
    if printed.blank and not (printed.count and data["blank_ok"]):
        return _page(request, form, selection, printed.blank, offer_download=True)
    name = f"labels-{timezone.localdate().isoformat()}.pdf"
    response = HttpResponse(printed.pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    patch_cache_control(response, private=True, no_store=True)
    return response
