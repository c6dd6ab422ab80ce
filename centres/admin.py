"""The coordinators' workspace for centres, their teams and the partner directory."""

from django import forms
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from simple_history.admin import SimpleHistoryAdmin

from core.concurrency import VersionCheckedAdminMixin
from core.history_display import PlainHistoryAdminMixin

from .admin_consent import ConsentRecordingAdminMixin
from .admin_scope import CentreScopedAdminMixin, PublicationAdminMixin
from .enums import ReviewSource
from .models import Centre, CentreAlias, CentreMembership, ContactPerson, Partner
from .permissions import can_mark_reviewed, is_coordinator, managed_centre_ids
from .phones import clean_phone_number
from .reviews import REVIEW_FIELDS


class CentreAliasInline(admin.TabularInline):
    model = CentreAlias
    extra = 0


class CentreMembershipInline(admin.TabularInline):
    """The centre's team: who may write its sheets. Coordinators only (the group of the
    centre's team has no permission on memberships)."""

    model = CentreMembership
    extra = 0
    autocomplete_fields = ["user"]
    verbose_name = _("membre de l'équipe")
    verbose_name_plural = _("équipe du centre (accès à l'espace de travail)")


class CentreContactFilter(admin.SimpleListFilter):
    title = _("coordonnées")
    parameter_name = "contact"

    def lookups(self, request, model_admin):
        return [("aucune", _("sans téléphone, courriel ni site web"))]

    def queryset(self, request, queryset):
        if self.value() == "aucune":
            return queryset.without_contact()
        return queryset


class CentreForm(forms.ModelForm):
    def clean_phone(self):
        return clean_phone_number(self.cleaned_data["phone"])

    def clean(self):
        cleaned = super().clean()
        # A postcode or an INSEE code says where the centre is only with its commune's name.
        if (cleaned.get("postcode") or cleaned.get("insee_code")) and not cleaned.get("commune"):
            self.add_error("commune", _("Indiquez la commune de ce code."))
        return cleaned


@admin.register(Centre)
class CentreAdmin(
    VersionCheckedAdminMixin, CentreScopedAdminMixin, PlainHistoryAdminMixin, SimpleHistoryAdmin
):
    form = CentreForm
    list_display = ["display_name", "kind", "departement", "commune", "updated_at"]
    list_filter = ["kind", "departement", CentreContactFilter]
    save_on_top = True
    search_fields = ["display_name", "name", "commune", "aliases__name"]
    readonly_fields = ["created_at", "updated_at"]
    # What names the centre and where its pages live is the coordinators' to change; its team
    # keeps the rest, how to reach it, up to date.
    identity_fields = ["name", "display_name", "slug", "kind", "departement"]
    fieldsets = [
        (None, {"fields": identity_fields}),
        (_("Coordonnées"), {
            "fields": ["address", ("postcode", "commune"), "insee_code", "phone", "email",
                       "website", "opening_hours"],
            "description": _("Montrées sur la page du centre et sur ses fiches, sauf le "
                             "courriel : les visiteurs écrivent au centre par un formulaire "
                             "du site, qui leur transmet le message."),
        }),
        (None, {"fields": ["created_at", "updated_at"]}),
    ]  # fmt: skip
    inlines = [CentreAliasInline, CentreMembershipInline]

    def get_readonly_fields(self, request, obj=None):
        readonly = super().get_readonly_fields(request, obj)
        if is_coordinator(request.user):
            return readonly
        return [*self.identity_fields, *readonly]

    def save_model(self, request, obj, form, change):
        # Reverting to an old version brings its name and slug along: a team's revert keeps
        # the stored ones, as its change form does.
        if change and not is_coordinator(request.user):
            stored = Centre.objects.filter(pk=obj.pk).values(*self.identity_fields).get()
            for name, value in stored.items():
                setattr(obj, name, value)
        super().save_model(request, obj, form, change)


class PartnerReviewFilter(admin.SimpleListFilter):
    """The directory is updated yearly, as the Chantiers project sheet asks."""

    title = _("revue annuelle")
    parameter_name = "revue"

    def lookups(self, request, model_admin):
        return [
            ("a_mettre_a_jour", _("à mettre à jour (pas revu depuis 12 mois)")),
            ("a_suivre", _("à suivre (à relancer, ou pas revu depuis 12 mois)")),
            ("a_jour", _("revu dans l'année")),
        ]

    def queryset(self, request, queryset):
        if self.value() == "a_suivre":
            return queryset.to_follow_up()
        if self.value() == "a_mettre_a_jour":
            return queryset.review_due()
        if self.value() == "a_jour":
            return queryset.reviewed_within_a_year()
        return queryset


class PartnerForm(forms.ModelForm):
    # A centre's team links the partner to its own centres (its choices are limited to them)
    # and must not undo the links other centres made, which it cannot see.
    limit_to_own_centres = False
    hidden_centres: tuple[Centre, ...] = ()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["slug"].required = False  # the model derives it from the name

    def clean_centres(self):
        chosen = list(self.cleaned_data["centres"])
        if self.limit_to_own_centres and not chosen:
            raise forms.ValidationError(
                _("Choisissez au moins un de vos centres."), code="required"
            )
        return chosen + list(self.hidden_centres)

    class Meta:
        # No model here: the admin builds the form, with its own widgets for each field.
        help_texts = {
            "slug": _("L'adresse de la fiche sur le site ; laissée vide, elle est tirée du nom."),
            "missions": _("Ce que fait le partenaire, en quelques lignes."),
            "follow_up_state": _("Où en est le centre avec ce partenaire."),
            "centres": _("Les centres qui travaillent avec ce partenaire."),
            "publication_state": _("Seuls les partenaires « Publiée » figurent dans l'annuaire "
                                   "public."),
        }  # fmt: skip


class ContactPersonInline(admin.TabularInline):
    """The people to contact: published only once their consent is recorded."""

    model = ContactPerson
    extra = 0
    fields = ["name", "role", "phone", "email", "publication_consent_at",
              "publication_consent_recorded_by", "publication_consent_source"]  # fmt: skip
    readonly_fields = ["publication_consent_recorded_by", "publication_consent_source"]


@admin.register(Partner)
class PartnerAdmin(
    ConsentRecordingAdminMixin,
    VersionCheckedAdminMixin,
    CentreScopedAdminMixin,
    PublicationAdminMixin,
    PlainHistoryAdminMixin,
    SimpleHistoryAdmin,
):
    form = PartnerForm
    save_on_top = True
    list_display = [
        "name",
        "acronym",
        "category",
        "follow_up_state",
        "publication_state",
        "last_reviewed_at",
        "updated_at",
    ]
    list_filter = [
        PartnerReviewFilter,
        "category",
        "follow_up_state",
        "publication_state",
        ("centres", admin.RelatedOnlyFieldListFilter),
    ]
    search_fields = ["name", "acronym", "expanded_name", "missions", "notes"]
    actions = [*PublicationAdminMixin.publication_actions, "mark_reviewed"]
    filter_horizontal = ["centres"]
    readonly_fields = [*REVIEW_FIELDS, "created_at", "updated_at"]
    inlines = [ContactPersonInline]
    fieldsets = [
        (None, {"fields": ["name", "slug", "acronym", "expanded_name", "category"]}),
        (_("Ce que fait le partenaire"), {"fields": ["missions", "services", "public_served"]}),
        (_("Coordonnées"), {"fields": ["address", "postcode", "commune", "insee_code", "phone",
                                       "email", "website", "opening_hours"]}),
        (_("Suivi (interne)"), {"fields": ["follow_up_state", "follow_up_note", "notes",
                                           *REVIEW_FIELDS]}),
        (_("Liens"), {"fields": ["centres", "publication_state", "created_at", "updated_at"]}),
    ]  # fmt: skip

    def get_form(self, request, obj=None, change=False, **kwargs):
        centre_ids = managed_centre_ids(request.user)
        if centre_ids is not None:
            hidden = list(obj.centres.exclude(pk__in=centre_ids)) if obj and obj.pk else []
            kwargs["form"] = type(
                "TeamPartnerForm",
                (self.form,),
                {"limit_to_own_centres": True, "hidden_centres": tuple(hidden)},
            )
        return super().get_form(request, obj, change=change, **kwargs)

    def save_model(self, request, obj, form, change):
        if can_mark_reviewed(request.user):
            obj.mark_reviewed(by=ReviewSource.COORDINATOR, user=request.user)
        super().save_model(request, obj, form, change)

    def has_mark_reviewed_permission(self, request) -> bool:
        return can_mark_reviewed(request.user) and self.has_change_permission(request)

    @admin.action(description=_("Marquer comme revu"), permissions=["mark_reviewed"])
    def mark_reviewed(self, request, queryset):
        now = timezone.now()
        partners = list(queryset)
        for partner in partners:
            partner.mark_reviewed(by=ReviewSource.COORDINATOR, user=request.user, now=now)
            partner._change_reason = "Revu"
            partner.save(update_fields=list(REVIEW_FIELDS))
        self.message_user(
            request,
            ngettext(
                "%(count)d partenaire marqué comme revu.",
                "%(count)d partenaires marqués comme revus.",
                len(partners),
            )
            % {"count": len(partners)},
        )


User = get_user_model()


class CentreMembershipOfUserInline(admin.TabularInline):
    model = CentreMembership
    extra = 0
    autocomplete_fields = ["centre"]
    verbose_name = _("centre dont la personne fait partie de l'équipe")
    verbose_name_plural = _("centres (pour le groupe « Équipe de centre »)")


admin.site.unregister(User)


@admin.register(User)
class CatalogueUserAdmin(UserAdmin):
    """Django's user admin, with the centres each person works for."""

    inlines = [*UserAdmin.inlines, CentreMembershipOfUserInline]
