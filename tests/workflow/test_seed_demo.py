"""The demo data command: every status reached through the services, the letters the acts
sent, each open request standing at its step in the flow; idempotent and sound. It runs in
debug mode (as ``scripts/run`` does); outside it only when forced, and never with a
published password."""

import datetime
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from requests.choices import OPEN_STATUSES, ApplicantKind, Channel, Role, Status
from requests.demo import (
    APPLICANT_LOGINS,
    DEMO_PASSWORD,
    DEPARTMENTS,
    STAFF,
    format_logins,
    logins,
)
from requests.models import AuditEvent, DisclosureRequest, Organ, StaffMembership
from requests.services import request_refresh_clock


@pytest.fixture
def debug(settings):
    """The demo as ``scripts/run`` makes it: ``DJANGO_DEBUG=1`` (the tests run without)."""
    settings.DEBUG = True


def seed() -> str:
    out = StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_seed_demo_builds_every_status_and_is_idempotent(debug):
    first = seed()

    organ = Organ.objects.get(code="PTHB")
    assert organ.name == "莆田市生态环境局"
    assert organ.letter_number_prefix == "莆环信公开"
    assert organ.reconsideration_body == "莆田市人民政府"
    assert organ.court == "莆田市城厢区人民法院"
    assert set(organ.departments.values_list("name", flat=True)) == set(DEPARTMENTS)
    assert list(organ.departments.filter(is_ogi_office=True).values_list("name", flat=True)) == [
        "办公室"
    ]

    User = get_user_model()  # noqa: N806
    held_roles = set(StaffMembership.objects.filter(organ=organ).values_list("role", flat=True))
    assert held_roles == set(Role.values)
    for spec in STAFF:
        user = User.objects.get(username=spec.username)
        assert user.first_name and user.last_name
        # Staff work by their roles; only the system administrator uses the admin.
        assert user.is_staff == user.is_superuser == (spec.role == Role.ADMINISTRATOR)
    handler = User.objects.get(username="handler")
    assert handler.check_password(DEMO_PASSWORD)
    assert not handler.has_perm("requests.view_disclosurerequest")
    assert StaffMembership.objects.filter(
        user=handler, role=Role.HANDLER, department__name="污防科"
    ).exists()
    assert StaffMembership.objects.filter(
        role=Role.HANDLER, department__name="环审科"
    ).exists()

    requests = DisclosureRequest.objects.filter(organ=organ)
    count = requests.count()
    assert 35 <= count <= 55
    assert set(requests.values_list("status", flat=True)) == set(Status.values)
    assert set(requests.values_list("channel", flat=True)) == set(Channel.values)
    assert set(requests.values_list("applicant__kind", flat=True)) == set(ApplicantKind.values)
    assert len(set(requests.exclude(outcome="").values_list("outcome", flat=True))) >= 15
    # Both statutory roads to 视为放弃, and a signed reply as well as one awaiting sign-off.
    assert set(
        requests.filter(status=Status.ABANDONED).values_list("abandon_reason", flat=True)
    ) == {"correction_lapsed", "fee_unpaid"}
    sign_off = requests.filter(status=Status.SIGN_OFF)
    assert sign_off.filter(signed_off_by__isnull=True).exists()
    assert sign_off.filter(signed_off_by__isnull=False).exists()
    assert requests.filter(received_on__year=2025, concluded_on__year=2026).count() >= 2

    # The cached deadlines are what a fresh recompute gives.
    for request in requests:
        assert request_refresh_clock(request).due == request.due_on, request.registration_number

    audit_count = AuditEvent.objects.filter(organ=organ).count()
    verify = StringIO()
    call_command("verify_audit", stdout=verify)
    assert verify.getvalue().strip() == "OK"

    # Letters: every reply and termination went out with its letter, numbered in time order.
    from viewflow.workflow.models import Task
    from viewflow.workflow.status import STATUS

    from letters.kinds import LetterKind
    from letters.models import IssuedLetter

    replied = requests.filter(replied_on__isnull=False)
    for request in replied:
        assert request.letters.filter(kind=LetterKind.REPLY).count() == 1, request
    for request in requests.filter(status=Status.ABANDONED):
        assert request.letters.filter(kind=LetterKind.TERMINATION_NOTICE).count() == 1
    receipts = list(
        IssuedLetter.objects.filter(organ=organ, kind=LetterKind.RECEIPT, year=2026)
        .order_by("serial").values_list("issued_at", flat=True)
    )
    assert receipts == sorted(receipts)
    # Flow: every open request has an open task at the step its status calls for.
    for request in requests.exclude(
        status__in=[Status.ARCHIVED, Status.WITHDRAWN, Status.ABANDONED]
    ):
        names = {
            t.flow_task.name for t in Task.objects.filter(
                process__requestprocess__request=request,
                status__in=[STATUS.NEW, STATUS.ASSIGNED],
            )
        }
        assert names, request.registration_number
    # A correction period that ran out waits for a registrar to confirm the lapse.
    from workflow.flows import DisclosureFlow

    lapsed = Task.objects.filter(
        process__requestprocess__request__organ=organ, flow_task=DisclosureFlow.confirm_lapse,
        status=STATUS.NEW,
    )
    assert lapsed.count() == 1
    assert lapsed.get().process.requestprocess.request.status == Status.AWAITING_CORRECTION
    # The tasks carry the request's history: a replied request's registration task ended
    # when it was registered, its reply dispatch when it was replied; their stage times add
    # up to real durations.
    from workflow.models import TaskTiming

    for request in requests.filter(status=Status.REPLIED):
        tasks = {
            t.flow_task.name: t for t in Task.objects.filter(
                process__requestprocess__request=request, status=STATUS.DONE
            )
        }
        register = AuditEvent.objects.get(request=request, act="register")
        reply = AuditEvent.objects.get(request=request, act="reply")
        # (The package's request is acted on now: its tasks finish just after their acts,
        # once the letter is typeset.)
        close = datetime.timedelta(seconds=30)
        assert abs(tasks["register"].finished - register.at) < close, request.registration_number
        assert abs(tasks["dispatch"].finished - reply.at) < close, request.registration_number
        assert tasks["register"].created <= tasks["register"].assigned <= register.at
    timings = TaskTiming.objects.filter(organ=organ)
    assert timings.count() > 40
    assert timings.filter(step="handle", waited_minutes__gt=60).exists()
    letter_count = IssuedLetter.objects.count()

    second = seed()
    assert IssuedLetter.objects.count() == letter_count
    assert DisclosureRequest.objects.filter(organ=organ).count() == count
    assert AuditEvent.objects.filter(organ=organ).count() == audit_count
    assert User.objects.count() == len(STAFF) + len(APPLICANT_LOGINS)
    assert "未作任何更改" in second
    table = format_logins(logins())
    assert first.rstrip().endswith(table) and second.rstrip().endswith(table)
    assert "ogidesk-demo" in table and "登记员" in table
    assert "fangjunjie@example.com" in table


@pytest.mark.django_db
def test_the_demo_applicant_signs_in_to_the_portal_and_finds_their_online_requests(
    client, debug
):
    from django.urls import reverse

    seed()
    response = client.post(reverse("portal:login"), {
        "username": "fangjunjie@example.com", "password": DEMO_PASSWORD,
    })
    assert response.status_code == 302
    text = client.get(reverse("portal:home")).content.decode()
    mine = DisclosureRequest.objects.filter(applicant__account__username="fangjunjie@example.com")
    assert mine.count() == 4  # one of them replied with its released package
    assert mine.filter(released_files__isnull=False).distinct().count() == 1
    statuses = set(mine.values_list("status", flat=True))
    assert Status.WITHDRAWN in statuses and statuses & set(OPEN_STATUSES)
    for request in mine:
        assert request.registration_number in text
        page = client.get(reverse("portal:request", args=[request.public_id]))
        assert page.status_code == 200


@pytest.mark.django_db
def test_seed_demo_refusal_leaves_nothing_behind(monkeypatch, debug):
    from requests import demo

    def plan_with_a_refused_act(organ, departments, users, accounts):
        plan = demo.Plan(
            organ=organ, calendar=demo.load_working_calendar(), users=users,
            departments=departments, accounts=accounts,
        )
        # Abandoning before the correction period has run out is refused by the service.
        plan.case(
            "too-early", applicant=demo.FANG_JUNJIE, channel=Channel.ONLINE,
            submitted="2026-11-02 10:00", form=demo.FILE, obtain="email",
            items=["城厢区某工厂的环评批复"],
        ).register(1).correction(1, "请写明工厂名称。").abandon(2, "correction_lapsed")
        return plan

    monkeypatch.setattr(demo, "build_plan", plan_with_a_refused_act)
    with pytest.raises(CommandError, match="too-early: abandon"):
        call_command("seed_demo", stdout=StringIO())
    assert not Organ.objects.exists()
    assert not get_user_model().objects.exists()
    assert not AuditEvent.objects.exists()


@pytest.mark.django_db
def test_seed_demo_refuses_outside_debug_mode_and_writes_nothing(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DJANGO_DEBUG is off.*--force-outside-debug"):
        call_command("seed_demo", stdout=StringIO())
    assert not Organ.objects.exists()
    assert not get_user_model().objects.exists()
    assert not AuditEvent.objects.exists()


def _without_requests(monkeypatch):
    """The demo's organ and people without its forty requests (the people are the point)."""
    from requests import demo

    def empty_plan(organ, departments, users, accounts):
        return demo.Plan(organ=organ, calendar=demo.load_working_calendar(), users=users,
                         departments=departments, accounts=accounts)

    monkeypatch.setattr(demo, "build_plan", empty_plan)


@pytest.mark.django_db
def test_forced_outside_debug_no_login_has_the_demo_password_and_each_is_shown_once(
    settings, monkeypatch
):
    settings.DEBUG = False
    _without_requests(monkeypatch)
    out = StringIO()
    call_command("seed_demo", "--force-outside-debug", stdout=out)
    first = out.getvalue()

    User = get_user_model()  # noqa: N806
    users = list(User.objects.all())
    assert len(users) == len(STAFF) + len(APPLICANT_LOGINS)
    assert DEMO_PASSWORD not in first
    assert not any(user.check_password(DEMO_PASSWORD) for user in users)
    admin = User.objects.get(is_superuser=True)
    shown = {}
    for line in first.splitlines():
        cells = line.split()
        if cells and cells[0] in {u.username for u in users}:
            shown[cells[0]] = cells[-1]
    assert set(shown) == {u.username for u in users}
    assert len(set(shown.values())) == len(users)  # one password each, never shared
    for user in users:
        assert user.check_password(shown[user.username]), user.username
    assert admin.check_password(shown[admin.username])
    assert "随机密码" in first

    # Shown once: a second run (the organ still has no requests, so the people are looked
    # at again) leaves every password alone and prints none of them.
    out = StringIO()
    call_command("seed_demo", "--force-outside-debug", stdout=out)
    second = out.getvalue()
    for username, password in shown.items():
        assert password not in second
        assert User.objects.get(username=username).check_password(password)
    assert "未修改" in second


@pytest.mark.django_db
def test_the_demo_has_a_partial_disclosure_released_through_the_real_steps(debug):
    import pymupdf

    from letters.kinds import LetterKind
    from records.models import Disclosure, Record, RedactionState, TextLayer
    from workflow.demo_documents import PERSONS

    output = seed()
    request = DisclosureRequest.objects.filter(
        released_files__isnull=False, records__text_layer=TextLayer.OCR).distinct().get()
    assert f"已按实际步骤办理{request.registration_number}" in output
    assert request.status == Status.REPLIED and request.outcome == "partial"
    records = list(Record.objects.filter(request=request))
    assert {r.text_layer for r in records} == {TextLayer.NATIVE, TextLayer.OCR}
    assert all(r.disclosure == Disclosure.REDACTED and r.frozen_at for r in records)
    assert all(r.redactions.filter(state=RedactionState.ACCEPTED).exists() for r in records)
    for released in request.released_files.all():
        with pymupdf.open(released.file.path) as document:
            text = "".join("".join(page.get_text().split()) for page in document)
        assert "13905941234" not in text and not any(name in text for name in PERSONS)
    reply = request.letters.get(kind=LetterKind.REPLY)
    with pymupdf.open(reply.file.path) as document:
        letter = "".join("".join(page.get_text().split()) for page in document)
    assert "中的自然人姓名、居民身份证号码" in letter and "第十五条的规定不予公开" in letter
    assert "执法人员执法证号" in letter and "附件" in letter
