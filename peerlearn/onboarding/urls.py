from django.urls import path

from peerlearn.onboarding import views

app_name = "onboarding"

urlpatterns = [
    path("onboarding/", views.mine, name="mine"),
    path("onboarding/start/", views.start, name="start"),
    path("onboarding/buddy-pool/", views.volunteer, name="volunteer"),
    path("onboarding/programme/", views.programme, name="programme"),
    path("onboarding/plans/", views.templates, name="templates"),
    path("onboarding/plans/<uuid:template_id>/", views.template_detail, name="template"),
    path(
        "onboarding/plans/<uuid:template_id>/items/<uuid:item_id>/remove/",
        views.template_item_remove,
        name="template_item_remove",
    ),
    path("onboarding/<uuid:onboarding_id>/", views.detail, name="detail"),
    path("onboarding/<uuid:onboarding_id>/buddy/", views.buddy, name="buddy"),
    path("onboarding/<uuid:onboarding_id>/items/new/", views.item_new, name="item_new"),
    path(
        "onboarding/<uuid:onboarding_id>/items/<uuid:item_id>/toggle/",
        views.item_toggle,
        name="item_toggle",
    ),
    path(
        "onboarding/<uuid:onboarding_id>/milestones/<uuid:milestone_id>/",
        views.milestone,
        name="milestone",
    ),
    path(
        "onboarding/<uuid:onboarding_id>/milestones/<uuid:milestone_id>/invite.ics",
        views.milestone_invite,
        name="milestone_invite",
    ),
]
