"""Anonymous pages kept whole while the catalogue is unchanged: in the process's memory, and
in the machine's Redis (the shared cache of production), which CI runs too."""

import threading

import pytest
from django.db import connection
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext

from core import facet_store
from core.changes import request_state
from core.page_cache import RENDERING_ALONE, AnonymousPageCacheMiddleware, Page, RecentPages
from fiches import search
from tests.fiches.factories import ActionFactory

pytestmark = pytest.mark.django_db


def test_a_kept_page_is_served_without_rendering_it(page_cache, django_assert_num_queries):
    ActionFactory(title="Jardin partagé")
    client = Client()
    first = client.get("/actions/")
    assert "Jardin partagé" in first.content.decode()

    with django_assert_num_queries(1):  # the catalogue's version
        again = Client().get("/actions/")

    assert again.content == first.content
    for header in ("X-Frame-Options", "Content-Security-Policy", "Permissions-Policy"):
        assert again[header] == first[header]


def test_an_edit_shows_on_the_next_request(page_cache):
    action = ActionFactory(title="Jardin partagé")
    Client().get(action.get_absolute_url())
    Client().get("/actions/")

    action.title = "Potager collectif"
    action.save()

    assert "Potager collectif" in Client().get(action.get_absolute_url()).content.decode()
    assert "Potager collectif" in Client().get("/actions/").content.decode()


def test_a_browser_that_has_the_page_gets_a_304_until_the_catalogue_changes(page_cache):
    action = ActionFactory()
    etag = Client().get("/actions/")["ETag"]

    assert Client().get("/actions/", HTTP_IF_NONE_MATCH=etag).status_code == 304

    action.title = "Autre titre"
    action.save()
    changed = Client().get("/actions/", HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200
    assert changed["ETag"] != etag


def test_each_address_is_a_page_of_its_own(page_cache):
    ActionFactory(title="Jardin partagé")
    ActionFactory(title="Atelier couture")

    found = Client().get("/actions/?q=jardin").content.decode()
    other = Client().get("/actions/?q=couture").content.decode()

    assert "Jardin partagé" in found and "Atelier couture" not in found
    assert "Atelier couture" in other


def test_signed_in_people_and_the_workspace_are_never_kept(page_cache, coordinator_client):
    action = ActionFactory(publication_state="brouillon")

    assert coordinator_client.get(action.get_absolute_url()).status_code == 200
    assert Client().get(action.get_absolute_url()).status_code == 404
    assert "ETag" not in coordinator_client.get("/actions/")
    assert "ETag" not in Client().get("/admin/login/")


def test_a_page_served_here_is_served_again_without_the_shared_cache(
    page_cache, django_assert_num_queries
):
    ActionFactory(title="Jardin partagé")
    first = Client().get("/actions/")
    page_cache.clear()  # as if another process's pages had pushed it out of Redis

    with django_assert_num_queries(1):  # the catalogue's version only: not rendered
        again = Client().get("/actions/")

    assert again.content == first.content
    assert again["ETag"] == first["ETag"]


def test_without_pages_kept_in_the_process_the_shared_cache_is_the_only_one(page_cache, settings):
    settings.PAGE_CACHE_LOCAL_BYTES = 0
    ActionFactory(title="Jardin partagé")
    Client().get("/actions/")
    page_cache.clear()

    with CaptureQueriesContext(connection) as queries:
        again = Client().get("/actions/")

    assert "Jardin partagé" in again.content.decode()
    assert len(queries) > 1  # rendered anew


def test_a_page_kept_in_the_process_never_outlives_an_edit(page_cache):
    action = ActionFactory(title="Jardin partagé")
    Client().get("/actions/")
    Client().get("/actions/")

    action.title = "Potager collectif"
    action.save()

    page = Client().get("/actions/").content.decode()
    assert "Potager collectif" in page and "Jardin partagé" not in page


def key_of(path: str) -> str:
    """The key the page of ``path`` is kept under, at the catalogue's state now."""
    return AnonymousPageCacheMiddleware.key_for(RequestFactory().get(path), request_state().token)


def later(seconds: float, action) -> threading.Timer:
    """``action`` done by another process, meanwhile."""
    timer = threading.Timer(seconds, action)
    timer.start()
    return timer


def test_a_page_another_process_is_rendering_is_waited_for_not_rendered_twice(
    page_cache, django_assert_num_queries
):
    ActionFactory(title="Jardin partagé")
    key = key_of("/actions/")
    assert page_cache.add(f"rendering-now:{key}", 1, 30)  # another process renders it
    theirs = (200, [("Content-Type", "text/html; charset=utf-8")], b"<p>Rendue ailleurs</p>")
    done = later(0.05, lambda: page_cache.set(key, theirs, 30))

    with django_assert_num_queries(1):  # the catalogue's version: not rendered here
        response = Client().get("/actions/")

    done.join()
    assert response.content == b"<p>Rendue ailleurs</p>"
    assert response["ETag"]


def test_a_page_the_other_process_gave_up_rendering_is_rendered_here(page_cache):
    ActionFactory(title="Jardin partagé")
    lock = f"rendering-now:{key_of('/actions/')}"
    page_cache.add(lock, 1, 30)
    done = later(0.05, lambda: page_cache.delete(lock))  # an error page, say: not kept

    response = Client().get("/actions/")

    done.join()
    assert "Jardin partagé" in response.content.decode()
    assert page_cache.get(key_of("/actions/")) is not None  # kept, for the others


def test_a_rendering_that_takes_too_long_is_not_waited_for_longer(page_cache, settings):
    settings.PAGE_CACHE_RENDER_WAIT_SECONDS = 1
    ActionFactory(title="Jardin partagé")
    page_cache.add(f"rendering-now:{key_of('/actions/')}", 1, 30)  # a process that died

    response = Client().get("/actions/")

    assert "Jardin partagé" in response.content.decode()


def test_a_search_computed_here_for_the_first_time_is_not_waited_for(page_cache, monkeypatch):
    ActionFactory(title="Jardin partagé")
    facet_store.forget_indexes()  # nothing remembered by this process
    key = key_of("/actions/?q=jardin")
    lock_while_scoring = []
    scored_keys = search.scored_keys

    def scoring(*args, **kwargs):
        lock_while_scoring.append(page_cache.get(f"rendering-now:{key}"))
        return scored_keys(*args, **kwargs)

    monkeypatch.setattr(search, "scored_keys", scoring)

    assert "Jardin partagé" in Client().get("/actions/?q=jardin").content.decode()

    assert lock_while_scoring == [RENDERING_ALONE]


def test_a_process_told_not_to_wait_renders_the_page_at_once(page_cache, settings):
    settings.PAGE_CACHE_RENDER_WAIT_SECONDS = 30
    ActionFactory(title="Jardin partagé")
    page_cache.add(f"rendering-now:{key_of('/actions/')}", RENDERING_ALONE, 30)
    waited = later(5, lambda: None)  # a timer only: the request must not outlast it

    response = Client().get("/actions/")

    assert waited.is_alive()
    waited.cancel()
    assert "Jardin partagé" in response.content.decode()


def test_a_page_rendered_here_leaves_no_lock_behind(page_cache):
    ActionFactory(title="Jardin partagé")

    Client().get("/actions/")

    key = key_of("/actions/")
    assert page_cache.get(key) is not None
    assert page_cache.get(f"rendering-now:{key}") is None


def page(size: int) -> Page:
    return (200, [("Content-Type", "text/html")], b"x" * size)


def test_the_recent_pages_are_bounded_in_bytes_and_lose_the_least_recently_served():
    recent = RecentPages(max_bytes=10_000)
    for number in range(5):
        recent.put(f"page-{number}", page(900))
    recent.get("page-0")  # served again: now the most recent

    for number in range(5, 12):
        recent.put(f"page-{number}", page(900))

    assert recent.size <= 10_000
    assert recent.get("page-0") is not None
    assert recent.get("page-1") is None and recent.get("page-2") is None
    assert recent.get("page-11") is not None


def test_a_page_too_large_for_the_recent_pages_is_left_to_the_shared_cache():
    recent = RecentPages(max_bytes=10_000)

    recent.put("large", page(5_000))

    assert recent.get("large") is None and recent.size == 0
