from django.urls import path

from peerlearn.people import import_views, views

app_name = "people"

urlpatterns = [
    path("people/", views.directory, name="directory"),
    path("people/<uuid:person_id>/", views.detail, name="detail"),
    path(
        "people/<uuid:person_id>/skills/<uuid:person_skill_id>/endorse/",
        views.endorse,
        name="endorse",
    ),
    path(
        "people/<uuid:person_id>/skills/<uuid:person_skill_id>/unendorse/",
        views.unendorse,
        name="unendorse",
    ),
    path("me/profile/", views.edit_profile, name="edit_profile"),
    path("me/skills/", views.edit_skills, name="edit_skills"),
    path("me/skills/suggest/", views.skill_suggest, name="skill_suggest"),
    path("me/skills/<uuid:person_skill_id>/", views.skill_update, name="skill_update"),
    path("me/skills/<uuid:person_skill_id>/remove/", views.skill_remove, name="skill_remove"),
    path("me/goals/", views.goals, name="goals"),
    path("me/goals/<uuid:goal_id>/", views.goal_edit, name="goal_edit"),
    path("me/goals/<uuid:goal_id>/status/", views.goal_status, name="goal_status"),
    path("me/goals/<uuid:goal_id>/delete/", views.goal_remove, name="goal_remove"),
    path("skills/", views.skills, name="skills"),
    path("skills/<slug:slug>/", views.skill_detail, name="skill_detail"),
    path("teams/", views.teams, name="teams"),
    path("teams/<slug:slug>/", views.team_detail, name="team_detail"),
    path("my-team/", views.my_team, name="my_team"),
    path("organisation/import/", import_views.import_page, name="import"),
]
