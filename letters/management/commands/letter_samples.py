"""Render one sample PDF of every letter kind and every reply outcome from the demo data."""

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from letters.audit_trail import audit_trail_pdf
from letters.fonts import font_choice
from letters.samples import richest_request, samples
from letters.services import letter_preview
from requests.demo import ORGAN, demo_organ, is_seeded, seed_demo


class Command(BaseCommand):
    help = (
        "Render a preview PDF of every letter kind and of the reply for every outcome, plus "
        f"one audit-trail report, from the demo organ ({ORGAN['name']}). Nothing is issued, "
        "numbered or stored in the database. Needs the demo data (manage.py seed_demo, or "
        "--seed to create it first)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--out", required=True, type=Path, help="directory for the PDFs")
        parser.add_argument("--seed", action="store_true",
                            help="create the demo data first if it is missing")

    def handle(self, *args, out: Path, seed: bool, **options):
        if not is_seeded():
            if not seed:
                raise CommandError(
                    "no demo data: run `python manage.py seed_demo` first (or pass --seed)"
                )
            seed_demo()
        organ = demo_organ()
        out.mkdir(parents=True, exist_ok=True)
        self.stdout.write(f"fonts: {font_choice().describe()}")
        written = 0
        for n, sample in enumerate(samples(organ), start=1):
            try:
                pdf = letter_preview(
                    request=sample.request, kind=sample.kind, subject=sample.subject,
                    at=sample.at,
                )
            except ValidationError as exc:
                raise CommandError(
                    f"{sample.name} ({sample.request.registration_number}): "
                    f"{'; '.join(exc.messages)}"
                ) from exc
            path = out / f"{n:02d}-{sample.name}.pdf"
            path.write_bytes(pdf.data)
            written += 1
            self.stdout.write(
                f"{path.name:48} {sample.request.registration_number}  {pdf.page_count} p."
            )
        request = richest_request(organ)
        path = out / f"{written + 1:02d}-audit_trail.pdf"
        path.write_bytes(audit_trail_pdf(request, generated_by="letter_samples"))
        self.stdout.write(f"{path.name:48} {request.registration_number}")
        self.stdout.write(self.style.SUCCESS(f"{written + 1} PDFs written to {out}"))
