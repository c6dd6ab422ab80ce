"""The coordinators' workspace for sheets and vocabularies.

Who sees and touches what is decided by ``centres.permissions`` through the mixins of
``centres.admin_scope``; this module says how each kind of record is edited.
"""

from django import forms
from django.contrib import admin, messages
from django.db.models import Count, FileField
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from simple_history.admin import SimpleHistoryAdmin

from centres.admin_consent import ConsentRecordingAdminMixin
from centres.admin_scope import (
    CentreInScopeFilter,
    CentreScopedAdminMixin,
    DepartementInScopeFilter,
    PublicationAdminMixin,
    ScopedChoicesMixin,
)
from centres.permissions import can_merge_vocabularies
from core.admin_index import IndexedChangeListMixin
from core.concurrency import VersionCheckedAdminMixin
from core.history_display import PlainHistoryAdminMixin
from parsing.action_sheet import SECTIONS, VOCABULARY_FIELDS

from . import search
from .admin_completeness import CompletenessAdminMixin, CompletenessFilter
from .admin_display import ShortColumnsAdminMixin, SuggestedValuesAdminMixin
from .admin_figures import FiguresFormMixin, fields_of_heading
from .admin_history import ChildHistoryAdminMixin
from .attachments import AttachmentFileWidget
from .derived import refresh_derived
from .models import (
    Action,
    Attachment,
    Initiator,
    Keyword,
    PartnerType,
    ProjectAction,
    ProjectPartner,
    ProjectSheet,
    Public,
    TimelineEntry,
)
from .services import (
    delete_vocabulary_entries,
    merge_vocabulary_entries,
    save_vocabulary_entry,
)

SLUG_HELP = _("L'adresse de la fiche sur le site ; laissée vide, elle est tirée du titre.")


# --- Vocabularies ------------------------------------------------------------------------


class VocabularyForm(forms.ModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["slug"].required = False  # the model derives it from the name

    class Meta:
        fields = ["name", "slug"]
        help_texts = {
            "name": _("Le libellé tel qu'il s'affiche sur les fiches et dans les filtres."),
            "slug": _("L'identifiant dans les adresses ; laissé vide, il est tiré du libellé."),
        }


class MergeForm(forms.Form):
    keep = forms.ModelChoiceField(
        queryset=None,
        widget=forms.RadioSelect,
        empty_label=None,
        label=_("Entrée à garder"),
        help_text=_("Les fiches classées sous les autres entrées le seront sous celle-ci ; "
                    "les autres entrées sont supprimées."),
    )  # fmt: skip

    def __init__(self, *args, entries, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["keep"].queryset = entries


@admin.register(Keyword, Public, PartnerType, Initiator)
class VocabularyAdmin(admin.ModelAdmin):
    form = VocabularyForm
    list_display = ["name", "slug", "action_count"]
    search_fields = ["name"]
    actions = ["merge"]

    def get_queryset(self, request):
        # Grouped by the count, the rows lose the model's order: the autocomplete pages them.
        queryset = super().get_queryset(request).annotate(action_count=Count("actions"))
        return queryset.order_by(*self.model._meta.ordering, "pk")

    @admin.display(description=_("fiches"), ordering="action_count")
    def action_count(self, entry) -> int:
        return entry.action_count

    # An entry's name is in its sheets' search documents: the services refresh them.
    def save_model(self, request, obj, form, change):
        save_vocabulary_entry(entry=obj)

    def delete_model(self, request, obj):
        delete_vocabulary_entries(entries=[obj])

    def delete_queryset(self, request, queryset):
        delete_vocabulary_entries(entries=queryset)

    def has_merge_permission(self, request) -> bool:
        return (
            can_merge_vocabularies(request.user)
            and self.has_change_permission(request)
            and self.has_delete_permission(request)
        )

    @admin.action(description=_("Fusionner les entrées choisies"), permissions=["merge"])
    def merge(self, request, queryset):
        """Asks which entry to keep, then merges the others into it."""
        if queryset.count() < 2:
            self.message_user(
                request, _("Choisissez au moins deux entrées à fusionner."), messages.WARNING
            )
            return None
        form = MergeForm(request.POST if "confirm" in request.POST else None, entries=queryset)
        if form.is_bound and form.is_valid():
            keep = form.cleaned_data["keep"]
            merged = list(queryset.exclude(pk=keep.pk))
            refiled = merge_vocabulary_entries(keep=keep, merged=merged)
            self.message_user(
                request,
                ngettext(
                    "%(count)d entrée fusionnée dans « %(keep)s » (%(sheets)d fiche reclassée).",
                    "%(count)d entrées fusionnées dans « %(keep)s » (%(sheets)d fiches "
                    "reclassées).",
                    len(merged),
                )
                % {"count": len(merged), "keep": keep, "sheets": refiled},
            )
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": _("Fusionner des entrées : %(vocabulary)s")
            % {"vocabulary": self.model._meta.verbose_name_plural},
            "opts": self.model._meta,
            "form": form,
            "entries": queryset,
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/fiches/merge_vocabulary.html", context)


# --- Action sheets -----------------------------------------------------------------------


class ActionForm(FiguresFormMixin, forms.ModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "slug" in self.fields:
            self.fields["slug"].required = False
        # Reverting to an old version: its vocabularies, not today's, fill the form.
        record = getattr(self.instance, "_history", None)
        if record is not None and not self.is_bound:
            for name in VOCABULARY_FIELDS:
                entry_column = f"{Action._meta.get_field(name).m2m_reverse_field_name()}_id"
                self.initial[name] = list(
                    getattr(record, name).values_list(entry_column, flat=True)
                )

    class Meta:
        # No model here: the admin builds the form, with its own widgets for each field.
        help_texts = {
            "title": _("Le nom de l'action, tel qu'il apparaît dans le catalogue."),
            "slug": SLUG_HELP,
            "centre": _("La structure qui mène l'action : tapez quelques lettres de son nom."),
            "publication_state": _(
                "Seules les fiches « Publiée » sont visibles du public. L'équipe du centre "
                "passe sa fiche « À relire » quand elle est prête ; un coordinateur la publie."
            ),
            "status": _("L'action est-elle en cours ou terminée ?"),
            "end_reason": _("Seulement si l'action est terminée : pourquoi ?"),
            "dimension": _("Par exemple « Services » ou « Accompagnement de projets »."),
            "keywords": _("Les thèmes de l'action ; tapez pour retrouver un mot clé existant."),
            "summary": _("Quelques lignes : ce que fait l'action, pour qui, où."),
            "initiators": _("Qui est à l'initiative de l'action ?"),
            "initiator_detail": _("Si l'initiative vient d'« autre » : de qui ?"),
            "experience": _("Le récit de l'action : ses objectifs, ses acteurs, ses étapes."),
            "territory": _("Par exemple « Un quartier » ou « Une commune »."),
            "publics": _("À qui l'action s'adresse."),
            "partner_types": _("Avec quels types de partenaires l'action a été menée."),
            "general_description": _("Comment l'action se déroule concrètement."),
            "financial_resources": _("Budget, financeurs, dépenses."),
            "people_mobilised": _("Salariés, bénévoles, habitants : combien, et qui."),
            "result_territory": _("Ce que l'action a changé pour le territoire."),
            "result_centre": _("Ce que l'action a apporté au centre social."),
            "result_residents": _("Ce que l'action a apporté aux habitants."),
            "limits": _("Ce qui a manqué, ce qui a freiné."),
            "perspectives": _("Ce qui est prévu ensuite."),
            "attached_files": _(
                "Les noms des fichiers cités par la fiche d'origine, un par ligne ; les "
                "fichiers eux-mêmes se déposent dans « Fichiers joints » ci-dessous."
            ),
        }


class AttachmentInline(admin.TabularInline):
    model = Attachment
    extra = 0
    formfield_overrides = {FileField: {"widget": AttachmentFileWidget}}
    fields = ["title", "file", "uploaded_at", "uploaded_by"]
    readonly_fields = ["uploaded_at", "uploaded_by"]


def _is_change_list(request) -> bool:
    match = request.resolver_match
    return match is not None and match.url_name.endswith("_changelist")


@admin.register(Action)
class ActionAdmin(
    VersionCheckedAdminMixin,
    ChildHistoryAdminMixin,
    CentreScopedAdminMixin,
    PublicationAdminMixin,
    CompletenessAdminMixin,
    ShortColumnsAdminMixin,
    SuggestedValuesAdminMixin,
    IndexedChangeListMixin,
    PlainHistoryAdminMixin,
    SimpleHistoryAdmin,
):
    form = ActionForm
    list_display = [
        "title_display",
        "centre_display",
        "status_display",
        "state_display",
        "completeness_display",
        "updated_display",
    ]
    save_on_top = True
    suggested_value_fields = ("dimension", "territory", "partners_territory")
    list_filter = [
        ("centre", CentreInScopeFilter),
        DepartementInScopeFilter,
        "publication_state",
        "status",
        # Every keyword: the keywords of the sheets in scope took reading every sheet.
        "keywords",
        CompletenessFilter,
    ]
    search_fields = [
        "title",
        "summary",
        "experience",
        "general_description",
        "result_residents",
        "perspectives",
        "centre__display_name",
    ]
    list_select_related = ["centre"]
    # Rendering a row of the change list costs more than reading it: a shorter page.
    list_per_page = 50
    actions = PublicationAdminMixin.publication_actions
    autocomplete_fields = ["centre", "partners", "keywords", "publics", "initiators",
                           "partner_types"]  # fmt: skip
    readonly_fields = ["completeness_display", "completeness_detail", "organiser_as_written",
                       "source_file", "source_line", "imported_at", "created_at",
                       "updated_at"]  # fmt: skip
    inlines = [AttachmentInline]
    # A file goes with its attachment (``fiches.signals``): a revert leaves the files alone.
    history_children = [Attachment]
    fieldsets = [
        (None, {"fields": ["title", "slug", "centre", "partners", "publication_state",
                           "completeness_detail"]}),
        # One fieldset per section of the sheet, its headings in the sheet's order, each
        # followed by the figures read from it.
        *((section.title, {"fields": [field for heading in section.headings
                                      if Action._meta.get_field(heading.field).editable
                                      for field in fields_of_heading(heading.field)]})
          for section in SECTIONS),
        (_("Provenance"), {"classes": ["collapse"],
                           "fields": ["organiser_as_written", "source_file", "source_line",
                                      "imported_at", "created_at", "updated_at"]}),
    ]  # fmt: skip

    def get_search_results(self, request, queryset, search_term):
        """The change list searches as the public list does (``fiches.search``: French,
        accents and plurals aside); an autocomplete matches the start of words, as a person
        types them."""
        if not search_term.strip() or not _is_change_list(request):
            return super().get_search_results(request, queryset, search_term)
        return queryset.search(search_term), False

    def indexed_search(self, index, term, *, using, only=None):
        scored = search.scored_keys(term, using=using, only=only)
        return index.ranked(scored) if only is None else scored

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # The vocabularies are saved after the sheet: its derived data once they are.
        refresh_derived(actions=[form.instance])

    def reverted(self, object_id) -> None:
        refresh_derived(actions=Action.objects.filter(pk=object_id))

    def save_formset(self, request, form, formset, change):
        if formset.model is not Attachment:
            return super().save_formset(request, form, formset, change)
        for attachment in formset.save(commit=False):
            if attachment.pk is None:
                attachment.uploaded_by = request.user
            attachment.save()
        for attachment in formset.deleted_objects:
            attachment.delete()
        return None


# --- Project sheets ----------------------------------------------------------------------


class ProjectActionInline(admin.TabularInline):
    model = ProjectAction
    extra = 0


class TimelineEntryInline(admin.TabularInline):
    model = TimelineEntry
    extra = 0


class ProjectPartnerInline(ScopedChoicesMixin, admin.TabularInline):
    model = ProjectPartner
    extra = 0
    autocomplete_fields = ["partner"]


class ProjectSheetForm(forms.ModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "slug" in self.fields:
            self.fields["slug"].required = False

    class Meta:
        # No model here: the admin builds the form, with its own widgets for each field.
        help_texts = {
            "title": _("Par exemple « Fiche projet Famille 2018 »."),
            "slug": SLUG_HELP,
            "centre": _("Le centre dont c'est le projet : tapez quelques lettres de son nom."),
            "related_action": _("La fiche action qui raconte ce projet, s'il y en a une."),
            "publication_state": ActionForm.Meta.help_texts["publication_state"],
            "year": _("Par exemple « 2018 »."),
            "findings": _("Ce que le centre a constaté et qui a fait naître le projet."),
            "lead": _("La personne ou le secteur qui porte le projet."),
            "budget_note": _("Les montants prévus et les financeurs."),
        }


@admin.register(ProjectSheet)
class ProjectSheetAdmin(
    ConsentRecordingAdminMixin,
    VersionCheckedAdminMixin,
    ChildHistoryAdminMixin,
    CentreScopedAdminMixin,
    PublicationAdminMixin,
    ShortColumnsAdminMixin,
    PlainHistoryAdminMixin,
    SimpleHistoryAdmin,
):
    form = ProjectSheetForm
    list_display = ["title_display", "centre_display", "year", "state_display", "updated_display"]
    save_on_top = True
    list_filter = ["publication_state", "year", ("centre", CentreInScopeFilter)]
    search_fields = ["title", "findings", "general_objectives", "progress",
                     "centre__display_name"]  # fmt: skip
    list_select_related = ["centre"]
    actions = PublicationAdminMixin.publication_actions
    autocomplete_fields = ["centre", "related_action"]
    readonly_fields = ["publication_consent_recorded_by", "source_file", "imported_at",
                       "created_at", "updated_at"]  # fmt: skip
    inlines = [ProjectActionInline, ProjectPartnerInline, TimelineEntryInline]
    history_children = [ProjectAction, ProjectPartner, TimelineEntry]
    revert_restores_children = True
    fieldsets = [
        (None, {"fields": ["title", "slug", "centre", "related_action", "publication_state"]}),
        (_("Le projet"), {"fields": ["year", "findings", "general_objectives", "lead",
                                     "publication_consent_at", "publication_consent_recorded_by",
                                     "staff", "sector", "sector_details", "public"]}),
        (_("Mise en œuvre"), {"fields": ["dates", "place", "operational_objectives",
                                         "progress"]}),
        (_("Évaluation et budget"), {"fields": ["evaluation_criteria", "budget_note",
                                                "perspectives", "form_notes"]}),
        (_("Provenance"), {"classes": ["collapse"],
                           "fields": ["source_file", "imported_at", "created_at",
                                      "updated_at"]}),
    ]  # fmt: skip
