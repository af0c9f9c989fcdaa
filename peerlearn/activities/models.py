"""The learning-activity record: one shape for every meaningful event of every format.

A format app (mentoring, shadowing, lunch-and-learns, …) keeps its own rich records, and calls
`activities.services.activity_record` for each event worth counting: a check-in held, a session
presented, an endorsement given. Analytics, recognition, reminders, calendars and "my learning"
read only from here, so a new format gets all of them by writing activities.
"""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from peerlearn.core.models import BaseModel
from peerlearn.people.models import Person, Skill


class ActivityFormat(models.TextChoices):
    MENTORING = "mentoring", "Peer mentoring"
    SHADOWING = "shadowing", "Role shadowing"
    COMMUNITY = "community", "Practice community"
    LUNCH_AND_LEARN = "lunch_and_learn", "Lunch-and-learn"
    KNOWLEDGE = "knowledge", "Knowledge hub"
    RETROSPECTIVE = "retrospective", "Team retrospective"
    PROBLEM_SOLVING = "problem_solving", "Collaborative problem-solving"
    PEER_REVIEW = "peer_review", "Peer review"
    ONBOARDING = "onboarding", "Onboarding buddy"
    QUESTIONS = "questions", "Ask a peer"
    SKILLS = "skills", "Skills and profile"


class ActivityStatus(models.TextChoices):
    SCHEDULED = "scheduled", "Scheduled"
    HELD = "held", "Held"
    MISSED = "missed", "Missed"
    CANCELLED = "cancelled", "Cancelled"
    RECORDED = "recorded", "Recorded"


class ActivityVisibility(models.TextChoices):
    """Who may read an activity's title and outcome.

    The fact that it happened (format, role, dates, status) is always visible to the
    participants, their managers and programme admins; the content follows this setting.
    """

    PARTICIPANTS = "participants", "Participants only"
    ORGANISATION = "organisation", "Everyone in the organisation"


class ParticipantRole(models.TextChoices):
    AUTHOR = "author", "Author"
    LEARNER = "learner", "Learner"
    MENTOR = "mentor", "Mentor"
    MENTEE = "mentee", "Mentee"
    HOST = "host", "Host"
    OBSERVER = "observer", "Observer"
    PRESENTER = "presenter", "Presenter"
    ATTENDEE = "attendee", "Attendee"
    FACILITATOR = "facilitator", "Facilitator"
    MEMBER = "member", "Member"
    OWNER = "owner", "Owner"
    REVIEWER = "reviewer", "Reviewer"
    REVIEWEE = "reviewee", "Author of reviewed work"
    BUDDY = "buddy", "Buddy"
    NEW_STARTER = "new_starter", "New starter"
    ASKER = "asker", "Asker"
    ANSWERER = "answerer", "Answerer"
    ENDORSER = "endorser", "Endorser"
    ENDORSED = "endorsed", "Endorsed"


class LearningActivity(BaseModel):
    format = models.CharField(max_length=20, choices=ActivityFormat.choices)
    action = models.CharField(
        max_length=60, help_text="What happened, as a dotted name: checkin.held, skill.endorsed."
    )
    title = models.CharField(max_length=200)
    status = models.CharField(
        max_length=12, choices=ActivityStatus.choices, default=ActivityStatus.RECORDED
    )
    visibility = models.CharField(
        max_length=12, choices=ActivityVisibility.choices, default=ActivityVisibility.PARTICIPANTS
    )
    starts_at = models.DateTimeField(help_text="When it happened or is scheduled to start.")
    ends_at = models.DateTimeField(null=True, blank=True)
    outcome = models.TextField(blank=True, max_length=4000)
    rating = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
        help_text="How helpful it was, 1–5, when feedback was given.",
    )
    skills = models.ManyToManyField(Skill, blank=True, related_name="activities")
    source_type = models.ForeignKey(
        ContentType, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    source_id = models.CharField(max_length=64, blank=True)
    created_by = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-starts_at", "-created_at"]
        verbose_name_plural = "learning activities"
        indexes = [
            models.Index(fields=["format", "starts_at"], name="activity_format_time"),
            models.Index(fields=["source_type", "source_id"], name="activity_source"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__isnull=True)
                | models.Q(ends_at__gte=models.F("starts_at")),
                name="activity_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return self.title


class ActivityParticipant(BaseModel):
    activity = models.ForeignKey(
        LearningActivity, on_delete=models.CASCADE, related_name="participants"
    )
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="participations")
    role = models.CharField(max_length=20, choices=ParticipantRole.choices)
    attended = models.BooleanField(null=True, blank=True)

    class Meta:
        ordering = ["activity", "role"]
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "person", "role"], name="participant_once_per_role"
            )
        ]
        indexes = [models.Index(fields=["person", "activity"], name="participant_person")]

    def __str__(self) -> str:
        return f"{self.person} as {self.role}"
