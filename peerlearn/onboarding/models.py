"""Onboarding buddies: plan templates, a new starter's checklist, milestone check-ins, the pool.

A new starter gets an onboarding: a checklist copied from the template that fits their job
family and team (tools, processes, team norms, people to meet), a buddy from the buddy pool,
and milestone check-ins on day 1, 7, 30 and 90 with one question: how confident they feel.
Their answers are theirs (programme admins see averages over at least five); their manager
sees the checklist progress and whether milestones happened.
"""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from peerlearn.activities.models import LearningActivity
from peerlearn.core.models import BaseModel
from peerlearn.people.models import JobFamily, Person, Team

MILESTONE_DAYS = (1, 7, 30, 90)


class ChecklistCategory(models.TextChoices):
    TOOLS = "tools", "Tools"
    PROCESSES = "processes", "Processes"
    TEAM_NORMS = "team_norms", "Team norms"
    PEOPLE = "people", "People to meet"


class OnboardingTemplate(BaseModel):
    """A plan for new starters of a job family and/or team; the most specific one is used."""

    name = models.CharField(max_length=120)
    job_family = models.ForeignKey(
        JobFamily, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    team = models.ForeignKey(
        Team, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    description = models.TextField(blank=True, max_length=2000)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class TemplateItem(BaseModel):
    template = models.ForeignKey(OnboardingTemplate, on_delete=models.CASCADE, related_name="items")
    category = models.CharField(max_length=12, choices=ChecklistCategory.choices)
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True, max_length=2000)
    link_url = models.URLField(
        blank=True, max_length=500, help_text="A knowledge-hub page (or any page) that helps."
    )
    due_day = models.PositiveSmallIntegerField(
        default=7,
        validators=[MinValueValidator(1), MaxValueValidator(180)],
        help_text="Day of onboarding by which it should be done (day 1 is the first day).",
    )
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["due_day", "position", "created_at"]

    def __str__(self) -> str:
        return self.title


class OnboardingStatus(models.TextChoices):
    ACTIVE = "active", "In progress"
    COMPLETED = "completed", "Completed"
    CANCELLED = "cancelled", "Cancelled"


class Onboarding(BaseModel):
    new_starter = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="onboardings")
    buddy = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="buddy_for"
    )
    buddy_reason = models.TextField(blank=True, max_length=2000)
    template = models.ForeignKey(
        OnboardingTemplate, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    start_date = models.DateField()
    status = models.CharField(
        max_length=10, choices=OnboardingStatus.choices, default=OnboardingStatus.ACTIVE
    )
    created_by = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    completed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-start_date", "-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["new_starter"],
                condition=models.Q(status="active"),
                name="onboarding_one_active_per_person",
            ),
            models.CheckConstraint(
                condition=~models.Q(buddy=models.F("new_starter")), name="onboarding_buddy_not_self"
            ),
        ]

    def __str__(self) -> str:
        return f"Onboarding of {self.new_starter}"


class ChecklistItem(BaseModel):
    onboarding = models.ForeignKey(Onboarding, on_delete=models.CASCADE, related_name="items")
    category = models.CharField(max_length=12, choices=ChecklistCategory.choices)
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True, max_length=2000)
    link_url = models.URLField(blank=True, max_length=500)
    due_date = models.DateField()
    position = models.PositiveSmallIntegerField(default=0)
    done_at = models.DateTimeField(null=True, blank=True)
    done_by = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["due_date", "position", "created_at"]
        indexes = [models.Index(fields=["onboarding", "done_at"], name="checklist_progress")]

    def __str__(self) -> str:
        return self.title

    @property
    def is_done(self) -> bool:
        return self.done_at is not None


class MilestoneStatus(models.TextChoices):
    SCHEDULED = "scheduled", "Scheduled"
    HELD = "held", "Held"
    SKIPPED = "skipped", "Skipped"


class Confidence(models.IntegerChoices):
    NOT_AT_ALL = 1, "Not at all confident"
    A_LITTLE = 2, "A little confident"
    SOMEWHAT = 3, "Somewhat confident"
    CONFIDENT = 4, "Confident"
    VERY = 5, "Very confident"


class Milestone(BaseModel):
    """A check-in with the buddy on day 1, 7, 30 or 90, and the confidence question."""

    onboarding = models.ForeignKey(Onboarding, on_delete=models.CASCADE, related_name="milestones")
    day = models.PositiveSmallIntegerField()
    starts_at = models.DateTimeField()
    duration_minutes = models.PositiveSmallIntegerField(default=30)
    status = models.CharField(
        max_length=10, choices=MilestoneStatus.choices, default=MilestoneStatus.SCHEDULED
    )
    held_at = models.DateTimeField(null=True, blank=True)
    confidence = models.PositiveSmallIntegerField(choices=Confidence.choices, null=True, blank=True)
    comment = models.TextField(
        blank=True, max_length=2000, help_text="The new starter's own words; only they read them."
    )
    sequence = models.PositiveIntegerField(default=0)
    activity = models.ForeignKey(
        LearningActivity, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["day"]
        constraints = [
            models.UniqueConstraint(fields=["onboarding", "day"], name="milestone_once_per_day"),
            models.CheckConstraint(
                condition=models.Q(confidence__isnull=True)
                | models.Q(confidence__gte=1, confidence__lte=5),
                name="milestone_confidence_1_to_5",
            ),
        ]
        indexes = [models.Index(fields=["status", "starts_at"], name="milestone_status_time")]

    def __str__(self) -> str:
        return f"Day {self.day} of {self.onboarding}"


class BuddyVolunteer(BaseModel):
    """Someone in the buddy pool: ready to welcome new starters, up to a limit at a time."""

    person = models.OneToOneField(Person, on_delete=models.CASCADE, related_name="buddy_profile")
    is_available = models.BooleanField(default=True)
    max_new_starters = models.PositiveSmallIntegerField(
        default=1, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    note = models.CharField(max_length=280, blank=True)

    class Meta:
        ordering = ["person__full_name"]

    def __str__(self) -> str:
        return f"{self.person} (buddy pool)"
