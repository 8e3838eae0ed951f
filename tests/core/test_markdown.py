"""The one Markdown renderer: each named profile keeps what it allows and lets nothing
dangerous through (script, style, event handlers, javascript: links)."""

from __future__ import annotations

import pytest

from mentorlab.core.markdown import PROFILES, plain_excerpt, render_markdown

PROFILE_NAMES = list(PROFILES)


@pytest.mark.parametrize("profile", PROFILE_NAMES)
@pytest.mark.parametrize(
    "source",
    [
        "Hello <script>alert('x')</script> world",
        "Hello <style>p { color: red }</style> world",
        '<p onclick="alert(1)">Hello</p> world',
        'Hello <img src="x" onerror="alert(1)"> world',
        '<a href="/ok" onmouseover="alert(1)">Hello</a> world',
        "[Hello](javascript:alert(1)) world",
        '<a href="JaVaScRiPt:alert(1)">Hello</a> world',
        '<iframe src="https://evil.example"></iframe>Hello world',
    ],
)
def test_every_profile_strips_scripts_styles_handlers_and_javascript_links(profile, source):
    html = render_markdown(source, profile=profile)
    lowered = html.lower()
    for banned in ("<script", "<style", "alert", "onclick", "onerror", "onmouseover"):
        assert banned not in lowered
    assert "javascript" not in lowered and "<iframe" not in lowered and "color" not in lowered
    assert "Hello" in html and "world" in html


@pytest.mark.parametrize("profile", PROFILE_NAMES)
def test_every_profile_keeps_basic_formatting_and_safe_links(profile):
    html = render_markdown(
        "## Steps\n\n- **one**\n- *two*\n\n> quoted `code`\n\n[site](https://example.org)",
        profile=profile,
    )
    for kept in ("<h2>Steps</h2>", "<strong>one</strong>", "<em>two</em>", "<blockquote>"):
        assert kept in html
    assert "<code>code</code>" in html
    assert 'href="https://example.org"' in html


def test_event_links_are_marked_nofollow():
    html = render_markdown("[site](https://example.org)", profile="event")
    assert 'rel="noopener noreferrer nofollow"' in html


def test_event_descriptions_keep_b_and_i_but_no_tables():
    html = render_markdown(
        "<b>bold</b> <i>it</i>\n\n<table><tr><td>cell</td></tr></table>", profile="event"
    )
    assert "<b>bold</b>" in html and "<i>it</i>" in html
    assert "<table" not in html and "<td" not in html and "cell" in html


def test_articles_keep_tables_abbreviations_and_fold_outs():
    html = render_markdown(
        "| Step | When |\n| --- | --- |\n| Meet | May |\n\n"
        "The HTML spec.\n\n*[HTML]: HyperText Markup Language\n\n"
        "<details><summary>More</summary>Hidden text</details>",
        profile="article",
    )
    assert "<table>" in html and "<th>Step</th>" in html and "<td>May</td>" in html
    assert '<abbr title="HyperText Markup Language">HTML</abbr>' in html
    assert "<details><summary>More</summary>" in html


def test_article_headings_move_below_the_page_title():
    html = render_markdown("# Big\n\n###### Small", profile="article")
    assert "<h1" not in html and "<h6" not in html
    assert "<h2>Big</h2>" in html and "<h4>Small</h4>" in html


def test_plain_excerpt_is_the_first_paragraph_as_text():
    text = "First **bold** words here.\n\nSecond paragraph."
    assert plain_excerpt(text, profile="article") == "First bold words here."
    assert plain_excerpt("one two three four", profile="article", words=2) == "one two…"
