"""Your private calendar feed under /api/v1/: see it, make a new address, turn it off."""

import datetime as dt
from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from ninja import Router, Schema, Status

from peerlearn.calendars.selectors import calendar_feed_of
from peerlearn.calendars.services import calendar_feed_revoke, calendar_feed_rotate
from peerlearn.core.api import ERROR_RESPONSES, api_employee

router = Router(tags=["calendar"])


class FeedOut(Schema):
    active: bool
    prefix: str | None
    created_at: dt.datetime | None
    last_used_at: dt.datetime | None


class NewFeedOut(Schema):
    url: str
    prefix: str
    created_at: dt.datetime


@router.get("/calendar-feed", response={200: FeedOut, **ERROR_RESPONSES})
def get_feed(request: HttpRequest) -> dict[str, Any]:
    """Whether your feed address is on (the address itself is shown only when made)."""
    _, person = api_employee(request)
    feed = calendar_feed_of(person=person)
    return {
        "active": feed is not None,
        "prefix": feed.prefix if feed else None,
        "created_at": feed.created_at if feed else None,
        "last_used_at": feed.last_used_at if feed else None,
    }


@router.post("/calendar-feed", response={201: NewFeedOut, **ERROR_RESPONSES})
def make_feed(request: HttpRequest) -> Status[Any]:
    """A new secret feed address (any earlier one stops working). Shown once: keep it."""
    _, person = api_employee(request)
    issued = calendar_feed_rotate(person=person)
    url = request.build_absolute_uri(reverse("calendars:feed", args=[issued.secret]))
    return Status(
        201, {"url": url, "prefix": issued.feed.prefix, "created_at": issued.feed.created_at}
    )


@router.delete("/calendar-feed", response={204: None, **ERROR_RESPONSES})
def revoke_feed(request: HttpRequest) -> Status[None]:
    _, person = api_employee(request)
    calendar_feed_revoke(person=person)
    return Status(204, None)
