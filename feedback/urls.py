from django.urls import path
from django.utils.translation import gettext_lazy as _

from feedback import views

app_name = "feedback"

# Inside i18n_patterns: /en/feedback/ and, translated, /cy/adborth/.
urlpatterns = [
    path(_("feedback/"), views.submit, name="submit"),
]
