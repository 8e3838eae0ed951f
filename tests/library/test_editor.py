from __future__ import annotations

import pytest
from django.urls import reverse

from mentorlab.library.models import Article

NEW = reverse("library:create")
PREVIEW = reverse("library:preview")


def edit_url(slug: str) -> str:
    return reverse("library:edit", args=[slug])


def form_data(**overrides):
    data = {
        "slug": "new-page",
        "audiences": ["actor", "mentor"],
        "phases": ["during"],
        "order": "15",
        "tool": "",
        "is_published": "on",
        "en-title": "A new page",
        "en-summary": "Short.",
        "en-body": "Some **text**.",
        "fi-title": "",
        "fi-summary": "",
        "fi-body": "",
        "sv-title": "",
        "sv-summary": "",
        "sv-body": "",
    }
    data.update(overrides)
    return data


# --- who may edit ----------------------------------------------------------------------


def test_coordinator_can_open_the_editor(as_user, coordinator, programme, article_factory):
    article_factory("faq", title="FAQ")
    assert as_user(coordinator).get(NEW).status_code == 200
    response = as_user(coordinator).get(edit_url("faq"))
    assert response.status_code == 200
    assert "FAQ" in response.content.decode()


def test_staff_can_open_the_editor(as_user, db):
    from tests.factories import UserFactory
    from tests.second_factor import totp_add

    staff = UserFactory(is_staff=True)
    totp_add(staff)  # staff sign in with a second factor
    assert as_user(staff).get(NEW).status_code == 200


@pytest.mark.parametrize("persona", ["actor", "mentor", "outsider"])
def test_non_coordinators_get_404_everywhere_in_the_editor(
    request, as_user, persona, article_factory
):
    article_factory("faq", title="FAQ")
    client = as_user(request.getfixturevalue(persona))
    assert client.get(NEW).status_code == 404
    assert client.post(NEW, form_data()).status_code == 404
    assert client.get(edit_url("faq")).status_code == 404
    assert client.post(edit_url("faq"), form_data(slug="faq")).status_code == 404
    assert client.post(PREVIEW, {"language": "en", "en-body": "x"}).status_code == 404
    assert Article.objects.count() == 1


def test_anonymous_visitor_is_sent_to_sign_in(client, article_factory):
    article_factory("faq")
    for url in (NEW, edit_url("faq")):
        response = client.get(url)
        assert response.status_code == 302
        assert "/accounts/login/" in response["Location"]
    assert client.post(PREVIEW, {"language": "en"}).status_code == 302


def test_edit_link_shown_only_to_coordinators(as_user, coordinator, actor, article_factory):
    article_factory("faq")
    url = reverse("library:detail", args=["faq"])
    assert "Edit this article" in as_user(coordinator).get(url).content.decode()
    assert "Edit this article" not in as_user(actor).get(url).content.decode()


# --- saving ----------------------------------------------------------------------------


def test_coordinator_creates_an_article(as_user, coordinator, programme):
    response = as_user(coordinator).post(
        NEW, form_data(**{"fi-title": "Uusi", "fi-body": "Teksti"})
    )
    assert response.status_code == 302
    article = Article.objects.get(slug="new-page")
    assert article.is_published and article.order == 15
    assert article.audience_codes == ["actor", "mentor"]
    assert sorted(t.language for t in article.translations.all()) == ["en", "fi"]
    page = as_user(coordinator).get(response["Location"]).content.decode()
    assert "<strong>text</strong>" in page


def test_coordinator_edits_and_removes_a_translation(
    as_user, coordinator, programme, article_factory
):
    article_factory("faq", title="FAQ", translations={"sv": ("Frågor", "Svar")})
    response = as_user(coordinator).post(
        edit_url("faq"), form_data(slug="faq", **{"en-title": "Questions and answers"})
    )
    assert response.status_code == 302
    article = Article.objects.get(slug="faq")
    assert article.translation_for("en").title == "Questions and answers"
    assert article.translation_for("sv").language == "en"  # Swedish emptied: falls back


def test_missing_english_is_refused_and_input_kept(as_user, coordinator, programme):
    response = as_user(coordinator).post(
        NEW,
        form_data(
            **{
                "en-title": "",
                "en-summary": "",
                "en-body": "",
                "fi-title": "Vain suomeksi",
                "fi-body": "x",
            }
        ),
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "needs an English version" in page
    assert "Vain suomeksi" in page
    assert not Article.objects.exists()


def test_title_without_text_is_refused(as_user, coordinator, programme):
    response = as_user(coordinator).post(NEW, form_data(**{"sv-title": "Rubrik"}))
    assert "Write the text" in response.content.decode()
    assert not Article.objects.exists()


def test_audience_and_phase_are_required(as_user, coordinator, programme):
    response = as_user(coordinator).post(NEW, form_data(audiences=[], phases=[]))
    assert response.status_code == 200
    assert not Article.objects.exists()


def test_duplicate_and_reserved_slugs_are_refused(as_user, coordinator, programme, article_factory):
    article_factory("faq")
    response = as_user(coordinator).post(NEW, form_data(slug="faq"))
    assert response.status_code == 200
    assert "already exists" in response.content.decode()
    response = as_user(coordinator).post(NEW, form_data(slug="preview"))
    assert "used by the library itself" in response.content.decode()
    assert Article.objects.count() == 1


# --- preview ---------------------------------------------------------------------------


def test_preview_returns_sanitised_html(as_user, coordinator, programme):
    response = as_user(coordinator).post(
        PREVIEW,
        {
            "language": "en",
            "en-title": "Preview me",
            "en-body": '**bold** <script>alert(1)</script> <a href="javascript:evil()">x</a>'
            ' <img src=x onerror="alert(2)">',
        },
        headers={"HX-Request": "true"},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "<strong>bold</strong>" in page and "Preview me" in page
    assert "<script" not in page and "alert" not in page
    assert "javascript:" not in page and "onerror" not in page
    assert "<html" not in page


def test_preview_of_another_language(as_user, coordinator, programme):
    response = as_user(coordinator).post(
        PREVIEW, {"language": "sv", "sv-body": "*hej*", "en-body": "hello"}
    )
    page = response.content.decode()
    assert "<em>hej</em>" in page and "hello" not in page


def test_preview_only_by_post(as_user, coordinator, programme):
    assert as_user(coordinator).get(PREVIEW).status_code == 405
