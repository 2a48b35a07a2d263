from django.core.management.base import BaseCommand

from cms.roles import ensure_roles


class Command(BaseCommand):
    help = (
        "Create or update the editor, approver, translator and Welsh reviewer groups and workflows."
    )

    def handle(self, *args, **options):
        groups = ensure_roles()
        self.stdout.write(f"Roles ready: {', '.join(groups)}.")
