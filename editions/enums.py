from django.db import models
from django.utils.translation import gettext_lazy as _


class MeetingKind(models.TextChoices):
    """The meetings the Chantiers project sheet plans with its partners."""

    HALF_YEARLY = "semestrielle", _("Rencontre partenaires (juin ou décembre)")
    INSTITUTIONAL = "institutionnels", _("Réunion des partenaires institutionnels")
    ASSOCIATIVE = "associatifs", _("Réunion des partenaires associatifs, caritatifs et cultuels")
    PRESENTATION = "presentation", _("Présentation de l'Outil Partenaires")
    OTHER = "autre", _("Autre rencontre")
