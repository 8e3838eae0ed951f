"""Every page carries a strict Content-Security-Policy, and no template relies on what it
forbids: inline script, event-handler attributes, inline styles, javascript: links.
(That the pages run without violations in a real browser is checked by the browser tests.)"""

from __future__ import annotations

import re
from pathlib import Path

import allauth
import pytest
from django.conf import settings
from django.urls import reverse

TEMPLATES = Path(settings.BASE_DIR) / "mentorlab" / "templates"
ALLAUTH_TEMPLATES = Path(allauth.__file__).parent / "templates"
SCRIPT = re.compile(r"<script\b([^>]*)>(.*?)</script>", re.S | re.I)
HANDLER = re.compile(r"<[^>]*\son[a-z]+\s*=", re.I)
STYLE = re.compile(r"<style\b|<[^>]*\sstyle\s*=", re.I)
JAVASCRIPT_LINK = re.compile(r"<[^>]*javascript:", re.I)
COMMENT = re.compile(r"{#.*?#}|{% comment %}.*?{% endcomment %}", re.S)


def _markup(path: Path) -> str:
    """A template's text less its template comments (which may name what they avoid)."""
    return COMMENT.sub("", path.read_text())


def _policy(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in header.split(";") if part.strip()}


def _page_templates() -> list[Path]:
    # E-mails are not pages: mail clients need inline styles and ignore the header.
    return [p for p in TEMPLATES.rglob("*.html") if "email" not in p.relative_to(TEMPLATES).parts]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "page", ["core:home", "account_login", "account_signup", "library:index", "core:privacy"]
)
def test_public_pages_send_a_strict_policy(client, page):
    policy = _policy(client.get(reverse(page)))
    assert policy["script-src"] == ["'self'"]
    assert policy["style-src"] == ["'self'"]
    assert policy["default-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["base-uri"] == ["'self'"]


def test_signed_in_and_coordinator_pages_send_it_too(as_user, actor, coordinator, programme):
    for user, url in [
        (actor, reverse("careerdesign:index")),
        (actor, reverse("mfa_index")),
        (coordinator, reverse("dashboard:overview", args=[programme.slug])),
        (coordinator, reverse("mfa_activate_totp")),
    ]:
        response = as_user(user).get(url)
        assert "Content-Security-Policy" in response, url
        header = response["Content-Security-Policy"]
        assert "unsafe-inline" not in header and "unsafe-eval" not in header, url


def test_htmx_is_told_not_to_add_styles_or_evaluate_code(client, db):
    html = client.get(reverse("core:home")).content.decode()
    assert '"includeIndicatorStyles": false' in html
    assert '"allowEval": false' in html
    assert "/static/django_htmx/htmx-2.min.js" in html


def test_no_template_has_an_inline_script():
    offenders = []
    for path in [*_page_templates(), *ALLAUTH_TEMPLATES.rglob("*.html")]:
        for attributes, body in SCRIPT.findall(_markup(path)):
            if "src=" in attributes and not body.strip():
                continue
            if 'type="application/json"' in attributes:
                continue  # data for a script file, never run
            offenders.append(str(path))
    assert not offenders


def test_no_template_has_an_event_handler_attribute_or_javascript_link():
    offenders = [
        str(path)
        for path in [*_page_templates(), *ALLAUTH_TEMPLATES.rglob("*.html")]
        if HANDLER.search(_markup(path)) or JAVASCRIPT_LINK.search(_markup(path))
    ]
    assert not offenders


def test_no_page_template_has_an_inline_style():
    offenders = [str(path) for path in _page_templates() if STYLE.search(_markup(path))]
    assert not offenders


def test_the_checks_can_fail():
    assert SCRIPT.search("<script>alert(1)</script>")
    assert HANDLER.search('<button type="button" onclick="window.print()">')
    assert STYLE.search('<p style="color: red">')
    assert JAVASCRIPT_LINK.search('<a href="javascript:alert(1)">')
