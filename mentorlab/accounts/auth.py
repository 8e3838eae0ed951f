from __future__ import annotations

from django.http import HttpRequest

from mentorlab.accounts.models import User


def signed_in_user(request: HttpRequest) -> User:
    """The user of a view behind `login_required`, typed as a real account."""
    user = request.user
    assert isinstance(user, User), "signed_in_user() needs a login_required view"
    return user
