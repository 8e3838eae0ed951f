"""Mail backends for the outbox tests: a server that refuses everything, and one that
records every message it accepts (thread-safe, for the PostgreSQL two-worker test)."""

from __future__ import annotations

import smtplib
import threading
import time
from typing import Any

from django.core.mail.backends.base import BaseEmailBackend


class RefusingBackend(BaseEmailBackend):
    def send_messages(self, email_messages: Any) -> int:
        raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")


class RecordingBackend(BaseEmailBackend):
    sent: list[tuple[str, str]] = []
    lock = threading.Lock()
    delay = 0.0

    def send_messages(self, email_messages: Any) -> int:
        for message in email_messages:
            time.sleep(self.delay)
            with self.lock:
                RecordingBackend.sent.append((message.to[0], message.extra_headers["Message-ID"]))
        return len(email_messages)
