"""Matching rounds: a programme admin's configuration, the proposal it produced, and answers.

A round pairs *seekers* with *providers* (peer mentoring, onboarding buddies, role-shadowing
hosts) or splits participants into small groups (coffee pairs, lunch roulette). Its
configuration (eligibility, hard constraints, weights) is a JSON document plus a sentence
summary; runs of the matching engine write *proposed* matches, which stay invisible to the
people in them until the admin publishes the round. Each person in a published match accepts
or declines; a confirmed match becomes a mentorship, a buddy assignment, a shadowing request or
a coffee date in its own app, and a declined one is matched again from what capacity remains.
"""

from __future__ import annotations

from django.db import models

from peerlearn.core.models import BaseModel
from peerlearn.people.models import Person


class MatchingFormat(models.TextChoices):
    MENTORING = "mentoring", "Peer mentoring"
    BUDDY = "buddy", "Onboarding buddies"
    SHADOWING = "shadowing", "Role-shadowing hosts"
    COFFEE = "coffee", "Coffee pairs and lunch roulette"


PAIR_FORMATS = (MatchingFormat.MENTORING, MatchingFormat.BUDDY, MatchingFormat.SHADOWING)


class RoundStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    PUBLISHED = "published", "Published"


class RunState(models.TextChoices):
    IDLE = "idle", "Not run yet"
    QUEUED = "queued", "Waiting for a worker"
    RUNNING = "running", "Running"
    DONE = "done", "Done"
    FAILED = "failed", "Failed"


class MatchingRound(BaseModel):
    name = models.CharField(max_length=120)
    format = models.CharField(max_length=12, choices=MatchingFormat.choices)
    description = models.TextField(blank=True, max_length=2000)
    status = models.CharField(max_length=10, choices=RoundStatus.choices, default=RoundStatus.DRAFT)
    config = models.JSONField(default=dict, help_text="Eligibility, constraints and weights.")
    summary = models.TextField(blank=True, help_text="The configuration in sentences.")
    config_version = models.PositiveIntegerField(
        default=1, help_text="Raised on every change of configuration, pins or exclusions."
    )
    created_by = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The latest run of the engine (a proposal is current when proposal_version matches).
    run_state = models.CharField(max_length=10, choices=RunState.choices, default=RunState.IDLE)
    run_stage = models.CharField(max_length=120, blank=True)
    run_done = models.PositiveIntegerField(default=0)
    run_total = models.PositiveIntegerField(default=0)
    run_error = models.TextField(blank=True)
    run_started_at = models.DateTimeField(null=True, blank=True)
    run_finished_at = models.DateTimeField(null=True, blank=True)
    run_seconds = models.FloatField(null=True, blank=True)
    proposal_version = models.PositiveIntegerField(null=True, blank=True)
    stats = models.JSONField(default=dict, blank=True)
    infeasibilities = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "-created_at"], name="matching_round_status")]

    def __str__(self) -> str:
        return self.name

    @property
    def is_pair_format(self) -> bool:
        return self.format in PAIR_FORMATS

    @property
    def proposal_is_current(self) -> bool:
        return self.run_state == RunState.DONE and self.proposal_version == self.config_version

    @property
    def is_running(self) -> bool:
        return self.run_state in (RunState.QUEUED, RunState.RUNNING)


class RuleKind(models.TextChoices):
    MUST = "must", "Pinned: always pair"
    MUST_NOT = "must_not", "Excluded: never pair"


class RoundRule(BaseModel):
    """A pair the admin fixed by hand: pinned (must pair) or excluded (must not pair)."""

    round = models.ForeignKey(MatchingRound, on_delete=models.CASCADE, related_name="rules")
    kind = models.CharField(max_length=10, choices=RuleKind.choices)
    seeker = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    provider = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    created_by = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["kind", "created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "seeker", "provider"], name="matching_rule_once_per_pair"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.seeker} with {self.provider}"


class RoundOptOut(BaseModel):
    """Someone who declined and asked not to be matched again in this round."""

    round = models.ForeignKey(MatchingRound, on_delete=models.CASCADE, related_name="opt_outs")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")

    class Meta:
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(fields=["round", "person"], name="matching_opt_out_once")
        ]

    def __str__(self) -> str:
        return f"{self.person} left {self.round}"


class MatchStatus(models.TextChoices):
    PROPOSED = "proposed", "Proposed (not published)"
    OFFERED = "offered", "Waiting for answers"
    ACCEPTED = "accepted", "Accepted"
    DECLINED = "declined", "Declined"


LIVE_STATUSES = (MatchStatus.OFFERED, MatchStatus.ACCEPTED)
PUBLISHED_STATUSES = (MatchStatus.OFFERED, MatchStatus.ACCEPTED, MatchStatus.DECLINED)


class Match(BaseModel):
    """A proposed or published pair (seeker and provider) or group (members only)."""

    round = models.ForeignKey(MatchingRound, on_delete=models.CASCADE, related_name="matches")
    status = models.CharField(
        max_length=10, choices=MatchStatus.choices, default=MatchStatus.PROPOSED
    )
    seeker = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    provider = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    score = models.FloatField(null=True, blank=True)
    explanation = models.TextField(blank=True)
    criteria = models.JSONField(
        default=list, blank=True, help_text="The score by criterion, with one sentence each."
    )
    pinned = models.BooleanField(default=False, help_text="Fixed by the admin (a must-pair).")
    position = models.PositiveIntegerField(default=0)
    replaces = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="replacements"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    outcome_id = models.UUIDField(
        null=True, blank=True, help_text="The mentorship, onboarding or request it became."
    )
    outcome_url = models.CharField(max_length=300, blank=True)
    outcome_label = models.CharField(max_length=120, blank=True)

    class Meta:
        ordering = ["position", "created_at"]
        indexes = [
            models.Index(fields=["round", "status", "position"], name="match_round_status"),
            models.Index(fields=["round", "provider", "status"], name="match_round_provider"),
            models.Index(fields=["round", "seeker", "status"], name="match_round_seeker"),
        ]

    def __str__(self) -> str:
        if self.seeker_id and self.provider_id:
            return f"{self.seeker} with {self.provider}"
        return f"Group {self.position + 1} of {self.round}"

    @property
    def is_pair(self) -> bool:
        return self.seeker_id is not None


class MemberRole(models.TextChoices):
    SEEKER = "seeker", "Seeker"
    PROVIDER = "provider", "Provider"
    MEMBER = "member", "Member"


class Response(models.TextChoices):
    PENDING = "pending", "Not answered yet"
    ACCEPTED = "accepted", "Accepted"
    DECLINED = "declined", "Declined"


class MatchMember(BaseModel):
    """One person in a match and their answer."""

    match = models.ForeignKey(Match, on_delete=models.CASCADE, related_name="members")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="match_memberships")
    role = models.CharField(max_length=10, choices=MemberRole.choices)
    response = models.CharField(max_length=10, choices=Response.choices, default=Response.PENDING)
    responded_at = models.DateTimeField(null=True, blank=True)
    message = models.TextField(blank=True, max_length=2000)

    class Meta:
        ordering = ["-role", "created_at"]  # seeker, provider, then group members
        constraints = [
            models.UniqueConstraint(fields=["match", "person"], name="match_member_once")
        ]
        indexes = [models.Index(fields=["person", "-created_at"], name="match_member_person")]

    def __str__(self) -> str:
        return f"{self.person} in {self.match}"
