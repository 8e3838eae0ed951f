from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest
from modeltranslation.admin import TranslationAdmin, TranslationStackedInline

from .models import HelpRequest, Item, ProgrammeBenefit, Survey, SurveyState


class ItemInline(TranslationStackedInline):
    model = Item
    extra = 0
    fields = ("order", "kind", "text", "help_text", "choices", "required", "benefit", "help_answer")

    def _locked(self, obj: Survey | None) -> bool:
        # Answers depend on the questions once a survey has opened.
        return obj is not None and obj.state != SurveyState.DRAFT

    def has_add_permission(self, request: HttpRequest, obj: Survey | None = None) -> bool:
        return not self._locked(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request: HttpRequest, obj: Survey | None = None) -> bool:
        return not self._locked(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Survey | None = None) -> bool:
        return not self._locked(obj) and super().has_delete_permission(request, obj)


@admin.register(Survey)
class SurveyAdmin(TranslationAdmin):
    """Coordinators edit a survey's questions here. Responses are deliberately not shown:
    the admin must not become a way round the anonymity of the reports."""

    list_display = ("title", "programme", "audience", "kind", "state", "opens_at", "closes_at")
    list_filter = ("programme", "kind", "audience", "state")
    search_fields = ("title",)
    inlines = [ItemInline]


@admin.register(ProgrammeBenefit)
class ProgrammeBenefitAdmin(TranslationAdmin):
    list_display = ("statement", "programme", "audience", "key", "order", "active")
    list_filter = ("programme", "audience", "active")
    list_editable = ("order", "active")


@admin.register(HelpRequest)
class HelpRequestAdmin(admin.ModelAdmin):
    list_display = ("user", "survey", "created_at", "resolved_at")
    list_filter = ("survey__programme",)
    raw_id_fields = ("user", "resolved_by")
    filter_horizontal = ("mentorships",)
