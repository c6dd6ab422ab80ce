"""What the history of a change says beyond who and when: its reason ("Import <fichier>").

django-simple-history reads the user from the request (its middleware) and the reason from
``instance._change_reason``. Services that save many objects (imports, merges) rather say it
once, around the whole operation: ``with change_reason("Import dump.txt"): ...``; rows they
insert in bulk go through :func:`bulk_create_with_history` to be recorded too (or, for a
model whose history follows its many-to-many links, through
:meth:`CatalogueHistoricalRecords.bulk_create_historical_records`).
"""

from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.db import connections
from django.db.models import Model
from django.dispatch import receiver
from django.utils import timezone
from simple_history import utils as simple_history_utils
from simple_history.models import HistoricalRecords
from simple_history.signals import post_create_historical_record, pre_create_historical_record

from .bulk_rows import insert_instances

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


def bulk_create_with_history(objs: Iterable[Model], model: type[Model]) -> list[Model]:
    """django-simple-history's ``bulk_create_with_history``, the records carrying the reason
    of the enclosing :func:`change_reason` block: records written in bulk send no
    ``pre_create_historical_record`` signal for the block to fill in."""
    return simple_history_utils.bulk_create_with_history(
        list(objs), model, default_change_reason=_current_reason.get()
    )


# The records whose links one query copies (the query names each of them).
RECORDS_PER_COPY = 500


class CatalogueHistoricalRecords(HistoricalRecords):
    """django-simple-history's records, which also follow a many-to-many link changed from
    the other side: ``keyword.actions.add(action)`` records ``action`` (the library would try
    to record the keyword, which has no history); and which can be written for many
    instances at once, their links included (:meth:`bulk_create_historical_records`)."""

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

    def bulk_create_historical_records(
        self, instances: Sequence[Model], history_type: str, *, using=None
    ) -> list[Model]:
        """The records :meth:`create_historical_record` writes, for many instances of the
        tracked model at once (sheets created in bulk): each with its user, date and reason,
        and the rows of its tracked many-to-many links as they are stored; in one insert of
        the records, then one per link (:meth:`_copy_links`). The library's
        ``bulk_history_create`` leaves the links out."""
        if not instances or not getattr(settings, "SIMPLE_HISTORY_ENABLED", True):
            return []
        using = using if self.use_base_model_db else None
        history_model = getattr(type(instances[0]), self.manager_name).model
        tracked = [field.attname for field in self.fields_included(type(instances[0]))]
        records = []
        for instance in instances:
            record = history_model(
                history_date=getattr(instance, "_history_date", timezone.now()),
                history_type=history_type,
                history_user=self.get_history_user(instance),
                history_change_reason=self.get_change_reason_for_object(
                    instance, history_type, using
                ),
                **{name: getattr(instance, name) for name in tracked},
            )
            if getattr(history_model, "history_relation", None) is not None:
                record.history_relation = instance
            pre_create_historical_record.send(
                sender=history_model,
                instance=instance,
                history_date=record.history_date,
                history_user=record.history_user,
                history_change_reason=record.history_change_reason,
                history_instance=record,
                using=using,
            )
            records.append(record)
        insert_instances(records, using=using)
        for field in history_model._history_m2m_fields:
            self._copy_links(field, records)
        for instance, record in zip(instances, records, strict=True):
            post_create_historical_record.send(
                sender=history_model,
                instance=instance,
                history_instance=record,
                history_date=record.history_date,
                history_user=record.history_user,
                history_change_reason=record.history_change_reason,
                using=using,
            )
        return records

    def create_historical_record_m2ms(self, history_instance, instance):
        """The links of one record, as :meth:`_copy_links` copies them: one ``INSERT …
        SELECT`` per link. The library reads each link row as a model instance, the tracked
        record and the entry joined to it, after reading the record again for its fields
        left out of the history, for each link: 15 queries for each save of a sheet (five
        links), 5 now. Its ``pre_create_historical_m2m_records`` and ``post_…`` signals
        are not sent: nothing here listens to them."""
        for field in history_instance._history_m2m_fields:
            self._copy_links(field, [history_instance])

    def _copy_links(self, field, records: list[Model]) -> None:
        """Copies the stored rows of link ``field`` of each record's instance into the
        record's link history, with one ``INSERT … SELECT`` for :data:`RECORDS_PER_COPY`
        records: for one record saved (:meth:`create_historical_record_m2ms`) as for many
        (:meth:`bulk_create_historical_records`), where the library makes a model instance
        of each row. The library's ``pre_create_historical_m2m_records`` and ``post_…``
        signals are not sent."""
        m2m_history_model = self.m2m_models[field]
        history_model = type(records[0])
        through = field.remote_field.through
        connection = connections[m2m_history_model._default_manager.db]
        quote = connection.ops.quote_name
        link_fields = through._meta.concrete_fields
        record_key = quote(history_model._meta.pk.column)
        copied = ", ".join(
            quote(m2m_history_model._meta.get_field(link_field.name).column)
            for link_field in link_fields
        )
        selected = ", ".join(f"link.{quote(link_field.column)}" for link_field in link_fields)
        instance_column = history_model._meta.get_field(field.model._meta.pk.attname).column
        copy = (
            f"INSERT INTO {quote(m2m_history_model._meta.db_table)} "
            f"({copied}, {quote(m2m_history_model._meta.get_field('history').column)}) "
            f"SELECT {selected}, record.{record_key} "
            f"FROM {quote(through._meta.db_table)} link "
            f"INNER JOIN {quote(history_model._meta.db_table)} record "
            f"ON record.{quote(instance_column)} = link.{quote(field.m2m_column_name())} "
            f"WHERE record.{record_key} IN "
        )
        order = f" ORDER BY record.{record_key}, link.{quote(through._meta.pk.column)}"
        with connection.cursor() as cursor:
            for start in range(0, len(records), RECORDS_PER_COPY):
                keys = [record.pk for record in records[start : start + RECORDS_PER_COPY]]
                cursor.execute(f"{copy}({', '.join(['%s'] * len(keys))}){order}", keys)


def _related_accessor(instance, tracked_model, attr: str) -> str:
    """The name by which ``instance`` reaches the tracked model through field ``attr``."""
    field = tracked_model._meta.get_field(attr)
    return field.remote_field.get_accessor_name()
