# Placeholder views: being written now (see the UI work); each answers 404 until then.
from django.http import Http404, HttpRequest, HttpResponse


def _todo(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404


mine = detail = _todo
