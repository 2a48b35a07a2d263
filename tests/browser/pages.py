"""What the browser suite visits: one page of every type in both languages, at three widths.

Each page type names the demo page that stands for it (content/*.yaml); its Welsh address is read
from the database (the Welsh slugs are translated), so the suite follows the content rather than
copies of its addresses."""

from urllib.parse import urlencode, urlsplit

LANGUAGES = ("en", "cy")

# Phone (WCAG's 320 CSS pixel reflow width), tablet and desktop, each with a typical height.
WIDTHS = (320, 768, 1280)
HEIGHTS = {320: 640, 768: 1024, 1280: 800}

SEARCH_QUERIES = {"en": "housing", "cy": "tai"}

# key: (model, filters picking the English page). The key names the screenshots.
PAGE_TYPES = {
    "home": ("home.HomePage", {}),
    "accessibility": ("home.InformationPage", {"slug": "accessibility"}),
    "toolkit": ("toolkit.ToolkitPage", {}),
    "matrix": ("toolkit.PrincipleIndexPage", {}),
    "principle": ("toolkit.PrinciplePage", {"number": 1}),
    "sectors": ("toolkit.SectorIndexPage", {}),
    "sector": ("toolkit.SectorPage", {"slug": "housing-services"}),
    "resources": ("toolkit.ResourceIndexPage", {}),
    "resource": ("toolkit.ResourcePage", {"slug": "elected-members"}),
    "code": ("code_chapters.CodeOfPracticePage", {}),
    "code-chapter": ("code_chapters.CodeChapterPage", {"slug": "corporate-parenting"}),
    # The chapter as it stood on a date (the demo chapter has no version in force: the page
    # says so and lists what exists).
    "code-chapter-dated": ("code_chapters.CodeChapterPage", {"slug": "corporate-parenting"}),
    "code-section": ("code_chapters.CodeSectionPage", {"slug": "what-is-corporate-parenting"}),
    "code-paragraph": ("code_chapters.CodeParagraphPage", {}),
    "consultation": ("code_chapters.ConsultationPage", {}),
    "search": None,  # the search view's results for SEARCH_QUERIES
    "updates": None,  # the updates page (change notes, filter by sector)
    "not-found": None,  # an address no page has: the 404 page
}
NOT_FOUND_STATUS = 404
QUERY_STRINGS = {"code-chapter-dated": "date=2024-10-01"}

# The build artefacts: these pages, both languages, on a phone and on a desktop.
SCREENSHOT_PAGES = ("home", "sector", "principle", "matrix", "code-chapter", "search")
SCREENSHOT_WIDTHS = (320, 1280)


def resolve_paths():
    """{(key, language): path, or None where the demo content has no live page}. Needs the
    database: called once, before the browser starts (Django refuses the ORM inside Playwright's
    event loop)."""
    from django.apps import apps
    from django.urls import reverse
    from django.utils import translation

    from wagtail.models import Locale

    locales = {locale.language_code: locale for locale in Locale.objects.all()}
    paths = {}
    for key, spec in PAGE_TYPES.items():
        for language in LANGUAGES:
            if key == "search":
                with translation.override(language):
                    query = urlencode({"q": SEARCH_QUERIES[language]})
                    paths[key, language] = f"{reverse('search')}?{query}"
            elif key == "updates":
                with translation.override(language):
                    paths[key, language] = reverse("updates")
            elif key == "not-found":
                paths[key, language] = f"/{language}/no-page-has-this-address/"
            else:
                label, filters = spec
                english = (
                    apps.get_model(label)
                    .objects.live()
                    .filter(locale__language_code="en", **filters)
                    .order_by("path")
                    .first()
                )
                page = english
                if english is not None and language != "en":
                    locale = locales.get(language)
                    page = locale and english.get_translation_or_none(locale)
                live = page is not None and page.live
                path = urlsplit(page.get_url()).path if live else None
                if path and key in QUERY_STRINGS:
                    path = f"{path}?{QUERY_STRINGS[key]}"
                paths[key, language] = path
    return paths
