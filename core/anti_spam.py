"""Guards of a form that anyone may post, without a third party (no CAPTCHA service that
would learn who visits the site): a signed timestamp, a limit per address, and a honeypot
field (``core.anti_spam.HoneypotFormMixin``).

- The **stamp** is the time the form was shown, signed with ``SECRET_KEY``: a form posted
  sooner than its minimum (``CONTACT_FORM_MIN_SECONDS`` for « Contacter le centre »,
  ``PARTNER_PROPOSAL_MIN_SECONDS`` for « Proposer un partenaire ») after it was shown was
  filled by a machine, one posted after its maximum age is a stale page (or a stamp
  collected once and replayed by a script).
- The **limit** counts the posts of one client address in the shared cache (Redis in
  production, so every process counts together) for an hour. Only a digest of the address is
  kept, and only for that hour.
"""

from __future__ import annotations

import hashlib
import time

from django import forms
from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.utils.translation import gettext_lazy as _

from .login_throttling import client_ip_address

STAMP_SALT = "core.anti_spam.form-stamp"
RATE_LIMIT_WINDOW_SECONDS = 3600


def form_stamp(now: float | None = None, *, salt: str = STAMP_SALT) -> str:
    """A signed token of the moment the form is shown."""
    return signing.dumps(int(now if now is not None else time.time()), salt=salt)


def _rate_key(scope: str, request) -> str:
    address = client_ip_address(request) or "unknown"
    digest = hashlib.sha256(f"{settings.SECRET_KEY}:{address}".encode()).hexdigest()[:32]
    return f"anti-spam:{scope}:{digest}"


def count_post(scope: str, request, limit: int) -> bool:
    """Count one post of this client for ``scope``; whether it stays within ``limit`` posts
    in the hour (the window starts at the first post)."""
    return increment_counter(_rate_key(scope, request), RATE_LIMIT_WINDOW_SECONDS) <= limit


def increment_counter(key: str, timeout: int) -> int:
    """One more under ``key`` in the shared cache (incremented atomically, so that every
    process counts together); a new count opens for ``timeout`` seconds. The count now."""
    cache.add(key, 0, timeout)
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr: this one opens a new count
        cache.set(key, 1, timeout)
        return 1


class HoneypotFormMixin(forms.Form):
    """A field hidden from people (by the style sheet, and labelled so that anyone who
    reaches it leaves it alone) that form-filling robots fill; and the signed stamp.

    Each form says which settings time it (the least and the most seconds between showing
    and posting), signs its stamps under a salt of its own (a stamp of one form is no stamp
    of another) and may word the refusals for what it asks of the person. A refused stamp
    is an error of the whole form, in its summary. What a caught robot meets is the view's
    choice (``caught_in_honeypot``)."""

    stamp_salt = STAMP_SALT
    stamp_min_seconds_setting = "CONTACT_FORM_MIN_SECONDS"
    stamp_max_age_setting = "CONTACT_FORM_MAX_AGE_SECONDS"
    stamp_messages = {
        "forged": _("Le formulaire n'a pas pu être vérifié : rechargez la page et réessayez."),
        "expired": _("Le formulaire a expiré : vérifiez votre message et envoyez-le de nouveau."),
        "too_fast": _(
            "Le formulaire a été envoyé trop vite après son affichage : relisez votre "
            "message et envoyez-le de nouveau."
        ),
    }

    # Named as a field robots like to fill; people never see it.
    homepage = forms.CharField(
        label=_("Ne remplissez pas ce champ"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )
    # Checked in ``clean``, with its reason: a missing stamp is a forged one.
    stamp = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("stamp", self.new_stamp())

    @classmethod
    def new_stamp(cls, now: float | None = None) -> str:
        return form_stamp(now, salt=cls.stamp_salt)

    def renew_stamp(self) -> None:
        """A bound form shown again is timed afresh, from the page that shows its errors."""
        self.data = self.data.copy()
        self.data[self.add_prefix("stamp")] = self.new_stamp()

    def caught_in_honeypot(self) -> bool:
        return bool(self.data.get(self.add_prefix("homepage"), "").strip())

    def clean(self):
        cleaned_data = super().clean()
        refusal = self.stamp_refusal(self.data.get(self.add_prefix("stamp"), ""))
        if refusal:
            self.add_error(None, forms.ValidationError(self.stamp_messages[refusal], code=refusal))
        return cleaned_data

    def stamp_refusal(self, stamp: str, now: float | None = None) -> str | None:
        """Why a posted stamp is refused (``forged``, ``expired`` or ``too_fast``), or
        ``None`` if it is good."""
        now = now if now is not None else time.time()
        try:
            shown_at = signing.loads(stamp, salt=self.stamp_salt)
        except signing.BadSignature:
            return "forged"
        if not isinstance(shown_at, int):
            return "forged"
        if now - shown_at > getattr(settings, self.stamp_max_age_setting):
            return "expired"
        if now - shown_at < getattr(settings, self.stamp_min_seconds_setting):
            return "too_fast"
        return None
