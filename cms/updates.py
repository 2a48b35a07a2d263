"""What changed on the site, for readers: the updates page (recent change notes in the reader's
language, filterable by sector) and its Atom feed, which every page announces in its <head>."""

from django.contrib.syndication.views import Feed
from django.core.paginator import Paginator
from django.http import Http404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import translation
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from wagtail.models import Locale

from cms.history import pages_shown_on_sector, recent_change_notes

PER_PAGE = 50
FEED_ITEMS = 50


def reader_locale():
    language = translation.get_language() or "en"
    return Locale.objects.filter(language_code=language).first() or Locale.get_default()


#: The largest id a database holds (a signed 64-bit integer); SQLite cannot even compare a larger
#: number with a column.
MAX_PAGE_ID = 2**63 - 1


def number_in(value):
    """`value` as a whole number when it is written in ASCII digits, else None (str.isdigit()
    also takes digits such as "²" that int() refuses)."""
    value = str(value)
    return int(value) if value.isascii() and value.isdigit() else None


def sector_in(value, locale):
    from toolkit.models import SectorPage

    if not value:
        return None
    number = number_in(value)
    if number is None or number > MAX_PAGE_ID:
        raise Http404(_("There is no such sector."))
    sector = SectorPage.objects.live().filter(locale=locale, pk=number).first()
    if sector is None:
        raise Http404(_("There is no such sector."))
    return sector


def updates(request):
    from toolkit.models import SectorPage

    locale = reader_locale()
    sector = sector_in(request.GET.get("sector"), locale)
    notes = recent_change_notes(locale, pages_shown_on_sector(sector) if sector else None)
    paginator = Paginator(notes, PER_PAGE)
    page_number = number_in(request.GET.get("page", "1"))
    if page_number is None or not 1 <= page_number <= max(paginator.num_pages, 1):
        raise Http404(_("There is no such page of updates."))
    return TemplateResponse(
        request,
        "cms/updates.html",
        {
            "notes": paginator.page(page_number) if paginator.count else [],
            "sectors": SectorPage.objects.live().filter(locale=locale).order_by("path"),
            "selected_sector": sector,
        },
    )


class UpdatesFeed(Feed):
    """The newest change notes of the reader's language as an Atom feed."""

    feed_type = Atom1Feed

    def title(self):
        return _("Corporate parenting guidance: updates")

    def subtitle(self):
        return _("Changes to the corporate parenting guidance, newest first.")

    def link(self):
        return reverse("updates")

    def feed_url(self):
        return reverse("updates_feed")

    def items(self):
        return list(recent_change_notes(reader_locale(), limit=FEED_ITEMS))

    def item_title(self, note):
        return note.page.title

    def item_description(self, note):
        return note.note

    def item_link(self, note):
        return note.page.url

    def item_guid(self, note):
        return f"{note.page.full_url}#update-{note.pk}"

    def item_guid_is_permalink(self, note):
        return False

    def item_pubdate(self, note):
        return note.published_at

    def item_updateddate(self, note):
        return note.published_at
