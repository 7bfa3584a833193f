"""No exported cell is run as a formula (OWASP "CSV Injection"): text beginning with =, +,
-, @, a tab or a carriage return gets a single quote in CSV and is a string cell (never a
formula) in XLSX; numbers, negative ones too, stay numbers."""

from __future__ import annotations

import csv
import datetime
import io
import random

import pytest
from openpyxl import load_workbook

from reports.annual import annual_report
from reports.annual_xlsx import annual_report_xlsx
from reports.exports import as_csv, as_xlsx
from requests.models import Department, DisclosureRequest
from tests.factories import DepartmentFactory, OrganFactory, natural_person, submit

from .builders import bulk_requests, random_facts, settle_clocks

pytestmark = pytest.mark.django_db

D = datetime.date.fromisoformat
HOSTILE = ['=HYPERLINK("http://x","y")', "+1+1", "@SUM(A1)", "-2+3", "\t=1+1", "\r=1+1"]


def csv_rows(content: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"), newline="")))


def as_read_back(text: str | None) -> str | None:
    """A carriage return as it reads back: some XML parsers keep it, others (lxml, which
    openpyxl uses when installed) may turn it into a line feed; compare both the same way."""
    return None if text is None else text.replace("\r", "\n")


def sheet_of(content: bytes):
    return load_workbook(io.BytesIO(content)).active


def test_text_that_looks_like_a_formula_is_quoted_in_csv_and_a_string_in_xlsx(organ):
    """An applicant's name and an item as a table would carry them, next to numbers."""
    header = ["申请人", "申请内容", "件数", "差额"]
    rows = [[text, f"{text}", 3, -2] for text in HOSTILE]
    rows.append(["林志强", "华亭镇2025年水质监测报告", 1, -7.5])
    parsed = csv_rows(as_csv(header, rows))
    for row, text in zip(parsed[1:], HOSTILE, strict=False):
        assert row[0] == "'" + text and row[1] == "'" + text
        assert row[2] == "3" and row[3] == "-2"  # numbers are written as numbers
    assert parsed[-1] == ["林志强", "华亭镇2025年水质监测报告", "1", "-7.5"]

    sheet = sheet_of(as_xlsx("导出", header, rows))
    for number, text in enumerate(HOSTILE, start=2):
        for column in (1, 2):
            cell = sheet.cell(row=number, column=column)
            assert cell.data_type == "s" and as_read_back(cell.value) == as_read_back(text)
            assert cell.quotePrefix
        assert sheet.cell(row=number, column=3).data_type == "n"
        assert sheet.cell(row=number, column=4).value == -2
        assert sheet.cell(row=number, column=4).data_type == "n"
    last = sheet.cell(row=len(rows) + 1, column=1)
    assert last.value == "林志强" and not last.quotePrefix
    assert sheet.cell(row=len(rows) + 1, column=4).value == -7.5


@pytest.fixture
def hostile_departments(organ, people):
    bulk_requests(organ, random_facts(random.Random(5), 60, first=D("2025-01-01"), last=D("2025-12-31")))
    pks = list(DisclosureRequest.objects.filter(organ=organ).values_list("pk", flat=True))
    for n, name in enumerate(HOSTILE):
        department = DepartmentFactory(organ=organ, name=name)
        DisclosureRequest.objects.filter(pk__in=pks[n * 5:(n + 1) * 5]).update(department=department)
    settle_clocks(organ, today=D("2026-01-15"))
    return people


def test_the_supervision_exports_neutralise_department_names(client, organ, hostile_departments):
    client.force_login(hostile_departments.supervisor)
    query = "period=year&year=2025"
    rows = csv_rows(client.get(f"/supervision/export/by_department.csv?{query}").content)
    labels = {row[0] for row in rows[1:]}
    for text in HOSTILE:
        assert "'" + text in labels and text not in labels
    assert all(cell.lstrip("-").isdigit() for row in rows[1:] for cell in row[1:2])

    sheet = sheet_of(client.get(f"/supervision/export/by_department.xlsx?{query}").content)
    cells = {as_read_back(sheet.cell(row=r, column=1).value): sheet.cell(row=r, column=1)
             for r in range(2, sheet.max_row + 1)}
    for text in HOSTILE:
        assert cells[as_read_back(text)].data_type == "s", text
    assert all(sheet.cell(row=r, column=2).data_type == "n" for r in range(2, sheet.max_row + 1))
    assert Department.objects.filter(name__in=HOSTILE).count() == len(HOSTILE)


def test_the_annual_report_workbook_writes_the_organs_name_as_text(db):
    organ = OrganFactory(name='=HYPERLINK("http://x","y")', short_name="x", code="HYPL",
                         letter_number_prefix="x信公开")
    submit(organ, applicant=natural_person(name="@SUM(A1)"), on="2025-03-03")
    workbook = load_workbook(io.BytesIO(annual_report_xlsx(annual_report(organ=organ, year=2025))))
    for sheet in workbook.worksheets:
        caption = sheet.cell(row=2, column=1)
        assert caption.value.startswith('=HYPERLINK("http://x","y")')
        assert caption.data_type == "s" and caption.quotePrefix
        formulas = [c.coordinate for row in sheet.iter_rows() for c in row if c.data_type == "f"]
        assert formulas == []
