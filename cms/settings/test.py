"""Settings for the test suite: fast password hashing, plain static storage, in-memory email."""

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "test-only-secret-key-not-used-anywhere-else"  # noqa: S105
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}
WAGTAILADMIN_BASE_URL = "http://testserver"

# With a search cluster (OPENSEARCH_URL / ELASTICSEARCH_URL), the tests use their own indexes on a
# one-node cluster.
if "database" in WAGTAILSEARCH_BACKENDS:  # noqa: F405
    WAGTAILSEARCH_BACKENDS["default"]["INDEX_PREFIX"] = "test_corporate_parenting_"  # noqa: F405
    WAGTAILSEARCH_BACKENDS["default"]["INDEX_SETTINGS"] = {  # noqa: F405
        "settings": {"index": {"number_of_replicas": 0}}
    }
