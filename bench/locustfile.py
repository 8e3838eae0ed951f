"""Locust journeys for `bench/loadtest.py` (not a test): actors, mentors and coordinators
sign in through the real sign-in form and do their usual rounds.

The driver seeds the accounts and writes them to the JSON file named by the environment
variable LOADTEST_ACCOUNTS (people, password, TOTP secrets, ids). Run it through the driver;
by hand:

    LOADTEST_ACCOUNTS=/tmp/accounts.json .venv/bin/locust -f bench/locustfile.py \\
        --headless -u 300 -r 50 -t 60s --host http://127.0.0.1:8765

The load tool stands where a production site has its TLS-terminating proxy: every request
says `X-Forwarded-Proto: https` (the app's SECURE_PROXY_SSL_HEADER) and `X-Forwarded-For`
with an address of its own per simulated person (the driver starts gunicorn with
TRUSTED_PROXY_COUNT=1), and the cookie jar sends the app's Secure cookies over the plain
connection to 127.0.0.1. Nothing in the app is relaxed for the test.

Requests are named by page, not by address, so the statistics are per page.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import http.cookiejar
import itertools
import json
import os
import random
import re
import struct
import time
from typing import Any

from locust import HttpUser, between, task

CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
SIGN_IN = "/accounts/login/"
SECOND_FACTOR = "/accounts/2fa/authenticate/"


def _accounts() -> dict[str, Any]:
    path = os.environ.get("LOADTEST_ACCOUNTS", "")
    if not path:
        return {"password": "", "actors": [], "mentors": [], "coordinators": []}
    with open(path, encoding="utf-8") as f:
        return dict(json.load(f))


ACCOUNTS = _accounts()
_NEXT = {role: itertools.count() for role in ("actors", "mentors", "coordinators")}
_ADDRESSES = itertools.count(1)


def totp_code(secret: str, at: float | None = None) -> str:
    """The six-digit RFC 6238 code (SHA-1, 30 s), as any authenticator app shows it."""
    counter = int(time.time() if at is None else at) // 30
    key = base64.b32decode(secret.upper() + "=" * (-len(secret) % 8))
    digest = hmac.new(key, struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    value = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return f"{value % 1_000_000:06d}"


def _send_secure_cookies(self: Any, cookie: http.cookiejar.Cookie, request: Any) -> bool:
    return True


# Send the app's Secure cookies over the plain connection to 127.0.0.1 (in production the
# proxy's side is TLS). requests copies every jar into one with the default policy before
# each request, so the default policy of this load-tool process is the one to change.
http.cookiejar.DefaultCookiePolicy.return_ok_secure = _send_secure_cookies  # type: ignore[method-assign]


class Person(HttpUser):
    """Shared parts: the proxy's headers, sign-in, checked page loads and form posts."""

    abstract = True
    wait_time = between(3, 10)  # reading and typing between pages
    role = ""

    def on_start(self) -> None:
        people = ACCOUNTS[self.role]
        self.me: dict[str, Any] = people[next(_NEXT[self.role]) % len(people)]
        n = next(_ADDRESSES)
        host = self.host.split("://", 1)[-1].rstrip("/")
        self.client.headers.update(
            {
                "X-Forwarded-Proto": "https",
                "X-Forwarded-For": f"10.{n // 65536 % 256}.{n // 256 % 256}.{n % 256}",
                # Django checks the Referer of a form posted over HTTPS.
                "Referer": f"https://{host}/",
            }
        )
        self.sign_in()

    def sign_in(self) -> None:
        for _attempt in range(3):  # a person reloads a sign-in page that failed
            page = self.page(SIGN_IN, "sign-in form", signed_in=False)
            if CSRF_INPUT.search(page):
                break
        data = {"login": self.me["email"], "password": ACCOUNTS["password"]}
        url, landed = self.submit(SIGN_IN, "sign-in", page, data, signed_in=False)
        if SECOND_FACTOR in url:
            code = totp_code(self.me["totp_secret"])
            self.submit(SECOND_FACTOR, "sign-in: second factor", landed, {"code": code})

    def page(self, path: str, name: str, *, signed_in: bool = True) -> str:
        """GET a page; a failure unless it is 200 and (when signed in) not a sign-in page."""
        with self.client.get(path, name=name, catch_response=True) as response:
            self._check(response, signed_in)
            return str(response.text)

    def submit(
        self, path: str, name: str, form_page: str, data: dict[str, str], signed_in: bool = True
    ) -> tuple[str, str]:
        """POST a form with the CSRF token of `form_page`, following the redirect; the
        address it ended at (the 2FA step, the new meeting) and that page."""
        match = CSRF_INPUT.search(form_page)
        token = match.group(1) if match else self.client.cookies.get("csrftoken", "")
        with self.client.post(
            path, data={"csrfmiddlewaretoken": token, **data}, name=name, catch_response=True
        ) as response:
            self._check(response, signed_in)
            return str(response.url), str(response.text)

    def _check(self, response: Any, signed_in: bool) -> None:
        if response.status_code != 200:
            response.failure(f"HTTP {response.status_code}")
        elif signed_in and SIGN_IN in str(response.url):
            response.failure("sent to the sign-in page")
        elif 'class="errorlist' in response.text:
            response.failure("form refused: " + _first_error(response.text))
        else:
            response.success()

    def conversation(self) -> None:
        pair = self.me["pair"]
        thread = f"/conversations/mentorship/{pair}/"
        form = self.page(thread, "conversation")
        text = f"Load test message {random.randrange(10**6)}: how did the interview go?"
        self.submit(thread + "post/", "conversation: send message", form, {"text": text})


def _first_error(html: str) -> str:
    match = re.search(r'class="errorlist[^"]*"[^>]*>\s*<li>(.*?)</li>', html, re.S)
    return match.group(1).strip()[:120] if match else "?"


class Actor(Person):
    weight = 12
    role = "actors"

    @task(3)
    def home(self) -> None:
        self.page("/", "home")

    @task(3)
    def workspace(self) -> None:
        self.page(f"/mentorships/{self.me['pair']}/", "mentorship workspace")

    @task(2)
    def message(self) -> None:
        self.conversation()

    @task(1)
    def book_meeting(self) -> None:
        path = f"/mentorships/{self.me['pair']}/meetings/new/"
        form = self.page(path, "meeting: form")
        day = dt.date.today() + dt.timedelta(days=random.randint(3, 60))
        data = {
            "date": day.isoformat(),
            "start_time": "16:00",
            "end_time": "17:00",
            "mode": "on_site",
            "place": "Library café",
        }
        self.submit(path, "meeting: book (and its page)", form, data)

    @task(2)
    def events(self) -> None:
        self.page("/events/", "events list")
        event = random.choice(ACCOUNTS["future_events"])
        page = self.page(f"/events/{event}/", "event page")
        if f"/events/{event}/registration/cancel/" in page:
            self.submit(f"/events/{event}/registration/cancel/", "event: cancel", page, {})
        else:
            self.submit(f"/events/{event}/", "event: register", page, {"note": ""})

    @task(1)
    def toolkit(self) -> None:
        self.page("/toolkit/", "toolkit index")

    @task(1)
    def notifications(self) -> None:
        self.page("/notifications/", "notifications")


class Mentor(Person):
    weight = 4
    role = "mentors"

    @task(3)
    def home(self) -> None:
        self.page("/", "home")

    @task(3)
    def workspace(self) -> None:
        self.page(f"/mentorships/{self.me['pair']}/", "mentorship workspace")

    @task(2)
    def message(self) -> None:
        self.conversation()

    @task(1)
    def shared_toolkit(self) -> None:
        self.page(f"/toolkit/shared/{self.me['actor']}/", "shared toolkit")


class Coordinator(Person):
    fixed_count = int(os.environ.get("LOADTEST_COORDINATORS", "5"))
    role = "coordinators"

    @task(3)
    def home(self) -> None:
        self.page("/", "home (work queue)")

    @task(2)
    def dashboard(self) -> None:
        self.page(f"/dashboard/{ACCOUNTS['slug']}/", "dashboard overview")

    @task(2)
    def pairs(self) -> None:
        self.page(f"/mentorships/programme/{ACCOUNTS['slug']}/", "pairs overview")

    @task(2)
    def review(self) -> None:
        self.page(f"/programmes/{ACCOUNTS['slug']}/review/", "review list")

    @task(1)
    def check_in(self) -> None:
        self.page(f"/events/{ACCOUNTS['check_in_event']}/check-in/", "event check-in")
