from django.urls import path

from peerlearn.qa import views

app_name = "qa"

urlpatterns = [
    path("questions/", views.question_list_view, name="list"),
    path("questions/ask/", views.ask, name="ask"),
    path("questions/<uuid:question_id>/", views.question_detail, name="detail"),
    path("questions/<uuid:question_id>/answers/", views.answer_create, name="answer"),
    path("questions/<uuid:question_id>/invite/", views.invite, name="invite"),
    path("questions/<uuid:question_id>/vote/", views.question_vote, name="vote"),
    path("questions/<uuid:question_id>/convert/", views.convert, name="convert"),
    path("answers/<uuid:answer_id>/vote/", views.answer_vote, name="answer_vote"),
    path("answers/<uuid:answer_id>/accept/", views.accept, name="accept"),
]
