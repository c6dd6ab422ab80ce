"""The public forms of the directory's update: a partner's page through its link, and
« Proposer un partenaire ». Each field is checked as the model checks it (a postcode of five
digits, an INSEE code, an email, a web address), with its error next to it."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from centres.models import Centre, Partner
from core.anti_spam import HoneypotFormMixin

from .proposals import NEW_PARTNER_FIELDS, PROPOSED_FIELDS

STALE_FORM = _("Ce formulaire est trop ancien : rechargez la page, puis envoyez-le à nouveau.")

HELP_TEXTS = {
    "name": _("Le nom de votre structure, tel que vous l'écrivez."),
    "missions": _("Ce que fait votre structure, en quelques lignes."),
    "insee_code": _("Facultatif : le code officiel de la commune (78586 pour Sartrouville)."),
    "opening_hours": _("Par exemple : « Du lundi au vendredi, 9 h – 12 h et 14 h – 18 h »."),
}


def _url_field(model_field, **kwargs):
    # Typed without its scheme, a web address is taken as https (Django 6's default).
    if model_field.name == "website":
        return forms.URLField(
            label=model_field.verbose_name.capitalize(),
            required=False,
            max_length=model_field.max_length,
            assume_scheme="https",
        )
    return model_field.formfield(**kwargs)


class PartnerFieldsForm(forms.ModelForm):
    """The partner's own fields, validated as the model validates them; never saved (what is
    submitted becomes a proposal)."""

    message = forms.CharField(
        label=_("Un mot pour l'équipe (facultatif)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    class Meta:
        model = Partner
        fields = PROPOSED_FIELDS
        help_texts = HELP_TEXTS
        formfield_callback = _url_field

    def proposed_values(self) -> dict:
        return {name: self.cleaned_data.get(name, "") for name in self._meta.fields}

    def save(self, commit=True):  # pragma: no cover - a guard, never called
        raise NotImplementedError("A proposal is made with directory.proposals")


class PartnerUpdateForm(PartnerFieldsForm):
    """A partner's page as a form, filled with what the page says now."""


class NewPartnerForm(HoneypotFormMixin, PartnerFieldsForm):
    """« Proposer un partenaire », with two guards against robots, without any outside
    service (``core.anti_spam``): a field people do not see (a robot fills it), and the
    signed time the form was shown (a robot sends it at once)."""

    stamp_salt = "directory.forms.new-partner-stamp"
    stamp_min_seconds_setting = "PARTNER_PROPOSAL_MIN_SECONDS"
    stamp_max_age_setting = "PARTNER_PROPOSAL_MAX_AGE_SECONDS"
    # The page is not timed afresh when it shows its errors: a stale one is reloaded.
    stamp_messages = {
        "forged": STALE_FORM,
        "expired": STALE_FORM,
        "too_fast": _(
            "Le formulaire a été envoyé trop vite : relisez-le, puis envoyez-le à nouveau."
        ),
    }

    centre = forms.ModelChoiceField(
        label=_("Avec quel centre travaillez-vous ? (facultatif)"),
        queryset=Centre.objects.order_by("display_name", "pk"),
        required=False,
    )
    submitter_name = forms.CharField(label=_("Votre nom"), max_length=255)
    submitter_email = forms.EmailField(
        label=_("Votre courriel"),
        help_text=_("Pour vous répondre ; il n'est pas publié."),
    )

    class Meta(PartnerFieldsForm.Meta):
        fields = NEW_PARTNER_FIELDS

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].help_text = _("Le genre de structure.")

    def clean(self):
        cleaned_data = super().clean()
        # Refused, with a sentence that teaches a robot nothing.
        if self.caught_in_honeypot():
            raise forms.ValidationError(_("Ce formulaire n'a pas pu être envoyé."), code="trap")
        return cleaned_data
