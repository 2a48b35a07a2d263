"""'Is this page useful?': answers are stored with their page and language and nothing about the
reader; robots and floods are turned away; errors speak the page's language; the pages stay
cacheable (no CSRF token or cookie); editors read the answers in the admin, and only they."""

import re

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.cache import cache
from django.template.loader import render_to_string
from django.test import Client, RequestFactory
from django.urls import NoReverseMatch, reverse

from wagtail.models import Page
from wagtail.permissions import policy_registry

import pytest

from feedback import ratelimit
from feedback.models import PageFeedback
from toolkit.models import ToolkitPage

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("empty_cache")]

ENGLISH_URL = "/en/feedback/"
WELSH_URL = "/cy/adborth/"


@pytest.fixture
def english_page():
    return ToolkitPage.objects.get(locale__language_code="en")


@pytest.fixture
def welsh_page():
    return ToolkitPage.objects.get(locale__language_code="cy")


def thanks_location(page):
    return f"{page.url}?feedback=thanks#feedback"


def assert_no_cookies(response):
    assert not response.cookies
    assert "Set-Cookie" not in response.headers


def test_a_yes_vote_is_stored_with_its_page_and_language(client, english_page):
    response = client.post(ENGLISH_URL, {"page": english_page.pk, "useful": "yes"})
    assert response.status_code == 303
    assert response["Location"] == thanks_location(english_page)
    assert_no_cookies(response)
    feedback = PageFeedback.objects.get()
    assert feedback.page_id == english_page.pk
    assert feedback.page_title == english_page.title
    assert feedback.language == "en"
    assert feedback.useful is True
    assert feedback.comment == ""


def test_a_welsh_no_vote_keeps_its_comment(client, welsh_page):
    comment = "Hoffwn i weld rhagor o enghreifftiau ar gyfer ysgolion."
    response = client.post(
        WELSH_URL, {"page": welsh_page.pk, "useful": "no", "comment": f"  {comment}  "}
    )
    assert response.status_code == 303
    assert response["Location"] == thanks_location(welsh_page)
    feedback = PageFeedback.objects.get()
    assert (feedback.page_id, feedback.language, feedback.useful) == (welsh_page.pk, "cy", False)
    assert feedback.comment == comment


def test_a_filled_spam_trap_is_thanked_but_not_stored(client, english_page):
    response = client.post(
        ENGLISH_URL,
        {"page": english_page.pk, "useful": "yes", "website": "http://spam.example"},
    )
    assert response.status_code == 303
    assert response["Location"] == thanks_location(english_page)
    assert not PageFeedback.objects.exists()


def test_the_eleventh_post_within_the_window_is_refused_in_welsh(client, welsh_page):
    data = {"page": welsh_page.pk, "useful": "yes"}
    for _ in range(ratelimit.LIMIT):
        assert client.post(WELSH_URL, data).status_code == 303
    response = client.post(WELSH_URL, data)
    assert response.status_code == 429
    assert response["Retry-After"] == str(ratelimit.WINDOW_SECONDS)
    html = response.content.decode()
    assert '<html lang="cy"' in html
    assert "Arhoswch cyn anfon rhagor o adborth" in html
    assert "Rhowch gynnig arall arni ymhen 10 munud" in html
    assert PageFeedback.objects.count() == ratelimit.LIMIT
    # The count is per connection: another address may still answer.
    other = Client(HTTP_HOST="localhost", REMOTE_ADDR="192.0.2.7")
    assert other.post(WELSH_URL, data).status_code == 303
    # Addresses are kept only as keyed hashes, and only in the cache.
    assert not any("127.0.0.1" in key or "192.0.2.7" in key for key in cache._cache)


def test_an_unknown_page_is_an_error_in_the_language_of_the_address(client):
    missing = (Page.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1000
    root = Page.get_first_root_node().pk
    for page_id in (missing, root, "not-a-number", ""):
        response = client.post(WELSH_URL, {"page": page_id, "comment": "x" * 1201})
        assert response.status_code == 400
        html = response.content.decode()
        assert '<html lang="cy"' in html
        assert "govuk-error-summary" in html and "Mae problem wedi codi" in html
        assert "Ni allem ddod o hyd i&#x27;r dudalen" in html
        # With no page there is no form to correct, so no errors about its fields.
        assert "Dewiswch ydy" not in html and "Rhaid i&#x27;ch sylw" not in html
    assert not PageFeedback.objects.exists()


def test_a_missing_answer_is_an_error_in_the_page_language_keeping_the_comment(
    client, welsh_page, english_page
):
    # Posted to the English address, but about a Welsh page: the reader reads Welsh.
    response = client.post(ENGLISH_URL, {"page": welsh_page.pk, "comment": "Rhy hir & anodd"})
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="cy"' in html
    assert response["Content-Language"] == "cy"
    assert "Gwall:" in html and "Mae problem wedi codi" in html
    assert '<a href="#feedback-useful">Dewiswch ydy os yw&#x27;r dudalen hon' in html
    assert 'id="feedback-useful-error"' in html
    assert "Rhy hir &amp; anodd</textarea>" in html
    assert f'name="page" value="{welsh_page.pk}"' in html
    assert f'href="{welsh_page.url}"' in html  # back to the page
    assert 'action="/cy/adborth/"' in html
    assert "csrfmiddlewaretoken" not in html
    assert_no_cookies(response)

    english = client.post(ENGLISH_URL, {"page": english_page.pk}).content.decode()
    assert '<html lang="en"' in english
    assert "Select yes if this page is useful, or no if it is not" in english
    assert not PageFeedback.objects.exists()


def test_a_comment_over_the_limit_is_an_error_keeping_the_answer(client, english_page):
    response = client.post(
        ENGLISH_URL, {"page": english_page.pk, "useful": "no", "comment": "x" * 1201}
    )
    html = response.content.decode()
    assert '<a href="#feedback-comment">Your comment must be 1200 characters or fewer' in html
    assert re.search(r'value="no" checked', html)
    assert not PageFeedback.objects.exists()


def test_the_endpoint_takes_only_posts(client):
    assert client.get(ENGLISH_URL).status_code == 405
    assert client.get(WELSH_URL).status_code == 405


def test_a_post_the_browser_says_comes_from_another_site_is_refused(client, english_page):
    response = client.post(
        ENGLISH_URL,
        {"page": english_page.pk, "useful": "yes"},
        headers={"sec-fetch-site": "cross-site"},
    )
    assert response.status_code == 403
    assert not PageFeedback.objects.exists()


def test_a_public_page_carries_the_form_with_no_csrf_token_or_cookie(
    client, english_page, welsh_page
):
    response = client.get(english_page.url)
    assert response.status_code == 200
    assert_no_cookies(response)
    html = response.content.decode()
    assert "csrfmiddlewaretoken" not in html
    section = re.search(r'<section class="site-feedback" id="feedback".*?</section>', html, re.S)
    assert section, "base.html must include feedback/includes/feedback_form.html"
    form = section.group(0)
    assert 'aria-labelledby="feedback-heading"' in form
    assert 'id="feedback-heading">Is this page useful?</h2>' in form
    assert 'method="post" action="/en/feedback/"' in form
    assert f'name="page" value="{english_page.pk}"' in form
    assert '<legend class="govuk-fieldset__legend' in form
    assert 'type="radio" value="yes"' in form and 'type="radio" value="no"' in form
    assert 'for="feedback-useful">Yes</label>' in form
    assert 'aria-describedby="feedback-comment-hint"' in form
    assert "Do not include personal information" in form
    trap = re.search(r'<div class="site-trap" aria-hidden="true">.*?</div>', form, re.S).group(0)
    assert 'name="website" tabindex="-1" autocomplete="off"' in trap

    welsh = client.get(welsh_page.url).content.decode()
    assert 'action="/cy/adborth/"' in welsh
    assert "Ydy'r dudalen hon yn ddefnyddiol?" in welsh
    assert 'for="feedback-useful">Ydy</label>' in welsh
    assert 'for="feedback-useful-2">Nac ydy</label>' in welsh


def test_the_thank_you_address_shows_thanks_instead_of_the_form(client, welsh_page):
    html = client.get(welsh_page.url, {"feedback": "thanks"}).content.decode()
    assert "govuk-notification-banner--success" in html
    assert "Diolch am eich adborth." in html
    assert 'name="useful"' not in html


def test_there_is_no_form_without_a_page(client):
    request = RequestFactory().get("/en/search/")
    rendered = render_to_string("feedback/includes/feedback_form.html", {"request": request})
    assert rendered.strip() == ""
    search = client.get("/en/search/", {"q": "housing"}).content.decode()
    assert 'id="feedback"' not in search


def feedback_rows():
    page = ToolkitPage.objects.get(locale__language_code="en")
    welsh = ToolkitPage.objects.get(locale__language_code="cy")
    PageFeedback.objects.create(page=page, page_title=page.title, language="en", useful=True)
    PageFeedback.objects.create(
        page=welsh,
        page_title=welsh.title,
        language="cy",
        useful=False,
        comment="Mae angen rhagor o fanylion am dai.",
    )


def test_editors_read_the_answers_newest_first_with_counts(client):
    feedback_rows()
    admin = get_user_model().objects.create_superuser("boss", "boss@example.com", "pw")
    client.force_login(admin)
    response = client.get("/admin/reports/page-feedback/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Mae angen rhagor o fanylion am dai." in html
    assert "Answers: 2. Useful: 1. Not useful: 1." in html
    rows = html[html.index("<tbody") :]
    english, welsh = (ToolkitPage.objects.get(locale__language_code=code) for code in ("en", "cy"))
    assert rows.index(welsh.title) < rows.index(english.title)  # the newest first

    welsh_only = client.get("/admin/reports/page-feedback/", {"language": "cy"})
    assert "Answers: 1. Useful: 0. Not useful: 1." in welsh_only.content.decode()
    useful_only = client.get("/admin/reports/page-feedback/", {"useful": "True"})
    assert "Mae angen rhagor" not in useful_only.content.decode()
    # Read-only: there is nowhere to add or change an answer, even for a superuser.
    feedback = PageFeedback.objects.first()
    for name in ("page_feedback:add", "page_feedback:edit"):
        with pytest.raises(NoReverseMatch):
            reverse(name, args=[feedback.pk] if name.endswith("edit") else [])
    policy = policy_registry.get_by_type(PageFeedback)
    assert not policy.user_has_any_permission(admin, ["add", "change"])
    assert policy.user_has_permission(admin, "delete")
    assert client.get(f"/admin/reports/page-feedback/inspect/{feedback.pk}/").status_code == 200


def test_only_editors_with_the_view_permission_see_the_answers(client):
    feedback_rows()
    response = client.get("/admin/reports/page-feedback/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")

    user = get_user_model().objects.create_user("reader", "reader@example.com", "pw")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user)
    assert client.get("/admin/reports/page-feedback/").status_code != 200
    user.user_permissions.add(Permission.objects.get(codename="view_pagefeedback"))
    user = get_user_model().objects.get(pk=user.pk)  # no cached permissions
    client.force_login(user)
    response = client.get("/admin/reports/page-feedback/")
    assert response.status_code == 200
    assert "Mae angen rhagor o fanylion am dai." in response.content.decode()
