"""Calling the REST API in tests as a person would: with a personal access token over HTTP."""

from __future__ import annotations

import json
from typing import Any

from django.test import Client

from peerlearn.accounts.services import token_create
from peerlearn.people.models import Person

API = "/api/v1"


def bearer(person: Person) -> dict[str, Any]:
    """Headers carrying a fresh personal access token of this person."""
    issued = token_create(user=person.user, name="tests")
    return {"HTTP_AUTHORIZATION": f"Bearer {issued.secret}"}


class ApiClient:
    """A Django test client speaking JSON, as one person (or nobody) with a bearer token."""

    def __init__(self, person: Person | None = None, client: Client | None = None) -> None:
        self.client = client or Client()
        self.headers = bearer(person) if person is not None else {}

    def request(self, method: str, path: str, body: Any = None, **extra: Any) -> Any:
        kwargs: dict[str, Any] = {**self.headers, **extra}
        if body is not None or method in {"POST", "PUT", "PATCH"}:
            kwargs["data"] = json.dumps(body) if body is not None else ""
            kwargs["content_type"] = "application/json"
        url = path if path.startswith("/") and path.startswith(API) else f"{API}{path}"
        return getattr(self.client, method.lower())(url, **kwargs)

    def get(self, path: str, **extra: Any) -> Any:
        return self.request("GET", path, **extra)

    def post(self, path: str, body: Any = None, **extra: Any) -> Any:
        return self.request("POST", path, body, **extra)

    def put(self, path: str, body: Any = None, **extra: Any) -> Any:
        return self.request("PUT", path, body, **extra)

    def patch(self, path: str, body: Any = None, **extra: Any) -> Any:
        return self.request("PATCH", path, body, **extra)

    def delete(self, path: str, **extra: Any) -> Any:
        return self.request("DELETE", path, **extra)


def assert_problem(response: Any, status: int) -> dict[str, Any]:
    """The response is an RFC 9457 problem body with this status; returns the body."""
    assert response.status_code == status, (response.status_code, response.content[:500])
    assert response["Content-Type"] == "application/problem+json", response["Content-Type"]
    body: dict[str, Any] = json.loads(response.content)
    assert body["status"] == status
    assert body["title"]
    return body


def error_fields(response: Any) -> set[str]:
    return {error["field"] for error in json.loads(response.content).get("errors", [])}
