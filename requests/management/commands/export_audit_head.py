"""Append each organ's audit chain head to a file kept off the database (and mail it)."""

import os
from pathlib import Path

from django.conf import settings
from django.core.mail import send_mail
from django.core.management.base import BaseCommand, CommandError

from requests.services import audit_chain_heads


class Command(BaseCommand):
    help = (
        "Verify each organ's audit chain and append its head (organ, sequence, hash, key id, "
        "time) as one JSON line to FILE, opened for appending only, never truncated; also mail "
        "the lines to OGI_AUDIT_HEAD_EMAIL when set. Run it from cron (e.g. hourly) with FILE "
        "on storage the database's users cannot write; verify_audit --against FILE later proves "
        "that nothing up to each exported head changed. A chain that does not verify is not "
        "exported; the command then exits 1."
    )

    def add_arguments(self, parser):
        parser.add_argument("--to", metavar="FILE", type=Path, help="the head file to append to")
        parser.add_argument("--no-mail", action="store_true", help="do not mail the heads")

    def handle(self, *args, to=None, no_mail=False, **options):
        recipients = [] if no_mail else list(settings.OGI_AUDIT_HEAD_EMAIL)
        if to is None and not recipients:
            raise CommandError("give --to FILE (or set OGI_AUDIT_HEAD_EMAIL to mail the heads)")
        heads, breaks = audit_chain_heads()
        lines = [head.as_json() + "\n" for head in heads]
        if to is not None and lines:
            try:
                # O_APPEND: every write goes to the end; the file is never truncated.
                fd = os.open(to, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o640)
                with os.fdopen(fd, "a", encoding="utf-8") as handle:
                    handle.writelines(lines)
                    handle.flush()
                    os.fsync(handle.fileno())
            except OSError as error:
                raise CommandError(f"cannot append to {to}: {error.strerror}") from None
        if recipients and lines:
            send_mail(
                f"[{settings.OGI_SITE_NAME}] audit chain heads",
                "".join(lines),
                None,
                recipients,
            )
        for head in heads:
            self.stdout.write(f"{head.organ} #{head.sequence} {head.hash} ({head.key_id or head.algorithm})")
        if breaks:
            for found in breaks:
                self.stderr.write(f"NOT EXPORTED {found.organ} #{found.sequence}: {found.reason}")
            raise CommandError("audit chain broken; its head was not exported")
