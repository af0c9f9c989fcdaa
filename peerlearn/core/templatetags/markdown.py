"""`{% load markdown %}{{ page.body|markdown }}`: the template face of core.markdown."""

from __future__ import annotations

from django import template
from django.utils.safestring import SafeString

from peerlearn.core.markdown import render_markdown

register = template.Library()


@register.filter(name="markdown")
def markdown_filter(source: str | None) -> SafeString:
    return render_markdown(source or "")
