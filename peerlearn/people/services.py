"""The only way people, teams and the skill graph change. Views, the API and imports call these."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import OuterRef, Subquery, TextField, Value
from django.db.models.functions import Coalesce, Concat
from django.utils import timezone
from django.utils.text import slugify

from peerlearn.accounts.models import User, normalise_email
from peerlearn.accounts.services import user_create, user_deactivate, user_reactivate
from peerlearn.activities.models import ActivityFormat, ActivityVisibility, ParticipantRole
from peerlearn.activities.services import Participant, activities_delete_for_source, activity_record
from peerlearn.people.models import (
    Endorsement,
    Goal,
    GoalStatus,
    JobFamily,
    Level,
    Person,
    PersonSkill,
    Skill,
    SkillAlias,
    SkillLevel,
    Team,
)

PROFILE_FIELDS = frozenset(
    {
        "full_name",
        "job_title",
        "job_family",
        "level",
        "team",
        "location",
        "time_zone",
        "languages",
        "hire_date",
        "monthly_capacity",
        "bio",
    }
)
PROFILE_EDITS_COALESCE = timedelta(hours=1)


def unique_slug(model: type[Skill] | type[Team] | type[JobFamily], text: str) -> str:
    base = slugify(text)[:90] or "item"
    slug, n = base, 2
    while model.objects.filter(slug=slug).exists():
        slug = f"{base}-{n}"
        n += 1
    return slug


def normalise_languages(languages: Iterable[str]) -> list[str]:
    cleaned = []
    for language in languages:
        code = language.strip().lower()
        if not code:
            continue
        if not (2 <= len(code) <= 3 and code.isalpha()):
            raise ValidationError(
                {"languages": f"“{language}” is not a language code (ISO 639-1: en, de…)."}
            )
        if code not in cleaned:
            cleaned.append(code)
    return cleaned


# --- people ---------------------------------------------------------------------------------


@transaction.atomic
def person_create(
    *,
    email: str,
    full_name: str,
    password: str | None = None,
    job_title: str = "",
    job_family: JobFamily | None = None,
    level: Level | None = None,
    team: Team | None = None,
    manager: Person | None = None,
    location: str = "",
    time_zone: str = "UTC",
    languages: Sequence[str] = (),
    hire_date: date | None = None,
    monthly_capacity: int = 2,
    is_programme_admin: bool = False,
) -> Person:
    email = normalise_email(email)
    if User.objects.filter(email=email).exists():
        raise ValidationError({"email": f"Someone already uses {email}."})
    person = Person(
        full_name=full_name.strip(),
        job_title=job_title.strip(),
        job_family=job_family,
        level=level,
        team=team,
        manager=manager,
        location=location.strip(),
        time_zone=time_zone,
        languages=normalise_languages(languages),
        hire_date=hire_date,
        monthly_capacity=monthly_capacity,
        is_programme_admin=is_programme_admin,
    )
    person.full_clean(exclude=["user"])
    person.user = user_create(email=email, password=password)
    person.save()
    people_refresh_search_text(person_ids=[person.id])
    return person


@transaction.atomic
def person_update(
    *, person: Person, changed_by: Person | None, changes: Mapping[str, Any]
) -> Person:
    """Change profile fields; records a (coalesced) profile-update activity."""
    # Who may change which field is core.permissions' decision (ORGANISATION_RECORD_FIELDS).
    allowed = PROFILE_FIELDS | {"is_programme_admin"}
    unknown = set(changes) - allowed
    if unknown:
        raise ValidationError({"__all__": f"Unknown profile fields: {', '.join(sorted(unknown))}."})
    changed = []
    for name, value in changes.items():
        if name == "languages":
            value = normalise_languages(value)
        elif isinstance(value, str):
            value = value.strip()
        if getattr(person, name) != value:
            setattr(person, name, value)
            changed.append(name)
    if not changed:
        return person
    person.full_clean(exclude=["user", "manager"])
    person.save(update_fields=[*changed, "updated_at"])
    if SEARCHED_FIELDS.intersection(changed):
        people_refresh_search_text(person_ids=[person.id])
    activity_record(
        format=ActivityFormat.SKILLS,
        action="profile.updated",
        title=f"{person.full_name} updated their profile",
        participants=[Participant(person=person, role=ParticipantRole.AUTHOR)],
        source=person,
        created_by=changed_by,
        coalesce_within=PROFILE_EDITS_COALESCE,
    )
    return person


def people_refresh_search_text(*, person_ids: Iterable[uuid.UUID] | None = None) -> int:
    """Rebuild the directory's search column in one UPDATE (all people, or the ones given).

    Called by every write that changes a name, title, e-mail or team: person_create,
    person_update, the CSV import and the demo seed.
    """
    people = Person.objects.all()
    if person_ids is not None:
        people = people.filter(id__in=list(person_ids))
    email = User.objects.filter(id=OuterRef("user_id")).values("email")[:1]
    team = Team.objects.filter(id=OuterRef("team_id")).values("name")[:1]
    return people.update(
        search_text=Concat(
            "full_name",
            Value(" | "),
            "job_title",
            Value(" | "),
            Coalesce(Subquery(email), Value("")),
            Value(" | "),
            Coalesce(Subquery(team), Value("")),
            output_field=TextField(),
        )
    )


SEARCHED_FIELDS = frozenset({"full_name", "job_title", "team"})


def reporting_cycle(*, person: Person, manager: Person) -> bool:
    """Would making `manager` this person's manager close a loop in the reporting lines?"""
    current: Person | None = manager
    seen = set()
    while current is not None and current.id not in seen:
        if current.id == person.id:
            return True
        seen.add(current.id)
        current = current.manager
    return False


@transaction.atomic
def person_set_manager(*, person: Person, manager: Person | None) -> Person:
    if manager is not None and reporting_cycle(person=person, manager=manager):
        raise ValidationError(
            {"manager": f"{manager.full_name} reports to {person.full_name}; that would be a loop."}
        )
    person.manager = manager
    person.save(update_fields=["manager", "updated_at"])
    return person


@transaction.atomic
def person_deactivate(*, person: Person) -> Person:
    """Someone left: hide them from the directory and end every session and token at once."""
    person.is_active = False
    person.save(update_fields=["is_active", "updated_at"])
    user_deactivate(user=person.user)
    return person


@transaction.atomic
def person_reactivate(*, person: Person) -> Person:
    person.is_active = True
    person.save(update_fields=["is_active", "updated_at"])
    user_reactivate(user=person.user)
    return person


# --- skill graph ----------------------------------------------------------------------------


@transaction.atomic
def person_skill_set(
    *,
    person: Person,
    skill: Skill,
    level: int,
    can_teach: bool = False,
    wants_to_learn: bool = False,
    confidence: int | None = None,
    changed_by: Person | None = None,
) -> PersonSkill:
    """Add or change where a person stands on a skill."""
    errors: dict[str, str] = {}
    if level not in SkillLevel.values:
        errors["level"] = "Level is a number from 0 (no experience) to 4 (expert)."
    if confidence is not None and not 1 <= confidence <= 5:
        errors["confidence"] = "Confidence is a number from 1 to 5."
    if can_teach and level < SkillLevel.WORKING:
        errors["can_teach"] = "To offer teaching, rate yourself at least Working (2)."
    if errors:
        raise ValidationError(errors)
    edge, created = PersonSkill.objects.get_or_create(
        person=person,
        skill=skill,
        defaults={
            "level": level,
            "can_teach": can_teach,
            "wants_to_learn": wants_to_learn,
            "confidence": confidence,
        },
    )
    if not created:
        before = (edge.level, edge.can_teach, edge.wants_to_learn, edge.confidence)
        if before == (level, can_teach, wants_to_learn, confidence):
            return edge
        edge.level, edge.can_teach = level, can_teach
        edge.wants_to_learn, edge.confidence = wants_to_learn, confidence
        edge.save()
    activity_record(
        format=ActivityFormat.SKILLS,
        action="skill.added" if created else "skill.updated",
        title=f"{person.full_name} {'added' if created else 'updated'} {skill.name}",
        participants=[Participant(person=person, role=ParticipantRole.AUTHOR)],
        skills=[skill],
        source=edge,
        created_by=changed_by,
        coalesce_within=PROFILE_EDITS_COALESCE,
    )
    return edge


@transaction.atomic
def person_skill_add(
    *,
    person: Person,
    skill: Skill,
    level: int,
    can_teach: bool = False,
    wants_to_learn: bool = False,
    confidence: int | None = None,
    changed_by: Person | None = None,
) -> PersonSkill:
    """Add a skill the person does not have yet; adding one they have would silently
    overwrite its level and confidence, so it is refused with a pointer to the list."""
    if PersonSkill.objects.filter(person=person, skill=skill).exists():
        raise ValidationError(
            {"skill": f"{skill.name} is already on the profile; change it in the list below."}
        )
    return person_skill_set(
        person=person,
        skill=skill,
        level=level,
        can_teach=can_teach,
        wants_to_learn=wants_to_learn,
        confidence=confidence,
        changed_by=changed_by,
    )


@transaction.atomic
def person_skill_remove(*, person_skill: PersonSkill) -> None:
    activities_delete_for_source(source=person_skill)
    person_skill.delete()


@transaction.atomic
def endorsement_create(
    *, endorser: Person, person_skill: PersonSkill, note: str = ""
) -> Endorsement:
    """A colleague vouches for a skill; recorded as an organisation-wide learning activity."""
    person = person_skill.person
    if endorser.id == person.id:
        raise ValidationError({"endorser": "You cannot endorse your own skills."})
    if not endorser.is_active or not person.is_active:
        raise ValidationError({"endorser": "Only active colleagues can endorse or be endorsed."})
    if person_skill.level < SkillLevel.FOUNDATIONAL:
        raise ValidationError(
            {"person_skill": f"{person.full_name} has not claimed any level in this skill yet."}
        )
    note = note.strip()
    if len(note) > 280:
        raise ValidationError({"note": "Keep the note to 280 characters."})
    endorsement, created = Endorsement.objects.get_or_create(
        person_skill=person_skill, endorser=endorser, defaults={"note": note}
    )
    if not created:
        raise ValidationError({"person_skill": "You have already endorsed this skill."})
    activity_record(
        format=ActivityFormat.SKILLS,
        action="skill.endorsed",
        title=f"{endorser.full_name} endorsed {person.full_name} for {person_skill.skill.name}",
        participants=[
            Participant(person=endorser, role=ParticipantRole.ENDORSER),
            Participant(person=person, role=ParticipantRole.ENDORSED),
        ],
        visibility=ActivityVisibility.ORGANISATION,
        skills=[person_skill.skill],
        outcome=note,
        source=endorsement,
        created_by=endorser,
    )
    return endorsement


@transaction.atomic
def endorsement_withdraw(*, endorsement: Endorsement) -> None:
    activities_delete_for_source(source=endorsement)
    endorsement.delete()


GOAL_DATE_IN_THE_PAST = "Choose a target date from today on: a goal is something still ahead."


def _check_goal_date(
    *, person: Person, target_date: date | None, unchanged: date | None = None
) -> None:
    """A new target date may not be in the past (on the person's own calendar); a date that was
    set earlier and has since passed may stay, so an overdue goal can still be edited."""
    if target_date is None or target_date == unchanged:
        return
    if target_date < timezone.now().astimezone(person.zone).date():
        raise ValidationError({"target_date": GOAL_DATE_IN_THE_PAST})


@transaction.atomic
def goal_create(
    *,
    person: Person,
    title: str,
    skill: Skill | None = None,
    target_level: int | None = None,
    target_date: date | None = None,
) -> Goal:
    _check_goal_date(person=person, target_date=target_date)
    goal = Goal(
        person=person,
        title=title.strip(),
        skill=skill,
        target_level=target_level,
        target_date=target_date,
    )
    goal.full_clean()
    goal.save()
    activity_record(
        format=ActivityFormat.SKILLS,
        action="goal.set",
        title=f"{person.full_name} set a goal: {goal.title}",
        participants=[Participant(person=person, role=ParticipantRole.LEARNER)],
        skills=[skill] if skill is not None else [],
        source=goal,
        created_by=person,
    )
    return goal


@transaction.atomic
def goal_update(
    *,
    goal: Goal,
    title: str,
    skill: Skill | None,
    target_level: int | None,
    target_date: date | None,
    status: GoalStatus,
) -> Goal:
    _check_goal_date(person=goal.person, target_date=target_date, unchanged=goal.target_date)
    became_achieved = status == GoalStatus.ACHIEVED and goal.status != GoalStatus.ACHIEVED
    goal.title, goal.skill, goal.target_level = title.strip(), skill, target_level
    goal.target_date, goal.status = target_date, status
    goal.full_clean()
    goal.save()
    if became_achieved:
        activity_record(
            format=ActivityFormat.SKILLS,
            action="goal.achieved",
            title=f"{goal.person.full_name} achieved a goal: {goal.title}",
            participants=[Participant(person=goal.person, role=ParticipantRole.LEARNER)],
            skills=[skill] if skill is not None else [],
            source=goal,
            created_by=goal.person,
        )
    return goal


@transaction.atomic
def goal_delete(*, goal: Goal) -> None:
    activities_delete_for_source(source=goal)
    goal.delete()


# --- organisation and taxonomy --------------------------------------------------------------


@transaction.atomic
def skill_create(
    *, name: str, parent: Skill | None = None, description: str = "", aliases: Sequence[str] = ()
) -> Skill:
    name = name.strip()
    if not name:
        raise ValidationError({"name": "A skill needs a name."})
    if (
        Skill.objects.filter(name__iexact=name).exists()
        or SkillAlias.objects.filter(name__iexact=name).exists()
    ):
        raise ValidationError({"name": f"A skill called “{name}” already exists."})
    skill = Skill(name=name, slug=unique_slug(Skill, name), parent=parent, description=description)
    skill.full_clean()
    skill.save()
    for alias in aliases:
        skill_add_alias(skill=skill, alias=alias)
    return skill


@transaction.atomic
def skill_add_alias(*, skill: Skill, alias: str) -> SkillAlias:
    alias = alias.strip()
    if not alias:
        raise ValidationError({"alias": "An alias needs a name."})
    if (
        Skill.objects.filter(name__iexact=alias).exists()
        or SkillAlias.objects.filter(name__iexact=alias).exists()
    ):
        raise ValidationError({"alias": f"“{alias}” already names a skill."})
    return SkillAlias.objects.create(skill=skill, name=alias)


@transaction.atomic
def team_create(*, name: str, parent: Team | None = None, description: str = "") -> Team:
    name = name.strip()
    if not name:
        raise ValidationError({"name": "A team needs a name."})
    if Team.objects.filter(parent=parent, name__iexact=name).exists():
        raise ValidationError({"name": f"There is already a team called “{name}” here."})
    team = Team(name=name, slug=unique_slug(Team, name), parent=parent, description=description)
    team.full_clean()
    team.save()
    return team


@transaction.atomic
def job_family_create(*, name: str, description: str = "") -> JobFamily:
    name = name.strip()
    if not name:
        raise ValidationError({"name": "A job family needs a name."})
    family = JobFamily(name=name, slug=unique_slug(JobFamily, name), description=description)
    family.full_clean()
    family.save()
    return family
