"""The demo content is loaded once per test session (it is what every behaviour test reads);
each test then runs in a transaction that is rolled back."""

from django.core.management import call_command
from django.test import Client

import pytest


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        call_command("load_content", verbosity=0)


@pytest.fixture
def client():
    return Client(HTTP_HOST="localhost")


@pytest.fixture
def principles(db):
    from toolkit.models import PrinciplePage

    return {page.number: page for page in PrinciplePage.objects.filter(locale__language_code="en")}


@pytest.fixture
def sectors(db):
    from toolkit.models import SectorPage

    return {page.slug: page for page in SectorPage.objects.filter(locale__language_code="en")}
