"""« Contacter le centre »: a form that relays a visitor's message to a centre by email
(``centres.messaging``), opened from the centre's page or from one of its sheets
(``?fiche=<slug>`` says which, and the centre reads its title in the message).

Works without JavaScript: a plain POST, the form again with its errors, or a redirect to a
confirmation page. Guards against robots without a third party (``core.anti_spam``): a
honeypot, a signed stamp (a minimum time to fill the form, a maximum age) and a limit of
posts per client address in the shared cache. The pages are never cached: each carries its
own stamp and CSRF token.
"""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.generic import FormView, TemplateView

from centres.messaging import VisitorMessage, relay_to_centre
from centres.models import Centre
from core.anti_spam import HoneypotFormMixin, count_post
from fiches.models import Action

MESSAGE_MAX_LENGTH = 4000
RATE_LIMIT_SCOPE = "centre-contact"


class CentreContactForm(HoneypotFormMixin):
    name = forms.CharField(label=_("Votre nom"), max_length=100)
    email = forms.EmailField(
        label=_("Votre adresse électronique"),
        max_length=254,
        help_text=_("Le centre vous répondra à cette adresse. Format : nom@exemple.fr"),
    )
    body = forms.CharField(
        label=_("Votre message"),
        min_length=10,
        max_length=MESSAGE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("%(count)s caractères au plus.") % {"count": MESSAGE_MAX_LENGTH},
    )
    # Which sheet the message is about: read by the view, which ignores any slug that is not
    # one of the centre's readable sheets; never a reason to refuse the message.
    fiche = forms.CharField(required=False, widget=forms.HiddenInput)

    field_order = ["name", "email", "body", "homepage", "fiche", "stamp"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("name", "email"):
            self.fields[name].widget.attrs["autocomplete"] = name

    def clean_name(self):
        # One line: the name goes into the message, never into a header, but a line break
        # there would only serve to forge one.
        return " ".join(self.cleaned_data["name"].split())


@method_decorator(never_cache, name="dispatch")
class CentreContactView(FormView):
    form_class = CentreContactForm
    template_name = "centres/centre_contact.html"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.centre = get_object_or_404(Centre, slug=kwargs["slug"])
        slug = (request.POST if request.method == "POST" else request.GET).get("fiche", "")
        # A sheet of this centre the visitor may read; any other slug is ignored.
        self.action = (
            Action.objects.visible_to(request.user)
            .filter(centre=self.centre, slug=slug[:100])
            .first()
            if slug
            else None
        )

    def get_initial(self):
        return {"fiche": self.action.slug if self.action else ""}

    def post(self, request, *args, **kwargs):
        if not self.centre.email:
            return redirect(self.request.get_full_path())
        if not count_post(RATE_LIMIT_SCOPE, request, settings.CONTACT_POSTS_PER_HOUR):
            return self.render_to_response(self.get_context_data(rate_limited=True), status=429)
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        # A robot that filled the honeypot gets the confirmation, and nothing is sent: it
        # learns nothing it could adapt to.
        if not form.caught_in_honeypot():
            relay_to_centre(
                centre=self.centre,
                message=VisitorMessage(
                    sender_name=form.cleaned_data["name"],
                    sender_email=form.cleaned_data["email"],
                    body=form.cleaned_data["body"],
                    about_title=self.action.title if self.action else "",
                    about_url=self.request.build_absolute_uri(self.action.get_absolute_url())
                    if self.action
                    else "",
                ),
                site_url=self.request.build_absolute_uri("/"),
            )
        return redirect(self.get_success_url())

    def form_invalid(self, form):
        # A new stamp: the next post is timed from this page, as the person reads the errors.
        form.renew_stamp()
        return super().form_invalid(form)

    def get_success_url(self):
        url = reverse("centres:centre_contact_sent", kwargs={"slug": self.centre.slug})
        return f"{url}?fiche={self.action.slug}" if self.action else url

    def get_context_data(self, **kwargs):
        return super().get_context_data(centre=self.centre, action=self.action, **kwargs)


@method_decorator(never_cache, name="dispatch")
class CentreContactSentView(TemplateView):
    template_name = "centres/centre_contact_sent.html"

    def get_context_data(self, **kwargs):
        centre = get_object_or_404(Centre, slug=self.kwargs["slug"])
        action = (
            Action.objects.visible_to(self.request.user)
            .filter(centre=centre, slug=self.request.GET.get("fiche", "")[:100])
            .first()
        )
        return super().get_context_data(centre=centre, action=action, **kwargs)
