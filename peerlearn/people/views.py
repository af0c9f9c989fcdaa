# Placeholder views: being written now (see the UI work); each answers 404 until then.
from django.http import Http404, HttpRequest, HttpResponse


def _todo(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404


directory = detail = edit_profile = edit_skills = goals = skills = skill_detail = _todo
teams = team_detail = my_team = _todo
