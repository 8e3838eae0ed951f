from __future__ import annotations

from django import template
from django.utils.safestring import SafeString

from mentorlab.core.markdown import render_linked_text

register = template.Library()


@register.filter
def message_html(text: str) -> SafeString:
    """A message's text, escaped, with its http(s) addresses as links."""
    return render_linked_text(text)
