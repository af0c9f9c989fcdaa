"""Reads of people, teams and the skill graph."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import (
    BooleanField,
    Count,
    Exists,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Value,
)
from django.db.models.functions import Lower

from peerlearn.people.models import (
    Endorsement,
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
        people = people.filter(
            Q(full_name__icontains=word)
            | Q(job_title__icontains=word)
            | Q(user__email__icontains=word)
            | Q(team__name__icontains=word)
        )
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
    edges = edges.annotate(endorsement_count=Count("endorsements", distinct=True))
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


def people_by_ids(*, ids: Iterable[uuid.UUID]) -> dict[uuid.UUID, Person]:
    return {p.id: p for p in people_base().filter(id__in=list(ids))}


def home_overview(*, actor: object) -> dict[str, object]:
    return {}
