from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import (
    TranslationAdmin,
    TranslationStackedInline,
    TranslationTabularInline,
)

from mentorlab.accounts.models import User
from mentorlab.audit.models import Action
from mentorlab.audit.services import audit_record

from . import services
from .models import ActorApplication, CustomQuestion, MentorApplication, Programme, Topic


# The Translation* classes show each translated field once per language (name [en],
# name [fi], name [sv]). Not the tabbed variants: they load jQuery UI from a CDN.
class TopicInline(TranslationTabularInline):
    model = Topic
    extra = 1


class QuestionInline(TranslationStackedInline):
    model = CustomQuestion
    extra = 0


@admin.register(Programme)
class ProgrammeAdmin(TranslationAdmin):
    list_display = (
        "name",
        "track",
        "phase_label",
        "actor_applications_open",
        "kickoff_date",
        "end_date",
    )
    list_filter = ("track", "is_public")
    search_fields = ("name", "slug")
    prepopulated_fields = {"slug": ("name",)}
    filter_horizontal = ("coordinators",)
    inlines = [TopicInline, QuestionInline]

    def save_model(self, request: HttpRequest, obj: Programme, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        if not change:
            services.programme_prepare(programme=obj)

    fieldsets = (
        (
            None,
            {
                "fields": (
                    "name",
                    "slug",
                    "series",
                    "track",
                    "description",
                    "is_public",
                    "coordinators",
                    "contact_email",
                )
            },
        ),
        (
            _("Dates"),
            {
                "fields": (
                    ("mentor_signup_opens", "mentor_signup_closes"),
                    ("actor_applications_open", "actor_applications_close"),
                    "matching_date",
                    "kickoff_date",
                    "halfway_date",
                    "closing_date",
                    "end_date",
                    "phase_override",
                )
            },
        ),
        (
            _("Rules"),
            {
                "fields": (
                    "max_mentor_capacity",
                    "recommended_meetings",
                    "actor_preferences_enabled",
                    "suggestions_show_offer",
                    "rematch_after_early_end",
                    "retention_months",
                    "quiet_weeks",
                )
            },
        ),
    )

    def get_queryset(self, request: HttpRequest) -> QuerySet[Programme]:
        """Coordinators see and edit the programmes they run; superusers see all."""
        qs = super().get_queryset(request)
        if request.user.is_superuser:
            return qs
        return qs.filter(coordinators=request.user)

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        """Who coordinates a programme decides who sees its people: each coordinator added
        or removed here goes in the audit trail, in the admin's transaction."""
        programme = form.instance
        before = set(programme.coordinators.values_list("pk", flat=True)) if change else set()
        super().save_related(request, form, formsets, change)
        after = {u.pk: u for u in programme.coordinators.all()}
        removed = User.objects.filter(pk__in=before - set(after))
        for user in [after[pk] for pk in sorted(set(after) - before)]:
            audit_record(
                action=Action.COORDINATOR_ADDED, by=request.user, target=user, programme=programme
            )
        for user in removed:
            audit_record(
                action=Action.COORDINATOR_REMOVED,
                by=request.user,
                target=user,
                programme=programme,
            )

    @admin.display(description=_("phase"))
    def phase_label(self, obj: Programme) -> str:
        return str(obj.phase.label)


class ApplicationAdmin(admin.ModelAdmin):
    list_select_related = ("user", "programme")
    list_filter = ("programme", "status")
    search_fields = ("user__full_name", "user__email", "city")
    raw_id_fields = ("user", "decided_by")
    readonly_fields = ("submitted_at", "updated_at", "decided_at")
    filter_horizontal = ("topics",)
    date_hierarchy = "submitted_at"

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        """Coordinators see the applications of their own programmes only."""
        qs = super().get_queryset(request)
        if request.user.is_superuser:
            return qs
        return qs.filter(programme__coordinators=request.user)

    def formfield_for_foreignkey(
        self, db_field: Any, request: HttpRequest, **kwargs: Any
    ) -> forms.ModelChoiceField | None:
        """…and can file or move an application only into a programme they run."""
        if db_field.name == "programme" and not request.user.is_superuser:
            kwargs["queryset"] = Programme.objects.filter(coordinators=request.user.pk)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(ActorApplication)
class ActorApplicationAdmin(ApplicationAdmin):
    list_display = (
        "user",
        "programme",
        "degree_level",
        "field_of_study",
        "school",
        "status",
        "submitted_at",
    )
    list_filter = ("programme", "status", "degree_level", "school")  # type: ignore[assignment]
    search_fields = ("user__full_name", "user__email", "city", "field_of_study", "goals")  # type: ignore[assignment]


@admin.register(MentorApplication)
class MentorApplicationAdmin(ApplicationAdmin):
    list_display = (
        "user",
        "programme",
        "current_role",
        "employer",
        "industry",
        "capacity",
        "status",
    )
    list_filter = ("programme", "status", "industry", "levels")  # type: ignore[assignment]
    search_fields = ("user__full_name", "user__email", "city", "employer", "current_role", "offer")  # type: ignore[assignment]
