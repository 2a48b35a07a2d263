from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.utils import translation
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from feedback import ratelimit
from feedback.forms import FeedbackForm

THANKS_QUERY = "feedback=thanks"


class HttpResponseSeeOther(HttpResponseRedirect):
    status_code = 303


def page_url(request, page):
    # A page outside every site has no address: its language's home page stands in.
    return page.get_url(request=request) or f"/{page.locale.language_code}/"


def thanks_url(request, page):
    return f"{page_url(request, page)}?{THANKS_QUERY}#feedback"


# csrf_exempt: the form sits at the foot of every public page, and those pages are cached whole
# (by the site's cache and any proxy in front of it), so they cannot carry a per-reader CSRF token
# or set its cookie. A forged post can do no more than a reader can: it acts for no account and
# reads nothing back, and it is counted by the same per-address rate limit. Browsers that say a
# post comes from another site (Sec-Fetch-Site) are refused outright.
@csrf_exempt
@require_POST
@never_cache
def submit(request):
    refused = ratelimit.refused_post(
        request, ratelimit.over_limit, "feedback/too_many.html", ratelimit.WINDOW_SECONDS
    )
    if refused is not None:
        return refused

    form = FeedbackForm(request.POST)
    valid = form.is_valid()
    page = form.feedback_page
    if page is not None and form.trap_filled:
        # A robot: thanked like anyone else, so it learns nothing, and not stored.
        return HttpResponseSeeOther(thanks_url(request, page))
    if valid:
        form.save()
        return HttpResponseSeeOther(thanks_url(request, page))

    # The errors speak the page's language; without a page, the address's.
    language = page.locale.language_code if page else translation.get_language()
    with translation.override(language):
        response = render(
            request,
            "feedback/error.html",
            {
                "form": form,
                "errors": form.error_list(),
                # Not `page`: base.html would take this for the page being shown.
                "feedback_page": page,
                "feedback_page_url": page_url(request, page) if page else None,
            },
            status=200 if page else 400,
        )
    response["Content-Language"] = language
    return response
