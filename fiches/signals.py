"""Keeps what is derived from a sheet current when the sheet changes outside ``save()``."""

from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete
from django.dispatch import receiver

from .models import COMPLETENESS_VOCABULARY_HEADINGS, Action, Attachment


def refresh_completeness_on_vocabulary_change(sender, instance, action, reverse, pk_set, **kw):
    """A sheet's vocabularies count in its completeness: ``action.keywords.set(…)`` and
    ``keyword.actions.add(…)`` both change it."""
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
    Action.objects.filter(pk__in=pks).refresh_completeness()


for _name in COMPLETENESS_VOCABULARY_HEADINGS:
    m2m_changed.connect(
        refresh_completeness_on_vocabulary_change,
        sender=Action._meta.get_field(_name).remote_field.through,
        dispatch_uid=f"fiches.completeness.{_name}",
    )


@receiver(post_delete, sender=Attachment, dispatch_uid="fiches.attachment_file_cleanup")
def delete_attachment_file(sender, instance, **kwargs):
    """A removed attachment takes its file with it, once the deletion is committed (a rolled
    back deletion keeps its file): nothing stays downloadable by its URL."""
    if instance.file:
        storage, name = instance.file.storage, instance.file.name
        transaction.on_commit(lambda: storage.delete(name))
