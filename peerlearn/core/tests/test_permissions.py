"""The permission rules, each with an owner, a peer, an outsider, the manager and an admin."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser

from conftest import Org
from peerlearn.core.permissions import (
    Actor,
    can_edit_person,
    can_endorse,
    can_manage_organisation,
    can_use_directory,
    can_view_person,
    can_view_progress,
)
from peerlearn.people.models import Person
from peerlearn.people.services import person_deactivate

pytestmark = pytest.mark.django_db


def actor(person: Person) -> Actor:
    return Actor(user=person.user, person=person)


ANONYMOUS = Actor(user=AnonymousUser(), person=None)


def test_only_the_person_and_admins_edit_a_profile(org: Org) -> None:
    assert can_edit_person(actor(org.owner), org.owner)
    assert not can_edit_person(actor(org.peer), org.owner)
    assert not can_edit_person(actor(org.outsider), org.owner)
    assert not can_edit_person(actor(org.manager), org.owner)
    assert can_edit_person(actor(org.admin), org.owner)
    assert not can_edit_person(ANONYMOUS, org.owner)


def test_progress_is_for_the_person_their_managers_and_admins(org: Org) -> None:
    assert can_view_progress(actor(org.owner), org.owner)
    assert can_view_progress(actor(org.manager), org.owner)
    assert can_view_progress(actor(org.admin), org.owner)
    assert not can_view_progress(actor(org.peer), org.owner)
    assert not can_view_progress(actor(org.outsider), org.owner)
    # the manager's reach ends at their own reporting line
    assert not can_view_progress(actor(org.manager), org.outsider)


def test_indirect_reports_are_in_a_managers_line(org: Org) -> None:
    # given the chain owner -> manager -> outsider
    from peerlearn.people.services import person_set_manager

    person_set_manager(person=org.manager, manager=org.outsider)
    assert actor(org.outsider).manages(org.owner)
    assert actor(org.outsider).manages(org.manager)
    assert not actor(org.peer).manages(org.owner)


def test_endorsing_is_for_colleagues_not_yourself(org: Org) -> None:
    assert can_endorse(actor(org.peer), org.owner)
    assert can_endorse(actor(org.outsider), org.owner)
    assert not can_endorse(actor(org.owner), org.owner)
    assert not can_endorse(ANONYMOUS, org.owner)


def test_people_who_left_are_hidden_except_from_admins(org: Org) -> None:
    person_deactivate(person=org.peer)
    org.peer.refresh_from_db()
    assert not can_view_person(actor(org.owner), org.peer)
    assert not can_view_person(actor(org.outsider), org.peer)
    assert can_view_person(actor(org.admin), org.peer)
    # and they themselves can no longer use anything
    gone = actor(org.peer)
    assert not can_use_directory(gone)
    assert not can_edit_person(gone, org.peer)


def test_only_programme_admins_manage_the_organisation(org: Org) -> None:
    assert can_manage_organisation(actor(org.admin))
    for person in (org.owner, org.peer, org.outsider, org.manager):
        assert not can_manage_organisation(actor(person))
    assert not can_manage_organisation(ANONYMOUS)
