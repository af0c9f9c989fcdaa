from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm

from peerlearn.accounts.models import normalise_email


class EmailAuthenticationForm(AuthenticationForm):
    username = forms.EmailField(
        label="E-mail address",
        widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}),
    )

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": "The e-mail address or password is not right. Check both and try again.",
        "inactive": "This account has been deactivated.",
    }


class InvitingPasswordResetForm(PasswordResetForm):
    """Password reset that also reaches people imported without a password (their invitation)."""

    def get_users(self, email: str) -> Iterator[Any]:
        user_model = get_user_model()
        yield from user_model._default_manager.filter(email=normalise_email(email), is_active=True)


class TokenCreateForm(forms.Form):
    name = forms.CharField(
        label="Token name",
        max_length=100,
        help_text="What the token is for, so you recognise it later (e.g. “HR sync script”).",
    )
    expires_in_days = forms.TypedChoiceField(
        label="Expires",
        coerce=int,
        choices=[(30, "In 30 days"), (90, "In 90 days"), (365, "In a year"), (0, "Never")],
        initial=90,
    )
