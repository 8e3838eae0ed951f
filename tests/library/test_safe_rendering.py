from __future__ import annotations

import pytest

from mentorlab.core.markdown import render_markdown as render


def render_markdown(text: str) -> str:
    """The library's articles are rendered with the "article" profile."""
    return render(text, profile="article")


def test_markdown_formatting_is_kept():
    html = render_markdown("## Steps\n\n- **one**\n- *two*\n\n[Toolkit](/toolkit/journal/)")
    assert "<h2>Steps</h2>" in html
    assert "<strong>one</strong>" in html
    assert "<em>two</em>" in html
    assert 'href="/toolkit/journal/"' in html


def test_script_tags_and_their_content_are_removed():
    html = render_markdown("Hello <script>alert('x')</script> world")
    assert "<script" not in html
    assert "alert" not in html
    assert "Hello" in html and "world" in html


@pytest.mark.parametrize(
    "source",
    [
        '<img src="x" onerror="alert(1)">',
        '<a href="/ok" onclick="alert(1)">link</a>',
        '<p onmouseover="alert(1)">hover</p>',
        '<div style="x" onload="alert(1)">x</div>',
    ],
)
def test_event_handler_attributes_are_removed(source):
    html = render_markdown(source)
    assert "onerror" not in html
    assert "onclick" not in html
    assert "onmouseover" not in html
    assert "onload" not in html
    assert "alert" not in html


@pytest.mark.parametrize(
    "source",
    [
        "[click me](javascript:alert(1))",
        '<a href="javascript:alert(1)">click me</a>',
        '<a href="JaVaScRiPt:alert(1)">click me</a>',
        '<a href="data:text/html,<script>alert(1)</script>">click me</a>',
    ],
)
def test_javascript_and_data_links_lose_their_address(source):
    html = render_markdown(source)
    assert "javascript" not in html.lower()
    assert "data:" not in html
    assert "click me" in html


def test_iframes_styles_and_forms_are_removed():
    html = render_markdown(
        '<iframe src="https://evil.example"></iframe><style>p{}</style>'
        '<form action="/x"><input name="a"></form>'
    )
    for tag in ("<iframe", "<style", "<form", "<input"):
        assert tag not in html


def test_a_top_level_heading_becomes_a_section_heading():
    # The page title is the page's only h1.
    assert "<h1" not in render_markdown("# Big title")
    assert "<h2>Big title</h2>" in render_markdown("# Big title")


def test_external_links_get_safe_rel():
    html = render_markdown("[site](https://example.org)")
    assert 'rel="noopener noreferrer"' in html
