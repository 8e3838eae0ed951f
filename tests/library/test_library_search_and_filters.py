from __future__ import annotations

from django.urls import reverse

URL = reverse("library:index")


def titles(response) -> str:
    return response.content.decode()


def test_library_lists_published_articles_only(client, article_factory):
    article_factory("first-meeting", title="The first meeting")
    article_factory("secret-draft", title="Unfinished draft", published=False)
    page = titles(client.get(URL))
    assert "The first meeting" in page
    assert "Unfinished draft" not in page


def test_search_finds_words_in_title_and_body(client, article_factory):
    article_factory("agreement", title="The agreement", body="Confidentiality matters.")
    article_factory("journal", title="Good Time Journal", body="Log your energy.")
    page = titles(client.get(URL, {"q": "confidentiality"}))
    assert "The agreement" in page and "Good Time Journal" not in page
    page = titles(client.get(URL, {"q": "journal"}))
    assert "Good Time Journal" in page and "The agreement" not in page


def test_search_needs_every_word(client, article_factory):
    article_factory("a", title="Booking meetings", body="Book the next meeting early.")
    article_factory("b", title="Goals", body="Review goals at the meeting.")
    page = titles(client.get(URL, {"q": "meeting book"}))
    assert "Booking meetings" in page and "Goals" not in page


def test_search_ignores_case_of_non_ascii_letters(client, article_factory, settings):
    article_factory(
        "tavoitteet",
        title="Goals",
        translations={"fi": ("Tavoitteet", "Älä unohda päivittää tavoitteita.")},
    )
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fi"
    page = titles(client.get(URL, {"q": "ÄLÄ"}))
    assert "Tavoitteet" in page


def test_search_reads_the_readers_language_and_falls_back_to_english(
    client, article_factory, settings
):
    article_factory(
        "dip",
        title="The mid-programme dip",
        body="Revisit your goals.",
        translations={"fi": ("Notkahdus puolivälissä", "Palatkaa tavoitteisiin.")},
    )
    article_factory("faq", title="Questions", body="Revisit the calendar.")  # English only
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fi"
    page = titles(client.get(URL, {"q": "tavoitteisiin"}))
    assert "Notkahdus puolivälissä" in page
    # The FAQ has no Finnish version, so its English text is what Finnish readers search.
    page = titles(client.get(URL, {"q": "calendar"}))
    assert "Questions" in page
    assert "Notkahdus" not in page


def test_search_tries_other_languages_when_nothing_matches(client, article_factory, settings):
    article_factory(
        "dip",
        title="The mid-programme dip",
        body="Revisit your goals.",
        translations={"fi": ("Notkahdus puolivälissä", "Palatkaa tavoitteisiin.")},
    )
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fi"
    page = titles(client.get(URL, {"q": "revisit"}))
    assert "Notkahdus puolivälissä" in page  # shown in the reader's language
    assert "other language versions" in page or "kieliversioista" in page


def test_no_match_says_so(client, article_factory):
    article_factory("a", title="Goals")
    page = titles(client.get(URL, {"q": "zebra"}))
    assert "No article matches" in page


def test_audience_filter_includes_articles_for_everyone(client, article_factory):
    article_factory("for-mentors", title="Questions to ask", audiences=("mentor",))
    article_factory("for-actors", title="Drafting an agenda", audiences=("actor",))
    article_factory("for-all", title="Cornerstones", audiences=("everyone",))
    page = titles(client.get(URL, {"audience": "mentor"}))
    assert "Questions to ask" in page
    assert "Cornerstones" in page
    assert "Drafting an agenda" not in page


def test_phase_filter(client, article_factory):
    article_factory("first", title="First meeting steps", phases=("first-meeting",))
    article_factory("end", title="Ending well", phases=("closing",))
    page = titles(client.get(URL, {"phase": "closing"}))
    assert "Ending well" in page and "First meeting steps" not in page


def test_filters_and_search_combine(client, article_factory):
    article_factory("a", title="Goals for mentors", audiences=("mentor",), phases=("halfway",))
    article_factory("b", title="Goals for actors", audiences=("actor",), phases=("halfway",))
    article_factory("c", title="Goals at the end", audiences=("mentor",), phases=("closing",))
    page = titles(client.get(URL, {"q": "goals", "audience": "mentor", "phase": "halfway"}))
    assert "Goals for mentors" in page
    assert "Goals for actors" not in page and "Goals at the end" not in page


def test_unknown_filter_value_is_ignored_not_an_error(client, article_factory):
    article_factory("a", title="Goals")
    response = client.get(URL, {"audience": "hacker"})
    assert response.status_code == 200


def test_htmx_search_returns_only_the_results(client, article_factory):
    article_factory("a", title="Goals")
    response = client.get(URL, {"q": "goals"}, headers={"HX-Request": "true"})
    page = response.content.decode()
    assert "Goals" in page
    assert "<html" not in page
