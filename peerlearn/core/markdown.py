"""The one way user-written Markdown becomes HTML: markdown-it-py renders, nh3 sanitises.

Every place that shows user text as rich text (hub pages, walkthrough steps, answers, comments,
notification e-mails) calls `render_markdown`; search and e-mail subjects use `markdown_to_text`.
Raw HTML in the source is escaped by the renderer and anything that still looks dangerous is
removed by the sanitiser (an allow-list: no scripts, no event handlers, no SVG, only http(s),
mailto and relative links), so the output is safe to mark as safe in templates.
"""

from __future__ import annotations

import html
import re
from functools import lru_cache

import nh3
from django.utils.safestring import SafeString, mark_safe
from markdown_it import MarkdownIt

ALLOWED_TAGS = frozenset(
    {
        "a", "abbr", "blockquote", "br", "code", "del", "em", "h1", "h2", "h3", "h4", "h5",
        "h6", "hr", "img", "li", "ol", "p", "pre", "s", "strong", "sub", "sup", "table",
        "tbody", "td", "th", "thead", "tr", "ul",
    }
)  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title"},
    "ol": {"start"},
    "td": {"align"},
    "th": {"align"},
    "code": {"class"},
}
ALLOWED_URL_SCHEMES = frozenset({"http", "https", "mailto"})
_WHITESPACE = re.compile(r"\s+")


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    # "html": False makes markdown-it escape raw HTML instead of passing it through.
    return MarkdownIt("commonmark", {"html": False, "linkify": False}).enable(
        ["table", "strikethrough"]
    )


def sanitise_html(raw: str) -> str:
    return nh3.clean(
        raw,
        tags=set(ALLOWED_TAGS),
        attributes={tag: set(names) for tag, names in ALLOWED_ATTRIBUTES.items()},
        url_schemes=set(ALLOWED_URL_SCHEMES),
        link_rel="noopener nofollow",
        strip_comments=True,
    )


def render_markdown(source: str) -> SafeString:
    """Markdown to sanitised HTML, safe to insert into any page or e-mail."""
    if not source:
        return mark_safe("")
    return mark_safe(sanitise_html(_parser().render(source)))  # noqa: S308 - sanitised just above


def markdown_to_text(source: str) -> str:
    """The words a reader sees, without markup: for search indexing, snippets and subjects."""
    if not source:
        return ""
    stripped = nh3.clean(_parser().render(source), tags=set(), attributes={})
    return _WHITESPACE.sub(" ", html.unescape(stripped)).strip()
