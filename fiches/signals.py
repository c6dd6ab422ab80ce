"""Keeps what is derived from a sheet (completeness, search words) current when what it is
filed under changes outside ``Action.save()``."""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, pre_delete
from django.dispatch import receiver

from . import search
from .models import VOCABULARY_FIELDS, Action, Attachment

_pending_completeness: ContextVar[set | None] = ContextVar("pending_completeness", default=None)


@contextmanager
def deferred_derived_fields() -> Iterator[None]:
    """Inside the block, the sheets whose completeness or search words go stale are noted,
    then refreshed once each when it ends: an import sets four vocabularies per sheet, and
    refreshing after each one made it several times slower. Nothing is refreshed if the
    block raises."""
    if _pending_completeness.get() is not None:  # nested: the outer block refreshes
        yield
        return
    pending: set = set()
    token = _pending_completeness.set(pending)
    try:
        with search.deferred_refresh():
            yield
    finally:
        _pending_completeness.reset(token)
    Action.objects.filter(pk__in=sorted(pending)).refresh_completeness()


def refresh_derived_fields(pks, *, using=None) -> None:
    """Completeness and search words both depend on a sheet's vocabularies."""
    pks = list(pks)
    if not pks:
        return
    pending = _pending_completeness.get()
    if pending is None:
        Action.objects.using(using).filter(pk__in=pks).refresh_completeness()
    else:
        pending.update(pks)
    search.refresh_soon(pks, using=using)


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


@receiver(post_delete, sender=Attachment, dispatch_uid="fiches.attachment_file_cleanup")
def delete_attachment_file(sender, instance, **kwargs):
    """A removed attachment takes its file with it, once the deletion is committed (a rolled
    back deletion keeps its file): nothing stays downloadable by its URL."""
    if instance.file:
        storage, name = instance.file.storage, instance.file.name
        transaction.on_commit(lambda: storage.delete(name))
