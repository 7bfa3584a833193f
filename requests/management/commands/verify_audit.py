"""Verify the keyed hash chain of the audit log, the requests' statuses against it, and,
with ``--against``, the chain heads exported earlier."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from requests.models import Organ
from requests.services import (
    audit_read_heads,
    audit_verify_against,
    audit_verify_chain,
    audit_verify_statuses,
)

LABELS = {
    "broken": "BROKEN",
    "unverifiable": "UNVERIFIABLE",
    "status": "STATUS",
    "export": "EXPORTED HEAD",
}


class Command(BaseCommand):
    help = (
        "Check each organ's audit chain (links, each event's HMAC under the key and algorithm "
        "it names, the chain head) and that each request's status is the one its last event "
        "records; with --against FILE, also that every head exported to FILE by "
        "export_audit_head is still in the chain unchanged. Print OK, or each finding "
        "(organ and sequence) and exit 1."
    )

    def add_arguments(self, parser):
        parser.add_argument("--organ", help="short name of one organ (default: all)")
        parser.add_argument(
            "--against", metavar="FILE", type=Path,
            help="a head file written by export_audit_head (one JSON line per organ and export)",
        )

    def handle(self, *args, organ=None, against=None, **options):
        target = None
        if organ:
            target = Organ.objects.filter(short_name=organ).first()
            if target is None:
                raise CommandError(f"no organ with short name {organ!r}")
        heads = []
        if against is not None:
            try:
                text = against.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError) as error:
                raise CommandError(f"cannot read {against}: {error}") from None
            heads, problems = audit_read_heads(text.splitlines())
            if problems:
                raise CommandError(f"{against}: " + "; ".join(problems))
            if not heads:
                raise CommandError(f"{against} holds no exported heads")
        findings = audit_verify_chain(target) + audit_verify_statuses(target)
        if against is not None:
            findings += audit_verify_against(heads, target)
        if findings:
            for found in findings:
                self.stdout.write(f"{LABELS[found.kind]} {found.organ} #{found.sequence}: {found.reason}")
            raise CommandError("audit chain broken")
        if against is not None:
            self.stdout.write(f"OK ({len(heads)} exported heads hold)")
        else:
            self.stdout.write("OK")
