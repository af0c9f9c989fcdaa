"""Every route of the URL configuration and every operation of the API has a row in some role
table (DESIGN.md: "A test walks the URL configuration and fails on any route without a row").

The tables are found by importing every test module under peerlearn/ and collecting the
`PageTable`s and `ApiTable`s they define (tests/role_table.py); a new table needs no
registration. A route is covered once, by exactly one table, and no row may name a route that
does not exist.
"""

from __future__ import annotations

import importlib
import pkgutil
import re
from collections.abc import Iterator
from dataclasses import dataclass
from types import ModuleType
from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

import peerlearn
from conftest import Org
from peerlearn.people.tests.api_helpers import API
from tests.role_table import ApiTable, PageTable, operation_shape

HTTP_METHODS = {"get", "put", "post", "delete", "options", "head", "patch", "trace"}
API_NAMESPACE = "api"
# django-ninja's root only lets reverse() find the API's base path; it answers 404 to everyone
# (tested below), so it is no page and has no row.
NOT_PAGES = {f"{API_NAMESPACE}:api-root"}


@dataclass(frozen=True)
class Route:
    name: str  # "namespace:name"
    path: str  # "/mentoring/<uuid:mentorship_id>/"


def url_routes(
    patterns: list[Any] | None = None, prefix: str = "", namespace: str = ""
) -> Iterator[Route]:
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            inner = ":".join(part for part in (namespace, pattern.namespace or "") if part)
            yield from url_routes(pattern.url_patterns, prefix + str(pattern.pattern), inner)
        elif isinstance(pattern, URLPattern):
            name = f"{namespace}:{pattern.name}" if namespace else pattern.name or ""
            yield Route(name=name, path="/" + prefix + str(pattern.pattern))


def api_operations() -> set[tuple[str, str]]:
    """Every operation of the API, from its OpenAPI document, with parameters unnamed."""
    from config.api import api

    schema = api.get_openapi_schema()
    return {
        operation_shape(method, path.removeprefix(API))
        for path, item in schema["paths"].items()
        for method in item
        if method in HTTP_METHODS
    }


def route_shape(route: Route) -> str:
    return re.sub(r"<[^>]+>", "{}", route.path.removeprefix(API))


def page_routes() -> set[str]:
    """Every named route a browser can call: everything outside the API, and the API's own pages
    (its documents and docs), which are no operation."""
    operation_paths = {path for _, path in api_operations()}
    return {
        route.name
        for route in url_routes()
        if route.name not in NOT_PAGES
        and not (
            route.name.startswith(f"{API_NAMESPACE}:") and route_shape(route) in operation_paths
        )
    }


def table_modules() -> list[ModuleType]:
    modules = []
    for info in pkgutil.walk_packages(peerlearn.__path__, "peerlearn."):
        package, _, name = info.name.rpartition(".")
        if package.endswith(".tests") and name.startswith("test_"):
            modules.append(importlib.import_module(info.name))
    return modules


@dataclass(frozen=True)
class Tables:
    pages: dict[str, list[str]]  # route name -> the modules with a row for it
    operations: dict[tuple[str, str], list[str]]
    page_tables: list[PageTable]
    api_tables: list[ApiTable]


def collect() -> Tables:
    found = Tables(pages={}, operations={}, page_tables=[], api_tables=[])
    for module in table_modules():
        seen: set[int] = set()
        for value in vars(module).values():
            if id(value) in seen:
                continue
            seen.add(id(value))
            if isinstance(value, PageTable):
                found.page_tables.append(value)
                for name in value.routes():
                    found.pages.setdefault(name, []).append(module.__name__)
            elif isinstance(value, ApiTable):
                found.api_tables.append(value)
                for shape in value.operations():
                    found.operations.setdefault(shape, []).append(module.__name__)
    return found


def test_every_route_has_a_name() -> None:
    """A route without a name cannot have a row."""
    assert [route.path for route in url_routes() if not route.name] == []


def test_every_page_route_has_a_row() -> None:
    missing = page_routes() - set(collect().pages)

    assert sorted(missing) == []


def test_every_api_operation_has_a_row() -> None:
    missing = api_operations() - set(collect().operations)

    assert sorted(missing) == []


def test_every_row_names_a_route_that_exists() -> None:
    tables = collect()

    assert sorted(set(tables.pages) - page_routes()) == []
    assert sorted(set(tables.operations) - api_operations()) == []


def test_every_route_has_one_row_only() -> None:
    """Two rows for one route would be two answers to one question."""
    tables = collect()

    assert {name: mods for name, mods in tables.pages.items() if len(mods) > 1} == {}
    assert {op: mods for op, mods in tables.operations.items() if len(mods) > 1} == {}


def test_every_row_lets_someone_through() -> None:
    """A row nobody may use cannot tell a denial from an address that is simply wrong."""
    tables = collect()
    rows = [
        (name, table.expected(name)) for table in tables.page_tables for name in table.routes()
    ] + [(key, table.expected(key)) for table in tables.api_tables for key in table.rows]

    assert [name for name, expected in rows if min(expected.values()) >= 400] == []


@pytest.mark.django_db
def test_the_api_root_is_no_page(client: Client, org: Org) -> None:
    client.force_login(org.admin.user)

    response = client.get(reverse(f"{API_NAMESPACE}:api-root"))

    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"
