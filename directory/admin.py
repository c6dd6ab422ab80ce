"""The yearly update in the workspace: starting a campaign and following it partner by
partner, reviewing proposals field by field; and the partner's page with the action sheets
it took part in (the partner and the sheets are edited from either side)."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.widgets import AutocompleteSelectMultiple
from django.db.models import Count, Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from centres.admin import PartnerAdmin
from centres.admin_scope import CentreInScopeFilter, CentreScopedAdminMixin
from centres.models import Partner
from centres.permissions import scope_to_user
from fiches.models import Action

from .admin_review import ProposalAdmin  # noqa: F401 - registers the proposals' admin
from .campaigns import may_start_campaign, start_campaign
from .enums import ProposalState
from .models import Campaign, Invitation, Proposal


class InvitationInline(admin.TabularInline):
    """The campaign, partner by partner: sent, opened, answered, validated, or no email."""

    model = Invitation
    extra = 0
    can_delete = False
    fields = ["partner", "email", "sent_at", "opened_at", "reminded_at", "answered_at",
              "status"]  # fmt: skip
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        reviewed = Proposal.objects.filter(invitation=OuterRef("pk"), state=ProposalState.REVIEWED)
        return (
            super()
            .get_queryset(request)
            .select_related("partner")
            .annotate(
                validated=Exists(reviewed),
                proposal_count=Count("proposals"),
            )
        )

    @admin.display(description=_("état"))
    def status(self, invitation) -> str:
        return invitation_status(invitation)


def invitation_status(invitation) -> str:
    if not invitation.email:
        return str(_("pas de courriel : à relancer"))
    if invitation.sent_at is None:
        return str(_("non envoyée"))
    if invitation.answered_at is not None:
        if not invitation.proposal_count:
            return str(_("validée : confirmée telle quelle"))
        if invitation.validated:
            return str(_("validée : modifications examinées"))
        return str(_("répondu : proposition à examiner"))
    if invitation.opened_at is not None:
        return str(_("ouverte, sans réponse"))
    return str(_("relancée") if invitation.reminded_at else _("envoyée"))


class CampaignForm(forms.ModelForm):
    user = None  # set by the admin: who starts the campaign

    class Meta:
        model = Campaign
        fields = ["centre", "reminder_delay_days", "link_validity_days"]

    def clean_centre(self):
        centre = self.cleaned_data["centre"]
        if not may_start_campaign(self.user, centre):
            raise forms.ValidationError(
                _("Choisissez un de vos centres : une campagne pour tous les partenaires est "
                  "l'affaire des coordinateurs."),
                code="out_of_scope",
            )  # fmt: skip
        return centre


@admin.register(Campaign)
class CampaignAdmin(CentreScopedAdminMixin, admin.ModelAdmin):
    """Adding a campaign starts it: the links leave at once (``directory.campaigns``)."""

    form = CampaignForm
    list_display = ["__str__", "started_at", "started_by", "invitation_count", "answer_count"]
    list_filter = [("centre", CentreInScopeFilter)]
    inlines = [InvitationInline]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("centre", "started_by")
            .annotate(
                invitations_count=Count("invitations"),
                answers_count=Count(
                    "invitations", filter=Q(invitations__answered_at__isnull=False)
                ),
            )
        )

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["centre", "reminder_delay_days", "link_validity_days"]
        return ["centre", "started_at", "started_by", "reminder_delay_days", "link_validity_days"]

    def get_readonly_fields(self, request, obj=None):
        return [] if obj is None else self.get_fields(request, obj)

    def get_inlines(self, request, obj):
        return self.inlines if obj is not None else []

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        return type(form.__name__, (form,), {"user": request.user})

    def has_change_permission(self, request, obj=None):
        return False  # a campaign started is followed, not edited

    def save_model(self, request, obj, form, change):
        report = start_campaign(
            centre=obj.centre,
            started_by=request.user,
            reminder_delay_days=obj.reminder_delay_days,
            link_validity_days=obj.link_validity_days,
        )
        obj.pk = report.campaign.pk
        obj.started_at, obj.started_by = report.campaign.started_at, request.user
        self.message_user(
            request,
            ngettext("Lien envoyé à %(count)d partenaire.",
                     "Liens envoyés à %(count)d partenaires.",
                     len(report.sent)) % {"count": len(report.sent)},
        )  # fmt: skip
        if report.without_email:
            names = ", ".join(partner.name for partner in report.without_email)
            self.message_user(
                request,
                _("Sans courriel, marqués « à relancer » : %(names)s") % {"names": names},
                messages.WARNING,
            )
        if report.failed:
            names = ", ".join(partner.name for partner in report.failed)
            self.message_user(
                request, _("Envoi impossible : %(names)s") % {"names": names}, messages.ERROR
            )

    @admin.display(description=_("invitations"), ordering="invitations_count")
    def invitation_count(self, campaign) -> int:
        return campaign.invitations_count

    @admin.display(description=_("réponses"), ordering="answers_count")
    def answer_count(self, campaign) -> int:
        return campaign.answers_count


# --- The partner's action sheets, from the partner's side ---------------------------------


class PartnerWithActionsForm(PartnerAdmin.form):
    """The partner's form with the action sheets it took part in; saved through the link's
    reverse side, so that each sheet's history records the change
    (``CatalogueHistoricalRecords``)."""

    actions = forms.ModelMultipleChoiceField(
        label=_("fiches actions auxquelles il a participé"),
        queryset=Action.objects.all(),
        required=False,
        # The link's own field to the sheet: the admin's autocomplete reads a forward field.
        widget=AutocompleteSelectMultiple(
            Action.partners.through._meta.get_field("action"), admin.site
        ),
    )

    # The sheets the user may link: those of the centres in his scope; and those of other
    # centres, which he cannot see, kept linked (both set by the admin).
    actions_in_scope = None
    hidden_actions: tuple = ()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.actions_in_scope is not None:
            self.fields["actions"].queryset = self.actions_in_scope
        if self.instance.pk and not self.is_bound:
            self.initial["actions"] = list(self.instance.actions.values_list("pk", flat=True))

    def _save_m2m(self):
        super()._save_m2m()
        if "actions" not in self.cleaned_data:
            return
        # Through the partner's side of the link: each sheet's history records it.
        self.instance.actions.set([*self.cleaned_data["actions"], *self.hidden_actions])


admin.site.unregister(Partner)


@admin.register(Partner)
class DirectoryPartnerAdmin(PartnerAdmin):
    form = PartnerWithActionsForm
    fieldsets = [
        *PartnerAdmin.fieldsets[:-1],
        (PartnerAdmin.fieldsets[-1][0],
         {"fields": [*PartnerAdmin.fieldsets[-1][1]["fields"][:1], "actions",
                     *PartnerAdmin.fieldsets[-1][1]["fields"][1:]]}),
    ]  # fmt: skip

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        in_scope = scope_to_user(Action.objects.all(), request.user)
        hidden = tuple(obj.actions.exclude(pk__in=in_scope.values("pk"))) if obj and obj.pk else ()
        return type(
            form.__name__, (form,), {"actions_in_scope": in_scope, "hidden_actions": hidden}
        )
