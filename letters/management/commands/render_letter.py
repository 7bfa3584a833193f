"""Render one letter (or the audit trail) of a real request as a preview PDF."""

import datetime
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from letters.audit_trail import audit_trail_pdf
from letters.kinds import LetterKind
from letters.services import letter_preview
from requests.models import DisclosureRequest

AUDIT_TRAIL = "audit_trail"


class Command(BaseCommand):
    help = (
        "Render the letter KIND of the request REGISTRATION_NO as a preview PDF (marked as "
        "such; nothing is issued, numbered or stored), or its audit trail with KIND "
        f"{AUDIT_TRAIL}. Kinds: {', '.join(LetterKind.values)}, {AUDIT_TRAIL}. For kinds about "
        "a record (consultation, fee notice, extension) the latest one of the request is used."
    )

    def add_arguments(self, parser):
        parser.add_argument("registration_no")
        parser.add_argument("kind", choices=[*LetterKind.values, AUDIT_TRAIL])
        parser.add_argument("--out", required=True, type=Path, help="the PDF file to write")
        parser.add_argument("--on", type=datetime.date.fromisoformat,
                            help="date of the letter (YYYY-MM-DD); default today")

    def handle(self, *args, registration_no, kind, out: Path, on, **options):
        request = DisclosureRequest.objects.filter(registration_number=registration_no).first()
        if request is None:
            raise CommandError(f"no request with registration number {registration_no}")
        try:
            if kind == AUDIT_TRAIL:
                data = audit_trail_pdf(request, generated_by="render_letter")
            else:
                at = None
                if on:
                    at = timezone.make_aware(datetime.datetime.combine(on, datetime.time(10)))
                data = letter_preview(request=request, kind=kind, at=at).data
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from exc
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_bytes(data)
        self.stdout.write(self.style.SUCCESS(f"{out} ({len(data)} bytes)"))
