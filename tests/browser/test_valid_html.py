"""Every main page of every role is valid HTML by the W3C Nu HTML checker (vnu).

The pages are the browser checks' list (tests/browser/pages.py), rendered by Django's test
client and written to files, then checked in ONE run of `vnu.jar` (the JVM takes seconds to
start). vnu comes from npm (`vnu-jar` in tests/browser/package.json) and runs on the
machine's Java; the test skips, saying what to install, when either is missing, and fails
instead under BROWSER_TESTS=required (CI). The only messages ignored are about htmx's
`hx-*` attributes, which HTML does not know but browsers leave alone.

vnu also reports headings that skip a level (an h2 followed by an h4), which leave a screen
reader's list of headings with a gap.
"""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from tests.browser.conftest import JAVA, VNU
from tests.browser.pages import PAGES, ROLES, page_ids
from tests.performance.world import world_create, world_grow
from tests.second_factor import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.vnu]

# vnu's wording for an attribute it does not know, e.g. Attribute “hx-post” not allowed on …
HTMX_ATTRIBUTE = re.compile(r"^Attribute “hx-[a-z-]+” not allowed")


def vnu_problems(files: dict[Path, str]) -> list[str]:
    """Errors (and warnings) vnu finds in `files` (path → what to call it), one per line
    with the page's name and line, htmx's attributes left out."""
    result = subprocess.run(
        [str(JAVA), "-jar", str(VNU), "--format", "json", "--stdout", "--exit-zero-always"]
        + [str(path) for path in files],
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )
    names = {path.resolve().as_uri(): name for path, name in files.items()}
    problems = []
    for message in json.loads(result.stdout)["messages"]:
        if message["type"] == "info" and message.get("subType") != "warning":
            continue
        if HTMX_ATTRIBUTE.match(message.get("message", "")):
            continue
        url = message.get("url", "")
        name = names.get(url) or names.get(url.replace("file:/", "file:///", 1)) or url
        kind = "warning" if message["type"] == "info" else message["type"]
        line = message.get("lastLine", "?")
        extract = " ".join(message.get("extract", "").split())
        problems.append(f"{name} line {line}: {kind}: {message['message']} [{extract}]")
    return problems


def test_vnu_reports_an_error_with_the_page_and_line(tmp_path: Path) -> None:
    """The checker itself: a <form> inside a <p> is found, an htmx attribute is not."""
    page = tmp_path / "bad.html"
    page.write_text(
        '<!DOCTYPE html>\n<html lang="en"><head><title>t</title></head>\n'
        '<body><div hx-get="/x"></div>\n<p><form action="/"></form></p></body></html>\n',
        encoding="utf-8",
    )
    problems = vnu_problems({page: "bad page"})
    assert len(problems) == 1, problems
    assert problems[0].startswith("bad page line 4: error: No “p” element in scope")


def test_every_main_page_of_every_role_is_valid_html(db: Any, tmp_path: Path) -> None:
    world = world_grow(world_create("vnu"), 2)
    ids = page_ids(world)
    files: dict[Path, str] = {}
    statuses: list[str] = []
    for role in ROLES:
        client = Client()
        if role != "anonymous":
            sign_in(client, getattr(world, role))
        for name, address in PAGES[role]:
            url = address.format(**ids)
            response = client.get(url)
            if response.status_code != 200:
                statuses.append(f"{role} {name} {url}: status {response.status_code}")
                continue
            path = tmp_path / f"{role}-{name}.html"
            path.write_bytes(response.content)
            files[path] = f"{role} {name} {url}"
    assert not statuses, "\n".join(statuses)
    problems = vnu_problems(files)
    assert not problems, f"{len(problems)} problems:\n" + "\n".join(problems)
