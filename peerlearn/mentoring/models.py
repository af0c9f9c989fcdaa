"""Peer mentoring: a pair, their agreement and goals, check-ins with notes, and how it ended.

Privacy is part of the model: a check-in note is either shared (the pair reads it) or private
(its author alone reads it). Managers and programme admins see that a pair exists, its status
and its dates, never agendas or notes (see `peerlearn.mentoring.permissions`).
"""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from peerlearn.activities.models import LearningActivity
from peerlearn.core.models import BaseModel
from peerlearn.people.models import Goal, Person, Skill


class MentorshipStatus(models.TextChoices):
    REQUESTED = "requested", "Requested"
    ACTIVE = "active", "Active"
    DECLINED = "declined", "Declined"
    WITHDRAWN = "withdrawn", "Withdrawn"
    CLOSED = "closed", "Closed"


OPEN_STATUSES = (MentorshipStatus.REQUESTED, MentorshipStatus.ACTIVE)


class MentorshipOrigin(models.TextChoices):
    REQUEST = "request", "Direct request"
    MATCH = "match", "Matching round"


class Cadence(models.TextChoices):
    WEEKLY = "weekly", "Every week"
    FORTNIGHTLY = "fortnightly", "Every two weeks"
    MONTHLY = "monthly", "Every month"


CADENCE_DAYS = {Cadence.WEEKLY: 7, Cadence.FORTNIGHTLY: 14, Cadence.MONTHLY: 30}


class Channel(models.TextChoices):
    VIDEO = "video", "Video call"
    IN_PERSON = "in_person", "In person"
    PHONE = "phone", "Phone"
    CHAT = "chat", "Chat"


class Duration(models.IntegerChoices):
    THREE_MONTHS = 3, "3 months"
    SIX_MONTHS = 6, "6 months"
    TWELVE_MONTHS = 12, "12 months"


class Mentorship(BaseModel):
    mentor = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="mentorships_as_mentor"
    )
    mentee = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="mentorships_as_mentee"
    )
    status = models.CharField(
        max_length=10, choices=MentorshipStatus.choices, default=MentorshipStatus.REQUESTED
    )
    origin = models.CharField(
        max_length=10, choices=MentorshipOrigin.choices, default=MentorshipOrigin.REQUEST
    )
    requested_by = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    request_message = models.TextField(blank=True, max_length=2000)
    response_message = models.TextField(blank=True, max_length=2000)
    match_reason = models.TextField(
        blank=True, max_length=2000, help_text="Why the matching round paired these two."
    )
    focus_skills = models.ManyToManyField(Skill, blank=True, related_name="mentorships")
    cadence = models.CharField(max_length=12, choices=Cadence.choices, default=Cadence.FORTNIGHTLY)
    channel = models.CharField(max_length=10, choices=Channel.choices, default=Channel.VIDEO)
    duration_months = models.PositiveSmallIntegerField(
        choices=Duration.choices, default=Duration.SIX_MONTHS
    )
    expectations = models.TextField(
        blank=True, max_length=2000, help_text="What the pair agreed to expect of each other."
    )
    responded_at = models.DateTimeField(null=True, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    ends_on = models.DateField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    last_activity_at = models.DateTimeField(
        help_text="When the pair last did something together (for the needs-attention rule)."
    )

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(mentor=models.F("mentee")), name="mentorship_not_self"
            ),
            models.UniqueConstraint(
                fields=["mentor", "mentee"],
                condition=models.Q(status__in=["requested", "active"]),
                name="mentorship_one_open_per_pair",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "last_activity_at"], name="mentorship_attention"),
        ]

    def __str__(self) -> str:
        return f"{self.mentor} mentoring {self.mentee}"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    def other(self, person: Person) -> Person:
        return self.mentee if person.id == self.mentor_id else self.mentor

    def role_of(self, person_id: object) -> str:
        if person_id == self.mentor_id:
            return "mentor"
        if person_id == self.mentee_id:
            return "mentee"
        return ""


class MentorshipGoal(BaseModel):
    """A goal of the mentee (people.Goal) that this mentorship works on.

    The goal itself stays on the mentee's profile, where it outlives the mentorship.
    """

    mentorship = models.ForeignKey(Mentorship, on_delete=models.CASCADE, related_name="goal_links")
    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="mentorship_links")
    added_by = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(fields=["mentorship", "goal"], name="mentorship_goal_once")
        ]

    def __str__(self) -> str:
        return f"{self.goal} ({self.mentorship})"


class CheckInStatus(models.TextChoices):
    SCHEDULED = "scheduled", "Scheduled"
    HELD = "held", "Held"
    CANCELLED = "cancelled", "Cancelled"


class Mood(models.IntegerChoices):
    STRUGGLING = 1, "Struggling"
    LOW = 2, "A bit low"
    OKAY = 3, "Okay"
    GOOD = 4, "Good"
    GREAT = 5, "Great"


class CheckIn(BaseModel):
    mentorship = models.ForeignKey(Mentorship, on_delete=models.CASCADE, related_name="check_ins")
    starts_at = models.DateTimeField()
    duration_minutes = models.PositiveSmallIntegerField(
        default=45, validators=[MinValueValidator(10), MaxValueValidator(240)]
    )
    status = models.CharField(
        max_length=10, choices=CheckInStatus.choices, default=CheckInStatus.SCHEDULED
    )
    agenda = models.TextField(blank=True, max_length=4000)
    scheduled_by = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    held_at = models.DateTimeField(null=True, blank=True)
    progress_rating = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
        help_text="Progress towards the goals since the last check-in, 1–5.",
    )
    mood = models.PositiveSmallIntegerField(choices=Mood.choices, null=True, blank=True)
    sequence = models.PositiveIntegerField(
        default=0, help_text="Calendar revision: raised whenever the time or status changes."
    )
    activity = models.ForeignKey(
        LearningActivity, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["starts_at"]
        indexes = [
            models.Index(fields=["status", "starts_at"], name="checkin_status_time"),
            models.Index(fields=["mentorship", "starts_at"], name="checkin_pair_time"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(progress_rating__isnull=True)
                | models.Q(progress_rating__gte=1, progress_rating__lte=5),
                name="checkin_progress_1_to_5",
            ),
        ]

    def __str__(self) -> str:
        return f"Check-in {self.starts_at:%Y-%m-%d %H:%M} ({self.mentorship})"


class NoteVisibility(models.TextChoices):
    SHARED = "shared", "Shared with your mentoring partner"
    PRIVATE = "private", "Private: only you can read it"


class CheckInNote(BaseModel):
    check_in = models.ForeignKey(CheckIn, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    visibility = models.CharField(max_length=10, choices=NoteVisibility.choices)
    body = models.TextField(max_length=10_000)

    class Meta:
        ordering = ["created_at"]
        indexes = [models.Index(fields=["check_in", "visibility"], name="checkin_note_visible")]

    def __str__(self) -> str:
        return f"{self.get_visibility_display()} note by {self.author}"


class MentorshipFeedback(BaseModel):
    """What one side says at the end; the comment stays with its author."""

    mentorship = models.ForeignKey(Mentorship, on_delete=models.CASCADE, related_name="feedback")
    author = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    helpfulness = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    skills_gained = models.ManyToManyField(Skill, blank=True, related_name="+")
    comment = models.TextField(blank=True, max_length=4000)

    class Meta:
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["mentorship", "author"], name="mentorship_feedback_once"
            ),
            models.CheckConstraint(
                condition=models.Q(helpfulness__gte=1, helpfulness__lte=5),
                name="mentorship_feedback_1_to_5",
            ),
        ]

    def __str__(self) -> str:
        return f"Feedback by {self.author} on {self.mentorship}"
