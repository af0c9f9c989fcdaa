"""The private calendar feed (no login: the secret in the address is the key) and its settings."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from peerlearn.calendars.ical import ics_calendar
from peerlearn.calendars.selectors import (
    calendar_events_for,
    calendar_feed_by_secret,
    calendar_feed_of,
)
from peerlearn.calendars.services import (
    calendar_feed_mark_used,
    calendar_feed_revoke,
    calendar_feed_rotate,
)
from peerlearn.core.http import AuthenticatedRequest
from peerlearn.core.permissions import actor_for, require_employee

NEW_SECRET_SESSION_KEY = "calendar_feed_secret"  # noqa: S105 - a session key name


def feed_url(request: HttpRequest, secret: str) -> str:
    return request.build_absolute_uri(reverse("calendars:feed", args=[secret]))


@login_required
def feed_settings(request: AuthenticatedRequest) -> HttpResponse:
    person = require_employee(actor_for(request))
    # The address is shown once, right after it is made; only its digest is stored.
    secret = request.session.pop(NEW_SECRET_SESSION_KEY, None)
    return render(
        request,
        "calendars/settings.html",
        {
            "feed": calendar_feed_of(person=person),
            "new_url": feed_url(request, secret) if secret else "",
            "upcoming": [
                event
                for event in calendar_events_for(person=person, since=timezone.now())
                if not event.cancelled
            ][:10],
        },
    )


@login_required
@require_POST
def feed_rotate(request: AuthenticatedRequest) -> HttpResponse:
    person = require_employee(actor_for(request))
    issued = calendar_feed_rotate(person=person)
    request.session[NEW_SECRET_SESSION_KEY] = issued.secret
    messages.success(
        request, "Your new calendar address is ready. Any earlier address has stopped working."
    )
    return redirect("calendars:settings")


@login_required
@require_POST
def feed_revoke(request: AuthenticatedRequest) -> HttpResponse:
    person = require_employee(actor_for(request))
    calendar_feed_revoke(person=person)
    messages.info(request, "Calendar address turned off. Calendars subscribed to it stop updating.")
    return redirect("calendars:settings")


@require_GET
def feed(request: HttpRequest, secret: str) -> HttpResponse:
    found = calendar_feed_by_secret(secret=secret)
    if found is None:
        raise Http404
    calendar_feed_mark_used(feed=found)
    person = found.person
    body = ics_calendar(
        calendar_events_for(person=person),
        name=f"Peer learning · {person.full_name}",
        time_zone=person.time_zone,
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "private, max-age=300"
    response["X-Robots-Tag"] = "noindex"
    return response
