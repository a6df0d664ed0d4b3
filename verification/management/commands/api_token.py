"""manage.py api_token USERNAME [--rotate | --revoke]: print a user's API token (created when
missing), replace it with a new one, or delete it. The admin does the same under "Tokens"."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from rest_framework.authtoken.models import Token


class Command(BaseCommand):
    help = "Create (or print), rotate or revoke a user's API token."

    def add_arguments(self, parser):
        parser.add_argument("username")
        action = parser.add_mutually_exclusive_group()
        action.add_argument("--rotate", action="store_true", help="replace the token")
        action.add_argument("--revoke", action="store_true", help="delete the token")

    def handle(self, *args, username, rotate, revoke, **options):
        user_model = get_user_model()
        try:
            user = user_model.objects.get(**{user_model.USERNAME_FIELD: username})
        except user_model.DoesNotExist as exc:
            raise CommandError(f"no user {username!r}") from exc
        if revoke or rotate:
            deleted, _ = Token.objects.filter(user=user).delete()
            if revoke:
                self.stdout.write(f"revoked {deleted} token(s) of {username}")
                return
        token, _ = Token.objects.get_or_create(user=user)
        self.stdout.write(token.key)
