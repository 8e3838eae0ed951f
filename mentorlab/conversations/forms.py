from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import MAX_MESSAGE_LENGTH


class MessageForm(forms.Form):
    # Neither required nor length-limited here: the service refuses an empty or too long
    # message with its own clear words, the same for every caller.
    text = forms.CharField(
        label=_("Message"),
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": MAX_MESSAGE_LENGTH}),
        help_text=_("Plain text; web addresses become links."),
    )


class ReadForm(forms.Form):
    up_to = forms.IntegerField(min_value=0)
