from django import template

from wagtail.models import Page

from feedback.forms import FeedbackForm
from feedback.views import THANKS_QUERY

register = template.Library()


@register.simple_tag(takes_context=True)
def page_feedback(context):
    """What the "Is this page useful?" section needs, or None where there is no page to give
    feedback on (search, error pages) or the page is an editor's preview."""
    page = context.get("page")
    request = context.get("request")
    if not isinstance(page, Page) or not page.pk or getattr(request, "is_preview", False):
        return None
    key, _, value = THANKS_QUERY.partition("=")
    return {
        "form": FeedbackForm(initial={"page": page.pk}),
        "page_id": page.pk,
        "thanks": request is not None and request.GET.get(key) == value,
    }
