"""The statutory annual report, tables 三 and 四: ``manage.py annual_report``."""

import json
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _

from reports.annual import annual_report
from reports.annual_pdf import PdfRendererUnavailableError, annual_report_pdf
from reports.annual_xlsx import annual_report_xlsx
from requests.models import Organ

FORMATS = ("json", "xlsx", "pdf")
#: The Regulations first applied in 2008; a report before that has no meaning.
FIRST_YEAR = 2008


class Command(BaseCommand):
    help = (
        "Write tables 三 and 四 of an organ's annual report on open government information "
        "for a year as JSON, XLSX or PDF. JSON goes to standard output unless --out is "
        "given. Exits 1 (after writing the file) when the identity 一+二 = 三(七)+四 fails "
        "in any column."
    )

    def add_arguments(self, parser):
        parser.add_argument("--organ", required=True, help="short name of the organ (简称)")
        parser.add_argument("--year", required=True, type=int, help="the reporting year, YYYY")
        parser.add_argument("--format", choices=FORMATS, default="json", dest="output_format")
        parser.add_argument("--out", help="file to write (required for xlsx and pdf)")

    def handle(self, *args, organ, year, output_format, out=None, **options):
        target = Organ.objects.filter(short_name=organ).first()
        if target is None:
            raise CommandError(_("没有简称为“%(organ)s”的行政机关。") % {"organ": organ})
        this_year = timezone.localdate().year
        if not FIRST_YEAR <= year <= this_year:
            raise CommandError(
                _("年度应在%(first)s年至%(last)s年之间。") % {"first": FIRST_YEAR, "last": this_year}
            )
        if output_format != "json" and not out:
            raise CommandError(_("%(format)s 格式须用 --out 指定输出文件。") % {"format": output_format})

        report = annual_report(organ=target, year=year)
        if output_format == "json":
            content = json.dumps(report.as_dict(), ensure_ascii=False, indent=2) + "\n"
            data = content.encode()
        elif output_format == "xlsx":
            data = annual_report_xlsx(report)
        else:
            try:
                data = annual_report_pdf(report)
            except PdfRendererUnavailableError as exc:
                raise CommandError(str(exc)) from None
            except ValidationError as exc:  # letters.errors.LetterRenderError
                raise CommandError("; ".join(exc.messages)) from None

        if out:
            path = Path(out)
            try:
                path.write_bytes(data)
            except OSError as exc:
                raise CommandError(
                    _("无法写入文件 %(path)s：%(error)s") % {"path": path, "error": exc.strerror}
                ) from None
            total = report.identity[-1]
            self.stdout.write(
                _("已写入 %(path)s：%(organ)s %(year)s年度，一+二 = %(received)s，三（七）+四 = %(accounted)s。")
                % {
                    "path": path, "organ": target.name, "year": year,
                    "received": total.received, "accounted": total.accounted,
                }
            )
        else:
            self.stdout.write(content, ending="")

        for warning in report.warnings:
            self.stderr.write(warning)
        if not report.identity_holds:
            raise CommandError(_("勾稽关系不成立，报表已输出但不能报送，请先核实数据。"))
