"""The acts the handler takes while holding the handling task (consulting, recording the
answer, asking for more time, a fee notice, a payment) are durable acts of
``workflow.acts``: they refuse anyone not holding the task, and on the task page bad input
or a refusal shows the form again, open, under the error summary, with nothing stored."""

from __future__ import annotations

import datetime

import pytest
from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from letters.models import LetterKind
from requests.choices import FeeStandard, Status
from requests.errors import RequestActError
from tests.stored import everything_stored
from tests.workflow import reach
from tests.workflow.flowkit import open_task
from workflow import acts
from workflow.queues import task_claim

TODAY = timezone.localdate


def _held(organ, people):
    """A case in processing, its handling task held by the handler."""
    request, process = reach.handling(organ, people)
    task = task_claim(task=open_task(process, "handle"), user=people.handler)
    request.refresh_from_db()
    return request, task


def _consulting(organ, people):
    request, task = _held(organ, people)
    acts.open_consultation(
        task=task, acting_user=people.handler, party_kind="third_party",
        party_name="莆田市某化工有限公司", party_contact="0594-2345678",
        subject="排污许可执行报告涉及该公司生产工艺参数",
    )
    return request, task


def _awaiting_fee(organ, people):
    request, task = _held(organ, people)
    acts.issue_fee_notice(task=task, acting_user=people.handler,
                          standard=FeeStandard.PER_PAGE, quantity=150)
    return request, task


def _extension_pending(organ, people):
    request, task = _held(organ, people)
    acts.ask_extension(task=task, acting_user=people.handler, days=10,
                       reason="需调取多个科室的历史档案")
    return request, task


YESTERDAY = (TODAY() - datetime.timedelta(days=1)).isoformat
TOMORROW = (TODAY() + datetime.timedelta(days=1)).isoformat

#: key: (the case, what is posted, what the summary says in Chinese and in English).
BAD_INPUT = {
    "consult: no name": ("consult", _held, lambda r: {
        "consult-party_kind": "third_party", "consult-party_name": "",
        "consult-subject": "涉及该公司生产工艺参数",
    }, "名称或姓名：这个字段是必填项。", "This field is required."),
    "close_consultation: a day to come": ("close_consultation", _consulting, lambda r: {
        "close_consultation-consultation": r.consultations.get().pk,
        "close_consultation-result": "objection",
        "close_consultation-opinion": "不同意公开工艺参数",
        "close_consultation-closed_on": TOMORROW(),
    }, "收到意见的日期：日期不能晚于今天。", "cannot be later than today"),
    "extension: more than 20 days": ("extension", _held, lambda r: {
        "extension-days": "30", "extension-reason": "需调取多个科室的历史档案",
    }, "延长工作日数：", "Ensure this value is less than or equal to 20."),
    "extension: one already pending": ("extension", _extension_pending, lambda r: {
        "extension-days": "5", "extension-reason": "档案尚未调齐",
    }, "已有待审批的延期申请。", "An extension is already awaiting approval."),
    "fee: no quantity": ("fee", _held, lambda r: {
        "fee-standard": "per_page", "fee-quantity": "0",
    }, "件数或页数：", "Ensure this value is greater than or equal to 1."),
    "payment: paid before the notice": ("payment", _awaiting_fee, lambda r: {
        "payment-paid_on": YESTERDAY(),
    }, "缴费日期应在通知之后、不晚于今天。",
        "The date paid must be after the notice and not later than today."),
}


@pytest.mark.parametrize("case", list(BAD_INPUT))
def test_bad_input_shows_the_form_open_under_the_error_summary_and_stores_nothing(
    client, organ, people, case
):
    key, build, data, chinese, english = BAD_INPUT[case]
    request, task = build(organ, people)
    client.force_login(people.handler)
    action = reverse("workflow:side_act", args=[task.pk, key])
    before = everything_stored()
    # Nothing is stored, so the same case is tried again from an English page.
    for language, expected in (("zh-hans", chinese), ("en", english)):
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
        response = client.post(action, data(request))
        assert response.status_code == 200
        page = response.content.decode()
        summary = page[page.index('id="error-summary"'):]
        summary = summary[:summary.index("</div>")]
        assert expected in summary
        if language == "en":
            assert "Your request was not submitted" in summary and "：" not in summary
        # The form is the one open on the page.
        before_form = page[:page.index(f'action="{action}"')]
        assert before_form[before_form.rindex("<details"):].startswith(
            '<details class="panel" open>')
        assert page.count('<details class="panel" open>') == 1
        assert everything_stored() == before


def test_a_side_act_done_from_the_page_goes_back_to_the_task(client, organ, people):
    request, task = _awaiting_fee(organ, people)
    client.force_login(people.handler)
    response = client.post(reverse("workflow:side_act", args=[task.pk, "payment"]),
                           {"payment-paid_on": TODAY().isoformat()})
    assert response.status_code == 302
    assert response["Location"] == reverse("workflow:task", args=[task.pk])
    request.refresh_from_db()
    assert request.status == Status.PROCESSING
    assert request.fee_notices.get().paid_on == TODAY()
    page = client.get(response["Location"]).content.decode()
    assert "已办理：登记缴费" in page and "<details class=\"panel\" open>" not in page


@pytest.mark.parametrize("act", ["open_consultation", "ask_extension", "issue_fee_notice"])
def test_a_side_act_is_the_outermost_transaction(organ, people, act):
    request, task = _held(organ, people)
    arguments = {
        "open_consultation": {"party_kind": "third_party", "party_name": "莆田市某化工有限公司",
                              "party_contact": "", "subject": "涉及该公司生产工艺参数"},
        "ask_extension": {"days": 10, "reason": "需调取多个科室的历史档案"},
        "issue_fee_notice": {"standard": FeeStandard.PER_PAGE, "quantity": 150},
    }[act]
    before = everything_stored()
    with transaction.atomic(), pytest.raises(RuntimeError, match="durable"):
        getattr(acts, act)(task=task, acting_user=people.handler, **arguments)
    assert everything_stored() == before


def test_only_the_holder_of_the_handling_task_takes_a_side_act(organ, people):
    request, task = _awaiting_fee(organ, people)
    before = everything_stored()
    for someone in (people.handler2, people.registrar, people.ogi_head):
        with pytest.raises(RequestActError, match="请先领取该任务"):
            acts.record_payment(task=task, acting_user=someone, paid_on=TODAY())
    assert everything_stored() == before
    acts.record_payment(task=task, acting_user=people.handler, paid_on=TODAY())
    request.refresh_from_db()
    assert request.status == Status.PROCESSING


def test_someone_else_posting_a_side_act_is_sent_to_the_request_page(client, organ, people):
    request, task = _held(organ, people)
    client.force_login(people.handler2)
    before = everything_stored()
    response = client.post(reverse("workflow:side_act", args=[task.pk, "extension"]),
                           {"extension-days": "10", "extension-reason": "需调取历史档案"})
    assert response.status_code == 302
    assert response["Location"] == reverse("workflow:request", args=[request.public_id])
    assert everything_stored() == before


def test_the_request_pages_acts_are_the_outermost_transaction(organ, people):
    request, _task = _held(organ, people)
    receipt = request.letters.get(kind=LetterKind.RECEIPT)
    before = everything_stored()
    with transaction.atomic(), pytest.raises(RuntimeError, match="durable"):
        acts.record_delivery(letter=receipt, acting_user=people.registrar, method="postal_delivery",
                             delivered_on=TODAY())
    with transaction.atomic(), pytest.raises(RuntimeError, match="durable"):
        acts.correct_applicant_name(request=request, acting_user=people.registrar,
                                    name="林晓梅", reason="经核对申请人身份证件")
    assert everything_stored() == before
