from django.urls import path

from peerlearn.activities import views

app_name = "activities"

urlpatterns = [
    path("learning/", views.mine, name="mine"),
    path("learning/<uuid:activity_id>/", views.detail, name="detail"),
]
