"""The search package's tests, one module per module of ``fiches.search``: the same plain-word
cases on SQLite and PostgreSQL (CI runs the suite on both), PostgreSQL's own features
(web-search syntax, ranking, headlines, trigram index) on it only."""

import pytest
from django.db import connection

on_postgres = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="PostgreSQL only: full-text syntax, ranking, headlines and trigrams need it",
)


def titles(queryset) -> set[str]:
    return set(queryset.values_list("title", flat=True))
