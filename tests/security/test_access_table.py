"""Who may open each URL of the project: one table, every pattern of the URLconf.

The patterns are read from the URLconf (``include()``s walked); a pattern without a row in
``TABLE`` fails the test, so a new URL cannot be added without saying who may use it. Left
out: the admin (``admin/``, walked model by model in ``test_admin_isolation``). Django's
``set_language`` (``i18n/``) is in the table like the project's own.

For each URL, with organ 1's real objects as its arguments, GET and POST (where the view
takes POST): the anonymous visitor is sent to a login page or refused; applicant B is
refused on applicant A's objects; staff of another organ holding every role are refused on
organ 1's objects; an applicant is refused on staff pages and staff on the applicant's; no
answer is a 500, and no refused answer shows A's data. The person the rule names gets in.
Acts reserved to one role (withdrawal, delivery, extension decision, queue actions) are then
tried by the other roles: refused, and nothing changes.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from viewflow.workflow.status import STATUS

from letters.models import IssuedLetter
from records.preparation import record_prepare
from records.services import record_attach
from requests.choices import Role, Status
from requests.models import AuditEvent, StaffMembership
from requests.models.attachment import AttachmentKind
from requests.services import attachment_store, request_ask_extension
from tests.factories import DepartmentFactory, OrganFactory, staff
from tests.portal.conftest import make_applicant, pdf
from tests.portal.kit import in_processing
from tests.records.releasekit import released_file
from tests.workflow.flowkit import open_task
from workflow.models import TaskDraft, TaskLog
from workflow.queues import task_claim

pytestmark = pytest.mark.django_db

GET, POST = "GET", "POST"


@dataclass(frozen=True)
class Rule:
    """``who``: the kind of person the URL is for; ``allowed``: the person of the world
    who gets in (``None`` for a POST-only act tried in its own test); ``methods``: what the
    view answers."""

    who: str
    allowed: str | None
    methods: tuple[str, ...] = (GET,)


PUBLIC = "public"  # anyone, signed in or not
APPLICANT = "applicant"  # any signed-in applicant, on their own things
OWNER = "owner"  # applicant A alone, on A's request
STAFF = "staff"  # staff of organ 1 (object URLs), any staff (lists of their own organs)
REGISTRAR = "registrar"
SUPERVISOR = "supervisor"
HOLDER = "holder"  # the holder of the task
OWNER_OR_STAFF = "owner_or_staff"

TABLE: dict[str, Rule] = {
    "landing": Rule(PUBLIC, "anonymous"),
    "admin_login": Rule(PUBLIC, "anonymous"),
    # The second factor's steps between the password and the session (a person half
    # logged in); the tests run with the second factor off, so they lead on or back.
    "accounts:verify": Rule(PUBLIC, "anonymous", (GET, POST)),
    "accounts:setup": Rule(PUBLIC, "anonymous", (GET, POST)),
    "accounts:backup_codes": Rule(STAFF, None, (GET, POST)),
    # Resetting a colleague's second factor: superusers and an organ's administrators.
    "accounts:staff": Rule(STAFF, None),
    "accounts:staff_reset": Rule(STAFF, None, (POST,)),
    "login": Rule(PUBLIC, "anonymous", (GET, POST)),
    "logout": Rule(PUBLIC, "handler", (POST,)),
    "set_language": Rule(PUBLIC, "anonymous", (POST,)),
    "portal:home": Rule(APPLICANT, "a"),
    "portal:signup": Rule(PUBLIC, "anonymous", (GET, POST)),
    "portal:signup_done": Rule(PUBLIC, "anonymous"),
    "portal:signup_resend": Rule(PUBLIC, "anonymous", (GET, POST)),
    "portal:signup_confirm": Rule(PUBLIC, "anonymous"),
    "portal:login": Rule(PUBLIC, "anonymous", (GET, POST)),
    "portal:logout": Rule(PUBLIC, "a", (POST,)),
    "portal:password_reset": Rule(PUBLIC, "anonymous", (GET, POST)),
    "portal:password_reset_done": Rule(PUBLIC, "anonymous"),
    "portal:password_reset_confirm": Rule(PUBLIC, "anonymous", (GET, POST)),
    "portal:password_reset_complete": Rule(PUBLIC, "anonymous"),
    "portal:submit": Rule(APPLICANT, "a", (GET, POST)),
    "portal:request": Rule(OWNER, "a"),
    "portal:submitted": Rule(OWNER, "a"),
    "portal:correction": Rule(OWNER, "a", (GET, POST)),
    "portal:withdraw": Rule(OWNER, "a", (GET, POST)),
    "portal:letter": Rule(OWNER, "a"),
    "portal:file": Rule(OWNER, "a"),
    "portal:released_file": Rule(OWNER, "a"),
    "intake:new": Rule(REGISTRAR, "registrar", (GET, POST)),
    "intake:done": Rule(REGISTRAR, "registrar"),
    "intake:on_the_spot": Rule(REGISTRAR, "registrar", (GET, POST)),
    "intake:letter": Rule(REGISTRAR, "registrar"),
    "workflow:workbench": Rule(STAFF, "handler"),
    "workflow:requests": Rule(STAFF, "handler"),
    "workflow:request": Rule(STAFF, "handler"),
    "workflow:extension_decision": Rule(STAFF, None, (POST,)),
    "workflow:audit_trail": Rule(STAFF, "handler"),
    "workflow:withdraw": Rule(STAFF, None, (POST,)),
    "workflow:applicant_name": Rule(STAFF, None, (POST,)),  # registrars: its own tests
    "workflow:request_identity": Rule(STAFF, None, (POST,)),
    "workflow:delivery": Rule(STAFF, None, (POST,)),
    "workflow:letter": Rule(STAFF, "handler"),
    "workflow:release_package": Rule(STAFF, "handler"),
    "workflow:released_file": Rule(STAFF, "handler"),
    "workflow:task": Rule(HOLDER, "handler", (GET, POST)),
    "workflow:side_act": Rule(HOLDER, None, (POST,)),
    "workflow:task_claim": Rule(STAFF, None, (POST,)),
    "workflow:task_release": Rule(HOLDER, None, (POST,)),
    "workflow:task_reassign": Rule(STAFF, None, (POST,)),
    "workflow:task_take": Rule(STAFF, None, (POST,)),
    "workflow:task_draft": Rule(HOLDER, None, (POST,)),
    "workflow:reply_preview": Rule(STAFF, None),  # needs a drafted reply: tests/workflow
    "workflow:reply_preview_page": Rule(STAFF, None),
    "workflow:record_upload": Rule(HOLDER, None, (POST,)),
    "workflow:record_remove": Rule(HOLDER, None, (POST,)),
    "workflow:record_page": Rule(STAFF, "handler"),
    "workflow:record_original": Rule(STAFF, "handler"),
    "workflow:redact": Rule(HOLDER, "handler"),
    "workflow:redact_act": Rule(HOLDER, None, (POST,)),
    # Need a redacted copy: tests/workflow/test_redaction_screen.py.
    "workflow:record_redacted_page": Rule(STAFF, None),
    "workflow:record_redacted": Rule(STAFF, None),
    "workflow:next_task": Rule(STAFF, None, (POST,)),
    "workflow:team": Rule(STAFF, "handler", (GET, POST)),  # heads: tests/workflow
    "workflow:archive_batch": Rule(STAFF, "handler", (GET, POST)),
    "reports:dashboard": Rule(SUPERVISOR, "supervisor"),
    "reports:requests": Rule(SUPERVISOR, "supervisor"),
    "reports:annual": Rule(SUPERVISOR, "supervisor"),
    "reports:export": Rule(SUPERVISOR, "supervisor"),
    "requests:attachment_download": Rule(OWNER_OR_STAFF, "a"),
}

#: Namespaces not walked here, and why.
LEFT_OUT = {"admin"}  # walked model by model in test_admin_isolation


def url_patterns(resolver=None, namespace=None):
    """(full name, parameter names) of every named pattern, ``include()``s walked."""
    resolver = resolver or get_resolver()
    found = []
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            if entry.namespace in LEFT_OUT:
                continue
            inner = entry.namespace or namespace
            found += [(name, params + list(entry.pattern.converters))
                      for name, params in url_patterns(entry, inner)]
        elif isinstance(entry, URLPattern):
            assert entry.name, f"an unnamed URL pattern: {entry.pattern}"
            name = f"{namespace}:{entry.name}" if namespace else entry.name
            found.append((name, list(entry.pattern.converters)))
    return found


@pytest.fixture
def world(organ, people):
    """Organ 1 with applicant A's request in processing (its handle task held by the
    handler, an extension asked, its receipt and a file); applicant B; organ 2's staff
    holding every role."""
    a = make_applicant("lin.zhiqiang@example.com")
    b = make_applicant("chen.yaqin@example.com")
    request = in_processing(organ, people, a)
    handle = task_claim(task=open_task(request.process, "handle"), user=people.handler)
    extension = request_ask_extension(request=request, acting_user=people.handler, days=10,
                                      reason="需调取多个科室的历史档案")
    attachment = attachment_store(organ=organ, upload=pdf(), kind=AttachmentKind.SUPPORTING,
                                  uploaded_by=a, request=request)
    request.refresh_from_db()
    record = record_attach(request=request, item=request.items.get(), upload=pdf(),
                           acting_user=people.handler)
    record_prepare(record_id=record.pk)  # the tasks worker
    other = OrganFactory(name="厦门市生态环境局", short_name="厦门市生态环境局", code="XMHB",
                         letter_number_prefix="厦环信公开")
    office = DepartmentFactory(organ=other, name="办公室")
    stranger = staff(other, Role.REGISTRAR, "xm.everyone", office)
    for role in Role.values:
        StaffMembership.objects.get_or_create(user=stranger, organ=other, role=role,
                                              department=office)
    released = released_file(request)
    legal = staff(organ, Role.LEGAL_REVIEWER, "legal_reviewer", people.office)
    head = staff(organ, Role.DEPARTMENT_HEAD, "dept_head", people.dept)
    request.refresh_from_db()
    letter = IssuedLetter.objects.filter(request=request).first()
    return dict(
        request=request, task=handle, extension=extension, letter=letter,
        attachment=attachment, people=people, a=a, b=b, stranger=stranger, legal=legal,
        head=head,
        users={"anonymous": None, "a": a, "b": b, "stranger": stranger,
               "handler": people.handler, "registrar": people.registrar,
               "supervisor": people.supervisor},
        secrets=["林志强", "11010519491231002X", "13905940001", request.registration_number],
        args={"public_id": request.public_id, "letter_id": letter.public_id,
              "file_id": attachment.public_id, "released_id": released.public_id,
              "extension_id": extension.pk,
              "task_id": handle.pk, "key": "consult", "uidb64": "MQ",
              "token": "set-password", "table": "by_channel", "fmt": "csv",
              "user_id": people.handler.pk, "record_id": record.public_id,
              "item_id": record.item_id, "page": 1, "size": "thumb", "action": "suggest"},
    )


#: Parameters that name another object than their usual one.
ARGUMENTS = {
    "requests:attachment_download": {"public_id": "file_id"},
}



def _url(name, params, world):
    renamed = ARGUMENTS.get(name, {})
    return reverse(name, kwargs={p: world["args"][renamed.get(p, p)] for p in params})


def _as(client, user):
    client.logout()
    if user is not None:
        client.force_login(user)
    return client


def _call(client, method, url):
    return client.get(url) if method == GET else client.post(url, {})


def _refused(response, *, anonymous=False) -> bool:
    if response.status_code in (403, 404, 405):
        return True
    if response.status_code == 302 and anonymous:
        return "/login/" in response["Location"]
    return False


def _fingerprint(world):
    """What a refused act must leave as it was."""
    request = world["request"]
    request.refresh_from_db()
    task = world["task"]
    task.refresh_from_db()
    return (request.status, request.version, AuditEvent.objects.count(),
            IssuedLetter.objects.count(), task.owner_id, task.status, TaskLog.objects.count(),
            world["extension"].__class__.objects.filter(pk=world["extension"].pk)
            .values_list("approved_by_id", "refused").get())


def test_every_url_pattern_has_a_row_in_the_table():
    names = {name for name, _ in url_patterns()}
    missing = sorted(names - set(TABLE))
    assert not missing, f"add these URLs to the access table: {missing}"
    assert not sorted(set(TABLE) - names), "rows for URLs that no longer exist"


def test_every_url_refuses_those_it_is_not_for(client, world):
    secrets = world["secrets"]
    before = _fingerprint(world)
    for name, params in url_patterns():
        rule = TABLE[name]
        url = _url(name, params, world)
        if rule.who == PUBLIC:
            for method in rule.methods:
                for who in ("anonymous", "b", "stranger"):
                    response = _call(_as(client, world["users"][who]), method, url)
                    assert response.status_code in (200, 302, 400, 403, 404), (name, who)
            continue
        tried = ["anonymous", "b", "stranger"]
        if rule.who in (STAFF, REGISTRAR, SUPERVISOR, HOLDER):
            tried.append("a")  # an applicant on staff pages
        if rule.who in (OWNER,):
            tried.append("handler")  # staff on the applicant's own-request pages
        if rule.who == REGISTRAR:
            tried.append("handler")
        if rule.who == SUPERVISOR:
            tried.append("handler")
        for who in tried:
            for method in ("GET", "POST"):
                response = _call(_as(client, world["users"][who]), method, url)
                where = (name, who, method, response.status_code)
                assert response.status_code != 500, where
                body = b"" if response.streaming else response.content
                lists = not params or name in ("reports:export",)
                if who == "b" and rule.who == APPLICANT or (who == "stranger" and lists):
                    # Their own page or list: allowed, but nothing of A's organ or request.
                    assert response.status_code in (200, 302, 403, 404, 405), where
                    assert not any(s.encode() in body for s in secrets), where
                    continue
                assert _refused(response, anonymous=who == "anonymous"), where
                assert not any(s.encode() in body for s in secrets), where
        if rule.allowed is not None and GET in rule.methods:
            response = _as(client, world["users"][rule.allowed]).get(url)
            assert response.status_code in (200, 302), (name, rule.allowed, response.status_code)
    # ``portal:withdraw`` and its like were posted empty: nothing changed.
    assert _fingerprint(world) == before


# ---- acts reserved to one role ------------------------------------------------------


def _post_refused(client, world, user, name, data, **kwargs):
    before = _fingerprint(world)
    url = reverse(name, kwargs=kwargs)
    response = _as(client, user).post(url, data)
    assert response.status_code in (302, 403, 404), (name, user.username)
    assert _fingerprint(world) == before, (name, user.username)
    return response


def test_only_the_ogi_head_decides_an_extension(client, world):
    people, r, ext = world["people"], world["request"], world["extension"]
    for user in (people.handler, people.registrar, world["legal"], world["head"], world["a"]):
        for decision in ("grant", "refuse"):
            _post_refused(client, world, user, "workflow:extension_decision",
                          {"decision": decision, "reason": "不同意"},
                          public_id=r.public_id, extension_id=ext.pk)
    _as(client, people.ogi_head).post(
        reverse("workflow:extension_decision", args=[r.public_id, ext.pk]),
        {"decision": "refuse", "reason": "现有材料可在期限内答复"})
    ext.refresh_from_db()
    assert ext.refused


def test_only_the_registrar_records_a_withdrawal(client, world):
    people, r = world["people"], world["request"]
    for user in (people.handler, world["legal"], people.supervisor, people.reviewer):
        _post_refused(client, world, user, "workflow:withdraw",
                      {"reason": "申请人电话告知撤回"}, public_id=r.public_id)
    _as(client, people.registrar).post(reverse("workflow:withdraw", args=[r.public_id]),
                                       {"reason": "申请人电话告知撤回"})
    r.refresh_from_db()
    assert r.status == Status.WITHDRAWN


def test_a_legal_reviewer_or_handler_cannot_record_a_delivery(client, world):
    people, r, letter = world["people"], world["request"], world["letter"]
    data = {"method": "postal_delivery", "delivered_on": "2026-03-05"}
    for user in (world["legal"], people.handler, people.supervisor):
        _post_refused(client, world, user, "workflow:delivery", data,
                      public_id=r.public_id, letter_id=letter.public_id)
    letter.refresh_from_db()
    assert not letter.delivered_on


def test_queue_actions_are_the_holders_and_the_heads(client, world):
    people, task = world["people"], world["task"]
    # Someone else claiming or releasing the held task, a registrar acting on it.
    for user in (people.handler2, people.registrar, world["legal"]):
        _post_refused(client, world, user, "workflow:task_claim", {}, task_id=task.pk)
        _post_refused(client, world, user, "workflow:task_release", {}, task_id=task.pk)
        _post_refused(client, world, user, "workflow:task_take", {}, task_id=task.pk)
        _post_refused(client, world, user, "workflow:task_draft", {"reply-outcome_1": "x"},
                      task_id=task.pk, key="reply")
        _post_refused(client, world, user, "workflow:side_act",
                      {"consult-party_kind": "third_party", "consult-party_name": "某公司",
                       "consult-subject": "商业秘密"}, task_id=task.pk, key="consult")
    assert not TaskDraft.objects.exists()  # nor a draft kept of someone else's task
    # The step itself is done by its holder alone.
    for user in (people.handler2, people.registrar, people.ogi_head):
        _post_refused(client, world, user, "workflow:task",
                      {"form": "reply", "reply-outcome_1": "disclosed",
                       "reply-text_1": "予以公开"}, task_id=task.pk)
    # A handler cannot reassign; a head can, to someone who may hold the task.
    _post_refused(client, world, people.handler, "workflow:task_reassign",
                  {"to_user": people.handler2.pk}, task_id=task.pk)
    _as(client, world["head"]).post(reverse("workflow:task_reassign", args=[task.pk]),
                                    {"to_user": people.handler2.pk})
    task.refresh_from_db()
    assert task.owner_id == people.handler2.pk and task.status == STATUS.ASSIGNED


@pytest.mark.parametrize("to_user", ["abc", "", "1.5", "-3", "9" * 30, "٣", "999999"])
def test_reassigning_to_no_such_person_is_refused_with_a_message(client, world, to_user):
    task = world["task"]
    response = _post_refused(client, world, world["head"], "workflow:task_reassign",
                             {"to_user": to_user}, task_id=task.pk)
    page = client.get(response["Location"]).content.decode()
    assert "请选择改派给谁。" in page


def test_reassigning_to_another_organ_or_to_someone_without_the_role_is_refused(client, world):
    task, people = world["task"], world["people"]
    for outsider in (world["stranger"], people.registrar, people.other_handler, world["a"]):
        response = _post_refused(client, world, world["head"], "workflow:task_reassign",
                                 {"to_user": outsider.pk}, task_id=task.pk)
        page = client.get(response["Location"]).content.decode()
        assert "被改派人没有办理此任务的岗位。" in page, outsider.username


def test_another_organs_supervisor_cannot_ask_for_organ_one(client, world, organ):
    _as(client, world["stranger"])
    for name, kwargs in (("reports:dashboard", {}), ("reports:requests", {}),
                         ("reports:annual", {}),
                         ("reports:export", {"table": "by_channel", "fmt": "csv"})):
        response = client.get(reverse(name, kwargs=kwargs), {"organ": organ.pk})
        assert response.status_code == 404, name
