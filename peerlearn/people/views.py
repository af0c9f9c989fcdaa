"""Pages for people, skills, teams and goals. Thin: ask permissions, call a selector or a
service, render. Every page works without JavaScript; htmx requests get just the part that
changed."""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.template.defaultfilters import pluralize
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from peerlearn.activities.models import ActivityFormat
from peerlearn.activities.selectors import (
    activity_feed,
    participation_counts,
    visible_activities,
)
from peerlearn.core.forms import show_service_errors
from peerlearn.core.htmx import htmx_target, is_htmx, vary_on_htmx
from peerlearn.core.http import AuthenticatedRequest
from peerlearn.core.pagination import paginate, query_without_page
from peerlearn.core.permissions import (
    Actor,
    actor_for,
    can_edit_person,
    can_endorse,
    can_use_directory,
    can_view_person,
    can_view_progress,
    require,
)
from peerlearn.people.forms import (
    DirectoryFilterForm,
    GoalForm,
    GoalStatusForm,
    ProfileForm,
    SkillAddForm,
    SkillEditForm,
)
from peerlearn.people.languages import language_name
from peerlearn.people.models import Goal, GoalStatus, Person, PersonSkill
from peerlearn.people.selectors import (
    endorsement_by,
    goal_get,
    goals_of,
    people_search,
    person_get,
    person_skill_get,
    person_skill_on,
    person_skills,
    reports_overview,
    skill_get,
    skill_learners_listing,
    skill_names,
    skill_rows,
    skill_suggestions,
    skill_teachers_listing,
    team_children,
    team_get,
    team_tree,
    with_top_skills,
)
from peerlearn.people.services import (
    endorsement_create,
    endorsement_withdraw,
    goal_create,
    goal_delete,
    goal_update,
    person_skill_add,
    person_skill_remove,
    person_skill_set,
    person_update,
)

TREE_PAGE_SIZE = 100
PROFILE_ACTIVITIES_SHOWN = 8
PARTICIPATION_WINDOW = timedelta(days=90)


# --- shared steps ---------------------------------------------------------------------------


def _colleague(request: AuthenticatedRequest) -> Actor:
    """The actor, if they may use the people pages at all."""
    actor = actor_for(request)
    require(can_use_directory(actor))
    return actor


def _person_being_edited(request: AuthenticatedRequest, actor: Actor) -> Person:
    """Myself, or (for programme admins) the person named by ?person=<uuid>."""
    raw = request.GET.get("person", "")
    if raw:
        try:
            person_id = uuid.UUID(raw)
        except ValueError:
            raise Http404("Not found") from None
    else:
        require(actor.person is not None)
        assert actor.person is not None
        person_id = actor.person.id
    person = person_get(person_id=person_id)
    require(person is not None and can_edit_person(actor, person))
    assert person is not None
    return person


def _edit_url(name: str, person: Person, actor: Actor, **kwargs: Any) -> str:
    """A "me" page's URL, naming the person when an admin edits someone else."""
    url = reverse(name, kwargs=kwargs or None)
    return url if actor.is_self(person) else f"{url}?person={person.id}"


def _live_status(request: AuthenticatedRequest, html: str, message: str) -> HttpResponse:
    """An htmx answer: the changed region plus a message for the page's live region."""
    status = render(request, "people/_live_status.html", {"message": message}).content.decode()
    return HttpResponse(html + status)


# --- directory and profiles -----------------------------------------------------------------


@login_required
def directory(request: AuthenticatedRequest) -> HttpResponse:
    actor = _colleague(request)
    form = DirectoryFilterForm(request.GET or None, sees_departed=actor.is_programme_admin)
    bad_filters = form.is_bound and not form.is_valid()
    people = people_search(**form.filters())
    if bad_filters:
        # The people the other filters find would look like an answer to the bad one: list no
        # one, and the page says which filter to fix.
        people = people.none()
    page = paginate(request, with_top_skills(people))
    context = {"form": form, "page_obj": page, "querystring": query_without_page(request)}
    partial = htmx_target(request, "directory-results")
    template = "people/_directory_results.html" if partial else "people/directory.html"
    return vary_on_htmx(render(request, template, {**context, "actor": actor, "partial": partial}))


def _group_skills(edges: list[PersonSkill]) -> dict[str, list[PersonSkill]]:
    groups: dict[str, list[PersonSkill]] = {"teach": [], "know": [], "learn": []}
    for edge in edges:
        if edge.can_teach:
            groups["teach"].append(edge)
        elif edge.wants_to_learn:
            groups["learn"].append(edge)
        else:
            groups["know"].append(edge)
    return groups


@login_required
def detail(request: AuthenticatedRequest, person_id: uuid.UUID) -> HttpResponse:
    actor = actor_for(request)
    person = person_get(person_id=person_id)
    require(person is not None and can_view_person(actor, person))
    assert person is not None
    edges = list(person_skills(person=person, viewer=actor.person))
    goals = list(goals_of(person=person)[:10]) if can_view_progress(actor, person) else None
    feed = activity_feed(actor=actor, person_id=person.id)[:PROFILE_ACTIVITIES_SHOWN]
    context = {
        "person": person,
        "is_me": actor.is_self(person),
        "can_edit": can_edit_person(actor, person),
        "can_endorse": can_endorse(actor, person),
        "groups": _group_skills(edges),
        "skill_count": len(edges),
        "goals": goals,
        "activities": visible_activities(actor=actor, activities=feed),
        "reports": person.reports.filter(is_active=True).count(),
        "languages": [language_name(code) for code in person.languages],
        "now": timezone.now(),
    }
    return render(request, "people/detail.html", context)


def _endorsement_answer(
    request: AuthenticatedRequest, actor: Actor, edge: PersonSkill, message: str, ok: bool
) -> HttpResponse:
    if is_htmx(request):
        fresh = person_skills(person=edge.person, viewer=actor.person).get(id=edge.id)
        html = render(
            request,
            "people/_skill_item.html",
            {"edge": fresh, "person": edge.person, "can_endorse": True},
        ).content.decode()
        return _live_status(request, html, message)
    (messages.success if ok else messages.error)(request, message)
    return redirect(f"{reverse('people:detail', args=[edge.person_id])}#skill-{edge.id}")


def _endorsable_edge(actor: Actor, person_id: uuid.UUID, person_skill_id: uuid.UUID) -> PersonSkill:
    edge = person_skill_get(person_skill_id=person_skill_id)
    require(edge is not None and edge.person_id == person_id)
    assert edge is not None
    require(can_view_person(actor, edge.person))
    if not can_endorse(actor, edge.person):
        raise PermissionDenied("You cannot endorse this person.")
    return edge


@login_required
@require_POST
def endorse(
    request: AuthenticatedRequest, person_id: uuid.UUID, person_skill_id: uuid.UUID
) -> HttpResponse:
    actor = actor_for(request)
    edge = _endorsable_edge(actor, person_id, person_skill_id)
    assert actor.person is not None
    try:
        endorsement_create(
            endorser=actor.person, person_skill=edge, note=request.POST.get("note", "")
        )
    except ValidationError as error:
        return _endorsement_answer(request, actor, edge, " ".join(error.messages), ok=False)
    message = f"You endorsed {edge.person.full_name} for {edge.skill.name}."
    return _endorsement_answer(request, actor, edge, message, ok=True)


@login_required
@require_POST
def unendorse(
    request: AuthenticatedRequest, person_id: uuid.UUID, person_skill_id: uuid.UUID
) -> HttpResponse:
    actor = actor_for(request)
    edge = _endorsable_edge(actor, person_id, person_skill_id)
    assert actor.person is not None
    endorsement = endorsement_by(endorser=actor.person, person_skill=edge)
    require(endorsement is not None)
    assert endorsement is not None
    endorsement_withdraw(endorsement=endorsement)
    message = f"You withdrew your endorsement of {edge.person.full_name} for {edge.skill.name}."
    return _endorsement_answer(request, actor, edge, message, ok=True)


@login_required
def edit_profile(request: AuthenticatedRequest) -> HttpResponse:
    actor = actor_for(request)
    person = _person_being_edited(request, actor)
    form = ProfileForm(
        request.POST or None, person=person, organisation_fields=actor.is_programme_admin
    )
    if request.method == "POST" and form.is_valid():
        try:
            person_update(person=person, changed_by=actor.person, changes=form.changes())
        except ValidationError as error:
            show_service_errors(form, error)
        else:
            messages.success(request, "Profile saved.")
            return redirect("people:detail", person.id)
    return render(
        request,
        "people/edit_profile.html",
        {"form": form, "person": person, "is_me": actor.is_self(person)},
    )


# --- my skills ------------------------------------------------------------------------------


def _row_form(edge: PersonSkill, data: Any = None) -> SkillEditForm:
    return SkillEditForm(
        data,
        prefix=f"s-{edge.id}",
        form_id=f"skill-form-{edge.id}",
        initial={
            "level": edge.level,
            "can_teach": edge.can_teach,
            "wants_to_learn": edge.wants_to_learn,
            "confidence": edge.confidence,
        },
    )


def _render_edit_skills(
    request: AuthenticatedRequest,
    actor: Actor,
    person: Person,
    add_form: SkillAddForm,
    failed_row: SkillEditForm | None = None,
    failed_edge_id: uuid.UUID | None = None,
) -> HttpResponse:
    page = paginate(request, person_skills(person=person, viewer=actor.person))
    rows = [
        (edge, failed_row if failed_row and edge.id == failed_edge_id else _row_form(edge))
        for edge in page
    ]
    context = {
        "person": person,
        "is_me": actor.is_self(person),
        "add_form": add_form,
        "error_form": failed_row or add_form,
        "rows": rows,
        "page_obj": page,
        "querystring": query_without_page(request),
        "skill_names": skill_names(),
        "person_query": "" if actor.is_self(person) else f"?person={person.id}",
    }
    return render(request, "people/edit_skills.html", context)


@login_required
def edit_skills(request: AuthenticatedRequest) -> HttpResponse:
    actor = actor_for(request)
    person = _person_being_edited(request, actor)
    initial = {
        "skill": request.GET.get("skill", "")[:100],
        "wants_to_learn": request.GET.get("learn") == "1",
    }
    form = SkillAddForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            person_skill_add(
                person=person,
                skill=data["skill"],
                level=data["level"],
                can_teach=data["can_teach"],
                wants_to_learn=data["wants_to_learn"],
                confidence=data["confidence"],
                changed_by=actor.person,
            )
        except ValidationError as error:
            show_service_errors(form, error)
        else:
            messages.success(request, f"{data['skill'].name} is on your profile.")
            return redirect(_edit_url("people:edit_skills", person, actor))
    return _render_edit_skills(request, actor, person, form)


def _own_edge(actor: Actor, person_skill_id: uuid.UUID) -> PersonSkill:
    edge = person_skill_get(person_skill_id=person_skill_id)
    require(edge is not None and can_edit_person(actor, edge.person))
    assert edge is not None
    return edge


@login_required
@require_POST
def skill_update(request: AuthenticatedRequest, person_skill_id: uuid.UUID) -> HttpResponse:
    actor = actor_for(request)
    edge = _own_edge(actor, person_skill_id)
    form = _row_form(edge, request.POST)
    saved = False
    if form.is_valid():
        data = form.cleaned_data
        try:
            person_skill_set(
                person=edge.person,
                skill=edge.skill,
                level=data["level"],
                can_teach=data["can_teach"],
                wants_to_learn=data["wants_to_learn"],
                confidence=data["confidence"],
                changed_by=actor.person,
            )
            saved = True
        except ValidationError as error:
            show_service_errors(form, error)
    if is_htmx(request):
        fresh = person_skills(person=edge.person, viewer=actor.person).get(id=edge.id)
        row_form = _row_form(fresh) if saved else form
        html = render(
            request, "people/_skill_row.html", {"edge": fresh, "form": row_form}
        ).content.decode()
        message = f"Saved {edge.skill.name}." if saved else f"{edge.skill.name} was not saved."
        return _live_status(request, html, message)
    if saved:
        messages.success(request, f"Saved {edge.skill.name}.")
        return redirect(_edit_url("people:edit_skills", edge.person, actor))
    return _render_edit_skills(
        request, actor, edge.person, SkillAddForm(), failed_row=form, failed_edge_id=edge.id
    )


def _shown_ids(request: AuthenticatedRequest) -> list[uuid.UUID]:
    """The rows the page showed, in its order (htmx sends each row's `shown` field)."""
    shown = []
    for raw in request.POST.getlist("shown"):
        try:
            shown.append(uuid.UUID(raw))
        except ValueError:
            continue
    return shown


def _neighbour(
    actor: Actor, person: Person, shown: list[uuid.UUID], removed: uuid.UUID
) -> PersonSkill | None:
    """The row that takes a removed row's focus: the next one still on the page, else the one
    before it. The page may show rows that are gone since (removed in another tab)."""
    if removed not in shown:
        return None
    at = shown.index(removed)
    candidates = [*shown[at + 1 :], *reversed(shown[:at])]
    still_there = {
        edge.id: edge
        for edge in person_skills(person=person, viewer=actor.person).filter(id__in=candidates)
    }
    return next((still_there[c] for c in candidates if c in still_there), None)


def _current_page(request: AuthenticatedRequest) -> tuple[str | None, str]:
    """The page number and the other query parameters of the page htmx was sent from."""
    params = QueryDict(urlsplit(request.htmx.current_url or "").query, mutable=True)
    page = params.pop("page", [None])[-1]
    return page, params.urlencode()


@login_required
@require_POST
def skill_remove(request: AuthenticatedRequest, person_skill_id: uuid.UUID) -> HttpResponse:
    actor = actor_for(request)
    edge = _own_edge(actor, person_skill_id)
    name = edge.skill.name
    person = edge.person
    person_skill_remove(person_skill=edge)
    if not is_htmx(request):
        messages.success(request, f"Removed {name} from the profile.")
        return redirect(_edit_url("people:edit_skills", person, actor))
    # The row goes; the counts on the page follow out of band, and keyboard focus moves to the
    # Remove button of a row beside it, or to the list's heading when there is none.
    page_number, querystring = _current_page(request)
    page = Paginator(
        person_skills(person=person, viewer=actor.person), settings.PEERLEARN_PAGE_SIZE
    ).get_page(page_number)
    count = page.paginator.count
    neighbour = _neighbour(actor, person, _shown_ids(request), person_skill_id)
    left = f"{count} skill{pluralize(count)} left" if count else "No skills left"
    context = {
        "is_me": actor.is_self(person),
        "skill_count": count,
        "neighbour": neighbour,
        "focus_heading": neighbour is None,
        "page_obj": page,
        "querystring": querystring,
        "message": f"Removed {name}. {left}.",
    }
    return render(request, "people/_skill_removed.html", context)


@login_required
def skill_suggest(request: AuthenticatedRequest) -> HttpResponse:
    """Suggestions for a skill picker (htmx); the plain page uses a <datalist> instead."""
    _colleague(request)
    query = (request.GET.get("skill") or request.GET.get("q") or "")[:100]
    target = request.GET.get("for", "id_skill")
    if not target.replace("_", "").replace("-", "").isalnum():
        target = "id_skill"
    return render(
        request,
        "people/_skill_suggestions.html",
        {"suggestions": skill_suggestions(query=query), "query": query, "target": target},
    )


# --- goals ----------------------------------------------------------------------------------


@login_required
def goals(request: AuthenticatedRequest) -> HttpResponse:
    actor = actor_for(request)
    person = _person_being_edited(request, actor)
    form = GoalForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            goal_create(
                person=person,
                title=data["title"],
                skill=data["skill"],
                target_level=data["target_level"],
                target_date=data["target_date"],
            )
        except ValidationError as error:
            show_service_errors(form, error)
        else:
            messages.success(request, f"Goal added: {data['title']}")
            return redirect(_edit_url("people:goals", person, actor))
    page = paginate(request, goals_of(person=person))
    context = {
        "person": person,
        "is_me": actor.is_self(person),
        "form": form,
        "page_obj": page,
        "querystring": query_without_page(request),
        "status_choices": GoalStatus.choices,
        "skill_names": skill_names(),
        "person_query": "" if actor.is_self(person) else f"?person={person.id}",
    }
    return render(request, "people/goals.html", context)


def _own_goal(actor: Actor, goal_id: uuid.UUID) -> Goal:
    goal = goal_get(goal_id=goal_id)
    require(goal is not None and can_edit_person(actor, goal.person))
    assert goal is not None
    return goal


@login_required
def goal_edit(request: AuthenticatedRequest, goal_id: uuid.UUID) -> HttpResponse:
    actor = actor_for(request)
    goal = _own_goal(actor, goal_id)
    initial = {
        "title": goal.title,
        "skill": goal.skill.name if goal.skill else "",
        "target_level": goal.target_level,
        "target_date": goal.target_date,
        "status": goal.status,
    }
    form = GoalForm(request.POST or None, initial=initial, with_status=True)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            goal_update(
                goal=goal,
                title=data["title"],
                skill=data["skill"],
                target_level=data["target_level"],
                target_date=data["target_date"],
                status=GoalStatus(data["status"]),
            )
        except ValidationError as error:
            show_service_errors(form, error)
        else:
            messages.success(request, "Goal saved.")
            return redirect(_edit_url("people:goals", goal.person, actor))
    context = {
        "goal": goal,
        "form": form,
        "skill_names": skill_names(),
        "goals_url": _edit_url("people:goals", goal.person, actor),
    }
    return render(request, "people/goal_edit.html", context)


@login_required
@require_POST
def goal_status(request: AuthenticatedRequest, goal_id: uuid.UUID) -> HttpResponse:
    actor = actor_for(request)
    goal = _own_goal(actor, goal_id)
    form = GoalStatusForm(request.POST)
    if form.is_valid():
        goal_update(
            goal=goal,
            title=goal.title,
            skill=goal.skill,
            target_level=goal.target_level,
            target_date=goal.target_date,
            status=GoalStatus(form.cleaned_data["status"]),
        )
        messages.success(request, f"“{goal.title}” is now {goal.get_status_display().lower()}.")
    else:
        messages.error(request, "Choose a status from the list.")
    return redirect(_edit_url("people:goals", goal.person, actor))


@login_required
@require_POST
def goal_remove(request: AuthenticatedRequest, goal_id: uuid.UUID) -> HttpResponse:
    actor = actor_for(request)
    goal = _own_goal(actor, goal_id)
    goal_delete(goal=goal)
    messages.success(request, f"Deleted the goal “{goal.title}”.")
    return redirect(_edit_url("people:goals", goal.person, actor))


# --- skills ---------------------------------------------------------------------------------


@login_required
def skills(request: AuthenticatedRequest) -> HttpResponse:
    _colleague(request)
    query = request.GET.get("q", "")[:100]
    page = paginate(request, skill_rows(query=query), per_page=TREE_PAGE_SIZE)
    partial = htmx_target(request, "skill-results")
    template = "people/_skill_results.html" if partial else "people/skills.html"
    context = {
        "query": query,
        "page_obj": page,
        "querystring": query_without_page(request),
        "partial": partial,
    }
    return vary_on_htmx(render(request, template, context))


@login_required
def skill_detail(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    actor = _colleague(request)
    skill = skill_get(slug=slug)
    require(skill is not None)
    assert skill is not None
    teachers = paginate(
        request, skill_teachers_listing(skill=skill, viewer=actor.person), page_param="teach_page"
    )
    learners = paginate(
        request, skill_learners_listing(skill=skill, viewer=actor.person), page_param="learn_page"
    )
    context = {
        "skill": skill,
        "teachers": teachers,
        "teachers_query": query_without_page(request, "teach_page"),
        "learners": learners,
        "learners_query": query_without_page(request, "learn_page"),
        "rank_offset": teachers.start_index() - 1 if teachers.paginator.count else 0,
        "my_edge": person_skill_on(person=actor.person, skill=skill),
    }
    return render(request, "people/skill_detail.html", context)


# --- teams ----------------------------------------------------------------------------------


@login_required
def teams(request: AuthenticatedRequest) -> HttpResponse:
    _colleague(request)
    page = paginate(request, team_tree(), per_page=TREE_PAGE_SIZE)
    return render(
        request,
        "people/teams.html",
        {"page_obj": page, "querystring": query_without_page(request)},
    )


@login_required
def team_detail(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    _colleague(request)
    team = team_get(slug=slug)
    require(team is not None)
    assert team is not None
    include_subteams = request.GET.get("all") == "1"
    members = with_top_skills(people_search(team=team, include_subteams=include_subteams))
    page = paginate(request, members)
    context = {
        "team": team,
        "children": list(team_children(team=team)),
        "include_subteams": include_subteams,
        "page_obj": page,
        "querystring": query_without_page(request),
    }
    return render(request, "people/team_detail.html", context)


@login_required
def my_team(request: AuthenticatedRequest) -> HttpResponse:
    """A manager's reports: participation and progress as counts, never private content."""
    actor = actor_for(request)
    require(actor.is_employee and actor.is_manager)
    assert actor.person is not None
    direct_only = request.GET.get("direct") == "1"
    reports = reports_overview(manager=actor.person, person_ids=actor.managed_person_ids)
    if direct_only:
        reports = reports.filter(manager=actor.person)
    page = paginate(request, reports)
    since = timezone.now() - PARTICIPATION_WINDOW
    counts = participation_counts(person_ids=[p.id for p in page], since=since)
    labels = dict(ActivityFormat.choices)
    rows = []
    for person in page:
        by_format = counts.get(person.id, {})
        rows.append(
            {
                "person": person,
                "formats": sorted(
                    ((labels.get(f, f), n) for f, n in by_format.items()), key=lambda x: -x[1]
                ),
                "total": sum(by_format.values()),
            }
        )
    context = {
        "rows": rows,
        "page_obj": page,
        "querystring": query_without_page(request),
        "direct_only": direct_only,
        "window_days": PARTICIPATION_WINDOW.days,
    }
    return render(request, "people/my_team.html", context)
