from django.urls import path

from peerlearn.people import import_views, views

app_name = "people"

urlpatterns = [
    path("people/", views.directory, name="directory"),
    path("people/<uuid:person_id>/", views.detail, name="detail"),
    path("me/profile/", views.edit_profile, name="edit_profile"),
    path("me/skills/", views.edit_skills, name="edit_skills"),
    path("me/goals/", views.goals, name="goals"),
    path("skills/", views.skills, name="skills"),
    path("skills/<slug:slug>/", views.skill_detail, name="skill_detail"),
    path("teams/", views.teams, name="teams"),
    path("teams/<slug:slug>/", views.team_detail, name="team_detail"),
    path("my-team/", views.my_team, name="my_team"),
    path("organisation/import/", import_views.import_page, name="import"),
]
