"""The header in a real browser: one row on a desktop, a "Menu" button on a phone, menus that
open and close with mouse and keyboard, and a search box that searches everything."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from conftest import Org
from tests.browser.conftest import open_from_menu, sign_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def header_height(page: Page) -> float:
    return float(page.evaluate("document.querySelector('.site-header').offsetHeight"))


@pytest.mark.parametrize("width", [1280, 1000])
def test_the_desktop_header_is_one_row_even_for_an_admin(
    page: Page, live_server: LiveServer, org: Org, width: int
) -> None:
    # given a programme admin, who sees every entry (Organisation too), on a desktop screen
    page.set_viewport_size({"width": width, "height": 800})
    sign_in(page, live_server.url, org.admin)
    nav = page.get_by_role("navigation", name="Main")
    # then every entry and the search box fit on one row, without a menu button
    for label in ("Home", "My learning", "Organisation"):
        expect(nav.get_by_role("link", name=label, exact=True)).to_be_visible()
    for group in ("People", "Programmes", "Knowledge"):
        expect(nav.locator("summary").filter(has_text=re.compile(f"^{group}$"))).to_be_visible()
    expect(page.get_by_role("searchbox", name="Search Peerlearn")).to_be_visible()
    expect(page.get_by_role("button", name="Menu")).to_be_hidden()
    assert header_height(page) < 90
    assert page.evaluate("document.documentElement.scrollWidth") <= width


def test_a_menu_opens_closes_and_leads_to_its_pages(
    page: Page, live_server: LiveServer, org: Org
) -> None:
    sign_in(page, live_server.url, org.owner)
    nav = page.get_by_role("navigation", name="Main")
    hub = nav.get_by_role("link", name="Hub", exact=True)
    # when the owner opens "Knowledge", its links show; a click elsewhere closes it
    nav.locator("summary").filter(has_text=re.compile("^Knowledge$")).click()
    expect(hub).to_be_visible()
    page.get_by_role("heading", level=1).click()
    expect(hub).to_be_hidden()
    # when they open it again and follow "Questions"
    open_from_menu(page, "Knowledge", "Questions")
    # then the page opens, and its menu is the one marked current
    expect(page.get_by_role("heading", level=1)).to_have_text("Ask a peer")
    expect(page.locator("details.nav-menu--current > summary")).to_have_text("Knowledge")
    questions = nav.get_by_role("link", name="Questions", include_hidden=True)
    expect(questions).to_have_attribute("aria-current", "page")


def test_on_a_phone_the_menu_button_opens_the_navigation(
    page: Page, live_server: LiveServer, org: Org
) -> None:
    # given the owner on a 390-pixel-wide phone
    page.set_viewport_size({"width": 390, "height": 800})
    sign_in(page, live_server.url, org.owner)
    nav = page.get_by_role("navigation", name="Main")
    menu = page.get_by_role("button", name="Menu")
    # then the navigation is folded away behind "Menu", and the header is one short row
    expect(menu).to_have_attribute("aria-expanded", "false")
    expect(nav).to_be_hidden()
    closed = header_height(page)
    assert closed < 80
    # when they press Menu, the navigation and the search box show below the row
    menu.click()
    expect(menu).to_have_attribute("aria-expanded", "true")
    expect(nav).to_be_visible()
    expect(page.get_by_role("searchbox", name="Search Peerlearn")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    # and Escape folds it again, with focus back on the button
    page.keyboard.press("Escape")
    expect(nav).to_be_hidden()
    expect(menu).to_be_focused()
    assert header_height(page) == closed
    # when they open it from the keyboard and follow Programmes › Mentoring
    page.keyboard.press("Enter")
    expect(nav).to_be_visible()
    open_from_menu(page, "Programmes", "Mentoring")
    # then the mentoring page opens, with the navigation folded again
    expect(page).to_have_url(re.compile(r"/mentoring/$"))
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    expect(nav).to_be_hidden()
    expect(page.get_by_role("button", name="Menu")).to_have_attribute("aria-expanded", "false")


def test_without_javascript_a_phone_shows_the_navigation(
    browser_type_launch_args: dict[str, object], live_server: LiveServer, org: Org, page: Page
) -> None:
    # given a phone browser with JavaScript switched off
    context = page.context.browser.new_context(  # type: ignore[union-attr]
        java_script_enabled=False, viewport={"width": 390, "height": 800}
    )
    plain = context.new_page()
    try:
        sign_in(plain, live_server.url, org.owner)
        # then there is no button that would do nothing, and the navigation is simply shown
        expect(plain.get_by_role("button", name="Menu")).to_be_hidden()
        nav = plain.get_by_role("navigation", name="Main")
        expect(nav.get_by_role("link", name="My learning")).to_be_visible()
        # and its menus still open, as plain <details>
        open_from_menu(plain, "People", "Teams")
        expect(plain).to_have_url(re.compile(r"/teams/$"))
    finally:
        context.close()


def test_the_header_search_box_searches_everything(
    page: Page, live_server: LiveServer, org: Org
) -> None:
    sign_in(page, live_server.url, org.owner)
    # given the home page, which has no search box of its own, "/" goes to the header's
    page.keyboard.press("/")
    box = page.get_by_role("searchbox", name="Search Peerlearn")
    expect(box).to_be_focused()
    # when the owner types and presses Enter, the search page shows the query
    page.keyboard.type("Piet")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/search/\?q=Piet$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Search")
