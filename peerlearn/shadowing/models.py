"""Role shadowing: observe a colleague's workflow with a plan, then debrief, both sides.

A host says how many sessions a month they accept; accepting a request books one of them, and
accepting is serialised per host (a row lock) so the last place in a month is never given twice.
"""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from peerlearn.activities.models import LearningActivity
from peerlearn.core.models import BaseModel
from peerlearn.people.models import Person, Skill

DEFAULT_MONTHLY_SESSIONS = 2


class ShadowingHost(BaseModel):
    """A person's hosting settings; without a row they accept DEFAULT_MONTHLY_SESSIONS."""

    person = models.OneToOneField(Person, on_delete=models.CASCADE, related_name="shadowing_host")
    monthly_capacity = models.PositiveSmallIntegerField(
        default=DEFAULT_MONTHLY_SESSIONS,
        validators=[MaxValueValidator(20)],
        help_text="Sessions a month this person hosts; 0 means not hosting for now.",
    )
    what_you_can_observe = models.TextField(blank=True, max_length=2000)

    class Meta:
        ordering = ["person__full_name"]

    def __str__(self) -> str:
        return f"{self.person} hosts {self.monthly_capacity} a month"


class ShadowingStatus(models.TextChoices):
    REQUESTED = "requested", "Requested"
    ACCEPTED = "accepted", "Booked"
    DECLINED = "declined", "Declined"
    WITHDRAWN = "withdrawn", "Withdrawn"
    CANCELLED = "cancelled", "Cancelled"
    COMPLETED = "completed", "Done"


BOOKED_STATUSES = (ShadowingStatus.ACCEPTED, ShadowingStatus.COMPLETED)


class ShadowingRequest(BaseModel):
    observer = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="shadowing_requests"
    )
    host = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="shadowing_hosted")
    what_to_observe = models.TextField(max_length=2000)
    why = models.TextField(max_length=2000)
    skills = models.ManyToManyField(Skill, blank=True, related_name="+")
    status = models.CharField(
        max_length=10, choices=ShadowingStatus.choices, default=ShadowingStatus.REQUESTED
    )
    host_message = models.TextField(blank=True, max_length=2000)
    starts_at = models.DateTimeField(null=True, blank=True)
    duration_minutes = models.PositiveSmallIntegerField(
        default=120, validators=[MinValueValidator(30), MaxValueValidator(480)]
    )
    location = models.CharField(max_length=200, blank=True)
    responded_at = models.DateTimeField(null=True, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    sequence = models.PositiveIntegerField(default=0)
    activity = models.ForeignKey(
        LearningActivity, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(observer=models.F("host")), name="shadowing_not_self"
            ),
            models.UniqueConstraint(
                fields=["observer", "host"],
                condition=models.Q(status__in=["requested", "accepted"]),
                name="shadowing_one_open_per_pair",
            ),
        ]
        indexes = [
            models.Index(fields=["host", "status", "starts_at"], name="shadowing_host_bookings"),
            models.Index(fields=["status", "starts_at"], name="shadowing_status_time"),
        ]

    def __str__(self) -> str:
        return f"{self.observer} shadows {self.host}"


class ObservationItem(BaseModel):
    """One thing the observer plans to see; ticked when it was observed."""

    request = models.ForeignKey(
        ShadowingRequest, on_delete=models.CASCADE, related_name="plan_items"
    )
    text = models.CharField(max_length=300)
    observed = models.BooleanField(default=False)
    added_by = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "created_at"]

    def __str__(self) -> str:
        return self.text


class Debrief(BaseModel):
    """What one side learned and will try; both sides of the pair read both debriefs."""

    request = models.ForeignKey(ShadowingRequest, on_delete=models.CASCADE, related_name="debriefs")
    author = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    learned = models.TextField(max_length=4000)
    try_next = models.TextField(blank=True, max_length=4000)

    class Meta:
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(fields=["request", "author"], name="debrief_once_per_author")
        ]

    def __str__(self) -> str:
        return f"Debrief by {self.author}"
