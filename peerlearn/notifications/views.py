"""The notifications page: a person's own notifications, newest first."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from peerlearn.core.http import AuthenticatedRequest
from peerlearn.core.pagination import paginate, query_without_page
from peerlearn.core.permissions import actor_for, require, require_employee
from peerlearn.notifications.selectors import notification_get_for, notifications_for
from peerlearn.notifications.services import (
    notification_mark_read,
    notifications_mark_all_read,
)


@login_required
def notification_list(request: AuthenticatedRequest) -> HttpResponse:
    person = require_employee(actor_for(request))
    unread_only = request.GET.get("show") == "unread"
    page = paginate(request, notifications_for(recipient=person, unread_only=unread_only))
    return render(
        request,
        "notifications/list.html",
        {
            "page_obj": page,
            "unread_only": unread_only,
            "querystring": query_without_page(request),
        },
    )


@login_required
@require_POST
def notification_open(request: AuthenticatedRequest, notification_id: uuid.UUID) -> HttpResponse:
    person = require_employee(actor_for(request))
    notification = notification_get_for(recipient=person, notification_id=notification_id)
    require(notification is not None)
    assert notification is not None
    notification_mark_read(notification=notification)
    target = notification.target_url
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect(target)
    return redirect("notifications:list")


@login_required
@require_POST
def notification_read_all(request: AuthenticatedRequest) -> HttpResponse:
    person = require_employee(actor_for(request))
    count = notifications_mark_all_read(recipient=person)
    messages.success(request, f"Marked {count} notification{'s' if count != 1 else ''} as read.")
    return redirect("notifications:list")
