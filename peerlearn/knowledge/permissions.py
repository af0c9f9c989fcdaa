"""Who may read and change hub content; the knowledge rules of the permissions layer.

- A public space is open to every colleague; a private space (and every page in it) to its
  members only: programme admins are not members by default and do not see private spaces.
- A draft or a page in review is visible to its authors (the author and the owners) and to its
  reviewer only; published pages to everyone who may see the space.
- Owners and space admins edit published pages and verify them; the reviewer approves.
Anything a viewer may not see answers as missing (404) through `core.permissions.require`.
"""

from __future__ import annotations

import uuid
from collections.abc import Collection

from peerlearn.core.permissions import Actor, can_use_directory
from peerlearn.knowledge.models import Page, PageStatus, Space, SpaceMembership, SpaceRole

_ROLES_KEY = "knowledge.space_roles"


def space_roles(actor: Actor) -> dict[uuid.UUID, str]:
    """The actor's role in each space they belong to, read once per request."""
    cached = actor._cache.get(_ROLES_KEY)
    if isinstance(cached, dict):
        return cached
    roles: dict[uuid.UUID, str] = {}
    if actor.person is not None and actor.is_authenticated:
        roles = dict(
            SpaceMembership.objects.filter(person_id=actor.person.id).values_list(
                "space_id", "role"
            )
        )
    actor._cache[_ROLES_KEY] = roles
    return roles


def can_use_hub(actor: Actor) -> bool:
    return can_use_directory(actor)


def can_view_space(actor: Actor, space: Space) -> bool:
    if not can_use_hub(actor):
        return False
    if space.is_private:
        return actor.is_employee and space.id in space_roles(actor)
    return True


def can_admin_space(actor: Actor, space: Space) -> bool:
    """Space admins; programme admins also look after public spaces (ownerless pages…)."""
    if not can_view_space(actor, space):
        return False
    if space_roles(actor).get(space.id) == SpaceRole.ADMIN and actor.is_employee:
        return True
    return actor.is_programme_admin and not space.is_private


def can_write_in_space(actor: Actor, space: Space) -> bool:
    return actor.is_employee and can_view_space(actor, space)


def is_page_author(actor: Actor, page: Page, owner_ids: Collection[uuid.UUID]) -> bool:
    person_id = actor.person_id
    return person_id is not None and (person_id == page.author_id or person_id in owner_ids)


def can_view_page(actor: Actor, page: Page, owner_ids: Collection[uuid.UUID]) -> bool:
    if not can_view_space(actor, page.space):
        return False
    if page.status == PageStatus.PUBLISHED:
        return True
    return actor.is_employee and (
        is_page_author(actor, page, owner_ids) or actor.person_id == page.reviewer_id
    )


def can_edit_page(actor: Actor, page: Page, owner_ids: Collection[uuid.UUID]) -> bool:
    if not (actor.is_employee and can_view_page(actor, page, owner_ids)):
        return False
    if is_page_author(actor, page, owner_ids):
        return True
    return page.status == PageStatus.PUBLISHED and can_admin_space(actor, page.space)


def can_submit_page(actor: Actor, page: Page, owner_ids: Collection[uuid.UUID]) -> bool:
    return page.status == PageStatus.DRAFT and can_edit_page(actor, page, owner_ids)


def can_review_page(actor: Actor, page: Page, owner_ids: Collection[uuid.UUID]) -> bool:
    return (
        page.status == PageStatus.IN_REVIEW
        and actor.is_employee
        and actor.person_id == page.reviewer_id
        and can_view_page(actor, page, owner_ids)
    )


def can_verify_page(actor: Actor, page: Page, owner_ids: Collection[uuid.UUID]) -> bool:
    """Owners confirm a published page is still right; a space admin may do it for them."""
    if page.status != PageStatus.PUBLISHED or not actor.is_employee:
        return False
    if not can_view_page(actor, page, owner_ids):
        return False
    return (actor.person_id in owner_ids) or can_admin_space(actor, page.space)


def can_manage_owners(actor: Actor, page: Page, owner_ids: Collection[uuid.UUID]) -> bool:
    if not (actor.is_employee and can_view_page(actor, page, owner_ids)):
        return False
    return actor.person_id in owner_ids or can_admin_space(actor, page.space)


def can_respond_to_page(actor: Actor, page: Page, owner_ids: Collection[uuid.UUID]) -> bool:
    """Comment and say whether it helped: any colleague who can read the published page."""
    return (
        actor.is_employee
        and page.status == PageStatus.PUBLISHED
        and can_view_page(actor, page, owner_ids)
    )
