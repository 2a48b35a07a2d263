"""Production: refuses to start without a real secret key and allowed hosts.

Every security default is on; `SECURE_SSL_REDIRECT=false` turns off the HTTPS redirect for a local
benchmark behind no TLS.
"""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import DATABASES, env_bool, env_list

DEBUG = False

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if len(SECRET_KEY) < 50 or SECRET_KEY.startswith("django-insecure"):
    raise ImproperlyConfigured(
        "SECRET_KEY must be set to a random value of at least 50 characters in production "
        "(for example: python -c 'import secrets; print(secrets.token_urlsafe(64))')."
    )

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured(
        "ALLOWED_HOSTS must list the host names the site answers to, comma-separated "
        "(for example: ALLOWED_HOSTS=corporate-parenting.gov.wales)."
    )
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS") or [
    f"https://{host.lstrip('.')}" for host in ALLOWED_HOSTS if host != "*"
]

# Each worker keeps its database connection for a minute instead of opening one per request
# (about 6 ms a request on PostgreSQL here); base.py turns on the health check that replaces a
# connection a database restart broke.
DATABASES["default"]["CONN_MAX_AGE"] = int(os.environ.get("DATABASE_CONN_MAX_AGE", "60"))

SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
PUBLISH_LANGUAGES_TOGETHER = env_bool("PUBLISH_LANGUAGES_TOGETHER", True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
# DENY everywhere; Wagtail's own preview views opt back in to same-origin framing.
X_FRAME_OPTIONS = "DENY"

WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", f"https://{ALLOWED_HOSTS[0]}")

# How many reverse proxies in front of the site append to X-Forwarded-For: the feedback form's
# rate limit counts per reader address, which is then the one the outermost trusted proxy saw.
FEEDBACK_TRUSTED_PROXIES = int(os.environ.get("FEEDBACK_TRUSTED_PROXIES", "1"))

# Email (alerts: confirmation and update messages) through an SMTP relay.
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "587"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "corporateparenting@gov.wales")
ALERTS_BASE_URL = os.environ.get("ALERTS_BASE_URL", WAGTAILADMIN_BASE_URL)
