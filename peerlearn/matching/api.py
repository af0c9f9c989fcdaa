"""Matching under /api/v1/matching/: rounds (programme admins), my matches, answers, suggestions.

Programme admins create, configure, run, pin and publish rounds; anyone else asking for a
round's collection gets 403 and for one round 404 (rounds are invisible to them). An employee
sees and answers only the published matches they are in, and their own suggestions; a manager
sees how their reports' matches stand. Invalid configurations (NaN or negative weights, an
empty cohort, zero places, a pin naming an unknown person) are 422 problems naming the field.
"""

import uuid
from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Router, Status
from ninja.pagination import paginate

from peerlearn.core.api import ERROR_RESPONSES, Pagination, api_actor, forbid_unless
from peerlearn.core.permissions import Actor, require
from peerlearn.matching import permissions, selectors, services
from peerlearn.matching.models import (
    Match,
    MatchingFormat,
    MatchingRound,
    MatchMember,
    RoundRule,
)
from peerlearn.matching.schemas import (
    AnswerIn,
    ConfigIn,
    DeclineIn,
    DeclineOut,
    MatchOut,
    RoundDetailOut,
    RoundIn,
    RoundOut,
    RoundPatchIn,
    RuleIn,
    RuleOut,
    SuggestionOut,
    TeamMatchOut,
)
from peerlearn.people.models import Person

router = Router(tags=["matching"])

NO_CONTENT: dict[int, Any] = {204: None, **ERROR_RESPONSES}
CONFIG_KEYS = (
    "seekers",
    "providers",
    "constraints",
    "weights",
    "level_gap_min",
    "level_gap_max",
    "places_per_provider",
    "respect_personal_limits",
    "group_size",
    "prefer_cross_team",
    "avoid_repeats",
    "method",
)
NESTED_KEYS = ("seekers", "providers", "constraints", "weights")


# --- presenting -------------------------------------------------------------------------------


def _person(person: Person | None) -> dict[str, Any] | None:
    return None if person is None else {"id": person.id, "full_name": person.full_name}


def _rule(rule: RoundRule) -> dict[str, Any]:
    return {
        "id": rule.id,
        "kind": rule.kind,
        "seeker": _person(rule.seeker),
        "provider": _person(rule.provider),
    }


def round_out(matching_round: MatchingRound) -> dict[str, Any]:
    return {
        "id": matching_round.id,
        "name": matching_round.name,
        "format": matching_round.format,
        "description": matching_round.description,
        "status": matching_round.status,
        "summary": [line for line in matching_round.summary.splitlines() if line],
        "config_version": matching_round.config_version,
        "proposal_current": matching_round.proposal_is_current,
        "run_state": matching_round.run_state,
        "created_at": matching_round.created_at,
        "published_at": matching_round.published_at,
    }


def round_detail_out(matching_round: MatchingRound) -> dict[str, Any]:
    problems = [
        {
            "kind": item.get("kind", ""),
            "message": item.get("message", ""),
            "people": [
                {"id": person["id"], "full_name": person["name"]}
                for person in item.get("people", [])
            ],
        }
        for item in matching_round.infeasibilities or []
    ]
    return {
        **round_out(matching_round),
        "config": matching_round.config,
        "run": {
            "state": matching_round.run_state,
            "stage": matching_round.run_stage,
            "done": matching_round.run_done,
            "total": matching_round.run_total,
            "error": matching_round.run_error,
            "started_at": matching_round.run_started_at,
            "finished_at": matching_round.run_finished_at,
            "seconds": matching_round.run_seconds,
        },
        "stats": matching_round.stats or {},
        "problems": problems,
        "rules": [_rule(r) for r in selectors.round_rules(matching_round=matching_round)],
    }


def match_out(match: Match) -> dict[str, Any]:
    return {
        "id": match.id,
        "round": {"id": match.round.id, "name": match.round.name, "format": match.round.format},
        "status": match.status,
        "kind": "pair" if match.is_pair else "group",
        "seeker": _person(match.seeker),
        "provider": _person(match.provider),
        "members": [
            {
                "person": _person(member.person),
                "role": member.role,
                "response": member.response,
                "responded_at": member.responded_at,
            }
            for member in match.members.all()
        ],
        "score": match.score,
        "explanation": match.explanation,
        "criteria": match.criteria,
        "pinned": match.pinned,
        "replaces_id": match.replaces_id,
        "outcome_url": match.outcome_url,
        "decided_at": match.decided_at,
        "created_at": match.created_at,
    }


class RoundPages(Pagination):
    def present(self, items: list[Any], request: HttpRequest) -> list[dict[str, Any]]:
        return [round_out(r) for r in items]


class MatchPages(Pagination):
    def present(self, items: list[Any], request: HttpRequest) -> list[dict[str, Any]]:
        return [match_out(m) for m in items]


class MembershipPages(Pagination):
    def present(self, items: list[Any], request: HttpRequest) -> list[dict[str, Any]]:
        return [match_out(member.match) for member in items]


class TeamPages(Pagination):
    def present(self, items: list[Any], request: HttpRequest) -> list[dict[str, Any]]:
        return [
            {
                "person": _person(member.person),
                "round": {
                    "id": member.match.round.id,
                    "name": member.match.round.name,
                    "format": member.match.round.format,
                },
                "role": member.role,
                "status": member.match.status,
                "response": member.response,
                "created_at": member.created_at,
                "decided_at": member.match.decided_at,
            }
            for member in items
        ]


class SuggestionPages(Pagination):
    def present(self, items: list[Any], request: HttpRequest) -> list[dict[str, Any]]:
        return items


# --- lookups ----------------------------------------------------------------------------------


def _admin(request: HttpRequest) -> Actor:
    actor = api_actor(request)
    forbid_unless(permissions.can_run_programmes(actor), "Only programme admins run rounds.")
    return actor


def _round(request: HttpRequest, round_id: uuid.UUID) -> tuple[Actor, MatchingRound]:
    actor = api_actor(request)
    require(permissions.can_run_programmes(actor))
    matching_round = selectors.round_get(round_id=round_id)
    require(matching_round is not None)
    assert matching_round is not None
    return actor, matching_round


def _employee(request: HttpRequest) -> tuple[Actor, Person]:
    actor = api_actor(request)
    forbid_unless(
        permissions.can_use_matching(actor) and actor.person is not None,
        "Only employees have matches.",
    )
    assert actor.person is not None
    return actor, actor.person


def _match(request: HttpRequest, match_id: uuid.UUID) -> tuple[Actor, Match, list[MatchMember]]:
    actor = api_actor(request)
    match = selectors.match_get(match_id=match_id)
    require(match is not None)
    assert match is not None
    members = list(match.members.all())
    require(permissions.match_access(actor, match, members) != permissions.MatchAccess.NONE)
    return actor, match, members


def _as_member(request: HttpRequest, match_id: uuid.UUID) -> tuple[Person, Match]:
    actor, match, members = _match(request, match_id)
    forbid_unless(
        permissions.match_access(actor, match, members) == permissions.MatchAccess.MEMBER,
        "Only the people in the match answer it.",
    )
    assert actor.person is not None
    return actor.person, match


def _document(payload: ConfigIn, current: dict[str, Any] | None = None) -> dict[str, Any] | None:
    """The configuration document from a request body, merged into the current one."""
    given = payload.dict(exclude_unset=True)
    if not any(key in given for key in CONFIG_KEYS):
        return None if current is not None else {}
    document = dict(current or {})
    for key in CONFIG_KEYS:
        if key not in given or given[key] is None:
            continue
        value = given[key]
        if key in NESTED_KEYS and isinstance(value, dict):
            merged = dict(document.get(key) or {})
            merged.update({k: v for k, v in value.items() if v is not None})
            document[key] = merged
        else:
            document[key] = value
    return document


def _pairs(items: list[Any] | None) -> list[services.PairRef] | None:
    if items is None:
        return None
    return [services.PairRef(seeker=item.seeker, provider=item.provider) for item in items]


def _reloaded(matching_round: MatchingRound) -> dict[str, Any]:
    fresh = selectors.round_get(round_id=matching_round.id)
    assert fresh is not None
    return round_detail_out(fresh)


# --- rounds (programme admins) ----------------------------------------------------------------


@router.get("/matching/rounds", response={200: list[RoundOut], **ERROR_RESPONSES})
@paginate(RoundPages)
def list_rounds(
    request: HttpRequest, status: str = "", format: str = ""
) -> QuerySet[MatchingRound]:
    """Every round, newest first; filter by `status` (draft, published) or `format`."""
    _admin(request)
    return selectors.rounds_list(status=status, format=format)


@router.post("/matching/rounds", response={201: RoundDetailOut, **ERROR_RESPONSES})
def create_round(request: HttpRequest, payload: RoundIn) -> Status[Any]:
    """A draft round. Missing settings take the format's defaults. Run it to see a proposal."""
    actor = _admin(request)
    matching_round = services.round_create(
        name=payload.name,
        format=payload.format,
        description=payload.description,
        config=_document(payload) or {},
        must_pairs=_pairs(payload.must_pairs) or [],
        must_not_pairs=_pairs(payload.must_not_pairs) or [],
        by=actor.person,
    )
    return Status(201, _reloaded(matching_round))


@router.get("/matching/rounds/{round_id}", response={200: RoundDetailOut, **ERROR_RESPONSES})
def get_round(request: HttpRequest, round_id: uuid.UUID) -> dict[str, Any]:
    """The round with its configuration, summary, latest run, statistics and problems."""
    _, matching_round = _round(request, round_id)
    return round_detail_out(matching_round)


@router.patch("/matching/rounds/{round_id}", response={200: RoundDetailOut, **ERROR_RESPONSES})
def update_round(
    request: HttpRequest, round_id: uuid.UUID, payload: RoundPatchIn
) -> dict[str, Any]:
    """Change a draft round; nested settings (weights, constraints, sides) merge key by key."""
    actor, matching_round = _round(request, round_id)
    services.round_update(
        matching_round=matching_round,
        name=payload.name,
        description=payload.description,
        config=_document(payload, current=dict(matching_round.config)),
        must_pairs=_pairs(payload.must_pairs),
        must_not_pairs=_pairs(payload.must_not_pairs),
        by=actor.person,
    )
    return _reloaded(matching_round)


@router.post(
    "/matching/rounds/{round_id}/run",
    response={200: RoundDetailOut, 202: RoundDetailOut, **ERROR_RESPONSES},
)
def run_round(request: HttpRequest, round_id: uuid.UUID) -> Status[Any]:
    """Make the proposal: now (200) or, for a large cohort, in the background (202; poll the
    round until `run.state` is done)."""
    _, matching_round = _round(request, round_id)
    outcome = services.round_run_request(matching_round=matching_round)
    return Status(202 if outcome == "queued" else 200, _reloaded(matching_round))


@router.get(
    "/matching/rounds/{round_id}/matches", response={200: list[MatchOut], **ERROR_RESPONSES}
)
@paginate(MatchPages)
def list_round_matches(
    request: HttpRequest, round_id: uuid.UUID, status: str = "", q: str = ""
) -> QuerySet[Match]:
    """The proposal (a draft round) or the published matches, each with its reasons."""
    _, matching_round = _round(request, round_id)
    return selectors.round_matches(matching_round=matching_round, status=status, query=q[:100])


@router.post("/matching/rounds/{round_id}/rules", response={201: RuleOut, **ERROR_RESPONSES})
def add_rule(request: HttpRequest, round_id: uuid.UUID, payload: RuleIn) -> Status[Any]:
    """Pin a pair (always made) or exclude it (never made). Run the round again to apply it."""
    actor, matching_round = _round(request, round_id)
    seeker = selectors.person_by_reference(payload.seeker)
    provider = selectors.person_by_reference(payload.provider)
    missing = {
        name: "Nobody active has this e-mail address or id."
        for name, person in (("seeker", seeker), ("provider", provider))
        if person is None
    }
    if missing:
        from django.core.exceptions import ValidationError

        raise ValidationError(missing)
    assert seeker is not None
    assert provider is not None
    rule = services.round_rule_add(
        matching_round=matching_round,
        kind=payload.kind,
        seeker=seeker,
        provider=provider,
        by=actor.person,
    )
    return Status(201, _rule(rule))


@router.delete("/matching/rounds/{round_id}/rules/{rule_id}", response=NO_CONTENT)
def remove_rule(request: HttpRequest, round_id: uuid.UUID, rule_id: uuid.UUID) -> Status[None]:
    actor, matching_round = _round(request, round_id)
    rule = selectors.round_rules(matching_round=matching_round).filter(pk=rule_id).first()
    require(rule is not None)
    assert rule is not None
    services.round_rule_remove(rule=rule, by=actor.person)
    return Status(204, None)


@router.post(
    "/matching/rounds/{round_id}/publish", response={200: RoundDetailOut, **ERROR_RESPONSES}
)
def publish_round(request: HttpRequest, round_id: uuid.UUID) -> dict[str, Any]:
    """Publish the current proposal: everyone in a match is told and asked to accept."""
    actor, matching_round = _round(request, round_id)
    services.round_publish(matching_round=matching_round, by=actor.person)
    return _reloaded(matching_round)


# --- my matches -------------------------------------------------------------------------------


@router.get("/matching/me/matches", response={200: list[MatchOut], **ERROR_RESPONSES})
@paginate(MembershipPages)
def list_my_matches(request: HttpRequest, status: str = "") -> QuerySet[MatchMember]:
    """The published matches you are in; those waiting for your answer first."""
    _, person = _employee(request)
    return selectors.my_memberships(person=person, status=status)


@router.get("/matching/matches/{match_id}", response={200: MatchOut, **ERROR_RESPONSES})
def get_match(request: HttpRequest, match_id: uuid.UUID) -> dict[str, Any]:
    _, match, _ = _match(request, match_id)
    return match_out(match)


def _reloaded_match(match_id: uuid.UUID) -> dict[str, Any]:
    fresh = selectors.match_get(match_id=match_id)
    assert fresh is not None
    return match_out(fresh)


@router.post("/matching/matches/{match_id}/accept", response={200: MatchOut, **ERROR_RESPONSES})
def accept_match(request: HttpRequest, match_id: uuid.UUID, payload: AnswerIn) -> dict[str, Any]:
    """Accept. When everyone has, the match becomes a mentorship, buddy, shadowing request or
    coffee date (`outcome_url`)."""
    person, match = _as_member(request, match_id)
    services.match_accept(match=match, person=person, message=payload.message)
    return _reloaded_match(match.id)


@router.post("/matching/matches/{match_id}/decline", response={200: DeclineOut, **ERROR_RESPONSES})
def decline_match(request: HttpRequest, match_id: uuid.UUID, payload: DeclineIn) -> dict[str, Any]:
    """Decline. The seeker is matched again at once from the capacity left (never the same
    pair); `opt_out` takes you out of the round."""
    person, match = _as_member(request, match_id)
    replacement = services.match_decline(
        match=match, person=person, message=payload.message, opt_out=payload.opt_out
    )
    shown = None
    if replacement is not None and any(m.person_id == person.id for m in replacement.members.all()):
        shown = _reloaded_match(replacement.id)
    return {"match": _reloaded_match(match.id), "replacement": shown}


@router.get("/matching/me/suggestions", response={200: list[SuggestionOut], **ERROR_RESPONSES})
@paginate(SuggestionPages)
def list_my_suggestions(request: HttpRequest, format: str = "mentoring") -> list[dict[str, Any]]:
    """Colleagues who would suit you best as a mentor (`format=mentoring`) or shadowing host
    (`format=shadowing`), ranked by the matching engine, with reasons and a link to ask."""
    from django.core.exceptions import ValidationError
    from django.urls import reverse

    _, person = _employee(request)
    if format not in selectors.SUGGESTION_FORMATS:
        raise ValidationError({"format": "Choose mentoring or shadowing."})
    ranked = selectors.suggestions_for(person=person, format=format)
    if format == MatchingFormat.MENTORING:
        ask = reverse("mentoring:request") + "?mentor="
    else:
        ask = reverse("shadowing:new") + "?host="
    return [
        {
            "person": _person(s.person),
            "job_title": s.person.job_title,
            "team": s.person.team.name if s.person.team else None,
            "score": s.score,
            "explanation": s.explanation,
            "criteria": s.criteria,
            "room": s.room,
            "request_url": f"{ask}{s.person.id}",
        }
        for s in ranked.suggestions
    ]


@router.get("/matching/team/matches", response={200: list[TeamMatchOut], **ERROR_RESPONSES})
@paginate(TeamPages)
def list_team_matches(request: HttpRequest) -> QuerySet[MatchMember]:
    """For managers: your reports' matches and how each stands (no partners, no reasons)."""
    actor = api_actor(request)
    forbid_unless(permissions.can_view_team(actor), "Only managers see their team's matches.")
    return selectors.team_memberships(actor=actor)
