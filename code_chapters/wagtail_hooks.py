from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from code_chapters.models import ChapterVersion


class ChapterVersionViewSet(SnippetViewSet):
    """Versions of a chapter, each with its status and dates (translated with wagtail-localize,
    like any snippet)."""

    model = ChapterVersion
    icon = "history"
    list_display = ["chapter", "status", "in_force_from", "in_force_until", "locale"]
    list_filter = ["status", "locale"]


register_snippet(ChapterVersionViewSet)
