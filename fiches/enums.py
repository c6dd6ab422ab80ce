from django.db import models
from django.utils.translation import gettext_lazy as _


class ActionStatus(models.TextChoices):
    ONGOING = "en_cours", _("En cours")
    FINISHED = "terminee", _("Terminée")
