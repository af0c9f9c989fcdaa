"""The REST API at /api/v1/: one NinjaAPI, a router per domain app."""

from __future__ import annotations

from peerlearn.accounts.api import router as accounts_router
from peerlearn.activities.api import router as activities_router
from peerlearn.calendars.api import router as calendars_router
from peerlearn.core.api import API_AUTH, PeerlearnAPI
from peerlearn.knowledge.api import router as knowledge_router
from peerlearn.matching.api import router as matching_router
from peerlearn.mentoring.api import router as mentoring_router
from peerlearn.notifications.api import router as notifications_router
from peerlearn.onboarding.api import router as onboarding_router
from peerlearn.people.api import router as people_router
from peerlearn.qa.api import router as qa_router
from peerlearn.search.api import router as search_router
from peerlearn.shadowing.api import router as shadowing_router

api = PeerlearnAPI(
    title="Peerlearn API",
    version="1",
    description=(
        "Peer-to-peer learning at work. Authenticate with a personal access token "
        "(create one under Settings → API tokens) sent as `Authorization: Bearer <token>`. "
        "Errors are problem details (RFC 9457)."
    ),
    auth=API_AUTH,
    urls_namespace="api",
    docs_url="/docs",
    openapi_url="/openapi.json",
)
api.add_router("/", people_router)
api.add_router("/", accounts_router)
api.add_router("/", activities_router)
api.add_router("/", knowledge_router)
api.add_router("/", qa_router)
api.add_router("/", search_router)
api.add_router("/", notifications_router)
api.add_router("/", mentoring_router)
api.add_router("/", onboarding_router)
api.add_router("/", shadowing_router)
api.add_router("/", calendars_router)
api.add_router("/", matching_router)
