from __future__ import annotations

from typing import Any

from allauth.socialaccount.templatetags.socialaccount import get_providers
from django import template

from mentorlab.accounts.sso import provider_is_personal

register = template.Library()


@register.simple_tag(takes_context=True)
def sso_provider_groups(context: template.Context) -> dict[str, list[Any]]:
    """The configured sign-in providers split into the university's and personal ones.

    `{% sso_provider_groups as groups %}` then `groups.university` and `groups.personal`;
    both are empty when no provider is configured, and the page shows no buttons.
    """
    providers = get_providers(context)
    return {
        "university": [p for p in providers if not provider_is_personal(p.sub_id)],
        "personal": [p for p in providers if provider_is_personal(p.sub_id)],
    }
