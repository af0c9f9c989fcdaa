"""The search page: one box over hub pages, questions and people, filters in the URL."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render

from peerlearn.core.htmx import htmx_target, is_htmx, vary_on_htmx
from peerlearn.core.http import AuthenticatedRequest
from peerlearn.core.pagination import paginate, query_without_page
from peerlearn.core.permissions import actor_for, can_use_directory, require
from peerlearn.knowledge.selectors import spaces_visible_to
from peerlearn.people.selectors import colleague_suggestions
from peerlearn.search.forms import SearchForm
from peerlearn.search.selectors import (
    SearchFilters,
    people_search_by_skill,
    search,
    skills_in_query,
)

PAGE_SIZE = 20


# The owner box asks this page for suggestions into this element (see search.html).
OWNER_SUGGESTIONS = "id_owner-suggestions"


@login_required
def search_view(request: AuthenticatedRequest) -> HttpResponse:
    actor = actor_for(request)
    require(can_use_directory(actor))
    if htmx_target(request, OWNER_SUGGESTIONS):
        query = request.GET.get("owner", "")[:100]
        return vary_on_htmx(
            render(
                request,
                "people/_person_suggestions.html",
                {
                    "suggestions": colleague_suggestions(query=query),
                    "query": query,
                    "target": "id_owner",
                },
            )
        )
    form = SearchForm(request.GET or None, spaces=spaces_visible_to(actor=actor).order_by("name"))
    values: dict[str, Any] = form.cleaned_data if form.is_valid() else {}
    filters = SearchFilters(
        text=values.get("q") or "",
        type=values.get("type") or "",
        space_id=values["space"].id if values.get("space") else None,
        skill_id=values["skill"].id if values.get("skill") else None,
        owner_id=values["owner"].id if values.get("owner") else None,
        freshness=values.get("freshness") or "",
    )
    try:
        page_number = max(1, int(request.GET.get("page", "1")))
    except ValueError:
        page_number = 1
    results = search(actor=actor, filters=filters, page_number=page_number, page_size=PAGE_SIZE)
    people_page = None
    if filters.type == "person" and filters.has_words:
        skills = results.skills or skills_in_query(text=filters.text)
        people_page = paginate(request, people_search_by_skill(skill_ids=[s.id for s in skills]))
    context = {
        "form": form,
        "filters": filters,
        "results": results,
        "people_page": people_page,
        "querystring": query_without_page(request),
        "next_page": results.page_number + 1,
        "previous_page": results.page_number - 1,
    }
    template = "search/_results.html" if is_htmx(request) else "search/search.html"
    return vary_on_htmx(render(request, template, context))
