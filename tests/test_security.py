"""Security: the headers every public page sends, the admin's sign-in (rate limit, two
factors, its address), that no admin address answers an anonymous visitor, that drafts never
reach readers, and the limits on uploads."""

import re

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLPattern, URLResolver, get_resolver

import pytest

from tests.test_settings import manage

pytestmark = pytest.mark.django_db

# `check --deploy` and production's refusals to start are tested in tests/test_settings.py.


# Headers


def test_public_pages_send_the_security_headers(client, settings):
    settings.SECURE_HSTS_SECONDS = 31_536_000  # as production sets it (checked by --deploy)
    response = client.get("/en/toolkit/", secure=True)
    assert response.status_code == 200
    policy = response["Content-Security-Policy"]
    assert "script-src 'self' 'sha256-" in policy and "'unsafe-inline'" not in policy
    assert "frame-ancestors 'none'" in policy
    assert response["Strict-Transport-Security"].startswith("max-age=31536000")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert "camera=()" in response["Permissions-Policy"]
    assert "geolocation=()" in response["Permissions-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    # A page served again from the page cache keeps them.
    again = client.get("/en/toolkit/", secure=True)
    assert again["X-Page-Cache"] == "hit"
    assert again["Content-Security-Policy"] == policy
    assert "camera=()" in again["Permissions-Policy"]


def test_no_public_page_has_an_inline_script_but_the_one_the_policy_allows(client):
    html = client.get("/en/").content.decode()
    inline = re.findall(r"<script(?![^>]*\bsrc=)[^>]*>(.*?)</script>", html, re.S)
    from cms.frontend import JS_ENABLED_SCRIPT

    assert inline == [JS_ENABLED_SCRIPT]


# The admin's sign-in


@pytest.fixture
def editor(django_user_model):
    return django_user_model.objects.create_superuser("editor", "editor@example.com", "right-pw")


def sign_in(client, password, **headers):
    return client.post("/admin/login/", {"username": "editor", "password": password}, **headers)


def test_the_admin_sign_in_locks_a_user_name_out_after_five_wrong_passwords(
    client, editor, settings
):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert sign_in(client, "wrong").status_code == 200  # the form again, with its error
    assert sign_in(client, "wrong").status_code == 429
    # Locked out: even the right password is refused until the cool-off ends.
    locked = sign_in(client, "right-pw")
    assert locked.status_code == 429
    assert "_auth_user_id" not in client.session
    # The answer is a page in the admin's style (cms.lockout), not django-axes' line of text.
    assert locked["Content-Type"].startswith("text/html")
    html = locked.content.decode()
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    assert "<h1>Sign-in is locked</h1>" in html
    assert "too many failed attempts" in html
    assert f"You can try again in {minutes} minutes, or ask an administrator" in html
    assert "wagtailadmin/css/core.css" in html


def test_the_lockout_page_is_in_welsh_for_a_welsh_reader(client, editor, settings):
    # Nobody is signed in, so the admin speaks the browser's language (Accept-Language).
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, "wrong", HTTP_ACCEPT_LANGUAGE="cy")
    locked = sign_in(client, "wrong", HTTP_ACCEPT_LANGUAGE="cy")
    assert locked.status_code == 429
    html = locked.content.decode()
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    assert '<html lang="cy"' in html
    assert "<h1>Mae mewngofnodi wedi'i gloi</h1>" in html
    assert f"Gallwch roi cynnig arall arni ymhen {minutes} munud" in html
    assert "Sign-in is locked" not in html


def test_a_right_password_resets_the_count(client, editor, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        sign_in(client, "wrong")
    assert sign_in(client, "right-pw").status_code == 302
    client.logout()
    assert sign_in(client, "wrong").status_code == 200


def test_the_lock_is_per_address(client, editor, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, "wrong")
    elsewhere = type(client)(HTTP_HOST="localhost", REMOTE_ADDR="192.0.2.7")
    response = elsewhere.post("/admin/login/", {"username": "editor", "password": "right-pw"})
    assert response.status_code == 302


def test_two_factor_sign_in_asks_for_an_app_then_its_code(client, editor, settings):
    from django_otp.oath import totp
    from django_otp.plugins.otp_totp.models import TOTPDevice

    settings.ADMIN_TWO_FACTOR = True
    # django-otp makes each wrong code delay the next try; this test types one at once.
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    assert sign_in(client, "right-pw").status_code == 302
    response = client.get("/admin/pages/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/two-factor/setup/")
    setup = client.get(response["Location"])
    assert setup.status_code == 200 and "<svg" in setup.content.decode()
    device = TOTPDevice.objects.get(user=editor)
    assert client.post("/admin/two-factor/setup/", {"code": "000000"}).status_code == 200
    confirmed = client.post("/admin/two-factor/setup/", {"code": f"{totp(device.bin_key):06d}"})
    assert confirmed.status_code == 302
    assert client.get("/admin/pages/").status_code == 200

    # Next time: the password, then a code from the app.
    client.logout()
    sign_in(client, "right-pw")
    response = client.get("/admin/pages/")
    assert response["Location"].startswith("/admin/two-factor/verify/")
    wrong = client.post("/admin/two-factor/verify/", {"code": "123456"})
    assert "not right" in wrong.content.decode()
    device.refresh_from_db()
    # TOTP refuses a code already used: the next period's code is the one the app shows next.
    code = totp(device.bin_key, t0=-device.step) if device.last_t else totp(device.bin_key)
    assert client.post("/admin/two-factor/verify/", {"code": f"{code:06d}"}).status_code == 302
    assert client.get("/admin/pages/").status_code == 200


def test_without_two_factor_a_password_is_enough(client, editor):
    sign_in(client, "right-pw")
    assert client.get("/admin/pages/").status_code == 200


def test_the_admin_address_is_a_setting():
    script = "from django.urls import reverse; print(reverse('wagtailadmin_home'))"
    result = manage(
        "shell",
        "-c",
        script,
        DJANGO_SETTINGS_MODULE="cms.settings.test",
        WAGTAIL_ADMIN_PATH="staff-7",
    )
    assert result.stdout.strip().splitlines()[-1] == "/staff-7/", result.stderr


# Every admin address turns an anonymous visitor away

#: Admin views an anonymous visitor may open: signing in, resetting a password, and the
#: static script and icon files the sign-in page needs.
OPEN_TO_ANONYMOUS = {
    "wagtailadmin_login",
    "wagtailadmin_logout",
    "wagtailadmin_password_reset",
    "wagtailadmin_password_reset_done",
    "wagtailadmin_password_reset_confirm",
    "wagtailadmin_password_reset_complete",
    "wagtailadmin_javascript_catalog",
    "wagtailadmin_sprite",
}


def admin_addresses():
    """(name, address) for every admin URL pattern, with each argument filled with a value of
    its kind."""
    admin = next(
        pattern
        for pattern in get_resolver().url_patterns
        if isinstance(pattern, URLResolver) and str(pattern.pattern) == "admin/"
    )
    found = []

    def walk(patterns, prefix):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, prefix + concrete(pattern.pattern))
            elif isinstance(pattern, URLPattern):
                found.append((pattern.name, "/admin/" + prefix + concrete(pattern.pattern)))

    walk(admin.url_patterns, "")
    return sorted(set(found), key=lambda item: item[1])


def concrete(pattern):
    text = str(pattern)
    text = re.sub(r"\(\?P<\w+>[^)]*\)", "1", text)
    text = re.sub(r"<int:\w+>", "1", text)
    text = re.sub(r"<(?:str|slug|path|uuid)?:?\w+>", "x", text)
    text = re.sub(r"\[[^\]]*\][+*]?", "x", text)
    return text.lstrip("^").rstrip("$").replace("\\", "")


def test_the_walk_finds_the_whole_admin():
    names = {name for name, _ in admin_addresses()}
    assert len(names) > 100
    assert {"edit", "revisions_compare", "two_factor_setup", "translation_status"} <= names


def test_every_admin_address_sends_an_anonymous_visitor_to_sign_in(client):
    let_in = []
    for name, address in admin_addresses():
        if name in OPEN_TO_ANONYMOUS:
            continue
        response = client.get(address)
        if response.status_code == 404:
            continue  # an address no object of this shape answers: nothing shown either way
        location = response.get("Location", "")
        if response.status_code != 302 or not location.startswith("/admin/login/"):
            let_in.append((name, address, response.status_code))
    assert let_in == []


# Drafts, previews and revisions


def test_a_draft_is_nowhere_a_reader_can_look(client, sectors):
    from toolkit.models import SectorPage

    parent = sectors["housing-services"].get_parent()
    draft = parent.add_child(
        instance=SectorPage(title="Zyxwv draft sector", slug="zyxwv-draft", live=False)
    )
    revision = draft.save_revision()
    assert client.get("/en/toolkit/sectors/zyxwv-draft/").status_code == 404
    assert client.get(f"/api/v2/pages/{draft.pk}/").status_code == 404
    assert "zyxwv" not in client.get("/api/v2/pages/?search=zyxwv").content.decode().lower()
    assert "zyxwv" not in client.get("/sitemap.xml").content.decode()
    assert "Zyxwv" not in client.get("/en/search/?q=zyxwv").content.decode().split("<main")[1]
    for address in (
        f"/admin/pages/{draft.pk}/edit/preview/",
        f"/admin/pages/{draft.pk}/revisions/{revision.pk}/view/",
    ):
        response = client.get(address)
        assert response.status_code == 302 and response["Location"].startswith("/admin/login/")


def test_a_published_pages_unpublished_changes_stay_unseen(client, sectors):
    housing = sectors["housing-services"]
    housing.title = "Zyxwv unpublished change"
    housing.save_revision()
    assert "Zyxwv" not in client.get(housing.url).content.decode()
    assert "Zyxwv" not in client.get(f"/api/v2/pages/{housing.pk}/").content.decode()


# Uploads


def document_form(**files):
    from wagtail.documents import get_document_model
    from wagtail.documents.forms import get_document_form

    form_class = get_document_form(get_document_model())
    return form_class(data={"title": "A document"}, files=files)


def test_a_document_over_the_size_limit_is_refused(settings):
    settings.DOCUMENT_MAX_UPLOAD_SIZE = 1024
    too_big = SimpleUploadedFile("report.pdf", b"%PDF-1.4 " + b"x" * 2048)
    form = document_form(file=too_big)
    assert not form.is_valid()
    assert "documents may be up to 1.0" in str(form.errors["file"])
    small = SimpleUploadedFile("report.pdf", b"%PDF-1.4 small")
    assert document_form(file=small).is_valid()


@pytest.mark.parametrize("name", ["page.html", "drawing.svg", "script.js", "tool.exe"])
def test_documents_of_other_types_are_refused(name):
    form = document_form(file=SimpleUploadedFile(name, b"<script>alert(1)</script>"))
    assert not form.is_valid()
    assert "file" in form.errors


def test_images_are_limited_by_type_and_size(settings):
    from wagtail.images import get_image_model
    from wagtail.images.forms import get_image_form

    form_class = get_image_form(get_image_model())
    svg = SimpleUploadedFile("drawing.svg", b"<svg xmlns='http://www.w3.org/2000/svg'/>")
    form = form_class(data={"title": "x"}, files={"file": svg})
    assert not form.is_valid() and "file" in form.errors
    limit = settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE
    too_big = PNG_1x1 + b"\0" * (limit + 1 - len(PNG_1x1))
    png = SimpleUploadedFile("picture.png", too_big, content_type="image/png")
    form = form_class(data={"title": "x"}, files={"file": png})
    assert not form.is_valid()
    assert "too big" in str(form.errors["file"])
    small = SimpleUploadedFile("picture.png", PNG_1x1, content_type="image/png")
    assert form_class(data={"title": "x"}, files={"file": small}).is_valid()


PNG_1x1 = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)
