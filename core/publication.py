"""The publication workflow shared by every model the public can read.

Only published content is public, as queryset methods that every public model's manager
inherits. Staff also read the drafts of what they may edit; who may edit what is the domain's
rule (``centres.permissions``): its querysets widen :meth:`PublishableQuerySet.visible_to`.
"""

from django.db import models, transaction
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class PublicationState(models.TextChoices):
    DRAFT = "brouillon", _("Brouillon")
    IN_REVIEW = "a_relire", _("À relire")
    PUBLISHED = "publiee", _("Publiée")
    ARCHIVED = "archivee", _("Archivée")


# What a centre's team may set on its own: it writes and submits; coordinators publish,
# unpublish and archive.
TEAM_STATES = (PublicationState.DRAFT, PublicationState.IN_REVIEW)


PUBLISHED = Q(publication_state=PublicationState.PUBLISHED)


class PublishableQuerySet(models.QuerySet):
    def published(self):
        return self.filter(PUBLISHED)

    def move_to(self, state: str, *, reason: str = "") -> int:
        """Puts these rows in ``state``, one save each so that the history records every
        change with its reason; returns how many rows changed."""
        changed = 0
        with transaction.atomic():
            for item in self.exclude(publication_state=state):
                item.publication_state = state
                item._change_reason = reason
                item.save()
                changed += 1
        return changed

    def visible_to(self, user):
        """What this user may read on the public site: what is published. A queryset whose
        domain knows who may edit which rows adds those to what their editors read."""
        return self.published()


class Publishable(models.Model):
    publication_state = models.CharField(
        _("état de publication"),
        max_length=20,
        choices=PublicationState,
        default=PublicationState.DRAFT,
        db_index=True,
    )

    class Meta:
        abstract = True

    @property
    def is_published(self) -> bool:
        return self.publication_state == PublicationState.PUBLISHED
