"""Step pages ask only what the chosen decision needs, and show what earlier steps left.

Driven through the task page with the test client (no JavaScript): the fields of the
decisions not chosen are ignored, whatever they hold.
"""

import datetime

from django.urls import reverse

from letters.kinds import LetterKind
from requests.choices import Channel, Role, Status
from requests.outcomes import Outcome
from requests.services.reply import ItemDecision
from tests.factories import staff
from workflow import steps
from workflow.models import TriageDecision
from workflow.queues import task_claim

from .flowkit import do, open_step_names, open_task, start


def claim_and_open(client, process, name, user):
    task = open_task(process, name)
    if task.owner_id != user.pk:  # a returned draft goes straight back to its drafter
        task = task_claim(task=task, user=user)
    client.force_login(user)
    return reverse("workflow:task", args=[task.pk])


def registered(organ, people, **kwargs):
    request, process = start(organ, **kwargs)
    do(process, "register", people.registrar)
    return request, process


def drafted(organ, people):
    request, process = registered(organ, people)
    do(process, "triage", people.registrar, decision=TriageDecision.CLEAR, department=people.dept)
    do(process, "handle", people.handler, step=steps.submit_reply,
       decisions=[ItemDecision(1, Outcome.PROVIDED, "提供监测数据汇总表")])
    return request, process


def test_the_triage_page_marks_each_field_with_the_decision_that_needs_it(client, organ, people):
    _request, process = registered(organ, people)
    page = client.get(claim_and_open(client, process, "triage", people.registrar)).content.decode()
    assert 'data-when="triage-decision" data-values="clear"' in page
    assert 'data-when="triage-decision" data-values="correction"' in page
    assert page.count("data-when=") == 2  # department and points; the decision is always asked


def test_routing_ignores_correction_points_typed_before_changing_the_decision(client, organ, people):
    request, process = registered(organ, people)
    url = claim_and_open(client, process, "triage", people.registrar)
    response = client.post(url, {
        "form": "triage", "triage-decision": TriageDecision.CLEAR,
        "triage-department": people.dept.pk, "triage-points": "请写明建设项目名称",
    })
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.status == Status.PROCESSING and request.department == people.dept
    assert request.correction_points == "" and request.correction_requested_on is None


def test_a_correction_is_not_refused_for_a_department_it_does_not_need(client, organ, people):
    request, process = registered(organ, people)
    url = claim_and_open(client, process, "triage", people.registrar)
    response = client.post(url, {
        "form": "triage", "triage-decision": TriageDecision.CORRECTION,
        "triage-department": "no-such-department", "triage-points": "请写明建设项目名称",
    })
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.status == Status.AWAITING_CORRECTION and request.department is None
    assert request.letters.filter(kind=LetterKind.CORRECTION_NOTICE).count() == 1


def test_the_field_of_the_chosen_decision_is_still_required(client, organ, people):
    request, process = registered(organ, people)
    url = claim_and_open(client, process, "triage", people.registrar)
    response = client.post(url, {
        "form": "triage", "triage-decision": TriageDecision.CORRECTION,
        "triage-department": people.dept.pk, "triage-points": "  ",
    })
    page = response.content.decode()
    assert response.status_code == 200
    assert 'id="error-summary"' in page and 'href="#id_triage-points"' in page
    assert "请逐项写明需要补正的事项" in page
    request.refresh_from_db()
    assert request.status == Status.REGISTERED and request.department is None


def test_routing_at_the_counter_ignores_the_items_answers_it_does_not_need(client, organ, people):
    request, process = registered(organ, people, channel=Channel.IN_PERSON, entered_by=people.registrar)
    url = claim_and_open(client, process, "triage", people.registrar)
    page = client.get(url).content.decode()
    assert page.count('data-values="on_the_spot"') == 3  # outcome, text, organ of the item
    response = client.post(url, {
        "form": "triage", "triage-decision": TriageDecision.CLEAR,
        "triage-department": people.dept.pk,
        # An answer "not this organ's" without the organ: refused only when answering now.
        "triage-outcome_1": Outcome.NOT_THIS_ORGAN, "triage-text_1": "请向市水利局申请",
    })
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.status == Status.PROCESSING
    assert request.items.get().outcome == ""


def test_returning_from_review_without_a_reason_is_refused_next_to_the_comment(client, organ, people):
    request, process = drafted(organ, people)
    url = claim_and_open(client, process, "review", people.reviewer)
    response = client.post(url, {"form": "review", "review-passed": "no", "review-comment": ""})
    page = response.content.decode()
    assert response.status_code == 200
    assert 'href="#id_review-comment"' in page and "退回时请写明理由" in page
    request.refresh_from_db()
    assert request.status == Status.CONFIDENTIALITY_REVIEW
    assert open_step_names(process) == ["review"]
    response = client.post(url, {"form": "review", "review-passed": "yes", "review-comment": ""})
    assert response.status_code == 302  # passing needs no comment
    assert open_step_names(process) == ["sign"]


def test_signing_off_asks_a_reason_only_to_send_the_draft_back(client, organ, people):
    request, process = drafted(organ, people)
    do(process, "review", people.reviewer, passed=True)
    url = claim_and_open(client, process, "sign", people.leader)
    response = client.post(url, {"form": "sign", "sign-approved": "no"})
    assert "退回时请写明理由" in response.content.decode()
    assert open_step_names(process) == ["sign"]


def test_an_online_request_is_not_asked_the_day_a_letter_was_signed_for(client, organ, people):
    _request, process = start(organ, channel=Channel.ONLINE)
    page = client.get(claim_and_open(client, process, "register", people.registrar)).content.decode()
    assert "签收日期" not in page
    assert 'name="register-confirmed_on"' in page


def test_a_registered_letter_is_asked_the_day_it_was_signed_for(client, organ, people):
    _request, process = start(organ, channel=Channel.REGISTERED_POST, entered_by=people.registrar)
    page = client.get(claim_and_open(client, process, "register", people.registrar)).content.decode()
    assert 'name="register-post_signed_on"' in page
    assert 'name="register-confirmed_on"' not in page


def test_a_signing_date_posted_for_an_online_request_is_not_recorded(client, organ, people):
    request, process = start(organ, channel=Channel.ONLINE)
    url = claim_and_open(client, process, "register", people.registrar)
    yesterday = datetime.date.today() - datetime.timedelta(days=1)
    response = client.post(url, {"form": "register", "register-post_signed_on": yesterday.isoformat()})
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.status == Status.REGISTERED and request.post_signed_on is None


def test_the_handler_reads_why_the_draft_came_back_and_the_reviewer_reads_it_again(
    client, organ, people
):
    _request, process = drafted(organ, people)
    do(process, "review", people.reviewer, passed=False, comment="附件含个人身份证号，需遮盖")
    page = client.get(claim_and_open(client, process, "handle", people.handler)).content.decode()
    assert "附件含个人身份证号，需遮盖" in page
    assert "保密审查退回：请按以下意见修改后重新提交" in page
    do(process, "handle", people.handler, step=steps.submit_reply,
       decisions=[ItemDecision(1, Outcome.PROVIDED, "提供（已遮盖个人信息）")])
    page = client.get(claim_and_open(client, process, "review", people.reviewer)).content.decode()
    assert "上次保密审查退回的理由" in page and "附件含个人身份证号，需遮盖" in page
    assert "提供（已遮盖个人信息）" in page  # the draft's answer per item


def test_the_signing_leader_reads_the_secrecy_reviewers_comment(client, organ, people):
    _request, process = drafted(organ, people)
    do(process, "review", people.reviewer, passed=True, comment="不涉及国家秘密和个人隐私")
    page = client.get(claim_and_open(client, process, "sign", people.leader)).content.decode()
    assert "保密审查意见" in page and "不涉及国家秘密和个人隐私" in page


def test_the_conclusion_and_the_handler_after_it_read_the_opinions(client, organ, people):
    legal = staff(organ, Role.LEGAL_REVIEWER, "legal", people.office)
    request, process = registered(organ, people)
    do(process, "triage", people.registrar, decision=TriageDecision.CLEAR, department=people.dept)
    do(process, "handle", people.handler, step=steps.flag_sensitive,
       reason="涉及突发环境事件调查，社会关注度高", invited=["legal", "secrecy"])
    do(process, "opinion_legal", legal, opinion="可依法公开调查结论")
    do(process, "opinion_secrecy", people.reviewer, opinion="不涉及国家秘密")
    page = client.get(claim_and_open(client, process, "conclude", people.ogi_head)).content.decode()
    for text in ("涉及突发环境事件调查，社会关注度高", "可依法公开调查结论", "不涉及国家秘密"):
        assert text in page
    do(process, "conclude", people.ogi_head, conclusion="部分公开，隐去企业工艺参数")
    page = client.get(claim_and_open(client, process, "handle", people.handler)).content.decode()
    assert "部分公开，隐去企业工艺参数" in page and "可依法公开调查结论" in page


def test_triage_after_a_correction_shows_what_was_asked_and_what_came_back(client, organ, people):
    request, process = registered(organ, people)
    do(process, "triage", people.registrar, decision=TriageDecision.CORRECTION,
       points="请写明所需环评报告书对应的建设项目名称。")
    page = client.get(
        claim_and_open(client, process, "await_correction", people.registrar)
    ).content.decode()
    assert "请写明所需环评报告书对应的建设项目名称。" in page and "补正期限" in page
    do(process, "await_correction", people.registrar, step=steps.receive_correction,
       note="申请人补充：木兰溪治理二期工程")
    page = client.get(claim_and_open(client, process, "triage", people.registrar)).content.decode()
    assert "请写明所需环评报告书对应的建设项目名称。" in page
    assert "申请人补充：木兰溪治理二期工程" in page and "收到补正日期" in page


def test_a_first_step_shows_no_earlier_steps(client, organ, people):
    _request, process = start(organ)
    page = client.get(claim_and_open(client, process, "register", people.registrar)).content.decode()
    assert 'id="earlier-title"' not in page


def test_the_reply_asks_the_organ_responsible_only_of_an_item_not_this_organs(client, organ, people):
    from tests.factories import OtherOrganFactory

    water = OtherOrganFactory(organ=organ)
    request, process = registered(organ, people, items=["木兰溪水质监测数据", "引水工程的立项批复"])
    do(process, "triage", people.registrar, decision=TriageDecision.CLEAR, department=people.dept)
    url = claim_and_open(client, process, "handle", people.handler)
    page = client.get(url).content.decode()
    assert page.count('data-values="not_this_organ"') == 2
    assert 'data-when="reply-outcome_2"' in page
    response = client.post(url, {
        "form": "reply",
        "reply-outcome_1": Outcome.PROVIDED, "reply-text_1": "提供监测数据汇总表",
        "reply-organ_1": water.pk,  # chosen, then the answer changed: not recorded
        "reply-outcome_2": Outcome.NOT_THIS_ORGAN, "reply-text_2": "立项批复由市发展改革委作出",
        "reply-organ_2": water.pk,
    })
    assert response.status_code == 302
    first, second = request.items.order_by("position")
    assert first.responsible_organ is None and second.responsible_organ == water
