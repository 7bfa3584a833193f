"""A request being handled, for the records' tests here and on the staff pages."""

from types import SimpleNamespace

from django.core.files.uploadedfile import SimpleUploadedFile

from tests.workflow.flowkit import do, open_task, start
from workflow.models import TriageDecision
from workflow.queues import task_claim

ITEMS = [
    "2025年第三季度木兰溪各断面水质监测报告",
    "莆田市城厢区华亭镇某化工企业2025年排污许可证及执行报告",
]


def being_handled(organ, people, **kwargs) -> SimpleNamespace:
    """A request with two items, registered, sent to ``people.dept``, its handling task
    held by ``people.handler``."""
    request, process = start(organ, items=ITEMS, **kwargs)
    do(process, "register", people.registrar)
    do(process, "triage", people.registrar, decision=TriageDecision.CLEAR, department=people.dept)
    task = task_claim(task=open_task(process, "handle"), user=people.handler)
    request.refresh_from_db()
    first, second = request.items.order_by("position")
    return SimpleNamespace(request=request, process=process, task=task, first=first,
                           second=second)


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")
