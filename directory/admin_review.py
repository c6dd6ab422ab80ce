"""Reviewing a proposal in the workspace: each change (a field, a contact person, in words)
with its value before, the value now (when someone edited the partner meanwhile) and the
value proposed; the reviewer accepts or refuses each, with a note. Saving applies the
decisions (``directory.review``)."""

from django import forms
from django.contrib import admin, messages
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from centres.admin_scope import CentreScopedAdminMixin

from .enums import PersonChangeKind
from .models import Proposal, ProposedChange, ProposedPersonChange
from .persons import described, person_state
from .proposals import stored_value
from .review import apply_decisions


class ProposedChangeForm(forms.ModelForm):
    class Meta:
        model = ProposedChange
        fields = ["decision", "note"]

    def clean_decision(self):
        decision = self.cleaned_data["decision"]
        if self.instance.applied_at is not None and decision != self.instance.decision:
            raise forms.ValidationError(
                _("Cette modification est déjà appliquée : elle ne peut plus changer."),
                code="applied",
            )
        return decision


class ProposedChangeInline(admin.TabularInline):
    model = ProposedChange
    form = ProposedChangeForm
    extra = 0
    can_delete = False
    fields = ["label", "before", "current", "after", "decision", "note", "applied_at"]
    readonly_fields = ["label", "before", "current", "after", "applied_at"]

    def has_add_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("proposal__partner")

    @admin.display(description=_("rubrique"))
    def label(self, change) -> str:
        return change.label

    @admin.display(description=_("valeur actuelle"))
    def current(self, change):
        """The partner's value now, flagged when it is neither the value the proposal
        started from nor the one proposed: someone edited it meanwhile."""
        partner = change.proposal.partner
        if partner is None or change.applied_at is not None:
            return ""
        now = stored_value(partner, change.field)
        if now in (change.before, change.after):
            return now
        return format_html(
            '<strong class="errornote">{}</strong> {}', _("Modifiée entre-temps :"), now
        )


class ProposedPersonChangeForm(ProposedChangeForm):
    class Meta(ProposedChangeForm.Meta):
        model = ProposedPersonChange


class ProposedPersonChangeInline(admin.TabularInline):
    """The contact persons the partner changed, marked as gone or added, in words."""

    model = ProposedPersonChange
    form = ProposedPersonChangeForm
    extra = 0
    can_delete = False
    fields = ["kind", "before_in_words", "current", "after_in_words", "decision", "note",
              "applied_at"]  # fmt: skip
    readonly_fields = ["kind", "before_in_words", "current", "after_in_words", "applied_at"]

    def has_add_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("person")

    @admin.display(description=_("avant"))
    def before_in_words(self, change) -> str:
        return described(change.before)

    @admin.display(description=_("proposé"))
    def after_in_words(self, change) -> str:
        if change.kind == PersonChangeKind.LEFT:
            return _("À retirer de la fiche : a quitté la structure.")
        return described(change.after)

    @admin.display(description=_("actuellement"))
    def current(self, change):
        """The person now, flagged when it is neither as the proposal found it nor as
        proposed: someone edited or removed it meanwhile."""
        if change.applied_at is not None or change.kind == PersonChangeKind.ADDED:
            return ""
        now = person_state(change.person)
        if now in (change.before, change.after):
            return described(now)
        if not now:
            return format_html(
                '<strong class="errornote">{}</strong>', _("Retirée de la fiche entre-temps.")
            )
        return format_html(
            '<strong class="errornote">{}</strong> {}', _("Modifiée entre-temps :"), described(now)
        )


@admin.register(Proposal)
class ProposalAdmin(CentreScopedAdminMixin, admin.ModelAdmin):
    list_display = ["__str__", "kind", "partner", "submitted_at", "state"]
    list_filter = ["state", "kind"]
    list_select_related = ["partner"]
    search_fields = ["partner__name", "submitter_name", "changes__after"]
    inlines = [ProposedChangeInline, ProposedPersonChangeInline]
    fields = ["kind", "partner", "centre", "submitted_at", "submitter_name", "submitter_email",
              "message", "state", "reviewed_at", "reviewed_by"]  # fmt: skip
    readonly_fields = fields

    def has_add_permission(self, request):
        return False  # proposals come from the public forms

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        outcome = apply_decisions(form.instance, reviewer=request.user)
        if outcome.applied:
            self.message_user(
                request,
                ngettext("%(count)d modification appliquée.", "%(count)d modifications appliquées.",
                         len(outcome.applied)) % {"count": len(outcome.applied)},
            )  # fmt: skip
        if outcome.created_partner is not None:
            self.message_user(
                request,
                _("Partenaire « %(name)s » créé, en brouillon : relisez-le avant de le publier.")
                % {"name": outcome.created_partner.name},
            )
        for conflict in outcome.conflicts:
            self.message_user(
                request,
                _("« %(field)s » n'a pas été appliquée : %(why)s")
                % {"field": conflict.label, "why": conflict.note},
                messages.WARNING,
            )
        if outcome.reviewed:
            self.message_user(request, _("Proposition examinée."))

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("partner")
