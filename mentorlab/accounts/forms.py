from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import User


class SignupExtraForm(forms.Form):
    """Extra fields on allauth's sign-up form."""

    full_name = forms.CharField(label=_("Full name"), max_length=150)

    def signup(self, request: Any, user: User) -> None:
        user.full_name = self.cleaned_data["full_name"].strip()
        user.language = getattr(request, "LANGUAGE_CODE", "en") or "en"
        user.save(update_fields=["full_name", "language"])


class ProfileForm(forms.ModelForm):
    class Meta:
        model = User
        fields = [
            "full_name",
            "preferred_name",
            "pronouns",
            "phone",
            "linkedin_url",
            "bio",
            "language",
        ]
        widgets = {"bio": forms.Textarea(attrs={"rows": 5})}


class AccountDeleteForm(forms.Form):
    """Deleting an account cannot be undone, so the person types their e-mail address."""

    confirmation = forms.CharField(
        label=_("Type your e-mail address to confirm"),
        max_length=254,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_confirmation(self) -> str:
        from .privacy import confirmation_matches

        typed: str = self.cleaned_data["confirmation"]
        if not confirmation_matches(self.user, typed):
            raise forms.ValidationError(
                _("That is not the e-mail address you sign in with. Nothing was deleted."),
                code="mismatch",
            )
        return typed


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        label=_("Token name"),
        max_length=80,
        help_text=_("What the token is for, e.g. “Alumni CRM sync”."),
    )
    expires_days = forms.IntegerField(
        label=_("Expires after (days)"),
        min_value=1,
        max_value=3650,
        required=False,
        help_text=_("Leave empty for a token that works until you revoke it."),
    )
