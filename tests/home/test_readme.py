"""The README tells a newcomer what they need to try the demo.

Signing up in the demo sends a confirmation mail that only appears in the server's
terminal (the console mail backend); the README did not say so, and a newcomer waited for a
mail that never came."""

from __future__ import annotations

import re
from pathlib import Path

from mentorlab import settings as project_settings

README = Path(__file__).resolve().parents[2] / "README.md"


def _quick_start() -> str:
    text = README.read_text(encoding="utf-8")
    match = re.search(r"^## Quick start\n(.*?)^## ", text, flags=re.M | re.S)
    assert match, "README has no Quick start section"
    return " ".join(match.group(1).split())


def test_readme_says_where_the_demos_mail_goes():
    # The default without EMAIL_BACKEND set (the tests themselves use Django's locmem).
    backend = project_settings.EMAIL_BACKEND
    assert backend == "django.core.mail.backends.console.EmailBackend", backend
    quick_start = _quick_start()
    assert "printed in the terminal" in quick_start
    assert "confirms your address" in quick_start
