"""One way to page through lists in HTML views, keeping the filters in the URL."""

from __future__ import annotations

from typing import Any, TypeVar

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.db.models import Model, QuerySet
from django.http import HttpRequest

M = TypeVar("M", bound=Model)


def paginate(
    request: HttpRequest,
    items: QuerySet[M] | list[Any],
    per_page: int | None = None,
    *,
    page_param: str = "page",
) -> Page[Any]:
    """The requested page; a page number out of range or not a number gives the nearest page.

    `page_param` lets two lists on one page be paged separately (give _pagination.html the
    same name as `page_param`)."""
    paginator = Paginator(items, per_page or settings.PEERLEARN_PAGE_SIZE)
    return paginator.get_page(request.GET.get(page_param))


def query_without_page(request: HttpRequest, page_param: str = "page") -> str:
    """The current query string minus the page number, to build page links that keep filters."""
    params = request.GET.copy()
    params.pop(page_param, None)
    return params.urlencode()
