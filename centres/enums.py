from django.db import models
from django.utils.translation import gettext_lazy as _


class CentreKind(models.TextChoices):
    CENTRE_SOCIAL = "centre_social", _("Centre social")
    EVS = "evs", _("Espace de vie sociale (EVS)")
    MAISON_QUARTIER = "maison_quartier", _("Maison de quartier")
    ASSOCIATION = "association", _("Association")
    OTHER = "autre", _("Autre structure")


class PartnerCategory(models.TextChoices):
    INSTITUTIONAL = "institutionnel", _("Institutionnel")
    ASSOCIATIVE = "associatif", _("Associatif")
    FAITH_BASED = "cultuel", _("Cultuel")
    SOCIAL_LANDLORD = "bailleur_social", _("Bailleur social")


class FollowUpState(models.TextChoices):
    """Where the centre stands with a partner, as the project sheet records it."""

    NONE = "", _("—")
    OK = "ok", _("OK")
    TO_CHASE = "a_relancer", _("À relancer")
    WAITING = "en_attente", _("En attente")


class ReviewSource(models.TextChoices):
    """Who last confirmed a partner's page: the partner itself (through its update link) or
    a coordinator (in the workspace)."""

    PARTNER = "partenaire", _("le partenaire")
    COORDINATOR = "coordinateur", _("un coordinateur")


class ConsentSource(models.TextChoices):
    """How a contact person's consent to publication reached the team."""

    WORKSPACE = "espace_de_travail", _("saisi dans l'espace de travail")
    PARTNER_LINK = "lien_de_mise_a_jour", _("le partenaire, par son lien de mise à jour")
