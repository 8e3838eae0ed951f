"""Coordinators edit the questions of a draft survey on their own page: add each type,
edit, remove, reorder. Bad input keeps what was typed and saves nothing; an open or closed
survey's questions are locked; nobody but the programme's coordinators reaches the page."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from mentorlab.surveys import services
from mentorlab.surveys.forms import ItemPreviewForm
from mentorlab.surveys.models import Item, SurveyState
from tests.surveys.conftest import close, make_survey

pytestmark = pytest.mark.django_db

NOT_COORDINATORS = ["actor", "other_actor", "mentor", "outsider", "other_coordinator"]


@pytest.fixture
def draft(programme, coordinator):
    """A draft halfway survey (no benefit items) with its five starting questions."""
    return make_survey(programme, coordinator, kind="halfway", open_it=False)


def editor(survey) -> str:
    return f"/surveys/p/{survey.programme.slug}/{survey.pk}/questions/"


def texts(survey) -> list[str]:
    return list(survey.items.order_by("order", "pk").values_list("text", flat=True))


def post_data(**overrides):
    data = {
        "kind": "likert",
        "text": "I feel heard in our meetings.",
        "help_text": "",
        "choices": "",
        "benefit": "",
        "help_answer": "",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


# --- adding each type ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "choices", "shown"),
    [
        ("likert", "", "Strongly agree"),
        ("likert", "Never\nRarely\nSometimes\nOften\nAlways", "5 – Always"),
        ("scale10", "", "10"),
        ("single", "Online\nOn campus", "On campus"),
        ("multiple", "Email\nPhone\nChat", "Chat"),
        ("text", "", "textarea"),
    ],
)
def test_coordinator_adds_each_kind_of_question_at_the_end(
    kind, choices, shown, draft, coordinator, as_user
):
    client = as_user(coordinator)
    before = draft.items.count()
    response = client.post(
        editor(draft),
        post_data(kind=kind, text="How do you meet?", choices=choices, required="on"),
        follow=True,
    )
    assert "Question added at the end." in response.content.decode()
    item = draft.items.order_by("order", "pk").last()
    assert draft.items.count() == before + 1
    assert (item.text, item.kind, item.required) == ("How do you meet?", kind, True)
    assert item.choice_list == [c for c in choices.splitlines() if c]
    # What respondents will get: the answer field renders the added question's options.
    assert shown in str(ItemPreviewForm(item)["answer"])


def test_added_question_can_measure_a_programme_benefit(draft, coordinator, as_user):
    as_user(coordinator).post(editor(draft), post_data(text="I dare", benefit="courage"))
    assert draft.items.get(text="I dare").benefit == "courage"


def test_editor_page_lists_questions_and_links_from_the_survey_page(draft, coordinator, as_user):
    client = as_user(coordinator)
    detail = client.get(f"/surveys/p/{draft.programme.slug}/{draft.pk}/").content.decode()
    assert editor(draft) in detail
    assert "admin" not in detail
    page = client.get(editor(draft)).content.decode()
    for text in texts(draft):
        assert text in page
    assert "Add a question" in page and "Move up" in page and "Move down" in page


# --- bad input ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"text": "   "}, "text", "Write the question as respondents will read it."),
        ({"kind": "single", "choices": "Only one"}, "choices", "at least two choices"),
        ({"kind": "multiple", "choices": ""}, "choices", "at least two choices"),
        ({"kind": "single", "choices": "Yes\nYes"}, "choices", "Each choice must be different"),
        ({"kind": "likert", "choices": "Bad\nOk\nGood"}, "choices", "exactly five labels"),
        ({"kind": "scale10", "choices": "a\nb"}, "choices", "has no choices"),
        ({"kind": "text", "benefit": "courage"}, "benefit", "Only agreement or 0–10"),
        ({"benefit": "not-a-benefit"}, "benefit", "not one of the available choices"),
        (
            {"kind": "single", "choices": "A\nB", "help_answer": "C"},
            "help_answer",
            "must be one of this item",
        ),
    ],
)
def test_bad_question_shows_error_on_field_keeps_text_and_saves_nothing(
    data, field, message, draft, coordinator, as_user
):
    before = texts(draft)
    typed = post_data(text="My unsaved question", **{k: v for k, v in data.items() if k != "text"})
    if "text" in data:
        typed["text"] = data["text"]
    response = as_user(coordinator).post(editor(draft), typed)
    assert response.status_code == 200
    form = response.context["form"]
    assert any(message in error for error in form.errors[field]), form.errors
    page = response.content.decode()
    assert 'class="error-summary"' in page
    if typed["text"].strip():
        assert 'value="My unsaved question"' in page
    if typed.get("choices"):
        assert typed["choices"].splitlines()[0] in page
    assert texts(draft) == before


def test_benefit_cannot_be_measured_twice_in_one_survey(draft, coordinator, as_user):
    client = as_user(coordinator)
    client.post(editor(draft), post_data(text="First", benefit="courage"))
    response = client.post(editor(draft), post_data(text="Second", benefit="courage"))
    assert "already measures this benefit" in response.content.decode()
    assert not draft.items.filter(text="Second").exists()


# --- edit, remove, move -------------------------------------------------------------


def test_coordinator_edits_a_question(draft, coordinator, as_user):
    item = draft.items.get(kind="scale10")
    url = f"{editor(draft)}{item.pk}/"
    client = as_user(coordinator)
    page = client.get(url).content.decode()
    assert item.text in page and "Preview for respondents" in page
    response = client.post(
        url,
        post_data(kind="single", text="Which format suits you?", choices="Short\nLong"),
        follow=True,
    )
    assert "Question saved." in response.content.decode()
    item.refresh_from_db()
    assert (item.kind, item.text, item.choice_list) == (
        "single",
        "Which format suits you?",
        ["Short", "Long"],
    )


def test_bad_edit_keeps_typed_text_and_leaves_question_unchanged(draft, coordinator, as_user):
    item = draft.items.get(kind="scale10")
    original = item.text
    response = as_user(coordinator).post(
        f"{editor(draft)}{item.pk}/", post_data(kind="multiple", text="Changed", choices="One")
    )
    assert "at least two choices" in response.content.decode()
    assert 'value="Changed"' in response.content.decode()
    item.refresh_from_db()
    assert (item.kind, item.text) == ("scale10", original)


def test_coordinator_removes_a_question(draft, coordinator, as_user):
    item = draft.items.get(kind="scale10")
    response = as_user(coordinator).post(f"{editor(draft)}{item.pk}/remove/", follow=True)
    assert "Question removed" in response.content.decode()
    assert not Item.objects.filter(pk=item.pk).exists()


def test_coordinator_moves_questions_up_and_down(draft, coordinator, as_user):
    client = as_user(coordinator)
    first, second, *rest = texts(draft)
    second_item = draft.items.get(text=second)
    response = client.post(
        f"{editor(draft)}{second_item.pk}/move/", {"direction": "up"}, follow=True
    )
    assert "Question moved to place 1." in response.content.decode()
    assert texts(draft) == [second, first, *rest]
    client.post(f"{editor(draft)}{second_item.pk}/move/", {"direction": "down"})
    assert texts(draft) == [first, second, *rest]


def test_moving_first_up_or_last_down_changes_nothing(draft, coordinator, as_user):
    client = as_user(coordinator)
    order = texts(draft)
    items = list(draft.items.order_by("order", "pk"))
    response = client.post(f"{editor(draft)}{items[0].pk}/move/", {"direction": "up"}, follow=True)
    assert "already the first" in response.content.decode()
    client.post(f"{editor(draft)}{items[-1].pk}/move/", {"direction": "down"})
    assert texts(draft) == order


def test_move_renumbers_questions_with_equal_order(draft, coordinator):
    draft.items.update(order=0)
    last = draft.items.order_by("pk").last()
    assert services.item_move(item=last, by=coordinator, direction="up")
    orders = list(draft.items.order_by("order").values_list("order", flat=True))
    assert orders == list(range(1, len(orders) + 1))
    assert texts(draft)[-2] == last.text


def test_preview_shows_the_question_as_respondents_see_it(draft, coordinator, as_user):
    response = as_user(coordinator).post(
        f"{editor(draft)}preview/",
        {"kind": "single", "text": "Pick a day", "choices": "Monday\nFriday"},
    )
    page = response.content.decode()
    assert "Pick a day" in page and "Friday" in page and 'type="radio"' in page


# --- locking ------------------------------------------------------------------------


@pytest.fixture(params=["open", "closed"])
def locked(request, programme, coordinator):
    survey = make_survey(programme, coordinator, kind="halfway")
    if request.param == "closed":
        close(survey)
    return survey


def test_locked_survey_refuses_every_edit_with_a_message(locked, coordinator, as_user):
    client = as_user(coordinator)
    item = locked.items.order_by("order", "pk").last()
    before = list(locked.items.order_by("order", "pk").values_list("pk", "text", "order"))
    page = client.get(editor(locked)).content.decode()
    assert "questions are locked" in page and "Add a question" not in page
    assert "Move up" not in page
    for url, data in [
        (editor(locked), post_data(text="Sneaked in")),
        (f"{editor(locked)}{item.pk}/", post_data(text="Reworded")),
        (f"{editor(locked)}{item.pk}/remove/", {}),
        (f"{editor(locked)}{item.pk}/move/", {"direction": "up"}),
    ]:
        response = client.post(url, data, follow=True)
        assert "locked" in response.content.decode(), url
    assert list(locked.items.order_by("order", "pk").values_list("pk", "text", "order")) == before


def test_locked_services_refuse(locked, coordinator):
    item = locked.items.first()
    calls = [
        lambda: services.item_add(survey=locked, by=coordinator, kind="text", text="New"),
        lambda: services.item_update(item=item, by=coordinator, kind="text", text="New"),
        lambda: services.item_remove(item=item, by=coordinator),
        lambda: services.item_move(item=item, by=coordinator, direction="down"),
    ]
    for call in calls:
        with pytest.raises(services.ItemsLocked):
            call()
    assert Item.objects.filter(pk=item.pk).exists()


def test_edit_refused_when_survey_was_opened_meanwhile(draft, coordinator):
    item = draft.items.first()
    services.survey_open(survey=draft, by=coordinator)
    stale = Item.objects.select_related("survey").get(pk=item.pk)
    stale.survey.state = SurveyState.DRAFT  # a page loaded before the survey opened
    with pytest.raises(services.ItemsLocked):
        services.item_update(item=stale, by=coordinator, kind="text", text="Late change")
    item.refresh_from_db()
    assert item.text != "Late change"


# --- permissions --------------------------------------------------------------------


def editor_urls(survey) -> list[tuple[str, str, dict[str, str]]]:
    item = survey.items.first()
    base = editor(survey)
    return [
        ("get", base, {}),
        ("post", base, post_data(text="Intruder")),
        ("post", f"{base}preview/", post_data()),
        ("get", f"{base}{item.pk}/", {}),
        ("post", f"{base}{item.pk}/", post_data(text="Intruder")),
        ("post", f"{base}{item.pk}/remove/", {}),
        ("post", f"{base}{item.pk}/move/", {"direction": "down"}),
    ]


@pytest.mark.parametrize("persona", NOT_COORDINATORS)
def test_question_editor_is_404_for_everyone_else(request, persona, draft, as_user):
    client = as_user(request.getfixturevalue(persona))
    before = list(draft.items.order_by("order", "pk").values_list("pk", "text"))
    for method, url, data in editor_urls(draft):
        assert getattr(client, method)(url, data).status_code == 404, url
    assert list(draft.items.order_by("order", "pk").values_list("pk", "text")) == before


def test_question_editor_asks_signed_out_visitors_to_sign_in(draft, as_user):
    client = as_user(None)
    for method, url, data in editor_urls(draft):
        response = getattr(client, method)(url, data)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"], url


def test_item_of_another_survey_is_404(draft, programme, coordinator, as_user):
    other = make_survey(programme, coordinator, kind="final", open_it=False)
    foreign = other.items.first()
    client = as_user(coordinator)
    assert client.get(f"{editor(draft)}{foreign.pk}/").status_code == 404
    assert client.post(f"{editor(draft)}{foreign.pk}/remove/").status_code == 404
    assert Item.objects.filter(pk=foreign.pk).exists()


def test_services_refuse_other_coordinators(draft, other_coordinator):
    item = draft.items.first()
    with pytest.raises(PermissionDenied):
        services.item_add(survey=draft, by=other_coordinator, kind="text", text="x")
    with pytest.raises(PermissionDenied):
        services.item_remove(item=item, by=other_coordinator)
    assert Item.objects.filter(pk=item.pk).exists()


def test_service_validation_names_the_field(draft, coordinator):
    with pytest.raises(ValidationError) as exc:
        services.item_add(survey=draft, by=coordinator, kind="single", text="", choices="A")
    assert set(exc.value.message_dict) == {"text", "choices"}


def test_admin_cannot_change_the_questions_of_an_open_survey(rf, admin_user, draft):
    from django.contrib import admin

    from mentorlab.surveys.admin import ItemInline
    from mentorlab.surveys.models import Survey

    inline = ItemInline(Survey, admin.site)
    request = rf.get("/admin/")
    request.user = admin_user
    assert inline.has_change_permission(request, draft)
    draft.state = SurveyState.OPEN
    assert not inline.has_change_permission(request, draft)
    assert not inline.has_add_permission(request, draft)
    assert not inline.has_delete_permission(request, draft)


# --- three languages (as the admin edits them) ------------------------------------------


def test_editor_edits_all_three_languages_even_from_a_finnish_page(draft, coordinator, as_user):
    from django.conf import settings
    from django.utils import translation

    item = draft.items.get(kind="scale10")
    url = f"{editor(draft)}{item.pk}/"
    client = as_user(coordinator)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fi"
    page = client.get(url).content.decode()
    # The English box holds the English text even on a Finnish page; the Finnish and Swedish
    # boxes hold theirs.
    assert (
        f'name="text" maxlength="300" required id="id_text" value="{item.text_en}"'
        in (" ".join(page.split()))
        or f'value="{item.text_en}"' in page
    )
    assert 'name="text_fi"' in page and 'name="text_sv"' in page
    assert f'value="{item.text_fi}"' in page
    response = client.post(
        url,
        post_data(
            kind="single",
            text="Which format suits you?",
            text_fi="Mikä muoto sopii sinulle?",
            text_sv="",
            choices="Short\nLong",
            choices_fi="Lyhyt\nPitkä",
        ),
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.text_en == "Which format suits you?"
    assert item.text_fi == "Mikä muoto sopii sinulle?"
    assert item.choice_list == ["Short", "Long"]  # answers keep English keys
    with translation.override("fi"):
        assert item.text == "Mikä muoto sopii sinulle?"
        assert [label for _key, label in item.choice_options] == ["Lyhyt", "Pitkä"]
    with translation.override("sv"):
        assert item.text == "Which format suits you?"  # empty Swedish falls back


def test_translated_choices_must_match_the_english_count(draft, coordinator, as_user):
    item = draft.items.get(kind="scale10")
    response = as_user(coordinator).post(
        f"{editor(draft)}{item.pk}/",
        post_data(kind="single", text="Format?", choices="Short\nLong", choices_sv="Kort"),
    )
    assert response.status_code == 200
    item.refresh_from_db()
    assert item.kind == "scale10"  # nothing saved
