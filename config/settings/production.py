"""Production: PostgreSQL via DATABASE_URL, HTTPS only, secure cookies, compressed static
files. ``manage.py check --deploy`` finds nothing to report (tests/test_deploy_checks.py)."""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import DATABASES, SECRET_KEY, env_bool, env_int

if not SECRET_KEY:
    raise ImproperlyConfigured("SECRET_KEY must be set in the environment in production.")

DEBUG = False
# A gunicorn worker keeps its database connection from one request to the next, checked
# before reuse: opening one (a new PostgreSQL backend process) cost each page 4 ms or more.
# By default for the worker's whole life: reopened every minute, the connections of a
# server's workers, which start together, were reopened together, each with a new backend
# whose caches are cold (10 ms and more under load, on the pages of both workers at once).
# CONN_MAX_AGE (seconds) recycles them instead, for a pooler or a proxy that wants it.
DATABASES["default"]["CONN_MAX_AGE"] = (
    env_int("CONN_MAX_AGE", 0) if os.environ.get("CONN_MAX_AGE", "").strip() else None
)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
# The « __Host- » prefix: the browser keeps such a cookie only if it came over HTTPS for the
# whole site (Path=/, Django's default) and for this host alone (no Domain, Django's default
# too), so no neighbouring subdomain can plant a session or a CSRF token of its choosing.
SESSION_COOKIE_NAME = "__Host-sessionid"
CSRF_COOKIE_NAME = "__Host-csrftoken"
# Browsers that have seen the site once come back over HTTPS only, for a year by default.
# includeSubDomains and preload commit every subdomain of the site's host: set them to false
# when a subdomain is still served over plain HTTP (SECURITY.md).
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 365 * 24 * 60 * 60)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)

# Email by SMTP when EMAIL_HOST is set; otherwise the backend chosen in base (console).
if os.environ.get("EMAIL_HOST"):
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = os.environ["EMAIL_HOST"]
    EMAIL_PORT = env_int("EMAIL_PORT", 587)
    EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
    EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 10)
