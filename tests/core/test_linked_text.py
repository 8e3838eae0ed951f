"""Message text as HTML: escaped, with http(s) addresses (and only those) as links."""

from __future__ import annotations

import pytest

from mentorlab.core.markdown import render_linked_text

REL = 'rel="noopener noreferrer nofollow"'


def test_a_web_address_becomes_a_safe_link_and_the_full_stop_stays_outside():
    html = render_linked_text("Read https://example.org/report.pdf.")
    assert (
        html
        == f'Read <a href="https://example.org/report.pdf" {REL}>https://example.org/report.pdf</a>.'
    )


def test_a_bracket_around_an_address_stays_outside_but_one_inside_is_kept():
    html = render_linked_text("(see https://en.wikipedia.org/wiki/Mentor_(disambiguation))")
    assert 'href="https://en.wikipedia.org/wiki/Mentor_(disambiguation)"' in html
    assert html.endswith("</a>)")


@pytest.mark.parametrize(
    ("text", "html"),
    [
        ("<img src=x onerror=alert(1)>", "&lt;img src=x onerror=alert(1)&gt;"),
        ('javascript:alert(1) "q" & a', 'javascript:alert(1) "q" &amp; a'),
        ("www.example.org and someone@example.org", "www.example.org and someone@example.org"),
        ("https:// alone", "https:// alone"),
        (
            'https://example.org/"><script>alert(1)</script>',
            f'<a href="https://example.org/" {REL}>https://example.org/</a>'
            '"&gt;&lt;script&gt;alert(1)&lt;/script&gt;',
        ),
    ],
)
def test_nothing_but_http_addresses_becomes_markup(text, html):
    assert render_linked_text(text) == html


def test_ampersands_in_an_address_are_escaped_in_the_link():
    html = render_linked_text("https://example.org/?a=1&b=2")
    assert 'href="https://example.org/?a=1&amp;b=2"' in html
