"""What gunicorn's master builds before the workers start (``web.warmup``), so that a new
worker's first request finds it ready."""

import pytest
from django.db import connection
from django.http import QueryDict
from django.template import engines
from django.test.utils import CaptureQueriesContext

from fiches.filters import ActionFilterSet
from fiches.models import Action
from tests.fiches.factories import ActionFactory
from web.warmup import load_urls_and_templates, warm_up


def test_every_template_of_the_project_is_compiled_and_kept():
    names = load_urls_and_templates()

    assert {"base.html", "404.html"} <= set(names)
    (loader,) = engines["django"].engine.template_loaders
    assert set(names) <= set(loader.get_template_cache)


@pytest.mark.django_db
def test_after_the_warm_up_the_public_list_counts_its_facets_without_reading_its_rows():
    ActionFactory.create_batch(3, publication_state="publiee")
    warm_up()

    with CaptureQueriesContext(connection) as queries:
        ActionFilterSet(QueryDict(), queryset=Action.objects.published()).facets()

    assert len(queries.captured_queries) == 1  # the catalogue's state, nothing more
