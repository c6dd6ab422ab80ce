"""The public forms of the directory's update: a partner's page through its link (its own
fields, and its contact persons as a formset), and « Proposer un partenaire ». Each field is
checked as the model checks it (a postcode of five digits, an INSEE code, an email, a web
address, a phone number), with its error next to it."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from centres.models import Centre, ContactPerson, Partner
from centres.phones import clean_phone_number
from core.anti_spam import HoneypotFormMixin

from .persons import PERSON_FIELDS, PersonRow
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


class ContactPersonForm(forms.ModelForm):
    """One contact person on the link's form: one of the partner's (``person``, hidden,
    by its number) or a new one; its details validated as the model validates them; never
    saved (it becomes part of the proposal)."""

    person = forms.CharField(required=False, widget=forms.HiddenInput)
    consent = forms.BooleanField(
        label=_("Cette personne accepte que son nom et ses coordonnées figurent sur la page "
                "publique"),
        required=False,
        help_text=_("Sans son accord, l'équipe la connaît mais ne la publie pas."),
    )  # fmt: skip
    left = forms.BooleanField(label=_("Cette personne a quitté la structure"), required=False)

    class Meta:
        model = ContactPerson
        fields = PERSON_FIELDS
        help_texts = {"phone": _("Par exemple : 01 30 00 00 00.")}

    def __init__(self, *args, persons: dict[str, ContactPerson], **kwargs):
        super().__init__(*args, **kwargs)
        self.persons = persons
        for name in PERSON_FIELDS:
            self.fields[name].label = self.fields[name].label.capitalize()
            # The people of the structure, not the one who fills the form.
            self.fields[name].widget.attrs["autocomplete"] = "off"

    @property
    def stored(self) -> ContactPerson | None:
        """The partner's person this row is about, as stored; none for a new person."""
        return self.persons.get(str(self["person"].value() or ""))

    @property
    def legend(self) -> str:
        return self.stored.name if self.stored else _("Une nouvelle personne (facultatif)")

    def clean_person(self):
        if self.cleaned_data["person"] and self.stored is None:
            raise forms.ValidationError(
                _("Cette personne ne figure plus sur votre fiche : rechargez la page, puis "
                  "envoyez de nouveau vos corrections."),
                code="invalid_choice",
            )  # fmt: skip
        return self.stored

    def clean_phone(self):
        # Checked when typed: a number stored in another form does not stop the answer.
        if "phone" not in self.changed_data:
            return self.cleaned_data["phone"]
        return clean_phone_number(self.cleaned_data["phone"])

    def clean(self):
        cleaned_data = super().clean()
        if self.has_left():
            # Removed as stored: what the row says of the person no longer matters.
            for name in PERSON_FIELDS:
                self.errors.pop(name, None)
        return cleaned_data

    def _post_clean(self):
        if not self.has_left():
            super()._post_clean()

    def has_left(self) -> bool:
        return bool(self.cleaned_data.get("left")) and self.stored is not None

    def row(self) -> PersonRow:
        data = self.cleaned_data
        return PersonRow(
            person=data.get("person"),
            state={
                **{name: data.get(name, "") for name in PERSON_FIELDS},
                "consent": bool(data.get("consent")),
            },
            left=bool(data.get("left")),
        )

    def save(self, commit=True):  # pragma: no cover - a guard, never called
        raise NotImplementedError("A proposal is made with directory.proposals")


class BaseContactPersonFormSet(forms.BaseFormSet):
    """The partner's persons, each once, then a few empty rows for new ones."""

    def __init__(self, *args, partner: Partner, **kwargs):
        persons = list(partner.contact_persons.order_by("name", "pk"))
        super().__init__(
            *args,
            initial=[_person_initial(person) for person in persons],
            prefix="personnes",
            form_kwargs={"persons": {str(person.pk): person for person in persons}},
            **kwargs,
        )
        self.max_num = len(persons) + NEW_PERSON_ROWS

    def clean(self):
        if any(self.errors):
            return
        chosen = [row.person for row in self.rows() if row.person is not None]
        if len(chosen) != len(set(chosen)):
            raise forms.ValidationError(
                _("Une même personne figure deux fois : rechargez la page."), code="duplicate"
            )

    def rows(self) -> list[PersonRow]:
        """The persons of the page and the new ones typed in (empty rows left out)."""
        return [form.row() for form in self.forms if form.stored or form.has_changed()]


def _person_initial(person: ContactPerson) -> dict:
    return {
        "person": str(person.pk),
        **{name: getattr(person, name) for name in PERSON_FIELDS},
        "consent": person.may_be_published,
    }


# New persons a partner may add in one answer (more in the next one, or in its message).
NEW_PERSON_ROWS = 2

ContactPersonFormSet = forms.formset_factory(
    ContactPersonForm,
    formset=BaseContactPersonFormSet,
    extra=NEW_PERSON_ROWS,
    validate_max=True,
)
