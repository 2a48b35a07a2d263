"""Admin views: where every translation stands, with bulk sync of out-of-date translations."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from wagtail.admin.admin_url_finder import AdminURLFinder
from wagtail.models import Locale

from cms.models import TranslationReview
from cms.publishing import APPROVERS, EDITORS, TRANSLATORS, WELSH_REVIEWERS, in_group
from cms.review import MISSING
from cms.translation_status import all_states, matches_status, sync_outdated

FILTERS = [
    ("", _("All")),
    (MISSING, _("Missing")),
    ("in_progress", TranslationReview.Status.IN_PROGRESS.label),
    ("ready_for_review", TranslationReview.Status.READY_FOR_REVIEW.label),
    ("reviewed", TranslationReview.Status.REVIEWED.label),
    ("out_of_date", _("Out of date")),
    ("glossary", _("Glossary problems")),
]


def can_see_translation_status(user):
    return user.is_superuser or any(
        in_group(user, name) for name in (TRANSLATORS, WELSH_REVIEWERS, EDITORS, APPROVERS)
    )


def translation_status(request):
    if not can_see_translation_status(request.user):
        raise PermissionDenied
    locale = Locale.objects.filter(language_code=request.GET.get("locale", "cy")).first()
    if locale is None or locale == Locale.get_default():
        locale = Locale.objects.exclude(pk=Locale.get_default().pk).first()
    rows = all_states(locale)

    if request.method == "POST":
        if not (
            request.user.is_superuser
            or in_group(request.user, TRANSLATORS)
            or in_group(request.user, WELSH_REVIEWERS)
        ):
            raise PermissionDenied
        chosen = set(request.POST.getlist("objects"))
        synced = 0
        for instance, state in rows:
            key = f"{instance._meta.label_lower}:{instance.pk}"
            if state.out_of_date and (not chosen or key in chosen):
                sync_outdated(instance, locale, user=request.user)
                synced += 1
        messages.success(
            request,
            ngettext(
                "%(count)s out-of-date translation synced with the latest source.",
                "%(count)s out-of-date translations synced with the latest source.",
                synced,
            )
            % {"count": synced},
        )
        return redirect(request.get_full_path())

    status = request.GET.get("status", "")
    urls = AdminURLFinder(request.user)
    table = []
    for instance, state in rows:
        if not matches_status(state, status):
            continue
        translated = instance.get_translation_or_none(locale)
        table.append(
            {
                "key": f"{instance._meta.label_lower}:{instance.pk}",
                "instance": instance,
                "state": state,
                "edit_url": (urls.get_edit_url(translated) if translated else None),
                "source_edit_url": urls.get_edit_url(instance),
            }
        )
    return TemplateResponse(
        request,
        "cms/admin/translation_status.html",
        {
            "rows": table,
            "locale": locale,
            "filters": FILTERS,
            "status": status,
            "counts": {
                "total": len(rows),
                "out_of_date": sum(1 for _, state in rows if state.out_of_date),
                "reviewed": sum(1 for _, state in rows if state.review == "reviewed"),
                "glossary": sum(1 for _, state in rows if state.glossary),
            },
        },
    )


def server_error(request, template_name="500.html"):
    """The 500 page in the language of the address: it renders without the database or any
    context, since the error may be theirs."""
    from django.http import HttpResponseServerError
    from django.template import loader

    name = "500_cy.html" if request.path.startswith("/cy/") else template_name
    return HttpResponseServerError(loader.get_template(name).render())
