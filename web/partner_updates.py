"""The partners' side of the yearly update, without an account: a partner's page as a form
through its personal link, and « Proposer un partenaire ». Both make proposals that the
coordinators review (``directory.review``); nothing public changes here.

Neither page is ever kept in the page cache: each is personal (a link's form, an opening
to record) or carries a signed time and a CSRF token (``never_cache``).
"""

from django.conf import settings
from django.shortcuts import render
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.generic import FormView, View

from core.anti_spam import count_post
from directory.forms import ContactPersonFormSet, NewPartnerForm, PartnerUpdateForm
from directory.links import LinkExpired, LinkTampered, invitation_for
from directory.proposals import (
    PROPOSED_FIELDS,
    confirm_unchanged,
    record_opened,
    submit_new_partner,
    submit_update,
)

NOTHING_CHANGED = "nothing_changed"


@method_decorator(never_cache, name="dispatch")
class PartnerUpdateView(View):
    """``/partenaires/<slug>/mise-a-jour/<token>/``: the partner's page as a form."""

    template_name = "directory/partner_update.html"

    def dispatch(self, request, slug, token):
        try:
            self.invitation = invitation_for(token, slug)
        except LinkTampered:
            return render(request, "directory/link_invalid.html", status=403)
        except LinkExpired as expired:
            campaign = expired.invitation.campaign
            return render(
                request,
                "directory/link_expired.html",
                {"partner": expired.invitation.partner, "centre": campaign.centre},
                status=410,
            )
        self.partner = self.invitation.partner
        return super().dispatch(request, slug, token)

    def get(self, request, slug, token):
        record_opened(self.invitation)
        initial = {name: getattr(self.partner, name) for name in PROPOSED_FIELDS}
        return self.show(
            PartnerUpdateForm(initial=initial), ContactPersonFormSet(partner=self.partner)
        )

    def post(self, request, slug, token):
        record_opened(self.invitation)
        if NOTHING_CHANGED in request.POST:
            confirm_unchanged(self.invitation)
            return self.done(proposal=None)
        form = PartnerUpdateForm(request.POST)
        persons = ContactPersonFormSet(request.POST, partner=self.partner)
        if not all([form.is_valid(), persons.is_valid()]):  # both, for all their errors
            return self.show(form, persons)
        proposal = submit_update(
            invitation=self.invitation,
            values=form.proposed_values(),
            persons=persons.rows(),
            message=form.cleaned_data["message"],
        )
        return self.done(proposal=proposal)

    def show(self, form, persons):
        context = {
            "partner": self.partner,
            "form": form,
            "persons": persons,
            "error_count": len(form.errors) + persons.total_error_count(),
        }
        return render(self.request, self.template_name, context)

    def done(self, *, proposal):
        context = {"partner": self.partner, "proposal": proposal}
        return render(self.request, "directory/partner_update_done.html", context)


@method_decorator(never_cache, name="dispatch")
class NewPartnerView(FormView):
    """``/partenaires/proposer/``: « Proposer un partenaire »."""

    form_class = NewPartnerForm
    template_name = "directory/new_partner.html"

    def form_valid(self, form):
        if too_many_proposals(self.request):
            form.add_error(
                None,
                _("Trop de propositions ont été envoyées depuis votre connexion : réessayez "
                  "dans une heure."),
            )  # fmt: skip
            response = self.form_invalid(form)
            response.status_code = 429
            return response
        data = form.cleaned_data
        submit_new_partner(
            values=form.proposed_values(),
            centre=data["centre"],
            submitter_name=data["submitter_name"],
            submitter_email=data["submitter_email"],
            message=data["message"],
        )
        return render(self.request, "directory/new_partner_done.html")


def too_many_proposals(request) -> bool:
    """Counts this proposal against the sender's address; true beyond the hour's limit. In
    the shared cache, so that every process counts the same."""
    return not count_post("partner-proposals", request, settings.PARTNER_PROPOSALS_PER_HOUR)
