"""Supervision shows and exports no applicant's identity number, in any table or file."""

import io

import pytest
from openpyxl import load_workbook

from requests.choices import Status
from tests.requests import machine as m

FULL = "11010519491231002X"  # tests.factories.natural_person
TABLES = ["by_department", "by_outcome", "by_channel", "by_applicant_kind", "processing",
          "stages"]


@pytest.fixture
def supervisor_client(client, organ, people):
    for status in (Status.REPLIED, Status.PROCESSING, Status.AWAITING_CORRECTION):
        assert m.build(status, organ, people).applicant.document_number == FULL
    client.force_login(people.supervisor)
    return client


def test_the_dashboard_and_its_request_lists_show_no_identity_number(supervisor_client):
    for url in ("/supervision/?period=year&year=2026",
                "/supervision/requests/?period=year&year=2026",
                "/supervision/annual/?year=2026"):
        response = supervisor_client.get(url)
        assert response.status_code == 200, url
        assert FULL not in response.content.decode(), url


@pytest.mark.parametrize("table", TABLES)
def test_the_exports_carry_no_identity_number(supervisor_client, table):
    csv_file = supervisor_client.get(f"/supervision/export/{table}.csv?period=year&year=2026")
    assert csv_file.status_code == 200
    assert FULL not in csv_file.content.decode("utf-8-sig")
    xlsx = supervisor_client.get(f"/supervision/export/{table}.xlsx?period=year&year=2026")
    assert xlsx.status_code == 200
    cells = [str(c.value) for row in load_workbook(io.BytesIO(xlsx.content)).active.iter_rows()
             for c in row if c.value is not None]
    assert cells and not any(FULL in cell for cell in cells)
