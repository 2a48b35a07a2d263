"""Settings shared by every environment.

With no environment variables set, everything runs on SQLite and Wagtail's database search backend.
`DATABASE_URL` switches to PostgreSQL (or any database dj-database-url understands) and
`ELASTICSEARCH_URL` (or `OPENSEARCH_URL`) switches search to a search cluster, with the database
backend as its fall-back.
"""

import os
from datetime import timedelta
from pathlib import Path

from django.utils.translation import gettext_lazy as _

import dj_database_url
from csp.constants import NONE, SELF

from cms.frontend import JS_ENABLED_SCRIPT_HASH

PROJECT_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PROJECT_DIR.parent


def env_bool(name, default):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name):
    return [item.strip() for item in os.environ.get(name, "").split(",") if item.strip()]


INSTALLED_APPS = [
    "cms",
    "home",
    "toolkit",
    "code_chapters",
    "search.apps.SearchConfig",
    "feedback",
    "alerts",
    "wagtail_localize",
    "wagtail_localize.locales",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "wagtail.contrib.settings",
    "wagtail.contrib.redirects",
    "wagtail.contrib.sitemaps",
    "wagtail.api.v2",
    "rest_framework",
    "wagtail.contrib.forms",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "csp",
    "axes",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "cms.page_cache.PageCacheMiddleware",
    "cms.middleware.SiteMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "cms.middleware.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "cms.two_factor.RequireTwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "cms.middleware.PermissionsPolicyMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last, as django-axes asks: it turns a locked-out sign-in into its lockout answer.
    "axes.middleware.AxesMiddleware",
]

# Sign-in to the admin: django-axes locks out a user name from an address after
# AXES_FAILURE_LIMIT failed attempts, for AXES_COOLOFF_MINUTES. The address is the reader's
# behind the trusted proxies (feedback.ratelimit.client_address, FEEDBACK_TRUSTED_PROXIES).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("AXES_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
AXES_CLIENT_IP_CALLABLE = "feedback.ratelimit.client_address"
# Locked out: a page in the admin's sign-in style and the reader's language (429 still).
AXES_LOCKOUT_CALLABLE = "cms.lockout.lockout_response"
# Two-factor sign-in (django-otp, TOTP; cms.two_factor): with ADMIN_TWO_FACTOR=on, every admin
# user sets up an authenticator app and enters its code after their password.
ADMIN_TWO_FACTOR = env_bool("ADMIN_TWO_FACTOR", False)
OTP_TOTP_ISSUER = "Corporate parenting guidance"

# The browser features the public site never uses, refused to every page and embedded frame.
PERMISSIONS_POLICY = (
    "accelerometer=(), autoplay=(), camera=(), display-capture=(), geolocation=(), "
    "gyroscope=(), magnetometer=(), microphone=(), midi=(), payment=(), usb=(), "
    "interest-cohort=()"
)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

# Uploads: images and documents of the types editors need, up to a size.
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp"]
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 40_000_000
DOCUMENT_MAX_UPLOAD_SIZE = 20 * 1024 * 1024  # cms.uploads: Wagtail has no documents' limit
WAGTAILDOCS_DOCUMENT_FORM_BASE = "cms.uploads.LimitedDocumentForm"
# Django refuses larger request bodies before any form sees them (uploads stream to disk).
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

ROOT_URLCONF = "cms.urls"
# Where the Wagtail admin lives (cms/urls.py), without slashes.
WAGTAIL_ADMIN_PATH = os.environ.get("WAGTAIL_ADMIN_PATH", "admin").strip("/") or "admin"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PROJECT_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

WSGI_APPLICATION = "cms.wsgi.application"

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "0")),
        # A kept connection that broke (the database restarted) is replaced before a request
        # uses it, instead of failing that request.
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Plan for solid-state storage (the PostgreSQL manual's random_page_cost for SSDs) and short
    # web requests (no parallel workers). With the defaults, PostgreSQL reads every search index
    # entry instead of using the full-text index once a searched word is common, 10x slower at
    # 10,000 pages (search/backends/database.py). Sent when connecting, so it costs no query; set
    # DATABASE_PLANNER_OPTIONS="" where a connection pooler refuses startup options.
    PLANNER_OPTIONS = os.environ.get(
        "DATABASE_PLANNER_OPTIONS", "-c random_page_cost=1.1 -c max_parallel_workers_per_gather=0"
    )
    if PLANNER_OPTIONS:
        DATABASES["default"].setdefault("OPTIONS", {}).setdefault("options", PLANNER_OPTIONS)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# The cache: Redis when REDIS_URL is set (shared by every worker; a Redis that is down costs
# speed, never an error: cms.cache), else each process's memory. It holds the full-page cache
# (cms.page_cache), rate-limit counts, PDFs and Wagtail's site paths.
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "cms.cache.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "cp"),
            "OPTIONS": {"socket_connect_timeout": 0.25, "socket_timeout": 0.25},
            "RETRY_AFTER": float(os.environ.get("REDIS_RETRY_AFTER", "5")),
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "cms.cache.ProcessMemoryCache",
            "LOCATION": "corporate-parenting",
            "OPTIONS": {"MAX_ENTRIES": 5000},
        }
    }
# Public pages are served from the cache until what they show changes (cms.page_cache);
# PAGE_CACHE=off renders every request (`make bench` measures both).
PAGE_CACHE_ENABLED = env_bool("PAGE_CACHE", True)
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", str(24 * 60 * 60)))
# Without Redis, the file through which each process tells the others what it purged
# (cms.purge_journal); empty: a file in the temporary folder named after the database.
PAGE_CACHE_JOURNAL = os.environ.get("PAGE_CACHE_JOURNAL", "")

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Languages: English is the source language, Welsh its translation. Wagtail i18n gives each
# page a locale; wagtail-localize manages the translations.
LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", "English"),
    ("cy", "Cymraeg"),
]
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
]
# The design system and the site's styles, built by npm (frontend/, `make assets`).
STATICFILES_DIRS = [PROJECT_DIR / "static", BASE_DIR / "frontend" / "build"]
STATIC_ROOT = BASE_DIR / "static_collected"
STATIC_URL = "/static/"
MEDIA_ROOT = BASE_DIR / "media"
MEDIA_URL = "/media/"

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

WAGTAIL_SITE_NAME = _("Corporate parenting guidance")
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "pptx", "rtf", "txt", "xlsx"]

# Search: Wagtail's database backend by default (SQLite FTS, PostgreSQL full-text search).
# ELASTICSEARCH_URL (Elasticsearch 8) or OPENSEARCH_URL (OpenSearch 3) names a search cluster; the
# database backend is then kept in step beside it and answers whenever the cluster is down or slow
# (search.backends). Credentials go in the URL: https://user:password@host:443.
SEARCH_CLUSTER_BACKENDS = {
    "ELASTICSEARCH_URL": "search.backends.elasticsearch8",
    "OPENSEARCH_URL": "search.backends.opensearch3",
}
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "search.backends.database"}}
for variable, backend in SEARCH_CLUSTER_BACKENDS.items():
    if os.environ.get(variable):
        WAGTAILSEARCH_BACKENDS = {
            "default": {
                "BACKEND": backend,
                "NAME": "default",
                "URLS": [url.strip() for url in os.environ[variable].split(",")],
                "INDEX_PREFIX": os.environ.get("SEARCH_INDEX_PREFIX", "corporate_parenting_"),
                # Under a second: a slow node must not hold up a reader or a publish.
                "TIMEOUT": float(os.environ.get("SEARCH_TIMEOUT", "0.8")),
                "OPTIONS": {"max_retries": 0, "retry_on_timeout": False},
                "INDEX_SETTINGS": {
                    "settings": {
                        "index": {
                            "number_of_replicas": int(os.environ.get("SEARCH_INDEX_REPLICAS", "1"))
                        }
                    }
                },
                "FALLBACK": "database",
                "RETRY_AFTER": float(os.environ.get("SEARCH_RETRY_AFTER", "30")),
            },
            "database": {"BACKEND": "search.backends.database"},
        }
        break

# Publish English and Welsh together: an English change is held back until its Welsh is approved
# (see cms.publishing). On by default in production.
PUBLISH_LANGUAGES_TOGETHER = env_bool("PUBLISH_LANGUAGES_TOGETHER", False)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.request": {"level": "ERROR"},
        # Wagtail's search indexing runs as django-tasks tasks; their per-task lines are noise.
        "django_tasks": {"level": "WARNING"},
        # Wagtail logs every page action at INFO; the audit log in the admin already keeps them.
        "wagtail": {"level": "WARNING"},
        # The search clients log every request at INFO; failures reach search.backends' warnings.
        "opensearch": {"level": "WARNING"},
        "elastic_transport": {"level": "WARNING"},
        # WeasyPrint narrates every PDF it lays out, and warns of each screen-only CSS rule.
        "weasyprint": {"level": "ERROR"},
    },
}

# Content-Security-Policy of the public site: scripts, styles, fonts and images from the site
# itself only, and no inline script but the design system's one line, allowed by its hash
# (cms/frontend.py). The Wagtail admin, which needs inline scripts, is left to its own defaults.
CONTENT_SECURITY_POLICY = {
    "EXCLUDE_URL_PREFIXES": [f"/{WAGTAIL_ADMIN_PATH}/"],
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, JS_ENABLED_SCRIPT_HASH],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    },
}
