from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    # Bilingual search lives here (see the search issue); the app exists so that the URL space
    # and templates have their home from the start.
    name = "search"
    label = "site_search"
    verbose_name = _("Search")
