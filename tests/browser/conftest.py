"""Browser tests: Playwright for Python driving the system's Chromium against `live_server`.

Nothing is downloaded: the browser is Debian's `/usr/bin/chromium` (or $CHROMIUM) and
axe-core comes from npm (`tests/browser/node_modules`, installed by `npm ci`). When either is
missing the tests skip and say how to install it. `.ci/run` installs both, so CI runs them.

Screenshots land in `test-artifacts/screenshots/<test>/` at the project root (git-ignored);
every run replaces the folder of each test it runs.

Signing in goes through one helper, `sign_in()`: the journey and the page checks never type
a coordinator's password, so when coordinators need a second factor only that helper changes.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.test import Client

from tests.second_factor import sign_in as second_factor_sign_in

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"
CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
NODE_MODULES = Path(__file__).resolve().parent / "node_modules"
AXE = NODE_MODULES / "axe-core" / "axe.min.js"
VNU = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"
JAVA = Path(os.environ.get("JAVA") or shutil.which("java") or "/usr/bin/java")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
DESKTOP = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}


def _missing_for_vnu() -> str | None:
    """Why the HTML checks (vnu on Java, no browser) cannot run here, with the fix."""
    if not JAVA.exists():
        return (
            f"Java not found at {JAVA}: sudo apt-get install -y default-jre-headless "
            "(or set JAVA to its path)"
        )
    if not VNU.exists():
        return "vnu-jar is not installed: (cd tests/browser && npm ci --ignore-scripts)"
    return None


def _missing() -> str | None:
    """Why the browser tests cannot run here, with the command that fixes it."""
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "Playwright is not installed: .venv/bin/pip install -e '.[dev]'"
    if not CHROMIUM.exists():
        return (
            f"Chromium not found at {CHROMIUM}: sudo apt-get install -y chromium chromium-driver "
            "(or set CHROMIUM to its path; never `playwright install`)"
        )
    if not AXE.exists():
        return "axe-core is not installed: (cd tests/browser && npm ci --ignore-scripts)"
    return None


def pytest_collection_modifyitems(config: Any, items: list[Any]) -> None:
    """Skip the browser tests, saying what to install, when something they need is missing;
    with BROWSER_TESTS=required (CI) stop the run instead. Tests marked `vnu` need Java and
    vnu-jar, not Chromium."""
    reasons: dict[str, str | None] = {}
    for item in items:
        if item.get_closest_marker("vnu"):
            kind, check = "vnu", _missing_for_vnu
        elif item.get_closest_marker("browser"):
            kind, check = "browser", _missing
        else:
            continue
        if kind not in reasons:
            reasons[kind] = check()
        reason = reasons[kind]
        if reason is None:
            continue
        if os.environ.get("BROWSER_TESTS") == "required":
            raise pytest.UsageError(f"BROWSER_TESTS=required, but {reason}")
        item.add_marker(pytest.mark.skip(reason=reason))


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Chromium, for one test module at a time.

    Playwright's sync API keeps an asyncio loop in the test's thread for as long as it runs,
    and Django refuses ORM calls from a thread with a running loop. The browser tests' own ORM
    calls (fixtures, checks, flushing the database) are plain synchronous code, so
    DJANGO_ALLOW_ASYNC_UNSAFE is set exactly while Playwright runs: per module, so that the
    loop and the variable never reach other tests (a subprocess inheriting the variable fails
    `check --deploy`, rightly)."""
    from playwright.sync_api import sync_playwright

    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            yield chromium
            chromium.close()
    finally:
        if previous is None:
            del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def new_page(browser: Any, live_server: Any) -> Iterator[Callable[..., Any]]:
    """`new_page(user=None, viewport=DESKTOP, language="en")`: a fresh browser context's page,
    signed in as `user`, whose relative `goto()` addresses go to the live server."""
    contexts: list[Any] = []

    def make(user: Any = None, viewport: dict[str, int] | None = None, language: str = "en"):
        context = browser.new_context(
            base_url=live_server.url, viewport=viewport or DESKTOP, locale=language
        )
        # Generous: CI machines and a shared developer machine can be slow.
        context.set_default_timeout(30_000)
        contexts.append(context)
        if language != "en":
            context.add_cookies(
                [{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": live_server.url}]
            )
        if user is not None:
            sign_in(context, live_server.url, user)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


def sign_in(context: Any, url: str, user: Any) -> None:
    """Sign `user` in to a browser context without the login form (a session cookie).

    The one place that knows how a test person gets past sign-in: a person with an
    authenticator (coordinators must have one) gets a session that passed the second factor,
    as tests.second_factor.sign_in leaves it."""
    client = second_factor_sign_in(Client(), user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie.value, "url": url}])


@dataclass
class Screenshots:
    """Numbered full-page screenshots of one test, in test-artifacts/screenshots/<test>/."""

    folder: Path
    taken: list[Path] = field(default_factory=list)

    def take(self, page: Any, name: str) -> Path:
        path = self.folder / f"{len(self.taken) + 1:02d}-{name}.png"
        page.screenshot(path=str(path), full_page=True)
        self.taken.append(path)
        return path


@pytest.fixture
def screenshots(request: Any) -> Screenshots:
    folder = SCREENSHOTS / re.sub(r"[^\w.-]+", "-", request.node.name).strip("-")
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    return Screenshots(folder)


def axe_problems(page: Any) -> list[str]:
    """Serious and critical axe-core violations on the page, one line per rule and element."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        # Evaluated through the DevTools protocol, which a strict Content-Security-Policy
        # (no inline scripts) does not block, unlike an injected <script> tag.
        page.evaluate(AXE.read_text(encoding="utf-8"))
    result = page.evaluate(
        "() => axe.run(document, {resultTypes: ['violations']})"
        ".then(r => r.violations.filter(v => ['serious', 'critical'].includes(v.impact))"
        ".map(v => ({id: v.id, impact: v.impact, help: v.help,"
        " nodes: v.nodes.map(n => n.target.join(' ')).slice(0, 5)})))"
    )
    return [f"{v['impact']} {v['id']} ({v['help']}): {', '.join(v['nodes'])}" for v in result or []]


def sideways_scroll(page: Any) -> str:
    """Why the page scrolls sideways (the widest element sticking out), or "" if it does not."""
    return str(
        page.evaluate(
            """() => {
  const over = document.scrollingElement.scrollWidth - window.innerWidth;
  if (over <= 0) return "";
  let worst = null, right = window.innerWidth;
  for (const el of document.body.querySelectorAll("*")) {
    const r = el.getBoundingClientRect().right;
    if (r > right) { right = r; worst = el; }
  }
  const name = worst ? worst.tagName.toLowerCase() + (worst.className ? "." + String(worst.className).trim().split(/\\s+/).join(".") : "") : "?";
  return `scrolls sideways by ${over}px at ${window.innerWidth}px (widest: ${name})`;
}"""
        )
    )
