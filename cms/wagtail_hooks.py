from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.models import Locale, TranslatableMixin
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from cms.models import GlossaryTerm, SourceDocument
from cms.publishing import APPROVERS, EDITORS, TRANSLATORS

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


@hooks.register("before_edit_snippet")
def keep_translators_off_source_language_snippets(request, instance):
    """Snippet permissions are per model; the language is enforced here."""
    return _refuse_translator_on_source_language(request, getattr(instance, "locale", None))


@hooks.register("before_create_snippet")
def keep_translators_from_creating_source_language_snippets(request, model):
    locale_code = request.GET.get("locale") or settings.LANGUAGE_CODE
    if not issubclass(model, TranslatableMixin):
        return None
    return _refuse_translator_on_source_language(
        request, Locale.objects.filter(language_code=locale_code).first()
    )


@hooks.register("before_delete_snippet")
def keep_translators_from_bulk_deleting(request, instances):
    if isinstance(instances, list | tuple):
        for instance in instances:
            refused = _refuse_translator_on_source_language(
                request, getattr(instance, "locale", None)
            )
            if refused:
                return refused
    return None


def _refuse_translator_on_source_language(request, locale):
    user = request.user
    if user.is_superuser or locale is None or locale.language_code != settings.LANGUAGE_CODE:
        return None
    if (
        user.groups.filter(name=TRANSLATORS).exists()
        and not user.groups.filter(name__in=[EDITORS, APPROVERS]).exists()
    ):
        raise PermissionDenied(
            _("Translators may edit only translations, not the English original.")
        )
    return None


@hooks.register("register_log_actions")
def register_publishing_log_actions(actions):
    actions.register_action(
        "cms.publish_source_alone",
        _("Publish English alone"),
        _("Published English alone, ahead of its Welsh"),
    )
