from __future__ import annotations

from django.urls import reverse


def test_reader_sees_the_rendered_article(client, article_factory):
    article_factory("cornerstones", title="Cornerstones", body="## Commitment\n\nBook **early**.")
    page = client.get(reverse("library:detail", args=["cornerstones"])).content.decode()
    assert "<h1>Cornerstones</h1>" in page
    assert "<h2>Commitment</h2>" in page
    assert "<strong>early</strong>" in page


def test_article_body_is_sanitised_on_the_page(client, article_factory):
    article_factory(
        "evil", title="Evil", body='Hi <script>alert(1)</script><a href="javascript:x()">x</a>'
    )
    page = client.get(reverse("library:detail", args=["evil"])).content.decode()
    assert "alert(1)" not in page
    assert "javascript:x" not in page


def test_finnish_reader_gets_the_finnish_version(client, article_factory, settings):
    article_factory("roles", title="Roles", translations={"fi": ("Roolit", "Aktori johtaa.")})
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fi"
    page = client.get(reverse("library:detail", args=["roles"])).content.decode()
    assert "<h1>Roolit</h1>" in page
    assert "Aktori johtaa." in page


def test_missing_translation_falls_back_to_english_with_a_note(client, article_factory, settings):
    article_factory("faq", title="Frequently asked", body="English answers.")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "sv"
    page = client.get(reverse("library:detail", args=["faq"])).content.decode()
    assert "Frequently asked" in page
    assert "English answers." in page
    assert 'lang="en"' in page  # the English text is marked as English for screen readers


def test_draft_is_404_for_readers_but_visible_to_coordinators(
    client, article_factory, as_user, actor, coordinator
):
    article_factory("draft", title="Draft page", published=False)
    url = reverse("library:detail", args=["draft"])
    assert client.get(url).status_code == 404
    assert as_user(actor).get(url).status_code == 404
    response = as_user(coordinator).get(url)
    assert response.status_code == 200
    assert "only coordinators can see" in response.content.decode()


def test_unknown_article_is_404(client, db):
    assert client.get(reverse("library:detail", args=["nothing-here"])).status_code == 404


def test_tool_button_is_shown_only_when_the_toolkit_page_exists(
    as_user, actor, article_factory, monkeypatch
):
    article_factory("journal", title="Journal", tool="careerdesign:journal")
    url = reverse("library:detail", args=["journal"])
    from mentorlab.library import views

    monkeypatch.setattr(views, "tool_url", lambda name: "")
    assert "Open this exercise" not in as_user(actor).get(url).content.decode()
    monkeypatch.setattr(views, "tool_url", lambda name: "/toolkit/journal/")
    page = as_user(actor).get(url).content.decode()
    assert "Open this exercise" in page
    assert 'href="/toolkit/journal/"' in page


def test_tool_button_is_offered_only_to_students_who_may_open_the_toolkit(
    as_user, article_factory, actor, mentor, coordinator
):
    """Mentors, coordinators and visitors were offered the button, and the toolkit answered
    them "not found"."""
    article_factory("values", title="Values", tool="careerdesign:values")
    url = reverse("library:detail", args=["values"])
    toolkit = reverse("careerdesign:values")
    for person in (None, mentor, coordinator):
        client = as_user(person)
        assert "Open this exercise" not in client.get(url).content.decode(), person
        assert client.get(toolkit).status_code in (302, 404), person
    client = as_user(actor)
    assert (
        f'href="{toolkit}">Open this exercise in your toolkit</a>'
        in client.get(url).content.decode()
    )
    assert client.get(toolkit).status_code == 200


def test_tool_url_survives_a_missing_toolkit_url_name():
    from mentorlab.library.templatetags.library_tags import tool_url

    assert tool_url("careerdesign:no-such-page") == ""
    assert tool_url("") == ""
    assert tool_url("library:index") == reverse("library:index")
