from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CodeChaptersConfig(AppConfig):
    name = "code_chapters"
    verbose_name = _("Code of practice")
