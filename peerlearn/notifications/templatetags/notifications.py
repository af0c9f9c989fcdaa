from __future__ import annotations

from typing import Any

from django import template

from peerlearn.notifications.selectors import notification_unread_count

register = template.Library()


@register.inclusion_tag("notifications/_bell_link.html", takes_context=True)
def notification_bell(context: dict[str, Any]) -> dict[str, Any]:
    """The bell in the header: a link to the notifications page with the unread count."""
    viewer = context.get("viewer")
    return {"unread": notification_unread_count(recipient=viewer) if viewer else 0}
