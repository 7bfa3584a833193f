"""Cases brought to a step of the flow through the real steps, for the tests that need a
case standing at every step (the step declarations' test, the fuzzing)."""

from __future__ import annotations

import datetime

from django.utils import timezone

from requests.choices import Channel
from requests.services.reply import ItemDecision
from workflow.models import TriageDecision
from workflow.step_specs import SPECS

from .flowkit import do, start

TODAY = timezone.localdate
OPINION_STEPS = [name for name, spec in SPECS.items() if spec.opinion_source]


def entered(organ, people, channel):
    """An application on paper (or given orally), entered by a registrar."""
    return start(organ, channel=channel, entered_by=people.registrar,
                 on=TODAY() - datetime.timedelta(days=3))


def registered(organ, people, channel=Channel.ONLINE):
    request, process = (
        start(organ) if channel == Channel.ONLINE else entered(organ, people, channel)
    )
    do(process, "register", people.registrar)
    return request, process


def triaged(decision, **kwargs):
    """A builder: registered, then triaged with ``decision``."""

    def build(organ, people):
        request, process = registered(organ, people)
        do(process, "triage", people.registrar, decision=decision, **kwargs)
        return request, process

    return build


def handling(organ, people):
    return triaged(TriageDecision.CLEAR, department=people.dept)(organ, people)


def bulk(organ, people):
    request, process = triaged(TriageDecision.BULK)(organ, people)
    do(process, "ask_reasons", people.ogi_head, applications_count=46, period="2026年1月至3月",
       respond_by=TODAY() + datetime.timedelta(days=20))
    return request, process


def sensitive(organ, people):
    request, process = handling(organ, people)
    do(process, "handle", people.handler, step=SPECS["handle"].form("sensitive").action,
       reason="涉及突发环境事件调查，社会关注度高",
       invited=["legal", "secrecy", "publicity", "department"])
    return request, process


def concluding_by(opinion_holder):
    """A builder: flagged sensitive, every invited side's opinion given by
    ``opinion_holder(people, step name)``."""

    def build(organ, people):
        request, process = sensitive(organ, people)
        for name in OPINION_STEPS:
            do(process, name, opinion_holder(people, name), opinion="同意公开")
        return request, process

    return build


def drafted(organ, people):
    request, process = handling(organ, people)
    do(process, "handle", people.handler, step=SPECS["handle"].form("reply").action,
       decisions=[ItemDecision(1, "provided", "予以公开，见附件")])
    return request, process


def signing(organ, people):
    request, process = drafted(organ, people)
    do(process, "review", people.reviewer, passed=True, comment="不涉及国家秘密")
    return request, process


def dispatching(organ, people):
    request, process = signing(organ, people)
    do(process, "sign", people.leader, approved=True, comment="同意")
    return request, process


def archiving(organ, people):
    request, process = dispatching(organ, people)
    do(process, "dispatch", people.registrar, delivery_method="electronic_delivery",
       delivered_on=TODAY())
    return request, process
