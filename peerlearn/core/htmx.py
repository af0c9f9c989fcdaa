"""Answering htmx: when a request wants only a part of a page, and keeping the two apart.

A page that answers htmx with a fragment must still answer everything else with the whole
page: a history restore (the back button after `hx-push-url`, sent with
HX-History-Restore-Request) needs the page, and so does a plain request for a URL a cache has
already seen as a fragment, which is why such responses vary on the htmx headers.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_vary_headers

HTMX_VARY_HEADERS = ("HX-Request", "HX-Target")


def is_htmx(request: HttpRequest) -> bool:
    """An htmx request that will swap a part of the page (not a history restore)."""
    htmx = getattr(request, "htmx", None)
    return htmx is not None and bool(htmx) and not htmx.history_restore_request


def htmx_target(request: HttpRequest, target: str) -> bool:
    """An htmx request that wants only the element with the id `target`."""
    return is_htmx(request) and request.htmx.target == target  # type: ignore[attr-defined]


def vary_on_htmx(response: HttpResponse) -> HttpResponse:
    """Mark a response that depends on the htmx headers, so no cache serves one for the other."""
    patch_vary_headers(response, HTMX_VARY_HEADERS)
    return response
