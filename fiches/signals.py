"""The two receivers of the app, each a signal for a reason that an explicit call cannot serve.

- A centre's names and département are in its sheets' search documents, but ``centres``
  may not import ``fiches`` (layers: fiches -> centres). A centre is saved by its admin page,
  by a revert from its history, by the importer, from a shell: this one receiver refreshes its
  sheets whichever way, where a hook in each of those places would miss the next one. It is
  the only hook from another app; every other refresh of derived data is an explicit call
  to ``fiches.derived.refresh_derived`` by the code that writes.
- A deleted attachment takes its file with it. Not in ``Attachment.delete()``: deleting a
  sheet deletes its attachments by cascade, and a queryset deletes them in bulk, neither
  calling ``delete()`` on each; ``post_delete`` is sent in every case.
"""

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from centres.models import Centre

from .derived import refresh_derived
from .models import Attachment
from .search import CENTRE_SEARCHED_FIELDS


@receiver(post_save, sender=Centre, dispatch_uid="fiches.centre_search_documents")
def refresh_sheets_of_saved_centre(sender, instance, created, raw, using, update_fields, **kwargs):
    # A new centre has no sheets yet; fixtures load their own rows (``rebuild_search``).
    if created or raw:
        return
    if update_fields is not None and set(update_fields).isdisjoint(CENTRE_SEARCHED_FIELDS):
        return
    refresh_derived(actions=instance.actions.all(), using=using)


@receiver(post_delete, sender=Attachment, dispatch_uid="fiches.attachment_file_cleanup")
def delete_attachment_file(sender, instance, **kwargs):
    """A removed attachment takes its file with it, once the deletion is committed (a rolled
    back deletion keeps its file): nothing stays downloadable by its URL."""
    if instance.file:
        storage, name = instance.file.storage, instance.file.name
        transaction.on_commit(lambda: storage.delete(name))
