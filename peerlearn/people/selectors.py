"""Reads of people, teams and the skill graph."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import (
    BooleanField,
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce, Lower

from peerlearn.core.permissions import Actor
from peerlearn.people.models import (
    Endorsement,
    Goal,
    GoalStatus,
    Person,
    PersonSkill,
    Skill,
    SkillAlias,
    Team,
)


def reporting_line_below(*, person_id: uuid.UUID) -> frozenset[uuid.UUID]:
    """Everyone who reports to the person directly or indirectly (one query per level)."""
    found: set[uuid.UUID] = set()
    frontier = {person_id}
    while frontier:
        below = (
            set(Person.objects.filter(manager_id__in=frontier).values_list("id", flat=True))
            - found
            - {person_id}
        )
        found |= below
        frontier = below
    return frozenset(found)


def manager_ids_above(*, person_id: uuid.UUID) -> list[uuid.UUID]:
    """Ids of the person's manager, their manager, and so on up (one query per level)."""
    chain: list[uuid.UUID] = []
    seen = {person_id}
    current = Person.objects.filter(id=person_id).values_list("manager_id", flat=True).first()
    while current is not None and current not in seen:
        chain.append(current)
        seen.add(current)
        current = Person.objects.filter(id=current).values_list("manager_id", flat=True).first()
    return chain


def managers_above(*, person: Person) -> list[Person]:
    """The person's manager, their manager, and so on up (stops safely on a corrupt cycle)."""
    chain: list[Person] = []
    seen = {person.id}
    current = person.manager
    while current is not None and current.id not in seen:
        chain.append(current)
        seen.add(current.id)
        current = current.manager
    return chain


def people_base() -> QuerySet[Person]:
    return Person.objects.select_related("user", "team", "job_family", "level", "manager")


def people_search(
    *,
    query: str = "",
    team: Team | None = None,
    include_subteams: bool = True,
    job_family_slug: str = "",
    level_code: str = "",
    skill: Skill | None = None,
    can_teach: bool | None = None,
    wants_to_learn: bool | None = None,
    include_inactive: bool = False,
) -> QuerySet[Person]:
    """The directory: people matching a free-text query and filters, by name."""
    people = people_base()
    if not include_inactive:
        people = people.filter(is_active=True)
    for word in query.split()[:6]:
        people = people.filter(search_text__icontains=word)
    if team is not None:
        team_ids = team_ids_below(team=team) if include_subteams else {team.id}
        people = people.filter(team_id__in=team_ids)
    if job_family_slug:
        people = people.filter(job_family__slug=job_family_slug)
    if level_code:
        people = people.filter(level__code=level_code)
    if skill is not None:
        edges = PersonSkill.objects.filter(person=OuterRef("pk"), skill=skill)
        if can_teach:
            edges = edges.filter(can_teach=True)
        if wants_to_learn:
            edges = edges.filter(wants_to_learn=True)
        people = people.filter(Exists(edges))
    return people.order_by(Lower("full_name"), "id")


def colleagues_named(*, reference: str) -> list[Person]:
    """Active people a typed reference names: their e-mail or full name (any letter case), or
    their id. At most two are returned: enough to tell "this one" from "which one?"."""
    text = reference.strip()
    if not text:
        return []
    people = people_base().filter(is_active=True).order_by("id")
    try:
        return list(people.filter(id=uuid.UUID(text))[:1])
    except ValueError:
        pass
    if "@" in text:
        return list(people.filter(user__email__iexact=text)[:2])
    return list(people.filter(full_name__iexact=text)[:2])


def colleague_suggestions(*, query: str, limit: int = 8) -> list[Person]:
    """Colleagues for a picker, found as the directory finds them (name, title, team, e-mail)."""
    if not query.strip():
        return []
    return list(people_search(query=query)[:limit])


def team_ids_below(*, team: Team) -> set[uuid.UUID]:
    """The team and all of its sub-teams."""
    ids = {team.id}
    frontier = {team.id}
    while frontier:
        frontier = (
            set(Team.objects.filter(parent_id__in=frontier).values_list("id", flat=True)) - ids
        )
        ids |= frontier
    return ids


def skill_resolve(*, name: str) -> Skill | None:
    """Find a skill by name, slug or alias, ignoring letter case."""
    cleaned = name.strip()
    if not cleaned:
        return None
    skill = Skill.objects.filter(Q(name__iexact=cleaned) | Q(slug__iexact=cleaned)).first()
    if skill is not None:
        return skill
    alias = SkillAlias.objects.select_related("skill").filter(name__iexact=cleaned).first()
    return alias.skill if alias is not None else None


def skill_lookup_table() -> dict[str, Skill]:
    """Lower-cased name, slug and alias → skill, for resolving many names at once."""
    table: dict[str, Skill] = {}
    skills = list(Skill.objects.all())
    for skill in skills:
        table[skill.name.lower()] = skill
        table[skill.slug.lower()] = skill
    by_id = {s.id: s for s in skills}
    for alias_name, skill_id in SkillAlias.objects.values_list("name", "skill_id"):
        table.setdefault(alias_name.lower(), by_id[skill_id])
    return table


def _with_endorsements(
    edges: QuerySet[PersonSkill], *, viewer: Person | None
) -> QuerySet[PersonSkill]:
    # A correlated count, not Count() over a join: grouping every holder of a popular skill
    # before sorting cost tens of milliseconds, and the paginator's count paid it again.
    endorsements = (
        Endorsement.objects.filter(person_skill=OuterRef("pk"))
        .order_by()
        .values("person_skill")
        .annotate(n=Count("id"))
        .values("n")
    )
    edges = edges.annotate(
        endorsement_count=Coalesce(Subquery(endorsements), Value(0), output_field=IntegerField())
    )
    if viewer is None:
        return edges.annotate(endorsed_by_viewer=Value(False, output_field=BooleanField()))
    return edges.annotate(
        endorsed_by_viewer=Exists(
            Endorsement.objects.filter(person_skill=OuterRef("pk"), endorser=viewer)
        )
    )


def teachers_of(*, skill: Skill, viewer: Person | None = None) -> QuerySet[PersonSkill]:
    """Active people who can teach a skill, strongest first (level, then endorsements)."""
    edges = PersonSkill.objects.filter(skill=skill, can_teach=True, person__is_active=True)
    return (
        _with_endorsements(edges, viewer=viewer)
        .select_related("person", "person__team", "person__level", "person__job_family")
        .order_by("-level", "-endorsement_count", Lower("person__full_name"), "id")
    )


def learners_of(*, skill: Skill, viewer: Person | None = None) -> QuerySet[PersonSkill]:
    """Active people who want to learn a skill."""
    edges = PersonSkill.objects.filter(skill=skill, wants_to_learn=True, person__is_active=True)
    return (
        _with_endorsements(edges, viewer=viewer)
        .select_related("person", "person__team", "person__level", "person__job_family")
        .order_by("level", Lower("person__full_name"), "id")
    )


def person_skills(*, person: Person, viewer: Person | None = None) -> QuerySet[PersonSkill]:
    """A person's skills with endorsement counts and whether the viewer endorsed each."""
    return (
        _with_endorsements(PersonSkill.objects.filter(person=person), viewer=viewer)
        .select_related("skill", "skill__parent")
        .prefetch_related(
            Prefetch(
                "endorsements",
                queryset=Endorsement.objects.select_related("endorser").order_by("-created_at"),
            )
        )
        .order_by("-can_teach", "-level", "skill__name")
    )


@dataclass
class SkillNode:
    skill: Skill
    teachers: int
    learners: int
    children: list[SkillNode] = field(default_factory=list)


def skill_tree() -> list[SkillNode]:
    """The taxonomy as a forest, with how many people teach and want to learn each skill."""
    skills = Skill.objects.annotate(
        teachers=Count(
            "holders", filter=Q(holders__can_teach=True, holders__person__is_active=True)
        ),
        learners=Count(
            "holders", filter=Q(holders__wants_to_learn=True, holders__person__is_active=True)
        ),
    ).order_by("name")
    nodes = {s.id: SkillNode(skill=s, teachers=s.teachers, learners=s.learners) for s in skills}
    roots: list[SkillNode] = []
    for node in nodes.values():
        parent = nodes.get(node.skill.parent_id) if node.skill.parent_id else None
        (parent.children if parent is not None else roots).append(node)
    return roots


def skills_matching(*, query: str) -> QuerySet[Skill]:
    """Skills whose name or an alias contains the query (for pickers and search)."""
    q = query.strip()
    skills = Skill.objects.all()
    if q:
        skills = skills.filter(Q(name__icontains=q) | Q(aliases__name__icontains=q)).distinct()
    return skills.order_by("name")


@dataclass(frozen=True)
class TeamNode:
    team: Team
    depth: int
    member_count: int


def team_tree() -> list[TeamNode]:
    """Teams depth-first, each with its direct member count, for indented lists."""
    teams = list(
        Team.objects.annotate(
            member_count=Count("members", filter=Q(members__is_active=True))
        ).order_by("name")
    )
    children: dict[uuid.UUID | None, list[Team]] = {}
    for team in teams:
        children.setdefault(team.parent_id, []).append(team)
    ordered: list[TeamNode] = []

    def walk(parent_id: uuid.UUID | None, depth: int) -> None:
        for team in children.get(parent_id, []):
            ordered.append(TeamNode(team=team, depth=depth, member_count=team.member_count))  # type: ignore[attr-defined]
            walk(team.id, depth + 1)

    walk(None, 0)
    return ordered


# --- pages: directory, profiles, skills, teams, "my team" -----------------------------------

TOP_SKILLS_SHOWN = 3


def with_top_skills(people: QuerySet[Person], *, limit: int = TOP_SKILLS_SHOWN) -> QuerySet[Person]:
    """Attach each person's strongest few skills as `top_skills` (one extra query per page)."""
    strongest = (
        PersonSkill.objects.filter(level__gte=1)
        .select_related("skill")
        .order_by("person_id", "-can_teach", "-level", "skill__name")
    )
    return people.prefetch_related(
        Prefetch("skills", queryset=strongest[:limit], to_attr="top_skills")
    )


def person_get(*, person_id: uuid.UUID) -> Person | None:
    """One person with what a profile page shows about their place in the organisation."""
    return (
        people_base().select_related("manager__team", "team__parent").filter(id=person_id).first()
    )


def skill_get(*, slug: str) -> Skill | None:
    return (
        Skill.objects.select_related("parent")
        .prefetch_related("aliases", "children")
        .filter(slug=slug)
        .first()
    )


def team_get(*, slug: str) -> Team | None:
    return (
        Team.objects.select_related("parent")
        .annotate(member_count=Count("members", filter=Q(members__is_active=True)))
        .filter(slug=slug)
        .first()
    )


def team_children(*, team: Team) -> QuerySet[Team]:
    return Team.objects.filter(parent=team).annotate(
        member_count=Count("members", filter=Q(members__is_active=True))
    )


def skill_teachers_listing(*, skill: Skill, viewer: Person | None) -> QuerySet[PersonSkill]:
    """`teachers_of`, with what a listing needs to offer "Ask <name>" by e-mail."""
    return teachers_of(skill=skill, viewer=viewer).select_related("person__user")


def skill_learners_listing(*, skill: Skill, viewer: Person | None) -> QuerySet[PersonSkill]:
    return learners_of(skill=skill, viewer=viewer).select_related("person__user")


def person_skill_on(*, person: Person | None, skill: Skill) -> PersonSkill | None:
    if person is None:
        return None
    return PersonSkill.objects.filter(person=person, skill=skill).first()


def person_skill_get(*, person_skill_id: uuid.UUID) -> PersonSkill | None:
    return PersonSkill.objects.select_related("person", "skill").filter(id=person_skill_id).first()


def endorsement_by(*, endorser: Person, person_skill: PersonSkill) -> Endorsement | None:
    return Endorsement.objects.filter(endorser=endorser, person_skill=person_skill).first()


def goals_of(*, person: Person) -> QuerySet[Goal]:
    return Goal.objects.filter(person=person).select_related("skill")


def goal_get(*, goal_id: uuid.UUID) -> Goal | None:
    return Goal.objects.select_related("person", "skill").filter(id=goal_id).first()


@dataclass(frozen=True)
class SkillRow:
    """One line of the flattened taxonomy, for an indented (and paginated) list."""

    node: SkillNode
    depth: int


def skill_rows(*, query: str = "") -> list[SkillRow]:
    """The taxonomy depth-first; with a query, only matching skills (by name or alias)."""
    rows: list[SkillRow] = []

    def walk(nodes: list[SkillNode], depth: int) -> None:
        for node in nodes:
            rows.append(SkillRow(node=node, depth=depth))
            walk(node.children, depth + 1)

    walk(skill_tree(), 0)
    if not query.strip():
        return rows
    matching = set(skills_matching(query=query).values_list("id", flat=True))
    return [SkillRow(node=row.node, depth=0) for row in rows if row.node.skill.id in matching]


def skill_names() -> list[str]:
    """Every skill name, for the plain-HTML skill picker (a <datalist>)."""
    return list(Skill.objects.order_by("name").values_list("name", flat=True))


@dataclass(frozen=True)
class SkillSuggestion:
    skill: Skill
    matched_alias: str


def skill_suggestions(*, query: str, limit: int = 8) -> list[SkillSuggestion]:
    """Skills for a picker: names starting with the query first, then names or aliases
    containing it; an alias that matched is named so "k8s" explains why Kubernetes appears."""
    q = query.strip()
    if not q:
        return []
    skills = list(
        Skill.objects.filter(Q(name__icontains=q) | Q(aliases__name__icontains=q))
        .distinct()
        .prefetch_related("aliases")
        .order_by("name")[: limit * 3]
    )
    lowered = q.lower()
    skills.sort(
        key=lambda s: (not s.name.lower().startswith(lowered), lowered not in s.name.lower())
    )
    suggestions = []
    for skill in skills[:limit]:
        alias = ""
        if lowered not in skill.name.lower():
            alias = next((a.name for a in skill.aliases.all() if lowered in a.name.lower()), "")
        suggestions.append(SkillSuggestion(skill=skill, matched_alias=alias))
    return suggestions


def reports_overview(*, manager: Person, person_ids: Iterable[uuid.UUID]) -> QuerySet[Person]:
    """A manager's reports with counts only (skills, teaching, goals): progress, not content."""
    return (
        people_base()
        .filter(id__in=list(person_ids), is_active=True)
        .annotate(
            skill_count=Count("skills", distinct=True),
            teach_count=Count("skills", filter=Q(skills__can_teach=True), distinct=True),
            goals_open=Count("goals", filter=Q(goals__status=GoalStatus.OPEN), distinct=True),
            goals_achieved=Count(
                "goals", filter=Q(goals__status=GoalStatus.ACHIEVED), distinct=True
            ),
            is_direct=Exists(Person.objects.filter(pk=OuterRef("pk"), manager=manager)),
        )
        .order_by(Lower("full_name"), "id")
    )


# --- the home page ------------------------------------------------------------------------

HOME_SKILLS_SHOWN = 4
HOME_PEOPLE_PER_SKILL = 3
SKILLS_FOR_A_COMPLETE_PROFILE = 3


@dataclass(frozen=True)
class ChecklistItem:
    key: str
    label: str
    done: bool
    url_name: str


@dataclass(frozen=True)
class SkillMatches:
    """People for one skill: who can teach what the viewer wants, or who wants what they teach."""

    skill: Skill
    people: list[PersonSkill]


@dataclass(frozen=True)
class ManagerSummary:
    report_count: int
    direct_count: int
    without_skills: list[Person]
    without_skills_count: int


@dataclass(frozen=True)
class SkillGap:
    skill: Skill
    learners: int
    teachers: int


@dataclass(frozen=True)
class OrganisationSummary:
    people: int
    skills: int
    teachers: int
    gaps: list[SkillGap]


@dataclass
class HomeOverview:
    person: Person | None
    checklist: list[ChecklistItem] = field(default_factory=list)
    teachers_for_wants: list[SkillMatches] = field(default_factory=list)
    learners_for_teaching: list[SkillMatches] = field(default_factory=list)
    recent_endorsements: list[Endorsement] = field(default_factory=list)
    manager: ManagerSummary | None = None
    organisation: OrganisationSummary | None = None

    @property
    def checklist_done(self) -> int:
        return sum(1 for item in self.checklist if item.done)

    @property
    def profile_complete(self) -> bool:
        return all(item.done for item in self.checklist)


def profile_checklist(
    *, person: Person, skills: list[PersonSkill], has_goal: bool
) -> list[ChecklistItem]:
    return [
        ChecklistItem(
            "job_title", "Add your job title", bool(person.job_title), "people:edit_profile"
        ),
        ChecklistItem(
            "time_zone",
            "Set your time zone",
            person.time_zone != "UTC",
            "people:edit_profile",
        ),
        ChecklistItem(
            "skills",
            f"Add at least {SKILLS_FOR_A_COMPLETE_PROFILE} skills",
            len(skills) >= SKILLS_FOR_A_COMPLETE_PROFILE,
            "people:edit_skills",
        ),
        ChecklistItem(
            "teach",
            "Mark something you can teach",
            any(edge.can_teach for edge in skills),
            "people:edit_skills",
        ),
        ChecklistItem(
            "learn",
            "Mark something you want to learn",
            any(edge.wants_to_learn for edge in skills),
            "people:edit_skills",
        ),
        ChecklistItem("goal", "Set a learning goal", has_goal, "people:goals"),
    ]


def _top_people(edges: QuerySet[PersonSkill], *, exclude: Person) -> list[PersonSkill]:
    return list(edges.exclude(person=exclude)[:HOME_PEOPLE_PER_SKILL])


def manager_summary(*, manager: Person, report_ids: frozenset[uuid.UUID]) -> ManagerSummary:
    reports = Person.objects.filter(id__in=list(report_ids), is_active=True)
    counts = reports.aggregate(total=Count("id"), direct=Count("id", filter=Q(manager=manager)))
    without = reports.filter(~Exists(PersonSkill.objects.filter(person=OuterRef("pk")))).order_by(
        Lower("full_name")
    )
    return ManagerSummary(
        report_count=counts["total"],
        direct_count=counts["direct"],
        without_skills=list(without[:8]),
        without_skills_count=without.count(),
    )


def organisation_summary(*, gaps_shown: int = 5) -> OrganisationSummary:
    """Headline numbers for programme admins, and the skills most wanted but least taught."""
    active = Q(holders__person__is_active=True)
    gaps = (
        Skill.objects.annotate(
            learners=Count("holders", filter=active & Q(holders__wants_to_learn=True)),
            teachers=Count("holders", filter=active & Q(holders__can_teach=True)),
        )
        .filter(learners__gt=F("teachers"))
        .annotate(shortfall=F("learners") - F("teachers"))
        .order_by("-shortfall", "-learners", "name")[:gaps_shown]
    )
    return OrganisationSummary(
        people=Person.objects.filter(is_active=True).count(),
        # Areas of the taxonomy (nodes with children) group skills; they are not skills to learn.
        skills=Skill.objects.filter(children__isnull=True).count(),
        teachers=Person.objects.filter(is_active=True, skills__can_teach=True).distinct().count(),
        gaps=[SkillGap(skill=s, learners=s.learners, teachers=s.teachers) for s in gaps],
    )


def home_overview(*, actor: Actor) -> HomeOverview:
    """What the viewer should do next: finish their profile, meet the people who can teach
    what they want to learn (and want what they teach); for managers and admins, a summary."""
    person = actor.person if actor.is_employee else None
    overview = HomeOverview(person=person)
    if person is not None:
        skills = list(PersonSkill.objects.filter(person=person).select_related("skill"))
        has_goal = Goal.objects.filter(person=person).exists()
        overview.checklist = profile_checklist(person=person, skills=skills, has_goal=has_goal)
        wanted = [edge.skill for edge in skills if edge.wants_to_learn][:HOME_SKILLS_SHOWN]
        taught = [edge.skill for edge in skills if edge.can_teach][:HOME_SKILLS_SHOWN]
        overview.teachers_for_wants = [
            SkillMatches(
                skill,
                _top_people(skill_teachers_listing(skill=skill, viewer=person), exclude=person),
            )
            for skill in wanted
        ]
        overview.learners_for_teaching = [
            SkillMatches(
                skill, _top_people(learners_of(skill=skill, viewer=person), exclude=person)
            )
            for skill in taught
        ]
        overview.recent_endorsements = list(
            Endorsement.objects.filter(person_skill__person=person, endorser__is_active=True)
            .select_related("endorser", "person_skill__skill")
            .order_by("-created_at")[:5]
        )
        if actor.is_manager:
            overview.manager = manager_summary(manager=person, report_ids=actor.managed_person_ids)
    if actor.is_programme_admin:
        overview.organisation = organisation_summary()
    return overview
