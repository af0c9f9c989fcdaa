"""Team, job family and level come from the organisation's records, not from the person."""

from __future__ import annotations

import pytest

from conftest import Org
from peerlearn.people.tests.api_helpers import ApiClient, assert_problem
from peerlearn.people.tests.factories import level

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("field", ["level", "team", "job_family", "hire_date"])
def test_an_employee_cannot_rewrite_their_own_organisation_record(org: Org, field: str) -> None:
    # given the owner's current record
    values = {
        "level": "L7",
        "team": org.outsider.team.slug,  # type: ignore[union-attr]
        "job_family": None,
        "hire_date": "2001-01-01",
    }
    # when they try to change it themselves
    response = ApiClient(org.owner).patch(f"/people/{org.owner.id}", {field: values[field]})
    # then it is refused and nothing changed
    assert_problem(response, 403)
    org.owner.refresh_from_db()
    assert org.owner.level == level("L2")
    assert org.owner.team == org.peer.team
    assert org.owner.hire_date is None


def test_sending_back_an_unchanged_record_is_allowed(org: Org) -> None:
    response = ApiClient(org.owner).patch(
        f"/people/{org.owner.id}", {"level": "L2", "job_title": "Analyst"}
    )
    assert response.status_code == 200, response.content
    org.owner.refresh_from_db()
    assert org.owner.job_title == "Analyst"


def test_a_programme_admin_changes_the_record(org: Org) -> None:
    response = ApiClient(org.admin).patch(f"/people/{org.owner.id}", {"level": "L3"})
    assert response.status_code == 200, response.content
    org.owner.refresh_from_db()
    assert org.owner.level == level("L3")
