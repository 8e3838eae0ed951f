"""A mail backend that takes a fixed time per message, like a slow SMTP server
(bench/publish.py). SLOW_MAIL_MS sets the time; messages are counted, not kept."""

from __future__ import annotations

import os
import time
from typing import Any

from django.core.mail.backends.base import BaseEmailBackend


class SlowBackend(BaseEmailBackend):
    delivered = 0

    def send_messages(self, email_messages: Any) -> int:
        for _ in email_messages:
            time.sleep(int(os.environ.get("SLOW_MAIL_MS", "200")) / 1000)
            SlowBackend.delivered += 1
        return len(email_messages)
