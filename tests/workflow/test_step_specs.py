"""The step declarations (``workflow.step_specs``): one per human step of the flow; every
step is offered to people its acts accept; every four-eyes rule of the design is declared."""

from __future__ import annotations

import datetime
import re
from pathlib import Path

import pytest
from django.utils import timezone
from viewflow.workflow import flow

from requests.choices import Role
from requests.errors import RequestActError
from requests.models import StaffMembership
from requests.services import request_ask_extension
from requests.services.closing import default_new_last_day
from requests.services.reply import ItemDecision
from tests.factories import UserFactory, at
from tests.workflow import reach
from tests.workflow.flowkit import do, open_task, start
from workflow import acts
from workflow.eligibility import may_take, tasks_offered_to
from workflow.flows import DisclosureFlow
from workflow.models import TriageDecision
from workflow.queues import task_claim
from workflow.step_forms import NOT_PROCESSED_OUTCOMES
from workflow.step_specs import DRAFTER, SPECS, STEPS
from workflow.sweeps import sweep_deadlines

DESIGN = Path(__file__).resolve().parents[3] / "shared" / "DESIGN.md"
TODAY = timezone.localdate


def test_every_human_node_of_the_flow_has_exactly_one_declaration():
    nodes = {node.name for node in DisclosureFlow.instance.nodes() if isinstance(node, flow.View)}
    names = [spec.name for spec in STEPS]
    assert len(names) == len(set(names))
    assert set(names) == nodes
    for spec in STEPS:
        assert spec.node.name == spec.name
        assert str(spec.title) == str(spec.node.task_title)
        assert spec.forms, spec.name
        assert len({form.key for form in spec.forms}) == len(spec.forms)


def test_every_step_is_offered_to_a_role_its_acts_accept():
    for spec in STEPS:
        assert spec.offer.role in spec.service_roles, spec.name


def test_the_opinion_steps_speak_for_each_invited_side_once():
    sources = [spec.opinion_source for spec in STEPS if spec.opinion_source]
    assert sorted(sources) == ["department", "legal", "publicity", "secrecy"]


def _design_four_eyes() -> tuple[set[str], list[str]]:
    """The four-eyes sentence of DESIGN.md §6: what the drafter cannot do with their reply,
    and who else is barred from what."""
    text = " ".join(DESIGN.read_text(encoding="utf-8").split())
    sentence = re.search(r"Nobody approves their own work: (.+?)\.", text).group(1)
    rules = [rule.strip() for rule in sentence.split(";")]
    drafter = re.fullmatch(r"the drafter cannot (.+) the same reply", rules[0]).group(1)
    return {part.strip() for part in drafter.split(" or ")}, rules[1:]


#: The design's words for the steps.
STEP_OF_WORDS = {"review": "review", "sign off": "sign"}


def test_every_four_eyes_rule_of_the_design_is_declared():
    drafter_may_not, others = _design_four_eyes()
    assert drafter_may_not == set(STEP_OF_WORDS)
    declared = {spec.name for spec in STEPS if spec.four_eyes == DRAFTER}
    assert declared == {STEP_OF_WORDS[words] for words in drafter_may_not}
    assert {spec.four_eyes for spec in STEPS} <= {"", DRAFTER}
    # The one rule that is no step (an extension is decided on the request page) is the
    # service's: see test_the_requester_of_an_extension_may_not_decide_it.
    assert others == ["the requester of an extension cannot approve it"]


def test_the_drafter_is_never_offered_nor_may_take_the_review_of_their_draft(organ, people):
    request, process = start(organ)
    do(process, "register", people.registrar)
    do(process, "triage", people.registrar, decision=TriageDecision.CLEAR, department=people.dept)
    StaffMembership.objects.create(
        user=people.handler, organ=organ, role=Role.SECRECY_REVIEWER, department=people.dept
    )
    do(process, "handle", people.handler, decisions=[ItemDecision(1, "provided", "予以公开")],
       step=SPECS["handle"].form("reply").action)
    review = open_task(process, "review")
    assert not may_take(people.handler, review)
    assert review not in tasks_offered_to(people.handler)
    assert may_take(people.reviewer, review)


def test_the_requester_of_an_extension_may_not_decide_it(organ, people):
    request, process = start(organ)
    do(process, "register", people.registrar)
    do(process, "triage", people.registrar, decision=TriageDecision.CLEAR, department=people.dept)
    StaffMembership.objects.create(
        user=people.handler, organ=organ, role=Role.OGI_HEAD, department=people.office
    )
    request.refresh_from_db()
    extension = request_ask_extension(
        request=request, acting_user=people.handler, days=10, reason="需要调取档案"
    )
    request.refresh_from_db()
    with pytest.raises(RequestActError) as refused:
        acts.decide_extension(request=request, acting_user=people.handler, extension=extension,
                              grant=True)
    assert refused.value.code == "four_eyes"


# ---- every step, by someone who holds exactly the role it is offered to --------------------


def _opinions_holder(people, _step):
    """One person holding every invited side's role (their own role is what is tested
    elsewhere in this module)."""
    return people.opinions


def _concluding(organ, people):
    people.opinions = UserFactory(username="opinions")
    for role, department in ((Role.LEGAL_REVIEWER, None), (Role.SECRECY_REVIEWER, None),
                             (Role.DEPARTMENT_HEAD, people.dept),
                             (Role.DEPARTMENT_HEAD, people.publicity)):
        StaffMembership.objects.create(
            user=people.opinions, organ=organ, role=role, department=department
        )
    return reach.concluding_by(_opinions_holder)(organ, people)


def _lapsed(organ, people):
    request, process = start(organ, on=TODAY() - datetime.timedelta(days=60))
    do(process, "register", people.registrar, at=at(TODAY() - datetime.timedelta(days=59)))
    do(process, "triage", people.registrar, decision=TriageDecision.CORRECTION,
       points="请写明所需信息的名称或文号。", at=at(TODAY() - datetime.timedelta(days=58)))
    sweep_deadlines(TODAY())
    return request, process


REACH = {
    "register": lambda organ, people: start(organ),
    "triage": reach.registered,
    "await_correction": reach.triaged(TriageDecision.CORRECTION, points="请写明所需信息的名称或文号。"),
    "confirm_lapse": _lapsed,
    "ask_reasons": reach.triaged(TriageDecision.BULK),
    "decide_reasons": reach.bulk,
    "draft_not_processed": reach.triaged(TriageDecision.NOT_PROCESSED),
    "handle": reach.handling,
    "opinion_legal": reach.sensitive,
    "opinion_secrecy": reach.sensitive,
    "opinion_publicity": reach.sensitive,
    "opinion_department": reach.sensitive,
    "conclude": _concluding,
    "review": reach.drafted,
    "sign": reach.signing,
    "dispatch": reach.dispatching,
    "archive": reach.archiving,
}

#: Valid arguments of each form's step function.
ARGUMENTS = {
    ("register", "register"): lambda request, people: {},
    ("triage", "triage"): lambda request, people: {
        "decision": TriageDecision.CLEAR, "department": people.dept},
    ("await_correction", "correction"): lambda request, people: {},
    ("confirm_lapse", "confirm"): lambda request, people: {},
    ("confirm_lapse", "good_reason"): lambda request, people: {
        "reason": "补正材料已于期限内交邮，邮件在途",
        "new_last_day": default_new_last_day(request, TODAY())},
    ("ask_reasons", "ask"): lambda request, people: {
        "applications_count": 46, "period": "2026年1月至3月",
        "respond_by": TODAY() + datetime.timedelta(days=20)},
    ("decide_reasons", "decide"): lambda request, people: {
        "accepted": True, "note": "申请人说明了用于课题研究，理由合理"},
    ("draft_not_processed", "draft"): lambda request, people: {
        "outcome": NOT_PROCESSED_OUTCOMES[0], "text": "不属于政府信息公开申请"},
    ("handle", "reply"): lambda request, people: {
        "decisions": [ItemDecision(1, "provided", "予以公开，见附件")]},
    ("handle", "sensitive"): lambda request, people: {
        "reason": "社会关注度高", "invited": ["legal"]},
    **{(name, "opinion"): (lambda request, people: {"opinion": "同意公开"})
       for name in ("opinion_legal", "opinion_secrecy", "opinion_publicity",
                    "opinion_department")},
    ("conclude", "conclude"): lambda request, people: {"conclusion": "依法予以公开"},
    ("review", "review"): lambda request, people: {"passed": True, "comment": "不涉及国家秘密"},
    ("sign", "sign"): lambda request, people: {"approved": True, "comment": "同意"},
    ("dispatch", "dispatch"): lambda request, people: {
        "delivery_method": "electronic_delivery", "delivered_on": TODAY()},
    ("archive", "archive"): lambda request, people: {},
}

CASES = [(spec.name, form.key) for spec in STEPS for form in spec.forms]


def test_every_form_of_every_step_is_tried_below():
    assert set(ARGUMENTS) == set(CASES)
    assert set(REACH) == set(SPECS)


def _taker(organ, people, spec, request):
    """Someone holding exactly the offered role, in the department the offer names."""
    offer = spec.offer
    department = None
    if offer.department == "request":
        department = request.department
    elif offer.department == "publicity":
        department = people.publicity
    user = UserFactory(username=f"only-{spec.name}")
    StaffMembership.objects.create(user=user, organ=organ, role=offer.role, department=department)
    return user


@pytest.mark.parametrize(("step", "key"), CASES, ids=[f"{s}:{k}" for s, k in CASES])
def test_the_person_a_step_is_offered_to_may_do_it(organ, people, step, key):
    people.publicity = _publicity_department(organ)
    spec = SPECS[step]
    request, process = REACH[step](organ, people)
    request.refresh_from_db()
    taker = _taker(organ, people, spec, request)
    task = open_task(process, step)
    assert task in tasks_offered_to(taker)
    task = task_claim(task=task, user=taker)
    spec.form(key).action(task=task, user=taker, **ARGUMENTS[(step, key)](request, people))
    task.refresh_from_db()
    assert task.status == "DONE"


def _publicity_department(organ):
    from tests.factories import DepartmentFactory

    department = DepartmentFactory(organ=organ, name="宣教中心")
    department.is_publicity = True
    department.save()
    return department
