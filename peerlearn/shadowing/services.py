"""The only way shadowing requests, plans, sessions and debriefs change."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
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
from peerlearn.people.models import Person, Skill
from peerlearn.shadowing.models import (
    BOOKED_STATUSES,
    DEFAULT_MONTHLY_SESSIONS,
    Debrief,
    ObservationItem,
    ShadowingHost,
    ShadowingRequest,
    ShadowingStatus,
)

MAX_TEXT = 2000
MAX_AHEAD = dt.timedelta(days=366)


def request_url(request: ShadowingRequest) -> str:
    return reverse("shadowing:detail", args=[request.id])


def _clean(value: str, *, field: str, limit: int = MAX_TEXT, required: str = "") -> str:
    value = value.strip()
    if required and not value:
        raise ValidationError({field: required})
    if len(value) > limit:
        raise ValidationError({field: f"Keep it to {limit:,} characters."})
    return value


def _participants(request: ShadowingRequest) -> list[Participant]:
    return [
        Participant(person=request.host, role=ParticipantRole.HOST),
        Participant(person=request.observer, role=ParticipantRole.OBSERVER),
    ]


def _tell(
    *,
    recipient: Person,
    kind: str,
    key: str,
    subject: str,
    message: str,
    request: ShadowingRequest,
    lines: Sequence[str] = (),
) -> None:
    notify(
        recipient=recipient,
        kind=kind,
        key=key,
        content=EmailContent(
            subject=subject,
            message=message,
            lines=lines,
            url=request_url(request),
            action_label="Open the shadowing request",
        ),
    )


def _locked(request: ShadowingRequest) -> ShadowingRequest:
    ShadowingRequest.objects.select_for_update().filter(pk=request.pk).values_list("pk").get()
    request.refresh_from_db()
    return request


# --- hosts ------------------------------------------------------------------------------------


@transaction.atomic
def shadowing_host_set(
    *, person: Person, monthly_capacity: int, what_you_can_observe: str = ""
) -> ShadowingHost:
    if not 0 <= monthly_capacity <= 20:
        raise ValidationError({"monthly_capacity": "Host between 0 and 20 sessions a month."})
    host, _ = ShadowingHost.objects.update_or_create(
        person=person,
        defaults={
            "monthly_capacity": monthly_capacity,
            "what_you_can_observe": _clean(what_you_can_observe, field="what_you_can_observe"),
        },
    )
    return host


def _host_row_locked(person: Person) -> ShadowingHost:
    """The host's settings row, locked: every booking for this host waits for the one before."""
    try:
        with transaction.atomic():
            ShadowingHost.objects.get_or_create(
                person=person, defaults={"monthly_capacity": DEFAULT_MONTHLY_SESSIONS}
            )
    except IntegrityError:
        pass  # created at the same moment by another booking; the row exists either way
    return ShadowingHost.objects.select_for_update().get(person=person)


def month_bounds(moment: dt.datetime, zone: dt.tzinfo) -> tuple[dt.datetime, dt.datetime]:
    """The calendar month around `moment`, in the host's time zone."""
    local = moment.astimezone(zone)
    start = local.replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    end = (start + dt.timedelta(days=32)).replace(day=1)
    return start, end


def sessions_booked(
    *, host: Person, moment: dt.datetime, excluding: ShadowingRequest | None = None
) -> int:
    start, end = month_bounds(moment, host.zone)
    booked = ShadowingRequest.objects.filter(
        host=host, status__in=BOOKED_STATUSES, starts_at__gte=start, starts_at__lt=end
    )
    if excluding is not None:
        booked = booked.exclude(pk=excluding.pk)
    return booked.count()


def _check_capacity(
    *, host: Person, starts_at: dt.datetime, excluding: ShadowingRequest | None = None
) -> None:
    settings_row = _host_row_locked(host)
    capacity = settings_row.monthly_capacity
    booked = sessions_booked(host=host, moment=starts_at, excluding=excluding)
    if booked >= capacity:
        month = starts_at.astimezone(host.zone).strftime("%B %Y")
        raise ValidationError(
            {
                "starts_at": f"{host.full_name} hosts at most {capacity} shadowing session"
                f"{'s' if capacity != 1 else ''} a month, and {month} is fully booked. "
                "Choose a day in another month."
            }
        )


def _check_slot(starts_at: dt.datetime, duration_minutes: int) -> None:
    if timezone.is_naive(starts_at):
        raise ValidationError({"starts_at": "Give the time with its time zone."})
    now = timezone.now()
    if starts_at <= now:
        raise ValidationError({"starts_at": "That time has already passed: choose a future time."})
    if starts_at > now + MAX_AHEAD:
        raise ValidationError({"starts_at": "Book at most a year ahead."})
    if not 30 <= duration_minutes <= 480:
        raise ValidationError({"duration_minutes": "A session lasts 30 minutes to 8 hours."})


# --- requests ---------------------------------------------------------------------------------


@transaction.atomic
def shadowing_request(
    *,
    observer: Person,
    host: Person,
    what_to_observe: str,
    why: str,
    skills: Sequence[Skill] = (),
) -> ShadowingRequest:
    if observer.id == host.id:
        raise ValidationError({"host": "You cannot shadow yourself."})
    if not host.is_active:
        raise ValidationError({"host": f"{host.full_name} has left the organisation."})
    settings_row = ShadowingHost.objects.filter(person=host).first()
    if settings_row is not None and settings_row.monthly_capacity == 0:
        raise ValidationError({"host": f"{host.full_name} is not hosting shadowing right now."})
    if ShadowingRequest.objects.filter(
        observer=observer,
        host=host,
        status__in=[ShadowingStatus.REQUESTED, ShadowingStatus.ACCEPTED],
    ).exists():
        raise ValidationError({"host": f"You already have an open request with {host.full_name}."})
    request = ShadowingRequest.objects.create(
        observer=observer,
        host=host,
        what_to_observe=_clean(
            what_to_observe, field="what_to_observe", required="Say what you would like to see."
        ),
        why=_clean(why, field="why", required="Say why: it helps the host plan the day."),
    )
    if skills:
        request.skills.set(skills)
    activity_record(
        format=ActivityFormat.SHADOWING,
        action="shadowing.requested",
        title=f"{observer.full_name} asked to shadow {host.full_name}",
        participants=_participants(request),
        skills=list(skills),
        source=request,
        created_by=observer,
    )
    _tell(
        recipient=host,
        kind="shadowing.request",
        key=f"shadowing.request:{request.id}",
        subject=f"{observer.full_name} would like to shadow you",
        message=(
            f"{observer.full_name} would like to shadow your work: accept with a time, or decline."
        ),
        lines=[f"What: {request.what_to_observe[:300]}", f"Why: {request.why[:300]}"],
        request=request,
    )
    return request


def _require(request: ShadowingRequest, *statuses: str, verb: str) -> None:
    if request.status in statuses:
        return
    raise ValidationError(
        {"__all__": f"This request is {request.get_status_display().lower()}; it cannot be {verb}."}
    )


@transaction.atomic
def shadowing_accept(
    *,
    request: ShadowingRequest,
    by: Person,
    starts_at: dt.datetime,
    duration_minutes: int = 120,
    location: str = "",
    message: str = "",
) -> ShadowingRequest:
    """The host accepts and proposes the slot; this books one of their monthly sessions."""
    if by.id != request.host_id:
        raise ValidationError({"__all__": "Only the host can accept."})
    if not request.observer.is_active:
        raise ValidationError({"__all__": f"{request.observer.full_name} has left the company."})
    _check_slot(starts_at, duration_minutes)
    # Lock the host first: concurrent accepts for one host are serialised here, so two of them
    # cannot both see the last free session of a month.
    _check_capacity(host=request.host, starts_at=starts_at)
    request = _locked(request)
    _require(request, ShadowingStatus.REQUESTED, verb="accepted")
    request.status = ShadowingStatus.ACCEPTED
    request.starts_at, request.duration_minutes = starts_at, duration_minutes
    request.location = _clean(location, field="location", limit=200)
    request.host_message = _clean(message, field="message")
    request.responded_at = timezone.now()
    request.save()
    request.activity = activity_record(
        format=ActivityFormat.SHADOWING,
        action="shadowing.session",
        title=f"{request.observer.full_name} shadows {request.host.full_name}",
        participants=_participants(request),
        status=ActivityStatus.SCHEDULED,
        starts_at=starts_at,
        ends_at=starts_at + dt.timedelta(minutes=duration_minutes),
        skills=list(request.skills.all()),
        source=request,
        created_by=by,
    )
    request.save(update_fields=["activity", "updated_at"])
    local = starts_at.astimezone(request.observer.zone)
    _tell(
        recipient=request.observer,
        kind="shadowing.accepted",
        key=f"shadowing.accepted:{request.id}",
        subject=f"{by.full_name} accepted: shadowing on {local:%a %-d %b at %H:%M}",
        message=(
            f"{by.full_name} accepted. Shadowing is on {local:%A %-d %B at %H:%M}. "
            "Agree the observation plan together."
        ),
        lines=[f"“{request.host_message}”"] if request.host_message else [],
        request=request,
    )
    return request


@transaction.atomic
def shadowing_decline(
    *, request: ShadowingRequest, by: Person, message: str = ""
) -> ShadowingRequest:
    if by.id != request.host_id:
        raise ValidationError({"__all__": "Only the host can decline."})
    request = _locked(request)
    _require(request, ShadowingStatus.REQUESTED, verb="declined")
    request.status = ShadowingStatus.DECLINED
    request.host_message = _clean(message, field="message")
    request.responded_at = timezone.now()
    request.save()
    _tell(
        recipient=request.observer,
        kind="shadowing.declined",
        key=f"shadowing.declined:{request.id}",
        subject=f"{by.full_name} cannot host shadowing right now",
        message=f"{by.full_name} declined your shadowing request.",
        lines=[f"“{request.host_message}”"] if request.host_message else [],
        request=request,
    )
    return request


@transaction.atomic
def shadowing_withdraw(*, request: ShadowingRequest, by: Person) -> ShadowingRequest:
    if by.id != request.observer_id:
        raise ValidationError({"__all__": "Only the person who asked can withdraw."})
    request = _locked(request)
    _require(request, ShadowingStatus.REQUESTED, verb="withdrawn")
    request.status = ShadowingStatus.WITHDRAWN
    request.save()
    return request


@transaction.atomic
def shadowing_cancel(*, request: ShadowingRequest, by: Person) -> ShadowingRequest:
    """Either side calls off a booked session; the place in the host's month is freed."""
    request = _locked(request)
    _require(request, ShadowingStatus.ACCEPTED, verb="cancelled")
    request.status = ShadowingStatus.CANCELLED
    request.sequence += 1
    request.save()
    if request.activity is not None:
        activity_set_status(activity=request.activity, status=ActivityStatus.CANCELLED)
    other = request.observer if by.id == request.host_id else request.host
    _tell(
        recipient=other,
        kind="shadowing.cancelled",
        key=f"shadowing.cancelled:{request.id}",
        subject="A shadowing session was cancelled",
        message=f"{by.full_name} cancelled the shadowing session{_session_day(request, other)}.",
        request=request,
    )
    return request


@transaction.atomic
def shadowing_reschedule(
    *, request: ShadowingRequest, by: Person, starts_at: dt.datetime, duration_minutes: int
) -> ShadowingRequest:
    _check_slot(starts_at, duration_minutes)
    _check_capacity(host=request.host, starts_at=starts_at, excluding=request)
    request = _locked(request)
    _require(request, ShadowingStatus.ACCEPTED, verb="moved")
    request.starts_at, request.duration_minutes = starts_at, duration_minutes
    request.sequence += 1
    request.save()
    if request.activity is not None:
        activity_reschedule(
            activity=request.activity,
            starts_at=starts_at,
            ends_at=starts_at + dt.timedelta(minutes=duration_minutes),
        )
    other = request.observer if by.id == request.host_id else request.host
    local = starts_at.astimezone(other.zone)
    _tell(
        recipient=other,
        kind="shadowing.moved",
        key=f"shadowing.moved:{request.id}:{request.sequence}",
        subject=f"Shadowing moved to {local:%a %-d %b at %H:%M}",
        message=f"{by.full_name} moved the shadowing session to {local:%A %-d %B at %H:%M}.",
        request=request,
    )
    return request


def _session_day(request: ShadowingRequest, person: Person) -> str:
    """ " of Tuesday 1 December", as the person's calendar has it, or nothing without a slot."""
    if request.starts_at is None:
        return ""
    return f" of {request.starts_at.astimezone(person.zone):%A %-d %B}"


@transaction.atomic
def shadowing_complete(*, request: ShadowingRequest, by: Person) -> ShadowingRequest:
    request = _locked(request)
    _require(request, ShadowingStatus.ACCEPTED, verb="marked as done")
    if request.starts_at is not None and request.starts_at > timezone.now() + dt.timedelta(hours=1):
        raise ValidationError({"__all__": "The session has not happened yet."})
    request.status = ShadowingStatus.COMPLETED
    request.completed_at = timezone.now()
    request.sequence += 1
    request.save()
    if request.activity is not None:
        activity_set_status(activity=request.activity, status=ActivityStatus.HELD)
        for person in (request.host, request.observer):
            activity_mark_attendance(activity=request.activity, person=person, attended=True)
    other = request.observer if by.id == request.host_id else request.host
    _tell(
        recipient=other,
        kind="shadowing.debrief",
        key=f"shadowing.completed:{request.id}:{other.id}",
        subject="How did the shadowing go? Write a short debrief",
        message="The session is done. Write two lines: what you learned, what you will try.",
        request=request,
    )
    return request


# --- the observation plan and debriefs --------------------------------------------------------


@transaction.atomic
def observation_item_add(*, request: ShadowingRequest, by: Person, text: str) -> ObservationItem:
    _require(request, ShadowingStatus.REQUESTED, ShadowingStatus.ACCEPTED, verb="planned")
    return ObservationItem.objects.create(
        request=request,
        text=_clean(text, field="text", limit=300, required="Say what to observe."),
        added_by=by,
        position=request.plan_items.count(),
    )


@transaction.atomic
def observation_item_set(*, item: ObservationItem, observed: bool) -> ObservationItem:
    item.observed = observed
    item.save(update_fields=["observed", "updated_at"])
    return item


@transaction.atomic
def debrief_write(
    *, request: ShadowingRequest, author: Person, learned: str, try_next: str = ""
) -> Debrief:
    if author.id not in (request.host_id, request.observer_id):
        raise ValidationError({"author": "Only the host and the observer write debriefs."})
    _require(request, ShadowingStatus.COMPLETED, verb="debriefed yet")
    if Debrief.objects.filter(request=request, author=author).exists():
        raise ValidationError({"__all__": "You have already written your debrief."})
    debrief = Debrief.objects.create(
        request=request,
        author=author,
        learned=_clean(learned, field="learned", limit=4000, required="Say what you learned."),
        try_next=_clean(try_next, field="try_next", limit=4000),
    )
    role = ParticipantRole.HOST if author.id == request.host_id else ParticipantRole.OBSERVER
    activity_record(
        format=ActivityFormat.SHADOWING,
        action="shadowing.debrief",
        title=f"{author.full_name} debriefed shadowing with "
        f"{(request.observer if author.id == request.host_id else request.host).full_name}",
        participants=[Participant(person=author, role=role)],
        skills=list(request.skills.all()),
        outcome=debrief.learned[:4000],
        source=request,
        created_by=author,
    )
    return debrief
