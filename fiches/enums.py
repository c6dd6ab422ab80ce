from django.db import models
from django.utils.translation import gettext_lazy as _


class ActionStatus(models.TextChoices):
    ONGOING = "en_cours", _("En cours")
    FINISHED = "terminee", _("Terminée")


class CompletenessBand(models.TextChoices):
    """How much of a sheet is written: which sheets to complete first."""

    EMPTY = "vide", _("vide (< 25 %)")
    TO_COMPLETE = "a_completer", _("à compléter (25 à 99 %)")
    COMPLETE = "complete", _("complète (100 %)")

    @property
    def bounds(self) -> tuple[int, int]:
        """The scores in this band: low included, high excluded."""
        return {"vide": (0, 25), "a_completer": (25, 100), "complete": (100, 101)}[self.value]

    @classmethod
    def for_score(cls, score: int) -> "CompletenessBand":
        return next(band for band in cls if band.bounds[0] <= score < band.bounds[1])
