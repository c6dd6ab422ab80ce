from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import (
    Action,
    Initiator,
    Keyword,
    PartnerType,
    ProjectAction,
    ProjectPartner,
    ProjectSheet,
    Public,
    TimelineEntry,
)


@admin.register(Keyword, Public, PartnerType, Initiator)
class VocabularyAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]


@admin.register(Action)
class ActionAdmin(admin.ModelAdmin):
    list_display = ["title", "centre", "status", "publication_state", "updated_at"]
    list_filter = [
        "publication_state",
        "status",
        "centre__departement",
        "territory",
        "keywords",
        "centre",
    ]
    search_fields = ["title", "summary", "centre__display_name", "centre__name"]
    list_select_related = ["centre"]
    autocomplete_fields = ["centre", "keywords", "publics", "initiators", "partner_types"]
    readonly_fields = ["organiser_as_written", "source_file", "source_line", "imported_at",
                       "created_at", "updated_at"]  # fmt: skip
    fieldsets = [
        (None, {"fields": ["title", "slug", "centre", "publication_state"]}),
        (_("Description de l'action"), {"fields": ["status", "end_reason", "dimension",
                                                   "keywords", "summary"]}),
        (_("Raison d'être de l'action"), {"fields": ["initiators", "initiator_detail",
                                                     "experience", "territory"]}),
        (_("Méthodologie de l'action"), {"fields": ["publics", "partner_types",
                                                    "partners_territory", "general_description",
                                                    "financial_resources", "people_mobilised"]}),
        (_("Auto-évaluation de l'action"), {"fields": ["result_territory", "result_centre",
                                                       "result_residents", "limits",
                                                       "perspectives"]}),
        (_("Fichiers associés"), {"fields": ["attached_files"]}),
        (_("Provenance"), {"fields": ["organiser_as_written", "source_file", "source_line",
                                      "imported_at", "created_at", "updated_at"]}),
    ]  # fmt: skip


class ProjectActionInline(admin.TabularInline):
    model = ProjectAction
    extra = 0


class TimelineEntryInline(admin.TabularInline):
    model = TimelineEntry
    extra = 0


class ProjectPartnerInline(admin.TabularInline):
    model = ProjectPartner
    extra = 0
    autocomplete_fields = ["partner"]


@admin.register(ProjectSheet)
class ProjectSheetAdmin(admin.ModelAdmin):
    list_display = ["title", "centre", "year", "publication_state", "updated_at"]
    list_filter = ["publication_state", "year", "centre"]
    search_fields = ["title", "findings", "centre__display_name"]
    autocomplete_fields = ["centre", "related_action"]
    readonly_fields = ["source_file", "imported_at", "created_at", "updated_at"]
    inlines = [ProjectActionInline, ProjectPartnerInline, TimelineEntryInline]
