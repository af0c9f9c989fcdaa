"""People, the organisation they sit in, and the skill graph between them."""

from __future__ import annotations

import datetime
import zoneinfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models.functions import Lower

from peerlearn.core.models import BaseModel

AVAILABLE_TIME_ZONES = frozenset(zoneinfo.available_timezones()) | {"UTC"}


def validate_time_zone(value: str) -> None:
    if value not in AVAILABLE_TIME_ZONES:
        raise ValidationError(
            f"“{value}” is not a known time zone (use a name like Europe/Berlin)."
        )


class JobFamily(BaseModel):
    """A discipline such as Software Engineering or Sales; peers in one family share a role."""

    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True)
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "job families"

    def __str__(self) -> str:
        return self.name


class Level(BaseModel):
    """A rung on the career ladder; `rank` orders them so experience gaps can be computed."""

    name = models.CharField(max_length=60, unique=True)
    code = models.CharField(
        max_length=10, unique=True, help_text="Short code used in imports, e.g. L3."
    )
    rank = models.PositiveSmallIntegerField(unique=True)
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["rank"]

    def __str__(self) -> str:
        return f"{self.code} · {self.name}"


class Team(BaseModel):
    name = models.CharField(max_length=120)
    slug = models.SlugField(max_length=120, unique=True)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["parent", "name"], name="team_name_unique_within_parent"
            )
        ]

    def __str__(self) -> str:
        return self.name


class Person(BaseModel):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="person"
    )
    full_name = models.CharField(max_length=200)
    job_title = models.CharField(max_length=200, blank=True)
    job_family = models.ForeignKey(
        JobFamily, null=True, blank=True, on_delete=models.PROTECT, related_name="people"
    )
    level = models.ForeignKey(
        Level, null=True, blank=True, on_delete=models.PROTECT, related_name="people"
    )
    team = models.ForeignKey(
        Team, null=True, blank=True, on_delete=models.SET_NULL, related_name="members"
    )
    manager = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="reports"
    )
    location = models.CharField(max_length=120, blank=True)
    time_zone = models.CharField(max_length=64, default="UTC", validators=[validate_time_zone])
    languages = models.JSONField(
        default=list, blank=True, help_text="Languages spoken, as ISO 639-1 codes (en, de, …)."
    )
    hire_date = models.DateField(null=True, blank=True)
    monthly_capacity = models.PositiveSmallIntegerField(
        default=2,
        validators=[MaxValueValidator(40)],
        help_text="How many peer-learning activities per month this person takes on.",
    )
    bio = models.TextField(blank=True, max_length=2000)
    is_active = models.BooleanField(default=True)
    search_text = models.TextField(
        blank=True,
        default="",
        editable=False,
        help_text="Name, job title, e-mail and team in one column, so the directory search "
        "scans one indexed column instead of four across three tables. Kept by "
        "services.people_refresh_search_text.",
    )
    is_programme_admin = models.BooleanField(
        default=False, help_text="Runs learning programmes (L&D / people operations)."
    )

    class Meta:
        ordering = ["full_name"]
        verbose_name_plural = "people"
        indexes = [
            models.Index(Lower("full_name"), name="person_full_name_lower"),
            models.Index(fields=["is_active", "full_name"], name="person_active_name"),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def email(self) -> str:
        return self.user.email

    @property
    def zone(self) -> zoneinfo.ZoneInfo | datetime.timezone:
        """The person's time zone for dates told to them; UTC if this machine does not know it."""
        try:
            return zoneinfo.ZoneInfo(self.time_zone)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            return datetime.UTC


class Skill(BaseModel):
    """A node of the skill taxonomy; top-level nodes are areas (Data, Leadership, …)."""

    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class SkillAlias(BaseModel):
    """Another name for a skill (k8s → Kubernetes) so search and import find it."""

    skill = models.ForeignKey(Skill, on_delete=models.CASCADE, related_name="aliases")
    name = models.CharField(max_length=100, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "skill aliases"

    def __str__(self) -> str:
        return f"{self.name} → {self.skill}"


class SkillLevel(models.IntegerChoices):
    NONE = 0, "No experience"
    FOUNDATIONAL = 1, "Foundational"
    WORKING = 2, "Working"
    ADVANCED = 3, "Advanced"
    EXPERT = 4, "Expert"


class PersonSkill(BaseModel):
    """One edge of the skill graph: where a person stands on a skill and what they want."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="skills")
    skill = models.ForeignKey(Skill, on_delete=models.CASCADE, related_name="holders")
    level = models.PositiveSmallIntegerField(choices=SkillLevel.choices, default=SkillLevel.NONE)
    can_teach = models.BooleanField(default=False)
    wants_to_learn = models.BooleanField(default=False)
    confidence = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
        help_text="Self-assessed confidence, 1 (not at all) to 5 (fully confident).",
    )

    class Meta:
        ordering = ["skill__name"]
        constraints = [
            models.UniqueConstraint(fields=["person", "skill"], name="person_skill_unique"),
            models.CheckConstraint(
                condition=models.Q(level__lte=4), name="person_skill_level_0_to_4"
            ),
            models.CheckConstraint(
                condition=models.Q(confidence__isnull=True)
                | models.Q(confidence__gte=1, confidence__lte=5),
                name="person_skill_confidence_1_to_5",
            ),
        ]
        indexes = [
            models.Index(fields=["skill", "can_teach", "level"], name="person_skill_teachers"),
            models.Index(fields=["skill", "wants_to_learn"], name="person_skill_learners"),
        ]

    def __str__(self) -> str:
        return f"{self.person} · {self.skill} ({self.level})"


class Endorsement(BaseModel):
    """A colleague vouching for someone's skill."""

    person_skill = models.ForeignKey(
        PersonSkill, on_delete=models.CASCADE, related_name="endorsements"
    )
    endorser = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="endorsements_given"
    )
    note = models.CharField(max_length=280, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["person_skill", "endorser"], name="endorsement_once_per_endorser"
            )
        ]

    def __str__(self) -> str:
        return f"{self.endorser} endorses {self.person_skill}"


class GoalStatus(models.TextChoices):
    OPEN = "open", "Open"
    ACHIEVED = "achieved", "Achieved"
    DROPPED = "dropped", "Dropped"


class Goal(BaseModel):
    """Something a person wants to get better at; mentoring goals build on these."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="goals")
    title = models.CharField(max_length=200)
    skill = models.ForeignKey(
        Skill, null=True, blank=True, on_delete=models.SET_NULL, related_name="goals"
    )
    target_level = models.PositiveSmallIntegerField(
        choices=SkillLevel.choices, null=True, blank=True
    )
    target_date = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=GoalStatus.choices, default=GoalStatus.OPEN)

    class Meta:
        ordering = ["status", "target_date", "-created_at"]

    def __str__(self) -> str:
        return self.title
