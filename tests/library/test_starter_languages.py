"""The starter library ships every article in English, Finnish and Swedish, and each
translation is a whole article, not a stub."""

from __future__ import annotations

import pytest

from mentorlab.library.starter import read_starter_set

ARTICLES = read_starter_set()


def test_the_starter_set_has_all_nineteen_articles():
    assert len(ARTICLES) == 19


@pytest.mark.parametrize("article", ARTICLES, ids=lambda a: a.slug)
def test_every_starter_article_is_in_three_languages(article):
    assert sorted(article.texts) == ["en", "fi", "sv"]
    english = article.texts["en"]
    for language in ("fi", "sv"):
        text = article.texts[language]
        assert text.title and text.summary and text.title != english.title
        # The same sections as the English original, and a comparable length.
        assert text.body.count("\n## ") == english.body.count("\n## "), language
        assert len(text.body) > 0.7 * len(english.body), language
