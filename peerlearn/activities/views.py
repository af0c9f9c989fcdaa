""" "My learning": the viewer's own learning activities, across every format."""

from __future__ import annotations

import uuid

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render

from peerlearn.activities.forms import ActivityFilterForm
from peerlearn.activities.models import ActivityFormat, LearningActivity
from peerlearn.activities.selectors import (
    activity_feed,
    activity_get_visible,
    participation_counts,
    visible_activities,
)
from peerlearn.core.http import AuthenticatedRequest
from peerlearn.core.next_steps import next_steps_for
from peerlearn.core.pagination import paginate, query_without_page
from peerlearn.core.permissions import ActivityAccess, actor_for, can_use_directory, require


@login_required
def mine(request: AuthenticatedRequest) -> HttpResponse:
    actor = actor_for(request)
    require(can_use_directory(actor))
    form = ActivityFilterForm(request.GET or None)
    chosen = form.cleaned_data.get("format", "") if form.is_valid() else ""
    if actor.person is not None:
        activities = activity_feed(actor=actor, person_id=actor.person.id, format=chosen or None)
        totals = participation_counts(person_ids=[actor.person.id]).get(actor.person.id, {})
    else:
        activities = LearningActivity.objects.none()
        totals = {}
    page = paginate(request, activities)
    context = {
        "form": form,
        "page_obj": page,
        "items": visible_activities(actor=actor, activities=page.object_list),
        "querystring": query_without_page(request),
        "totals": sorted(
            ((label, totals[value]) for value, label in ActivityFormat.choices if value in totals),
            key=lambda pair: -pair[1],
        ),
        "total": sum(totals.values()),
        "filtered": bool(chosen),
        # Every next step (the home page shows the first few), above the history's first page.
        "next_steps": next_steps_for(actor=actor) if page.number == 1 else None,
    }
    return render(request, "activities/mine.html", context)


@login_required
def detail(request: AuthenticatedRequest, activity_id: uuid.UUID) -> HttpResponse:
    """Content for participants (and organisation-wide activities); only that it happened for
    a participant's managers and programme admins; not found for anyone else."""
    actor = actor_for(request)
    shown = activity_get_visible(actor=actor, activity_id=activity_id)
    require(shown is not None)
    assert shown is not None
    context = {
        "item": shown,
        "full": shown.access == ActivityAccess.FULL,
        "participants": list(shown.activity.participants.all()),
    }
    return render(request, "activities/detail.html", context)
