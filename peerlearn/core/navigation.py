"""The main navigation. Areas appear here as they are built, and only for those who may use them."""

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


def _manager(actor: Actor) -> bool:
    return actor.is_manager


NAVIGATION: tuple[NavItem, ...] = (
    NavItem("Home", "core:home", "", can_use_directory),
    NavItem("My learning", "activities:mine", "learning", can_use_directory),
    NavItem("People", "people:directory", "people", can_use_directory),
    NavItem("Skills", "people:skills", "skills", can_use_directory),
    NavItem("Teams", "people:teams", "teams", can_use_directory),
    NavItem("Mentoring", "mentoring:mine", "mentoring", can_use_directory),
    NavItem("Onboarding", "onboarding:mine", "onboarding", can_use_directory),
    NavItem("Shadowing", "shadowing:mine", "shadowing", can_use_directory),
    NavItem("Matching", "matching:mine", "matching", can_use_directory),
    NavItem("Hub", "knowledge:home", "hub", can_use_directory),
    NavItem("Questions", "qa:list", "questions", can_use_directory),
    NavItem("Search", "search:search", "search", can_use_directory),
    NavItem("My team", "people:my_team", "my-team", _manager),
    NavItem("Organisation", "people:import", "organisation", can_manage_organisation),
)


def navigation_for(actor: Actor) -> list[NavItem]:
    return [item for item in NAVIGATION if item.visible(actor)]
