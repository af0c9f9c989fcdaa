"""No input a user can send to a web page produces a 500.

Every page route in the URL configuration (the API has its own battery generated from the
OpenAPI document) gets hostile query strings and form bodies, as an employee and as a
programme admin. Routes with path parameters are tried with ids that exist nowhere.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import RoutePattern

from conftest import Org

pytestmark = pytest.mark.django_db

# Each value has broken a Django app somewhere: NUL bytes (PostgreSQL refuses them), numbers
# past int64 (SQLite overflows), infinities, impossible dates, text far over column limits.
HOSTILE_VALUES = [
    "a\x00b",
    "-1",
    "99999999999999999999999999",
    "1e309",
    "😀<script>alert(1)</script>' OR 1=1 --",
    "x" * 5000,
    "not-a-uuid",
    "2026-02-30",
]
# Names a form or filter on some page reads; unknown names are harmless but cheap to add.
FIELD_NAMES = [
    "q",
    "page",
    "page_size",
    "team",
    "skill",
    "level",
    "job_family",
    "format",
    "status",
    "space",
    "type",
    "owner",
    "freshness",
    "sort",
    "teaches",
    "departed",
    "person",
    "next",
    "title",
    "body",
    "name",
    "email",
    "full_name",
    "job_title",
    "time_zone",
    "languages",
    "monthly_capacity",
    "capacity",
    "hire_date",
    "bio",
    "can_teach",
    "wants_to_learn",
    "confidence",
    "target_level",
    "target_date",
    "starts_at",
    "ends_at",
    "message",
    "note",
    "rating",
    "mood",
    "agenda",
    "review_interval_days",
    "kind",
    "expires_in_days",
    "teach_page",
    "learn_page",
    "subteams",
]


def page_routes() -> Iterator[tuple[str, str]]:
    """(route name, a path for it with made-up parameters) for every non-API page."""

    def walk(
        patterns: list[URLPattern | URLResolver], prefix: str, namespace: str
    ) -> Iterator[tuple[str, str]]:
        for pattern in patterns:
            route = str(pattern.pattern)
            if isinstance(pattern, URLResolver):
                if route.startswith("api/"):
                    continue
                inner_ns = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
                yield from walk(pattern.url_patterns, prefix + route, inner_ns)
            elif isinstance(pattern.pattern, RoutePattern) and pattern.name:
                yield f"{namespace}{pattern.name}", "/" + made_up_path(prefix + route)

    yield from walk(get_resolver().url_patterns, "", "")


def made_up_path(route: str) -> str:
    converters = {
        "uuid": str(uuid.uuid4()),
        "slug": "no-such-thing",
        "int": "987654321",
        "str": "nothing-here",
        "path": "nothing/here",
    }
    out = route
    while "<" in out:
        start, end = out.index("<"), out.index(">")
        kind = out[start + 1 : end].split(":")[0] if ":" in out[start:end] else "str"
        out = out[:start] + converters.get(kind, "x") + out[end + 1 :]
    return out


ROUTES = sorted(set(page_routes()))


def hostile_query() -> list[dict[str, str]]:
    return [dict.fromkeys(FIELD_NAMES, value) for value in HOSTILE_VALUES]


@pytest.mark.parametrize(("name", "path"), ROUTES, ids=[name for name, _ in ROUTES])
def test_hostile_input_never_breaks_a_page(client: Client, org: Org, name: str, path: str) -> None:
    for who in (org.owner, org.admin):
        for params in hostile_query():
            for method in ("get", "post"):
                # given a signed-in employee or admin (again: logout and password pages end
                # the session, which is their job)
                client.force_login(who.user)
                # when every field a page might read carries a hostile value
                response = getattr(client, method)(path, params)
                # then the answer is never a server error
                assert response.status_code < 500, (who, method, path, params["q"][:20])


def test_the_walk_found_the_pages() -> None:
    names = {name for name, _ in ROUTES}
    assert {"core:home", "people:directory", "accounts:tokens"} <= names
