from django.urls import path

from peerlearn.shadowing import views

app_name = "shadowing"

urlpatterns = [
    path("shadowing/", views.mine, name="mine"),
    path("shadowing/new/", views.new, name="new"),
    path("shadowing/hosting/", views.host_settings, name="host_settings"),
    path("shadowing/programme/", views.programme, name="programme"),
    path("shadowing/<uuid:request_id>/", views.detail, name="detail"),
    path("shadowing/<uuid:request_id>/accept/", views.accept, name="accept"),
    path("shadowing/<uuid:request_id>/decline/", views.decline, name="decline"),
    path("shadowing/<uuid:request_id>/change/", views.change, name="change"),
    path("shadowing/<uuid:request_id>/plan/", views.plan_add, name="plan_add"),
    path("shadowing/<uuid:request_id>/plan/<uuid:item_id>/", views.plan_toggle, name="plan_toggle"),
    path("shadowing/<uuid:request_id>/debrief/", views.debrief, name="debrief"),
    path("shadowing/<uuid:request_id>/invite.ics", views.invite, name="invite"),
]
