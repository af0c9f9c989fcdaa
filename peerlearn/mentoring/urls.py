from django.urls import path

from peerlearn.mentoring import views

app_name = "mentoring"

urlpatterns = [
    path("mentoring/", views.mine, name="mine"),
    path("mentoring/request/", views.request_mentoring, name="request"),
    path("mentoring/now/", views.now, name="now"),
    path("mentoring/programme/", views.programme, name="programme"),
    path("mentoring/team/", views.team, name="team"),
    path("mentoring/notes/<uuid:note_id>/delete/", views.note_delete, name="note_delete"),
    path("mentoring/<uuid:mentorship_id>/", views.detail, name="detail"),
    path("mentoring/<uuid:mentorship_id>/respond/", views.respond, name="respond"),
    path("mentoring/<uuid:mentorship_id>/withdraw/", views.withdraw, name="withdraw"),
    path("mentoring/<uuid:mentorship_id>/agreement/", views.agreement, name="agreement"),
    path("mentoring/<uuid:mentorship_id>/goals/new/", views.goal_new, name="goal_new"),
    path(
        "mentoring/<uuid:mentorship_id>/goals/<uuid:link_id>/status/",
        views.goal_status,
        name="goal_status",
    ),
    path("mentoring/<uuid:mentorship_id>/check-ins/new/", views.check_in_new, name="check_in_new"),
    path(
        "mentoring/<uuid:mentorship_id>/check-ins/<uuid:check_in_id>/",
        views.check_in_detail,
        name="check_in",
    ),
    path(
        "mentoring/<uuid:mentorship_id>/check-ins/<uuid:check_in_id>/edit/",
        views.check_in_edit,
        name="check_in_edit",
    ),
    path(
        "mentoring/<uuid:mentorship_id>/check-ins/<uuid:check_in_id>/record/",
        views.check_in_record,
        name="check_in_record",
    ),
    path(
        "mentoring/<uuid:mentorship_id>/check-ins/<uuid:check_in_id>/cancel/",
        views.check_in_cancel,
        name="check_in_cancel",
    ),
    path(
        "mentoring/<uuid:mentorship_id>/check-ins/<uuid:check_in_id>/invite.ics",
        views.check_in_invite,
        name="check_in_invite",
    ),
    path("mentoring/<uuid:mentorship_id>/close/", views.close, name="close"),
    path("mentoring/<uuid:mentorship_id>/feedback/", views.feedback, name="feedback"),
]
