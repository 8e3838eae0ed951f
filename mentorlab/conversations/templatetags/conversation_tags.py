from __future__ import annotations

from django import template
from django.utils.safestring import SafeString

from mentorlab.conversations.rendering import render_message

register = template.Library()


@register.filter
def message_html(text: str) -> SafeString:
    """A message's text, escaped, with its http(s) addresses as links."""
    return render_message(text)
