"""Sign-in and security: a two-factor code, the password to confirm a change,
and the address a password reset link goes to."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms

from keepwarm.web.forms.accounts import Unsuffixed

if TYPE_CHECKING:
    from keepwarm.accounts.models import User


class CodeForm(Unsuffixed, forms.Form):
    """A code from the authenticator app, or (at sign-in) a recovery code."""

    code = forms.CharField(
        max_length=40,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "autofocus": True,
                "autocapitalize": "none",
                "spellcheck": "false",
                "size": 12,
            }
        ),
    )

    def __init__(self, *args: Any, recovery: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["code"]
        if recovery:
            field.label = "Code"
            field.help_text = (
                "The six digits your authenticator app shows now, or one of your recovery codes."
            )
        else:
            field.label = "Code from the app"
            field.help_text = "The six digits it shows for keepwarm now."
            field.widget.attrs["inputmode"] = "numeric"


class PasswordConfirmForm(Unsuffixed, forms.Form):
    """The account's password, asked again before a change that lowers its guard."""

    password = forms.CharField(
        label="Your password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password", "autofocus": True}),
    )

    def __init__(self, user: User, *args: Any, **kwargs: Any) -> None:
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_password(self) -> str:
        password: str = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError("That is not your password.", code="wrong")
        return password


class ResetRequestForm(Unsuffixed, forms.Form):
    email = forms.EmailField(
        label="Your email address",
        max_length=254,
        help_text="The confirmed address of your account.",
        widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}),
    )
