"""Delete everything kept about a contributor, on their request."""

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from remembrance.models import Contribution


class Command(BaseCommand):
    help = (
        "Delete the contact details and messages of every contribution sent from EMAIL. "
        "The draft or published records they proposed stay; only what identifies the "
        "contributor goes."
    )

    def add_arguments(self, parser):
        parser.add_argument("email", help="The contributor's email address (any case).")

    def handle(self, *args, **options):
        email = options["email"].strip()
        if "@" not in email:
            raise CommandError(f"{email!r} is not an email address.")
        with transaction.atomic():
            contributions = Contribution.objects.filter(email__iexact=email)
            count = contributions.count()
            contributions.delete()
        self.stdout.write(f"Deleted {count} contribution(s) from {email}.")
