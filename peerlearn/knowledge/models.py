"""The knowledge hub: spaces of owned, reviewed, versioned pages that stay current.

A page is a guide, a best practice or a step-by-step walkthrough written in Markdown. It lives
in a space (public to every colleague, or private to its members), has one or more owners and a
review interval, and moves draft → in review → published with a named reviewer. Every saved
change is a version. A published page whose review date has passed "needs review": readers see
it, owners are reminded, and an owner verifies it (restarting the clock) or hands it on.
"""

from __future__ import annotations

from datetime import datetime

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone

from peerlearn.core.models import BaseModel
from peerlearn.people.models import Person, Skill

MAX_REVIEW_INTERVAL_DAYS = 730
DEFAULT_REVIEW_INTERVAL_DAYS = 90


class Space(BaseModel):
    name = models.CharField(max_length=120, unique=True)
    slug = models.SlugField(max_length=120, unique=True)
    description = models.TextField(blank=True, max_length=2000)
    is_private = models.BooleanField(
        default=False, help_text="Private spaces and their pages are visible to members only."
    )
    created_by = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class SpaceRole(models.TextChoices):
    ADMIN = "admin", "Space admin"
    MEMBER = "member", "Member"


class SpaceMembership(BaseModel):
    space = models.ForeignKey(Space, on_delete=models.CASCADE, related_name="memberships")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="space_memberships")
    role = models.CharField(max_length=10, choices=SpaceRole.choices, default=SpaceRole.MEMBER)

    class Meta:
        ordering = ["space", "role", "person__full_name"]
        constraints = [
            models.UniqueConstraint(fields=["space", "person"], name="space_member_once")
        ]
        indexes = [models.Index(fields=["person", "space"], name="space_member_person")]

    def __str__(self) -> str:
        return f"{self.person} in {self.space} ({self.role})"


class PageKind(models.TextChoices):
    GUIDE = "guide", "Guide"
    BEST_PRACTICE = "best_practice", "Best practice"
    WALKTHROUGH = "walkthrough", "Walkthrough"


class PageStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    IN_REVIEW = "in_review", "In review"
    PUBLISHED = "published", "Published"


class Page(BaseModel):
    space = models.ForeignKey(Space, on_delete=models.PROTECT, related_name="pages")
    title = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=PageKind.choices, default=PageKind.GUIDE)
    summary = models.CharField(max_length=300, blank=True)
    body = models.TextField(blank=True, max_length=100_000)
    status = models.CharField(max_length=12, choices=PageStatus.choices, default=PageStatus.DRAFT)
    author = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="authored_pages"
    )
    reviewer = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="pages_to_review"
    )
    owners = models.ManyToManyField(Person, related_name="owned_pages", blank=True)
    skills = models.ManyToManyField(Skill, related_name="pages", blank=True)
    review_interval_days = models.PositiveIntegerField(
        default=DEFAULT_REVIEW_INTERVAL_DAYS,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_REVIEW_INTERVAL_DAYS)],
        help_text="How often an owner must confirm the page is still right, in days.",
    )
    published_at = models.DateTimeField(null=True, blank=True)
    last_verified_at = models.DateTimeField(null=True, blank=True)
    verified_by = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    review_due_at = models.DateTimeField(null=True, blank=True)
    owners_reminded_at = models.DateTimeField(null=True, blank=True)
    ownerless_flagged_at = models.DateTimeField(null=True, blank=True)
    version_number = models.PositiveIntegerField(default=0)
    view_count = models.PositiveIntegerField(default=0)
    last_viewed_at = models.DateTimeField(null=True, blank=True)
    helpful_count = models.PositiveIntegerField(default=0)
    unhelpful_count = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["title"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(review_interval_days__gte=1)
                & models.Q(review_interval_days__lte=MAX_REVIEW_INTERVAL_DAYS),
                name="page_review_interval_positive",
            )
        ]
        indexes = [
            models.Index(fields=["space", "status", "title"], name="page_space_status"),
            models.Index(fields=["status", "review_due_at"], name="page_freshness"),
            models.Index(fields=["status", "-updated_at"], name="page_recent"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_published(self) -> bool:
        return self.status == PageStatus.PUBLISHED

    def needs_review_at(self, now: datetime | None = None) -> bool:
        """Past its review date: readers are warned and owners reminded."""
        if not self.is_published or self.review_due_at is None:
            return False
        return self.review_due_at <= (now or timezone.now())

    @property
    def needs_review(self) -> bool:
        return self.needs_review_at()


class WalkthroughStep(BaseModel):
    page = models.ForeignKey(Page, on_delete=models.CASCADE, related_name="steps")
    position = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=200)
    body = models.TextField(blank=True, max_length=20_000)
    image = models.ForeignKey(
        "Attachment", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["page", "position"]
        constraints = [
            models.UniqueConstraint(fields=["page", "position"], name="step_position_unique")
        ]

    def __str__(self) -> str:
        return f"{self.position}. {self.title}"


class PageVersion(BaseModel):
    """A full snapshot of a page's content at one save; history, diffs and restore read these."""

    page = models.ForeignKey(Page, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    title = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=PageKind.choices)
    summary = models.CharField(max_length=300, blank=True)
    body = models.TextField(blank=True)
    steps = models.JSONField(default=list, blank=True)
    author = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["page", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["page", "number"], name="page_version_unique")
        ]

    def __str__(self) -> str:
        return f"{self.page_id} v{self.number}"


def attachment_path(instance: Attachment, filename: str) -> str:
    # The stored name never comes from the uploader: it cannot traverse folders or spoof a type.
    return f"hub/{instance.page_id}/{instance.id}.{instance.extension}"


class Attachment(BaseModel):
    page = models.ForeignKey(Page, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to=attachment_path, max_length=255)
    original_name = models.CharField(max_length=255)
    extension = models.CharField(max_length=10)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField()
    is_image = models.BooleanField(default=False)
    uploaded_by = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["page", "-created_at"]

    def __str__(self) -> str:
        return self.original_name


class PageLink(BaseModel):
    """A link written in one page's Markdown to another page, for "linked from" lists."""

    source = models.ForeignKey(Page, on_delete=models.CASCADE, related_name="outgoing_links")
    target = models.ForeignKey(Page, on_delete=models.CASCADE, related_name="incoming_links")

    class Meta:
        ordering = ["source", "target"]
        constraints = [models.UniqueConstraint(fields=["source", "target"], name="page_link_once")]

    def __str__(self) -> str:
        return f"{self.source_id} → {self.target_id}"


class PageFeedback(BaseModel):
    """ "Was this helpful?": one answer per reader, which they may change."""

    page = models.ForeignKey(Page, on_delete=models.CASCADE, related_name="feedback")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="page_feedback")
    helpful = models.BooleanField()
    comment = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["page", "-updated_at"]
        constraints = [
            models.UniqueConstraint(fields=["page", "person"], name="page_feedback_once")
        ]

    def __str__(self) -> str:
        return f"{self.person} on {self.page_id}: {'yes' if self.helpful else 'no'}"


class PageComment(BaseModel):
    page = models.ForeignKey(Page, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="page_comments"
    )
    body = models.TextField(max_length=10_000)

    class Meta:
        ordering = ["page", "created_at"]

    def __str__(self) -> str:
        return f"Comment on {self.page_id}"
