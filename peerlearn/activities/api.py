"""The learning-activity record under /api/v1/activities, always through the caller's access."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Query, Router

from peerlearn.activities.models import LearningActivity
from peerlearn.activities.schemas import ActivityFilters, ActivityOut
from peerlearn.activities.selectors import (
    VisibleActivity,
    activity_feed,
    activity_get_visible,
    visible_activities,
)
from peerlearn.core.api import ERROR_RESPONSES, Pagination, api_actor, paginate
from peerlearn.core.permissions import actor_for, require

router = Router(tags=["activities"])


class VisibleActivityPagination(Pagination):
    """Each row on the page carries the caller's access level, which decides what it shows."""

    def present(self, items: list[Any], request: HttpRequest) -> Iterable[VisibleActivity]:
        return visible_activities(actor=actor_for(request), activities=items)


@router.get("/activities", response=list[ActivityOut], summary="Activities I may see")
@paginate(VisibleActivityPagination)
def activity_list(
    request: HttpRequest, filters: Query[ActivityFilters]
) -> QuerySet[LearningActivity]:
    """Newest first: mine, my reports' (metadata only), and organisation-wide ones."""
    actor = api_actor(request)
    return activity_feed(
        actor=actor, person_id=filters.person, format=filters.format, since=filters.since
    )


@router.get("/activities/{activity_id}", response={200: ActivityOut, **ERROR_RESPONSES})
def activity_detail(request: HttpRequest, activity_id: uuid.UUID) -> VisibleActivity:
    shown = activity_get_visible(actor=api_actor(request), activity_id=activity_id)
    require(shown is not None)
    assert shown is not None
    return shown
