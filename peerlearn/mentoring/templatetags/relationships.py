"""`{% load relationships %}{% peer_learning_now %}`: the viewer's pairs at a glance.

For "My learning" and any page that wants it: mentors, mentees, buddy, shadowing, the next
check-ins and the goals being worked on, each list short and each item a link.
"""

from __future__ import annotations

from typing import Any

from django import template
from django.db.models import Q

from peerlearn.mentoring.models import MentorshipGoal, MentorshipStatus
from peerlearn.mentoring.selectors import mentoring_summary, upcoming_check_ins
from peerlearn.onboarding.models import OnboardingStatus
from peerlearn.onboarding.selectors import (
    buddying,
    current_onboarding_of,
    upcoming_milestones,
)
from peerlearn.people.models import GoalStatus
from peerlearn.shadowing.selectors import upcoming_sessions

register = template.Library()
SHORT = 5


@register.inclusion_tag("mentoring/_peer_learning_now.html", takes_context=True)
def peer_learning_now(context: dict[str, Any]) -> dict[str, Any]:
    viewer = context.get("viewer")
    if viewer is None:
        return {"viewer": None}
    summary = mentoring_summary(person=viewer)
    goals = (
        MentorshipGoal.objects.filter(
            mentorship__mentee=viewer,
            mentorship__status=MentorshipStatus.ACTIVE,
            goal__status=GoalStatus.OPEN,
        )
        .select_related("goal__skill", "mentorship")
        .order_by("goal__target_date", "created_at")[:SHORT]
    )
    return {
        "viewer": viewer,
        "mentors": summary.mentors[:SHORT],
        "mentees": summary.mentees[:SHORT],
        "to_answer": summary.to_answer[:SHORT],
        "onboarding": current_onboarding_of(person=viewer),
        "buddying": list(buddying(person=viewer).filter(Q(status=OnboardingStatus.ACTIVE))[:SHORT]),
        "check_ins": upcoming_check_ins(person=viewer, limit=SHORT),
        "milestones": upcoming_milestones(person=viewer, limit=SHORT),
        "sessions": upcoming_sessions(person=viewer, limit=SHORT),
        "goals": list(goals),
    }
