"""Who may do what. Every view and API endpoint asks here; the privacy rules of DESIGN.md live here.

Roles are derived, not stored separately:
- an *employee* is any person with an active login;
- a *manager* is a person with reports (the rules use the whole reporting line below them);
- a *programme admin* (L&D / people ops) has `Person.is_programme_admin`.

Objects a viewer may not see are reported as missing (404), never as forbidden, so their
existence does not leak; `require()` makes that the default.
"""

from __future__ import annotations

import enum
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any

from django.http import Http404, HttpRequest

if TYPE_CHECKING:
    from peerlearn.activities.models import LearningActivity
    from peerlearn.people.models import Person


@dataclass
class Actor:
    """The person behind a request, with the facts permission rules need, computed once."""

    user: Any
    person: Person | None
    # Per-request memo for rules elsewhere (e.g. a viewer's space roles in the hub).
    _cache: dict[str, object] = field(default_factory=dict, repr=False)
    _manages_cache: dict[uuid.UUID, bool] = field(default_factory=dict, repr=False)

    @property
    def is_authenticated(self) -> bool:
        return bool(self.user.is_authenticated and self.user.is_active)

    @property
    def is_employee(self) -> bool:
        return self.is_authenticated and self.person is not None and self.person.is_active

    @property
    def is_programme_admin(self) -> bool:
        if not self.is_authenticated:
            return False
        if self.user.is_superuser:
            return True
        return self.person is not None and self.person.is_active and self.person.is_programme_admin

    @property
    def person_id(self) -> uuid.UUID | None:
        return self.person.id if self.person is not None else None

    @cached_property
    def managed_person_ids(self) -> frozenset[uuid.UUID]:
        """Everyone below this person in the reporting line (direct and indirect reports)."""
        from peerlearn.people.selectors import reporting_line_below

        if not self.is_employee or self.person is None:
            return frozenset()
        return reporting_line_below(person_id=self.person.id)

    @cached_property
    def is_manager(self) -> bool:
        """Has at least one active direct report: one indexed query, asked on every page."""
        from peerlearn.people.models import Person

        if "managed_person_ids" in self.__dict__:
            return bool(self.managed_person_ids)
        if not self.is_employee or self.person is None:
            return False
        return Person.objects.filter(manager_id=self.person.id, is_active=True).exists()

    def is_self(self, person: Person) -> bool:
        return self.person is not None and self.person.id == person.id

    def manages(self, person: Person) -> bool:
        """Is the person anywhere below this actor in the reporting line?

        Walks up from the person (a handful of rows) unless the whole line below the actor
        is already loaded; a CEO would otherwise load every id in the company for one check.
        """
        if "managed_person_ids" in self.__dict__:
            return person.id in self.managed_person_ids
        if not self.is_employee or self.person is None:
            return False
        known = self._manages_cache.get(person.id)
        if known is None:
            from peerlearn.people.selectors import manager_ids_above

            known = self.person.id in manager_ids_above(person_id=person.id)
            self._manages_cache[person.id] = known
        return known


ANONYMOUS_ACTOR_KEY = "_peerlearn_actor"


def actor_for(request: HttpRequest) -> Actor:
    """The actor for a request, built once per request."""
    cached = getattr(request, ANONYMOUS_ACTOR_KEY, None)
    if isinstance(cached, Actor) and cached.user is request.user:
        return cached
    user = request.user
    person = None
    if user.is_authenticated:
        from peerlearn.people.models import Person

        person = (
            Person.objects.select_related("team", "job_family", "level")
            .filter(user_id=user.pk)
            .first()
        )
    actor = Actor(user=user, person=person)
    setattr(request, ANONYMOUS_ACTOR_KEY, actor)
    return actor


def actor_of(person: Person) -> Actor:
    """The person as an actor, for work done on their behalf outside a request (jobs, services)."""
    return Actor(user=person.user, person=person)


def require(allowed: bool) -> None:
    """Deny as if the object did not exist (no existence leak)."""
    if not allowed:
        raise Http404("Not found")


def require_employee(actor: Actor) -> Person:
    """The employee behind a page: what only employees do (take part, write, be notified).

    Anyone else, a login without an active profile included, gets 404 like a missing page.
    """
    require(actor.is_employee and actor.person is not None)
    assert actor.person is not None
    return actor.person


# --- people and the skill graph -------------------------------------------------------------


def can_use_directory(actor: Actor) -> bool:
    return actor.is_employee or actor.is_programme_admin


def can_view_person(actor: Actor, person: Person) -> bool:
    """The directory is open to colleagues; people who have left are visible to admins only."""
    if not can_use_directory(actor):
        return False
    return person.is_active or actor.is_programme_admin


def can_edit_person(actor: Actor, person: Person) -> bool:
    """A person edits their own profile, skills and goals; programme admins may correct them."""
    return can_view_person(actor, person) and (actor.is_self(person) or actor.is_programme_admin)


# The organisation's records: they come from HR (import or an admin), not from the person,
# because matching and analytics rely on them (a self-promoted level would skew both).
ORGANISATION_RECORD_FIELDS = frozenset(
    {"team", "job_family", "level", "hire_date", "manager", "is_programme_admin"}
)


def can_change_organisation_record(actor: Actor, person: Person) -> bool:
    return can_view_person(actor, person) and actor.is_programme_admin


def can_endorse(actor: Actor, person: Person) -> bool:
    return actor.is_employee and person.is_active and not actor.is_self(person)


def can_view_progress(actor: Actor, person: Person) -> bool:
    """Goals and participation: the person, their managers up the line, and programme admins."""
    if not can_view_person(actor, person):
        return False
    return actor.is_self(person) or actor.manages(person) or actor.is_programme_admin


def can_manage_organisation(actor: Actor) -> bool:
    """Import people, edit the skill taxonomy, teams and levels, (de)activate people."""
    return actor.is_programme_admin


# --- learning activities --------------------------------------------------------------------


class ActivityAccess(enum.IntEnum):
    NONE = 0
    METADATA = 1  # that it happened: format, action, roles, dates, status
    FULL = 2  # also title, outcome and rating


def activity_access(
    actor: Actor, activity: LearningActivity, participant_ids: Iterable[uuid.UUID]
) -> ActivityAccess:
    """Participants and (for organisation-wide activities) every colleague read the content;
    managers of a participant and programme admins see only that it happened."""
    from peerlearn.activities.models import ActivityVisibility

    if not actor.is_authenticated:
        return ActivityAccess.NONE
    ids = set(participant_ids)
    if actor.person_id in ids:
        return ActivityAccess.FULL
    if activity.visibility == ActivityVisibility.ORGANISATION and actor.is_employee:
        return ActivityAccess.FULL
    if actor.is_programme_admin or ids & actor.managed_person_ids:
        return ActivityAccess.METADATA
    return ActivityAccess.NONE
