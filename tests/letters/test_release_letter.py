"""The reply letter and the release package: the 附件 note lists the released files (name,
pages, first 12 hex digits of the SHA-256), and the sentence on how to obtain them is true
to the form the applicant asked for (Art. 40)."""

from __future__ import annotations

import datetime

import pytest
from django.test import override_settings

from letters import acts
from letters.context import build_letter
from letters.kinds import LetterKind
from records.models import Disclosure
from records.selectors import released_files_of
from requests.choices import InformationForm, ObtainMethod
from requests.models import DisclosureRequest
from requests.outcomes import Outcome
from tests.factories import at
from tests.letters.cases import signed_off
from tests.letters.pdfs import text
from tests.records.releasekit import add_record, stored_bytes
from tests.requests import machine as m

pytestmark = pytest.mark.django_db

REPORT = "2025年第四季度木兰溪水质自动监测站监测数据报告"
PERMIT = "莆田市兴荔新材料科技有限公司排污许可证副本"
REPLIED_ON = datetime.date.fromisoformat(m.REPLIED_ON)


def with_package(organ, people, *, form=InformationForm.ELECTRONIC_FILE,
                 method=ObtainMethod.ONLINE_DOWNLOAD) -> DisclosureRequest:
    """Provided in part: a report as it is (3 pages) and a permit after redaction (2)."""
    request = signed_off(organ, people, [Outcome.PARTIAL])
    DisclosureRequest.objects.filter(pk=request.pk).update(form_wanted=form, obtain_method=method)
    request.refresh_from_db()
    add_record(request, 1, REPORT, pages=3)
    add_record(request, 1, PERMIT, pages=2, disclosure=Disclosure.REDACTED)
    return request


def words(request):
    letter = build_letter(request=request, kind=LetterKind.REPLY, number="莆环信公开〔2026〕9号",
                          issued_on=REPLIED_ON)
    return letter, letter.extra["decisions"][0]["text"]


def test_the_issued_reply_lists_each_released_file_with_pages_and_hash(organ, people):
    request = with_package(organ, people)
    letter = acts.reply_with_letter(request=request, acting_user=people.registrar,
                                    at=at(m.REPLIED_ON, 16))
    report, permit = released_files_of(request)
    pdf = text(stored_bytes(letter.file))
    assert f"附件：1.{REPORT}（3页，SHA-256：{report.sha256[:12]}）" in pdf
    assert f"2.{PERMIT}（区分处理后公开，2页，SHA-256：{permit.sha256[:12]}）" in pdf
    # The download period the letter states is the one the portal keeps to.
    assert f"下载期限至{report.available_until.year}年{report.available_until.month}月" \
           f"{report.available_until.day}日" in pdf
    assert report.available_until == datetime.date(2026, 4, 9)


def test_a_preview_before_dispatch_lists_the_files_as_they_would_be_frozen(organ, people):
    request = with_package(organ, people)
    letter, _decision = words(request)
    report, permit = request.records.order_by("pk")
    assert letter.attachments == [
        f"{REPORT}（3页，SHA-256：{report.working_sha256[:12]}）",
        f"{PERMIT}（区分处理后公开，2页，SHA-256：{permit.redacted_sha256[:12]}）",
    ]


ADDRESS = "福建省莆田市荔城区镇海街道八二一南街88号"


@pytest.mark.parametrize(("form", "method", "said"), [
    (InformationForm.ELECTRONIC_FILE, ObtainMethod.ONLINE_DOWNLOAD,
     "电子文件已上传至网上申请平台，您可以凭登记编号{number}登录下载，下载期限至2026年4月9日。"),
    (InformationForm.EMAIL, ObtainMethod.EMAIL,
     "本机关将电子文件（共2件，见附件）随本答复书一并发送至您提供的电子邮箱（lin.zhiqiang@example.com）。"),
    (InformationForm.PAPER, ObtainMethod.POST,
     f"本机关将纸质文本随本答复书一并邮寄至您提供的通讯地址（{ADDRESS}）。"),
    (InformationForm.ELECTRONIC_FILE, ObtainMethod.POST,
     f"本机关将存有电子文件（共2件，见附件）的光盘随本答复书一并邮寄至您提供的通讯地址（{ADDRESS}）。"),
    (InformationForm.ELECTRONIC_FILE, ObtainMethod.COLLECT_IN_PERSON,
     "领取存有电子文件（共2件，见附件）的光盘或者U盘。"),
    (InformationForm.PAPER, ObtainMethod.COLLECT_IN_PERSON, "领取纸质文本。"),
])
def test_how_to_obtain_follows_the_form_asked_and_the_files_are_listed(
    organ, people, form, method, said
):
    request = with_package(organ, people, form=form, method=method)
    letter, decision = words(request)
    assert said.format(number=request.registration_number) in decision
    assert len(letter.attachments) == 2


@override_settings(RELEASE_EMAIL_MAX_BYTES=2000)
def test_files_too_large_for_an_email_are_downloaded_from_the_portal(organ, people):
    request = with_package(organ, people, form=InformationForm.EMAIL, method=ObtainMethod.EMAIL)
    _letter, decision = words(request)
    assert "超过电子邮件附件的容量，本机关将本答复书发送至您提供的电子邮箱（lin.zhiqiang@example.com）。" \
           in decision
    assert "电子文件已上传至网上申请平台" in decision and "下载期限至2026年4月9日" in decision
    assert "随本答复书一并发送" not in decision


def test_information_shown_for_inspection_attaches_nothing(organ, people):
    request = with_package(organ, people, form=InformationForm.INSPECTION,
                           method=ObtainMethod.COLLECT_IN_PERSON)
    letter, decision = words(request)
    assert "当场查阅" in decision
    assert letter.attachments == []


def test_a_refusal_attaches_no_file_even_with_records(organ, people):
    request = signed_off(organ, people, [Outcome.REFUSED_THIRD_PARTY])
    add_record(request, 1, PERMIT)
    letter, _decision = words(request)
    assert letter.attachments == []
