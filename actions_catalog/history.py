"""What the history of a change says beyond who and when: its reason ("Import <fichier>").

django-simple-history reads the user from the request (its middleware) and the reason from
``instance._change_reason``. Services that save many objects (imports, merges) rather say it
once, around the whole operation: ``with change_reason("Import dump.txt"): ...``.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.dispatch import receiver
from simple_history.models import HistoricalRecords
from simple_history.signals import pre_create_historical_record

_current_reason: ContextVar[str | None] = ContextVar("history_change_reason", default=None)


@contextmanager
def change_reason(reason: str) -> Iterator[None]:
    """Every history record written inside the block carries ``reason`` (unless it has its
    own); the reason is cut to the 100 characters the history tables keep."""
    token = _current_reason.set(reason[:100])
    try:
        yield
    finally:
        _current_reason.reset(token)


@receiver(pre_create_historical_record)
def _apply_current_reason(sender, history_instance, **kwargs) -> None:
    reason = _current_reason.get()
    if reason and not history_instance.history_change_reason:
        history_instance.history_change_reason = reason


class CatalogueHistoricalRecords(HistoricalRecords):
    """django-simple-history's records, which also follow a many-to-many link changed from
    the other side: ``keyword.actions.add(action)`` records ``action`` (the library would try
    to record the keyword, which has no history)."""

    def m2m_changed(self, instance, action, attr, pk_set, reverse, model=None, **kwargs):
        if not reverse:
            return super().m2m_changed(instance, action, attr, pk_set, reverse, **kwargs)
        if action == "pre_clear":
            related = getattr(instance, _related_accessor(instance, model, attr))
            instance._history_cleared_pks = list(related.values_list("pk", flat=True))
            return None
        if action == "post_clear":
            pk_set = getattr(instance, "_history_cleared_pks", [])
        elif action not in {"post_add", "post_remove"}:
            return None
        for tracked in model._default_manager.filter(pk__in=pk_set or []):
            super().m2m_changed(tracked, action, attr, pk_set, False, **kwargs)
        return None


def _related_accessor(instance, tracked_model, attr: str) -> str:
    """The name by which ``instance`` reaches the tracked model through field ``attr``."""
    field = tracked_model._meta.get_field(attr)
    return field.remote_field.get_accessor_name()
