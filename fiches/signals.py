"""Keeps what is derived from a sheet current: its completeness and its search document
(``fiches.search``), refreshed here on every save of a sheet and every change of its
vocabularies, of its centre or of its vocabulary entries, whichever side the change comes from.

Inside a :func:`deferred_derived_fields` block (an import's file), the sheets to refresh are
noted in one set and refreshed once each, in bulk, when the block ends."""

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete
from django.dispatch import receiver

from centres.models import Centre

from . import search
from .models import VOCABULARY_FIELDS, Action, Attachment

_pending: ContextVar[set | None] = ContextVar("pending_derived_fields", default=None)


@contextmanager
def deferred_derived_fields(*, using=None) -> Iterator[None]:
    """Inside the block, the sheets whose completeness or search document go stale are
    noted, then refreshed once each when it ends: an import saves a sheet and sets four
    vocabularies, and refreshing after each one made it several times slower. A nested block
    leaves the refresh to the outer one. Nothing is refreshed if the block raises."""
    if _pending.get() is not None:
        yield
        return
    pending: set = set()
    token = _pending.set(pending)
    try:
        yield
    finally:
        _pending.reset(token)
    _refresh(sorted(pending), using=using)


def refresh_derived_fields(pks: Iterable[int], *, using=None, completeness: bool = True) -> None:
    """Refreshes these sheets' derived fields now, or at the end of the enclosing
    :func:`deferred_derived_fields` block. ``completeness=False`` for a sheet whose save has
    just computed it (a deferred refresh recomputes both all the same: one query for all)."""
    pks = list(pks)
    if not pks:
        return
    pending = _pending.get()
    if pending is not None:
        pending.update(pks)
    elif completeness:
        _refresh(pks, using=using)
    else:
        search.refresh_search_fields(pks, using=using)


def _refresh(pks: list[int], *, using=None) -> None:
    if pks:
        Action.objects.using(using).filter(pk__in=pks).refresh_completeness()
        search.refresh_search_fields(pks, using=using)


@receiver(post_save, sender=Action, dispatch_uid="fiches.derived.action")
def refresh_saved_action(sender, instance, created, raw, using, update_fields, **kwargs):
    # ``save()`` computes the completeness; fixtures load their own rows (``rebuild_search``
    # computes their search documents afterwards).
    if raw:
        return
    if update_fields is not None and not search.SEARCHED_FIELDS & set(update_fields):
        return
    refresh_derived_fields([instance.pk], using=using, completeness=False)


def refresh_actions_of(sender, instance, created, raw, using, **kwargs):
    """A renamed centre or vocabulary entry renames it in its sheets' search documents."""
    if created or raw:
        return
    refresh_derived_fields(
        instance.actions.values_list("pk", flat=True), using=using, completeness=False
    )


def refresh_on_vocabulary_change(sender, instance, action, reverse, pk_set, using, **kwargs):
    """``action.keywords.set(…)`` and ``keyword.actions.add(…)`` both change the sheets'
    vocabularies."""
    if action == "pre_clear" and reverse:
        # After the clear, nothing says which sheets lost the entry: note them now.
        instance._actions_before_clear = list(instance.actions.values_list("pk", flat=True))
        return
    if action not in {"post_add", "post_remove", "post_clear"}:
        return
    if not reverse:
        pks = [instance.pk]
    elif action == "post_clear":
        pks = getattr(instance, "_actions_before_clear", [])
    else:
        pks = pk_set or []
    refresh_derived_fields(pks, using=using)


def note_actions_of_deleted_entry(sender, instance, **kwargs):
    # Deleting an entry deletes its links without m2m_changed: note its sheets beforehand.
    instance._actions_before_delete = list(instance.actions.values_list("pk", flat=True))


def refresh_actions_of_deleted_entry(sender, instance, using, **kwargs):
    refresh_derived_fields(getattr(instance, "_actions_before_delete", []), using=using)


for _name in VOCABULARY_FIELDS:
    _field = Action._meta.get_field(_name)
    m2m_changed.connect(
        refresh_on_vocabulary_change,
        sender=_field.remote_field.through,
        dispatch_uid=f"fiches.derived.{_name}",
    )
    pre_delete.connect(
        note_actions_of_deleted_entry,
        sender=_field.related_model,
        dispatch_uid=f"fiches.derived.{_name}.pre_delete",
    )
    post_delete.connect(
        refresh_actions_of_deleted_entry,
        sender=_field.related_model,
        dispatch_uid=f"fiches.derived.{_name}.post_delete",
    )
    post_save.connect(
        refresh_actions_of, sender=_field.related_model, dispatch_uid=f"fiches.derived.{_name}.save"
    )
post_save.connect(refresh_actions_of, sender=Centre, dispatch_uid="fiches.derived.centre")


@receiver(post_delete, sender=Attachment, dispatch_uid="fiches.attachment_file_cleanup")
def delete_attachment_file(sender, instance, **kwargs):
    """A removed attachment takes its file with it, once the deletion is committed (a rolled
    back deletion keeps its file): nothing stays downloadable by its URL."""
    if instance.file:
        storage, name = instance.file.storage, instance.file.name
        transaction.on_commit(lambda: storage.delete(name))
