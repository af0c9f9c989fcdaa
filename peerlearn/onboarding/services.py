"""The only way onboardings, their checklists, milestones, templates and the buddy pool change.

`onboarding_start_for(person=...)` is the one entry point for a new starter, whichever way
they arrived: the start page, the API, or the `onboarding.start_for_new_hires` job that picks
up people added by the CSV import (or any other way) with a recent hire date.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from peerlearn.activities.models import ActivityFormat, ActivityStatus, ParticipantRole
from peerlearn.activities.services import (
    Participant,
    activity_mark_attendance,
    activity_record,
    activity_reschedule,
    activity_set_status,
)
from peerlearn.notifications.services import EmailContent, notify
from peerlearn.onboarding.buddies import buddy_suggest
from peerlearn.onboarding.models import (
    MILESTONE_DAYS,
    BuddyVolunteer,
    ChecklistCategory,
    ChecklistItem,
    Milestone,
    MilestoneStatus,
    Onboarding,
    OnboardingStatus,
    OnboardingTemplate,
    TemplateItem,
)
from peerlearn.people.models import JobFamily, Person, Team

MILESTONE_HOUR = 10  # milestones start at 10:00 in the new starter's time zone
MAX_TEXT = 2000


def onboarding_url(onboarding: Onboarding) -> str:
    return reverse("onboarding:detail", args=[onboarding.id])


def _working_day(day: dt.date) -> dt.date:
    """Saturday and Sunday move to the Monday after."""
    return day + dt.timedelta(days=(7 - day.weekday()) % 7 if day.weekday() >= 5 else 0)


def milestone_time(*, start_date: dt.date, day: int, person: Person) -> dt.datetime:
    when = _working_day(start_date + dt.timedelta(days=day - 1))
    return dt.datetime.combine(when, dt.time(MILESTONE_HOUR), tzinfo=person.zone)


def _clean(value: str, *, field: str, limit: int = MAX_TEXT, required: str = "") -> str:
    value = value.strip()
    if required and not value:
        raise ValidationError({field: required})
    if len(value) > limit:
        raise ValidationError({field: f"Keep it to {limit:,} characters."})
    return value


def _participants(onboarding: Onboarding) -> list[Participant]:
    people = [Participant(person=onboarding.new_starter, role=ParticipantRole.NEW_STARTER)]
    if onboarding.buddy is not None:
        people.append(Participant(person=onboarding.buddy, role=ParticipantRole.BUDDY))
    return people


def _tell(
    *,
    recipient: Person | None,
    kind: str,
    key: str,
    subject: str,
    message: str,
    url: str,
    lines: Sequence[str] = (),
    action: str = "Open the onboarding plan",
) -> None:
    if recipient is None:
        return
    notify(
        recipient=recipient,
        kind=kind,
        key=key,
        content=EmailContent(
            subject=subject, message=message, lines=lines, url=url, action_label=action
        ),
    )


# --- templates --------------------------------------------------------------------------------


@transaction.atomic
def onboarding_template_create(
    *,
    name: str,
    job_family: JobFamily | None = None,
    team: Team | None = None,
    description: str = "",
) -> OnboardingTemplate:
    template = OnboardingTemplate(
        name=_clean(name, field="name", limit=120, required="Give the plan a name."),
        job_family=job_family,
        team=team,
        description=_clean(description, field="description"),
    )
    template.full_clean()
    template.save()
    return template


@transaction.atomic
def onboarding_template_item_add(
    *,
    template: OnboardingTemplate,
    category: str,
    title: str,
    description: str = "",
    link_url: str = "",
    due_day: int = 7,
) -> TemplateItem:
    if category not in ChecklistCategory.values:
        raise ValidationError({"category": "Choose tools, processes, team norms or people."})
    item = TemplateItem(
        template=template,
        category=category,
        title=_clean(title, field="title", limit=200, required="Say what to do."),
        description=_clean(description, field="description"),
        link_url=link_url.strip(),
        due_day=due_day,
        position=template.items.count(),
    )
    item.full_clean()
    item.save()
    return item


@transaction.atomic
def onboarding_template_item_remove(*, item: TemplateItem) -> None:
    item.delete()


def onboarding_template_for(*, person: Person) -> OnboardingTemplate | None:
    """The most specific active plan: team and job family, then team, then job family, then
    a plan for everyone."""
    templates = OnboardingTemplate.objects.filter(is_active=True)
    candidates = [
        templates.filter(team=person.team, job_family=person.job_family)
        if person.team and person.job_family
        else None,
        templates.filter(team=person.team, job_family__isnull=True) if person.team else None,
        templates.filter(team__isnull=True, job_family=person.job_family)
        if person.job_family
        else None,
        templates.filter(team__isnull=True, job_family__isnull=True),
    ]
    for queryset in candidates:
        if queryset is not None:
            found = queryset.order_by("name", "id").first()
            if found is not None:
                return found
    return None


# --- starting ---------------------------------------------------------------------------------


@transaction.atomic
def onboarding_start_for(
    *,
    person: Person,
    start_date: dt.date | None = None,
    template: OnboardingTemplate | None = None,
    buddy: Person | None = None,
    assign_buddy: bool = True,
    created_by: Person | None = None,
) -> Onboarding:
    """Welcome a new starter: their checklist, day 1/7/30/90 milestones and a buddy."""
    if not person.is_active:
        raise ValidationError({"person": f"{person.full_name} has left the organisation."})
    if Onboarding.objects.filter(new_starter=person, status=OnboardingStatus.ACTIVE).exists():
        raise ValidationError({"person": f"{person.full_name} is already being onboarded."})
    start_date = start_date or person.hire_date or timezone.localdate()
    if start_date < timezone.localdate() - dt.timedelta(days=max(MILESTONE_DAYS)):
        raise ValidationError(
            {"start_date": "That start date is over 90 days ago: onboarding would be over."}
        )
    template = template or onboarding_template_for(person=person)
    reason = "Chosen by hand." if buddy is not None else ""
    if buddy is None and assign_buddy:
        suggestion = buddy_suggest(new_starter=person)
        if suggestion is not None:
            buddy, reason = suggestion.buddy, suggestion.reason
    if buddy is not None:
        _check_buddy(new_starter=person, buddy=buddy)
    onboarding = Onboarding.objects.create(
        new_starter=person,
        buddy=buddy,
        buddy_reason=reason[:MAX_TEXT],
        template=template,
        start_date=start_date,
        created_by=created_by,
    )
    if template is not None:
        ChecklistItem.objects.bulk_create(
            ChecklistItem(
                onboarding=onboarding,
                category=item.category,
                title=item.title,
                description=item.description,
                link_url=item.link_url,
                due_date=start_date + dt.timedelta(days=item.due_day - 1),
                position=n,
            )
            for n, item in enumerate(template.items.all())
        )
    activity_record(
        format=ActivityFormat.ONBOARDING,
        action="onboarding.started",
        title=f"{person.full_name} started onboarding",
        participants=_participants(onboarding),
        starts_at=dt.datetime.combine(start_date, dt.time(9), tzinfo=person.zone),
        source=onboarding,
        created_by=created_by,
    )
    for day in MILESTONE_DAYS:
        _milestone_create(onboarding=onboarding, day=day)
    if buddy is not None:
        _announce_buddy(onboarding=onboarding, previous=None)
    _tell(
        recipient=person,
        kind="onboarding.started",
        key=f"onboarding.started:{onboarding.id}",
        subject="Welcome! Your onboarding plan is ready",
        message="Welcome aboard. Your onboarding plan, buddy and first check-ins are ready.",
        url=onboarding_url(onboarding),
    )
    _tell(
        recipient=person.manager,
        kind="onboarding.started",
        key=f"onboarding.started:{onboarding.id}:manager",
        subject=f"{person.full_name}'s onboarding has started",
        message=f"{person.full_name}'s onboarding plan is ready; you can follow their progress.",
        url=onboarding_url(onboarding),
    )
    return onboarding


def _milestone_create(*, onboarding: Onboarding, day: int) -> Milestone:
    person = onboarding.new_starter
    starts_at = milestone_time(start_date=onboarding.start_date, day=day, person=person)
    milestone = Milestone.objects.create(onboarding=onboarding, day=day, starts_at=starts_at)
    milestone.activity = activity_record(
        format=ActivityFormat.ONBOARDING,
        action="milestone.scheduled",
        title=f"Day {day} check-in: {person.full_name}",
        participants=_participants(onboarding),
        status=ActivityStatus.SCHEDULED,
        starts_at=starts_at,
        ends_at=starts_at + dt.timedelta(minutes=milestone.duration_minutes),
        source=milestone,
        created_by=onboarding.created_by,
    )
    milestone.save(update_fields=["activity", "updated_at"])
    return milestone


def buddy_load(*, buddy: Person) -> int:
    return Onboarding.objects.filter(buddy=buddy, status=OnboardingStatus.ACTIVE).count()


def _check_buddy(*, new_starter: Person, buddy: Person) -> None:
    if buddy.id == new_starter.id:
        raise ValidationError({"buddy": "A new starter cannot be their own buddy."})
    if not buddy.is_active:
        raise ValidationError({"buddy": f"{buddy.full_name} has left the organisation."})
    profile = BuddyVolunteer.objects.filter(person=buddy).first()
    limit = profile.max_new_starters if profile is not None else 1
    if buddy_load(buddy=buddy) >= limit:
        raise ValidationError(
            {"buddy": f"{buddy.full_name} already welcomes {limit} new starter(s), their limit."}
        )


@transaction.atomic
def onboarding_assign_buddy(
    *, onboarding: Onboarding, buddy: Person, reason: str = "", by: Person | None = None
) -> Onboarding:
    """Pair the new starter with a buddy (within the buddy's limit of new starters at a time)."""
    if onboarding.status != OnboardingStatus.ACTIVE:
        raise ValidationError({"buddy": "This onboarding is over."})
    if onboarding.buddy_id == buddy.id:
        return onboarding
    _check_buddy(new_starter=onboarding.new_starter, buddy=buddy)
    previous = onboarding.buddy
    onboarding.buddy, onboarding.buddy_reason = buddy, reason.strip()[:MAX_TEXT]
    onboarding.save(update_fields=["buddy", "buddy_reason", "updated_at"])
    # The milestones are with the buddy: their calendar invites now name the new buddy.
    for milestone in onboarding.milestones.filter(status=MilestoneStatus.SCHEDULED):
        milestone.sequence += 1
        milestone.save(update_fields=["sequence", "updated_at"])
    activity_record(
        format=ActivityFormat.ONBOARDING,
        action="buddy.assigned",
        title=f"{buddy.full_name} is {onboarding.new_starter.full_name}'s onboarding buddy",
        participants=_participants(onboarding),
        source=onboarding,
        created_by=by,
    )
    _announce_buddy(onboarding=onboarding, previous=previous)
    return onboarding


def _announce_buddy(*, onboarding: Onboarding, previous: Person | None) -> None:
    buddy, starter = onboarding.buddy, onboarding.new_starter
    if buddy is None:
        return
    _tell(
        recipient=buddy,
        kind="onboarding.buddy",
        key=f"onboarding.buddy:{onboarding.id}:{buddy.id}",
        subject=f"You are {starter.full_name}'s onboarding buddy",
        message=(
            f"You are {starter.full_name}'s onboarding buddy from "
            f"{onboarding.start_date:%-d %B}. Say hello before their first day."
        ),
        lines=[onboarding.buddy_reason] if onboarding.buddy_reason else [],
        url=onboarding_url(onboarding),
    )
    _tell(
        recipient=starter,
        kind="onboarding.buddy",
        key=f"onboarding.buddy:{onboarding.id}:{buddy.id}:starter",
        subject=f"Meet your buddy, {buddy.full_name}",
        message=f"{buddy.full_name} is your onboarding buddy: ask them anything.",
        url=onboarding_url(onboarding),
    )
    if previous is not None:
        _tell(
            recipient=previous,
            kind="onboarding.buddy",
            key=f"onboarding.buddy.released:{onboarding.id}:{previous.id}",
            subject=f"{buddy.full_name} is now {starter.full_name}'s buddy",
            message=f"{buddy.full_name} takes over as {starter.full_name}'s buddy. Thank you!",
            url=onboarding_url(onboarding),
        )


def onboarding_start_for_new_hires(*, within_days: int, today: dt.date | None = None) -> int:
    """Start onboarding for active people hired recently (or about to start) who have none.

    This is how people added by the CSV import (or any other way) get their plan. Each person
    is started in their own transaction, so one problem does not hold up everyone else.
    """
    today = today or timezone.localdate()
    people = (
        Person.objects.filter(
            is_active=True,
            hire_date__isnull=False,
            hire_date__gte=today - dt.timedelta(days=within_days),
        )
        .exclude(Q(onboardings__isnull=False))
        .select_related("team", "job_family", "level", "manager")
        .order_by("hire_date", "full_name")
    )
    started = 0
    for person in people:
        try:
            onboarding_start_for(person=person, start_date=person.hire_date)
        except ValidationError:
            continue
        started += 1
    return started


@transaction.atomic
def onboarding_cancel(*, onboarding: Onboarding, by: Person | None = None) -> Onboarding:
    if onboarding.status != OnboardingStatus.ACTIVE:
        raise ValidationError({"__all__": "This onboarding is already over."})
    onboarding.status = OnboardingStatus.CANCELLED
    onboarding.save(update_fields=["status", "updated_at"])
    for milestone in onboarding.milestones.filter(status=MilestoneStatus.SCHEDULED):
        milestone.status = MilestoneStatus.SKIPPED
        milestone.sequence += 1
        milestone.save(update_fields=["status", "sequence", "updated_at"])
        if milestone.activity is not None:
            activity_set_status(activity=milestone.activity, status=ActivityStatus.CANCELLED)
    return onboarding


# --- the checklist ----------------------------------------------------------------------------


def _require_active(onboarding: Onboarding) -> None:
    if onboarding.status != OnboardingStatus.ACTIVE:
        raise ValidationError({"__all__": "This onboarding is over."})


@transaction.atomic
def checklist_item_set_done(*, item: ChecklistItem, done: bool, by: Person) -> ChecklistItem:
    onboarding = item.onboarding
    _require_active(onboarding)
    if done == item.is_done:
        return item
    item.done_at = timezone.now() if done else None
    item.done_by = by if done else None
    item.save(update_fields=["done_at", "done_by", "updated_at"])
    if done and not onboarding.items.filter(done_at__isnull=True).exists():
        activity_record(
            format=ActivityFormat.ONBOARDING,
            action="checklist.completed",
            title=f"{onboarding.new_starter.full_name} completed the onboarding checklist",
            participants=_participants(onboarding),
            source=onboarding,
            created_by=by,
        )
        _tell(
            recipient=onboarding.new_starter.manager,
            kind="onboarding.checklist",
            key=f"onboarding.checklist.done:{onboarding.id}",
            subject=f"{onboarding.new_starter.full_name} finished their onboarding checklist",
            message=f"{onboarding.new_starter.full_name} ticked off every item on their checklist.",
            url=onboarding_url(onboarding),
        )
    return item


@transaction.atomic
def checklist_item_add(
    *,
    onboarding: Onboarding,
    by: Person,
    category: str,
    title: str,
    due_date: dt.date,
    description: str = "",
    link_url: str = "",
) -> ChecklistItem:
    _require_active(onboarding)
    if category not in ChecklistCategory.values:
        raise ValidationError({"category": "Choose tools, processes, team norms or people."})
    if due_date < onboarding.start_date:
        raise ValidationError({"due_date": "The due date is before the first day."})
    item = ChecklistItem(
        onboarding=onboarding,
        category=category,
        title=_clean(title, field="title", limit=200, required="Say what to do."),
        description=_clean(description, field="description"),
        link_url=link_url.strip(),
        due_date=due_date,
        position=onboarding.items.count(),
    )
    item.full_clean()
    item.save()
    return item


# --- milestones -------------------------------------------------------------------------------


@transaction.atomic
def milestone_record(
    *,
    milestone: Milestone,
    by: Person,
    confidence: int | None = None,
    comment: str = "",
) -> Milestone:
    """The milestone check-in happened; the new starter answers the confidence question."""
    onboarding = milestone.onboarding
    _require_active(onboarding)
    if milestone.status == MilestoneStatus.SKIPPED:
        raise ValidationError({"__all__": "This milestone was skipped."})
    if milestone.starts_at > timezone.now() + dt.timedelta(hours=1):
        raise ValidationError({"__all__": "This milestone has not happened yet."})
    is_starter = by.id == onboarding.new_starter_id
    if not is_starter and (confidence is not None or comment.strip()):
        raise ValidationError({"confidence": "Only the new starter answers this question."})
    if confidence is not None and not 1 <= confidence <= 5:
        raise ValidationError({"confidence": "Confidence is a number from 1 to 5."})
    first_time = milestone.status != MilestoneStatus.HELD
    milestone.status = MilestoneStatus.HELD
    milestone.held_at = milestone.held_at or timezone.now()
    if is_starter:
        milestone.confidence = confidence
        milestone.comment = _clean(comment, field="comment")
    if first_time:
        milestone.sequence += 1
    milestone.save()
    if first_time and milestone.activity is not None:
        activity_set_status(activity=milestone.activity, status=ActivityStatus.HELD)
        for participant in _participants(onboarding):
            activity_mark_attendance(
                activity=milestone.activity, person=participant.person, attended=True
            )
    if (
        milestone.day == max(MILESTONE_DAYS)
        and not onboarding.milestones.filter(status=MilestoneStatus.SCHEDULED).exists()
    ):
        onboarding.status = OnboardingStatus.COMPLETED
        onboarding.completed_at = timezone.now()
        onboarding.save(update_fields=["status", "completed_at", "updated_at"])
        activity_record(
            format=ActivityFormat.ONBOARDING,
            action="onboarding.completed",
            title=f"{onboarding.new_starter.full_name} completed onboarding",
            participants=_participants(onboarding),
            source=onboarding,
            created_by=by,
        )
    return milestone


@transaction.atomic
def milestone_reschedule(*, milestone: Milestone, by: Person, starts_at: dt.datetime) -> Milestone:
    _require_active(milestone.onboarding)
    if milestone.status != MilestoneStatus.SCHEDULED:
        raise ValidationError({"__all__": "Only a scheduled milestone can move."})
    if timezone.is_naive(starts_at) or starts_at <= timezone.now():
        raise ValidationError({"starts_at": "Choose a time in the future."})
    milestone.starts_at = starts_at
    milestone.sequence += 1
    milestone.save(update_fields=["starts_at", "sequence", "updated_at"])
    if milestone.activity is not None:
        activity_reschedule(
            activity=milestone.activity,
            starts_at=starts_at,
            ends_at=starts_at + dt.timedelta(minutes=milestone.duration_minutes),
        )
    return milestone


# --- the buddy pool ---------------------------------------------------------------------------


@transaction.atomic
def buddy_volunteer_set(
    *, person: Person, is_available: bool, max_new_starters: int = 1, note: str = ""
) -> BuddyVolunteer:
    if not 1 <= max_new_starters <= 5:
        raise ValidationError(
            {"max_new_starters": "Welcome between 1 and 5 new starters at a time."}
        )
    profile, _ = BuddyVolunteer.objects.update_or_create(
        person=person,
        defaults={
            "is_available": is_available,
            "max_new_starters": max_new_starters,
            "note": _clean(note, field="note", limit=280),
        },
    )
    return profile
