from django.contrib import admin

from .models import Mentorship, MentorshipActor


class MemberInline(admin.TabularInline):
    model = MentorshipActor
    extra = 0
    raw_id_fields = ("actor",)


@admin.register(Mentorship)
class MentorshipAdmin(admin.ModelAdmin):
    """Metadata only: the pair's notes and reflections are never shown here."""

    list_display = ("__str__", "programme", "state", "introduced_at", "agreed_at")
    list_filter = ("programme", "state")
    search_fields = ("mentor__full_name", "members__actor__full_name")
    raw_id_fields = ("mentor", "created_by")
    inlines = [MemberInline]
