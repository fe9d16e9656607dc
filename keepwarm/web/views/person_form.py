"""Adding, editing and deleting a person, with their details inline."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from keepwarm.contacts.models import Person, Tag
from keepwarm.contacts.services import default_region
from keepwarm.owned import get_owned_or_404, owned
from keepwarm.touches import person_page
from keepwarm.touches.services import delete_person
from keepwarm.web.forms.person_inlines import PersonEditor

NOT_SAVED = "Nothing was saved: please correct the marked fields."


def _edit(request: HttpRequest, person: Person | None) -> HttpResponse:
    posted = request.method == "POST"
    editor = PersonEditor(
        request.user,
        person,
        data=request.POST if posted else None,
        files=request.FILES if posted else None,
    )
    if posted and editor.is_valid():
        try:
            saved = editor.save()
        except (ValidationError, IntegrityError) as exc:
            messages_ = getattr(exc, "messages", None) or ["That could not be saved; try again."]
            editor.form.add_error(None, messages_)
        else:
            verb = "Saved" if person else "Added"
            messages.success(request, f"{verb} {saved.display_name}.")
            return redirect(saved)
    if posted:
        messages.error(request, NOT_SAVED)
    context = {
        "editor": editor,
        "form": editor.form,
        "person": person,
        "tag_names": owned(Tag, request.user).values_list("name", flat=True),
        "region": default_region(request.user),
    }
    return render(request, "web/people/form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def person_new(request: HttpRequest) -> HttpResponse:
    return _edit(request, None)


@login_required
@require_http_methods(["GET", "POST"])
def person_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _edit(request, get_owned_or_404(Person, request.user, pk=pk))


@login_required
@require_http_methods(["GET", "POST"])
def person_delete(request: HttpRequest, pk: int) -> HttpResponse:
    person = get_owned_or_404(Person, request.user, pk=pk)
    if request.method == "POST":
        name = person.display_name
        delete_person(person)
        messages.success(request, f"Deleted {name}.")
        return redirect("people")
    context = {"person": person, "summary": person_page.deletion_summary(request.user, person)}
    return render(request, "web/people/delete.html", context)
