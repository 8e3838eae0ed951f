"""A `next` address from a request is used only when it is a path on this site."""

from __future__ import annotations

import pytest
from django.test import RequestFactory

from mentorlab.core.redirects import safe_next_path


@pytest.mark.parametrize(
    "candidate",
    ["/toolkit/journal/", "/toolkit/journal/?week=3", "/events/12/#register"],
)
def test_a_path_on_this_site_is_kept(candidate):
    assert safe_next_path(RequestFactory().get("/"), candidate) == candidate


@pytest.mark.parametrize(
    "candidate",
    [
        None,
        "",
        "abc",
        "careerdesign:index",
        "https://evil.example/",
        "http://testserver/toolkit/",
        "//evil.example/",
        "/\\\\evil.example/",
        "/\\evil.example/",
        "javascript:alert(1)",
        " /toolkit/",
    ],
)
def test_anything_else_is_ignored(candidate):
    assert safe_next_path(RequestFactory().get("/"), candidate) is None


def test_no_view_passes_request_data_to_djangos_redirect():
    """`redirect()` tries its argument as a view name first; request data goes through
    safe_next_path and HttpResponseRedirect instead."""
    import re
    from pathlib import Path

    import mentorlab

    pattern = re.compile(r"redirect\(\s*(request\.|back\b|next\b|target\b|url\b)")
    offenders = [
        f"{path}:{number}"
        for path in Path(mentorlab.__file__).parent.rglob("*.py")
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if pattern.search(line) and "HttpResponseRedirect" not in line
    ]
    assert not offenders
