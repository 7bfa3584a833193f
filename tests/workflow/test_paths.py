"""Whole paths through the flow, one per outcome family, performed step by step."""

import datetime

import pytest
from viewflow.workflow.status import PROCESS

from letters.kinds import LetterKind
from letters.models import IssuedLetter
from requests.choices import Channel, Role, Status
from requests.models import DisclosureRequest
from requests.outcomes import Outcome
from requests.services.reply import ItemDecision
from tests.factories import OtherOrganFactory, at, staff
from workflow import steps
from workflow.errors import TaskError
from workflow.models import RequestProcess, TriageDecision
from workflow.queues import task_claim, tasks_offered_to

from .flowkit import do, open_step_names, open_task, start


def letters_of(request):
    return list(
        IssuedLetter.objects.filter(request=request).order_by("issued_at", "pk").values_list(
            "kind", flat=True
        )
    )


def finish_from_review(process, people, when="2026-03-13"):
    do(process, "review", people.reviewer, passed=True, comment="不涉及国家秘密", at=at(when, 10))
    do(process, "sign", people.leader, approved=True, comment="同意", at=at(when, 11))
    do(process, "dispatch", people.registrar, delivery_method="electronic_delivery",
       delivered_on=datetime.date.fromisoformat(when), at=at(when, 14))
    do(process, "archive", people.registrar, at=at(when, 16))


def test_a_clear_request_is_provided_and_archived(organ, people):
    request, process = start(organ)
    do(process, "register", people.registrar, at=at("2026-03-03"))
    do(process, "triage", people.registrar, decision=TriageDecision.CLEAR,
       department=people.dept, at=at("2026-03-04"))
    assert open_step_names(process) == ["handle"]
    do(process, "handle", people.handler, step=steps.submit_reply,
       decisions=[ItemDecision(1, Outcome.PROVIDED, "提供环境影响报告书及批复电子版")],
       at=at("2026-03-10"))
    finish_from_review(process, people)
    request.refresh_from_db()
    process.refresh_from_db()
    assert request.status == Status.ARCHIVED
    assert process.status == PROCESS.DONE
    assert letters_of(request) == [LetterKind.RECEIPT, LetterKind.REPLY]
    reply = IssuedLetter.objects.get(request=request, kind=LetterKind.REPLY)
    assert reply.delivered_on == datetime.date(2026, 3, 13)
    assert open_step_names(process) == []


def test_an_unclear_request_is_corrected_once_then_handled(organ, people):
    request, process = start(organ)
    do(process, "register", people.registrar, at=at("2026-03-03"))
    do(process, "triage", people.registrar, decision=TriageDecision.CORRECTION,
       points="请写明所需环评报告书对应的建设项目名称。", at=at("2026-03-04"))
    request.refresh_from_db()
    assert request.status == Status.AWAITING_CORRECTION
    assert open_step_names(process) == ["await_correction"]
    do(process, "await_correction", people.registrar, step=steps.receive_correction,
       received_on=datetime.date(2026, 3, 9), at=at("2026-03-09"))
    request.refresh_from_db()
    assert request.status == Status.REGISTERED
    # The 20 working days run afresh from 03-09: due Mon 04-07 (清明 04-04..06 skipped).
    assert request.due_on == datetime.date(2026, 4, 7)
    task = task_claim(task=open_task(process, "triage"), user=people.registrar)
    with pytest.raises(Exception, match="只能发出一次"):
        steps.triage(task=task, user=people.registrar, decision=TriageDecision.CORRECTION,
                     points="再次补正", at=at("2026-03-10"))
    steps.triage(task=task, user=people.registrar, decision=TriageDecision.CLEAR,
                 department=people.dept, at=at("2026-03-10"))
    assert open_step_names(process) == ["handle"]
    assert letters_of(request) == [LetterKind.RECEIPT, LetterKind.CORRECTION_NOTICE]


def test_a_petition_is_answered_as_not_processed_by_the_office(organ, people):
    request, process = start(organ, items=["举报我家楼下饭店油烟扰民，请求查处"])
    do(process, "register", people.registrar, at=at("2026-03-03"))
    do(process, "triage", people.registrar, decision=TriageDecision.NOT_PROCESSED,
       at=at("2026-03-04"))
    assert open_step_names(process) == ["draft_not_processed"]
    do(process, "draft_not_processed", people.registrar, outcome=Outcome.NOT_OGI_PETITION,
       text="您反映的问题属于投诉举报事项，请通过12345热线或生态环境投诉举报平台反映。",
       at=at("2026-03-05"))
    finish_from_review(process, people, "2026-03-06")
    request.refresh_from_db()
    assert request.status == Status.ARCHIVED
    assert request.outcome == Outcome.NOT_OGI_PETITION
    assert request.department == people.office


def test_a_bulk_application_without_good_reasons_is_not_processed(organ, people):
    request, process = start(organ)
    do(process, "register", people.registrar, at=at("2026-03-03"))
    do(process, "triage", people.registrar, decision=TriageDecision.BULK, at=at("2026-03-04"))
    do(process, "ask_reasons", people.ogi_head, applications_count=46,
       period="2026年1月至3月", respond_by=datetime.date(2026, 3, 20), at=at("2026-03-04"))
    do(process, "decide_reasons", people.ogi_head, accepted=False,
       note="申请人未说明合理理由", at=at("2026-03-23"))
    assert open_step_names(process) == ["draft_not_processed"]
    do(process, "draft_not_processed", people.registrar, outcome=Outcome.NOT_OGI_BULK,
       text="申请数量、频次明显超过合理范围且未说明合理理由。", at=at("2026-03-24"))
    finish_from_review(process, people, "2026-03-25")
    request.refresh_from_db()
    assert request.outcome == Outcome.NOT_OGI_BULK
    assert LetterKind.REASONS_NOTICE in letters_of(request)


def test_a_sensitive_case_collects_opinions_in_parallel_before_review(organ, people):
    legal = staff(organ, Role.LEGAL_REVIEWER, "legal", people.office)
    head = staff(organ, Role.DEPARTMENT_HEAD, "head", people.dept)
    request, process = start(organ)
    do(process, "register", people.registrar, at=at("2026-03-03"))
    do(process, "triage", people.registrar, decision=TriageDecision.CLEAR,
       department=people.dept, at=at("2026-03-04"))
    do(process, "handle", people.handler, step=steps.flag_sensitive,
       reason="涉及突发环境事件调查，社会关注度高", invited=["legal", "secrecy", "department"],
       at=at("2026-03-05"))
    assert open_step_names(process) == ["opinion_department", "opinion_legal", "opinion_secrecy"]
    do(process, "opinion_legal", legal, opinion="可依法公开调查结论",
       at=at("2026-03-06"))
    do(process, "opinion_secrecy", people.reviewer,
       opinion="不涉及国家秘密", at=at("2026-03-06"))
    assert open_step_names(process) == ["opinion_department"]
    do(process, "opinion_department", head,
       opinion="同意公开，涉企商业信息应作区分处理", at=at("2026-03-09"))
    assert open_step_names(process) == ["conclude"]
    do(process, "conclude", people.ogi_head, conclusion="部分公开，隐去企业工艺参数",
       at=at("2026-03-10"))
    request.refresh_from_db()
    assert request.status == Status.PROCESSING
    assert request.coordination_meetings.get().opinions.count() == 3
    do(process, "handle", people.handler, step=steps.submit_reply,
       decisions=[ItemDecision(1, Outcome.PARTIAL, "隐去企业工艺参数（涉及商业秘密，第十五条）")],
       at=at("2026-03-11"))
    assert open_step_names(process) == ["review"]


def test_a_case_flagged_again_after_a_conclusion_goes_to_coordination_again(organ, people):
    """The need for a concluded coordination reads the request: a consultation opened
    since the last conclusion must conclude too before the reply goes to review."""
    legal = staff(organ, Role.LEGAL_REVIEWER, "legal", people.office)
    request, process = start(organ)
    do(process, "register", people.registrar, at=at("2026-03-03"))
    do(process, "triage", people.registrar, decision=TriageDecision.CLEAR,
       department=people.dept, at=at("2026-03-04"))
    for day, reason in (("05", "涉及突发环境事件调查"), ("10", "出现新的舆情")):
        do(process, "handle", people.handler, step=steps.flag_sensitive, reason=reason,
           invited=["legal"], at=at(f"2026-03-{day}"))
        request.refresh_from_db()
        assert request.needs_coordination
        assert open_step_names(process) == ["opinion_legal"]
        do(process, "opinion_legal", legal, opinion="可依法公开", at=at(f"2026-03-{day}"))
        do(process, "conclude", people.ogi_head, conclusion="依法公开", at=at(f"2026-03-{day}"))
        request.refresh_from_db()
        assert not request.needs_coordination
    do(process, "handle", people.handler, step=steps.submit_reply,
       decisions=[ItemDecision(1, Outcome.PROVIDED, "予以公开")], at=at("2026-03-11"))
    assert open_step_names(process) == ["review"]


def test_returns_go_back_to_the_drafter_and_nobody_reviews_their_own_draft(organ, people):
    reviewer2 = staff(organ, Role.SECRECY_REVIEWER, "reviewer2", people.office)
    # handler2 is also a secrecy reviewer: they must never review what they drafted.
    staff(organ, Role.SECRECY_REVIEWER, "handler2", people.office)
    request, process = start(organ)
    do(process, "register", people.registrar, at=at("2026-03-03"))
    do(process, "triage", people.registrar, decision=TriageDecision.CLEAR,
       department=people.dept, at=at("2026-03-04"))
    do(process, "handle", people.handler2, step=steps.submit_reply,
       decisions=[ItemDecision(1, Outcome.PROVIDED, "提供")], at=at("2026-03-05"))
    review_task = open_task(process, "review")
    assert review_task not in tasks_offered_to(people.handler2)
    with pytest.raises(TaskError):
        task_claim(task=review_task, user=people.handler2)
    do(process, "review", people.reviewer, passed=False, comment="附件含个人身份证号，需遮盖",
       at=at("2026-03-06"))
    handle = open_task(process, "handle")
    assert handle.owner == people.handler2  # straight back to the drafter
    do(process, "handle", people.handler2, step=steps.submit_reply,
       decisions=[ItemDecision(1, Outcome.PROVIDED, "提供（已遮盖个人信息）")],
       at=at("2026-03-09"))
    do(process, "review", reviewer2, passed=True, at=at("2026-03-10"))
    do(process, "sign", people.leader, approved=False, comment="请补充获取方式", at=at("2026-03-11"))
    assert open_task(process, "handle").owner == people.handler2
    request.refresh_from_db()
    assert request.status == Status.PROCESSING


def test_an_in_person_request_is_answered_on_the_spot(organ, people):
    request, process = start(organ, channel=Channel.IN_PERSON, on="2026-03-03",
                             entered_by=people.registrar)
    do(process, "register", people.registrar, at=at("2026-03-03", 9))
    letter = do(process, "triage", people.registrar, decision=TriageDecision.ON_THE_SPOT,
                decisions=[ItemDecision(1, Outcome.ALREADY_PUBLIC,
                                        "已在本局门户网站“环境影响评价”栏目主动公开")],
                at=at("2026-03-03", 10))
    assert letter.kind == LetterKind.REPLY
    request.refresh_from_db()
    process.refresh_from_db()
    assert request.status == Status.REPLIED
    assert process.status == PROCESS.DONE


def test_a_step_refused_by_the_law_changes_nothing(organ, people):
    request, process = start(organ)
    do(process, "register", people.registrar, at=at("2026-03-03"))
    task = task_claim(task=open_task(process, "triage"), user=people.registrar)
    with pytest.raises(TaskError, match="承办科室"):
        steps.triage(task=task, user=people.registrar, decision=TriageDecision.CLEAR)
    task.refresh_from_db()
    assert task.owner == people.registrar and task.status == "ASSIGNED"
    assert DisclosureRequest.objects.get(pk=request.pk).status == Status.REGISTERED
    assert RequestProcess.objects.get(pk=process.pk).triage_decision == ""


@pytest.mark.parametrize(
    ("outcome", "text"),
    [
        (Outcome.REFUSED_STATE_SECRET, "所申请的应急预案附件经确定为国家秘密（第十四条），不予公开。"),
        (Outcome.NOT_HELD, "经检索本机关档案及业务系统，未制作或获取该信息（第三十六条第四项）。"),
        (Outcome.NOT_THIS_ORGAN, "该信息由莆田市自然资源局负责公开，联系电话0594-2222222。"),
        (Outcome.NEEDS_CREATION, "所需统计分析需另行加工制作（第三十八条）。"),
    ],
)
def test_refusals_and_inability_take_the_same_road_to_the_reply(organ, people, outcome, text):
    request, process = start(organ)
    do(process, "register", people.registrar, at=at("2026-03-03"))
    do(process, "triage", people.registrar, decision=TriageDecision.CLEAR,
       department=people.dept, at=at("2026-03-04"))
    do(process, "handle", people.handler, step=steps.submit_reply,
       decisions=[ItemDecision(
           1, outcome, text,
           responsible_organ=OtherOrganFactory(organ=organ, phone="0594-2222222")
           if outcome == Outcome.NOT_THIS_ORGAN else None,
       )], at=at("2026-03-10"))
    finish_from_review(process, people)
    request.refresh_from_db()
    assert request.status == Status.ARCHIVED
    reply = IssuedLetter.objects.get(request=request, kind=LetterKind.REPLY)
    assert reply.outcome == outcome


def test_a_withdrawal_ends_the_flow(client, organ, people):
    from django.urls import reverse

    request, process = start(organ)
    do(process, "register", people.registrar, at=at("2026-03-03"))
    client.force_login(people.registrar)
    client.post(reverse("workflow:withdraw", args=[request.public_id]),
                {"reason": "申请人来电表示已从其他渠道获得该信息，申请撤回"})
    request.refresh_from_db()
    process.refresh_from_db()
    assert request.status == Status.WITHDRAWN
    assert open_step_names(process) == []
    assert process.status == PROCESS.DONE


def test_the_drafter_is_never_offered_for_reassignment_to_their_own_review(organ, people):
    from workflow.queues import people_who_may_take

    staff(organ, Role.SECRECY_REVIEWER, "handler2", people.office)
    _request, process = start(organ)
    do(process, "register", people.registrar, at=at("2026-03-03"))
    do(process, "triage", people.registrar, decision=TriageDecision.CLEAR,
       department=people.dept, at=at("2026-03-04"))
    do(process, "handle", people.handler2, step=steps.submit_reply,
       decisions=[ItemDecision(1, Outcome.PROVIDED, "提供")], at=at("2026-03-05"))
    candidates = people_who_may_take(open_task(process, "review"))
    assert people.reviewer in candidates
    assert people.handler2 not in candidates
