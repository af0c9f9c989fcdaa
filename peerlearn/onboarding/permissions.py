"""Who may see and do what in an onboarding.

- The new starter and their buddy work the plan: tick items, record milestones. Only the new
  starter answers (and reads) the confidence question.
- The new starter's managers (up the line) and programme admins see the checklist progress and
  milestone dates, add items and choose the buddy.
- Anyone else gets 404.
"""

from __future__ import annotations

import enum

from peerlearn.core.permissions import Actor
from peerlearn.onboarding.models import Onboarding, OnboardingStatus
from peerlearn.people.models import Person


class OnboardingRole(enum.IntEnum):
    NONE = 0
    ADMIN = 1
    MANAGER = 2
    BUDDY = 3
    NEW_STARTER = 4


def onboarding_role(actor: Actor, onboarding: Onboarding) -> OnboardingRole:
    if not actor.is_authenticated:
        return OnboardingRole.NONE
    if actor.is_employee and actor.person_id == onboarding.new_starter_id:
        return OnboardingRole.NEW_STARTER
    if actor.is_employee and actor.person_id == onboarding.buddy_id:
        return OnboardingRole.BUDDY
    if onboarding.new_starter_id in actor.managed_person_ids:
        return OnboardingRole.MANAGER
    if actor.is_programme_admin:
        return OnboardingRole.ADMIN
    return OnboardingRole.NONE


def can_view_onboarding(actor: Actor, onboarding: Onboarding) -> bool:
    return onboarding_role(actor, onboarding) != OnboardingRole.NONE


def can_work_plan(actor: Actor, onboarding: Onboarding) -> bool:
    """Tick items and record milestones: the new starter and the buddy, while it runs."""
    return onboarding.status == OnboardingStatus.ACTIVE and onboarding_role(actor, onboarding) in (
        OnboardingRole.NEW_STARTER,
        OnboardingRole.BUDDY,
    )


def can_manage_onboarding(actor: Actor, onboarding: Onboarding) -> bool:
    """Add items, choose the buddy, cancel: the new starter's managers, programme admins."""
    return onboarding.status == OnboardingStatus.ACTIVE and onboarding_role(actor, onboarding) in (
        OnboardingRole.MANAGER,
        OnboardingRole.ADMIN,
    )


def can_add_items(actor: Actor, onboarding: Onboarding) -> bool:
    return can_manage_onboarding(actor, onboarding) or (
        onboarding.status == OnboardingStatus.ACTIVE
        and onboarding_role(actor, onboarding) == OnboardingRole.BUDDY
    )


def can_start_onboarding_for(actor: Actor, person: Person) -> bool:
    return actor.is_programme_admin or (actor.is_employee and actor.manages(person))


def can_manage_templates(actor: Actor) -> bool:
    return actor.is_programme_admin
