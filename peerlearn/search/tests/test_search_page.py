"""The search page itself: the owner filter names a colleague in a text box (no list of the whole
organisation), htmx gets fragments only when it swaps a part of the page, and the page costs
the same number of queries however many people work here."""

from __future__ import annotations

import itertools

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from conftest import Org
from peerlearn.knowledge.tests.factories import make_page, make_space
from peerlearn.people.tests.factories import make_person, make_team
from peerlearn.qa.services import question_ask

pytestmark = pytest.mark.django_db

SEARCH = "/search/"


_hired = itertools.count()


def _hire(count: int) -> None:
    """Colleagues in teams of their own: anything reading a person's team per row would show."""
    for _ in range(count):
        n = next(_hired)
        make_person(f"Colleague {n:03d}", team=make_team(f"Team {n:03d}"))


def _queries(client: Client, url: str, data: dict[str, str] | None = None) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, data or {})
    assert response.status_code == 200
    return len(captured)


@pytest.mark.parametrize(
    "data", [{}, {"q": "deploy"}, {"q": "deploy", "owner": "owner@example.com"}]
)
def test_the_search_page_costs_the_same_for_3_or_30_people(
    as_peer: Client, org: Org, data: dict[str, str]
) -> None:
    space = make_space(org.manager, "Engineering")
    make_page(space, org.owner, "Deploy to staging", body="Run the deploy.", reviewer=org.peer)
    _hire(3)
    few = _queries(as_peer, SEARCH, data)

    _hire(27)
    many = _queries(as_peer, SEARCH, data)

    assert many == few


def test_a_question_page_costs_the_same_for_3_or_30_people(as_owner: Client, org: Org) -> None:
    question = question_ask(asker=org.owner, title="How do I deploy?", experts_to_notify=0)
    url = f"/questions/{question.id}/"
    _hire(3)
    few = _queries(as_owner, url)  # the asker sees the form to invite a colleague

    _hire(27)
    many = _queries(as_owner, url)

    assert many == few


def test_the_page_offers_no_list_of_everyone(as_peer: Client, org: Org) -> None:
    _hire(30)

    html = as_peer.get(SEARCH).text

    assert 'name="owner"' in html
    assert "Colleague" not in html


@pytest.mark.parametrize(
    "reference", ["owner@example.com", "OWNER@example.com", "Olive Owner", "olive owner"]
)
def test_the_owner_is_named_by_e_mail_or_name(as_peer: Client, org: Org, reference: str) -> None:
    space = make_space(org.manager, "Engineering")
    make_page(space, org.owner, "Release notes by Olive", body="release", reviewer=org.peer)
    make_page(space, org.manager, "Release notes by Mona", body="release", reviewer=org.peer)

    html = as_peer.get(SEARCH, {"q": "release", "owner": reference}).text

    assert "by Olive" in html
    assert "by Mona" not in html


def test_an_old_link_naming_the_owner_by_id_still_works(as_peer: Client, org: Org) -> None:
    space = make_space(org.manager, "Engineering")
    make_page(space, org.owner, "Release notes by Olive", body="release", reviewer=org.peer)
    make_page(space, org.manager, "Release notes by Mona", body="release", reviewer=org.peer)

    html = as_peer.get(SEARCH, {"q": "release", "owner": str(org.owner.id)}).text

    assert "by Olive" in html
    assert "by Mona" not in html


def test_an_unknown_owner_is_an_error_on_the_field_not_a_search(as_peer: Client, org: Org) -> None:
    space = make_space(org.manager, "Engineering")
    make_page(space, org.owner, "Release notes", body="release", reviewer=org.peer)

    html = as_peer.get(SEARCH, {"q": "release", "owner": "nobody@example.com"}).text

    assert "We know no colleague called “nobody@example.com”" in html
    assert 'href="#id_owner"' in html  # the summary links to the field
    assert "Release notes" not in html


def test_namesakes_are_told_apart_by_e_mail(as_peer: Client, org: Org) -> None:
    make_person("Sam Same", "sam.one@example.com")
    make_person("Sam Same", "sam.two@example.com")

    ambiguous = as_peer.get(SEARCH, {"q": "x", "owner": "Sam Same"}).text
    exact = as_peer.get(SEARCH, {"q": "x", "owner": "sam.two@example.com"}).text

    assert "Several colleagues are called “Sam Same”" in ambiguous
    assert "Several colleagues" not in exact


def test_people_who_left_cannot_be_named(as_peer: Client, org: Org) -> None:
    from peerlearn.people.services import person_deactivate

    person_deactivate(person=org.outsider)

    html = as_peer.get(SEARCH, {"q": "x", "owner": "outsider@example.com"}).text

    assert "We know no colleague called" in html


def test_the_owner_box_suggests_colleagues_with_htmx(as_peer: Client, org: Org) -> None:
    headers = {"HX-Request": "true", "HX-Target": "id_owner-suggestions"}

    found = as_peer.get(SEARCH, {"owner": "oliv"}, headers=headers)
    nothing = as_peer.get(SEARCH, {"owner": "zzzz"}, headers=headers)

    assert "<html" not in found.text
    assert 'data-value="owner@example.com"' in found.text
    assert 'data-fill="#id_owner"' in found.text
    assert "Mona" not in found.text
    assert "No colleague matches “zzzz”" in nothing.text


def test_suggestions_cost_the_same_for_3_or_30_matches(as_peer: Client, org: Org) -> None:
    headers = {"HX-Request": "true", "HX-Target": "id_owner-suggestions"}
    _hire(3)
    with CaptureQueriesContext(connection) as few:
        as_peer.get(SEARCH, {"owner": "colleague"}, headers=headers)
    _hire(27)
    with CaptureQueriesContext(connection) as many:
        as_peer.get(SEARCH, {"owner": "colleague"}, headers=headers)
    assert len(many) == len(few)


def test_htmx_gets_the_results_and_the_back_button_gets_the_whole_page(
    as_peer: Client, org: Org
) -> None:
    space = make_space(org.manager, "Engineering")
    make_page(space, org.owner, "Expense claims", body="Claim within 30 days.", reviewer=org.peer)

    swap = as_peer.get(
        SEARCH, {"q": "expense"}, headers={"HX-Request": "true", "HX-Target": "search-results"}
    )
    restore = as_peer.get(
        SEARCH,
        {"q": "expense"},
        headers={"HX-Request": "true", "HX-History-Restore-Request": "true"},
    )

    assert "<html" not in swap.text
    assert "<mark>Expense</mark> claims" in swap.text
    assert "<html" in restore.text
    assert "<mark>Expense</mark> claims" in restore.text


def test_the_page_and_its_fragment_are_cached_apart(as_peer: Client) -> None:
    page = as_peer.get(SEARCH, {"q": "expense"})
    fragment = as_peer.get(SEARCH, {"q": "expense"}, headers={"HX-Request": "true"})

    for response in (page, fragment):
        assert "HX-Request" in response["Vary"]
        assert "HX-Target" in response["Vary"]


def test_searching_a_name_finds_the_colleague(as_peer: Client, org: Org) -> None:
    # given colleagues, one of them called Zeynep Kaya in a team called "Data"
    zeynep = make_person("Zeynep Kaya", team=make_team("Data"))
    make_person("Data Person")
    _hire(3)

    # when someone searches her first name, or her surname in another case
    by_first_name = as_peer.get(SEARCH, {"q": "zeynep"}).content.decode()
    by_surname = as_peer.get(SEARCH, {"q": "KAYA"}).content.decode()
    by_team_only = as_peer.get(SEARCH, {"q": "colleague data"}).content.decode()

    # then she is listed with a link to her profile; a team name alone names nobody
    assert f'href="/people/{zeynep.id}/"' in by_first_name
    assert f'href="/people/{zeynep.id}/"' in by_surname
    assert "Nothing found" not in by_first_name  # she was found, though no page names her
    assert "No hub pages or questions match" in by_first_name
    assert "Colleagues</h2>" not in by_team_only


def test_a_name_is_found_by_the_start_of_its_words_or_by_the_whole_e_mail_address(
    as_peer: Client, org: Org
) -> None:
    kai = make_person("Kai Anne-Marie Lund", email="kai.lund@example.com")

    def found(query: str) -> bool:
        return f'href="/people/{kai.id}/"' in as_peer.get(SEARCH, {"q": query}).content.decode()

    assert [found(q) for q in ("kai", "lu", "marie", "Kai.Lund@example.com")] == [True] * 4
    assert not found("ai")  # inside a word: "AI" is a topic, not Kai
    assert not found("kai.lund@example.org")


def test_people_who_left_are_not_found_by_name(as_peer: Client, org: Org) -> None:
    from peerlearn.people.services import person_deactivate

    leaver = make_person("Quentin Leaver")
    person_deactivate(person=leaver)

    page = as_peer.get(SEARCH, {"q": "quentin"}).content.decode()

    assert "Quentin Leaver" not in page
