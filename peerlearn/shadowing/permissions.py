"""Who may see and do what in role shadowing.

The observer and the host see everything (request, plan, both debriefs). Managers of either and
programme admins see who, status and dates. Anyone else gets 404.
"""

from __future__ import annotations

import enum

from peerlearn.core.permissions import Actor
from peerlearn.shadowing.models import ShadowingRequest, ShadowingStatus


class ShadowingAccess(enum.IntEnum):
    NONE = 0
    OVERVIEW = 1
    PARTICIPANT = 2


def shadowing_access(actor: Actor, request: ShadowingRequest) -> ShadowingAccess:
    if not actor.is_authenticated:
        return ShadowingAccess.NONE
    if actor.is_employee and actor.person_id in (request.host_id, request.observer_id):
        return ShadowingAccess.PARTICIPANT
    if actor.is_programme_admin:
        return ShadowingAccess.OVERVIEW
    managed = actor.managed_person_ids
    if request.host_id in managed or request.observer_id in managed:
        return ShadowingAccess.OVERVIEW
    return ShadowingAccess.NONE


def is_host(actor: Actor, request: ShadowingRequest) -> bool:
    return actor.is_employee and actor.person_id == request.host_id


def is_observer(actor: Actor, request: ShadowingRequest) -> bool:
    return actor.is_employee and actor.person_id == request.observer_id


def can_plan(actor: Actor, request: ShadowingRequest) -> bool:
    return shadowing_access(actor, request) == ShadowingAccess.PARTICIPANT and request.status in (
        ShadowingStatus.REQUESTED,
        ShadowingStatus.ACCEPTED,
    )
