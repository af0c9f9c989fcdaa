from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils import timezone
from django.views.decorators.http import require_POST

from peerlearn.accounts.forms import (
    EmailAuthenticationForm,
    InvitingPasswordResetForm,
    TokenCreateForm,
)
from peerlearn.accounts.selectors import token_of, tokens_of
from peerlearn.accounts.services import token_create, token_revoke
from peerlearn.core.http import AuthenticatedRequest
from peerlearn.core.pagination import paginate, query_without_page
from peerlearn.core.permissions import require

login = auth_views.LoginView.as_view(
    template_name="accounts/login.html",
    authentication_form=EmailAuthenticationForm,
    redirect_authenticated_user=True,
)
logout = auth_views.LogoutView.as_view()
password_reset = auth_views.PasswordResetView.as_view(
    form_class=InvitingPasswordResetForm,
    template_name="accounts/password_reset_form.html",
    email_template_name="accounts/password_reset_email.txt",
    subject_template_name="accounts/password_reset_subject.txt",
    success_url=reverse_lazy("accounts:password_reset_done"),
)
password_reset_done = auth_views.PasswordResetDoneView.as_view(
    template_name="accounts/password_reset_done.html"
)


class ActiveUserPasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """A reset link e-mailed before someone left no longer sets their password: leaving ends
    every way in. The link reads as one that no longer works, like a used or expired one."""

    def get_user(self, uidb64: str) -> Any:
        user = super().get_user(uidb64)
        return user if user is not None and user.is_active else None


password_reset_confirm = ActiveUserPasswordResetConfirmView.as_view(
    template_name="accounts/password_reset_confirm.html",
    success_url=reverse_lazy("accounts:password_reset_complete"),
)
password_reset_complete = auth_views.PasswordResetCompleteView.as_view(
    template_name="accounts/password_reset_complete.html"
)
password_change = auth_views.PasswordChangeView.as_view(
    template_name="accounts/password_change.html",
    success_url=reverse_lazy("accounts:password_change_done"),
)
password_change_done = auth_views.PasswordChangeDoneView.as_view(
    template_name="accounts/password_change_done.html"
)


@login_required
def tokens(request: AuthenticatedRequest) -> HttpResponse:
    """List my API tokens and create one; the secret is shown once, right after creation."""
    form = TokenCreateForm(request.POST or None)
    secret = None
    if request.method == "POST" and form.is_valid():
        days = form.cleaned_data["expires_in_days"]
        issued = token_create(
            user=request.user,
            name=form.cleaned_data["name"],
            expires_at=timezone.now() + timedelta(days=days) if days else None,
        )
        secret = issued.secret
        form = TokenCreateForm()
    listed = paginate(request, tokens_of(user=request.user))
    status = 201 if secret else 200
    return render(
        request,
        "accounts/tokens.html",
        {
            "form": form,
            "tokens": listed,
            "page_obj": listed,
            "querystring": query_without_page(request),
            "secret": secret,
            "now": timezone.now(),
        },
        status=status,
    )


@login_required
@require_POST
def token_revoke_view(request: AuthenticatedRequest, token_id: uuid.UUID) -> HttpResponse:
    token = token_of(user=request.user, token_id=token_id)
    require(token is not None)
    assert token is not None
    token_revoke(token=token)
    messages.success(request, f"Token “{token.name}” revoked. It no longer works.")
    return redirect("accounts:tokens")
