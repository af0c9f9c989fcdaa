"""Nothing a client sends makes the API fail: a battery of malformed requests, generated from
the OpenAPI document, at every operation, as an admin, an employee and anonymously.

Every answer must be below 500, and every refusal an application/problem+json body whose
`status` matches. Operations added later are covered automatically; a path parameter this
file does not know gets only the generic malformed values (and a random UUID).
"""

from __future__ import annotations

import itertools
import json
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

import pytest
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from config.api import api
from conftest import Org
from peerlearn.accounts.services import token_create
from peerlearn.activities.models import ActivityFormat, ParticipantRole
from peerlearn.activities.services import Participant, activity_record
from peerlearn.people.services import endorsement_create, goal_create, person_skill_set
from peerlearn.people.tests.api_helpers import API, bearer

pytestmark = pytest.mark.django_db


def _load_schema() -> tuple[dict[str, Any], str]:
    """The OpenAPI document, or why it could not be built (a test below reports that)."""
    try:
        return dict(api.get_openapi_schema()), ""
    except Exception as exc:  # any failure here is what the test reports
        return {"paths": {}, "components": {"schemas": {}}}, repr(exc)


SCHEMA, SCHEMA_ERROR = _load_schema()
METHODS = ("get", "post", "put", "patch", "delete")
ALL_METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "HEAD", "TRACE")

BAD_PATH_VALUES = [
    "not-a-uuid",
    "00000000-0000-0000-0000-000000000000",
    "%00",
    "%ff%fe",
    quote("ü💥\u202e"),
    "x" * 2000,
    "%2e%2e",
    "%20",
    "-1",
]
BAD_QUERY_VALUES = [
    "",
    "x",
    "-1",
    "0",
    "99999999999999999999999",
    "1e400",
    "NaN",
    "true",
    "null",
    "%00",
    quote("ü💥\u202e\ud7ff"),
    "%ff",
    "x" * 5000,
    "2024-01-01T00:00:00",
    "[]",
]
BAD_JSON_VALUES: list[Any] = [
    None,
    0,
    -1,
    10**40,
    1.5,
    "",
    "x" * 20_000,
    [],
    {},
    True,
    "ü💥\u202e\u0301",
    {"$gt": ""},
    "2030-13-45",
    "%",
]
RAW_BODIES: list[bytes] = [
    b"{",
    b"[]",
    b"null",
    b'"text"',
    b"1",
    b"{}",
    b'{"a":',
    b"\xff\xfe\x00",
    b'{"name": "\\ud800", "title": "\\udfff", "note": "\\ud800"}',
    b'{"name": "\\u0000", "title": "a\\u0000b"}',
    b"[" * 50_000,
    b'{"a": 1, "a": 2}',
    b"NaN",
    b"{" + b'"k": 1,' * 10_000 + b'"k": 2}',
]
WRONG_CONTENT_TYPES = [
    ("application/x-www-form-urlencoded", b"name=x&level=1"),
    ("text/plain", b'{"name": "x"}'),
    ("multipart/form-data; boundary=xyz", b"--xyz\r\nContent-Disposition: form-data\r\n\r\n"),
    ("application/xml", b"<name>x</name>"),
]


@dataclass(frozen=True)
class Operation:
    method: str
    path: str  # as in the OpenAPI document, with {placeholders}
    spec: dict[str, Any]

    def __str__(self) -> str:
        return f"{self.method.upper()} {self.path}"

    def parameters(self, where: str) -> list[dict[str, Any]]:
        return [p for p in self.spec.get("parameters", []) if p["in"] == where]

    @property
    def body_schema(self) -> dict[str, Any] | None:
        content = self.spec.get("requestBody", {}).get("content", {})
        schema = content.get("application/json", {}).get("schema")
        return resolve(schema) if schema else None


def resolve(schema: dict[str, Any]) -> dict[str, Any]:
    """Follow $ref and drop the `null` branch of optional values."""
    if "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        return resolve(SCHEMA["components"]["schemas"][name])
    if "anyOf" in schema:
        branches = [b for b in schema["anyOf"] if b.get("type") != "null"]
        if len(branches) == 1:
            return resolve(branches[0])
    return schema


def operations() -> list[Operation]:
    return [
        Operation(method, path, spec)
        for path, item in SCHEMA["paths"].items()
        for method, spec in item.items()
        if method in METHODS
    ]


# --- a world whose real ids fill the path parameters -----------------------------------------


@pytest.fixture
def real_ids(org: Org) -> dict[str, str]:
    edge = person_skill_set(person=org.owner, skill=org.python, level=3, can_teach=True)
    endorsement_create(endorser=org.peer, person_skill=edge)
    goal = goal_create(person=org.owner, title="Learn SQL", skill=org.sql)
    activity = activity_record(
        format=ActivityFormat.MENTORING,
        action="checkin.held",
        title="Check-in",
        participants=[Participant(person=org.owner, role=ParticipantRole.MENTEE)],
    )
    token = token_create(user=org.owner.user, name="script").token
    return {
        "person_id": str(org.owner.id),
        "skill": "python",
        "goal_id": str(goal.id),
        "team": "platform",
        "token_id": str(token.id),
        "activity_id": str(activity.id),
    }


def fill(path: str, values: dict[str, str]) -> str:
    for name in _placeholders(path):
        path = path.replace("{" + name + "}", values.get(name, str(uuid.uuid4())))
    return path


def _placeholders(path: str) -> list[str]:
    return [part[1:-1] for part in path.split("/") if part.startswith("{")]


_counter = itertools.count()


def plausible_body(schema: dict[str, Any], org: Org) -> dict[str, Any]:
    """A body most services would accept, so one broken field reaches the deepest checks."""
    body: dict[str, Any] = {}
    for name, raw in schema.get("properties", {}).items():
        prop = resolve(raw)
        kind = prop.get("type")
        n = next(_counter)
        special: dict[tuple[str, str | None], Any] = {
            ("email", "string"): f"fuzz{n}@example.com",
            ("name", "string"): f"Fuzz {n}",
            ("title", "string"): f"Fuzz {n}",
            ("level", "string"): "L3",
            ("level", "integer"): 3,
            ("team", "string"): "platform",
            ("job_family", "string"): "software-engineering",
            ("skill", "string"): "sql",
            ("parent", "string"): "data",
            ("manager", "string"): str(org.manager.id),
            ("time_zone", "string"): "Europe/Berlin",
        }
        if (name, kind) in special:
            body[name] = special[(name, kind)]
        elif "enum" in prop:
            body[name] = prop["enum"][0]
        elif kind == "string":
            body[name] = {"date": "2030-01-31", "uuid": str(uuid.uuid4())}.get(
                prop.get("format", ""), "Plausible text"
            )
        elif kind == "integer":
            body[name] = prop.get("minimum", 1)
        elif kind == "boolean":
            body[name] = False
        elif kind == "array":
            body[name] = []
    return body


def malformed_requests(
    op: Operation, ids: dict[str, str], org: Org, *, every_field: bool = True
) -> Iterator[dict[str, Any]]:
    """Keyword arguments for Client.generic, one malformed request each; `every_field` also
    sends each wrong value in each body field (the bulk of the battery)."""
    method = op.method.upper()
    path = f"{fill(op.path, ids)}"
    schema = op.body_schema
    body = json.dumps(plausible_body(schema, org)).encode() if schema else b""
    json_kwargs = {"content_type": "application/json"}

    yield {"method": method, "path": path, "data": body, **json_kwargs}  # the plausible one
    for name in _placeholders(op.path):
        for bad in BAD_PATH_VALUES:
            bad_path = fill(op.path, {**ids, name: bad})
            yield {"method": method, "path": bad_path, "data": body, **json_kwargs}
    for parameter in op.parameters("query"):
        for bad in BAD_QUERY_VALUES:
            query = f"{parameter['name']}={bad}"
            yield {"method": method, "path": f"{path}?{query}", "data": body, **json_kwargs}
        repeated = f"{parameter['name']}=1&{parameter['name']}=x"
        yield {"method": method, "path": f"{path}?{repeated}", "data": body, **json_kwargs}
    if schema is None:
        return
    plausible = json.loads(body)
    for name in schema.get("properties", {}) if every_field else ():
        for bad in BAD_JSON_VALUES:
            mutated = json.dumps({**plausible, name: bad}).encode()
            yield {"method": method, "path": path, "data": mutated, **json_kwargs}
        missing = json.dumps({k: v for k, v in plausible.items() if k != name}).encode()
        yield {"method": method, "path": path, "data": missing, **json_kwargs}
    for raw in RAW_BODIES:
        yield {"method": method, "path": path, "data": raw, **json_kwargs}
    for content_type, raw in WRONG_CONTENT_TYPES:
        yield {"method": method, "path": path, "data": raw, "content_type": content_type}
    yield {"method": method, "path": path, "data": body}  # no content type at all
    if every_field:
        yield {"method": method, "path": path, "data": b"x" * 3_000_000, **json_kwargs}


def assert_handled(response: Any, request: dict[str, Any]) -> None:
    where = f"{request['method']} {request['path'][:200]} {bytes(request.get('data', b''))[:200]!r}"
    assert response.status_code < 500, where
    if response.status_code >= 400 and request["method"] != "HEAD":
        assert response["Content-Type"] == "application/problem+json", where
        problem = json.loads(response.content)
        assert problem["status"] == response.status_code, where
        assert problem["title"], where


def send(client: Client, headers: dict[str, Any], request: dict[str, Any]) -> Any:
    kwargs = dict(request)
    return client.generic(
        kwargs.pop("method"), kwargs.pop("path"), kwargs.pop("data", b""), **kwargs, **headers
    )


@pytest.mark.parametrize("op", operations(), ids=str)
def test_malformed_requests_never_fail_the_server(
    org: Org, real_ids: dict[str, str], op: Operation
) -> None:
    # The employee goes first: the admin's requests may deactivate the people involved. The
    # admin, who passes most permission checks, sends every wrong value to every field.
    callers = [(bearer(org.owner), False), (bearer(org.admin), True)]
    client = Client(raise_request_exception=False)
    sent = 0
    for headers, every_field in callers:
        for request in malformed_requests(op, real_ids, org, every_field=every_field):
            assert_handled(send(client, headers, request), request)
            sent += 1
    assert sent >= len(callers)


@pytest.mark.parametrize("op", operations(), ids=str)
def test_anonymous_requests_are_401_problems(
    org: Org, real_ids: dict[str, str], op: Operation
) -> None:
    request = next(malformed_requests(op, real_ids, org))

    response = send(Client(), {}, request)

    assert response.status_code == 401
    assert_handled(response, request)


def test_the_openapi_document_builds() -> None:
    """Without it the battery below has nothing to walk (and /openapi.json answers 500)."""
    assert SCHEMA_ERROR == ""
    assert SCHEMA["paths"]


def test_every_path_parameter_has_a_real_value(real_ids: dict[str, str]) -> None:
    """New endpoints of this file's routers name their parameters like the existing ones."""
    names = {
        name
        for op in operations()
        if op.spec["operationId"].startswith(
            ("peerlearn_people_api", "peerlearn_accounts_api", "peerlearn_activities_api")
        )
        for name in _placeholders(op.path)
    }

    assert names <= set(real_ids)


@pytest.mark.parametrize("path", list(SCHEMA["paths"]))
def test_methods_an_address_does_not_answer_are_405_problems(
    org: Org, real_ids: dict[str, str], path: str
) -> None:
    headers = bearer(org.admin)
    answered = {m.upper() for m in SCHEMA["paths"][path] if m in METHODS}

    for method in sorted(set(ALL_METHODS) - answered):
        request = {"method": method, "path": fill(path, real_ids)}
        response = send(Client(), headers, request)
        assert response.status_code == 405, (method, path)
        assert set(response["Allow"].replace(" ", "").split(",")) == answered
        assert_handled(response, request)


def test_unknown_api_addresses_are_404_problems(org: Org) -> None:
    headers = bearer(org.owner)
    for path in (f"{API}/nothing", f"{API}/people/", f"{API}/people/me/extra", f"{API}//"):
        request = {"method": "GET", "path": path}
        response = send(Client(), headers, request)
        assert response.status_code == 404, path
        assert_handled(response, request)


# --- property-based: arbitrary text and JSON where people type --------------------------------

JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4)
    ),
    max_leaves=10,
)
FUZZ_SETTINGS = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@FUZZ_SETTINGS
@given(query=st.text(max_size=300), skill=st.text(max_size=50), team=st.text(max_size=50))
def test_directory_search_handles_any_text(org: Org, query: str, skill: str, team: str) -> None:
    client = Client()
    headers = bearer(org.owner)
    params = {"q": query, "skill": skill, "team": team}
    request = {
        "method": "GET",
        "path": f"{API}/people?" + "&".join(f"{k}={quote(v, safe='')}" for k, v in params.items()),
    }

    assert_handled(send(client, headers, request), request)


@FUZZ_SETTINGS
@given(
    changes=st.dictionaries(
        st.sampled_from(
            [
                "full_name",
                "job_title",
                "team",
                "level",
                "languages",
                "time_zone",
                "monthly_capacity",
                "hire_date",
                "bio",
                "manager",
            ]
        ),
        JSON_VALUES,
        max_size=4,
    )
)
def test_profile_changes_handle_any_json(org: Org, changes: dict[str, Any]) -> None:
    headers = bearer(org.admin)
    request = {
        "method": "PATCH",
        "path": f"{API}/people/{org.owner.id}",
        "data": json.dumps(changes).encode(),
        "content_type": "application/json",
    }

    assert_handled(send(Client(), headers, request), request)
