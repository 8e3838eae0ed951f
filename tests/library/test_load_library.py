from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from mentorlab.library import demo
from mentorlab.library.models import Article, ArticleTranslation
from mentorlab.library.services import library_load
from mentorlab.library.starter import CONTENT_DIR

CORE_PAGES = [
    "purpose-of-mentoring",
    "cornerstones",
    "roles",
    "first-meeting",
    "mentoring-agreement",
    "mid-programme-dip",
    "ending-well",
    "faq",
]
TOOL_PAGES = {
    "good-time-journal": "careerdesign:journal",
    "meaningful-moments": "careerdesign:moments",
    "values-and-strengths": "careerdesign:values",
    "odyssey-plans": "careerdesign:odyssey",
    "prototypes": "careerdesign:prototypes",
    "career-story": "careerdesign:story",
}


def write(directory: Path, name: str, text: str) -> None:
    (directory / name).write_text(text, encoding="utf-8")


@pytest.fixture
def content(db, tmp_path):
    write(
        tmp_path,
        "goals.en.md",
        "---\ntitle: Goals\nsummary: Set them.\naudience: actor, mentor\nphase: during\n"
        "order: 5\n---\nWrite goals.\n",
    )
    write(tmp_path, "goals.fi.md", "---\ntitle: Tavoitteet\n---\nKirjoita tavoitteet.\n")
    return tmp_path


def load(directory: Path, *args: str) -> str:
    out = StringIO()
    call_command("load_library", "--directory", str(directory), *args, stdout=out)
    return out.getvalue()


def test_shipped_starter_set_loads_with_translations_and_tools(db):
    report = library_load()
    assert len(report.created) >= 19
    for slug in CORE_PAGES:
        article = Article.objects.get(slug=slug)
        assert article.is_published
        assert sorted(t.language for t in article.translations.all()) == ["en", "fi", "sv"]
    for slug, tool in TOOL_PAGES.items():
        assert Article.objects.get(slug=slug).tool == tool


def test_every_english_starter_page_is_a_useful_length():
    for path in CONTENT_DIR.glob("*.en.md"):
        body = path.read_text(encoding="utf-8").split("\n---\n", 1)[1]
        assert 180 <= len(body.split()) <= 480, path.name


def test_loading_twice_changes_nothing(db):
    library_load()
    stamps = dict(Article.objects.values_list("slug", "updated_at"))
    report = library_load()
    assert report.created == [] and report.updated == [] and report.kept == []
    assert dict(Article.objects.values_list("slug", "updated_at")) == stamps
    assert Article.objects.count() == len(report.unchanged)


def test_changed_file_updates_an_untouched_article(content):
    load(content)
    write(content, "goals.fi.md", "---\ntitle: Tavoitteet\n---\nUusi teksti.\n")
    output = load(content)
    assert "updated: goals" in output
    assert ArticleTranslation.objects.get(language="fi").body == "Uusi teksti."


def test_new_language_file_is_added(content):
    load(content)
    write(content, "goals.sv.md", "---\ntitle: Mål\n---\nSkriv mål.\n")
    load(content)
    assert Article.objects.get(slug="goals").translation_for("sv").title == "Mål"


def test_coordinator_edit_is_kept_when_the_file_changes(content):
    load(content)
    row = ArticleTranslation.objects.get(language="en")
    row.body = "Our own version."
    row.save()
    write(
        content,
        "goals.en.md",
        "---\ntitle: Goals\nsummary: Set them.\naudience: actor, mentor\nphase: during\n"
        "order: 5\n---\nA changed file.\n",
    )
    output = load(content)
    assert "kept (edited by a coordinator): goals.en" in output
    assert ArticleTranslation.objects.get(language="en").body == "Our own version."
    # --force puts the file's version back
    load(content, "--force")
    assert ArticleTranslation.objects.get(language="en").body == "A changed file."


def test_coordinator_changed_tags_are_kept(content):
    load(content)
    article = Article.objects.get(slug="goals")
    article.phases.set(["halfway"])
    write(
        content,
        "goals.en.md",
        "---\ntitle: Goals\nsummary: Set them.\naudience: actor\nphase: closing\n"
        "order: 7\n---\nWrite goals.\n",
    )
    load(content)
    article.refresh_from_db()
    assert article.phase_codes == ["halfway"]
    assert article.audience_codes == ["actor", "mentor"]


def test_unpublishing_survives_a_reload(content):
    load(content)
    Article.objects.filter(slug="goals").update(is_published=False)
    load(content)
    assert not Article.objects.get(slug="goals").is_published


def test_coordinators_own_article_with_the_same_slug_is_not_touched(content, article_factory):
    article_factory("goals", title="Our goals page", body="Ours.")
    load(content)
    article = Article.objects.get(slug="goals")
    assert article.translation_for("en").body == "Ours."
    assert article.translation_for("fi").language == "en"  # no Finnish added to it


def test_nothing_is_deleted_when_a_file_disappears(content, article_factory):
    article_factory("coordinator-page", title="Written by a coordinator")
    load(content)
    (content / "goals.fi.md").unlink()
    (content / "goals.en.md").unlink()
    load(content)
    assert set(Article.objects.values_list("slug", flat=True)) == {"goals", "coordinator-page"}
    assert ArticleTranslation.objects.filter(language="fi").exists()


@pytest.mark.parametrize(
    ("name", "text", "message"),
    [
        ("bad name.en.md", "---\ntitle: x\n---\nx", "name it"),
        ("x.de.md", "---\ntitle: x\n---\nx", "language must be"),
        ("x.en.md", "no front matter", "must start with"),
        ("x.en.md", "---\ntitle: x\naudience: aliens\nphase: during\n---\nx", "audience must"),
        ("x.en.md", "---\ntitle: x\naudience: actor\nphase: during\ntool: evil\n---\nx", "tool"),
        ("x.fi.md", "---\ntitle: x\n---\nx", "no English file"),
    ],
)
def test_malformed_file_is_refused_with_its_name_and_nothing_changes(content, name, text, message):
    write(content, name, text)
    with pytest.raises(CommandError, match=message):
        load(content)
    assert not Article.objects.exists()


def test_demo_seed_is_idempotent(db):
    demo.seed(StringIO())
    count = Article.objects.count()
    translations = ArticleTranslation.objects.count()
    demo.seed(StringIO())
    assert Article.objects.count() == count
    assert ArticleTranslation.objects.count() == translations
