"""The API describes itself: the OpenAPI document and interactive docs, served locally."""

from __future__ import annotations

import json
import re

import pytest
from django.test import Client

from conftest import Org
from peerlearn.people.tests.api_helpers import API
from peerlearn.people.tests.factories import login

pytestmark = pytest.mark.django_db


def test_openapi_document_lists_every_endpoint_with_tags_and_auth() -> None:
    response = Client().get(f"{API}/openapi.json")

    assert response.status_code == 200
    schema = json.loads(response.content)
    assert schema["openapi"].startswith("3.")
    paths = schema["paths"]
    for path in (
        "/api/v1/people",
        "/api/v1/people/{person_id}/skills/{skill}",
        "/api/v1/people/{person_id}/goals",
        "/api/v1/skills/{skill}/teachers",
        "/api/v1/teams/{team}/members",
        "/api/v1/tokens/{token_id}",
        "/api/v1/activities",
    ):
        assert path in paths, path
    operations = [op for item in paths.values() for op in item.values()]
    assert all(op.get("tags") for op in operations)
    assert {"TokenAuth", "BrowserSessionAuth"} <= set(schema["components"]["securitySchemes"])
    assert schema["components"]["schemas"]["Problem"]["properties"]["errors"]
    not_found = paths["/api/v1/people/{person_id}"]["get"]["responses"]["404"]
    assert list(not_found["content"]) == ["application/problem+json"]


def test_list_endpoints_document_pagination() -> None:
    schema = json.loads(Client().get(f"{API}/openapi.json").content)

    parameters = {p["name"] for p in schema["paths"]["/api/v1/people"]["get"]["parameters"]}

    assert {"page", "page_size", "q", "team", "skill", "can_teach"} <= parameters


def test_interactive_docs_load_their_assets_from_this_server(org: Org) -> None:
    browser = login(Client(), org.owner)

    page = browser.get(f"{API}/docs").content.decode()
    assets = re.findall(r'(?:src|href)="([^"]+)"', page)

    assert assets
    assert all(asset.startswith("/static/") for asset in assets), assets
    assert "/api/v1/openapi.json" in page
    for asset in assets:
        assert browser.get(asset).status_code == 200, asset


def test_the_openapi_document_has_no_duplicate_keys() -> None:
    """Swagger UI refuses a document with a key twice in one object (a 200 beside a "200")."""
    duplicates: list[list[str]] = []

    def keep_pairs(pairs: list[tuple[str, object]]) -> dict[str, object]:
        keys = [key for key, _ in pairs]
        if len(keys) != len(set(keys)):
            duplicates.append(keys)
        return dict(pairs)

    response = Client().get(f"{API}/openapi.json")
    json.loads(response.content, object_pairs_hook=keep_pairs)

    assert duplicates == []


def test_calendar_operations_are_documented_as_icalendar_files() -> None:
    schema = json.loads(Client().get(f"{API}/openapi.json").content)

    for path in (
        "/api/v1/check-ins/{check_in_id}/invite.ics",
        "/api/v1/shadowing/{request_id}/invite.ics",
    ):
        ok = schema["paths"][path]["get"]["responses"]["200"]
        assert list(ok["content"]) == ["text/calendar"], path


def test_the_openapi_document_is_built_once_per_process() -> None:
    """Building it walks every operation (about half a second); the routes never change."""
    from config.api import api

    first = Client().get(f"{API}/openapi.json")
    second = Client().get(f"{API}/openapi.json")

    assert first.content == second.content
    assert api.get_openapi_schema() is api.get_openapi_schema()
