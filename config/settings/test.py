"""Fast, deterministic settings for the test suite."""

from .base import *  # noqa: F403

SECRET_KEY = "test-only-key"  # the test suite's own, never deployed
DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Whitenoise looks static files up through the finders, as in development: the suite needs
# no collectstatic. No STATIC_ROOT either, or whitenoise warns (an error here) about a
# folder that a fresh clone does not have.
WHITENOISE_AUTOREFRESH = True
STATIC_ROOT = None

# Pages are kept by the tests of the page cache only (tests/core/test_page_cache.py), which
# use the process's memory and, when it answers, the machine's Redis: elsewhere a test reads
# the page it just changed the data of.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
PAGE_CACHE_ALIAS = None

# Django's test client.login() authenticates without a request, which axes refuses: off for
# the suite, which signs in with force_login() or login(); the throttling's own tests
# (tests/core/test_login_throttling.py, tests/e2e/test_login_lockout.py) turn it back on.
AXES_ENABLED = False

# A test reads what it has just written: the spellings follow each edit at once.
CATALOGUE_SPELLINGS_REFRESH_SECONDS = None

# The API's rate limit counts every request of the suite from the test client's one
# address, in a cache kept from test to test: its own tests set it
# (tests/api/test_rate_limit.py).
API_RATE_LIMIT = 0
