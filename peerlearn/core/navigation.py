"""The main navigation. Areas appear here as they are built, and only for those who may use them.

Fourteen flat links wrapped the header to three rows, so related areas sit in small groups
(disclosure menus in the header); a group a viewer may open nothing in is not shown at all.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from peerlearn.core.permissions import Actor, can_manage_organisation, can_use_directory


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    section: str  # the first path segment the item owns, to mark it current
    visible: Callable[[Actor], bool]


@dataclass(frozen=True)
class NavGroup:
    label: str
    items: tuple[NavItem, ...]


@dataclass(frozen=True)
class NavLink:
    """One link as one viewer sees it on one page."""

    label: str
    url_name: str
    current: bool


@dataclass(frozen=True)
class NavMenu:
    """A group as one viewer sees it: only the links they may open; current if one of them is."""

    label: str
    links: tuple[NavLink, ...]

    @property
    def current(self) -> bool:
        return any(link.current for link in self.links)


NavEntry = NavLink | NavMenu


def _employee(actor: Actor) -> bool:
    """Pages about one's own pairs: a login without a profile (a superuser) has none."""
    return actor.is_employee


def _manager(actor: Actor) -> bool:
    return actor.is_manager


NAVIGATION: tuple[NavItem | NavGroup, ...] = (
    NavItem("Home", "core:home", "", can_use_directory),
    NavItem("My learning", "activities:mine", "learning", can_use_directory),
    NavGroup(
        "People",
        (
            NavItem("People", "people:directory", "people", can_use_directory),
            NavItem("Skills", "people:skills", "skills", can_use_directory),
            NavItem("Teams", "people:teams", "teams", can_use_directory),
            NavItem("My team", "people:my_team", "my-team", _manager),
        ),
    ),
    NavGroup(
        "Programmes",
        (
            NavItem("Mentoring", "mentoring:mine", "mentoring", _employee),
            NavItem("Onboarding", "onboarding:mine", "onboarding", _employee),
            NavItem("Shadowing", "shadowing:mine", "shadowing", _employee),
            NavItem("Matching", "matching:mine", "matching", can_use_directory),
        ),
    ),
    NavGroup(
        "Knowledge",
        (
            NavItem("Hub", "knowledge:home", "hub", can_use_directory),
            NavItem("Questions", "qa:list", "questions", can_use_directory),
        ),
    ),
    NavItem("Organisation", "people:import", "organisation", can_manage_organisation),
)


def nav_items() -> list[NavItem]:
    """Every item, groups opened, in the order the header shows them."""
    flat: list[NavItem] = []
    for entry in NAVIGATION:
        flat.extend(entry.items if isinstance(entry, NavGroup) else (entry,))
    return flat


def _link(item: NavItem, section: str) -> NavLink:
    return NavLink(item.label, item.url_name, current=item.section == section)


def navigation_for(actor: Actor, *, section: str) -> list[NavEntry]:
    """What `actor` may open, with the item owning `section` (the path's first segment)
    marked current. A group keeps only its visible links, and goes when none is left."""
    entries: list[NavEntry] = []
    for entry in NAVIGATION:
        if isinstance(entry, NavItem):
            if entry.visible(actor):
                entries.append(_link(entry, section))
            continue
        links = tuple(_link(item, section) for item in entry.items if item.visible(actor))
        if links:
            entries.append(NavMenu(entry.label, links))
    return entries
