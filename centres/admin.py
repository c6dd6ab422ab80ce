from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import Centre, CentreAlias, Partner


class CentreAliasInline(admin.TabularInline):
    model = CentreAlias
    extra = 0


@admin.register(Centre)
class CentreAdmin(admin.ModelAdmin):
    list_display = ["display_name", "kind", "departement", "commune", "updated_at"]
    list_filter = ["kind", "departement"]
    search_fields = ["display_name", "name", "commune", "aliases__name"]
    readonly_fields = ["created_at", "updated_at"]
    inlines = [CentreAliasInline]


@admin.register(Partner)
class PartnerAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "acronym",
        "category",
        "follow_up_state",
        "publication_state",
        "updated_at",
    ]
    list_filter = ["category", "follow_up_state", "publication_state", "centres"]
    search_fields = ["name", "acronym", "expanded_name", "missions", "notes"]
    filter_horizontal = ["centres"]
    readonly_fields = ["created_at", "updated_at"]
    fieldsets = [
        (None, {"fields": ["name", "slug", "acronym", "expanded_name", "category"]}),
        (_("Missions et contact"), {"fields": ["missions", "contact_name", "address", "phone",
                                               "email", "website"]}),
        (_("Suivi (interne)"), {"fields": ["follow_up_state", "follow_up_note", "notes"]}),
        (_("Liens"), {"fields": ["centres", "publication_state", "created_at", "updated_at"]}),
    ]  # fmt: skip
