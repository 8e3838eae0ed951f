"""The import pages: only the programme's coordinators see them (404 for everyone else);
upload, preview with every row, confirm once, and a confirm for another mapping is refused."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from mentorlab.programmes.models import ImportMapping, ImportUpload, MentorApplication
from tests.programmes.test_import import BAD_ROWS, MENTOR_HEADER, as_csv, mentor_row

pytestmark = pytest.mark.django_db


def upload(client, programme, content: bytes, name: str = "mentors.csv", **extra):
    return client.post(
        reverse("programmes:import", args=[programme.slug]),
        {"file": SimpleUploadedFile(name, content), **extra},
    )


def hidden_fields(html: str, action: str) -> dict[str, str]:
    form = html[html.index(f'action="{action}"') :]
    form = form[: form.index("</form>")]
    return dict(re.findall(r'type="hidden" name="([^"]+)" value="([^"]*)"', form))


@pytest.fixture
def stored(coordinator, programme):
    return ImportUpload.objects.create(
        programme=programme,
        owner=coordinator,
        filename="mentors.csv",
        content=as_csv(MENTOR_HEADER, [mentor_row("Ada", "ada@example.org")]),
        sha256="x",
    )


@pytest.mark.parametrize("persona", ["outsider", "actor", "mentor", "other_coordinator", None])
def test_only_the_programmes_coordinators_reach_the_import_pages(
    request, as_user, programme, stored, persona
):
    user = request.getfixturevalue(persona) if persona else None
    client = as_user(user)
    slug = programme.slug
    for url in [
        reverse("programmes:import", args=[slug]),
        reverse("programmes:import_preview", args=[slug, stored.pk]),
    ]:
        status = client.get(url).status_code
        assert status == (302 if user is None else 404), url
    for url in [
        reverse("programmes:import", args=[slug]),
        reverse("programmes:import_confirm", args=[slug, stored.pk]),
        reverse("programmes:import_mapping", args=[slug, stored.pk]),
    ]:
        status = client.post(url, {"role": "mentor", "fingerprint": "x", "name": "n"}).status_code
        assert status == (302 if user is None else 404), url
        if user is not None:
            assert status == 404
    assert not MentorApplication.objects.filter(user__email="ada@example.org").exists()
    assert not ImportMapping.objects.exists()


def test_a_coordinator_of_the_programme_who_did_not_upload_gets_404(
    as_user, programme, stored, other_coordinator
):
    programme.coordinators.add(other_coordinator)
    url = reverse("programmes:import_preview", args=[programme.slug, stored.pk])
    assert as_user(other_coordinator).get(url).status_code == 404


def test_upload_preview_and_confirm_imports_and_mails(
    as_user, coordinator, programme, django_capture_on_commit_callbacks
):
    client = as_user(coordinator)
    rows = [mentor_row("Ada", "ada@example.org"), mentor_row("Cy", "cy@example.org")]
    response = upload(client, programme, as_csv(MENTOR_HEADER, rows))
    assert response.status_code == 302
    preview_url = response["Location"]
    page = client.get(preview_url, {"role": "mentor", **suggested(client, preview_url)})
    html = page.content.decode()
    assert "2 to create, 0 to update, 0 unchanged, 0 problem(s)." in html
    assert 'id="row-2"' in html and 'id="row-3"' in html
    confirm_url = reverse(
        "programmes:import_confirm", args=[programme.slug, ImportUpload.objects.get().pk]
    )
    fields = hidden_fields(html, confirm_url)
    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(confirm_url, {**fields, "send_mail": "yes"}, follow=True)
    assert "Imported: 2 new, 0 updated, 0 unchanged." in done.content.decode()
    assert MentorApplication.objects.filter(programme=programme).count() == 2
    assert len(mail.outbox) == 2
    assert not ImportUpload.objects.exists()  # the personal data goes once imported


def suggested(client, url: str) -> dict[str, str]:
    """The mapping the page suggests, read from its selected options."""
    html = client.get(url).content.decode()
    pairs = re.findall(r'<select name="(col_\d+)"[^>]*>(.*?)</select>', html, re.S)
    chosen = {}
    for name, options in pairs:
        selected = re.search(r'<option value="([^"]*)" selected', options)
        chosen[name] = selected.group(1) if selected else ""
    return chosen


def test_a_bad_file_shows_every_problem_in_the_error_summary_and_no_import_button(
    as_user, coordinator, programme, actor
):
    client = as_user(coordinator)
    response = upload(client, programme, as_csv(MENTOR_HEADER, BAD_ROWS))
    url = response["Location"]
    html = client.get(url, {"role": "mentor", **suggested(client, url)}).content.decode()
    assert 'class="error-summary" role="alert"' in html
    assert "Row 3, column “E-mail”: Enter a valid email address." in html
    assert "Row 4, column “E-mail”: The same e-mail address is already on row 2." in html
    assert "Row 6, column “Capacity”: Choose between 1 and 3 students." in html
    assert "import_confirm" not in html and "/confirm/" not in html


def test_a_confirm_for_another_mapping_than_the_preview_is_refused(
    as_user, coordinator, programme, stored
):
    client = as_user(coordinator)
    url = reverse("programmes:import_preview", args=[programme.slug, stored.pk])
    html = client.get(url, {"role": "mentor", **suggested(client, url)}).content.decode()
    confirm_url = reverse("programmes:import_confirm", args=[programme.slug, stored.pk])
    fields = hidden_fields(html, confirm_url)
    fields["col_7"] = ""  # capacity no longer imported
    response = client.post(confirm_url, {**fields, "send_mail": "no"}, follow=True)
    assert "has changed since the preview" in response.content.decode()
    assert not MentorApplication.objects.filter(user__email="ada@example.org").exists()


def test_an_unreadable_file_is_named_on_the_upload_form(as_user, coordinator, programme):
    response = upload(as_user(coordinator), programme, b"PK\x03\x04 not really a zip")
    assert response.status_code == 200
    assert "This is not a CSV or Excel (.xlsx) file we can read." in response.content.decode()
    assert not ImportUpload.objects.exists()


def test_a_saved_mapping_is_offered_for_the_next_file(as_user, coordinator, programme, stored):
    client = as_user(coordinator)
    url = reverse("programmes:import_preview", args=[programme.slug, stored.pk])
    mapping = {**suggested(client, url), "role": "mentor"}
    mapping["col_2"] = ""
    response = client.post(
        reverse("programmes:import_mapping", args=[programme.slug, stored.pk]),
        {**mapping, "name": "Alumni register"},
        follow=True,
    )
    assert "The mapping “Alumni register” was saved." in response.content.decode()
    saved = ImportMapping.objects.get(programme=programme)
    assert saved.role == "mentor"
    assert saved.columns["E-mail"] == "email"
    assert "Degree" not in saved.columns
    form = client.get(reverse("programmes:import", args=[programme.slug])).content.decode()
    assert "Alumni register" in form


def test_the_import_page_speaks_finnish(as_user, coordinator, programme):
    coordinator.language = "fi"
    coordinator.save()
    html = (
        as_user(coordinator)
        .get(reverse("programmes:import", args=[programme.slug]), HTTP_ACCEPT_LANGUAGE="fi")
        .content.decode()
    )
    assert "Tuo hakijat" in html


def test_erasing_a_coordinator_deletes_their_unimported_files(coordinator, stored):
    from mentorlab.accounts.privacy import account_erase, data_export

    exported = data_export(user=coordinator)["programmes"]["import_files_you_uploaded"]
    assert [f["file"] for f in exported] == ["mentors.csv"]
    account_erase(user=coordinator, confirmation=coordinator.email)
    assert not ImportUpload.objects.exists()
