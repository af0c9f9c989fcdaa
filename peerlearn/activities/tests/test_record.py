"""The learning-activity record: one shape for every format, and who may read it."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from conftest import Org
from peerlearn.activities.models import (
    ActivityFormat,
    ActivityStatus,
    ActivityVisibility,
    LearningActivity,
    ParticipantRole,
)
from peerlearn.activities.selectors import (
    activities_visible_to,
    activity_get_visible,
    participation_counts,
)
from peerlearn.activities.services import (
    Participant,
    activity_mark_attendance,
    activity_record,
    activity_set_status,
)
from peerlearn.core.permissions import ActivityAccess, Actor
from peerlearn.people.models import Person
from peerlearn.people.services import (
    endorsement_create,
    endorsement_withdraw,
    person_skill_set,
    person_update,
)

pytestmark = pytest.mark.django_db


def actor(person: Person) -> Actor:
    return Actor(user=person.user, person=person)


def private_checkin(org: Org) -> LearningActivity:
    """A mentoring check-in between the owner and the peer, visible to the pair only."""
    return activity_record(
        format=ActivityFormat.MENTORING,
        action="checkin.held",
        title="Check-in: preparing the data-platform talk",
        participants=[
            Participant(person=org.peer, role=ParticipantRole.MENTOR),
            Participant(person=org.owner, role=ParticipantRole.MENTEE),
        ],
        status=ActivityStatus.HELD,
        outcome="Agreed to rehearse on Friday",
        skills=[org.python],
    )


def test_every_format_can_record_with_roles_skills_and_outcome(org: Org) -> None:
    # given nine formats and their typical roles
    roles = {
        ActivityFormat.MENTORING: (ParticipantRole.MENTOR, ParticipantRole.MENTEE),
        ActivityFormat.SHADOWING: (ParticipantRole.HOST, ParticipantRole.OBSERVER),
        ActivityFormat.COMMUNITY: (ParticipantRole.FACILITATOR, ParticipantRole.MEMBER),
        ActivityFormat.LUNCH_AND_LEARN: (ParticipantRole.PRESENTER, ParticipantRole.ATTENDEE),
        ActivityFormat.KNOWLEDGE: (ParticipantRole.OWNER, ParticipantRole.REVIEWER),
        ActivityFormat.RETROSPECTIVE: (ParticipantRole.FACILITATOR, ParticipantRole.MEMBER),
        ActivityFormat.PROBLEM_SOLVING: (ParticipantRole.FACILITATOR, ParticipantRole.MEMBER),
        ActivityFormat.PEER_REVIEW: (ParticipantRole.REVIEWER, ParticipantRole.REVIEWEE),
        ActivityFormat.ONBOARDING: (ParticipantRole.BUDDY, ParticipantRole.NEW_STARTER),
    }
    # when each records an event
    for format, (leader, learner) in roles.items():
        activity_record(
            format=format,
            action="session.held",
            title=f"A {format.label} session",
            participants=[
                Participant(person=org.peer, role=leader),
                Participant(person=org.owner, role=learner, attended=True),
            ],
            status=ActivityStatus.HELD,
            skills=[org.sql],
        )
    # then all of them count towards the owner's participation, per format
    counts = participation_counts(person_ids=[org.owner.id])[org.owner.id]
    assert set(counts) == {str(f) for f in roles}
    assert all(n == 1 for n in counts.values())


def test_bad_activities_are_refused(org: Org) -> None:
    now = timezone.now()
    with pytest.raises(ValidationError, match="participant"):
        activity_record(format=ActivityFormat.MENTORING, action="x", title="t", participants=[])
    with pytest.raises(ValidationError, match="end before"):
        activity_record(
            format=ActivityFormat.MENTORING,
            action="x",
            title="t",
            participants=[Participant(person=org.owner, role=ParticipantRole.MENTEE)],
            starts_at=now,
            ends_at=now - timedelta(hours=1),
        )
    with pytest.raises(ValidationError, match="1 to 5"):
        activity_record(
            format=ActivityFormat.MENTORING,
            action="x",
            title="t",
            participants=[Participant(person=org.owner, role=ParticipantRole.MENTEE)],
            rating=9,
        )
    assert LearningActivity.objects.count() == 0


def test_participants_read_everything_managers_and_admins_only_that_it_happened(org: Org) -> None:
    # given a check-in between owner (mentee) and peer (mentor)
    activity = private_checkin(org)
    # then each role sees exactly what the privacy rules allow
    expected = {
        org.owner: ActivityAccess.FULL,
        org.peer: ActivityAccess.FULL,
        org.manager: ActivityAccess.METADATA,  # manages both participants
        org.admin: ActivityAccess.METADATA,
        org.outsider: None,
    }
    for person, access in expected.items():
        shown = activity_get_visible(actor=actor(person), activity_id=activity.id)
        listed = activities_visible_to(actor=actor(person)).filter(pk=activity.pk).exists()
        if access is None:
            assert shown is None, person
            assert not listed, person  # list and detail agree
            continue
        assert shown is not None, person
        assert listed, person
        assert shown.access == access, person
        if access == ActivityAccess.METADATA:
            assert "rehearse" not in shown.outcome
            assert "data-platform" not in shown.title
        else:
            assert shown.outcome == "Agreed to rehearse on Friday"


def test_organisation_wide_activities_are_readable_by_every_colleague(org: Org) -> None:
    activity = activity_record(
        format=ActivityFormat.LUNCH_AND_LEARN,
        action="session.held",
        title="Lunch-and-learn: window functions",
        participants=[Participant(person=org.peer, role=ParticipantRole.PRESENTER)],
        visibility=ActivityVisibility.ORGANISATION,
    )
    shown = activity_get_visible(actor=actor(org.outsider), activity_id=activity.id)
    assert shown is not None
    assert shown.access == ActivityAccess.FULL
    assert shown.title == "Lunch-and-learn: window functions"


def test_a_manager_does_not_see_other_teams_activities(org: Org) -> None:
    # given an activity of the outsider, who is not in the manager's reporting line
    activity = activity_record(
        format=ActivityFormat.SKILLS,
        action="goal.set",
        title="Outsider's goal",
        participants=[Participant(person=org.outsider, role=ParticipantRole.LEARNER)],
    )
    assert activity_get_visible(actor=actor(org.manager), activity_id=activity.id) is None


def test_status_and_attendance_updates(org: Org) -> None:
    activity = private_checkin(org)
    activity_set_status(activity=activity, status=ActivityStatus.MISSED)
    assert activity_mark_attendance(activity=activity, person=org.owner, attended=False) == 1
    activity.refresh_from_db()
    assert activity.status == ActivityStatus.MISSED
    assert not activity.participants.get(person=org.owner).attended
    with pytest.raises(ValidationError):
        activity_set_status(activity=activity, status=ActivityStatus.HELD, rating=0)


def test_endorsement_is_recorded_and_withdrawal_removes_it(org: Org) -> None:
    # given the peer can teach Python
    edge = person_skill_set(person=org.peer, skill=org.python, level=3, can_teach=True)
    # when the owner endorses it
    endorsement = endorsement_create(endorser=org.owner, person_skill=edge, note="Great reviews")
    # then one organisation-wide activity names both, with their roles and the skill
    activity = LearningActivity.objects.get(action="skill.endorsed")
    assert activity.visibility == ActivityVisibility.ORGANISATION
    assert {(p.person_id, p.role) for p in activity.participants.all()} == {
        (org.owner.id, ParticipantRole.ENDORSER),
        (org.peer.id, ParticipantRole.ENDORSED),
    }
    assert list(activity.skills.all()) == [org.python]
    # when it is withdrawn, the activity goes too
    endorsement_withdraw(endorsement=endorsement)
    assert not LearningActivity.objects.filter(action="skill.endorsed").exists()


def test_endorsing_yourself_or_twice_is_refused(org: Org) -> None:
    edge = person_skill_set(person=org.peer, skill=org.python, level=3)
    with pytest.raises(ValidationError, match="your own"):
        endorsement_create(endorser=org.peer, person_skill=edge)
    endorsement_create(endorser=org.owner, person_skill=edge)
    with pytest.raises(ValidationError, match="already endorsed"):
        endorsement_create(endorser=org.owner, person_skill=edge)


def test_profile_updates_are_recorded_once_per_burst_of_edits(org: Org) -> None:
    # when the owner saves their profile three times in a row
    person_update(person=org.owner, changed_by=org.owner, changes={"job_title": "Analyst"})
    person_update(person=org.owner, changed_by=org.owner, changes={"location": "Berlin"})
    person_update(person=org.owner, changed_by=org.owner, changes={"bio": "Likes SQL"})
    # then one profile-update activity stands for the burst
    assert LearningActivity.objects.filter(action="profile.updated").count() == 1
    # and saving without a change records nothing new
    person_update(person=org.owner, changed_by=org.owner, changes={"bio": "Likes SQL"})
    assert LearningActivity.objects.filter(action="profile.updated").count() == 1


def test_profile_activity_is_private_to_the_person(org: Org) -> None:
    person_update(person=org.owner, changed_by=org.owner, changes={"job_title": "Analyst"})
    activity = LearningActivity.objects.get(action="profile.updated")
    assert activity_get_visible(actor=actor(org.owner), activity_id=activity.id) is not None
    assert activity_get_visible(actor=actor(org.peer), activity_id=activity.id) is None
    assert activity_get_visible(actor=actor(org.outsider), activity_id=activity.id) is None
