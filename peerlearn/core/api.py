"""What every API endpoint shares: authentication, problem-details errors and pagination.

Errors follow RFC 9457 (problem details): a JSON body with `type`, `title`, `status`, `detail`
and, for invalid input, `errors` naming each field; content type application/problem+json.

Conventions every endpoint follows:
- 401 (with `WWW-Authenticate`): no valid token or session.
- 404: the object does not exist *or the caller may not see it* (no existence leak); a path id
  that is not even well-formed is simply "not here" too.
- 403: the caller can see the object (or the collection) but may not make this change.
- 422: the input is invalid; `errors` names each field. 400: the body is not JSON at all.
- 405 (with `Allow`), 415: wrong method, or a body that is not JSON.
"""

from __future__ import annotations

import functools
import typing
from collections.abc import Callable, Iterable
from http import HTTPStatus
from typing import TYPE_CHECKING, Any, TypeVar, cast

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed, JsonResponse
from django.urls import URLPattern, URLResolver
from ninja import Field, NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.openapi.schema import OpenAPISchema
from ninja.pagination import PageNumberPagination, PaginationBase
from ninja.pagination import paginate as ninja_paginate
from ninja.security import HttpBearer, SessionAuth

from peerlearn.accounts.services import token_authenticate
from peerlearn.core.permissions import Actor, actor_for

if TYPE_CHECKING:
    from peerlearn.people.models import Person

MAX_PAGE = 10_000
DEFAULT_PAGE_SIZE = 25
MAX_PAGE_SIZE = 100
PROBLEM_CONTENT_TYPE = "application/problem+json"
BODY_METHODS = frozenset({"POST", "PUT", "PATCH"})


class TokenAuth(HttpBearer):
    """`Authorization: Bearer plp_…` with a personal access token."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        user = token_authenticate(secret=token.strip())
        if user is None:
            return None
        request.user = user
        return user


class BrowserSessionAuth(SessionAuth):
    """The browser's login session; unsafe methods must carry the CSRF token.

    ninja checks CSRF before it looks at the session, so a request with a bad token and no
    session would be refused as a CSRF failure (403); it is simply unauthenticated (401).
    """

    def __call__(self, request: HttpRequest) -> Any:
        if not request.user.is_authenticated:
            return None
        return super().__call__(request)


API_AUTH = [TokenAuth(), BrowserSessionAuth()]


def api_actor(request: HttpRequest) -> Actor:
    """The actor behind an authenticated API call; a login without a profile cannot use the API."""
    actor = actor_for(request)
    if not (actor.is_employee or actor.is_programme_admin):
        raise HttpError(403, "This login has no active Peerlearn profile.")
    return actor


def forbid_unless(allowed: bool, message: str) -> None:
    """Refuse a change to something the caller can see (403); see `permissions.require` for 404."""
    if not allowed:
        raise HttpError(403, message)


def forbid_unless_employee(actor: Actor) -> Person:
    """The employee an API caller acts as; a caller without an active profile (a superuser's
    login, say) may read what admins read but not take part: 403."""
    forbid_unless(actor.is_employee and actor.person is not None, "Only employees can do this.")
    assert actor.person is not None
    return actor.person


def api_employee(request: HttpRequest) -> tuple[Actor, Person]:
    """The actor behind an API call and the employee they are (see `forbid_unless_employee`)."""
    actor = api_actor(request)
    return actor, forbid_unless_employee(actor)


class Pagination(PageNumberPagination):
    """Page numbers bounded so no request can ask the database for an absurd offset."""

    class Input(Schema):
        page: int = Field(1, ge=1, le=MAX_PAGE, description="1-based page number.")
        page_size: int = Field(
            DEFAULT_PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE, description="Items per page."
        )

    class Output(Schema):
        items: list[Any]
        count: int = Field(..., description="How many items match, over all pages.")
        page: int
        page_size: int

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(page_size=DEFAULT_PAGE_SIZE, max_page_size=MAX_PAGE_SIZE, **kwargs)

    def paginate_queryset(
        self,
        queryset: QuerySet[Any],
        pagination: Any,
        request: HttpRequest,
        **params: Any,
    ) -> Any:
        page_size = self._get_page_size(pagination.page_size)
        offset = (pagination.page - 1) * page_size
        count = self._items_count(queryset)
        # Counting first spares the database a second scan when the page would be empty.
        items = list(queryset[offset : offset + page_size]) if offset < count else []
        return {
            "items": self.present(items, request),
            "count": count,
            "page": pagination.page,
            "page_size": page_size,
        }

    def present(self, items: list[Any], request: HttpRequest) -> Iterable[Any]:
        """Turn one page of rows into what the response schema reads (a hook for subclasses)."""
        return items


View = TypeVar("View", bound=Callable[..., Any])


def paginate(pagination: type[PaginationBase] = Pagination) -> Callable[[View], View]:
    """ninja's @paginate that also works in modules with `from __future__ import annotations`.

    ninja reads a paginated view's string annotations in ninja.pagination's namespace, where
    the endpoint's schemas are unknown, and the endpoint then fails; resolving them here, in
    the endpoint's own module, first avoids that.
    """

    def decorate(view: View) -> View:
        view.__annotations__ = typing.get_type_hints(view, include_extras=True)
        return cast(View, ninja_paginate(pagination)(view))

    return decorate


class Problem(Schema):
    """An error, as RFC 9457 problem details."""

    type: str = Field("about:blank", examples=["about:blank"])
    title: str = Field(..., examples=["Invalid request"])
    status: int = Field(..., examples=[422])
    detail: str | None = Field(None, examples=["Some values are missing or invalid."])
    errors: list[dict[str, str]] | None = Field(
        None, examples=[[{"field": "level", "message": "Input should be less than or equal to 4"}]]
    )


# Responses every authenticated endpoint may give, for the OpenAPI document.
ERROR_RESPONSES: dict[int, type[Schema]] = {
    401: Problem,
    403: Problem,
    404: Problem,
    422: Problem,
}

# For operations that answer a file rather than JSON. The key is the int 200 on purpose: ninja
# keys its own responses by int, and a "200" string beside them is a duplicate key in the JSON
# document, which Swagger UI refuses to render.
ICALENDAR_RESPONSE: dict[str, Any] = {
    "responses": {
        200: {
            "description": "An iCalendar file (RFC 5545).",
            "content": {"text/calendar": {"schema": {"type": "string"}}},
        }
    }
}


def problem(
    status: int, title: str, detail: str = "", errors: list[dict[str, str]] | None = None
) -> JsonResponse:
    body: dict[str, Any] = {"type": "about:blank", "title": title, "status": status}
    if detail:
        body["detail"] = detail
    if errors is not None:
        body["errors"] = errors
    return JsonResponse(body, status=status, content_type=PROBLEM_CONTENT_TYPE)


def django_validation_errors(exc: DjangoValidationError) -> list[dict[str, str]]:
    if hasattr(exc, "error_dict"):
        return [
            {"field": "" if name == "__all__" else name, "message": message}
            for name, messages in exc.message_dict.items()
            for message in messages
        ]
    return [{"field": "", "message": message} for message in exc.messages]


def _field_name(location: Iterable[Any]) -> str:
    """ninja locates errors as (source, parameter, field…); clients know fields by name only."""
    parts = [str(part) for part in location]
    if parts[:1] == ["body"]:
        parts = parts[2:]  # drop "body" and the name of the endpoint's payload argument
    elif parts:
        parts = parts[1:]
    return ".".join(parts)


def install_problem_handlers(api: NinjaAPI) -> None:
    @api.exception_handler(NinjaValidationError)
    def invalid_request(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
        if any(tuple(error.get("loc", ()))[:1] == ("path",) for error in exc.errors):
            # A malformed id names nothing that could exist: answer like any missing object.
            return problem(404, "Not found", "There is nothing here, or you may not see it.")
        errors = [
            {
                "field": _field_name(error.get("loc", ())),
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
        return problem(exc.status_code, _status_phrase(exc.status_code), str(exc))

    @api.exception_handler(Http404)
    def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
        return problem(404, "Not found", "There is nothing here, or you may not see it.")

    @api.exception_handler(PermissionDenied)
    def forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
        return problem(403, "Forbidden", str(exc) or "You may not do this.")


def _status_phrase(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Error"


def _is_json(content_type: str) -> bool:
    return content_type == "application/json" or content_type.endswith("+json")


def _declared_length(request: HttpRequest) -> int:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0


def _contains_nul(request: HttpRequest) -> bool:
    """NUL cannot be stored in PostgreSQL text. The path, query and form fields are checked for
    every request by core.middleware.RejectNulCharactersMiddleware; JSON bodies here."""
    if request.method not in BODY_METHODS or not _is_json(request.content_type or ""):
        return False
    body = request.body
    return b"\x00" in body or b"\\u0000" in body


def _answer_as_problem(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Refusals ninja answers before any endpoint runs also become problem bodies."""

    @functools.wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        # The content type is judged from headers: a form body may already have been read
        # by the NUL check in core.middleware, after which request.body is gone.
        if (
            request.method in BODY_METHODS
            and _declared_length(request) > 0
            and not _is_json(request.content_type or "")
        ):
            return problem(
                415,
                "Unsupported media type",
                "Send the body as JSON with 'Content-Type: application/json'.",
            )
        if _contains_nul(request):
            return problem(400, "Bad request", "Text may not contain NUL characters.")
        response = view(request, *args, **kwargs)
        if isinstance(response, HttpResponseNotAllowed):
            allowed = response["Allow"]
            response = problem(
                405, "Method not allowed", f"This address answers to {allowed}.", None
            )
            response["Allow"] = allowed
        return response

    return wrapped


def _wrap_patterns(
    patterns: Iterable[URLPattern | URLResolver],
) -> list[URLPattern | URLResolver]:
    wrapped: list[URLPattern | URLResolver] = []
    for pattern in patterns:
        if isinstance(pattern, URLPattern):
            pattern = URLPattern(
                pattern.pattern,
                _answer_as_problem(pattern.callback),
                pattern.default_args,
                pattern.name,
            )
        wrapped.append(pattern)
    return wrapped


class PeerlearnAPI(NinjaAPI):
    """NinjaAPI whose every answer, including ninja's own refusals, is a problem body on error."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        install_problem_handlers(self)
        self._schemas: dict[str, OpenAPISchema] = {}

    def get_openapi_schema(
        self, *, path_prefix: str | None = None, path_params: dict[str, Any] | None = None
    ) -> OpenAPISchema:
        """The document, with error responses under the media type they are really sent as.

        Built once per process (about half a second for every operation) and shared: the
        routes cannot change while the process runs. Callers must not change it.
        """
        if path_prefix is None:
            path_prefix = self.get_root_path(path_params or {})
        if path_prefix not in self._schemas:
            self._schemas[path_prefix] = self._build_openapi_schema(path_prefix)
        return self._schemas[path_prefix]

    def _build_openapi_schema(self, path_prefix: str) -> OpenAPISchema:
        schema = super().get_openapi_schema(path_prefix=path_prefix)
        for path_item in schema.get("paths", {}).values():
            for operation in path_item.values():
                for status, response in operation.get("responses", {}).items():
                    content = response.get("content", {})
                    if str(status).startswith("4") and "application/json" in content:
                        content[PROBLEM_CONTENT_TYPE] = content.pop("application/json")
        return schema

    @property
    def urls(self) -> tuple[list[URLResolver | URLPattern], str, str]:
        patterns, app_name, namespace = super().urls
        return _wrap_patterns(patterns), app_name, namespace
