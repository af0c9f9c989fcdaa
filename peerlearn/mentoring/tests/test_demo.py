"""The demo shows mentoring, onboarding and shadowing in every state, with the personas in them."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db.models import Q
from django_tasks_db.models import DBTaskResult

from peerlearn.mentoring.models import Mentorship, MentorshipOrigin, MentorshipStatus
from peerlearn.mentoring.selectors import with_attention
from peerlearn.notifications.models import Notification
from peerlearn.onboarding.models import ChecklistItem, Onboarding, OnboardingStatus
from peerlearn.people.demo import seed_demo
from peerlearn.people.models import Person
from peerlearn.shadowing.models import ShadowingRequest, ShadowingStatus

NOW = dt.datetime(2026, 3, 16, 12, 0, tzinfo=dt.UTC)


@pytest.mark.django_db
def test_the_demo_has_relationships_in_every_state() -> None:
    seed_demo(seed=2024, people=300, now=NOW)

    statuses = set(Mentorship.objects.values_list("status", flat=True))
    assert statuses == set(MentorshipStatus.values)
    attention = with_attention(Mentorship.objects.all(), now=NOW).filter(Q(needs_attention=True))
    assert attention.filter(Q(overdue_check_in=True)).exists()
    assert attention.filter(Q(overdue_check_in=False)).exists()

    sofia = Person.objects.get(full_name="Sofia Marques")
    rohan = Person.objects.get(full_name="Rohan Mehta")
    match = Mentorship.objects.get(mentor=sofia, mentee=rohan)
    assert (match.origin, match.status) == (MentorshipOrigin.MATCH, MentorshipStatus.REQUESTED)
    assert Mentorship.objects.filter(mentee=sofia, status=MentorshipStatus.ACTIVE).exists()

    onboarding = Onboarding.objects.get(new_starter=rohan, status=OnboardingStatus.ACTIVE)
    assert onboarding.buddy is not None
    done = ChecklistItem.objects.filter(onboarding=onboarding, done_at__isnull=False).count()
    assert 0 < done < onboarding.items.count()
    assert Onboarding.objects.filter(status=OnboardingStatus.COMPLETED).count() >= 5
    assert not Onboarding.objects.filter(
        status=OnboardingStatus.ACTIVE, buddy__isnull=True
    ).exists()

    kinds = set(ShadowingRequest.objects.values_list("status", flat=True))
    assert kinds == set(ShadowingStatus.values)
    assert ShadowingRequest.objects.filter(observer=rohan, host=sofia, status="accepted").exists()

    # The story's history is not e-mailed when the demo starts, and old news has been read.
    assert not DBTaskResult.objects.filter(task_path__endswith="send_email").exists()
    assert not Notification.objects.filter(
        read_at__isnull=True, created_at__lt=NOW - dt.timedelta(days=8)
    ).exists()
