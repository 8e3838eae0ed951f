"""The one place that renders and sends an e-mail: subject, text and HTML templates,
rendered in the recipient's own language."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template import Context
from django.template.loader import get_template, render_to_string
from django.utils import translation


def render_plain(name: str, context: Mapping[str, Any]) -> str:
    """Render a plain-text template without HTML escaping: an apostrophe in a reason must
    arrive as ' and not as &#x27;. (The HTML part keeps Django's escaping.)"""
    template = get_template(name).template  # type: ignore[attr-defined]
    return template.render(Context(dict(context), autoescape=False))


def send_templated(
    *,
    to: Any,
    template: str,
    context: Mapping[str, Any],
    reply_to: list[str] | None = None,
) -> None:
    """Send one e-mail to one user, rendered from three templates:
    `<template>_subject.txt`, `<template>_body.txt` and `<template>_body.html`,
    e.g. template="programmes/email/application_received"."""
    if not getattr(to, "is_active", True):
        return  # an erased or deactivated account gets no mail
    language = getattr(to, "language", None) or settings.LANGUAGE_CODE
    ctx = {
        "site_url": settings.SITE_URL,
        "site_name": settings.SITE_NAME,
        "recipient": to,
        **context,
    }
    with translation.override(language):
        subject = render_plain(f"{template}_subject.txt", ctx)
        text = render_plain(f"{template}_body.txt", ctx)
        html = render_to_string(f"{template}_body.html", ctx)
    message = EmailMultiAlternatives(
        subject=" ".join(subject.split()),
        body=text,
        to=[to.email],
        reply_to=reply_to,
    )
    message.attach_alternative(html, "text/html")
    message.send()
