"""What the tests of core share: two coordinators' browsers (the workspace's edit
conflicts), a page cache in each of the cache backends (the kept pages)."""

import os

import pytest
from django.contrib.auth.models import Group
from django.core.cache import caches
from django.test import Client

from centres.permissions import COORDINATORS_GROUP
from tests.caches import cache_backends, cache_config
from tests.centres.factories import UserFactory

REDIS_URL = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/15")


@pytest.fixture(params=cache_backends(REDIS_URL))
def page_cache(request, settings):
    """Pages kept in this backend, under keys of their own."""
    settings.CACHES = {
        **settings.CACHES,
        "kept_pages": cache_config(request.param, REDIS_URL),
    }
    settings.PAGE_CACHE_ALIAS = "kept_pages"
    return caches["kept_pages"]


def coordinators_browser(username: str) -> Client:
    browser = Client()
    group = Group.objects.get(name=COORDINATORS_GROUP)
    browser.force_login(UserFactory(username=username, groups=[group]))
    return browser


@pytest.fixture
def first():
    return coordinators_browser("premiere")


@pytest.fixture
def second():
    return coordinators_browser("seconde")
