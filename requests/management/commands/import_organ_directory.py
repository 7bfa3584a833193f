"""Import an organ's directory of other organs (其他行政机关名录) from a CSV file."""

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from requests.models import Organ
from requests.services.directory import directory_import


class Command(BaseCommand):
    help = (
        "Add or update the directory of other organs kept by one organ (the organs a reply "
        "'not this organ's to disclose' may name, Art. 36(5)) from a UTF-8 CSV file (with or "
        "without BOM) whose header row is 'name,address,phone,website[,email][,note]'. "
        "Entries are matched by name, so importing a file again changes nothing; one bad "
        "line and nothing is written."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--organ", required=True, metavar="SHORT_NAME",
            help="the organ keeping the directory, by its short name (简称)",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="check the file and report; write nothing"
        )

    def handle(self, *args, file: Path, organ: str, dry_run: bool, **options):
        keeper = Organ.objects.filter(short_name=organ).first()
        if keeper is None:
            raise CommandError(f"no organ with the short name {organ!r}")
        try:
            text = file.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as exc:
            raise CommandError(f"cannot read {file} as UTF-8: {exc}") from None
        try:
            result = directory_import(organ=keeper, text=text, dry_run=dry_run)
        except ValidationError as exc:
            raise CommandError(f"{file}: nothing imported:\n" + "\n".join(exc.messages)) from None
        verb = "would be" if dry_run else "were"
        self.stdout.write(
            f"{keeper.name}: {len(result.created)} entries {verb} added, "
            f"{len(result.updated)} updated, {len(result.unchanged)} unchanged"
            + (" (dry run: nothing written)." if dry_run else ".")
        )
