from django.urls import path

from peerlearn.knowledge import views

app_name = "knowledge"

urlpatterns = [
    path("hub/", views.hub_home, name="home"),
    path("hub/health/", views.health, name="health"),
    path("hub/spaces/new/", views.space_new, name="space_new"),
    path("hub/spaces/<uuid:space_id>/", views.space_detail, name="space"),
    path("hub/spaces/<uuid:space_id>/edit/", views.space_edit, name="space_edit"),
    path("hub/spaces/<uuid:space_id>/members/", views.space_members_view, name="space_members"),
    path("hub/pages/new/", views.page_new, name="page_new"),
    path("hub/pages/<uuid:page_id>/", views.page_detail_view, name="page"),
    path("hub/pages/<uuid:page_id>/edit/", views.page_edit, name="page_edit"),
    path("hub/pages/<uuid:page_id>/submit/", views.page_submit, name="page_submit"),
    path("hub/pages/<uuid:page_id>/review/", views.page_review, name="page_review"),
    path("hub/pages/<uuid:page_id>/verify/", views.page_verify_view, name="page_verify"),
    path("hub/pages/<uuid:page_id>/owners/", views.page_owners, name="page_owners"),
    path("hub/pages/<uuid:page_id>/history/", views.page_history, name="page_history"),
    path(
        "hub/pages/<uuid:page_id>/versions/<uuid:version_id>/",
        views.version_detail,
        name="version",
    ),
    path(
        "hub/pages/<uuid:page_id>/versions/<uuid:version_id>/restore/",
        views.version_restore,
        name="version_restore",
    ),
    path("hub/pages/<uuid:page_id>/attachments/", views.attachment_upload, name="attach"),
    path("hub/pages/<uuid:page_id>/feedback/", views.page_feedback, name="page_feedback"),
    path("hub/pages/<uuid:page_id>/comments/", views.page_comment, name="page_comment"),
    path("hub/attachments/<uuid:attachment_id>/", views.attachment_download, name="attachment"),
]
