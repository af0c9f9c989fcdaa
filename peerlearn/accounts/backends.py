from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.http import HttpRequest

from peerlearn.accounts.models import normalise_email


class EmailBackend(ModelBackend):
    """Log in with an e-mail address in any letter case.

    Inactive users are refused here and, through ModelBackend.get_user, on every later request,
    so deactivating a person ends their sessions at once.
    """

    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> Any:
        email = kwargs.get("email", username)
        if email is None or password is None:
            return None
        return super().authenticate(request, username=normalise_email(email), password=password)
