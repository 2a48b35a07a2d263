"""Two-factor sign-in to the admin (ADMIN_TWO_FACTOR=on), on django-otp's TOTP devices.

After their password, an admin user enters the 6-digit code of their authenticator app; a user
with no app yet is first shown the key to add to one (as a QR code and as text) and confirms it
with a code. Until then every admin page sends them to that step. Our own views because
wagtail-2fa, the Wagtail package for this, does not run on Wagtail 8."""

from base64 import b32encode
from io import BytesIO
from urllib.parse import quote

from django import forms
from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import Resolver404, resolve, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from django_otp import login as otp_login
from django_otp import match_token, user_has_device
from django_otp.plugins.otp_totp.models import TOTPDevice

#: Admin views a signed-in user may reach before their second factor.
OPEN_BEFORE_SECOND_FACTOR = {
    "wagtailadmin_login",
    "wagtailadmin_logout",
    "wagtailadmin_javascript_catalog",
    "wagtailadmin_sprite",
    "two_factor_verify",
    "two_factor_setup",
}


def needs_second_factor(request):
    user = getattr(request, "user", None)
    if not getattr(settings, "ADMIN_TWO_FACTOR", False) or user is None:
        return False
    if not user.is_authenticated or user.is_verified():
        return False
    if not request.path.startswith(f"/{settings.WAGTAIL_ADMIN_PATH}/"):
        return False
    try:
        name = resolve(request.path_info).url_name
    except Resolver404:
        return True
    return name not in OPEN_BEFORE_SECOND_FACTOR


class RequireTwoFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if needs_second_factor(request):
            step = "two_factor_verify" if user_has_device(request.user) else "two_factor_setup"
            return redirect_to_login(request.get_full_path(), login_url=reverse(step))
        return self.get_response(request)


class CodeForm(forms.Form):
    """A code from the app, valid when `device_for(code)` names the device it came from."""

    code = forms.CharField(
        label=_("Code from your authenticator app"),
        max_length=8,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )

    def __init__(self, *args, device_for, **kwargs):
        super().__init__(*args, **kwargs)
        self.device_for = device_for
        self.device = None

    def clean_code(self):
        code = self.cleaned_data["code"].strip()
        self.device = self.device_for(code)
        if self.device is None:
            raise forms.ValidationError(
                _("That code is not right, or has expired. Try the current one.")
            )
        return code


def next_url(request):
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return reverse("wagtailadmin_home")


def verify(request):
    """The second step of signing in: the code of an app set up before."""
    form = CodeForm(request.POST or None, device_for=lambda code: match_token(request.user, code))
    if request.method == "POST" and form.is_valid():
        otp_login(request, form.device)
        return redirect(next_url(request))
    return TemplateResponse(
        request,
        "cms/two_factor/verify.html",
        {"form": form, "next": next_url(request)},
    )


def setup(request):
    """Shows a new key (QR code and text) until a code from it confirms the app."""
    if user_has_device(request.user):
        return redirect(reverse("two_factor_verify") + "?next=" + quote(next_url(request)))
    device, _created = TOTPDevice.objects.get_or_create(
        user=request.user, confirmed=False, defaults={"name": "Authenticator app"}
    )
    form = CodeForm(
        request.POST or None, device_for=lambda code: device if device.verify_token(code) else None
    )
    if request.method == "POST" and form.is_valid():
        device.confirmed = True
        device.save()
        otp_login(request, device)
        return redirect(next_url(request))
    return TemplateResponse(
        request,
        "cms/two_factor/setup.html",
        {
            "form": form,
            "next": next_url(request),
            "qr_code": qr_code_svg(device.config_url),
            "key": b32encode(device.bin_key).decode(),
        },
    )


def qr_code_svg(text):
    import qrcode
    import qrcode.image.svg

    output = BytesIO()
    qrcode.make(text, image_factory=qrcode.image.svg.SvgPathImage).save(output)
    return mark_safe(output.getvalue().decode())  # noqa: S308 - generated from our own key
