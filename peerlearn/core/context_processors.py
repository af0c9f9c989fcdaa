from __future__ import annotations

from django.http import HttpRequest

from peerlearn.core.navigation import navigation_for
from peerlearn.core.permissions import actor_for


def navigation(request: HttpRequest) -> dict[str, object]:
    actor = actor_for(request)
    section = request.path.strip("/").split("/", 1)[0]
    return {
        "actor": actor,
        "viewer": actor.person,
        "nav_entries": navigation_for(actor, section=section) if actor.is_authenticated else [],
    }
