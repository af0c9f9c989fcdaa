"""One search over hub pages, questions and people, under /api/v1/search."""

from typing import Any

from django.http import HttpRequest
from ninja import Query, Router

from peerlearn.core.api import ERROR_RESPONSES, api_actor
from peerlearn.core.permissions import can_use_directory, require
from peerlearn.search.schemas import SearchIn, SearchOut
from peerlearn.search.selectors import SearchFilters, search

router = Router(tags=["search"])


@router.get("/search", response={200: SearchOut, **ERROR_RESPONSES}, summary="Search")
def search_endpoint(request: HttpRequest, params: Query[SearchIn]) -> dict[str, Any]:
    """Ranked results the caller may open, with highlighted snippets, and people who can
    teach a skill named in the query. Only what the caller could open is ever returned."""
    actor = api_actor(request)
    require(can_use_directory(actor))
    results = search(
        actor=actor,
        filters=SearchFilters(
            text=params.q,
            type=params.type or "",
            space_id=params.space,
            skill_id=params.skill,
            owner_id=params.owner,
            freshness=params.freshness or "",
        ),
        page_number=params.page,
        page_size=params.page_size,
    )
    return {
        "total": results.total,
        "total_is_capped": results.total_is_capped,
        "page": results.page_number,
        "suggestion": results.suggestion,
        "backend": results.backend,
        "results": [
            {
                "kind": hit.kind,
                "id": hit.page.id if hit.page else hit.question.id,  # type: ignore[union-attr]
                "url": hit.url,
                "title_html": str(hit.title),
                "snippet_html": str(hit.snippet),
                "rank": hit.rank,
            }
            for hit in results.hits
        ],
        "people": [
            {
                "person": edge.person,
                "skill": edge.skill,
                "level": edge.level,
                "url": f"/people/{edge.person_id}/",
            }
            for edge in results.people
        ],
    }
