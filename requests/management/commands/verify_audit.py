"""Verify the hash chain of the audit log."""

from django.core.management.base import BaseCommand, CommandError

from requests.models import Organ
from requests.services import audit_verify_chain


class Command(BaseCommand):
    help = "Check each organ's audit chain; print OK, or the first broken link and exit 1."

    def add_arguments(self, parser):
        parser.add_argument("--organ", help="short name of one organ (default: all)")

    def handle(self, *args, organ=None, **options):
        target = None
        if organ:
            target = Organ.objects.filter(short_name=organ).first()
            if target is None:
                raise CommandError(f"no organ with short name {organ!r}")
        breaks = audit_verify_chain(target)
        if breaks:
            for b in breaks:
                self.stdout.write(f"BROKEN {b.organ} #{b.sequence}: {b.reason}")
            raise CommandError("audit chain broken")
        self.stdout.write("OK")
