"""Every hub list is paginated and costs the same number of queries for 3 rows or 30."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client

from conftest import Org
from peerlearn.knowledge.models import Space
from peerlearn.knowledge.services import page_owner_add, page_update, space_member_set
from peerlearn.knowledge.tests.factories import make_page, make_space, make_stale
from peerlearn.people.tests.factories import make_person


def _fill(space: Space, org: Org, count: int) -> None:
    for n in range(count):
        page = make_page(space, org.owner, f"Page {n:02d}", reviewer=org.peer, skills=[org.python])
        page_owner_add(page=page, person=org.manager, added_by=org.owner)
        make_stale(page)


def _queries_for(
    client: Client, url: str, django_assert_max_num_queries: Callable[..., object]
) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


@pytest.mark.parametrize(
    "url",
    [
        "/hub/",
        "/hub/spaces/{space}/",
        "/hub/spaces/{space}/?freshness=needs_review",
        "/hub/health/?view=stale",
        "/hub/spaces/{space}/members/",
        "/search/?q=page",
    ],
)
def test_hub_lists_cost_the_same_for_3_and_30_pages(
    client: Client,
    org: Org,
    url: str,
    django_assert_max_num_queries: Callable[..., object],
) -> None:
    space = make_space(org.manager, "Engineering")
    client.force_login(org.manager.user)
    _fill(space, org, 3)
    for n in range(3):
        space_member_set(space=space, person=make_person(f"Member {n}"), role="member")  # type: ignore[arg-type]
    few = _queries_for(client, url.format(space=space.id), django_assert_max_num_queries)

    _fill(space, org, 27)
    for n in range(27):
        space_member_set(space=space, person=make_person(f"More {n}"), role="member")  # type: ignore[arg-type]
    many = _queries_for(client, url.format(space=space.id), django_assert_max_num_queries)

    assert many == few


def test_history_costs_the_same_for_3_and_30_versions(client: Client, org: Org) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    space = make_space(org.manager, "Engineering")
    page = make_page(space, org.owner, "Often edited", body="v1", reviewer=org.peer)
    client.force_login(org.owner.user)

    def edit(times: int) -> None:
        for n in range(times):
            page_update(
                page=page, editor=org.owner, title=page.title, kind=page.kind, summary="",
                body=f"v{page.version_number + n + 1}", steps=[], skills=[],
                review_interval_days=90,
            )  # fmt: skip

    edit(2)
    with CaptureQueriesContext(connection) as few:
        client.get(f"/hub/pages/{page.id}/history/")
    edit(27)
    with CaptureQueriesContext(connection) as many:
        client.get(f"/hub/pages/{page.id}/history/")

    assert len(many) == len(few)
