from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from cms.models import GlossaryTerm, SourceDocument

# Source documents are edited as snippets: editors add a document when new content cites it.
register_snippet(SourceDocument)


class GlossaryViewSet(SnippetViewSet):
    model = GlossaryTerm
    icon = "doc-full"
    menu_label = GlossaryTerm._meta.verbose_name_plural
    add_to_admin_menu = True
    list_display = ["english", "welsh", "note"]
    search_fields = ["english", "welsh"]


register_snippet(GlossaryViewSet)
