"""What every API endpoint shares: authentication, problem-details errors and pagination.

Errors follow RFC 9457 (problem details): a JSON body with `type`, `title`, `status`, `detail`
and, for invalid input, `errors` naming each field; content type application/problem+json.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from ninja import Field, NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.pagination import PageNumberPagination
from ninja.security import HttpBearer, SessionAuth

from peerlearn.accounts.services import token_authenticate
from peerlearn.core.permissions import Actor, actor_for

MAX_PAGE = 10_000


class TokenAuth(HttpBearer):
    """`Authorization: Bearer plp_…` with a personal access token."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        user = token_authenticate(secret=token.strip())
        if user is None:
            return None
        request.user = user
        return user


API_AUTH = [TokenAuth(), SessionAuth()]


def api_actor(request: HttpRequest) -> Actor:
    """The actor behind an authenticated API call; a login without a profile cannot use the API."""
    actor = actor_for(request)
    if not (actor.is_employee or actor.is_programme_admin):
        raise HttpError(403, "This login has no active Peerlearn profile.")
    return actor


class Pagination(PageNumberPagination):
    """Page numbers bounded so no request can ask the database for an absurd offset."""

    class Input(Schema):
        page: int = Field(1, ge=1, le=MAX_PAGE)
        page_size: int | None = Field(None, ge=1, le=200)


def problem(
    status: int, title: str, detail: str = "", errors: list[dict[str, str]] | None = None
) -> JsonResponse:
    body: dict[str, Any] = {"type": "about:blank", "title": title, "status": status}
    if detail:
        body["detail"] = detail
    if errors is not None:
        body["errors"] = errors
    return JsonResponse(body, status=status, content_type="application/problem+json")


def django_validation_errors(exc: DjangoValidationError) -> list[dict[str, str]]:
    if hasattr(exc, "error_dict"):
        return [
            {"field": "" if name == "__all__" else name, "message": message}
            for name, messages in exc.message_dict.items()
            for message in messages
        ]
    return [{"field": "", "message": message} for message in exc.messages]


def install_problem_handlers(api: NinjaAPI) -> None:
    @api.exception_handler(NinjaValidationError)
    def invalid_request(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
        errors = [
            {
                "field": ".".join(str(part) for part in error.get("loc", ())[1:]),
                "message": str(error.get("msg", "Invalid value.")),
            }
            for error in exc.errors
        ]
        return problem(422, "Invalid request", "Some values are missing or invalid.", errors)

    @api.exception_handler(DjangoValidationError)
    def invalid_change(request: HttpRequest, exc: DjangoValidationError) -> HttpResponse:
        return problem(
            422, "Invalid request", "The change was refused.", django_validation_errors(exc)
        )

    @api.exception_handler(AuthenticationError)
    def unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        response = problem(
            401,
            "Authentication required",
            "Send a personal access token as 'Authorization: Bearer <token>'.",
        )
        response["WWW-Authenticate"] = 'Bearer realm="peerlearn"'
        return response

    @api.exception_handler(HttpError)
    def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        return problem(exc.status_code, str(exc) or "Error")

    @api.exception_handler(Http404)
    def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
        return problem(404, "Not found", "There is nothing here, or you may not see it.")

    @api.exception_handler(PermissionDenied)
    def forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
        return problem(403, "Forbidden", str(exc) or "You may not do this.")
