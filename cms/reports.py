"""Editors' report of what was published when, by whom, with the change note readers see:
Reports → Publications, filterable by date range, language and sector."""

from django.db.models import OuterRef, Subquery
from django.utils.translation import gettext_lazy as _

from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.ui.tables import Column, DateColumn, UserColumn
from wagtail.admin.views.reports import ReportView
from wagtail.models import Locale, PageLogEntry
from wagtail.permission_policies.pages import PagePermissionPolicy

import django_filters

from cms.history import pages_shown_on_sector
from cms.models import PageChangeNote


def english_sectors(request):
    from toolkit.models import SectorPage

    return SectorPage.objects.filter(locale=Locale.get_default()).order_by("path")


class PublicationsFilterSet(WagtailFilterSet):
    timestamp = django_filters.DateFromToRangeFilter(
        label=_("Published"), widget=DateRangePickerWidget
    )
    page__locale = django_filters.ModelChoiceFilter(
        label=_("Language"), queryset=Locale.objects.all()
    )
    sector = django_filters.ModelChoiceFilter(
        label=_("Sector"), queryset=english_sectors, method="filter_sector"
    )

    class Meta:
        model = PageLogEntry
        fields = ["timestamp", "page__locale", "sector"]

    def filter_sector(self, queryset, name, sector):
        """Publications of the sector page and of the pages it shows, in either language."""
        keys = {page.translation_key for page in pages_shown_on_sector(sector)}
        return queryset.filter(page__translation_key__in=keys)


class PublicationsReportView(ReportView):
    page_title = _("Publications")
    header_icon = "upload"
    filterset_class = PublicationsFilterSet
    index_url_name = "publications_report"
    index_results_url_name = "publications_report_results"
    any_permission_required = ["add", "change", "publish"]
    permission_policy = PagePermissionPolicy()
    columns = [
        DateColumn("timestamp", label=_("Published")),
        Column("page", label=_("Page"), accessor="page"),
        Column("language", label=_("Language"), accessor="page.locale.get_display_name"),
        UserColumn("user", label=_("By")),
        Column("change_note", label=_("Change note")),
    ]
    list_export = ["timestamp", "page", "user", "change_note"]

    def get_queryset(self):
        note = PageChangeNote.objects.filter(revision_id=OuterRef("revision_id")).values("note")
        return (
            PageLogEntry.objects.filter(action="wagtail.publish")
            .select_related("page", "page__locale", "user")
            .annotate(change_note=Subquery(note[:1]))
            .order_by("-timestamp", "-pk")
        )
