"""The sitemap: every live, public page of both languages, each with `hreflang` alternates naming
its live versions in every language and the English one as `x-default`.

Wagtail's sitemap lists only the default site's tree (the English one) and gives no alternates,
so this one lists the trees of all the root page's translations and adds them.
"""

from django.conf import settings

from wagtail.contrib.sitemaps import Sitemap
from wagtail.models import Page


class BilingualSitemap(Sitemap):
    def items(self):
        root = self.get_wagtail_site().root_page
        pages = Page.objects.descendant_of(root, inclusive=True)
        for translation in root.get_translations():
            pages |= Page.objects.descendant_of(translation, inclusive=True)
        # public(): no page behind a view restriction (password, login, group), nor below one.
        return pages.live().public().select_related("locale").order_by("path")

    def lastmod(self, page):
        return page.last_published_at

    def _urls(self, page, protocol, domain):
        pages = list(self.paginator.page(page).object_list)
        locations = {}

        def location(page):
            if page.pk not in locations:
                locations[page.pk] = page.get_full_url(self.request)
            return locations[page.pk]

        versions = {}
        for version in self.items().filter(
            translation_key__in={page.translation_key for page in pages}
        ):
            versions.setdefault(version.translation_key, []).append(version)

        urls = []
        for page in pages:
            if location(page) is None:
                continue  # not routable from any site
            urls.append(
                {
                    "item": page,
                    "location": location(page),
                    "lastmod": self.lastmod(page),
                    "alternates": self.alternates_for(versions[page.translation_key], location),
                }
            )
        lastmods = [url["lastmod"] for url in urls]
        if lastmods and None not in lastmods:
            self.latest_lastmod = max(lastmods)
        return urls

    def alternates_for(self, versions, location):
        """`hreflang` links to each live version of a page (itself included, as the protocol
        asks), in the order of the site's languages, then `x-default`: the English version,
        when it is live."""
        order = [code for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES]
        by_language = {
            version.locale.language_code: location(version)
            for version in versions
            if location(version) is not None
        }
        alternates = [
            {"lang_code": code, "location": by_language[code]}
            for code in sorted(by_language, key=order.index)
        ]
        if settings.LANGUAGE_CODE in by_language:
            alternates.append(
                {"lang_code": "x-default", "location": by_language[settings.LANGUAGE_CODE]}
            )
        return alternates
