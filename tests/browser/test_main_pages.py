"""Every main page of every role, in Chromium: axe-core finds nothing serious or critical at
desktop width, and at phone width (390×844) nothing makes the page scroll sideways.

One test per role visits all of its pages and reports every problem at once. A full-page
screenshot of each page at both widths lands in test-artifacts/screenshots/<test>/.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.conftest import DESKTOP, PHONE, axe_problems, sideways_scroll
from tests.browser.pages import PAGES, ROLES, page_ids
from tests.performance.world import world_create, world_grow

pytestmark = pytest.mark.browser


@pytest.fixture
def world(transactional_db: Any) -> Any:
    return world_grow(world_create("browser"), 2)


@pytest.mark.parametrize("role", ROLES)
def test_main_pages_have_no_serious_accessibility_problem_and_fit_a_phone(
    role: str, world: Any, new_page: Any, screenshots: Any
) -> None:
    user = None if role == "anonymous" else getattr(world, role)
    ids = page_ids(world)
    desktop = new_page(user, DESKTOP)
    phone = new_page(user, PHONE)
    problems: list[str] = []
    for name, address in PAGES[role]:
        url = address.format(**ids)
        response = desktop.goto(url)
        if response is None or response.status != 200:
            problems.append(f"{name} {url}: status {response and response.status}")
            continue
        problems += [f"{name} {url}: {problem}" for problem in axe_problems(desktop)]
        screenshots.take(desktop, f"{name}-desktop")
        phone.goto(url)
        overflow = sideways_scroll(phone)
        if overflow:
            problems.append(f"{name} {url}: {overflow}")
        screenshots.take(phone, f"{name}-phone")
    assert not problems, "\n".join(problems)


def test_tip_cards_on_the_home_page_have_no_list_bullets(world: Any, new_page: Any) -> None:
    page = new_page(world.actor, DESKTOP)
    page.goto("/")
    cards = page.locator("ul.cards > li")
    assert cards.count() >= 2
    assert (
        cards.evaluate_all("els => els.map(el => getComputedStyle(el).listStyleType)")
        == ["none"] * cards.count()
    )


# The home pages were 3,600-4,000 px long at 1366 px: programme timelines and applications
# one under another, each across the whole page.
HOME_HEIGHT_MAX = 2_600


@pytest.mark.parametrize("role", ROLES)
def test_home_page_is_compact_and_its_tip_cards_fill_their_rows(
    role: str, world: Any, new_page: Any, screenshots: Any
) -> None:
    page = new_page(None if role == "anonymous" else getattr(world, role), DESKTOP)
    page.goto("/")
    screenshots.take(page, "home")
    height = page.evaluate("document.scrollingElement.scrollHeight")
    assert height <= HOME_HEIGHT_MAX, f"{role}'s home page is {height} px long"
    # An orphan card: the last row of tips stops short of the list's right edge.
    gaps = page.evaluate(
        """() => [...document.querySelectorAll("ul.cards.library-home")].map(list => {
  const right = list.getBoundingClientRect().right;
  const cards = [...list.children];
  const rows = new Map();
  for (const card of cards) {
    const r = card.getBoundingClientRect();
    rows.set(Math.round(r.top), Math.max(rows.get(Math.round(r.top)) || 0, r.right));
  }
  return [...rows.values()].map(end => Math.round(right - end));
}).flat()"""
    )
    assert all(gap <= 2 for gap in gaps), f"tip card rows end this far from the edge: {gaps}"


# At 390 px the home pages were 3,150-3,950 px long (the demo student in Finnish: 4,171):
# applications, surveys and programmes repeated what the next steps and the mentorship cards
# already said, and every programme a coordinator runs showed its dozen links open.
PHONE_HOME_HEIGHT_MAX = 2_700


@pytest.mark.parametrize("role", ROLES)
def test_phone_home_page_is_short(role: str, world: Any, new_page: Any, screenshots: Any) -> None:
    page = new_page(None if role == "anonymous" else getattr(world, role), PHONE)
    page.goto("/")
    screenshots.take(page, "home-phone")
    height = page.evaluate("document.scrollingElement.scrollHeight")
    assert height <= PHONE_HOME_HEIGHT_MAX, f"{role}'s home page is {height} px long at 390 px"
