from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.menu import MenuItem
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
    menu_label = _("Glossary")
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


@hooks.register("register_admin_urls")
def two_factor_urls():
    from django.urls import path

    from cms import two_factor

    return [
        path("two-factor/verify/", two_factor.verify, name="two_factor_verify"),
        path("two-factor/setup/", two_factor.setup, name="two_factor_setup"),
    ]


@hooks.register("register_admin_urls")
def translation_status_urls():
    from django.urls import path

    from cms.views import translation_status

    return [path("translation-status/", translation_status, name="translation_status")]


class TranslationStatusMenuItem(MenuItem):
    def is_shown(self, request):
        from cms.views import can_see_translation_status

        return can_see_translation_status(request.user)


@hooks.register("register_admin_menu_item")
def translation_status_menu_item():
    return TranslationStatusMenuItem(
        _("Translation status"), reverse("translation_status"), icon_name="globe", order=900
    )


@hooks.register("before_edit_page")
def show_translation_problems_beside_the_translation_editor(request, page):
    """wagtail-localize's editor is a compiled app: what it cannot show (glossary problems, out
    of date segments, review status) is shown as messages above it."""
    if request.method != "GET" or page.locale.language_code == settings.LANGUAGE_CODE:
        return None
    from django.contrib import messages

    from cms.translation_status import glossary_terms, translation_state

    source = page.get_translation_or_none(Locale.get_default())
    if source is None:
        return None
    state = translation_state(source.specific, page.locale, glossary_terms())
    for problem in state.glossary:
        messages.warning(request, _("Glossary: %(problem)s") % {"problem": problem})
    if state.out_of_date:
        messages.warning(
            request,
            _("The English has changed since this translation was synced: %(segments)s")
            % {"segments": ", ".join(state.changed_segments)},
        )
    return None


@hooks.register("register_admin_urls")
def publications_report_urls():
    from django.urls import path

    from cms.reports import PublicationsReportView

    return [
        path("reports/publications/", PublicationsReportView.as_view(), name="publications_report"),
        path(
            "reports/publications/results/",
            PublicationsReportView.as_view(results_only=True),
            name="publications_report_results",
        ),
    ]


@hooks.register("register_reports_menu_item")
def publications_report_menu_item():
    return MenuItem(
        _("Publications"), reverse("publications_report"), icon_name="upload", order=960
    )
