"""Writing many new rows at once, as fast as the database takes them.

An import writes thousands of rows per file: sheets, their history records, their links to
the vocabularies. ``bulk_create`` sends them as one ``INSERT`` whose every value psycopg
converts and quotes in Python, after a model instance was built for each row; on PostgreSQL,
``COPY … FROM STDIN`` streams the same rows in the database's own text format, several times
faster. Elsewhere (SQLite, where the ORM's insert is fast enough) the rows go through
``bulk_create``. Either way the rows are the same, and so are the catalogue's triggers
(``core.versioning``): PostgreSQL fires statement triggers for a ``COPY``, their transition
tables holding the copied rows.

What ``COPY`` skips, the callers know they do without: it sends no signal, and writes the
values as given (:func:`insert_instances` prepares them from instances as ``bulk_create``
does: ``pre_save`` for the automatic dates, then each field's database value), reading
nothing back: a field the database fills (``db_default``) is not for these functions.
"""

from collections.abc import Iterable, Sequence

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import Model


def copy_rows(
    model: type[Model], fields: Sequence[str], rows: Iterable[Sequence], *, using=None
) -> None:
    """Inserts ``rows``, tuples of the values of ``fields`` (attribute names, ``centre_id``
    rather than ``centre``) as the database stores them: ``COPY`` on PostgreSQL,
    ``bulk_create`` elsewhere."""
    using = using or DEFAULT_DB_ALIAS
    connection = connections[using]
    if connection.vendor != "postgresql":
        model._base_manager.db_manager(using).bulk_create(
            (model(**dict(zip(fields, row, strict=True))) for row in rows), batch_size=500
        )
        return
    quote = connection.ops.quote_name
    columns = ", ".join(quote(model._meta.get_field(name).column) for name in fields)
    statement = f"COPY {quote(model._meta.db_table)} ({columns}) FROM STDIN"
    # The psycopg cursor under Django's wrapper, which has no ``copy()``.
    with connection.cursor() as cursor, cursor.cursor.copy(statement) as copy:
        for row in rows:
            copy.write_row(row)


def reserve_keys(model: type[Model], count: int, *, using=None) -> list[int]:
    """``count`` new primary keys of ``model``'s table, from its sequence (PostgreSQL): rows
    copied with them are known by their keys without reading them back."""
    connection = connections[using or DEFAULT_DB_ALIAS]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [model._meta.db_table, model._meta.pk.column, count],
        )
        return [key for (key,) in cursor.fetchall()]


def insert_instances(objs: Sequence[Model], *, using=None) -> None:
    """Inserts these new instances of one model, as ``bulk_create`` would (their keys set),
    through :func:`copy_rows` on PostgreSQL."""
    if not objs:
        return
    using = using or DEFAULT_DB_ALIAS
    connection = connections[using]
    model = type(objs[0])
    if connection.vendor != "postgresql":
        model._base_manager.db_manager(using).bulk_create(objs)
        return
    for obj, key in zip(objs, reserve_keys(model, len(objs), using=using), strict=True):
        obj.pk = key
    fields = [field for field in model._meta.concrete_fields if not field.generated]
    preparers = [_preparer(field, connection) for field in fields]
    copy_rows(
        model,
        [field.attname for field in fields],
        (
            [
                prepare(field.pre_save(obj, True))
                for field, prepare in zip(fields, preparers, strict=True)
            ]
            for obj in objs
        ),
        using=using,
    )
    for obj in objs:
        obj._state.adding = False
        obj._state.db = using


# The fields whose database value is the Python value itself when it is of these types:
# preparing each of a few hundred thousand values the field's way cost more than copying them.
_STORED_AS_IS = {
    **dict.fromkeys(("CharField", "TextField", "SlugField"), (str,)),
    **dict.fromkeys(
        (
            "AutoField", "BigAutoField", "IntegerField", "BigIntegerField", "SmallIntegerField",
            "PositiveIntegerField", "PositiveSmallIntegerField", "PositiveBigIntegerField",
        ),
        (int,),
    ),
    "BooleanField": (bool,),
}  # fmt: skip


def _preparer(field, connection):
    """How a value of ``field`` is stored: as it is when it is None or of a type the field
    stores as is (see :data:`_STORED_AS_IS`), otherwise prepared by the field."""
    kind = field.get_internal_type()
    if kind == "ForeignKey":  # stored as its target is
        kind = field.target_field.get_internal_type()
    as_is = _STORED_AS_IS.get(kind)
    if as_is is None:
        return lambda value: field.get_db_prep_save(value, connection)

    def prepare(value):
        if value is None or type(value) in as_is:
            return value
        return field.get_db_prep_save(value, connection)

    return prepare
