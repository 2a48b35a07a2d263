import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel


class SearchSynonym(models.Model):
    """Phrases readers use for the same thing in one language, e.g. "LAC | looked after
    children". A query holding any of them also searches for the others."""

    language = models.CharField(
        max_length=8, choices=settings.LANGUAGES, verbose_name=_("language")
    )
    phrases = models.CharField(
        max_length=255,
        verbose_name=_("equivalent phrases"),
        help_text=_("Two or more phrases separated by |, e.g. LAC | looked after children"),
    )

    panels = [FieldPanel("language"), FieldPanel("phrases")]

    class Meta:
        verbose_name = _("search synonym")
        verbose_name_plural = _("search synonyms")
        ordering = ["language", "phrases"]

    def __str__(self):
        return self.phrases

    @property
    def phrase_list(self):
        return [phrase.strip() for phrase in self.phrases.split("|") if phrase.strip()]

    def clean(self):
        if len(self.phrase_list) < 2:
            raise ValidationError({"phrases": _("Give at least two phrases separated by |.")})


CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def clean_query(query):
    """A reader's query without control characters (PostgreSQL refuses NUL in text)."""
    return CONTROL_CHARACTERS.sub("", query or "")


def normalised_query(query):
    return " ".join(clean_query(query).lower().split())[:200]


class SearchQueryCount(models.Model):
    """How often a query was searched in a language on a day, and how many results it last had.
    (Wagtail's own query log records neither language nor result count.)"""

    language = models.CharField(max_length=8)
    query = models.CharField(max_length=200)
    date = models.DateField()
    hits = models.PositiveIntegerField(default=0)
    result_count = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("search query count")
        constraints = [
            models.UniqueConstraint(
                fields=["language", "query", "date"], name="one_count_per_query_day"
            )
        ]

    def __str__(self):
        return f"{self.query} ({self.language}, {self.date}): {self.hits}"

    @classmethod
    def record(cls, language, query, result_count):
        from django.db.models import F
        from django.utils import timezone

        query = normalised_query(query)
        if not query:
            return
        row, _ = cls.objects.get_or_create(
            language=language, query=query, date=timezone.localdate()
        )
        cls.objects.filter(pk=row.pk).update(hits=F("hits") + 1, result_count=result_count)


class PromotedResult(models.Model):
    """A page editors pin to the top of the results for a query in one language."""

    language = models.CharField(
        max_length=8, choices=settings.LANGUAGES, verbose_name=_("language")
    )
    query = models.CharField(max_length=200, verbose_name=_("query"))
    page = models.ForeignKey(
        "wagtailcore.Page", on_delete=models.CASCADE, related_name="+", verbose_name=_("page")
    )
    sort_order = models.PositiveIntegerField(default=0, verbose_name=_("order"))

    panels = [
        FieldPanel("language"),
        FieldPanel("query"),
        FieldPanel("page"),
        FieldPanel("sort_order"),
    ]

    class Meta:
        verbose_name = _("promoted result")
        verbose_name_plural = _("promoted results")
        ordering = ["language", "query", "sort_order"]

    def __str__(self):
        return f"{self.query} → {self.page}"

    def save(self, *args, **kwargs):
        self.query = normalised_query(self.query)
        super().save(*args, **kwargs)


class MissedIndexUpdate(models.Model):
    """An object whose change an external search backend (Elasticsearch, OpenSearch) did not take,
    because the node was down or slow. Wagtail's backends swallow indexing errors, so they are
    recorded here and caught up once the node answers again (search.backends)."""

    backend = models.CharField(max_length=50)
    model = models.CharField(max_length=100, help_text="app_label.ModelName of the object")
    object_pk = models.CharField(max_length=64)
    missed_at = models.DateTimeField(auto_now=True)
    error = models.TextField(blank=True)

    class Meta:
        verbose_name = _("missed search index update")
        constraints = [
            models.UniqueConstraint(
                fields=["backend", "model", "object_pk"], name="one_missed_update_per_object"
            )
        ]

    def __str__(self):
        return f"{self.model} {self.object_pk} ({self.backend})"
