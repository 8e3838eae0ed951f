"""Pages only read: a mentorship without an agreement row shows an empty draft, and the
row is created by the first proposed version."""

from __future__ import annotations

import pytest
from django.urls import reverse

from mentorlab.mentorships.models import Agreement
from tests.mentorships.test_agreement_and_goals import AGREEMENT

pytestmark = pytest.mark.django_db


def test_viewing_the_workspace_and_agreement_writes_nothing(as_user, pair, actor, mentor):
    Agreement.objects.filter(mentorship=pair).delete()
    for person in (actor, mentor):
        client = as_user(person)
        assert client.get(reverse("mentorships:detail", args=[pair.pk])).status_code == 200
        page = client.get(reverse("mentorships:agreement", args=[pair.pk]))
        assert page.status_code == 200
    assert not Agreement.objects.exists()
    student_page = as_user(actor).get(reverse("mentorships:agreement", args=[pair.pk]))
    assert 'name="objectives"' in student_page.content.decode()
    response = as_user(actor).post(reverse("mentorships:agreement", args=[pair.pk]), AGREEMENT)
    assert response.status_code == 302
    assert Agreement.objects.get(mentorship=pair).versions.count() == 1
