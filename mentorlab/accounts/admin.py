from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from mentorlab.audit.models import Action
from mentorlab.audit.services import audit_record

from .models import User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ("full_name",)
    list_display = ("email", "full_name", "is_staff", "is_active", "date_joined")
    list_filter = ("is_staff", "is_active", "language")
    search_fields = ("email", "full_name")
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (
            _("Profile"),
            {
                "fields": (
                    "full_name",
                    "preferred_name",
                    "pronouns",
                    "phone",
                    "linkedin_url",
                    "bio",
                    "language",
                )
            },
        ),
        (
            _("Permissions"),
            {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")},
        ),
        (_("Dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (None, {"classes": ("wide",), "fields": ("email", "full_name", "password1", "password2")}),
    )

    def save_model(self, request: HttpRequest, obj: User, form: Any, change: bool) -> None:
        """Staff status opens the admin: granting or removing it goes in the audit trail
        (the admin saves in one transaction, so the entry and the change go together)."""
        super().save_model(request, obj, form, change)
        if change and "is_staff" in form.changed_data:
            audit_record(
                action=Action.STAFF_GRANTED if obj.is_staff else Action.STAFF_REVOKED,
                by=request.user,
                target=obj,
                details={"old": not obj.is_staff, "new": obj.is_staff},
            )
