"""Redact a PDF outside any request: ``manage.py redact IN.pdf --out OUT.pdf``.

Applies every suggestion of the redaction engine (ID numbers, phone numbers, bank cards,
e-mail addresses and the ``--names`` given) on the ground of third parties' rights, through
the same two functions the redaction screen and the records' service use.
"""

from __future__ import annotations

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from records.grounds import CODES, Ground
from records.redaction import RedactionError, apply_redactions, suggest

GROUND = Ground.THIRD_PARTY


class Command(BaseCommand):
    help = (
        "Withhold, on the ground of third parties' rights (code A4), every resident ID "
        "number, mobile and landline number, bank card number, e-mail address and listed "
        "name of a natural person found in IN.pdf (text PDF or OCR'd scan); write the "
        "redacted PDF to OUT and print the redactions made (page, box, ground, matched kind)."
    )

    def add_arguments(self, parser):
        parser.add_argument("input", metavar="IN.pdf", help="the PDF to redact")
        parser.add_argument("--out", required=True, metavar="OUT.pdf", help="where to write")
        parser.add_argument(
            "--names", nargs="+", default=[], metavar="NAME",
            help="names of natural persons to withhold wherever they occur",
        )
        parser.add_argument("--json", action="store_true", help="print the redactions as JSON")

    def handle(self, *args, **options):
        source, out = Path(options["input"]), Path(options["out"])
        try:
            data = source.read_bytes()
        except OSError as exc:
            raise CommandError(f"cannot read {source}: {exc.strerror or exc}") from None
        if source.resolve() == out.resolve():
            raise CommandError("--out must not be the input file (the original is kept)")
        code = CODES[GROUND]
        try:
            suggestions = suggest(data, options["names"])
            redacted = apply_redactions(data, [b for s in suggestions for b in s.boxes(code)])
        except RedactionError as exc:
            raise CommandError(f"{source}: {exc}") from None
        try:
            out.write_bytes(redacted)
        except OSError as exc:
            raise CommandError(f"cannot write {out}: {exc.strerror or exc}") from None
        rows = [
            {
                "page": s.page,
                "box": [round(v, 2) for v in rect],
                "ground": GROUND.value,
                "code": code,
                "matched_kind": s.kind.value,
            }
            for s in suggestions
            for rect in s.rects
        ]
        if options["json"]:
            report = {
                "input": str(source),
                "output": str(out),
                "pages": _page_count(redacted),
                "input_bytes": len(data),
                "output_bytes": len(redacted),
                "redactions": rows,
            }
            self.stdout.write(json.dumps(report, ensure_ascii=False, indent=2))
            return
        self.stdout.write(f"{'page':>4}  {'box (x0, y0, x1, y1 pt)':<32}  {'ground':<16}  kind")
        for row in rows:
            box = ", ".join(f"{v:.1f}" for v in row["box"])
            self.stdout.write(
                f"{row['page']:>4}  {box:<32}  {row['ground'] + ' ' + code:<16}  "
                f"{row['matched_kind']}"
            )
        self.stdout.write(
            self.style.SUCCESS(
                f"{len(rows)} redaction(s) written to {out} ({len(data)} → {len(redacted)} bytes)"
            )
        )


def _page_count(pdf: bytes) -> int:
    import pymupdf

    with pymupdf.open(stream=pdf, filetype="pdf") as document:
        return document.page_count
