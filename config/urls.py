from django.urls import include, path

from config.api import api

urlpatterns = [
    path("", include("peerlearn.core.urls")),
    path("", include("peerlearn.accounts.urls")),
    path("", include("peerlearn.people.urls")),
    path("", include("peerlearn.activities.urls")),
    path("", include("peerlearn.knowledge.urls")),
    path("", include("peerlearn.qa.urls")),
    path("", include("peerlearn.search.urls")),
    path("", include("peerlearn.notifications.urls")),
    path("", include("peerlearn.mentoring.urls")),
    path("", include("peerlearn.onboarding.urls")),
    path("", include("peerlearn.shadowing.urls")),
    path("", include("peerlearn.calendars.urls")),
    path("", include("peerlearn.matching.urls")),
    path("api/v1/", api.urls),
]

handler404 = "peerlearn.core.views.not_found"
handler403 = "peerlearn.core.views.forbidden"
handler400 = "peerlearn.core.views.bad_request"
handler500 = "peerlearn.core.views.server_error"
