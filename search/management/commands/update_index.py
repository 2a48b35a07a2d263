"""Wagtail's `update_index` (same name and options), for a search cluster that answers readers
with a timeout under a second: building an index gets a generous timeout instead, and the index
updates recorded as missed before the rebuild are forgotten, the rebuild having sent everything."""

from django.conf import settings
from django.utils import timezone

from modelsearch.management.commands.rebuild_modelsearch_index import Command as RebuildCommand

from search.backends import index_management_timeout
from search.models import MissedIndexUpdate


class Command(RebuildCommand):
    def update_backend(self, backend_name, *args, **kwargs):
        started = timezone.now()
        with index_management_timeout(getattr(settings, "SEARCH_INDEX_MANAGEMENT_TIMEOUT", 60)):
            super().update_backend(backend_name, *args, **kwargs)
        MissedIndexUpdate.objects.filter(backend=backend_name, missed_at__lt=started).delete()
