"""Settings shared by every environment; anything that varies comes from the environment."""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parents[2]


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in {"1", "true", "yes", "on"}:
        return True
    if value.lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (true/false), got {value!r}")


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_int(name: str, default: int, *, minimum: int = 0) -> int:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if not value.strip().isdigit() or int(value) < minimum:
        raise ImproperlyConfigured(
            f"{name} must be an integer of at least {minimum}, got {value!r}"
        )
    return int(value)


SECRET_KEY = os.environ.get("SECRET_KEY", "")
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    # The admin with the catalogue's own site (French titles, the import page).
    "web.apps.CatalogueAdminConfig",
    "core.apps.CoreConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    # The templates of /sitemap.xml (web.sitemaps).
    "django.contrib.sitemaps",
    "django_filters",
    "simple_history",
    "axes",
    "centres",
    "fiches",
    "observatory",
    "directory",
    "editions",
    "api.apps.ApiConfig",
    "web.apps.WebConfig",
]

# The apps whose tables make up the catalogue: a write to any of them changes the catalogue's
# version (``core.versioning``), which what is kept in memory is checked against.
CATALOGUE_VERSIONED_APPS = ("centres", "fiches", "editions")

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # A page reads the catalogue's state once, for the page cache and the views alike.
    "core.middleware.OneCatalogueStateMiddleware",
    # Before the rest: a kept anonymous page skips it, and is given again with the headers
    # the rest set on it, the security policies among them (see core.page_cache).
    "core.page_cache.AnonymousPageCacheMiddleware",
    "csp.middleware.CSPMiddleware",
    "core.middleware.PermissionsPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Lets every history record know who made the change (admin edits, browser imports).
    "simple_history.middleware.HistoryRequestMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Inside the others, so that its 400 gets their headers, but before any view reads the
    # request (the CSRF check and the views run after every middleware's call).
    "core.request_guards.RejectNulMiddleware",
    # Last, as axes asks: turns a login refused for too many failures into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "web.context_processors.publisher",
                "web.context_processors.spellings",
            ],
        },
    },
]

# Embedded default: a SQLite file in the project, so a fresh clone runs with no server.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "0")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # The catalogue's queries are short: compiling them (PostgreSQL's JIT, on by default
    # above a cost its larger lists reach) takes longer than running them.
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", _("Français"))]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
# The interface's French plurals only (core/management/commands/french_plurals.py).
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# The shared cache: Redis when REDIS_URL is set (several processes, several machines), the
# process's memory otherwise (a fresh clone runs with no server).
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "core.redis_cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "catalogue"),
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# The accented spellings that restore the accents of titles written in capitals are read
# anew in the background, at most this often, while the kept ones serve (fiches.spellings);
# None reads them again on the first request after each edit.
CATALOGUE_SPELLINGS_REFRESH_SECONDS = env_int("CATALOGUE_SPELLINGS_REFRESH_SECONDS", 60)

# Anonymous pages kept whole while the catalogue is unchanged (core.page_cache); None
# turns it off.
PAGE_CACHE_ALIAS = "default"
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "600"))
# The pages each process served last, kept in its memory too (at most this many bytes;
# 0 for none): the busiest pages then skip the round trip to the shared cache.
PAGE_CACHE_LOCAL_BYTES = env_int("PAGE_CACHE_LOCAL_MEGABYTES", 16) * 1024 * 1024
# A page another process is rendering is waited for at most this long (and its lock is
# dropped after it, should that process die), then rendered here; 0: never waited for.
PAGE_CACHE_RENDER_WAIT_SECONDS = env_int("PAGE_CACHE_RENDER_WAIT_SECONDS", 3)
# What every page shows that depends on the catalogue, beyond what its view says it shows
# (core.page_renderings): a page rendered earlier stands for today's only if these agree.
PAGE_RENDERINGS_SHARED_FACTS = ["fiches.spellings.spellings_fingerprint"]
# The API counts every request of a client against its rate limit: none is answered
# from the page cache.
PAGE_CACHE_EXCLUDED_PREFIXES = ["/admin/", "/media/", "/static/", "/api/"]

# The API's anonymous clients: at most this many requests per period from one address
# (api/throttling.py); 0 for no limit.
API_RATE_LIMIT = env_int("API_RATE_LIMIT", 120)
API_RATE_LIMIT_SECONDS = env_int("API_RATE_LIMIT_SECONDS", 60, minimum=1)

LOGIN_URL = "admin:login"

# --- Login throttling (django-axes, core.login_throttling) ---------------------------------
# Failed logins are counted per account from one address, which a stranger elsewhere cannot
# use to lock a coordinator out, and per address, with a looser limit: a social centre's
# staff may share one address, but one machine trying a few passwords on many accounts stops.
AUTHENTICATION_BACKENDS = [
    # First: refuses a locked-out login before any password is checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_HANDLER = "core.login_throttling.LoginThrottlingHandler"
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address"]
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5, minimum=1)
LOGIN_FAILURE_LIMIT_PER_ADDRESS = env_int("LOGIN_FAILURE_LIMIT_PER_ADDRESS", 30, minimum=1)
# Counted from the last failure: trying again while locked out starts the wait anew.
AXES_COOLOFF_TIME = timedelta(minutes=env_int("LOGIN_COOLOFF_MINUTES", 15, minimum=1))
# A successful login forgets that account's failures from that address (and only those).
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "core.login_throttling.lockout_response"
AXES_CLIENT_IP_CALLABLE = "core.login_throttling.client_ip_address"
# Behind N reverse proxies that each append to X-Forwarded-For, the client's address is the
# N-th from the right; 0 (no proxy) counts the address of the connection itself.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
# core.admin registers the attempts with an « unlock » action, and the successful logins.
AXES_ENABLE_ADMIN = False

# Where to report a security flaw: the publisher's addresses (mailto: or https: URIs, or plain
# e-mail addresses), comma-separated, published at /.well-known/security.txt (web.security_txt).
SECURITY_CONTACT = env_list("SECURITY_CONTACT")

# Who publishes the catalogue, and under which licence its data may be reused: the footer,
# the legal notice and the data page say it (web.context_processors.publisher). Without a
# contact address the pages say how to reach the publisher instead of a dead mailto: link.
PUBLISHER_NAME = os.environ.get("PUBLISHER_NAME", "Fédération des centres sociaux")
PUBLISHER_CONTACT_EMAIL = os.environ.get("PUBLISHER_CONTACT_EMAIL", "").strip()
DATA_LICENCE_NAME = os.environ.get("DATA_LICENCE_NAME", "Licence Ouverte 2.0")
DATA_LICENCE_URL = os.environ.get(
    "DATA_LICENCE_URL", "https://www.etalab.gouv.fr/licence-ouverte-open-licence/"
)

# --- Email ---------------------------------------------------------------------------------
# Messages (partners' update links, messages relayed to a centre) go through Django's email
# framework: printed on the console by default, so a fresh clone sends nothing; SMTP in
# production from EMAIL_HOST and the rest (config/settings/production.py). The tests read
# Django's outbox.
# The directory's exports as data·inclusion structures (centres/structures.py): who produces
# them, and the network that carries the centres (a value of the schema's ReseauPorteur,
# « fcsf » for the Fédération des centres sociaux et socioculturels de France; empty for none).
DATA_INCLUSION_SOURCE = os.environ.get("DATA_INCLUSION_SOURCE", "actions-centres-sociaux")
DATA_INCLUSION_CENTRES_NETWORK = os.environ.get("DATA_INCLUSION_CENTRES_NETWORK", "fcsf")

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "catalogue@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
EMAIL_SUBJECT_PREFIX = "[Actions des centres sociaux] "

# Imported action sheets filled below this percentage (completeness) are created as drafts
# even when the import asks for published ones: an empty page helps no reader. 25 keeps the
# seeds' « Les petits matins » (6 %: a title and a centre) out, and the sheets that are
# partly written (41 % and more) in, marked « en cours de rédaction ».
IMPORT_DRAFT_BELOW_COMPLETENESS = env_int("IMPORT_DRAFT_BELOW_COMPLETENESS", 25, minimum=0)

# The « Contacter le centre » form (web.contact) relays a visitor's message to a centre's
# address without publishing it; its guards (core.anti_spam): a form posted sooner than this
# after it was shown is a robot's, later than this a stale page; and the posts one address
# may make in an hour.
CONTACT_FORM_MIN_SECONDS = env_int("CONTACT_FORM_MIN_SECONDS", 3, minimum=0)
CONTACT_FORM_MAX_AGE_SECONDS = env_int("CONTACT_FORM_MAX_AGE_SECONDS", 24 * 3600, minimum=60)
CONTACT_POSTS_PER_HOUR = env_int("CONTACT_POSTS_PER_HOUR", 5, minimum=1)

# --- Response headers ----------------------------------------------------------------------
# Every script and style sheet is a file of static/ (or the admin's): no inline script, style
# attribute or event handler, so an injected one is refused by the browser.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}
# Browser features the site never uses, refused to its pages and to anything they could embed
# (core.middleware). « browsing-topics » is Chrome's interest-based advertising, which
# replaced « interest-cohort » (FLoC): Chrome warns on every page about that unknown name.
PERMISSIONS_POLICY_DISABLED_FEATURES = (
    "accelerometer",
    "autoplay",
    "browsing-topics",
    "camera",
    "display-capture",
    "geolocation",
    "gyroscope",
    "hid",
    "magnetometer",
    "microphone",
    "midi",
    "payment",
    "serial",
    "usb",
    "xr-spatial-tracking",
)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    # WeasyPrint (the booklet's PDF) and its font subsetter tell each step at INFO.
    "loggers": {
        "weasyprint.progress": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}

# --- Outil Partenaires: the yearly update by link (directory) --------------------------------
# A partner's personal link works this many days; an unanswered one is reminded once after
# the reminder delay. Both are the defaults of a new campaign, which may set its own.
PARTNER_LINK_VALIDITY_DAYS = int(os.environ.get("PARTNER_LINK_VALIDITY_DAYS", "60"))
PARTNER_CAMPAIGN_REMINDER_DAYS = int(os.environ.get("PARTNER_CAMPAIGN_REMINDER_DAYS", "14"))
# « Proposer un partenaire »: a form filled faster than this is a robot's, one kept open
# longer is sent again from a fresh page; an address may send this many proposals an hour.
PARTNER_PROPOSAL_MIN_SECONDS = int(os.environ.get("PARTNER_PROPOSAL_MIN_SECONDS", "3"))
PARTNER_PROPOSAL_MAX_AGE_SECONDS = env_int(
    "PARTNER_PROPOSAL_MAX_AGE_SECONDS", 24 * 3600, minimum=60
)
PARTNER_PROPOSALS_PER_HOUR = int(os.environ.get("PARTNER_PROPOSALS_PER_HOUR", "5"))
# The site's address, for the links sent by email (no request to read it from in a
# management command).
SITE_URL = os.environ.get("SITE_URL", "http://localhost:8000").rstrip("/")
