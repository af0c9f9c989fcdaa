"""One search over pages, questions and people: ranking, snippets, filters, typo tolerance,
index kept current by every write, and never a result the viewer cannot open. These run on
whichever database the suite runs on (SQLite FTS5 or PostgreSQL full-text)."""

from __future__ import annotations

from django.db import connection
from django.test import Client

from conftest import Org
from peerlearn.core.permissions import Actor
from peerlearn.knowledge.services import page_feedback_give, page_update
from peerlearn.knowledge.tests.factories import make_page, make_space, make_stale
from peerlearn.people.models import Person
from peerlearn.people.services import person_deactivate, person_skill_set
from peerlearn.qa.services import answer_post, question_ask
from peerlearn.search.backends import SqliteSearch, marked_html, search_backend
from peerlearn.search.models import SearchEntry
from peerlearn.search.selectors import SearchFilters, search


def _actor(person: Person) -> Actor:
    return Actor(user=person.user, person=person)


def _titles(org: Org, text: str, **filters: object) -> list[str]:
    results = search(actor=_actor(org.peer), filters=SearchFilters(text=text, **filters))  # type: ignore[arg-type]
    return [hit.page.title if hit.page else hit.question.title for hit in results.hits]  # type: ignore[union-attr]


def test_the_backend_follows_the_database_vendor() -> None:
    expected = {"sqlite": "SQLite FTS5", "postgresql": "PostgreSQL full-text"}[connection.vendor]
    assert search_backend().name.startswith(expected)


def test_title_matches_rank_above_body_matches_and_stems_match(org: Org) -> None:
    space = make_space(org.manager, "Engineering")
    make_page(space, org.owner, "Office plants", body="We deploy plants weekly.", reviewer=org.peer)
    make_page(space, org.owner, "Deploying to production", body="Careful.", reviewer=org.peer)

    assert _titles(org, "deploy") == ["Deploying to production", "Office plants"]
    assert _titles(org, "deploy production") == ["Deploying to production"]


def test_every_word_must_match_and_punctuation_is_harmless(org: Org) -> None:
    space = make_space(org.manager, "Engineering")
    make_page(space, org.owner, "Rotate secrets", body="vault tokens", reviewer=org.peer)

    assert _titles(org, "rotate vault") == ["Rotate secrets"]
    assert _titles(org, "rotate kubernetes") == []
    for hostile in ('"', "rotate OR", "NEAR(", "-rotate*", "rotate' --", "(", ":"):
        search(actor=_actor(org.peer), filters=SearchFilters(text=hostile))  # never raises


def test_questions_are_found_by_their_answers(org: Org) -> None:
    question = question_ask(asker=org.owner, title="Slow builds", experts_to_notify=0)
    assert _titles(org, "ccache") == []

    answer_post(question=question, author=org.peer, body="Turn on ccache for C files.")

    assert _titles(org, "ccache") == ["Slow builds"]


def test_the_index_follows_every_write(org: Org) -> None:
    space = make_space(org.manager, "Engineering")
    page = make_page(space, org.owner, "Holiday rota", body="summer", reviewer=org.peer)
    assert _titles(org, "summer") == ["Holiday rota"]

    page_update(
        page=page, editor=org.owner, title="Holiday rota", kind=page.kind, summary="",
        body="winter", steps=[], skills=[], review_interval_days=90,
    )  # fmt: skip

    assert _titles(org, "summer") == []
    assert _titles(org, "winter") == ["Holiday rota"]
    assert SearchEntry.objects.filter(object_id=page.id).count() == 1


def test_snippets_are_escaped_then_marked(org: Org) -> None:
    space = make_space(org.manager, "Engineering")
    make_page(
        space, org.owner, "Template <b>tags</b>",
        body="Use <script>alert(1)</script> never; escape template output.",
        reviewer=org.peer,
    )  # fmt: skip

    [hit] = search(actor=_actor(org.peer), filters=SearchFilters(text="template")).hits

    assert "<mark>" in hit.snippet
    assert "<mark>" in hit.title
    assert "<script>" not in hit.snippet
    assert "&lt;b&gt;" in hit.title
    assert str(marked_html("<i>\ue000x\ue001</i>")) == "&lt;i&gt;<mark>x</mark>&lt;/i&gt;"


def test_filters_by_type_space_skill_owner_and_freshness(org: Org) -> None:
    engineering = make_space(org.manager, "Engineering")
    sales = make_space(org.manager, "Sales")
    make_page(engineering, org.owner, "Release python", reviewer=org.peer, skills=[org.python])
    stale = make_page(sales, org.manager, "Release sql", reviewer=org.peer, skills=[org.sql])
    make_stale(stale)
    question_ask(asker=org.outsider, title="Release question", experts_to_notify=0)

    assert set(_titles(org, "release")) == {"Release python", "Release sql", "Release question"}
    assert _titles(org, "release", type="question") == ["Release question"]
    assert _titles(org, "release", space_id=sales.id) == ["Release sql"]
    assert _titles(org, "release", skill_id=org.python.id) == ["Release python"]
    assert _titles(org, "release", owner_id=org.manager.id) == ["Release sql"]
    assert _titles(org, "release", freshness="needs_review") == ["Release sql"]
    assert _titles(org, "release", freshness="fresh") == ["Release python"]


def test_helpful_pages_rank_higher_among_equals(org: Org) -> None:
    space = make_space(org.manager, "Engineering")
    plain = make_page(space, org.owner, "Onboarding checklist A", body="x", reviewer=org.peer)
    loved = make_page(space, org.owner, "Onboarding checklist B", body="x", reviewer=org.peer)
    for reader in (org.peer, org.outsider, org.admin):
        page_feedback_give(page=loved, person=reader, helpful=True)
    page_feedback_give(page=plain, person=org.peer, helpful=False)

    assert _titles(org, "onboarding checklist") == [loved.title, plain.title]


def test_a_typo_still_finds_the_page(org: Org) -> None:
    space = make_space(org.manager, "Engineering")
    make_page(space, org.owner, "Kubernetes networking", body="Pods talk.", reviewer=org.peer)

    results = search(actor=_actor(org.peer), filters=SearchFilters(text="kuberntes networkng"))

    assert [hit.page.title for hit in results.hits if hit.page] == ["Kubernetes networking"]


def test_sqlite_queries_quote_every_word() -> None:
    assert SqliteSearch.fts_query('deploy "prod" OR x*') == '"deploy" "prod" "or" "x"'
    assert SqliteSearch.fts_query("deploy kube") == '"deploy" "kube"*'


def test_people_who_can_teach_a_named_skill_and_who_left_disappear(
    as_peer: Client, org: Org
) -> None:
    person_skill_set(person=org.manager, skill=org.python, level=4, can_teach=True)
    person_skill_set(person=org.outsider, skill=org.python, level=3, can_teach=True)

    results = search(actor=_actor(org.peer), filters=SearchFilters(text="py"))  # an alias
    people = [edge.person.full_name for edge in results.people]
    person_deactivate(person=org.outsider)
    after = search(actor=_actor(org.peer), filters=SearchFilters(text="python", type="person"))
    page = as_peer.get("/search/", {"q": "python", "type": "person"}).content.decode()

    assert people == ["Mona Manager", "Oscar Outsider"]
    assert [edge.person.full_name for edge in after.people] == ["Mona Manager"]
    assert "Mona Manager" in page
    assert "Oscar Outsider" not in page


def test_the_search_page_and_api(as_peer: Client, org: Org) -> None:
    space = make_space(org.manager, "Engineering")
    make_page(space, org.owner, "Expense claims", body="Claim within 30 days.", reviewer=org.peer)

    empty = as_peer.get("/search/")
    page = as_peer.get("/search/", {"q": "expense", "space": str(space.id)})
    nothing = as_peer.get("/search/", {"q": "zzzzqqq"})
    partial = as_peer.get("/search/", {"q": "expense"}, HTTP_HX_REQUEST="true")
    api = as_peer.get("/api/v1/search", {"q": "expense claims"})
    bad = as_peer.get("/api/v1/search", {"q": "x", "type": "nonsense"})

    assert "Type a few words to search." in empty.content.decode()
    assert "<mark>Expense</mark> claims" in page.content.decode()
    assert "ask a peer" in nothing.content.decode()
    assert "<html" not in partial.content.decode()
    assert api.json()["total"] == 1
    assert api.json()["results"][0]["url"].startswith("/hub/pages/")
    assert bad.status_code == 422


def test_results_hidden_from_the_viewer_never_crowd_out_those_they_may_see(
    org: Org, monkeypatch: object
) -> None:
    # given more matches than the engine's candidate list, the best of them private
    monkeypatch.setattr(SqliteSearch, "candidates", 3)  # type: ignore[attr-defined]
    secret = make_space(org.owner, "Secret", is_private=True, members=[org.manager])
    public = make_space(org.manager, "Engineering")
    for n in range(4):
        make_page(
            secret, org.owner, f"Budget budget budget {n}", body="budget", reviewer=org.manager
        )
    make_page(public, org.owner, "Travel budget", body="flights", reviewer=org.manager)
    make_page(public, org.owner, "Team offsite", body="budget later", reviewer=org.manager)

    # when the peer, who is not a member, searches
    titles = _titles(org, "budget")

    # then both public pages are found, and nothing private
    assert sorted(titles) == ["Team offsite", "Travel budget"]
