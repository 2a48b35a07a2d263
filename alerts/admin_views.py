"""Editors' view of email alerts under Reports: how many readers want alerts about each topic, in
each language. Counts only: no address is shown or exported."""

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from alerts.models import Subscription

PERMISSION = "alerts.view_subscription"


def topic_counts():
    """One row per topic (the code first, then sectors by title), with confirmed and waiting
    counts per language."""
    rows = {}
    counts = (
        Subscription.objects.values("sector_id", "sector__title", "language")
        .annotate(
            confirmed=Count("pk", filter=Q(confirmed_at__isnull=False)),
            waiting=Count("pk", filter=Q(confirmed_at__isnull=True)),
        )
        .order_by()
    )
    for count in counts:
        row = rows.setdefault(
            count["sector_id"],
            {
                "topic": count["sector__title"] or _("The code of practice"),
                "is_code": count["sector_id"] is None,
                "en": {"confirmed": 0, "waiting": 0},
                "cy": {"confirmed": 0, "waiting": 0},
            },
        )
        row.setdefault(count["language"], {"confirmed": 0, "waiting": 0})
        row[count["language"]] = {"confirmed": count["confirmed"], "waiting": count["waiting"]}
    return sorted(rows.values(), key=lambda row: (not row["is_code"], str(row["topic"])))


class AlertCountsView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "alerts/admin/counts.html"
    page_title = _("Email alerts")
    header_icon = "mail"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(PERMISSION):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["rows"] = topic_counts()
        return context
