"""The search page: one box over hub pages, questions and people, filters in the URL."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render

from peerlearn.core.http import AuthenticatedRequest
from peerlearn.core.pagination import paginate, query_without_page
from peerlearn.core.permissions import actor_for, can_use_directory, require
from peerlearn.knowledge.selectors import spaces_visible_to
from peerlearn.search.forms import SearchForm
from peerlearn.search.selectors import (
    SearchFilters,
    people_search_by_skill,
    search,
    skills_in_query,
)

PAGE_SIZE = 20


@login_required
def search_view(request: AuthenticatedRequest) -> HttpResponse:
    actor = actor_for(request)
    require(can_use_directory(actor))
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
    template = "search/_results.html" if request.htmx else "search/search.html"
    return render(request, template, context)
