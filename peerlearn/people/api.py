"""People, their skills and goals, the skill taxonomy and teams, under /api/v1/.

Every endpoint: authenticate, ask `core.permissions`, call a selector or service, return a
schema. Things the caller may not see answer 404; things they see but may not change, 403.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q, QuerySet
from django.http import Http404, HttpRequest
from ninja import Query, Router, Status

from peerlearn.core.api import ERROR_RESPONSES, Pagination, api_actor, forbid_unless, paginate
from peerlearn.core.permissions import (
    ORGANISATION_RECORD_FIELDS,
    Actor,
    can_change_organisation_record,
    can_edit_person,
    can_endorse,
    can_manage_organisation,
    can_use_directory,
    can_view_person,
    can_view_progress,
    require,
)
from peerlearn.people import selectors, services
from peerlearn.people.models import (
    Endorsement,
    Goal,
    JobFamily,
    Level,
    Person,
    PersonSkill,
    Skill,
    Team,
)
from peerlearn.people.schemas import (
    AliasIn,
    EndorsementIn,
    GoalIn,
    GoalOut,
    GoalPatchIn,
    PeopleFilters,
    PersonCreateIn,
    PersonOut,
    PersonPatchIn,
    PersonSkillIn,
    PersonSkillOut,
    SkillCreateIn,
    SkillDetailOut,
    SkillFilters,
    SkillHolderOut,
    SkillOut,
    TeamDetailOut,
    TeamMembersFilters,
    TeamOut,
)

router = Router(tags=["people"])

T = TypeVar("T")

NO_CONTENT: dict[int, Any] = {204: None, **ERROR_RESPONSES}
ADMIN_ONLY_PROFILE_FIELDS = ("manager", "is_programme_admin")


# --- lookups: path references to objects, or 404 ----------------------------------------------


def _as_uuid(reference: str) -> uuid.UUID | None:
    try:
        return uuid.UUID(reference)
    except ValueError:
        return None


def _visible_person(actor: Actor, person_id: uuid.UUID) -> Person:
    person = selectors.people_base().filter(pk=person_id).first()
    require(person is not None and can_view_person(actor, person))
    assert person is not None
    return person


def _find_skill(reference: str) -> Skill | None:
    skill_id = _as_uuid(reference)
    if skill_id is not None:
        return Skill.objects.filter(pk=skill_id).first()
    return selectors.skill_resolve(name=reference)


def _skill(reference: str) -> Skill:
    skill = _find_skill(reference)
    if skill is None:
        raise Http404("No such skill")
    return skill


def _find_team(reference: str) -> Team | None:
    team_id = _as_uuid(reference)
    if team_id is not None:
        return Team.objects.filter(pk=team_id).first()
    return Team.objects.filter(slug=reference.strip().lower()).first()


def _team(reference: str) -> Team:
    team = _find_team(reference)
    if team is None:
        raise Http404("No such team")
    return team


def _held_skill(person: Person, skill_reference: str) -> PersonSkill:
    edge = (
        PersonSkill.objects.select_related("person", "skill")
        .filter(person=person, skill=_skill(skill_reference))
        .first()
    )
    if edge is None:
        raise Http404("No such skill on this profile")
    return edge


def _visible_goal(actor: Actor, goal_id: uuid.UUID) -> Goal:
    goal = Goal.objects.select_related("person", "person__user", "skill").filter(pk=goal_id).first()
    require(goal is not None and can_view_progress(actor, goal.person))
    assert goal is not None
    return goal


# --- references inside request bodies: unknown ones are invalid input (422) --------------------


def _body_skill(field: str, reference: str | None) -> Skill | None:
    if reference is None or not reference.strip():
        return None
    skill = _find_skill(reference)
    if skill is None:
        raise ValidationError({field: f"There is no skill called “{reference}”."})
    return skill


def _body_team(reference: str | None) -> Team | None:
    if reference is None or not reference.strip():
        return None
    team = _find_team(reference)
    if team is None:
        raise ValidationError({"team": f"There is no team “{reference}”."})
    return team


def _body_job_family(slug: str | None) -> JobFamily | None:
    if slug is None or not slug.strip():
        return None
    family = JobFamily.objects.filter(slug=slug.strip().lower()).first()
    if family is None:
        raise ValidationError({"job_family": f"There is no job family “{slug}”."})
    return family


def _body_level(code: str | None) -> Level | None:
    if code is None or not code.strip():
        return None
    found = Level.objects.filter(code__iexact=code.strip()).first()
    if found is None:
        raise ValidationError({"level": f"There is no level “{code}”."})
    return found


def _body_manager(person_id: uuid.UUID | None) -> Person | None:
    if person_id is None:
        return None
    manager = Person.objects.select_related("manager").filter(pk=person_id).first()
    if manager is None:
        raise ValidationError({"manager": "There is no such person."})
    return manager


# --- people ---------------------------------------------------------------------------------


@router.get(
    "/people", response={200: list[PersonOut], **ERROR_RESPONSES}, summary="Search the directory"
)
@paginate(Pagination)
def person_list(request: HttpRequest, filters: Query[PeopleFilters]) -> QuerySet[Person]:
    """Colleagues matching every filter given, by name. A team, skill, job family or level
    that does not exist is invalid input (422 naming each such filter), not an empty list."""
    actor = api_actor(request)
    require(can_use_directory(actor))
    forbid_unless(
        not filters.include_inactive or can_manage_organisation(actor),
        "Only programme admins can list people who have left.",
    )
    if (filters.can_teach or filters.wants_to_learn) and not filters.skill:
        raise ValidationError({"skill": "Name a skill to filter by who teaches or learns it."})
    unknown: dict[str, list[str]] = {}

    def known(lookup: Callable[[], T]) -> T | None:
        try:
            return lookup()
        except ValidationError as error:
            unknown.update(error.message_dict)
            return None

    team = known(lambda: _body_team(filters.team))
    skill = known(lambda: _body_skill("skill", filters.skill))
    family = known(lambda: _body_job_family(filters.job_family))
    level = known(lambda: _body_level(filters.level))
    if unknown:
        raise ValidationError(unknown)
    return selectors.people_search(
        query=filters.q,
        team=team,
        job_family_slug=family.slug if family else "",
        level_code=level.code if level else "",
        skill=skill,
        can_teach=filters.can_teach,
        wants_to_learn=filters.wants_to_learn,
        include_inactive=filters.include_inactive,
    )


@router.get("/people/me", response={200: PersonOut, **ERROR_RESPONSES}, summary="My profile")
def person_me(request: HttpRequest) -> Person:
    actor = api_actor(request)
    require(actor.person is not None)
    assert actor.person is not None
    return _visible_person(actor, actor.person.id)


@router.get("/people/{person_id}", response={200: PersonOut, **ERROR_RESPONSES})
def person_detail(request: HttpRequest, person_id: uuid.UUID) -> Person:
    """A colleague's profile; people who have left are visible to programme admins only."""
    return _visible_person(api_actor(request), person_id)


@router.post("/people", response={201: PersonOut, **ERROR_RESPONSES}, summary="Add a person")
def person_create(request: HttpRequest, payload: PersonCreateIn) -> Status[Person]:
    """Programme admins add people; they set a password through the reset link."""
    actor = api_actor(request)
    forbid_unless(can_manage_organisation(actor), "Only programme admins can add people.")
    person = services.person_create(
        email=payload.email,
        full_name=payload.full_name,
        job_title=payload.job_title,
        job_family=_body_job_family(payload.job_family),
        level=_body_level(payload.level),
        team=_body_team(payload.team),
        manager=_body_manager(payload.manager),
        location=payload.location,
        time_zone=payload.time_zone,
        languages=payload.languages,
        hire_date=payload.hire_date,
        monthly_capacity=payload.monthly_capacity,
        is_programme_admin=payload.is_programme_admin,
    )
    return Status(201, _visible_person(actor, person.id))


@router.patch("/people/{person_id}", response={200: PersonOut, **ERROR_RESPONSES})
def person_update(request: HttpRequest, person_id: uuid.UUID, payload: PersonPatchIn) -> Person:
    """Change a profile: your own, or anyone's as a programme admin."""
    actor = api_actor(request)
    person = _visible_person(actor, person_id)
    forbid_unless(can_edit_person(actor, person), "You can only change your own profile.")
    sent = payload.model_dump(exclude_unset=True)
    changes: dict[str, Any] = {
        name: value for name, value in sent.items() if name not in ADMIN_ONLY_PROFILE_FIELDS
    }
    for name, resolve in (
        ("job_family", _body_job_family),
        ("level", _body_level),
        ("team", _body_team),
    ):
        if name in changes:
            changes[name] = resolve(changes[name])
    manager_changes = "manager" in sent and sent["manager"] != person.manager_id
    admin_changes = (
        "is_programme_admin" in sent and sent["is_programme_admin"] != person.is_programme_admin
    )
    record_changes = {
        name
        for name in ORGANISATION_RECORD_FIELDS & set(changes)
        if changes[name] != getattr(person, name)
    }
    if manager_changes or admin_changes or record_changes:
        forbid_unless(
            can_change_organisation_record(actor, person),
            "Team, job family, level, hire date, manager and admin rights come from the "
            "organisation's records; only programme admins change them.",
        )
    if admin_changes:
        changes["is_programme_admin"] = sent["is_programme_admin"]
    with transaction.atomic():
        if manager_changes:
            services.person_set_manager(person=person, manager=_body_manager(sent["manager"]))
        services.person_update(person=person, changed_by=actor.person, changes=changes)
    return person


@router.post("/people/{person_id}/deactivate", response={200: PersonOut, **ERROR_RESPONSES})
def person_deactivate(request: HttpRequest, person_id: uuid.UUID) -> Person:
    """Someone left: hide them and end their sessions and tokens at once (programme admins)."""
    actor = api_actor(request)
    person = _visible_person(actor, person_id)
    forbid_unless(can_manage_organisation(actor), "Only programme admins can deactivate people.")
    return services.person_deactivate(person=person)


@router.post("/people/{person_id}/reactivate", response={200: PersonOut, **ERROR_RESPONSES})
def person_reactivate(request: HttpRequest, person_id: uuid.UUID) -> Person:
    actor = api_actor(request)
    person = _visible_person(actor, person_id)
    forbid_unless(can_manage_organisation(actor), "Only programme admins can reactivate people.")
    return services.person_reactivate(person=person)


# --- a person's skills and endorsements ------------------------------------------------------


def _person_skill_out(actor: Actor, edge: PersonSkill) -> PersonSkill:
    """The edge again, with endorsement count and whether the caller endorsed it."""
    return selectors.person_skills(person=edge.person, viewer=actor.person).get(pk=edge.pk)


@router.get("/people/{person_id}/skills", response=list[PersonSkillOut], tags=["skills"])
@paginate(Pagination)
def person_skill_list(request: HttpRequest, person_id: uuid.UUID) -> QuerySet[PersonSkill]:
    actor = api_actor(request)
    person = _visible_person(actor, person_id)
    return selectors.person_skills(person=person, viewer=actor.person)


@router.put(
    "/people/{person_id}/skills/{skill}",
    response={200: PersonSkillOut, **ERROR_RESPONSES},
    tags=["skills"],
    summary="Add or change a skill on a profile",
)
def person_skill_set(
    request: HttpRequest, person_id: uuid.UUID, skill: str, payload: PersonSkillIn
) -> PersonSkill:
    actor = api_actor(request)
    person = _visible_person(actor, person_id)
    forbid_unless(can_edit_person(actor, person), "You can only change your own skills.")
    edge = services.person_skill_set(
        person=person,
        skill=_skill(skill),
        level=payload.level,
        can_teach=payload.can_teach,
        wants_to_learn=payload.wants_to_learn,
        confidence=payload.confidence,
        changed_by=actor.person,
    )
    return _person_skill_out(actor, edge)


@router.delete("/people/{person_id}/skills/{skill}", response=NO_CONTENT, tags=["skills"])
def person_skill_remove(request: HttpRequest, person_id: uuid.UUID, skill: str) -> Status[None]:
    actor = api_actor(request)
    person = _visible_person(actor, person_id)
    forbid_unless(can_edit_person(actor, person), "You can only change your own skills.")
    services.person_skill_remove(person_skill=_held_skill(person, skill))
    return Status(204, None)


@router.post(
    "/people/{person_id}/skills/{skill}/endorsements",
    response={201: PersonSkillOut, **ERROR_RESPONSES},
    tags=["skills"],
    summary="Endorse a colleague's skill",
)
def endorsement_create(
    request: HttpRequest,
    person_id: uuid.UUID,
    skill: str,
    payload: EndorsementIn | None = None,
) -> Status[PersonSkill]:
    actor = api_actor(request)
    person = _visible_person(actor, person_id)
    edge = _held_skill(person, skill)
    forbid_unless(
        can_endorse(actor, person) and actor.person is not None,
        "You can endorse active colleagues, not yourself.",
    )
    assert actor.person is not None
    services.endorsement_create(
        endorser=actor.person, person_skill=edge, note=payload.note if payload else ""
    )
    return Status(201, _person_skill_out(actor, edge))


@router.delete(
    "/people/{person_id}/skills/{skill}/endorsements",
    response=NO_CONTENT,
    tags=["skills"],
    summary="Withdraw my endorsement",
)
def endorsement_withdraw(request: HttpRequest, person_id: uuid.UUID, skill: str) -> Status[None]:
    actor = api_actor(request)
    person = _visible_person(actor, person_id)
    edge = _held_skill(person, skill)
    endorsement = Endorsement.objects.filter(person_skill=edge, endorser_id=actor.person_id).first()
    if endorsement is None:
        raise Http404("You have not endorsed this skill")
    services.endorsement_withdraw(endorsement=endorsement)
    return Status(204, None)


# --- goals ----------------------------------------------------------------------------------


@router.get("/people/{person_id}/goals", response=list[GoalOut], tags=["goals"])
@paginate(Pagination)
def goal_list(request: HttpRequest, person_id: uuid.UUID) -> QuerySet[Goal]:
    """Goals are seen by the person, their managers up the line and programme admins."""
    actor = api_actor(request)
    person = _visible_person(actor, person_id)
    require(can_view_progress(actor, person))
    return Goal.objects.filter(person=person).select_related("person", "skill")


@router.post(
    "/people/{person_id}/goals", response={201: GoalOut, **ERROR_RESPONSES}, tags=["goals"]
)
def goal_create(request: HttpRequest, person_id: uuid.UUID, payload: GoalIn) -> Status[Goal]:
    actor = api_actor(request)
    person = _visible_person(actor, person_id)
    require(can_view_progress(actor, person))
    forbid_unless(actor.is_self(person), "Only the person themselves sets their goals.")
    goal = services.goal_create(
        person=person,
        title=payload.title,
        skill=_body_skill("skill", payload.skill),
        target_level=payload.target_level,
        target_date=payload.target_date,
    )
    return Status(201, goal)


@router.get("/goals/{goal_id}", response={200: GoalOut, **ERROR_RESPONSES}, tags=["goals"])
def goal_detail(request: HttpRequest, goal_id: uuid.UUID) -> Goal:
    return _visible_goal(api_actor(request), goal_id)


@router.patch("/goals/{goal_id}", response={200: GoalOut, **ERROR_RESPONSES}, tags=["goals"])
def goal_update(request: HttpRequest, goal_id: uuid.UUID, payload: GoalPatchIn) -> Goal:
    actor = api_actor(request)
    goal = _visible_goal(actor, goal_id)
    forbid_unless(actor.is_self(goal.person), "Only the person themselves changes their goals.")
    sent = payload.model_dump(exclude_unset=True)
    return services.goal_update(
        goal=goal,
        title=sent.get("title", goal.title),
        skill=_body_skill("skill", sent["skill"]) if "skill" in sent else goal.skill,
        target_level=sent.get("target_level", goal.target_level),
        target_date=sent.get("target_date", goal.target_date),
        status=sent.get("status", goal.status),
    )


@router.delete("/goals/{goal_id}", response=NO_CONTENT, tags=["goals"])
def goal_delete(request: HttpRequest, goal_id: uuid.UUID) -> Status[None]:
    actor = api_actor(request)
    goal = _visible_goal(actor, goal_id)
    forbid_unless(actor.is_self(goal.person), "Only the person themselves deletes their goals.")
    services.goal_delete(goal=goal)
    return Status(204, None)


# --- the skill taxonomy ---------------------------------------------------------------------


def _skills_for_output() -> QuerySet[Skill]:
    return Skill.objects.select_related("parent").prefetch_related("aliases")


def _skill_detail(skill: Skill) -> dict[str, Any]:
    skill = _skills_for_output().prefetch_related("children").get(pk=skill.pk)
    return {
        "id": skill.id,
        "slug": skill.slug,
        "name": skill.name,
        "description": skill.description,
        "parent": skill.parent,
        "aliases": [alias.name for alias in skill.aliases.all()],
        "children": list(skill.children.all()),
        "teacher_count": selectors.teachers_of(skill=skill).count(),
        "learner_count": selectors.learners_of(skill=skill).count(),
    }


@router.get("/skills", response=list[SkillOut], tags=["skills"], summary="Browse skills")
@paginate(Pagination)
def skill_list(request: HttpRequest, filters: Query[SkillFilters]) -> QuerySet[Skill]:
    """Skills whose name or an alias contains `q`, by name. Unknown parent: none."""
    require(can_use_directory(api_actor(request)))
    skills = selectors.skills_matching(query=filters.q)
    if filters.parent:
        parent = _find_skill(filters.parent)
        if parent is None:
            return Skill.objects.none()
        skills = skills.filter(parent=parent)
    return skills.select_related("parent").prefetch_related("aliases")


@router.get("/skills/{skill}", response={200: SkillDetailOut, **ERROR_RESPONSES}, tags=["skills"])
def skill_detail(request: HttpRequest, skill: str) -> dict[str, Any]:
    require(can_use_directory(api_actor(request)))
    return _skill_detail(_skill(skill))


@router.get("/skills/{skill}/teachers", response=list[SkillHolderOut], tags=["skills"])
@paginate(Pagination)
def skill_teachers(request: HttpRequest, skill: str) -> QuerySet[PersonSkill]:
    """Active people who teach the skill, strongest first."""
    actor = api_actor(request)
    require(can_use_directory(actor))
    return selectors.teachers_of(skill=_skill(skill), viewer=actor.person)


@router.get("/skills/{skill}/learners", response=list[SkillHolderOut], tags=["skills"])
@paginate(Pagination)
def skill_learners(request: HttpRequest, skill: str) -> QuerySet[PersonSkill]:
    """Active people who want to learn the skill."""
    actor = api_actor(request)
    require(can_use_directory(actor))
    return selectors.learners_of(skill=_skill(skill), viewer=actor.person)


@router.post("/skills", response={201: SkillDetailOut, **ERROR_RESPONSES}, tags=["skills"])
def skill_create(request: HttpRequest, payload: SkillCreateIn) -> Status[dict[str, Any]]:
    """Add a skill to the taxonomy (programme admins)."""
    actor = api_actor(request)
    forbid_unless(can_manage_organisation(actor), "Only programme admins can add skills.")
    skill = services.skill_create(
        name=payload.name,
        parent=_body_skill("parent", payload.parent),
        description=payload.description,
        aliases=payload.aliases,
    )
    return Status(201, _skill_detail(skill))


@router.post(
    "/skills/{skill}/aliases",
    response={201: SkillDetailOut, **ERROR_RESPONSES},
    tags=["skills"],
    summary="Give a skill another name",
)
def skill_add_alias(request: HttpRequest, skill: str, payload: AliasIn) -> Status[dict[str, Any]]:
    actor = api_actor(request)
    found = _skill(skill)
    forbid_unless(can_manage_organisation(actor), "Only programme admins can add aliases.")
    services.skill_add_alias(skill=found, alias=payload.name)
    return Status(201, _skill_detail(found))


# --- teams ----------------------------------------------------------------------------------


@router.get("/teams", response=list[TeamOut], tags=["teams"], summary="Teams as a tree")
@paginate(Pagination)
def team_list(request: HttpRequest) -> list[selectors.TeamNode]:
    """Every team, depth-first (a team is followed by its sub-teams)."""
    require(can_use_directory(api_actor(request)))
    return selectors.team_tree()


@router.get("/teams/{team}", response={200: TeamDetailOut, **ERROR_RESPONSES}, tags=["teams"])
def team_detail(request: HttpRequest, team: str) -> Team:
    require(can_use_directory(api_actor(request)))
    found = _team(team)
    return (
        Team.objects.select_related("parent")
        .prefetch_related("children")
        .annotate(member_count=Count("members", filter=Q(members__is_active=True)))
        .get(pk=found.pk)
    )


@router.get("/teams/{team}/members", response=list[PersonOut], tags=["teams"])
@paginate(Pagination)
def team_members(
    request: HttpRequest, team: str, filters: Query[TeamMembersFilters]
) -> QuerySet[Person]:
    require(can_use_directory(api_actor(request)))
    return selectors.people_search(team=_team(team), include_subteams=filters.include_subteams)
