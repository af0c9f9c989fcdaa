from __future__ import annotations

import zoneinfo
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, UnreadablePostError
from django.http.multipartparser import MultiPartParserError
from django.utils import timezone

from peerlearn.core.permissions import actor_for


class ViewerTimezoneMiddleware:
    """Show every date in the viewer's own time zone."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        person = actor_for(request).person if request.user.is_authenticated else None
        if person is not None:
            try:
                timezone.activate(zoneinfo.ZoneInfo(person.time_zone))
            except (zoneinfo.ZoneInfoNotFoundError, ValueError):
                timezone.deactivate()
        else:
            timezone.deactivate()
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()


FORM_CONTENT_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


class RejectNulCharactersMiddleware:
    """Refuse NUL characters in the path, query string or form fields with a 400.

    PostgreSQL text cannot hold NUL, so a query or a save containing one fails deep inside the
    database driver; refusing it here keeps every page and filter safe in one place. Uploaded
    file contents are not form fields and may contain any bytes. JSON bodies are checked by the
    API (peerlearn.core.api), which knows how to parse them.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        from peerlearn.core.views import refuse_as_bad_request

        try:
            contains_nul = self._contains_nul(request)
        except (MultiPartParserError, UnreadablePostError):
            return refuse_as_bad_request(request, "The form data could not be read.")
        if contains_nul:
            return refuse_as_bad_request(request, "Text may not contain NUL characters.")
        return self.get_response(request)

    @staticmethod
    def _contains_nul(request: HttpRequest) -> bool:
        if "\x00" in request.path:
            return True
        fields = [request.GET]
        if request.method not in {"GET", "HEAD"} and (request.content_type or "").startswith(
            FORM_CONTENT_TYPES
        ):
            fields.append(request.POST)
        return any(
            "\x00" in key or any("\x00" in value for value in values)
            for query in fields
            for key, values in query.lists()
        )


class MethodNotAllowedPageMiddleware:
    """Give Django's empty 405 (from `require_POST` and friends) a page that says what happened.

    Someone who opens a POST-only address by hand (a bookmarked "sign out" link, say) would see
    a blank page. The API answers its own 405s as problem+json and is left alone.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if response.status_code != 405 or response.streaming or response.content:
            return response
        from peerlearn.core.views import method_not_allowed

        page = method_not_allowed(request)
        if response.has_header("Allow"):
            page["Allow"] = response["Allow"]
        return page
