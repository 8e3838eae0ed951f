"""Keyboard use, and the menu button on small screens."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.conftest import DESKTOP, PHONE
from tests.factories import ProgrammeFactory, UserFactory

pytestmark = pytest.mark.browser

# What the focused element is: its field name, or its text for links and buttons, and
# whether the focus can be seen (an outline or the focus ring's box shadow).
FOCUSED = """() => {
  const el = document.activeElement;
  const style = getComputedStyle(el);
  return {
    tag: el.tagName.toLowerCase(),
    name: el.name || "",
    text: (el.innerText || el.value || "").trim(),
    visible: style.outlineStyle !== "none" || style.boxShadow !== "none",
  };
}"""


@pytest.fixture
def programme(transactional_db: Any) -> Any:
    return ProgrammeFactory(name="Mentoring 2031", slug="mentoring-2031")


def test_student_application_form_works_by_keyboard(programme: Any, new_page: Any) -> None:
    """Tab goes from the skip link through every field of the form, in order, to the submit
    button, and the focus can always be seen."""
    page = new_page(UserFactory(full_name="Sanni Student"), DESKTOP)
    page.goto(f"/programmes/{programme.slug}/apply/actor/")
    form = page.locator("main form[method=post]")
    expected = form.evaluate(
        """form => [...new Set([...form.elements]
             .filter(el => el.name && el.type !== "hidden" && !el.disabled)
             .map(el => el.name))]"""
    )
    page.keyboard.press("Tab")
    first = page.evaluate(FOCUSED)
    assert first["text"] == "Skip to content" and first["visible"], first
    visited: list[str] = []
    invisible: list[str] = []
    for _ in range(200):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED)
        if not focused["visible"]:
            invisible.append(f"{focused['tag']} {focused['name'] or focused['text']}")
        if focused["name"] and focused["name"] not in visited:
            visited.append(focused["name"])
        if focused["tag"] == "button" and focused["text"] == "Send application":
            break
    else:
        pytest.fail(f"Tab never reached the submit button; visited {visited}")
    form_fields = [name for name in visited if name in expected]
    assert form_fields == expected, "fields skipped or out of order"
    assert not invisible, f"focus not visible on: {invisible}"


def test_skip_link_moves_the_focus_to_the_content(programme: Any, new_page: Any) -> None:
    page = new_page(None, DESKTOP)
    page.goto("/")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


def test_menu_button_on_a_phone_opens_and_closes_by_keyboard(
    programme: Any, new_page: Any, screenshots: Any
) -> None:
    page = new_page(UserFactory(), PHONE)
    page.goto("/")
    button = page.get_by_role("button", name="Menu")
    events = page.get_by_role("navigation", name="Main").get_by_role("link", name="Events")
    assert button.is_visible()
    assert button.get_attribute("aria-expanded") == "false"
    assert not events.is_visible()
    # Skip link, the site's name, then the menu button.
    for _ in range(3):
        page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "menu-button"
    page.keyboard.press("Enter")
    assert button.get_attribute("aria-expanded") == "true"
    assert events.is_visible()
    screenshots.take(page, "menu-open")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.innerText") == "My home"
    page.keyboard.press("Escape")
    assert button.get_attribute("aria-expanded") == "false"
    assert not events.is_visible()
    assert page.evaluate("document.activeElement.className") == "menu-button"
    page.keyboard.press("Space")
    assert events.is_visible()


def test_desktop_shows_the_menu_without_a_button(programme: Any, new_page: Any) -> None:
    page = new_page(UserFactory(), DESKTOP)
    page.goto("/")
    assert not page.get_by_role("button", name="Menu").is_visible()
    nav = page.get_by_role("navigation", name="Main")
    assert nav.get_by_role("link", name="Events").is_visible()
    # Everything fits on one line.
    assert nav.bounding_box()["height"] < 80  # type: ignore[index]


def test_pages_run_no_inline_script(programme: Any, new_page: Any) -> None:
    """The menu and the rest work under a Content-Security-Policy without 'unsafe-inline'."""
    page = new_page(UserFactory(), PHONE)
    page.goto("/")
    assert page.evaluate("document.querySelectorAll('script:not([src])').length") == 0
    assert (
        page.evaluate(
            "[...document.querySelectorAll('*')].some(el =>"
            " [...el.attributes].some(a => a.name.startsWith('on')))"
        )
        is False
    )
