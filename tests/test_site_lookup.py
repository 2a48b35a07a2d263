"""The request's Wagtail Site comes from the cached site list (cms.middleware.SiteMiddleware),
matched as Wagtail matches it, and a change to a Site is seen at once."""

from django.test import RequestFactory

from wagtail.models import Page, Site
from wagtail.models.sites import get_site_for_hostname

import pytest

from cms.models import site_for_hostname

pytestmark = pytest.mark.django_db


@pytest.fixture
def sites(django_capture_on_commit_callbacks):
    root = Page.get_first_root_node()
    # Committed, as far as the site-wide cache can tell (it does not keep uncommitted rows).
    with django_capture_on_commit_callbacks(execute=True):
        Site.objects.all().delete()
        return {
            "default": Site.objects.create(
                hostname="localhost", port=80, root_page=root, is_default_site=True
            ),
            "other-80": Site.objects.create(hostname="other.example", port=80, root_page=root),
            "other-8080": Site.objects.create(hostname="other.example", port=8080, root_page=root),
            "single": Site.objects.create(hostname="single.example", port=443, root_page=root),
        }


@pytest.mark.parametrize(
    "hostname, port",
    [
        ("localhost", 80),
        ("localhost", 8000),
        ("other.example", 80),
        ("other.example", 8080),
        ("other.example", 9999),  # two sites have the hostname: the default site
        ("single.example", 443),
        ("single.example", 80),  # the only site with the hostname, another port
        ("unknown.example", 80),
    ],
)
def test_the_cached_lookup_picks_the_site_wagtail_picks(sites, hostname, port):
    try:
        expected = get_site_for_hostname(hostname, port).pk
    except Site.DoesNotExist:
        expected = None
    found = site_for_hostname(hostname, str(port))  # as request.get_port() gives it
    assert (found.pk if found else None) == expected


def test_no_default_site_and_no_match_is_none(sites):
    Site.objects.filter(is_default_site=True).delete()
    assert site_for_hostname("unknown.example", 80) is None


def test_a_changed_site_is_seen_at_once(sites, django_capture_on_commit_callbacks):
    assert site_for_hostname("new.example", 80).pk == sites["default"].pk  # now cached
    with django_capture_on_commit_callbacks(execute=True):
        sites["single"].hostname = "new.example"
        sites["single"].save()
    assert site_for_hostname("new.example", 80).pk == sites["single"].pk
    with django_capture_on_commit_callbacks(execute=True):
        sites["single"].delete()
    assert site_for_hostname("new.example", 80).pk == sites["default"].pk


def test_the_middleware_hands_wagtail_the_site(sites, django_assert_num_queries):
    from cms.middleware import SiteMiddleware

    seen = {}

    def view(request):
        seen["site"] = Site.find_for_request(request)

    request = RequestFactory().get("/", HTTP_HOST="other.example", SERVER_PORT="8080")
    site_for_hostname("warm.example", 80)  # the site list is cached
    with django_assert_num_queries(0):
        SiteMiddleware(view)(request)
    assert seen["site"].pk == sites["other-8080"].pk
