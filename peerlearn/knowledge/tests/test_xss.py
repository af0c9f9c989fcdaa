"""Hostile Markdown and titles render inert everywhere: page, walkthrough, comment, answer,
search snippet, version diff, API and notification e-mail."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from django.core import mail
from django.test import Client

from conftest import Org
from peerlearn.core.markdown import markdown_to_text, render_markdown
from peerlearn.jobs.tests.helpers import run_worker
from peerlearn.knowledge.services import StepInput, page_comment_add, page_update
from peerlearn.knowledge.tests.factories import make_page, make_space
from peerlearn.qa.services import answer_post, question_ask

PAYLOADS = [
    "<script>alert('x')</script>",
    "[click](javascript:alert('x'))",
    "[click](JaVaScRiPt:alert('x'))",
    "<img src=x onerror=alert('x')>",
    '<a href="https://ok.example" onclick="alert(1)">a</a>',
    "<svg onload=alert('x')><circle r=1 /></svg>",
    "![svg](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)",
    "<iframe src=javascript:alert(1)></iframe>",
    '<div style="background:url(javascript:alert(1))">x</div>',
]
HOSTILE = "\n\n".join(PAYLOADS)
TITLE = "<script>alert('title')</script><img src=x onerror=alert(1)>"


SCRIPT_SCHEMES = ("javascript:", "data:", "vbscript:")


class _ActiveContent(HTMLParser):
    """Collects what a browser would act on: dangerous elements, handlers, script URLs."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in {"script", "svg", "iframe", "object", "embed", "style", "math"}:
            self.found.append(f"<{tag}>")
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(f"{tag}[{name}]")
            url_attribute = name in {"href", "src", "action", "formaction", "xlink:href"}
            if url_attribute and (value or "").strip().lower().startswith(SCRIPT_SCHEMES):
                self.found.append(f"{tag}[{name}={value}]")
            if name == "style" and value and "javascript" in value.lower():
                self.found.append(f"{tag}[style]")


def assert_inert(html: str) -> None:
    """No element, attribute or URL in the HTML that a browser would run."""
    parser = _ActiveContent()
    parser.feed(html)
    assert parser.found == []


@pytest.mark.parametrize("payload", PAYLOADS)
def test_each_payload_renders_inert(payload: str) -> None:
    assert_inert(str(render_markdown(payload)))


def test_links_get_noopener_nofollow_and_safe_markdown_still_works() -> None:
    html = str(render_markdown("**bold** [docs](https://docs.example/x) `code`"))
    assert "<strong>bold</strong>" in html
    assert 'href="https://docs.example/x"' in html
    assert 'rel="noopener nofollow"' in html
    assert "<code>code</code>" in html


def test_images_show_from_this_site_only_and_others_become_links() -> None:
    """An image from another host would tell it who read the page, and when."""
    html = str(
        render_markdown(
            "![diagram](/hub/attachments/1/) ![pixel](https://tracker.example/p.gif) "
            "![](//cdn.example/a.png)"
        )
    )

    assert '<img src="/hub/attachments/1/" alt="diagram">' in html
    assert html.count("<img") == 1
    assert '<a href="https://tracker.example/p.gif" rel="noopener nofollow">pixel</a>' in html
    assert '<a href="//cdn.example/a.png" rel="noopener nofollow">//cdn.example/a.png</a>' in html


def test_plain_text_has_no_markup() -> None:
    assert markdown_to_text("# Title\n\n*some* text") == "Title some text"


def test_hostile_page_title_body_steps_and_comments_render_inert(as_peer: Client, org: Org) -> None:
    space = make_space(org.owner, "Engineering")
    page = make_page(
        space,
        org.owner,
        TITLE,
        body=HOSTILE,
        steps=[StepInput(title=TITLE, body=HOSTILE)],
        reviewer=org.peer,
    )
    page_comment_add(page=page, author=org.peer, body=HOSTILE)

    response = as_peer.get(f"/hub/pages/{page.id}/")

    assert response.status_code == 200
    html = response.content.decode()
    main = html.split('<main id="main"', 1)[1].split("</main>", 1)[0]
    assert_inert(main)
    assert "&lt;script&gt;alert(&#x27;title&#x27;)&lt;/script&gt;" in html


def test_search_snippets_and_titles_are_escaped_then_marked(as_peer: Client, org: Org) -> None:
    space = make_space(org.owner, "Engineering")
    make_page(space, org.owner, f"Deploy {TITLE}", body=f"deploy {HOSTILE}", reviewer=org.peer)

    response = as_peer.get("/search/", {"q": "deploy alert"})

    html = response.content.decode().split('<div id="search-results"', 1)[1]
    assert "<mark>" in html
    assert_inert(html)
    api = as_peer.get("/api/v1/search", {"q": "deploy alert"}).json()
    for hit in api["results"]:
        assert_inert(hit["title_html"])
        assert_inert(hit["snippet_html"])
        assert "<mark>" in hit["title_html"] + hit["snippet_html"]


def test_version_diff_shows_hostile_lines_as_text(as_owner: Client, org: Org) -> None:
    space = make_space(org.owner, "Engineering")
    page = make_page(space, org.owner, "Safe", body="first line")
    page_update(
        page=page,
        editor=org.owner,
        title=TITLE,
        kind=page.kind,
        summary="",
        body=HOSTILE,
        steps=[],
        skills=[],
        review_interval_days=90,
    )
    newest = page.versions.order_by("-number").first()
    assert newest is not None

    response = as_owner.get(f"/hub/pages/{page.id}/versions/{newest.id}/")

    html = response.content.decode().split('<main id="main"', 1)[1]
    assert_inert(html)
    assert "&lt;svg onload=alert(&#x27;x&#x27;)&gt;" in html
    detail = as_owner.get(f"/api/v1/hub/pages/{page.id}/versions/{newest.id}").json()
    assert any("<script>" in line["text"] for line in detail["diff"])  # JSON carries text


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_notification_emails_escape_hostile_titles_and_bodies(org: Org) -> None:
    from peerlearn.people.services import person_skill_set

    person_skill_set(person=org.peer, skill=org.python, level=4, can_teach=True)
    question = question_ask(asker=org.owner, title=TITLE, body=HOSTILE, skills=[org.python])
    answer_post(question=question, author=org.peer, body=HOSTILE)

    run_worker()

    assert len(mail.outbox) >= 2  # the expert was asked; the asker heard of the answer
    bodies = [str(message.alternatives[0][0]) for message in mail.outbox]  # type: ignore[union-attr]
    for html in bodies:
        assert_inert(html)
    assert any("&lt;script&gt;" in html for html in bodies)
