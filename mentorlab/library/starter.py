"""The starter set shipped with the package: Markdown files named `<slug>.<lang>.md` in
`content/`, each opening with a small front-matter block:

    ---
    title: The first meeting
    summary: One or two sentences for lists.
    audience: actor, mentor          (English file only)
    phase: first-meeting             (English file only)
    order: 40                        (English file only)
    tool: careerdesign:journal       (English file only, optional)
    ---
    Markdown text…
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from .models import FALLBACK_LANGUAGE, TOOLS, ArticleLanguage, Audience, LibraryPhase

CONTENT_DIR = Path(__file__).resolve().parent / "content"
FILE_NAME = re.compile(r"^(?P<slug>[a-z0-9]+(?:-[a-z0-9]+)*)\.(?P<lang>[a-z]{2})\.md$")
META_KEYS = {"audience", "phase", "order", "tool"}
TEXT_KEYS = {"title", "summary"}


class StarterError(ValueError):
    """A starter file is malformed; the message names the file and what is wrong."""


@dataclass
class StarterText:
    title: str
    summary: str
    body: str


@dataclass
class StarterArticle:
    slug: str
    audiences: list[str] = field(default_factory=list)
    phases: list[str] = field(default_factory=list)
    order: int = 100
    tool: str = ""
    texts: dict[str, StarterText] = field(default_factory=dict)


def _split_list(value: str) -> list[str]:
    return [item.strip() for item in value.split(",") if item.strip()]


def parse_file(path: Path) -> tuple[str, str, dict[str, str], str]:
    """(slug, language, front matter, body) of one file."""
    match = FILE_NAME.match(path.name)
    if not match:
        raise StarterError(f"{path.name}: name it <slug>.<language>.md, e.g. first-meeting.fi.md")
    text = path.read_text(encoding="utf-8").replace("\r\n", "\n")
    if not text.startswith("---\n"):
        raise StarterError(f"{path.name}: the file must start with a '---' front-matter block")
    try:
        head, body = text[4:].split("\n---\n", 1)
    except ValueError:
        raise StarterError(
            f"{path.name}: the front-matter block is not closed with '---'"
        ) from None
    meta: dict[str, str] = {}
    for number, line in enumerate(head.splitlines(), start=2):
        if not line.strip():
            continue
        key, sep, value = line.partition(":")
        key = key.strip().lower()
        if not sep or key not in META_KEYS | TEXT_KEYS:
            raise StarterError(
                f"{path.name}, line {number}: expected one of "
                f"{', '.join(sorted(META_KEYS | TEXT_KEYS))} followed by ':'"
            )
        value = value.strip()
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
            value = value[1:-1]  # quotes allow a title that contains a colon
        meta[key] = value
    return match["slug"], match["lang"], meta, body.strip()


def read_starter_set(directory: Path = CONTENT_DIR) -> list[StarterArticle]:
    """Every article in `directory`, validated; raises StarterError on the first problem."""
    articles: dict[str, StarterArticle] = {}
    languages = set(ArticleLanguage.values)
    tools = {value for value, _label in TOOLS}
    metas: dict[str, tuple[str, dict[str, str]]] = {}
    for path in sorted(directory.glob("*.md")):
        slug, language, meta, body = parse_file(path)
        if language not in languages:
            raise StarterError(
                f"{path.name}: language must be one of {', '.join(sorted(languages))}"
            )
        if not meta.get("title"):
            raise StarterError(f"{path.name}: 'title' is missing")
        if not body.strip():
            raise StarterError(f"{path.name}: the text after the front matter is empty")
        article = articles.setdefault(slug, StarterArticle(slug=slug))
        article.texts[language] = StarterText(meta["title"], meta.get("summary", ""), body)
        if language == FALLBACK_LANGUAGE:
            metas[slug] = (path.name, meta)
        elif META_KEYS & meta.keys():
            raise StarterError(
                f"{path.name}: audience, phase, order and tool belong in the English file only"
            )
    for slug, article in articles.items():
        if slug not in metas:
            raise StarterError(f"{slug}: there is no English file {slug}.en.md")
        name, meta = metas[slug]
        article.audiences = _split_list(meta.get("audience", ""))
        article.phases = _split_list(meta.get("phase", ""))
        if not article.audiences or set(article.audiences) - set(Audience.values):
            raise StarterError(f"{name}: audience must list some of {', '.join(Audience.values)}")
        if not article.phases or set(article.phases) - set(LibraryPhase.values):
            raise StarterError(f"{name}: phase must list some of {', '.join(LibraryPhase.values)}")
        try:
            article.order = int(meta.get("order", "100"))
        except ValueError:
            raise StarterError(f"{name}: order must be a whole number") from None
        article.tool = meta.get("tool", "")
        if article.tool not in tools:
            raise StarterError(f"{name}: unknown tool '{article.tool}'")
    return [articles[slug] for slug in sorted(articles)]
