"""The workspace's editions and partner meetings, in the centre scope of each person:
coordinators everywhere, a centre's team for its own centres."""

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from centres.admin_scope import CentreInScopeFilter, CentreScopedAdminMixin
from centres.permissions import managed_centre_ids
from core.concurrency import VersionCheckedAdminMixin
from core.history_display import PlainHistoryAdminMixin

from .models import DirectoryEdition, PartnerMeeting
from .services import validate_directory


class DirectoryEditionForm(forms.ModelForm):
    # Set for a centre's team, whose edition is always one of its centres'.
    centre_required = False

    class Meta:
        model = DirectoryEdition
        fields = ["centre", "year", "validated_by", "validated_on"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "year" not in self.fields:  # an edition recorded: read only
            return
        self.fields["year"].required = False  # the service takes the validation's year
        if self.centre_required:
            self.fields["centre"].required = True
            self.fields["centre"].help_text = ""


@admin.register(DirectoryEdition)
class DirectoryEditionAdmin(CentreScopedAdminMixin, admin.ModelAdmin):
    """Recording a validation freezes the edition: it is then read, never changed nor
    deleted (an edition handed out stays what it was)."""

    form = DirectoryEditionForm
    list_display = ["__str__", "validated_by", "validated_on", "partner_count", "booklet_links"]
    list_filter = [("centre", CentreInScopeFilter), "year"]
    date_hierarchy = "validated_on"
    readonly_fields = ["recorded_by", "created_at", "partner_count", "booklet_links",
                       "partner_names"]  # fmt: skip

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("centre", "recorded_by")
            .annotate(entry_count=Count("entries"))
        )

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["centre", "year", "validated_by", "validated_on"]
        return ["centre", "year", "validated_by", "validated_on", *self.readonly_fields]

    def get_form(self, request, obj=None, change=False, **kwargs):
        if managed_centre_ids(request.user) is not None:
            kwargs["form"] = type("TeamEditionForm", (self.form,), {"centre_required": True})
        return super().get_form(request, obj, change=change, **kwargs)

    def has_change_permission(self, request, obj=None):
        return obj is None and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        if change:
            raise PermissionDenied
        edition = validate_directory(
            centre=obj.centre,
            validated_by=obj.validated_by,
            validated_on=obj.validated_on,
            year=obj.year,
            recorded_by=request.user,
        )
        obj.pk, obj.year, obj.created_at = edition.pk, edition.year, edition.created_at

    @admin.display(description=_("partenaires"))
    def partner_count(self, obj):
        return getattr(obj, "entry_count", None) or obj.entries.count()

    @admin.display(description=_("livret"))
    def booklet_links(self, obj):
        query = f"?edition={obj.pk}"
        return format_html(
            '<a href="{}">{}</a> · <a href="{}">{}</a> · <a href="{}">{}</a>',
            reverse("editions:booklet") + query,
            _("page"),
            reverse("editions:booklet_pdf") + query,
            _("PDF"),
            reverse("editions:booklet_changes") + query,
            _("changements"),
        )

    @admin.display(description=_("partenaires de l'édition"))
    def partner_names(self, obj):
        entries = obj.entries.all()
        return format_html(
            "<ol>{}</ol>",
            format_html_join("", "<li>{} — {}</li>", ((e, e.category_label) for e in entries)),
        )


class PartnerMeetingForm(forms.ModelForm):
    class Meta:
        help_texts = {
            "project": _("Laissée vide : une rencontre du centre, pour tous ses projets."),
            "notes": _("Réservé à l'équipe : jamais publié."),
            "decisions": _("Réservé à l'équipe : jamais publié."),
        }


@admin.register(PartnerMeeting)
class PartnerMeetingAdmin(
    VersionCheckedAdminMixin, CentreScopedAdminMixin, PlainHistoryAdminMixin, SimpleHistoryAdmin
):
    """The add form takes its first values from the address (``?centre=…&date=…``): the
    desk's proposal of the next June or December meeting opens it filled in."""

    form = PartnerMeetingForm
    list_display = ["date", "kind", "centre", "project", "present_count"]
    list_filter = ["kind", ("centre", CentreInScopeFilter)]
    date_hierarchy = "date"
    search_fields = ["notes", "decisions", "centre__display_name", "project__title"]
    autocomplete_fields = ["project", "partners_present"]
    fields = ["centre", "project", "date", "kind", "partners_present", "notes", "decisions"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("centre", "project")
            .annotate(present=Count("partners_present"))
        )

    @admin.display(description=_("partenaires présents"), ordering="present")
    def present_count(self, obj):
        return obj.present
