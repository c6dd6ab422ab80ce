"""Who may do what in the coordinators' workspace: the rules, in one place.

Two roles, each a group created by a migration:

- **Coordinateurs** (and superusers): every centre, every sheet; they publish, unpublish,
  archive, merge vocabularies and import dumps, and unlock logins that the login throttling
  locked out (``core.login_throttling``).
- **Équipe de centre**: people attached to one or more centres (``CentreMembership``). They
  write and edit their centres' action and project sheets and the partners linked to their
  centres, and submit sheets for review; they do not publish, archive, delete or import.

What a group may do to a kind of record is a Django permission given by the migration; which
records a person may touch is the centre scope below. Every ModelAdmin applies both, through
``centres.admin_scope.CentreScopedAdminMixin``: lists, forms, choices, autocompletes,
bulk actions and history all go through :func:`scope_to_user`. The public site applies the
same scope to show staff drafts and internal notes (``CentreScopedQuerySet.visible_to``).

Each model that belongs to centres says how to reach them, in ``centre_lookup``: ``"centre"``
for a sheet, ``"centres"`` for a partner, ``"pk"`` for a centre.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from core.publication import TEAM_STATES, PublicationState

COORDINATORS_GROUP = "Coordinateurs"
CENTRE_TEAM_GROUP = "Équipe de centre"


def is_coordinator(user) -> bool:
    if not (user.is_authenticated and user.is_active):
        return False
    if user.is_superuser:
        return True
    if not hasattr(user, "_is_coordinator"):  # asked many times per request: once per user
        user._is_coordinator = user.groups.filter(name=COORDINATORS_GROUP).exists()
    return user._is_coordinator


def managed_centre_ids(user) -> frozenset[int] | None:
    """The centres whose records this user may touch; ``None`` means every centre."""
    if is_coordinator(user):
        return None
    if not (user.is_authenticated and user.is_active):
        return frozenset()
    if not hasattr(user, "_managed_centre_ids"):
        user._managed_centre_ids = frozenset(
            user.centre_memberships.values_list("centre_id", flat=True)
        )
    return user._managed_centre_ids


def scope_condition(model, user) -> Q | None:
    """The condition on the rows of ``model`` this user may touch; ``None`` for every row.
    A subquery rather than a join, so that a partner of two centres is listed once; the
    centres in order, so that everyone of the same centres has the same query (the facet
    index keeps one per query)."""
    centre_ids = managed_centre_ids(user)
    if centre_ids is None:
        return None
    lookup = {f"{model.centre_lookup}__in": sorted(centre_ids)}
    return Q(pk__in=model._default_manager.filter(**lookup).values("pk"))


def scope_to_user(queryset: QuerySet, user) -> QuerySet:
    """The rows of ``queryset`` this user may touch."""
    condition = scope_condition(queryset.model, user)
    return queryset if condition is None else queryset.filter(condition)


def can_publish(user) -> bool:
    """Publishing, unpublishing and archiving are the coordinators' decisions."""
    return is_coordinator(user)


def can_import(user) -> bool:
    return is_coordinator(user)


def can_merge_vocabularies(user) -> bool:
    return is_coordinator(user)


def can_mark_reviewed(user) -> bool:
    return is_coordinator(user)


def allowed_publication_states(user, current: str | None) -> list[str]:
    """The states this user may put a record in: any for a coordinator; for a centre's team,
    draft and review, or the state the record already has (editing a published sheet does
    not unpublish it, nor does it let the team publish another)."""
    if can_publish(user):
        return list(PublicationState.values)
    return [state for state in PublicationState.values if state in TEAM_STATES or state == current]
