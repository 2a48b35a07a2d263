from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CmsConfig(AppConfig):
    name = "cms"
    verbose_name = _("Site furniture")

    def ready(self):
        from cms import page_cache, signals  # noqa: F401  (connects the signal receivers)

        page_cache.connect()
