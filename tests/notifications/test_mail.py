from __future__ import annotations

import pytest
from django.core import mail

from mentorlab.programmes import emails
from tests.factories import ActorApplicationFactory

pytestmark = pytest.mark.django_db


def test_plain_text_mail_is_not_html_escaped_but_the_html_part_is(programme):
    programme.name = "Rock & Roll's <Programme>"
    programme.save()
    application = ActorApplicationFactory(programme=programme)
    emails.application_received(application)
    message = mail.outbox[0]
    assert "Rock & Roll's <Programme>" in message.subject
    assert "Rock & Roll's <Programme>" in message.body
    html = message.alternatives[0][0]
    assert "Rock &amp; Roll&#x27;s &lt;Programme&gt;" in html


def test_deactivated_accounts_get_no_mail(programme):
    application = ActorApplicationFactory(programme=programme)
    application.user.is_active = False
    application.user.save()
    emails.application_received(application)
    assert mail.outbox == []
