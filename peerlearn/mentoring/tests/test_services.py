"""The mentoring services: the life of a pair, and every rule they refuse to break."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.utils import timezone

from conftest import Org
from peerlearn.activities.models import ActivityStatus, LearningActivity
from peerlearn.mentoring import selectors, services
from peerlearn.mentoring.models import CheckInStatus, Mentorship, MentorshipOrigin, MentorshipStatus
from peerlearn.mentoring.tests.factories import held_check_in, make_mentorship, notes, schedule
from peerlearn.notifications.models import Notification
from peerlearn.people.models import Endorsement, GoalStatus, PersonSkill
from peerlearn.people.services import person_skill_set

pytestmark = pytest.mark.django_db


def message_of(error: pytest.ExceptionInfo[ValidationError]) -> str:
    return " ".join(error.value.messages)


class TestStarting:
    def test_a_request_notifies_the_person_asked_and_records_an_activity(self, org: Org) -> None:
        mentorship = services.mentorship_request(
            mentor=org.peer, mentee=org.owner, requested_by=org.owner, message="Teach me SQL?"
        )

        assert mentorship.status == MentorshipStatus.REQUESTED
        [note] = Notification.objects.filter(recipient=org.peer)
        assert "Olive Owner asked you to mentor them" in note.message
        assert LearningActivity.objects.filter(action="mentoring.requested").count() == 1

    def test_accepting_starts_the_mentorship_with_an_end_date(self, org: Org) -> None:
        mentorship = make_mentorship(mentor=org.peer, mentee=org.owner, active=False)

        services.mentorship_accept(mentorship=mentorship, by=org.peer, message="Gladly")

        mentorship.refresh_from_db()
        assert mentorship.status == MentorshipStatus.ACTIVE
        assert mentorship.started_at is not None
        assert mentorship.ends_on == (mentorship.started_at + dt.timedelta(days=183)).date()
        assert Notification.objects.filter(recipient=org.owner, kind="mentoring.accepted").exists()

    def test_accepting_an_already_declined_request_is_refused_clearly(self, org: Org) -> None:
        mentorship = make_mentorship(mentor=org.peer, mentee=org.owner, active=False)
        services.mentorship_decline(mentorship=mentorship, by=org.peer, message="Too busy")

        with pytest.raises(ValidationError) as error:
            services.mentorship_accept(mentorship=mentorship, by=org.peer)

        assert "already declined" in message_of(error)
        assert "can no longer be accepted" in message_of(error)
        mentorship.refresh_from_db()
        assert mentorship.status == MentorshipStatus.DECLINED

    def test_the_person_who_asked_cannot_accept_their_own_request(self, org: Org) -> None:
        mentorship = make_mentorship(mentor=org.peer, mentee=org.owner, active=False)
        with pytest.raises(ValidationError, match="Only the person who was asked"):
            services.mentorship_accept(mentorship=mentorship, by=org.owner)

    def test_a_request_from_someone_who_has_left_cannot_be_accepted(self, org: Org) -> None:
        from peerlearn.people.services import person_deactivate

        mentorship = make_mentorship(mentor=org.peer, mentee=org.owner, active=False)
        person_deactivate(person=org.owner)

        with pytest.raises(ValidationError, match="Olive Owner has left the company"):
            services.mentorship_accept(mentorship=mentorship, by=org.peer)
        mentorship.refresh_from_db()
        assert mentorship.status == MentorshipStatus.REQUESTED

    def test_nobody_mentors_themselves(self, org: Org) -> None:
        with pytest.raises(ValidationError, match="cannot mentor themselves"):
            services.mentorship_request(mentor=org.owner, mentee=org.owner, requested_by=org.owner)

    def test_a_pair_has_one_open_mentorship_at_a_time(self, org: Org) -> None:
        make_mentorship(mentor=org.peer, mentee=org.owner)
        with pytest.raises(ValidationError, match="already have an open mentorship"):
            services.mentorship_request(mentor=org.peer, mentee=org.owner, requested_by=org.owner)

    def test_a_match_waits_for_the_mentee_to_accept(self, org: Org) -> None:
        mentorship = services.mentorship_create_from_match(
            mentor=org.peer,
            mentee=org.owner,
            reason="Both in Platform; Piet teaches Python at level 3.",
            focus_skills=[org.python],
        )

        assert (mentorship.origin, mentorship.status) == (
            MentorshipOrigin.MATCH,
            MentorshipStatus.REQUESTED,
        )
        assert mentorship.requested_by == org.peer
        services.mentorship_accept(mentorship=mentorship, by=org.owner)
        mentorship.refresh_from_db()
        assert mentorship.status == MentorshipStatus.ACTIVE

    def test_withdrawing_is_for_the_person_who_asked(self, org: Org) -> None:
        mentorship = make_mentorship(mentor=org.peer, mentee=org.owner, active=False)
        with pytest.raises(ValidationError):
            services.mentorship_withdraw(mentorship=mentorship, by=org.peer)
        services.mentorship_withdraw(mentorship=mentorship, by=org.owner)
        mentorship.refresh_from_db()
        assert mentorship.status == MentorshipStatus.WITHDRAWN


class TestGoalsAndCheckIns:
    @pytest.fixture
    def pair(self, org: Org) -> Mentorship:
        return make_mentorship(mentor=org.peer, mentee=org.owner)

    def test_a_goal_is_the_mentees_own_goal_linked_to_a_skill(
        self, org: Org, pair: Mentorship
    ) -> None:
        link = services.mentorship_goal_add(
            mentorship=pair,
            added_by=org.peer,
            title="Write a query plan",
            skill=org.sql,
            target_level=3,
        )
        assert link.goal.person == org.owner
        assert (link.goal.skill, link.goal.target_level) == (org.sql, 3)

        services.mentorship_goal_set_status(link=link, status=GoalStatus.ACHIEVED, by=org.owner)
        assert LearningActivity.objects.filter(action="goal.achieved").exists()

    def test_a_goal_needs_a_target_level(self, org: Org, pair: Mentorship) -> None:
        with pytest.raises(ValidationError) as error:
            services.mentorship_goal_add(
                mentorship=pair, added_by=org.owner, title="x", skill=org.sql, target_level=0
            )
        assert "target_level" in error.value.message_dict

    def test_a_check_in_in_the_past_is_refused(self, org: Org, pair: Mentorship) -> None:
        with pytest.raises(ValidationError) as error:
            services.check_in_schedule(
                mentorship=pair, by=org.owner, starts_at=timezone.now() - dt.timedelta(hours=1)
            )
        assert error.value.message_dict["starts_at"] == [
            "That time has already passed: choose a time in the future."
        ]

    def test_scheduling_records_a_scheduled_activity_and_tells_the_partner(
        self, org: Org, pair: Mentorship
    ) -> None:
        check_in = schedule(pair, by=org.owner, hours=30)

        assert check_in.activity is not None
        assert check_in.activity.status == ActivityStatus.SCHEDULED
        assert Notification.objects.filter(recipient=org.peer, kind="mentoring.checkin").exists()

    def test_rescheduling_raises_the_calendar_sequence(self, org: Org, pair: Mentorship) -> None:
        check_in = schedule(pair, hours=30)
        services.check_in_reschedule(
            check_in=check_in,
            by=org.owner,
            starts_at=check_in.starts_at + dt.timedelta(hours=2),
            duration_minutes=60,
            agenda="Moved",
        )
        check_in.refresh_from_db()
        assert check_in.sequence == 1
        assert check_in.activity is not None
        check_in.activity.refresh_from_db()
        assert check_in.activity.starts_at == check_in.starts_at

    def test_a_future_check_in_cannot_be_recorded_as_held(self, org: Org, pair: Mentorship) -> None:
        check_in = schedule(pair, hours=30)
        with pytest.raises(ValidationError, match="has not happened yet"):
            services.check_in_record(check_in=check_in, by=org.owner)

    def test_recording_marks_the_activity_held_with_attendance(
        self, org: Org, pair: Mentorship
    ) -> None:
        check_in = held_check_in(pair)
        assert check_in.status == CheckInStatus.HELD
        assert check_in.activity is not None
        check_in.activity.refresh_from_db()
        assert (check_in.activity.status, check_in.activity.rating) == (ActivityStatus.HELD, 4)
        assert all(p.attended for p in check_in.activity.participants.all())

    def test_private_notes_are_readable_by_their_author_only(
        self, org: Org, pair: Mentorship
    ) -> None:
        check_in = schedule(pair)
        shared, private, mentor_private = notes(check_in)

        mentee_sees = set(selectors.readable_notes(check_in=check_in, viewer=org.owner))
        mentor_sees = set(selectors.readable_notes(check_in=check_in, viewer=org.peer))
        manager_sees = set(selectors.readable_notes(check_in=check_in, viewer=org.manager))

        assert mentee_sees == {shared, private}
        assert mentor_sees == {shared, mentor_private}
        assert manager_sees == set()

    def test_a_private_note_does_not_count_as_pair_activity(
        self, org: Org, pair: Mentorship
    ) -> None:
        check_in = schedule(pair)
        pair.refresh_from_db()
        before = pair.last_activity_at
        with time_machine.travel(timezone.now() + dt.timedelta(minutes=5)):
            services.check_in_note_add(
                check_in=check_in, author=org.owner, visibility="private", body="Just me"
            )
        pair.refresh_from_db()
        assert pair.last_activity_at == before

    def test_an_empty_note_is_refused(self, org: Org, pair: Mentorship) -> None:
        with pytest.raises(ValidationError, match="Write something first"):
            services.check_in_note_add(
                check_in=schedule(pair), author=org.owner, visibility="shared", body="   "
            )


class TestNeedsAttention:
    def attention(self, mentorship: Mentorship, now: dt.datetime | None = None) -> bool:
        row = selectors.with_attention(Mentorship.objects.filter(pk=mentorship.pk), now=now).get()
        return bool(row.needs_attention)  # type: ignore[attr-defined]

    def test_a_fresh_pair_is_fine(self, org: Org) -> None:
        assert not self.attention(make_mentorship(mentor=org.peer, mentee=org.owner))

    def test_a_pair_quiet_for_21_days_needs_attention(self, org: Org) -> None:
        pair = make_mentorship(mentor=org.peer, mentee=org.owner)
        assert not self.attention(pair, now=timezone.now() + dt.timedelta(days=20))
        assert self.attention(pair, now=timezone.now() + dt.timedelta(days=22))

    def test_an_upcoming_check_in_keeps_a_quiet_pair_fine(self, org: Org) -> None:
        pair = make_mentorship(mentor=org.peer, mentee=org.owner)
        schedule(pair, hours=24 * 25)
        assert not self.attention(pair, now=timezone.now() + dt.timedelta(days=22))

    def test_a_check_in_that_passed_unrecorded_needs_attention(self, org: Org) -> None:
        pair = make_mentorship(mentor=org.peer, mentee=org.owner)
        schedule(pair, hours=2)
        assert not self.attention(pair, now=timezone.now() + dt.timedelta(hours=30))
        assert self.attention(pair, now=timezone.now() + dt.timedelta(hours=52))

    def test_the_quiet_period_is_configurable(self, org: Org, settings: object) -> None:
        settings.PEERLEARN_MENTORING_QUIET_DAYS = 7  # type: ignore[attr-defined]
        pair = make_mentorship(mentor=org.peer, mentee=org.owner)
        assert self.attention(pair, now=timezone.now() + dt.timedelta(days=8))


class TestClosing:
    def test_closing_cancels_future_check_ins_and_asks_both_for_feedback(self, org: Org) -> None:
        pair = make_mentorship(mentor=org.peer, mentee=org.owner)
        future = schedule(pair, hours=50)

        services.mentorship_close(mentorship=pair, by=org.owner)

        future.refresh_from_db()
        assert future.status == CheckInStatus.CANCELLED
        assert future.sequence == 1
        kinds = set(
            Notification.objects.filter(kind="mentoring.closed").values_list("recipient", flat=True)
        )
        assert kinds == {org.owner.id, org.peer.id}

    def test_a_cancellation_names_the_day_in_the_time_zone_of_the_person_told(
        self, org: Org
    ) -> None:
        # given a mentor in Kolkata and a check-in at 01:00 there, which is the evening before
        # in UTC
        org.peer.time_zone = "Asia/Kolkata"
        org.peer.save(update_fields=["time_zone"])
        pair = make_mentorship(mentor=org.peer, mentee=org.owner)
        kolkata_day = timezone.localdate() + dt.timedelta(days=3)
        starts_at = dt.datetime.combine(kolkata_day, dt.time(1), tzinfo=org.peer.zone)
        check_in = services.check_in_schedule(mentorship=pair, by=org.owner, starts_at=starts_at)

        # when the mentee cancels it
        services.check_in_cancel(check_in=check_in, by=org.owner)

        # then the mentor is told the day as they know it
        told = Notification.objects.get(
            recipient=org.peer, kind="mentoring.checkin", message__contains="cancelled"
        )
        assert f"check-in of {kolkata_day:%-d %b}." in told.message

    def test_the_mentors_feedback_raises_and_endorses_the_mentees_skill(self, org: Org) -> None:
        person_skill_set(person=org.owner, skill=org.sql, level=1, wants_to_learn=True)
        pair = make_mentorship(mentor=org.peer, mentee=org.owner)
        services.mentorship_goal_add(
            mentorship=pair, added_by=org.owner, title="Tune queries", skill=org.sql, target_level=3
        )
        services.mentorship_close(mentorship=pair, by=org.peer)

        services.mentorship_feedback_give(
            mentorship=pair,
            author=org.peer,
            helpfulness=5,
            endorse_levels={org.sql: 3},
        )

        edge = PersonSkill.objects.get(person=org.owner, skill=org.sql)
        assert (edge.level, edge.wants_to_learn) == (3, True)
        assert Endorsement.objects.filter(person_skill=edge, endorser=org.peer).exists()

    def test_an_endorsement_never_lowers_a_level(self, org: Org) -> None:
        person_skill_set(person=org.owner, skill=org.sql, level=4)
        pair = make_mentorship(mentor=org.peer, mentee=org.owner)
        services.mentorship_close(mentorship=pair, by=org.peer)
        services.mentorship_feedback_give(
            mentorship=pair, author=org.peer, helpfulness=4, endorse_levels={org.sql: 2}
        )
        assert PersonSkill.objects.get(person=org.owner, skill=org.sql).level == 4

    def test_only_the_mentor_endorses_and_feedback_is_given_once(self, org: Org) -> None:
        pair = make_mentorship(mentor=org.peer, mentee=org.owner)
        services.mentorship_close(mentorship=pair, by=org.peer)
        with pytest.raises(ValidationError, match="Only the mentor endorses"):
            services.mentorship_feedback_give(
                mentorship=pair, author=org.owner, helpfulness=4, endorse_levels={org.sql: 2}
            )
        services.mentorship_feedback_give(
            mentorship=pair, author=org.owner, helpfulness=4, skills_gained=[org.sql]
        )
        with pytest.raises(ValidationError, match="already given feedback"):
            services.mentorship_feedback_give(mentorship=pair, author=org.owner, helpfulness=2)

    def test_feedback_waits_until_the_mentorship_is_closed(self, org: Org) -> None:
        pair = make_mentorship(mentor=org.peer, mentee=org.owner)
        with pytest.raises(ValidationError, match="once the mentorship is closed"):
            services.mentorship_feedback_give(mentorship=pair, author=org.owner, helpfulness=5)
