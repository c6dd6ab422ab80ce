from django.db import models
from django.utils.translation import gettext_lazy as _


class ProposalKind(models.TextChoices):
    UPDATE = "mise_a_jour", _("Mise à jour d'un partenaire")
    NEW_PARTNER = "nouveau", _("Nouveau partenaire proposé")


class ProposalState(models.TextChoices):
    PENDING = "a_examiner", _("À examiner")
    REVIEWED = "examinee", _("Examinée")


class Decision(models.TextChoices):
    """What the reviewer decides for one proposed change."""

    PENDING = "", _("À décider")
    ACCEPTED = "acceptee", _("Accepter")
    # A value edited in the workspace since the proposal: accepting it replaces that edit,
    # which the reviewer decides knowingly (the conflict is shown, never overwritten silently).
    ACCEPTED_OVER_CONFLICT = (
        "acceptee_malgre_conflit",
        _("Accepter en remplaçant la valeur actuelle"),
    )
    REFUSED = "refusee", _("Refuser")


class PersonChangeKind(models.TextChoices):
    """What a partner proposes about one of its contact persons."""

    CHANGED = "modifiee", _("Coordonnées modifiées")
    LEFT = "partie", _("A quitté la structure")
    ADDED = "nouvelle", _("Nouvelle personne")
