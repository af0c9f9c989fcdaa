from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from peerlearn.core.next_steps import HOME_LIMIT, next_steps_for
from peerlearn.core.permissions import actor_for
from peerlearn.people.selectors import home_overview


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """Every person's start page: what to do next, for their role."""
    actor = actor_for(request)
    context = {
        "overview": home_overview(actor=actor),
        "next_steps": next_steps_for(actor=actor, limit=HOME_LIMIT),
    }
    return render(request, "core/home.html", context)


def _error(request: HttpRequest, status: int, title: str, detail: str) -> HttpResponse:
    if request.path.startswith("/api/"):
        from peerlearn.core.api import problem

        return problem(status, title, detail)
    return render(request, "core/error.html", {"title": title, "detail": detail}, status=status)


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error(request, 404, "Page not found", "There is nothing here, or you may not see it.")


def forbidden(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error(request, 403, "Not allowed", "You do not have permission to do this.")


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error(request, 400, "Bad request", "The request could not be understood.")


def method_not_allowed(request: HttpRequest) -> HttpResponse:
    return _error(
        request,
        405,
        "This address does not work that way",
        "It is used by a button or form in Peerlearn, not opened directly. Go back and use it "
        "from the page it belongs to.",
    )


def refuse_as_bad_request(request: HttpRequest, detail: str) -> HttpResponse:
    return _error(request, 400, "Bad request", detail)


def server_error(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "core/error.html",
        {"title": "Something went wrong", "detail": "The error has been logged."},
        status=500,
    )
