"""Indexed fields holding normalised text (see search.normalise), declared on every page model
through this mixin, so that all backends index and query the same terms."""

from django.db import models
from django.utils.html import strip_tags

from wagtail.fields import StreamField
from wagtail.search import index

from search.normalise import cached_term_groups, index_text, language_of_locale


class NormalisedSearchMixin(models.Model):
    """An abstract model (no columns), so that search backends that name fields by the model
    declaring them (Elasticsearch, OpenSearch) find one declaring model for every page type."""

    #: Fields whose words identify the page (title, a principle's name and statement): they
    #: weigh more than the body.
    search_title_sources = ("title",)

    normalised_search_fields = [
        index.SearchField("search_terms_title", boost=5),
        index.SearchField("search_terms_body"),
    ]

    class Meta:
        abstract = True

    def _search_text(self, names):
        parts = []
        for name in names:
            value = getattr(self, name, None)
            if value is None:
                continue
            try:
                model_field = self._meta.get_field(name)
            except Exception:  # noqa: BLE001 - a property, not a model field
                model_field = None
            if isinstance(model_field, StreamField):
                parts.extend(strip_tags(text) for text in model_field.get_searchable_content(value))
            else:
                parts.append(strip_tags(str(value)))
        return " ".join(part for part in parts if part)

    def _search_body_sources(self):
        names = []
        for field in type(self).search_fields:
            if isinstance(field, index.SearchField) and not field.field_name.startswith(
                "search_terms"
            ):
                if field.field_name not in self.search_title_sources:
                    names.append(field.field_name)
        return names

    def search_terms_title(self):
        return index_text(self.search_title_text(), language_of_locale(self.locale_id))

    def search_terms_body(self):
        return index_text(self.search_body_text(), language_of_locale(self.locale_id))

    def search_title_text(self):
        return self._search_text(self.search_title_sources)

    def search_body_text(self):
        return self._search_text(self._search_body_sources())

    def search_texts(self):
        """(title, body) as readable text. Kept on the instance: a search reads them twice (to
        rank, then for the snippet) from pages loaded for that search alone, and extracting a
        StreamField's text is the dearest part of a search."""
        if not hasattr(self, "_search_texts"):
            self._search_texts = (self.search_title_text(), self.search_body_text())
        return self._search_texts

    def search_plain_text(self):
        """The page's readable text, for result snippets."""
        return " ".join(part for part in self.search_texts() if part)

    def search_term_groups(self):
        """(title, body): one tuple of alternative terms per meaningful word, as indexed."""
        language = language_of_locale(self.locale_id)
        title, body = self.search_texts()
        return cached_term_groups(title, language), cached_term_groups(body, language)
