"""The one way user-written Markdown becomes HTML: markdown-it-py renders, nh3 sanitises.

Every place that shows user text as rich text (hub pages, walkthrough steps, answers, comments,
notification e-mails) calls `render_markdown`; search and e-mail subjects use `markdown_to_text`.
Raw HTML in the source is escaped by the renderer and anything that still looks dangerous is
removed by the sanitiser (an allow-list: no scripts, no event handlers, no SVG, only http(s),
mailto and relative links), so the output is safe to mark as safe in templates. Images come
from this site only: one from another host becomes a link to it.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from functools import lru_cache

import nh3
from django.utils.safestring import SafeString, mark_safe
from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml
from markdown_it.renderer import RendererHTML
from markdown_it.token import Token
from markdown_it.utils import EnvType, OptionsDict

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


def is_own_address(url: str) -> bool:
    """A path on this site ("/hub/attachments/…"), not another host ("//x", "https://x")."""
    return url.startswith("/") and not url.startswith("//")


def _image_or_link(
    renderer: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
) -> str:
    """Images are shown from this site only (hub attachments). An image from another host would
    tell that host who read the page and when, so it becomes a plain link to the image."""
    token = tokens[idx]
    source = str(token.attrGet("src") or "")
    if is_own_address(source):
        return renderer.image(tokens, idx, options, env)
    label = renderer.renderInlineAsText(token.children or [], options, env) or source
    return f'<a href="{escapeHtml(source)}">{escapeHtml(label)}</a>'


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    # "html": False makes markdown-it escape raw HTML instead of passing it through.
    parser = MarkdownIt("commonmark", {"html": False, "linkify": False}).enable(
        ["table", "strikethrough"]
    )
    parser.add_render_rule("image", _image_or_link)
    return parser


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
