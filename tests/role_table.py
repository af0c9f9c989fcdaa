"""Role tables: every route × every role, with the answer expected (DESIGN.md, "A role table per
endpoint"). Each app's table module builds a `PageTable` (web pages, keyed by route name) and/or
an `ApiTable` (operations, keyed by method and path) from the pieces here and parametrises one
test with `table.cases()`. tests/test_route_coverage.py collects every table and fails on any
route or API operation that has no row.

The roles, the same in every table:
- anonymous: nobody signed in; left: someone deactivated, holding a session or a token from
  before they left; owner: the person whose things are at stake; peer: the other person in a
  pair (mentor, buddy, host, reviewer) or a teammate; outsider: another team, nothing to do
  with it; manager: the owner's (and peer's) manager; admin: a programme admin.

The answers, the same in every table:
- pages: anonymous visitors and people who left are sent to sign in (302 to the login page);
  what a role may not see or do answers 404;
- API: 401 without valid credentials (people who left included), 404 for what the caller may not
  see, 403 for what they see but may not change; every error is a problem+json body;
- a 404 for someone else's private object is byte for byte the 404 of an object that does not
  exist (no existence leak): every 404 row is asked again with made-up ids and compared.
"""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import pytest
from django.test import Client
from django.urls import resolve

from conftest import Org
from peerlearn.people.services import person_deactivate
from peerlearn.people.tests.api_helpers import API, bearer
from peerlearn.people.tests.factories import make_person

if TYPE_CHECKING:
    from django.test.client import _MonkeyPatchedWSGIResponse as TestResponse

ROLES = ("anonymous", "left", "owner", "peer", "outsider", "manager", "admin")
SIGNED_OUT = ("anonymous", "left")
SIGNED_IN = ROLES[2:]

Statuses = Mapping[str, int] | tuple[int, ...]


# --- expected answers ---------------------------------------------------------------------------


def pages(default: int = 404, **allowed: int) -> dict[str, int]:
    """Signed out → sign in (302); the roles named answer their status, everyone else `default`."""
    unknown = set(allowed) - set(SIGNED_IN)
    assert not unknown, f"not roles: {unknown}"
    return {**dict.fromkeys(SIGNED_OUT, 302), **{r: allowed.get(r, default) for r in SIGNED_IN}}


def api(default: int = 404, **allowed: int) -> dict[str, int]:
    """Signed out → 401; the roles named answer their status, everyone else `default`."""
    unknown = set(allowed) - set(SIGNED_IN)
    assert not unknown, f"not roles: {unknown}"
    return {**dict.fromkeys(SIGNED_OUT, 401), **{r: allowed.get(r, default) for r in SIGNED_IN}}


def everyone(status: int = 200) -> dict[str, int]:
    """A page every signed-in person may use."""
    return pages(default=status)


def as_mapping(statuses: Statuses) -> dict[str, int]:
    """A row's statuses by role; a tuple lists them in ROLES order."""
    if isinstance(statuses, tuple):
        assert len(statuses) == len(ROLES), statuses
        return dict(zip(ROLES, statuses, strict=True))
    assert set(statuses) == set(ROLES), set(ROLES) ^ set(statuses)
    return dict(statuses)


# --- the objects a row names ---------------------------------------------------------------------

BuildFunction = Callable[[Org], dict[str, str]]


@dataclass(frozen=True)
class Builder:
    """Makes, through the app's services, the objects a table's rows name by these keys."""

    provides: frozenset[str]
    build: BuildFunction


def provides(*keys: str) -> Callable[[BuildFunction], Builder]:
    def wrap(build: BuildFunction) -> Builder:
        return Builder(provides=frozenset(keys), build=build)

    return wrap


class Objects(Mapping[str, str]):
    """The ids a row's path and body name, each made on first use: a row pays only for what it
    names. The roles' own ids (`owner_id`, `peer_id`, ...) are always there."""

    def __init__(self, org: Org, builders: Sequence[Builder]) -> None:
        self.org = org
        self.builders = builders
        self.made: dict[str, str] = {f"{r}_id": str(getattr(org, r).id) for r in SIGNED_IN}

    def __getitem__(self, key: str) -> str:
        if key not in self.made:
            builder = next((b for b in self.builders if key in b.provides), None)
            if builder is None:
                raise KeyError(key)
            made = builder.build(self.org)
            assert set(made) == builder.provides, set(made) ^ builder.provides
            self.made.update(made)
        return self.made[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self.made)

    def __len__(self) -> int:
        return len(self.made)

    def fill(self, value: Any) -> Any:
        """A path, form or JSON body with its {placeholders} replaced by ids."""
        if isinstance(value, str):
            return value.format_map(self) if "{" in value else value
        if isinstance(value, dict):
            return {self.fill(key): self.fill(item) for key, item in value.items()}
        if isinstance(value, list):
            return [self.fill(item) for item in value]
        return value


def check_builders(builders: Sequence[Builder]) -> tuple[Builder, ...]:
    keys = [key for builder in builders for key in builder.provides]
    twice = {key for key in keys if keys.count(key) > 1}
    assert not twice, f"made by two builders: {twice}"
    return tuple(builders)


# --- who is asking ------------------------------------------------------------------------------


def sign_in(client: Client, org: Org, role: str) -> Client:
    """A browser session for the role; a person who left signed in before they were deactivated."""
    if role == "anonymous":
        return client
    if role == "left":
        person = make_person("Lou Leaver")
        client.force_login(person.user)
        person_deactivate(person=person)
        return client
    client.force_login(getattr(org, role).user)
    return client


def credentials(org: Org, role: str) -> dict[str, Any]:
    """Bearer headers for the role; a person who left made their token before they left."""
    if role == "anonymous":
        return {}
    if role == "left":
        person = make_person("Lou Leaver")
        headers = bearer(person)
        person_deactivate(person=person)
        return headers
    return bearer(getattr(org, role))


# --- no existence leak ---------------------------------------------------------------------------

UUID_PATTERN = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
# A masked CSRF token differs on every render; nothing else on a 404 page may.
CSRF_TOKEN = re.compile(rb"\b[A-Za-z0-9]{64}\b")


def with_made_up_ids(path: str) -> str | None:
    """The same address naming objects that do not exist, or None if it names none."""
    if not UUID_PATTERN.search(path):
        return None
    return UUID_PATTERN.sub(lambda _: str(uuid.uuid4()), path)


def comparable(response: TestResponse) -> bytes:
    return CSRF_TOKEN.sub(b"<token>", response.content)


def assert_same_as_missing(denied: TestResponse, missing: TestResponse | None) -> None:
    if missing is None:
        return
    assert missing.status_code == 404, missing.status_code
    assert comparable(denied) == comparable(missing), "a denial differs from a missing object"


# --- web pages ------------------------------------------------------------------------------------

LOGIN = "/login/"


@dataclass(frozen=True)
class PageRow:
    """One route: how to call it and what each role gets. `path` and `data` name objects by
    {key}; `signed_out_to` is where a 302 for the signed-out roles must point."""

    method: str
    path: str
    expected: Statuses
    data: Mapping[str, str] = field(default_factory=dict)
    signed_out_to: str = LOGIN


@dataclass(frozen=True)
class PageTable:
    rows: Mapping[str, PageRow]
    builders: Sequence[Builder] = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "builders", check_builders(self.builders))
        for row in self.rows.values():
            as_mapping(row.expected)

    def routes(self) -> set[str]:
        return set(self.rows)

    def expected(self, route: str) -> dict[str, int]:
        return as_mapping(self.rows[route].expected)

    def cases(self) -> list[Any]:
        return [
            pytest.param(route, role, id=f"{route}-{role}") for route in sorted(self.rows)
            for role in ROLES
        ]  # fmt: skip

    def check(self, client: Client, org: Org, route: str, role: str) -> TestResponse:
        row = self.rows[route]
        objects = Objects(org, self.builders)
        path = objects.fill(row.path)
        data = objects.fill(dict(row.data))
        assert resolve(urlsplit(path).path).view_name == route, (route, path)
        sign_in(client, org, role)
        call: Callable[..., TestResponse] = getattr(client, row.method)

        response = call(path, data)

        expected = self.expected(route)[role]
        assert response.status_code == expected, (
            route, role, response.status_code, response.content[:300],
        )  # fmt: skip
        if role in SIGNED_OUT and expected == 302:
            assert response["Location"].startswith(row.signed_out_to), response["Location"]
        if expected == 404:
            missing = with_made_up_ids(path)
            assert_same_as_missing(response, call(missing, data) if missing else None)
        return response


# --- the API --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ApiRow:
    """One operation: the JSON body to send (None: no body) and what each role gets. The path
    in the table's key names objects by {key}; `query` is appended as is."""

    body: Any
    expected: Statuses
    query: str = ""


PLACEHOLDER = re.compile(r"\{[^}]*\}")


def operation_shape(method: str, path: str) -> tuple[str, str]:
    """An operation with its parameters unnamed, so `/people/{left_id}` is `/people/{person_id}`."""
    return method.upper(), PLACEHOLDER.sub("{}", path)


@dataclass(frozen=True)
class ApiTable:
    rows: Mapping[tuple[str, str], ApiRow]
    builders: Sequence[Builder] = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "builders", check_builders(self.builders))
        shapes = [operation_shape(*key) for key in self.rows]
        assert len(shapes) == len(set(shapes)), "two rows for one operation"
        for row in self.rows.values():
            as_mapping(row.expected)

    def operations(self) -> set[tuple[str, str]]:
        return {operation_shape(*key) for key in self.rows}

    def expected(self, key: tuple[str, str]) -> dict[str, int]:
        return as_mapping(self.rows[key].expected)

    def cases(self) -> list[Any]:
        return [
            pytest.param(key, role, id=f"{key[0]} {key[1]}-{role}") for key in self.rows
            for role in ROLES
        ]  # fmt: skip

    def check(self, org: Org, key: tuple[str, str], role: str) -> TestResponse:
        method, template = key
        row = self.rows[key]
        objects = Objects(org, self.builders)
        path = API + objects.fill(template)
        body = objects.fill(row.body)
        headers = credentials(org, role)

        def call(address: str) -> TestResponse:
            return Client().generic(
                method,
                address + row.query,
                json.dumps(body) if body is not None else "",
                content_type="application/json",
                **headers,
            )

        response = call(path)

        expected = self.expected(key)[role]
        assert response.status_code == expected, (
            key, role, response.status_code, response.content[:300],
        )  # fmt: skip
        if expected >= 400:
            assert response["Content-Type"] == "application/problem+json"
        if expected == 404:
            missing = with_made_up_ids(path)
            assert_same_as_missing(response, call(missing) if missing else None)
        return response
