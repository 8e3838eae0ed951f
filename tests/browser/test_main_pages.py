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
