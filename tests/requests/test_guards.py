"""The guards of the legal acts: one-time correction and extension, the four-eyes rule,
the ways to ``replied``, sensitive cases, archived files and the organ's boundary.

Every refusal says why and changes nothing (``snapshot`` before == after).
"""

import datetime
from types import SimpleNamespace

import pytest

from requests.choices import (
    Channel,
    ConsultationResult,
    ConsultedParty,
    FeeStandard,
    Role,
    Status,
)
from requests.errors import RequestActError
from requests.models import DisclosureRequest
from requests.services import (
    request_ask_extension,
    request_close_consultation,
    request_flag_sensitive,
    request_grant_extension,
    request_issue_correction_notice,
    request_issue_fee_notice,
    request_pass_confidentiality_review,
    request_record_payment,
    request_refuse_extension,
    request_register,
    request_return_from_review,
    request_sign_off,
    request_submit_for_review,
    request_triage,
)
from tests.factories import DepartmentFactory, OrganFactory, at, staff, submit
from tests.requests import machine as m
from tests.requests.machine import DUE_ON, build, snapshot

S = Status
D = datetime.date.fromisoformat
REASON = "涉及2019年至2025年多个年度的监测档案，需要调阅和整理"


def refused(request, perform, match):
    """Assert that ``perform()`` is refused with a message matching ``match`` and that
    nothing changed; return the error."""
    before = snapshot(request)
    with pytest.raises(RequestActError, match=match) as error:
        perform()
    assert snapshot(request) == before
    assert request.status == before["request"]["status"]
    return error.value


def ask(request, user, days=10, when="2026-03-20"):
    return request_ask_extension(request=request, acting_user=user, days=days, reason=REASON,
                                 at=at(when))


def grant(request, user, extension, when="2026-03-23"):
    return request_grant_extension(request=request, acting_user=user, extension=extension,
                                   at=at(when))


# ---- correction (Art. 30) -----------------------------------------------------------------

def test_a_second_correction_notice_is_refused(organ, people):
    request = build(S.AWAITING_CORRECTION, organ, people)
    m.receive_correction(request, people, at("2026-03-10"))
    m.triage(request, people, at("2026-03-11"))
    assert request.status == S.PROCESSING

    error = refused(
        request,
        lambda: request_issue_correction_notice(
            request=request, acting_user=people.handler, points="请再补充项目地址",
            at=at("2026-03-12"),
        ),
        "补正告知只能发出一次",
    )
    assert error.code == "second_correction"


def test_a_correction_notice_needs_its_points(organ, people):
    request = build(S.REGISTERED, organ, people)
    refused(
        request,
        lambda: request_issue_correction_notice(request=request, acting_user=people.registrar,
                                                points="  ", at=at("2026-03-04")),
        "请逐项写明需要补正的事项",
    )


# ---- extension (Art. 33) ------------------------------------------------------------------

def test_an_extension_moves_the_due_date_by_exactly_its_days(organ, people):
    request = build(S.PROCESSING, organ, people)
    extension = ask(request, people.handler)
    assert request.due_on == DUE_ON  # asking alone changes nothing
    grant(request, people.ogi_head, extension)
    extension.refresh_from_db()
    assert extension.approved_by == people.ogi_head
    # 03-31 + 10 working days, Qingming (04-04..06) skipped
    assert extension.new_due_on == request.due_on == D("2026-04-15")


def test_a_second_extension_is_refused(organ, people):
    request = build(S.PROCESSING, organ, people)
    grant(request, people.ogi_head, ask(request, people.handler))
    error = refused(request, lambda: ask(request, people.handler, 5, "2026-03-24"),
                    "延期答复只能一次")
    assert error.code == "second_extension"


def test_a_second_pending_extension_request_is_refused(organ, people):
    request = build(S.PROCESSING, organ, people)
    ask(request, people.handler)
    refused(request, lambda: ask(request, people.handler2, 5, "2026-03-23"),
            "已有待审批的延期申请")


def test_after_a_refusal_the_handler_may_ask_again(organ, people):
    request = build(S.PROCESSING, organ, people)
    first = ask(request, people.handler, 20)
    request_refuse_extension(request=request, acting_user=people.ogi_head, extension=first,
                             reason="理由不充分", at=at("2026-03-23"))
    second = ask(request, people.handler, 5, "2026-03-24")
    grant(request, people.ogi_head, second, "2026-03-25")
    assert request.due_on == D("2026-04-08")


@pytest.mark.parametrize("days", [21, 30, 0, -1])
def test_an_extension_of_more_than_20_working_days_is_refused(organ, people, days):
    request = build(S.PROCESSING, organ, people)
    refused(request, lambda: ask(request, people.handler, days), "最长不得超过20个工作日")


def test_an_extension_of_exactly_20_working_days_is_allowed(organ, people):
    request = build(S.PROCESSING, organ, people)
    grant(request, people.ogi_head, ask(request, people.handler, 20))
    assert request.due_on == D("2026-04-29")


def test_nobody_approves_their_own_extension(organ, people):
    # The OGI office head also registers applications, and asks for more time himself.
    staff(organ, Role.REGISTRAR, "ogi_head", people.office)
    request = build(S.PROCESSING, organ, people)
    extension = ask(request, people.ogi_head)
    for decide in (
        lambda: grant(request, people.ogi_head, extension),
        lambda: request_refuse_extension(request=request, acting_user=people.ogi_head,
                                         extension=extension, reason="无",
                                         at=at("2026-03-23")),
    ):
        error = refused(request, decide, "不能审批本人提出的延期申请")
        assert error.code == "four_eyes"


@pytest.mark.parametrize("who", ["leader", "handler2", "registrar", "supervisor"])
def test_only_the_head_of_the_ogi_office_approves_an_extension(organ, people, who):
    request = build(S.PROCESSING, organ, people)
    extension = ask(request, people.handler)
    error = refused(request, lambda: grant(request, getattr(people, who), extension),
                    "政府信息公开工作机构负责人")
    assert error.code == "role"


def test_an_extension_after_the_due_date_is_refused(organ, people):
    request = build(S.PROCESSING, organ, people)
    extension = ask(request, people.handler, 10, "2026-03-31")
    error = refused(request, lambda: grant(request, people.ogi_head, extension, "2026-04-01"),
                    "延期须在答复期限届满前决定")
    assert error.code == "too_late"


def test_an_extension_may_still_be_granted_on_the_due_date(organ, people):
    request = build(S.PROCESSING, organ, people)
    extension = ask(request, people.handler, 10, "2026-03-30")
    grant(request, people.ogi_head, extension, "2026-03-31")
    assert request.due_on == D("2026-04-15")


def test_an_extension_is_not_granted_once_the_request_is_withdrawn(organ, people):
    request = build(S.PROCESSING, organ, people)
    extension = ask(request, people.handler)
    m.withdraw(request, people, at("2026-03-23"))
    refused(request, lambda: grant(request, people.ogi_head, extension, "2026-03-24"),
            "申请当前状态为「已撤回」")


# ---- four eyes on the reply ----------------------------------------------------------------

@pytest.fixture
def versatile(organ, people):
    """A handler of 污防科 who is also the secrecy reviewer and a signing leader."""
    user = staff(organ, Role.HANDLER, "versatile", people.dept)
    staff(organ, Role.SECRECY_REVIEWER, "versatile", people.office)
    staff(organ, Role.SIGNING_LEADER, "versatile")
    return user


def test_the_drafter_cannot_pass_the_confidentiality_review(organ, people, versatile):
    request = build(S.PROCESSING, organ, people)
    m.draft(request, people, user=versatile)
    m.submit_for_review(request, people)
    for review in (
        lambda: request_pass_confidentiality_review(request=request, acting_user=versatile,
                                                    at=at(m.REVIEWED_ON)),
        lambda: request_return_from_review(request=request, acting_user=versatile,
                                           reason="自审退回", at=at(m.REVIEWED_ON)),
    ):
        error = refused(request, review, "不能对本人拟写的答复进行保密审查")
        assert error.code == "four_eyes"
    m.pass_review(request, people)
    assert request.status == S.SIGN_OFF


def test_the_drafter_cannot_sign_off_the_reply(organ, people, versatile):
    request = build(S.PROCESSING, organ, people)
    m.draft(request, people, user=versatile)
    m.submit_for_review(request, people)
    m.pass_review(request, people)
    error = refused(
        request,
        lambda: request_sign_off(request=request, acting_user=versatile, at=at(m.REPLIED_ON)),
        "不能签发本人拟写的答复",
    )
    assert error.code == "four_eyes"
    m.sign_off(request, people)
    assert request.signed_off_by == people.leader


def test_a_reviewer_who_did_not_draft_may_review_and_sign(organ, people, versatile):
    request = build(S.PROCESSING, organ, people)
    m.draft(request, people)  # drafted by people.handler
    m.submit_for_review(request, people)
    request_pass_confidentiality_review(request=request, acting_user=versatile,
                                        at=at(m.REVIEWED_ON))
    request_sign_off(request=request, acting_user=versatile, at=at(m.REPLIED_ON))
    assert request.reviewed_by == request.signed_off_by == versatile


def test_a_reply_is_signed_off_only_once(organ, people):
    request = build(S.SIGN_OFF, organ, people)
    m.sign_off(request, people)
    refused(request, lambda: m.sign_off(request, people, at("2026-03-10", 11)), "该答复已经签发")


# ---- the only ways to `replied` -------------------------------------------------------------

@pytest.mark.parametrize("status", [S.PROCESSING, S.CONFIDENTIALITY_REVIEW, S.SIGN_OFF])
def test_a_reply_goes_out_only_after_sign_off(organ, people, status):
    request = build(status, organ, people)
    if status == S.PROCESSING:
        m.draft(request, people)
    error = refused(request, lambda: m.reply(request, people),
                    f"申请当前状态为「{S(status).label}」，不能办理「答复」")
    assert error.code == "transition_not_allowed"


def test_a_reply_sent_back_from_sign_off_cannot_go_out(organ, people):
    request = build(S.SIGN_OFF, organ, people)
    m.sign_off(request, people)
    m.return_from_sign_off(request, people, at("2026-03-10", 11))
    refused(request, lambda: m.reply(request, people, at("2026-03-10", 12)), "不能办理「答复」")


def in_person(organ, people, channel=Channel.IN_PERSON, on="2026-03-03"):
    request = submit(organ, on=on, channel=channel, entered_by=people.registrar)
    m.register(request, people, at("2026-03-03", 10))
    return request


@pytest.mark.parametrize("channel", [Channel.ONLINE, Channel.EMAIL, Channel.REGISTERED_POST])
def test_no_reply_on_the_spot_for_an_application_not_made_in_person(organ, people, channel):
    entered_by = None if channel == Channel.ONLINE else people.registrar
    request = submit(organ, on="2026-03-03", channel=channel, entered_by=entered_by)
    request_register(request=request, acting_user=people.registrar,
                     post_signed_on=D("2026-03-03"), at=at("2026-03-03", 10))
    assert request.received_on == D("2026-03-03")
    m.draft(request, people, at("2026-03-03", 10), user=people.registrar)
    refused(request, lambda: m.reply_on_the_spot(request, people, at("2026-03-03", 11)),
            "当场答复只适用于当日当面提出的申请")


def test_no_reply_on_the_spot_on_a_later_day(organ, people):
    request = in_person(organ, people)
    m.draft(request, people, at("2026-03-03", 10), user=people.registrar)
    refused(request, lambda: m.reply_on_the_spot(request, people, at("2026-03-04")),
            "当场答复只适用于当日当面提出的申请")


def test_no_reply_on_the_spot_when_it_was_handed_in_on_an_earlier_day(organ, people):
    request = in_person(organ, people, on="2026-03-02")  # handed in Monday, registered Tuesday
    m.draft(request, people, at("2026-03-03", 10), user=people.registrar)
    refused(request, lambda: m.reply_on_the_spot(request, people, at("2026-03-03", 11)),
            "当场答复只适用于当日当面提出的申请")


def test_no_reply_on_the_spot_without_a_drafted_reply(organ, people):
    request = in_person(organ, people, channel=Channel.ORAL)
    refused(request, lambda: m.reply_on_the_spot(request, people, at("2026-03-03", 11)),
            "请先拟写答复")


def test_no_reply_on_the_spot_once_the_case_went_to_a_department(organ, people):
    request = in_person(organ, people)
    m.triage(request, people, at("2026-03-03", 10))
    m.draft(request, people, at("2026-03-03", 10))
    refused(request, lambda: m.reply_on_the_spot(request, people, at("2026-03-03", 11)),
            "申请当前状态为「办理中」，不能办理「当场答复」")


# ---- sensitive cases -------------------------------------------------------------------------

def test_a_sensitive_case_goes_to_review_only_after_the_meeting_concluded(organ, people):
    request = build(S.CONSULTATION, organ, people)
    refused(request, lambda: m.draft(request, people), "申请当前状态为「会商」，不能拟写答复")
    refused(request, lambda: m.submit_for_review(request, people),
            "申请当前状态为「会商」，不能办理「提交保密审查」")
    m.hold_meeting(request, people)
    m.draft(request, people, at("2026-03-09"))
    m.submit_for_review(request, people, at("2026-03-09"))
    assert request.status == S.CONFIDENTIALITY_REVIEW


def test_a_sensitive_mark_without_a_concluded_meeting_blocks_the_review(organ, people):
    """Defence in depth: should a request be marked sensitive other than by the act (a data
    import, a repair), the review still waits for a concluded coordination meeting."""
    request = build(S.PROCESSING, organ, people)
    m.draft(request, people)
    DisclosureRequest.objects.filter(pk=request.pk).update(is_sensitive=True)
    request.refresh_from_db()
    error = refused(
        request,
        lambda: request_submit_for_review(request=request, acting_user=people.handler,
                                          at=at(m.DRAFTED_ON)),
        "敏感申请须经协调会商形成结论后",
    )
    assert error.code == "coordination"


def test_the_sensitive_flag_needs_a_reason(organ, people):
    request = build(S.PROCESSING, organ, people)
    refused(request, lambda: request_flag_sensitive(request=request, acting_user=people.handler,
                                                    reason=" ", at=at(m.PAUSED_ON)),
            "请写明标记为敏感申请的理由")


def test_submitting_for_review_needs_a_draft(organ, people):
    request = build(S.PROCESSING, organ, people)
    refused(request, lambda: m.submit_for_review(request, people), "请先拟写答复")


# ---- consultations, fees -----------------------------------------------------------------

def test_no_consultation_is_closed_once_the_request_was_withdrawn(organ, people):
    request = build(S.PROCESSING, organ, people)
    company = m.open_consultation(request, people)
    m.open_consultation(request, people, kind=ConsultedParty.CO_ORGAN, name=m.CO_ORGAN)
    m.withdraw(request, people, at("2026-03-10"))
    refused(
        request,
        lambda: request_close_consultation(request=request, acting_user=people.handler,
                                           consultation=company,
                                           result=ConsultationResult.CONSENT,
                                           at=at("2026-03-11")),
        "申请当前状态为「已撤回」",
    )


def test_a_consultation_is_closed_once(organ, people):
    request = build(S.PROCESSING, organ, people)
    company = m.open_consultation(request, people)
    m.open_consultation(request, people, kind=ConsultedParty.CO_ORGAN, name=m.CO_ORGAN)
    m.close_consultation(request, people, at("2026-03-10"), consultation=company)
    refused(request, lambda: m.close_consultation(request, people, at("2026-03-11"),
                                                  consultation=company), "该征求意见已经结束")


def test_a_consultation_of_another_request_is_not_closed_here(organ, people):
    request = build(S.THIRD_PARTY_CONSULTATION, organ, people)
    other = build(S.THIRD_PARTY_CONSULTATION, organ, people)
    refused(request, lambda: m.close_consultation(request, people, at("2026-03-10"),
                                                  consultation=other.consultations.get()),
            "该征求意见不属于此申请")


def test_payment_after_the_period_is_refused(organ, people):
    request = build(S.AWAITING_FEE, organ, people)
    error = refused(
        request,
        lambda: request_record_payment(request=request, acting_user=people.handler,
                                       at=at("2026-04-03")),
        "已超过缴费期限",
    )
    assert error.code == "too_late"


def test_no_fee_below_the_free_allowance(organ, people):
    request = build(S.PROCESSING, organ, people)
    refused(request, lambda: request_issue_fee_notice(
        request=request, acting_user=people.handler, standard=FeeStandard.PER_PAGE, quantity=30,
        at=at(m.PAUSED_ON),
    ), "未超过免费范围")


def test_registered_post_needs_the_day_it_was_signed_for(organ, people):
    request = submit(organ, on=m.SUBMITTED_ON, channel=Channel.REGISTERED_POST,
                     entered_by=people.registrar)
    refused(request, lambda: m.register(request, people), "信函申请需填写签收日期")


# ---- archived: nothing changes any more ---------------------------------------------------

def test_an_archived_request_cannot_be_saved_directly(organ, people):
    stale = build(S.REPLIED, organ, people)
    loaded_before = DisclosureRequest.objects.get(pk=stale.pk)
    m.archive(stale, people)
    archived = DisclosureRequest.objects.get(pk=stale.pk)
    before = snapshot(archived)

    archived.purpose = "改写用途"
    with pytest.raises(RequestActError, match="已归档的申请不能再作任何变更"):
        archived.save()
    with pytest.raises(RequestActError, match="已归档的申请不能再作任何变更"):
        archived.save(update_fields=["purpose"])
    # a copy loaded before archiving (status ``replied`` in memory) is refused too
    loaded_before.decision_text = "改写答复意见"
    with pytest.raises(RequestActError, match="已归档的申请不能再作任何变更"):
        loaded_before.save()
    assert snapshot(archived) == before


def test_no_extension_act_on_an_archived_request(organ, people):
    request = build(S.PROCESSING, organ, people)
    extension = ask(request, people.handler, 10, "2026-03-05")
    m.draft(request, people)
    m.submit_for_review(request, people)
    m.pass_review(request, people)
    m.sign_off(request, people)
    m.reply(request, people)
    m.archive(request, people)
    for act in (
        lambda: grant(request, people.ogi_head, extension, "2026-03-12"),
        lambda: request_refuse_extension(request=request, acting_user=people.ogi_head,
                                         extension=extension, reason="已办结",
                                         at=at("2026-03-12")),
        lambda: ask(request, people.handler2, 5, "2026-03-12"),
    ):
        error = refused(request, act, "已归档的申请不能再作任何变更")
        assert error.code == "archived"


# ---- the organ's boundary ---------------------------------------------------------------------

@pytest.fixture
def other_organ():
    """Staff of another organ of the same city, one per role."""
    organ = OrganFactory(
        name="莆田市自然资源局", short_name="莆田市自然资源局", code="PTZR",
        letter_number_prefix="莆自然资源信公开",
    )
    office = DepartmentFactory(organ=organ, name="办公室")
    dept = DepartmentFactory(organ=organ, name="污防科")
    return SimpleNamespace(
        organ=organ, office=office, dept=dept,
        registrar=staff(organ, Role.REGISTRAR, "zr_registrar", office),
        handler=staff(organ, Role.HANDLER, "zr_handler", dept),
        reviewer=staff(organ, Role.SECRECY_REVIEWER, "zr_reviewer", office),
        ogi_head=staff(organ, Role.OGI_HEAD, "zr_ogi_head", office),
        leader=staff(organ, Role.SIGNING_LEADER, "zr_leader"),
    )


def _signed_off(request, people):
    m.sign_off(request, people)


def _drafted(request, people):
    m.draft(request, people)


#: act -> (status, preparation by this organ's people, the act by someone of ``p``)
ACROSS = {
    "register": (S.RECEIVED, None, m.register),
    "triage": (S.REGISTERED, None, m.triage),
    "issue_correction_notice": (S.REGISTERED, None, m.issue_correction),
    "receive_correction": (S.AWAITING_CORRECTION, None,
                           lambda r, p: m.receive_correction(r, p, at("2026-03-10"))),
    "ask_reasons": (S.REGISTERED, None, m.ask_reasons),
    "open_consultation": (S.PROCESSING, None, m.open_consultation),
    "close_consultation": (S.THIRD_PARTY_CONSULTATION, None,
                           lambda r, p: m.close_consultation(r, p, at("2026-03-10"))),
    "issue_fee_notice": (S.PROCESSING, None, m.issue_fee_notice),
    "record_payment": (S.AWAITING_FEE, None, lambda r, p: m.record_payment(r, p, at("2026-03-10"))),
    "flag_sensitive": (S.PROCESSING, None, m.flag_sensitive),
    "hold_coordination_meeting": (S.CONSULTATION, None, m.hold_meeting),
    "draft_reply": (S.PROCESSING, None, m.draft),
    "submit_for_review": (S.PROCESSING, _drafted, m.submit_for_review),
    "pass_confidentiality_review": (S.CONFIDENTIALITY_REVIEW, None, m.pass_review),
    "return_from_review": (S.CONFIDENTIALITY_REVIEW, None, m.return_from_review),
    "sign_off": (S.SIGN_OFF, None, m.sign_off),
    "return_from_sign_off": (S.SIGN_OFF, None, m.return_from_sign_off),
    "reply": (S.SIGN_OFF, _signed_off, m.reply),
    "abandon": (S.AWAITING_CORRECTION, None, m.abandon),
    "withdraw": (S.PROCESSING, None, m.withdraw),
    "archive": (S.REPLIED, None, m.archive),
    "ask_extension": (S.PROCESSING, None, lambda r, p: m.ask_extension(r, p, at("2026-03-05"))),
}


@pytest.mark.parametrize("act", list(ACROSS))
def test_staff_of_another_organ_are_refused_before_anything_is_revealed(organ, people, other_organ,
                                                                  act):
    status, prepare, perform = ACROSS[act]
    request = build(status, organ, people)
    if prepare:
        prepare(request, people)
    error = refused(request, lambda: perform(request, other_organ), "您无权办理此申请")
    assert error.code == "forbidden"
    # the same act by this organ's own staff goes through
    perform(request, people)
    assert DisclosureRequest.objects.get(pk=request.pk).version == request.version


@pytest.mark.parametrize("decision", ["grant", "refuse"])
def test_another_organs_ogi_head_cannot_decide_an_extension(organ, people, other_organ,
                                                            decision):
    request = build(S.PROCESSING, organ, people)
    extension = ask(request, people.handler)

    def decide(p):
        if decision == "grant":
            return grant(request, p.ogi_head, extension)
        return request_refuse_extension(request=request, acting_user=p.ogi_head,
                                        extension=extension, reason="理由不充分",
                                        at=at("2026-03-23"))

    refused(request, lambda: decide(other_organ), "您无权办理此申请")
    decide(people)


def test_reply_on_the_spot_by_another_organs_registrar_is_refused(organ, people, other_organ):
    request = in_person(organ, people)
    m.draft(request, people, at("2026-03-03", 10), user=people.registrar)
    refused(request, lambda: m.reply_on_the_spot(request, other_organ, at("2026-03-03", 11)),
            "您无权办理此申请")
    m.reply_on_the_spot(request, people, at("2026-03-03", 11))
    assert request.status == S.REPLIED


def test_a_request_is_routed_only_to_a_department_of_its_own_organ(organ, people, other_organ):
    request = build(S.REGISTERED, organ, people)
    refused(request, lambda: request_triage(request=request, acting_user=people.registrar,
                                            department=other_organ.dept,
                                            at=at(m.TRIAGED_ON)),
            "只能分办给本机关的科室")


def test_the_handler_of_another_department_cannot_work_on_the_case(organ, people):
    request = build(S.PROCESSING, organ, people)  # routed to 污防科
    other = people.other_handler  # 环审科
    refused(request, lambda: m.draft(request, SimpleNamespace(handler=other)),
            "您在本机关没有办理此事项的岗位")
    refused(request, lambda: m.open_consultation(request, SimpleNamespace(handler=other)),
            "您在本机关没有办理此事项的岗位")


@pytest.mark.parametrize("status", [S.ARCHIVED, S.SIGN_OFF])
def test_another_organs_staff_learn_nothing_about_the_request(organ, people, other_organ, status):
    request = build(status, organ, people)
    error = refused(request, lambda: m.withdraw(request, other_organ), "您无权办理此申请")
    assert error.code == "forbidden"
    assert "已归档" not in str(error) and "审签" not in str(error)


def test_withdrawal_ends_open_consultations_and_pending_extensions(organ, people):
    request = build(S.PROCESSING, organ, people)
    extension = ask(request, people.handler)
    m.open_consultation(request, people)
    m.withdraw(request, people, at("2026-03-12"))
    assert request.status == S.WITHDRAWN
    assert not request.consultations.filter(closed_on__isnull=True).exists()
    assert request.consultations.get().closed_on == datetime.date(2026, 3, 12)
    extension.refresh_from_db()
    assert extension.refused is True
    assert request.clock_events.filter(kind="pause_ended").count() == 1
