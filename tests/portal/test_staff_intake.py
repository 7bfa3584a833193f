"""Staff intake: paper, fax, e-mail and oral applications enter the same flow, with the
receipt date of Art. 31 for their channel; in-person ones can be answered on the spot;
a repeat of an earlier application by the same applicant is shown (Art. 36(6))."""

from __future__ import annotations

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from letters.kinds import LetterKind
from requests.choices import Status
from requests.models import Attachment, DisclosureRequest
from requests.models.attachment import AttachmentKind
from requests.outcomes import Outcome
from tests.factories import submit
from tests.workflow.flowkit import open_step_names

from .conftest import PNG, application_data, pdf

pytestmark = pytest.mark.django_db

URL = reverse("intake:new")


def days_ago(n: int) -> datetime.date:
    """The day ``n`` days before today, today being read when called: a run that crosses
    midnight in China must not compare with the day it was collected."""
    return timezone.localdate() - datetime.timedelta(days=n)


def now_values(values: dict) -> dict:
    return {k: v() if callable(v) else v for k, v in values.items()}


def intake_data(**overrides) -> dict:
    data = application_data(declaration=None, email="", obtain_method="post")
    data.update(
        channel="in_person", submitted_on=days_ago(0).isoformat(), register_now="on",
        scan=pdf("申请表扫描件.pdf"),
    )
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


@pytest.fixture
def registrar_client(client, people):
    client.force_login(people.registrar)
    return client


def enter(client, **overrides):
    return client.post(URL, intake_data(**overrides))


def entered(response) -> DisclosureRequest:
    assert response.status_code == 302, response.context and (
        response.context["form"].errors, response.context["formset"].errors
    )
    return DisclosureRequest.objects.get(public_id=response["Location"].rstrip("/").split("/")[-1])


@pytest.mark.parametrize(
    ("channel", "extra", "receipt"),
    [
        ("in_person", {"submitted_on": lambda: days_ago(2).isoformat()}, lambda: days_ago(2)),
        ("oral", {"scan": None}, lambda: days_ago(0)),
        ("registered_post", {"submitted_on": lambda: days_ago(4).isoformat(),
                             "post_signed_on": lambda: days_ago(3).isoformat()}, lambda: days_ago(3)),
        ("ordinary_post", {"submitted_on": lambda: days_ago(6).isoformat(),
                           "confirmed_on": lambda: days_ago(1).isoformat()}, lambda: days_ago(1)),
        ("fax", {"submitted_on": lambda: days_ago(2).isoformat()}, lambda: days_ago(0)),
        ("email", {"submitted_on": lambda: days_ago(1).isoformat()}, lambda: days_ago(0)),
    ],
)
def test_the_receipt_date_follows_article_31_for_the_channel(
    registrar_client, organ, people, channel, extra, receipt
):
    extra, receipt = now_values(extra), receipt()
    request = entered(enter(registrar_client, channel=channel, **extra))
    assert request.channel == channel
    assert request.status == Status.REGISTERED
    assert request.received_on == receipt
    assert request.entered_by == people.registrar
    assert request.letters.filter(kind=LetterKind.RECEIPT).exists()
    assert open_step_names(request.process) == ["triage"]  # the same flow as online
    page = registrar_client.get(reverse("intake:done", args=[request.public_id])).content.decode()
    assert request.registration_number in page and receipt.isoformat() in page
    if channel != "oral":
        assert Attachment.objects.filter(request=request, kind=AttachmentKind.SCAN).exists()


@pytest.mark.parametrize("channel", ["ordinary_post", "fax", "email"])
def test_registering_now_takes_the_confirmation_date_today_unless_given(
    registrar_client, organ, people, channel
):
    """Art. 31: the receipt date is the day receipt was confirmed with the applicant."""
    request = entered(enter(registrar_client, channel=channel,
                            submitted_on=days_ago(3).isoformat()))
    assert request.received_on == request.receipt_confirmed_on == days_ago(0)
    given = entered(enter(registrar_client, channel=channel, duplicates_acknowledged="on",
                          submitted_on=days_ago(3).isoformat(),
                          confirmed_on=days_ago(2).isoformat()))
    assert given.received_on == given.receipt_confirmed_on == days_ago(2)


def test_a_late_confirmation_at_intake_is_flagged_to_supervisors(registrar_client, organ, people):
    from workflow.models import Notification, NotificationKind

    request = entered(enter(registrar_client, channel="email",
                            submitted_on=days_ago(7).isoformat()))
    note = Notification.objects.get(kind=NotificationKind.LATE_CONFIRMATION)
    assert note.user == people.supervisor and request.registration_number in note.message


def test_without_registering_it_waits_in_the_registrars_queue(registrar_client, organ, people):
    request = entered(enter(registrar_client, channel="fax", register_now=None))
    assert request.status == Status.RECEIVED and request.received_on is None
    assert open_step_names(request.process) == ["register"]


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"channel": "registered_post"}, "post_signed_on", "请填写签收日期"),
        ({"channel": "registered_post", "submitted_on": lambda: days_ago(1).isoformat(),
          "post_signed_on": lambda: days_ago(2).isoformat()}, "post_signed_on", "不能早于到达日期"),
        ({"channel": "ordinary_post", "submitted_on": lambda: days_ago(1).isoformat(),
          "confirmed_on": lambda: days_ago(2).isoformat()}, "confirmed_on", "确认日期不能早于到达日期"),
        ({"channel": "fax", "confirmed_on": lambda: days_ago(-1).isoformat()},
         "confirmed_on", "不能晚于今天"),
        ({"submitted_on": lambda: days_ago(-1).isoformat()}, "submitted_on",
         "不能晚于今天"),
        ({"submitted_on": "2019-05-14"}, "submitted_on", "2019年5月15日（现行《条例》施行之日）"),
        ({"submitted_on": "0001-01-01"}, "submitted_on", "现行《条例》施行之日"),
        ({"channel": "registered_post", "post_signed_on": "9999-12-31"}, "post_signed_on",
         "不能晚于今天"),
        ({"channel": "online"}, "channel", "选择一个有效的选项"),
        ({"scan": None}, "scan", "请上传申请书扫描件"),
        ({"scan": SimpleUploadedFile("扫描件.pdf", PNG)}, "scan", "扩展名与文件内容不符"),
        ({"phone": "", "postal_address": "", "obtain_method": "online_download"}, "phone",
         "请至少填写一种联系方式"),
        ({"document_number": "110105194912310021"}, "document_number", "校验位不正确"),
    ],
)
def test_intake_refuses_bad_input_and_stores_nothing(
    registrar_client, organ, people, overrides, field, message
):
    response = enter(registrar_client, **now_values(overrides))
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert any(message in text for text in errors.get(field, [])), errors
    assert not DisclosureRequest.objects.exists()
    assert not Attachment.objects.exists()


def test_a_repeat_of_an_earlier_application_is_shown_before_it_is_entered(
    registrar_client, organ, people
):
    earlier = submit(organ, items=["华亭镇某化工企业环境影响评价报告书及批复文件"])
    response = enter(registrar_client)
    assert response.status_code == 200
    page = response.content.decode()
    assert "该申请人此前申请过相同或相似的信息" in page
    assert reverse("workflow:request", args=[earlier.public_id]) in page
    assert DisclosureRequest.objects.count() == 1
    request = entered(enter(registrar_client, duplicates_acknowledged="on"))
    done = registrar_client.get(reverse("intake:done", args=[request.public_id])).content.decode()
    assert "该申请人此前申请过相同或相似的信息" in done
    assert reverse("workflow:request", args=[earlier.public_id]) in done


def test_a_different_applicant_or_information_is_no_repeat(registrar_client, organ, people):
    submit(organ, items=["木兰溪2025年水质月报"])
    assert entered(enter(registrar_client))  # other information: entered at once


def test_an_in_person_application_is_answered_on_the_spot(registrar_client, organ, people):
    request = entered(enter(registrar_client, channel="in_person"))
    done = registrar_client.get(reverse("intake:done", args=[request.public_id])).content.decode()
    assert reverse("intake:on_the_spot", args=[request.public_id]) in done
    url = reverse("intake:on_the_spot", args=[request.public_id])
    assert registrar_client.get(url).status_code == 200
    response = registrar_client.post(url, {"outcome_1": Outcome.ALREADY_PUBLIC.value,
                                           "text_1": "该报告书已在本局网站“环评公示”栏目公开。"})
    assert response.status_code == 302, response.context["form"].errors
    request.refresh_from_db()
    assert request.status == Status.REPLIED
    reply = request.letters.get(kind=LetterKind.REPLY)
    done = registrar_client.get(reverse("intake:done", args=[request.public_id])).content.decode()
    assert reverse("intake:letter", args=[reply.public_id]) in done
    printed = registrar_client.get(reverse("intake:letter", args=[reply.public_id]))
    assert printed["Content-Disposition"].startswith("inline")
    assert b"".join(printed.streaming_content).startswith(b"%PDF-")


def test_on_the_spot_needs_a_decision_for_every_item(registrar_client, organ, people):
    request = entered(enter(registrar_client, channel="oral", scan=None))
    response = registrar_client.post(reverse("intake:on_the_spot", args=[request.public_id]), {})
    assert response.status_code == 200
    request.refresh_from_db()
    assert request.status == Status.REGISTERED


def test_no_on_the_spot_reply_for_a_letter(registrar_client, organ, people):
    request = entered(enter(registrar_client, channel="fax"))
    response = registrar_client.get(reverse("intake:on_the_spot", args=[request.public_id]))
    assert response.status_code == 302


def test_the_registrar_sees_the_intake_link_on_the_workbench(registrar_client, client, people):
    assert reverse("intake:new") in registrar_client.get(reverse("workflow:workbench")).content.decode()
    client.force_login(people.handler)
    assert reverse("intake:new") not in client.get(reverse("workflow:workbench")).content.decode()


def test_dates_are_kept_as_typed(registrar_client, organ, people):
    request = entered(enter(registrar_client, channel="in_person",
                            submitted_on=days_ago(3).isoformat()))
    assert timezone.localdate(request.submitted_at) == days_ago(3)


@pytest.mark.parametrize("total", ["abc", "100000"])
def test_adding_an_item_at_intake_reads_a_hostile_item_count_safely(registrar_client, total):
    response = registrar_client.post(URL, intake_data(add_item="1",
                                                      **{"items-TOTAL_FORMS": total}))
    assert response.status_code == 200
    assert response.context["formset"].total_form_count() == (50 if total == "100000" else 2)
    assert DisclosureRequest.objects.count() == 0
