from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from mentorlab.programmes.choices import DegreeLevel, Track
from mentorlab.programmes.models import Programme

from .models import MAX_MESSAGE_LENGTH, Audience, PairState


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


class AnnouncementForm(forms.Form):
    # Subject and text are checked by the service, which says what is missing or too long.
    subject = forms.CharField(label=_("Subject"), required=False)
    body = forms.CharField(
        label=_("Text"),
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_(
            "Plain text, or Markdown: **bold**, *italics*, lists, and links written as "
            "[words](https://…). Anything else is removed."
        ),
    )
    audience = forms.ChoiceField(
        label=_("To"), choices=Audience.choices, initial=Audience.BOTH, widget=forms.RadioSelect
    )
    track = forms.ChoiceField(
        label=_("Track"),
        choices=[("", _("Every track")), *DegreeLevel.choices],
        required=False,
    )
    pair_state = forms.ChoiceField(label=_("Mentorship"), choices=PairState.choices, required=False)
    token = forms.UUIDField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, programme: Programme, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if programme.track != Track.BOTH:
            del self.fields["track"]  # one track: nothing to choose
