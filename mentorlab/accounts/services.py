from __future__ import annotations

from django.db import transaction

from .forms import ProfileForm
from .models import User


def profile_update(*, user: User, form: ProfileForm) -> User:
    if form.instance.pk != user.pk:
        raise PermissionError("A profile can only be edited by its owner.")
    with transaction.atomic():
        saved: User = form.save()
    return saved
