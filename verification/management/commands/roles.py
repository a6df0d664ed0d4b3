from django.contrib.auth.models import Group, Permission
from django.core.management.base import BaseCommand

from verification.roles import roles_sync


class Command(BaseCommand):
    help = "Create the fact-checker, editor and viewer groups and set their permissions."

    def handle(self, *args, **options):
        for name, count in roles_sync(group_model=Group, permission_model=Permission).items():
            self.stdout.write(f"{name}: {count} permissions")
