from django.contrib.auth.models import Permission
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.menu import MenuItem

from alerts.admin_views import PERMISSION, AlertCountsView


@hooks.register("register_permissions")
def register_alert_counts_permission():
    """ "Can view email alert" in the group editor: the counts, never the addresses."""
    app_label, codename = PERMISSION.split(".")
    return Permission.objects.filter(content_type__app_label=app_label, codename=codename)


@hooks.register("register_admin_urls")
def register_alert_counts_url():
    return [
        path("reports/email-alerts/", AlertCountsView.as_view(), name="alerts_counts"),
    ]


class AlertCountsMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(PERMISSION)


@hooks.register("register_reports_menu_item")
def register_alert_counts_menu_item():
    return AlertCountsMenuItem(
        _("Email alerts"), reverse("alerts_counts"), icon_name="mail", order=960
    )
