"""Languages are stored as ISO 639-1 codes; people read their names."""

from __future__ import annotations

from django.conf.locale import LANG_INFO


def language_name(code: str) -> str:
    """English name of a language code ("de" → "German"); an unknown code is shown as is."""
    info = LANG_INFO.get(code.lower(), {})
    return str(info.get("name", code))
