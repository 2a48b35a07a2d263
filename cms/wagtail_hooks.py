from wagtail.snippets.models import register_snippet

from cms.models import SourceDocument

# Source documents are edited as snippets: editors add a document when new content cites it.
register_snippet(SourceDocument)
