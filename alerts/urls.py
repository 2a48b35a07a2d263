from django.urls import path
from django.utils.translation import gettext_lazy as _

from alerts import views

app_name = "alerts"

# Inside i18n_patterns: /en/alerts/ and, translated, /cy/rhybuddion/.
urlpatterns = [
    path(_("alerts/"), views.subscribe, name="subscribe"),
    path(_("alerts/confirm/<str:token>/"), views.confirm, name="confirm"),
    path(_("alerts/unsubscribe/<str:token>/"), views.unsubscribe, name="unsubscribe"),
]
