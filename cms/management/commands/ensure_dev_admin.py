import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

USERNAME = "admin"


class Command(BaseCommand):
    help = (
        "Create (or reset) the local administrator account and print its credentials. "
        "Development settings only."
    )

    def handle(self, *args, **options):
        if not getattr(settings, "CMS_ALLOW_DEV_ADMIN", False) or not settings.DEBUG:
            raise CommandError(
                "ensure_dev_admin runs only with the development settings (cms.settings.dev)."
            )
        password = secrets.token_urlsafe(12)
        user, created = get_user_model().objects.get_or_create(
            username=USERNAME, defaults={"email": "admin@localhost"}
        )
        user.is_staff = user.is_superuser = user.is_active = True
        user.set_password(password)
        user.save()
        self.stdout.write(
            self.style.SUCCESS(
                "Local admin account "
                + ("created" if created else "reset")
                + f": http://127.0.0.1:8000/admin/  username: {USERNAME}  password: {password}"
            )
        )
