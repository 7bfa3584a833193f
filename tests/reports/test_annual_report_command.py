"""``manage.py annual_report`` and the renderings: JSON, XLSX, HTML (for the PDF)."""

from __future__ import annotations

import datetime
import io
import json

import pytest
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

from reports.annual import annual_report
from reports.annual_pdf import annual_report_html, pdf_renderer
from reports.models import RemedyCase, RemedyResult, RemedyType
from requests.outcomes import Outcome

from .builders import Fact, bulk_requests

D = datetime.date.fromisoformat
ORGAN = "莆田市生态环境局"


@pytest.fixture
def year_2025(organ):
    bulk_requests(
        organ,
        [
            Fact("natural_person", D("2024-12-20"), D("2025-01-10"), Outcome.PROVIDED),
            Fact("natural_person", D("2025-02-03"), D("2025-02-20"), Outcome.PARTIAL),
            Fact("commercial_enterprise", D("2025-03-03"), D("2025-03-26"), Outcome.ABANDONED_NO_CORRECTION),
            Fact("research_institution", D("2025-05-06"), D("2025-05-08"), Outcome.OTHER),
            Fact("social_welfare_org", D("2025-12-30"), None, ""),
            Fact("legal_services_org", D("2025-07-01"), D("2025-07-01"), Outcome.NOT_HELD),
            Fact("other_org", D("2025-08-01"), D("2025-08-29"), Outcome.REFUSED_STATE_SECRET),
        ],
    )
    request = organ.requests.first()
    RemedyCase.objects.create(
        organ=organ, request=request, case_type=RemedyType.RECONSIDERATION,
        filed_on=D("2025-03-01"), result=RemedyResult.UPHELD, concluded_on=D("2025-04-30"),
    )
    RemedyCase.objects.create(
        organ=organ, request=request, case_type=RemedyType.LITIGATION_AFTER_RECONSIDERATION,
        filed_on=D("2025-06-01"),
    )
    return organ


def run(*args) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("annual_report", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_json_to_a_file_and_to_standard_output(year_2025, tmp_path):
    path = tmp_path / "2025.json"
    out, _err = run("--organ", ORGAN, "--year", "2025", "--format", "json", "--out", str(path))
    assert "一+二 = 7，三（七）+四 = 7" in out
    data = json.loads(path.read_text())
    assert data == json.loads(run("--organ", ORGAN, "--year", "2025")[0])
    rows = {row["key"]: row for row in data["table3"]["rows"]}
    assert rows["new"]["values"]["total"] == 6
    assert rows["carried_over"]["values"] == {
        "natural_person": 1, "commercial_enterprise": 0, "research_institution": 0,
        "social_welfare_org": 0, "legal_services_org": 0, "other_org": 0, "total": 1,
    }
    assert rows["6.1"]["label"].startswith("1.申请人无正当理由逾期不补正")
    assert rows["6.1"]["group_label"] == "（六）其他处理"
    assert rows["7"]["values"]["total"] == 6
    assert rows["carried_forward"]["values"]["social_welfare_org"] == 1
    assert data["table3"]["identity_holds"] is True
    groups = {g["key"]: g for g in data["table4"]["groups"]}
    assert groups["reconsideration"]["values"]["upheld"] == 1
    assert groups["litigation_after_reconsideration"]["label"] == "复议后起诉"
    assert groups["litigation_after_reconsideration"]["values"]["pending"] == 1


def test_xlsx_looks_like_the_statutory_table(year_2025, tmp_path):
    path = tmp_path / "2025.xlsx"
    run("--organ", ORGAN, "--year", "2025", "--format", "xlsx", "--out", str(path))
    workbook = load_workbook(path)
    assert workbook.sheetnames == ["表三", "表四"]
    sheet = workbook["表三"]
    assert sheet["A1"].value == "三、收到和处理政府信息公开申请情况"
    merged = {str(r) for r in sheet.merged_cells.ranges}
    assert {"A1:J1", "A3:C5", "D3:J3", "D4:D5", "E4:I4", "J4:J5"} <= merged
    assert [sheet.cell(5, c).value for c in range(5, 10)] == [
        "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他",
    ]
    assert (sheet["D3"].value, sheet["D4"].value, sheet["E4"].value, sheet["J4"].value) == (
        "申请人情况", "自然人", "法人或其他组织", "总计",
    )
    labels = [sheet.cell(r, 1).value for r in range(6, 31)]
    assert labels[0] == "一、本年新收政府信息公开申请数量"
    assert labels[1] == "二、上年结转政府信息公开申请数量"
    assert labels[2] == "三、本年度办理结果"
    assert labels[24] == "四、结转下年度继续办理"
    assert "A8:A29" in merged  # 三 spans its 22 rows
    assert "B10:B17" in merged and sheet["B10"].value == "（三）不予公开"
    assert sheet["C10"].value == "1.属于国家秘密"
    assert "B8:C8" in merged and sheet["B8"].value == "（一）予以公开"
    assert sheet["B29"].value == "（七）总计" and sheet["J29"].value == 6
    assert sheet["J6"].value == 6 and sheet["D7"].value == 1
    assert sheet["A3"].border.left.style == "thin" and sheet["J30"].border.bottom.style == "thin"
    assert sheet.column_dimensions["C"].width > sheet.column_dimensions["D"].width
    assert sheet.cell(34, 4).value == "成立"

    table4 = workbook["表四"]
    merged4 = {str(r) for r in table4.merged_cells.ranges}
    assert {"A3:E4", "F3:O3", "F4:J4", "K4:O4"} <= merged4
    assert (table4["A3"].value, table4["F3"].value, table4["F4"].value, table4["K4"].value) == (
        "行政复议", "行政诉讼", "未经复议直接起诉", "复议后起诉",
    )
    assert [table4.cell(5, c).value for c in range(1, 6)] == [
        "结果维持", "结果纠正", "其他结果", "尚未审结", "总计",
    ]
    assert [table4.cell(6, c).value for c in range(1, 16)] == [
        1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1,
    ]


def test_a_broken_identity_is_written_shown_and_fails_the_command(organ, tmp_path):
    bulk_requests(organ, [Fact("natural_person", D("2025-02-03"), D("2025-02-20"), "")])
    path = tmp_path / "broken.xlsx"
    err = io.StringIO()
    with pytest.raises(CommandError, match="勾稽关系不成立"):
        call_command(
            "annual_report", "--organ", ORGAN, "--year", "2025", "--format", "xlsx",
            "--out", str(path), stdout=io.StringIO(), stderr=err,
        )
    assert "答复结果为空" in err.getvalue()
    sheet = load_workbook(path)["表三"]
    assert sheet.cell(34, 4).value == "不成立"
    assert sheet.cell(34, 4).fill.fgColor.rgb.endswith("FFC7CE")
    assert any("勾稽关系不成立" in str(sheet.cell(r, 1).value) for r in range(35, 40))


def test_html_for_the_pdf_has_the_tables_the_identity_and_warnings(year_2025, organ):
    html = annual_report_html(annual_report(organ=organ, year=2025))
    assert '<html lang="zh-CN">' in html
    assert "三、收到和处理政府信息公开申请情况" in html
    assert 'rowspan="22">三、本年度办理结果</td>' in html
    assert 'rowspan="8">（三）不予公开</td>' in html
    assert 'colspan="2">（一）予以公开</td>' in html
    assert "四、政府信息公开行政复议、行政诉讼情况" in html
    assert 'colspan="10">行政诉讼</th>' in html
    assert "勾稽关系校验" in html and "不成立" not in html.split("勾稽关系校验")[1].split(
        "</table>"
    )[0]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--organ", "不存在的机关", "--year", "2025"], "没有简称为"),
        (["--organ", ORGAN, "--year", "2007"], "年度应在"),
        (["--organ", ORGAN, "--year", "2999"], "年度应在"),
        (["--organ", ORGAN, "--year", "2025", "--format", "xlsx"], "--out"),
        (["--organ", ORGAN, "--year", "2025", "--format", "xlsx", "--out", "/nonexistent/x.xlsx"],
         "无法写入文件"),
    ],
)
def test_bad_arguments_are_refused_clearly(organ, args, message):
    with pytest.raises(CommandError, match=message):
        run(*args)


def test_pdf_uses_the_letters_renderer_or_says_it_is_missing(year_2025, tmp_path):
    path = tmp_path / "2025.pdf"
    try:
        pdf_renderer()
    except RuntimeError:
        with pytest.raises(CommandError, match="letters.rendering"):
            run("--organ", ORGAN, "--year", "2025", "--format", "pdf", "--out", str(path))
        assert not path.exists()
    else:
        run("--organ", ORGAN, "--year", "2025", "--format", "pdf", "--out", str(path))
        assert path.read_bytes().startswith(b"%PDF")
