"""Driving a portal request through the flow in tests."""

from __future__ import annotations

from portal.services import portal_submit
from requests.choices import InformationForm, ObtainMethod
from requests.models import DisclosureRequest
from requests.services.intake import ItemData
from tests.factories import at, natural_person
from tests.workflow.flowkit import do
from workflow.models import TriageDecision

ITEM = "莆田市2025年度城厢区华亭镇某化工企业环境影响评价报告书及批复文件"


def online(organ, account, *, items=(ITEM,), on="2026-03-02", address="203.0.113.7", **applicant):
    """An application submitted online by ``account`` (in the flow, not yet registered)."""
    return portal_submit(
        account=account,
        address=address,
        organ=organ,
        applicant=natural_person(email=account.email, **applicant),
        items=[ItemData(text) for text in items],
        form_wanted=InformationForm.ELECTRONIC_FILE,
        obtain_method=ObtainMethod.ONLINE_DOWNLOAD,
        at=at(on, 9),
    )


def process_of(request: DisclosureRequest):
    return request.process


def registered(organ, people, account, *, today=False, **kwargs) -> DisclosureRequest:
    request = online(organ, account, **kwargs)
    do(request.process, "register", people.registrar, at=None if today else at("2026-03-03"))
    request.refresh_from_db()
    return request


def awaiting_correction(organ, people, account, **kwargs) -> DisclosureRequest:
    """Registered and asked for a correction today (so the correction period is running)."""
    request = registered(organ, people, account, today=True, **kwargs)
    do(request.process, "triage", people.registrar, decision=TriageDecision.CORRECTION,
       points="请写明所需环评报告书对应的建设项目名称和建设单位。")
    request.refresh_from_db()
    return request


def in_processing(organ, people, account, **kwargs) -> DisclosureRequest:
    request = registered(organ, people, account, **kwargs)
    do(request.process, "triage", people.registrar, decision=TriageDecision.CLEAR,
       department=people.dept, at=at("2026-03-04"))
    request.refresh_from_db()
    return request
