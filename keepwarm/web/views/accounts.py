"""Sign-up, login, logout, password change and the demo account."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib import messages
from django.contrib.auth import get_user_model, login, logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.views.decorators.http import require_http_methods, require_POST

from keepwarm.accounts import confirmation, sessions, two_factor
from keepwarm.accounts.services import demo_open, signup_open
from keepwarm.contacts.queries import has_people
from keepwarm.mail import outbox
from keepwarm.mail.models import OutboxMessage
from keepwarm.web.forms.accounts import SignupForm, signup_initial
from keepwarm.web.views import signin

if TYPE_CHECKING:
    from keepwarm.accounts.models import User

MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"


def demo_user() -> Any:
    return get_user_model().objects.filter(is_demo=True).order_by("id").first()


@require_http_methods(["GET", "POST"])
def signup(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated and not request.user.is_demo:
        return redirect("home")
    if not signup_open():
        return render(request, "registration/signup_closed.html", status=403)
    data = request.POST if request.method == "POST" else None
    form = SignupForm(data, initial=signup_initial(request))
    if request.method == "POST" and form.is_valid():
        try:
            user = form.save()
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            login(request, user, backend=MODEL_BACKEND)
            messages.success(
                request,
                f"Welcome to keepwarm, {user.username}! Start by importing your contacts.",
            )
            if user.email and outbox.email_configured():
                confirmation_sent(request, user)
            return redirect("home")
    return render(request, "registration/signup.html", {"form": form})


def _unsuffixed(kwargs: dict[str, Any]) -> dict[str, Any]:
    return {**kwargs, "label_suffix": ""}


class LoginView(auth_views.LoginView):
    template_name = "registration/login.html"
    redirect_authenticated_user = True

    def get_form_kwargs(self) -> dict[str, Any]:
        return _unsuffixed(super().get_form_kwargs())

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["signup_open"] = signup_open()
        context["demo_available"] = demo_open()
        context["reset_by_email"] = outbox.email_configured()
        return context

    def form_valid(self, form: Any) -> HttpResponse:
        """The right password: signed in, or on to the code when two-factor is on."""
        user = form.get_user()
        if two_factor.is_on(user):
            signin.begin(self.request, user, self.get_success_url())
            return redirect("login_code")
        return super().form_valid(form)


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    logout(request)
    messages.info(request, "You are logged out. See you soon.")
    return redirect("login")


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "registration/password_change.html"
    success_url = reverse_lazy("settings")

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if getattr(request.user, "is_demo", False):
            raise Http404("The demo account has no password to change.")
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self) -> dict[str, Any]:
        return _unsuffixed(super().get_form_kwargs())

    def form_valid(self, form: Any) -> HttpResponse:
        before = self.request.session.session_key
        response = super().form_valid(form)  # this session goes on under a new key
        key = self.request.session.session_key
        sessions.rekeyed(self.request.user, before, key)
        # The others' hash no longer matches: they end, and leave the list.
        ended = sessions.end_others(self.request.user, keep=key)
        others = f" Your {ended} other session{'s are' if ended != 1 else ' is'} logged out."
        messages.success(self.request, "Your password is changed." + (others if ended else ""))
        return response


def explore_demo(request: HttpRequest) -> HttpResponse:
    if not demo_open():
        raise Http404("There is no demo here.")
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    user = demo_user()
    if user is None or not has_people(user):
        # Imported here: loading the demo network is rare and heavy.
        from keepwarm.demo import ensure_demo_account

        try:
            user = ensure_demo_account()
        except ValidationError as exc:  # e.g. a real account took the demo's name
            messages.error(request, " ".join(exc.messages))
            return redirect("home")
    login(request, user, backend=MODEL_BACKEND)
    messages.info(request, "You are exploring the demo network — nothing here is real.")
    return redirect("home")


@require_http_methods(["GET", "POST"])
def confirm_email(request: HttpRequest, signed: str) -> HttpResponse:
    """The link in the confirmation email: GET asks, POST confirms (no sign-in:
    the signed link is the credential, and mail systems fetch links to scan them)."""
    try:
        user, address = confirmation.read(signed)
    except confirmation.LinkInvalid as problem:
        context = {"problem": str(problem)}
        return render(request, CONFIRM_TEMPLATE, context, status=400)
    done = user.sends_email
    if request.method == "POST" and not done:
        done = confirmation.confirm(user, address)
        if not done:  # the address changed just now
            problem = str(confirmation.LinkInvalid())
            return render(request, CONFIRM_TEMPLATE, {"problem": problem}, status=400)
    context = {"address": address, "username": user.username, "done": done}
    return render(request, CONFIRM_TEMPLATE, context)


CONFIRM_TEMPLATE = "web/accounts/confirm_email.html"


@login_required
@require_POST
def send_confirmation(request: HttpRequest) -> HttpResponse:
    """Settings: email a new confirmation link to the account's address."""
    confirmation_sent(request, request.user)
    return redirect("settings")


def confirmation_sent(request: HttpRequest, user: User) -> None:
    """Send the link and say how it went (a sign-up, an address changed, or asked for)."""
    try:
        message = outbox.send_confirmation(user)
    except (outbox.EmailNotConfigured, outbox.NoAddress, outbox.SendingRefused) as exc:
        messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
        return
    except ValidationError:
        messages.error(request, "Your email address is not valid: correct it first.")
        return
    if message.status == OutboxMessage.Status.FAILED:
        messages.error(request, f"The link to {message.to} was not sent. {message.last_error}")
    else:
        messages.info(
            request,
            f"A link to confirm your address is on its way to {message.to}: open it within "
            "three days.",
        )
