"""Import a year's State Council holiday notice and confirm that year."""

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from requests.services import calendar_import_notice


class Command(BaseCommand):
    help = (
        "Import a State Council holiday notice for one year from a CSV file with lines "
        "'YYYY-MM-DD,holiday|workday[,name]' (workday = make-up working day 调休上班). The "
        "year's other days are weekdays or weekends; the year is confirmed and every open "
        "deadline recomputed, each change recorded in the request's history."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--source", default="", help="e.g. 国办发明电〔2026〕7号")

    def handle(self, *args, file: Path, source: str, **options):
        try:
            text = file.read_text(encoding="utf-8-sig")
        except OSError as exc:
            raise CommandError(f"cannot read {file}: {exc}") from None
        try:
            year, changed = calendar_import_notice(text=text, source=source or file.name)
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from None
        self.stdout.write(
            f"{year.year}: calendar imported and confirmed; {changed} open deadline(s) changed."
        )
