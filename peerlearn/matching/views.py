"""Matching pages. Thin: ask matching.permissions, call a selector or a service, render."""

from __future__ import annotations

import json
import uuid
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST
from django_htmx.http import HttpResponseClientRefresh

from peerlearn.core.http import AuthenticatedRequest
from peerlearn.core.pagination import paginate, query_without_page
from peerlearn.core.permissions import Actor, actor_for, require
from peerlearn.matching import forms, permissions, selectors, services
from peerlearn.matching.config import WEIGHT_LABELS, default_config
from peerlearn.matching.models import (
    Match,
    MatchingFormat,
    MatchingRound,
    MatchStatus,
    RoundStatus,
    RuleKind,
)
from peerlearn.people.models import Person


def _employee(request: AuthenticatedRequest) -> tuple[Actor, Person]:
    actor = actor_for(request)
    require(permissions.can_use_matching(actor) and actor.person is not None)
    assert actor.person is not None
    return actor, actor.person


def _admin(request: AuthenticatedRequest) -> Actor:
    actor = actor_for(request)
    require(permissions.can_run_programmes(actor))
    return actor


def _round(request: AuthenticatedRequest, round_id: uuid.UUID) -> tuple[Actor, MatchingRound]:
    actor = _admin(request)
    matching_round = selectors.round_get(round_id=round_id)
    require(matching_round is not None)
    assert matching_round is not None
    return actor, matching_round


def _match(
    request: AuthenticatedRequest, match_id: uuid.UUID
) -> tuple[Actor, Match, permissions.MatchAccess]:
    actor = actor_for(request)
    match = selectors.match_get(match_id=match_id)
    require(match is not None)
    assert match is not None
    access = permissions.match_access(actor, match, list(match.members.all()))
    require(access != permissions.MatchAccess.NONE)
    return actor, match, access


# --- people: my matches, answers, suggestions, my team -------------------------------------------


@login_required
def mine(request: AuthenticatedRequest) -> HttpResponse:
    actor = actor_for(request)
    if not permissions.can_use_matching(actor) and permissions.can_run_programmes(actor):
        return redirect("matching:rounds")  # an admin login without a profile has no matches
    actor, person = _employee(request)
    status = request.GET.get("status", "")
    if status not in MatchStatus.values:
        status = ""
    page = paginate(request, selectors.my_memberships(person=person, status=status))
    return render(
        request,
        "matching/mine.html",
        {
            "page_obj": page,
            "status": status,
            "statuses": [c for c in MatchStatus.choices if c[0] != MatchStatus.PROPOSED],
            "querystring": query_without_page(request),
            "to_answer": selectors.pending_answers(person=person),
            "is_admin": permissions.can_run_programmes(actor),
            "is_manager": permissions.can_view_team(actor),
        },
    )


def _match_page(
    request: AuthenticatedRequest,
    actor: Actor,
    match: Match,
    access: permissions.MatchAccess,
    *,
    form: forms.AnswerForm | None = None,
    status: int = 200,
) -> HttpResponse:
    members = list(match.members.all())
    mine = selectors.membership_of(match=match, person=actor.person)
    return render(
        request,
        "matching/match.html",
        {
            "match": match,
            "members": members,
            "membership": mine if access == permissions.MatchAccess.MEMBER else None,
            "partners": [m for m in members if mine is None or m.person_id != mine.person_id],
            "can_answer": permissions.can_answer(actor, match, members),
            "is_admin_view": access == permissions.MatchAccess.ADMIN,
            "form": form or forms.AnswerForm(),
            "weight_labels": WEIGHT_LABELS,
            "replacements": list(match.replacements.select_related("provider").all()),
        },
        status=status,
    )


@login_required
def match_detail(request: AuthenticatedRequest, match_id: uuid.UUID) -> HttpResponse:
    actor, match, access = _match(request, match_id)
    return _match_page(request, actor, match, access)


@login_required
@require_POST
def match_answer(request: AuthenticatedRequest, match_id: uuid.UUID) -> HttpResponse:
    actor, match, access = _match(request, match_id)
    require(access == permissions.MatchAccess.MEMBER)
    assert actor.person is not None
    if not permissions.can_answer(actor, match, list(match.members.all())):
        messages.info(request, "This match does not need your answer any more.")
        return redirect("matching:match", match.id)
    form = forms.AnswerForm(request.POST)
    accept = request.POST.get("answer") == "accept"
    if form.is_valid():
        try:
            if accept:
                services.match_accept(
                    match=match, person=actor.person, message=form.cleaned_data["message"]
                )
            else:
                replacement = services.match_decline(
                    match=match,
                    person=actor.person,
                    message=form.cleaned_data["message"],
                    opt_out=form.cleaned_data["opt_out"],
                )
        except ValidationError as error:
            forms.show_service_errors(form, error)
        else:
            match.refresh_from_db()
            if accept:
                messages.success(
                    request,
                    "Accepted. "
                    + (
                        "Everyone has: see the next step below."
                        if match.status == MatchStatus.ACCEPTED
                        else "We will tell you when the others answer."
                    ),
                )
                return redirect("matching:match", match.id)
            if replacement is not None and replacement.seeker_id == actor.person.id:
                messages.info(request, "Declined. Here is another suggestion for you.")
                return redirect("matching:match", replacement.id)
            messages.info(request, "Declined. We let the others know.")
            return redirect("matching:mine")
    fresh = selectors.match_get(match_id=match.id)
    assert fresh is not None
    return _match_page(request, actor, fresh, access, form=form, status=422)


@login_required
def suggestions(request: AuthenticatedRequest) -> HttpResponse:
    """Ranked providers for the viewer, with reasons; and "how would this colleague fit?"."""
    _, person = _employee(request)
    format = request.GET.get("format", MatchingFormat.MENTORING)
    if format not in selectors.SUGGESTION_FORMATS:
        format = MatchingFormat.MENTORING
    ranked = selectors.suggestions_for(person=person, format=format)
    page = paginate(request, ranked.suggestions, per_page=10)
    check = None
    check_form = forms.CheckForm(request.GET if "colleague" in request.GET else None)
    if check_form.is_bound and check_form.is_valid():
        other = selectors.person_by_reference(check_form.cleaned_data["colleague"])
        if other is None or other.pk == person.pk:
            check_form.add_error(
                "colleague", "Nobody else active in the organisation has this e-mail address."
            )
        else:
            check = selectors.pair_check(person=person, other=other, format=format)
    return render(
        request,
        "matching/suggestions.html",
        {
            "ranked": ranked,
            "page_obj": page,
            "format": format,
            "formats": [
                (MatchingFormat.MENTORING, "A mentor"),
                (MatchingFormat.SHADOWING, "Someone to shadow"),
            ],
            "querystring": query_without_page(request),
            "check_form": check_form,
            "check": check,
            "weight_labels": WEIGHT_LABELS,
        },
        status=422 if check_form.errors else 200,
    )


@login_required
def team(request: AuthenticatedRequest) -> HttpResponse:
    actor = actor_for(request)
    require(permissions.can_view_team(actor))
    page = paginate(request, selectors.team_memberships(actor=actor))
    return render(
        request,
        "matching/team.html",
        {"page_obj": page, "querystring": query_without_page(request)},
    )


# --- programme admins: rounds --------------------------------------------------------------------


@login_required
def rounds(request: AuthenticatedRequest) -> HttpResponse:
    _admin(request)
    status = request.GET.get("status", "")
    format = request.GET.get("format", "")
    page = paginate(request, selectors.rounds_list(status=status, format=format))
    return render(
        request,
        "matching/rounds.html",
        {
            "page_obj": page,
            "status": status if status in RoundStatus.values else "",
            "format": format if format in MatchingFormat.values else "",
            "statuses": RoundStatus.choices,
            "formats": MatchingFormat.choices,
            "querystring": query_without_page(request),
        },
    )


def _form_page(
    request: AuthenticatedRequest,
    form: forms.RoundForm,
    *,
    matching_round: MatchingRound | None,
    format: str,
) -> HttpResponse:
    seekers_label, providers_label = forms.SIDE_LABELS[MatchingFormat(format)]
    return render(
        request,
        "matching/round_form.html",
        {
            "form": form,
            "round": matching_round,
            "format": format,
            "format_label": MatchingFormat(format).label,
            "seekers_label": seekers_label,
            "providers_label": providers_label,
            "is_coffee": format == MatchingFormat.COFFEE,
            "is_buddy": format == MatchingFormat.BUDDY,
            "weight_fields": [form[f"weight_{name}"] for name in WEIGHT_LABELS],
        },
        status=422 if form.errors else 200,
    )


def _run_after_change(request: AuthenticatedRequest, matching_round: MatchingRound) -> None:
    try:
        outcome = services.round_run_request(matching_round=matching_round)
    except ValidationError as error:
        messages.error(request, "The matching could not run: " + " ".join(error.messages))
        return
    if outcome == "queued":
        messages.info(
            request,
            "This cohort is large: the matching runs in the background. This page "
            "shows its progress.",
        )


@login_required
def round_new(request: AuthenticatedRequest) -> HttpResponse:
    actor = _admin(request)
    format = request.GET.get("format", "")
    if format not in MatchingFormat.values:
        return render(request, "matching/round_choose.html", {"formats": MatchingFormat.choices})
    form = forms.RoundForm(
        request.POST or None,
        format=format,
        initial=forms.RoundForm.initial_from(default_config(format)),
    )
    if request.method == "POST" and form.is_valid():
        must = form.pairs("must_pairs")
        must_not = form.pairs("must_not_pairs")
        if not form.errors:
            try:
                matching_round = services.round_create(
                    name=form.cleaned_data["name"],
                    format=format,
                    description=form.cleaned_data["description"],
                    config=form.document(),
                    must_pairs=must,
                    must_not_pairs=must_not,
                    by=actor.person,
                )
            except ValidationError as error:
                forms.show_service_errors(form, error)
            else:
                messages.success(request, "Round saved. Here is the proposal the matching made.")
                _run_after_change(request, matching_round)
                return redirect("matching:round", matching_round.id)
    return _form_page(request, form, matching_round=None, format=format)


@login_required
def round_edit(request: AuthenticatedRequest, round_id: uuid.UUID) -> HttpResponse:
    actor, matching_round = _round(request, round_id)
    require(matching_round.status == RoundStatus.DRAFT)
    config = selectors.round_config(matching_round)
    pins, exclusions = selectors.round_pins(matching_round=matching_round)
    people = [*config.seekers.people, *config.providers.people]
    initial = forms.RoundForm.initial_from(
        config,
        pins=pins,
        exclusions=exclusions,
        skill_names=selectors.skill_names_by_slug(
            [*config.seekers.skills, *config.providers.skills]
        ),
        emails=selectors.emails_by_id(people),
    )
    initial.update(name=matching_round.name, description=matching_round.description)
    form = forms.RoundForm(request.POST or None, format=matching_round.format, initial=initial)
    if request.method == "POST" and form.is_valid():
        must = form.pairs("must_pairs")
        must_not = form.pairs("must_not_pairs")
        if not form.errors:
            try:
                services.round_update(
                    matching_round=matching_round,
                    name=form.cleaned_data["name"],
                    description=form.cleaned_data["description"],
                    config=form.document(),
                    must_pairs=must,
                    must_not_pairs=must_not,
                    by=actor.person,
                )
            except ValidationError as error:
                forms.show_service_errors(form, error)
            else:
                messages.success(request, "Configuration saved; the proposal was made again.")
                _run_after_change(request, matching_round)
                return redirect("matching:round", matching_round.id)
    return _form_page(request, form, matching_round=matching_round, format=matching_round.format)


@login_required
def round_detail(request: AuthenticatedRequest, round_id: uuid.UUID) -> HttpResponse:
    """The preview: summary, progress, statistics, problems, and every pair with its reasons."""
    _, matching_round = _round(request, round_id)
    return _round_page(request, matching_round)


def _round_page(
    request: AuthenticatedRequest,
    matching_round: MatchingRound,
    *,
    rule_form: forms.RuleForm | None = None,
    status: int = 200,
) -> HttpResponse:
    match_status = request.GET.get("status", "")
    query = request.GET.get("q", "")[:100]
    matches = selectors.round_matches(
        matching_round=matching_round, status=match_status, query=query
    )
    page = paginate(request, matches)
    stats = matching_round.stats or {}
    score_rows = [{"label": b["label"], "value": b["count"]} for b in stats.get("score_bins") or []]
    load_rows = [
        {"label": f"{b['load']} seeker{'s' if b['load'] != 1 else ''}", "value": b["providers"]}
        for b in stats.get("load_bins") or []
    ]
    size_rows = [
        {"label": f"{b['size']} people", "value": b["groups"]}
        for b in stats.get("group_sizes") or []
    ]
    return render(
        request,
        "matching/round.html",
        {
            "round": matching_round,
            "summary_lines": [line for line in matching_round.summary.splitlines() if line],
            "config_json": json.dumps(matching_round.config, indent=2, ensure_ascii=False),
            "stats": stats,
            "score_rows": score_rows,
            "score_max": max((r["value"] for r in score_rows), default=0),
            "load_rows": load_rows,
            "load_max": max((r["value"] for r in load_rows), default=0),
            "size_rows": size_rows,
            "size_max": max((r["value"] for r in size_rows), default=0),
            "infeasibilities": matching_round.infeasibilities or [],
            "page_obj": page,
            "querystring": query_without_page(request),
            "q": query,
            "match_status": match_status if match_status in MatchStatus.values else "",
            "statuses": [c for c in MatchStatus.choices if c[0] != MatchStatus.PROPOSED],
            "rules": list(selectors.round_rules(matching_round=matching_round)),
            "rule_form": rule_form or forms.RuleForm(initial={"kind": RuleKind.MUST}),
            "is_draft": matching_round.status == RoundStatus.DRAFT,
        },
        status=status,
    )


@login_required
@require_POST
def round_run(request: AuthenticatedRequest, round_id: uuid.UUID) -> HttpResponse:
    _, matching_round = _round(request, round_id)
    if matching_round.status != RoundStatus.DRAFT:
        messages.error(request, "This round is published; its pairs are final.")
        return redirect("matching:round", matching_round.id)
    _run_after_change(request, matching_round)
    matching_round.refresh_from_db()
    if matching_round.proposal_is_current:
        messages.success(request, "Matched again with the current configuration and pins.")
    return redirect("matching:round", matching_round.id)


@login_required
def round_progress(request: AuthenticatedRequest, round_id: uuid.UUID) -> HttpResponse:
    """What the background run is doing (htmx polls it); once it ends, the page reloads."""
    _, matching_round = _round(request, round_id)
    if not request.htmx:
        return redirect("matching:round", matching_round.id)
    if not matching_round.is_running:
        return HttpResponseClientRefresh()
    return render(request, "matching/_progress.html", {"round": matching_round})


@login_required
@require_POST
def round_rule_add(request: AuthenticatedRequest, round_id: uuid.UUID) -> HttpResponse:
    actor, matching_round = _round(request, round_id)
    form = forms.RuleForm(request.POST)
    if form.is_valid():
        seeker = selectors.person_by_reference(form.cleaned_data["seeker"])
        provider = selectors.person_by_reference(form.cleaned_data["provider"])
        if seeker is None:
            form.add_error("seeker", "Nobody active has this e-mail address or id.")
        if provider is None:
            form.add_error("provider", "Nobody active has this e-mail address or id.")
        if seeker is not None and provider is not None:
            try:
                services.round_rule_add(
                    matching_round=matching_round,
                    kind=form.cleaned_data["kind"],
                    seeker=seeker,
                    provider=provider,
                    by=actor.person,
                )
            except ValidationError as error:
                forms.show_service_errors(form, error)
            else:
                pinned = form.cleaned_data["kind"] == RuleKind.MUST
                messages.success(
                    request,
                    f"{'Pinned' if pinned else 'Excluded'}: {seeker.full_name} with "
                    f"{provider.full_name}. The proposal was made again"
                    + (" around the pin." if pinned else " without that pair."),
                )
                _run_after_change(request, matching_round)
                return redirect("matching:round", matching_round.id)
    matching_round.refresh_from_db()
    return _round_page(request, matching_round, rule_form=form, status=422)


@login_required
@require_POST
def round_rule_remove(
    request: AuthenticatedRequest, round_id: uuid.UUID, rule_id: uuid.UUID
) -> HttpResponse:
    actor, matching_round = _round(request, round_id)
    rule = selectors.round_rules(matching_round=matching_round).filter(pk=rule_id).first()
    require(rule is not None)
    assert rule is not None
    try:
        services.round_rule_remove(rule=rule, by=actor.person)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "Removed. The proposal was made again.")
        _run_after_change(request, matching_round)
    return redirect("matching:round", matching_round.id)


@login_required
@require_POST
def round_publish(request: AuthenticatedRequest, round_id: uuid.UUID) -> HttpResponse:
    actor, matching_round = _round(request, round_id)
    try:
        services.round_publish(matching_round=matching_round, by=actor.person)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, "Published. Everyone in a match has been told and asked to accept."
        )
    return redirect("matching:round", matching_round.id)


@login_required
def round_config_json(request: AuthenticatedRequest, round_id: uuid.UUID) -> HttpResponse:
    """The configuration as a readable JSON file, with its sentence summary."""
    _, matching_round = _round(request, round_id)
    body: dict[str, Any] = {
        "round": str(matching_round.id),
        "name": matching_round.name,
        "format": matching_round.format,
        "summary": matching_round.summary.splitlines(),
        "config": matching_round.config,
        "pins": [
            {
                "kind": rule.kind,
                "seeker": rule.seeker.full_name,
                "provider": rule.provider.full_name,
            }
            for rule in selectors.round_rules(matching_round=matching_round)
        ],
    }
    response = JsonResponse(body, json_dumps_params={"indent": 2, "ensure_ascii": False})
    response["Content-Disposition"] = f'attachment; filename="round-{matching_round.id}.json"'
    return response
