from django.urls import path

from peerlearn.matching import views

app_name = "matching"

urlpatterns = [
    path("matching/", views.mine, name="mine"),
    path("matching/suggestions/", views.suggestions, name="suggestions"),
    path("matching/team/", views.team, name="team"),
    path("matching/matches/<uuid:match_id>/", views.match_detail, name="match"),
    path("matching/matches/<uuid:match_id>/answer/", views.match_answer, name="match_answer"),
    path("matching/rounds/", views.rounds, name="rounds"),
    path("matching/rounds/new/", views.round_new, name="round_new"),
    path("matching/rounds/<uuid:round_id>/", views.round_detail, name="round"),
    path("matching/rounds/<uuid:round_id>/edit/", views.round_edit, name="round_edit"),
    path("matching/rounds/<uuid:round_id>/run/", views.round_run, name="round_run"),
    path("matching/rounds/<uuid:round_id>/progress/", views.round_progress, name="round_progress"),
    path("matching/rounds/<uuid:round_id>/rules/", views.round_rule_add, name="round_rule_add"),
    path(
        "matching/rounds/<uuid:round_id>/rules/<uuid:rule_id>/remove/",
        views.round_rule_remove,
        name="round_rule_remove",
    ),
    path("matching/rounds/<uuid:round_id>/publish/", views.round_publish, name="round_publish"),
    path(
        "matching/rounds/<uuid:round_id>/config.json",
        views.round_config_json,
        name="round_config",
    ),
]
