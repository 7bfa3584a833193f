"""Hostile and odd input, posted through Django's test client to every form people fill in:
the portal's application, staff intake, every step form of the flow (enumerated from the
steps' own forms (``step_specs.STEPS``), so a new step is fuzzed as soon as it is declared), the
handler's side acts (``SIDE_ACTS``) and the request page's acts; and junk query strings on
the list and supervision pages.

Each example posts arbitrary values for the form's own fields — huge numbers, junk dates,
very long strings, control characters, NUL bytes, invalid UTF-8 and encoded lone
surrogates, empty values, repeated keys, values of the wrong type, missing fields — and
asserts: never a server error; on a refusal nothing is stored (requests, items, audit
events, letters, attachments, tasks and the request's own row unchanged); on a success the
audit chain holds and what was stored is valid. Every example is rolled back, so the next
one starts from the same case.

``OGI_FUZZ_EXAMPLES`` (default 10) sets the number of examples per form; the module runs
in well under a minute on SQLite with the default.
"""

from __future__ import annotations

import datetime
import json
import os
from collections import Counter
from urllib.parse import quote_from_bytes

import pytest
from django import forms
from django.contrib.auth import get_user_model
from django.contrib.messages import get_messages
from django.db import transaction
from django.forms.models import model_to_dict
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from viewflow.workflow.models import Task
from viewflow.workflow.status import STATUS

from letters.models import IssuedLetter
from portal.forms import PortalApplicationForm, item_formset
from portal.intake_forms import IntakeForm
from requests.choices import Channel, FeeStandard, Role
from requests.models import (
    Applicant,
    Attachment,
    AuditEvent,
    DisclosureRequest,
    RequestItem,
)
from requests.services import audit_verify_chain, request_ask_extension
from tests import uploads
from tests.factories import at, staff
from tests.workflow import reach
from tests.workflow.flowkit import do, open_task, start
from workflow import side_acts, steps
from workflow.models import TriageDecision
from workflow.queues import task_claim
from workflow.request_acts import DeliveryForm, ExtensionDecisionForm, WithdrawForm
from workflow.step_specs import STEPS
from workflow.sweeps import sweep_deadlines

OPINION_STEPS = reach.OPINION_STEPS
EXAMPLES = int(os.environ.get("OGI_FUZZ_EXAMPLES", "10"))
FUZZ = settings(
    max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                           HealthCheck.data_too_large, HealthCheck.filter_too_much],
)
#: Examples run per form and how each ended, printed at the end of the module (``pytest -s``).
RUN: Counter = Counter()
ENDED: Counter = Counter()
MISSING = object()
TODAY = timezone.localdate

# ---- values ----------------------------------------------------------------------------------

JUNK_STRINGS = [
    "", " ", "\x00", "a\x00b", "\u202e伪造\u202c", "\ufeff", "\u200b", "\r\n", "\t",
    "0", "-1", "1" + "0" * 30, "-" + "9" * 40, "1e309", "nan", "inf", "-0", "0x10", "١٢٣",
    "2019-05-14", "2019-05-15", "0001-01-01", "9999-12-31", "2026-02-30", "99999-01-01",
    "2026-13-01", "31/12/2026", "2026年3月5日", "1970-01-01", "2038-01-19",
    "木" * 5000, "x" * 20000, "𠮷" * 300, "😀" * 100,
    "<script>alert(1)</script>", "' OR 1=1 --", "../../etc/passwd", "%s%s%n", "{{ 7*7 }}",
    "true", "yes", "no", "on", "None", "null", "[]", "{}",
]
SCALAR = st.one_of(
    st.sampled_from(JUNK_STRINGS),
    st.text(alphabet=st.characters(exclude_categories=("Cs",)), max_size=60),
    st.integers(min_value=-(10**40), max_value=10**40).map(str),
    st.dates(min_value=datetime.date(1, 1, 1), max_value=datetime.date(9999, 12, 31)).map(
        datetime.date.isoformat),
)
#: Raw bytes for a value: invalid UTF-8, encoded lone surrogates, overlong forms.
RAW = st.one_of(
    st.sampled_from([b"\xed\xa0\x80", b"\xed\xbf\xbf", b"\xff\xfe", b"\xc0\x80", b"\x80",
                     b"\xe6\x9c", b"\x00"]),
    st.binary(max_size=40),
)


def choice_values(field) -> list[str]:
    values = []
    for key, label in getattr(field, "choices", []):
        if isinstance(label, (list, tuple)):
            values.extend(str(k) for k, _label in label)
        elif key not in ("", None):
            values.append(str(getattr(key, "value", key)))
    return values


def sensible(field) -> st.SearchStrategy:
    """A value the field could accept, so that examples also reach the acts."""
    if isinstance(field, forms.ModelChoiceField):
        pks = [str(pk) for pk in field.queryset.values_list("pk", flat=True)[:20]]
        return st.sampled_from(pks) if pks else st.just("1")
    if isinstance(field, (forms.ChoiceField, forms.MultipleChoiceField)):
        values = choice_values(field)
        return st.sampled_from(values) if values else st.just("")
    if isinstance(field, forms.DateField):
        return st.dates(min_value=TODAY() - datetime.timedelta(days=40),
                        max_value=TODAY() + datetime.timedelta(days=40)).map(
            datetime.date.isoformat)
    if isinstance(field, forms.IntegerField):
        return st.integers(min_value=field.min_value or 0,
                           max_value=field.max_value or 200).map(str)
    if isinstance(field, forms.BooleanField):
        return st.sampled_from(["on", ""])
    if isinstance(field, forms.FileField):
        return st.sampled_from(["real_pdf", "real_png"])
    return st.sampled_from(["依法公开", "理由合理，继续办理", "不涉及国家秘密",
                            "莆田市2025年度城厢区华亭镇某化工企业环境影响评价报告书"])


def hostile_file() -> st.SearchStrategy:
    return st.sampled_from(["real_pdf", "fake_pdf", "evil_xlsx", "exe", "empty", "long_name"])


def make_upload(kind: str):
    content = {
        "real_pdf": uploads.real_pdf, "real_png": uploads.real_png,
        "fake_pdf": lambda: uploads.FAKE_PDF, "evil_xlsx": uploads.xlsx_with_evil_exe,
        "exe": lambda: b"MZ\x90\x00" + b"\x00" * 100, "empty": lambda: b"",
        "long_name": uploads.real_pdf,
    }[kind]()
    name = {"real_png": "位置图.png", "evil_xlsx": "名单.xlsx", "exe": "扫描件.pdf"}.get(
        kind, "扫描件.pdf")
    if kind == "long_name":
        name = "关于政府信息公开申请的身份证明材料" * 20 + ".pdf"
    return uploads.upload(name, content)


def field_value(draw, field):
    """One posted value (or several, or none) for ``field``."""
    if isinstance(field, forms.FileField):
        kind = draw(st.one_of(st.just(MISSING), sensible(field), hostile_file()))
        return kind if kind is MISSING else make_upload(kind)
    return draw(st.one_of(
        st.just(MISSING), sensible(field), sensible(field), SCALAR,
        st.lists(st.one_of(sensible(field), SCALAR), min_size=2, max_size=3),
    ))


def posted(draw, form, extra: dict | None = None) -> dict:
    data = dict(extra or {})
    for name, field in form.fields.items():
        value = field_value(draw, field)
        if value is not MISSING:
            data[form.add_prefix(name)] = value
    for _ in range(draw(st.integers(0, 2))):  # fields the form does not have
        data[draw(st.sampled_from(["form", "csrfmiddlewaretoken", "zzz", "items-999-x"]))] = (
            draw(SCALAR))
    return data


def as_urlencoded(draw, data: dict) -> bytes:
    """The same post as a urlencoded body, some values replaced by raw (invalid) bytes."""
    parts = []
    for key, value in data.items():
        if hasattr(value, "read"):
            continue
        for item in value if isinstance(value, list) else [value]:
            raw = draw(RAW) if draw(st.integers(0, 3)) == 0 else str(item).encode()
            parts.append(quote_from_bytes(key.encode()) + "=" + quote_from_bytes(raw))
    return "&".join(parts).encode()


def send(client, draw, url: str, data: dict):
    if any(hasattr(v, "read") for v in data.values()) or draw(st.booleans()):
        return client.post(url, data)
    return client.post(url, as_urlencoded(draw, data),
                       content_type="application/x-www-form-urlencoded")


# ---- what is stored --------------------------------------------------------------------------

COUNTED = (DisclosureRequest, RequestItem, Applicant, AuditEvent, IssuedLetter, Attachment, Task)


def snapshot(request: DisclosureRequest | None = None):
    counts = tuple(model.objects.count() for model in COUNTED)
    row = DisclosureRequest.objects.filter(pk=request.pk).values().first() if request else None
    return counts, row


def assert_stored_data_valid(before_events: int) -> None:
    assert audit_verify_chain() == []
    for event in AuditEvent.objects.order_by("pk")[before_events:]:
        stored = json.dumps(model_to_dict(event), default=str)  # data, comment, names
        assert "\\u0000" not in stored, stored
    for request in DisclosureRequest.objects.all():
        request.full_clean(exclude=["status"], validate_unique=False, validate_constraints=False)
        for item in request.items.all():
            item.full_clean(validate_unique=False, validate_constraints=False)
    for attachment in Attachment.objects.all():
        attachment.full_clean(validate_unique=False, validate_constraints=False)
        assert len(attachment.original_name) <= 200
    for letter in IssuedLetter.objects.all():
        assert letter.issued_on is None or letter.issued_on <= TODAY()


def rolled_back(body):
    """Run ``body`` and undo whatever it stored, so every example starts afresh.

    The block is marked as Django's ``TestCase`` marks its own, so that the acts' durable
    transactions (``workflow.acts``) may run inside it as they run inside a test's."""
    block = transaction.atomic()
    block._from_testcase = True
    with block:
        body()
        transaction.set_rollback(True)


# ---- reaching every step ---------------------------------------------------------------------


def _lapsed(organ, people):
    request, process = start(organ)
    do(process, "register", people.registrar, at=at("2026-03-03"))
    do(process, "triage", people.registrar, decision=TriageDecision.CORRECTION,
       points="请写明所需信息的名称或文号。", at=at("2026-03-04"))
    sweep_deadlines(datetime.date(2026, 4, 3))
    return request, process


#: How to bring a case to each step of ``STEPS`` (a step missing here fails the test
#: below, so a new step cannot escape the fuzzing).
REACH = {
    "register": lambda organ, people: reach.entered(organ, people, Channel.REGISTERED_POST),
    "triage": lambda organ, people: reach.registered(organ, people, Channel.IN_PERSON),
    "await_correction": reach.triaged(
        TriageDecision.CORRECTION, points="请写明所需信息的名称或文号。"
    ),
    "ask_reasons": reach.triaged(TriageDecision.BULK),
    "decide_reasons": reach.bulk,
    "draft_not_processed": reach.triaged(TriageDecision.NOT_PROCESSED),
    "handle": reach.handling,
    **{name: reach.sensitive for name in OPINION_STEPS},
    "conclude": lambda organ, people: reach.concluding_by(_holder)(organ, people),
    "review": reach.drafted,
    "sign": reach.signing,
    "dispatch": reach.dispatching,
    "archive": reach.archiving,
    "confirm_lapse": _lapsed,
}


def _holder(people, step: str):
    holders = {
        "register": people.registrar, "triage": people.registrar,
        "await_correction": people.registrar, "confirm_lapse": people.registrar,
        "draft_not_processed": people.registrar, "dispatch": people.registrar,
        "archive": people.registrar, "ask_reasons": people.ogi_head,
        "decide_reasons": people.ogi_head, "conclude": people.ogi_head,
        "handle": people.handler, "review": people.reviewer, "sign": people.leader,
        "opinion_legal": people.legal, "opinion_secrecy": people.reviewer,
        "opinion_publicity": people.publicity, "opinion_department": people.dept_head,
    }
    return holders[step]


@pytest.fixture
def cast(organ, people):
    """The organ's people, with the sides invited to a coordination consultation."""
    people.legal = staff(organ, Role.LEGAL_REVIEWER, "legal", people.office)
    people.dept_head = staff(organ, Role.DEPARTMENT_HEAD, "dept_head", people.dept)
    people.publicity = people.dept_head  # no publicity department marked: any head
    return people


def test_every_step_of_the_flow_is_reached_by_the_fuzzing():
    assert set(REACH) == {spec.name for spec in STEPS}


STEP_CASES = [(spec.name, form) for spec in STEPS for form in spec.forms]


@pytest.mark.parametrize(("step", "spec"), STEP_CASES,
                         ids=[f"{name}:{spec.key}" for name, spec in STEP_CASES])
@FUZZ
@given(data=st.data())
def test_step_forms_never_fail_and_store_nothing_on_refusal(
    client, organ, cast, step, spec, data
):
    request, process = _case(organ, cast, step)
    holder = _holder(cast, step)
    task = open_task(process, step)
    if task.owner_id != holder.pk:
        task = task_claim(task=task, user=holder)
    client.force_login(holder)
    url = reverse("workflow:task", args=[task.pk])
    form = spec.form_class(None, request=request, prefix=spec.key)
    payload = posted(data.draw, form, {"form": spec.key})

    def body():
        before = snapshot(request)
        response = send(client, data.draw, url, payload)
        assert response.status_code in (200, 302), response.status_code
        task.refresh_from_db()
        ENDED[(f"step {step}:{spec.key}", response.status_code == 302)] += 1
        if response.status_code == 200:
            assert snapshot(request) == before
            assert task.status == STATUS.ASSIGNED
        else:
            assert response["Location"] == reverse("workflow:workbench")
            assert task.status == STATUS.DONE
            assert_stored_data_valid(before[0][COUNTED.index(AuditEvent)])

    rolled_back(body)
    RUN[f"step {step}:{spec.key}"] += 1


def _cached(people, key, build):
    """The case for ``key``, built once per test (its examples roll back to it)."""
    cases = people.__dict__.setdefault("fuzz_cases", {})
    if key not in cases:
        cases[key] = build()
    return cases[key]


def _case(organ, people, step):
    request, process = _cached(people, step, lambda: REACH[step](organ, people))
    request.refresh_from_db()
    return request, process


# ---- the handler's side acts and the request page's acts --------------------------------------

def _side_case(organ, people, key):
    request, process = reach.handling(organ, people)
    task = task_claim(task=open_task(process, "handle"), user=people.handler)
    request, task = steps.holds(task, people.handler, "handle")
    if key == "close_consultation":
        from letters.acts import open_consultation_with_letter

        open_consultation_with_letter(
            request=request, acting_user=people.handler, party_kind="third_party",
            party_name="莆田市某化工有限公司", party_contact="0594-2345678",
            subject="涉及该公司生产工艺参数",
        )
    if key == "payment":
        from letters.acts import issue_fee_notice_with_letter

        issue_fee_notice_with_letter(request=request, acting_user=people.handler,
                                     standard=FeeStandard.PER_PAGE, quantity=150)
    request.refresh_from_db()
    return request, task


@pytest.mark.parametrize("key", list(side_acts.SIDE_ACTS))
@FUZZ
@given(data=st.data())
def test_side_acts_never_fail_and_store_nothing_on_refusal(client, organ, cast, key, data):
    request, task = _cached(cast, ("side", key), lambda: _side_case(organ, cast, key))
    request.refresh_from_db()
    client.force_login(cast.handler)
    form = side_acts.side_form(key, request)
    payload = posted(data.draw, form)
    url = reverse("workflow:side_act", args=[task.pk, key])

    def body():
        before = snapshot(request)
        response = send(client, data.draw, url, payload)
        assert response.status_code in (200, 302)
        done = response.status_code == 302
        ENDED[(f"side act {key}", done)] += 1
        if done:
            texts = [str(m) for m in get_messages(response.wsgi_request)]
            assert any(text.startswith("已办理") for text in texts), texts
            assert_stored_data_valid(before[0][COUNTED.index(AuditEvent)])
        else:
            # The task page again, the form open with its errors summed up; nothing stored.
            assert 'id="error-summary"' in response.content.decode()
            assert snapshot(request) == before

    rolled_back(body)
    RUN[f"side act {key}"] += 1


def _page_case(organ, people):
    request, _process = reach.handling(organ, people)
    request.refresh_from_db()
    extension = request_ask_extension(request=request, acting_user=people.handler, days=10,
                                      reason="需调取多个科室的历史档案")
    return request, extension


@pytest.mark.parametrize("act", ["delivery", "withdraw", "extension_decision"])
@FUZZ
@given(data=st.data())
def test_request_page_acts_never_fail_and_store_nothing_on_refusal(
    client, organ, cast, act, data
):
    request, extension = _cached(cast, ("page", act), lambda: _page_case(organ, cast))
    request.refresh_from_db()
    letter = request.letters.order_by("pk").first()
    user = cast.ogi_head if act == "extension_decision" else cast.registrar
    client.force_login(user)
    if act == "delivery":
        form, url = DeliveryForm(), reverse("workflow:delivery",
                                            args=[request.public_id, letter.public_id])
    elif act == "withdraw":
        form, url = WithdrawForm(), reverse("workflow:withdraw", args=[request.public_id])
    else:
        form = ExtensionDecisionForm()
        url = reverse("workflow:extension_decision", args=[request.public_id, extension.pk])
    payload = posted(data.draw, form)

    def body():
        before = snapshot(request)
        response = send(client, data.draw, url, payload)
        assert response.status_code == 302
        texts = [str(m) for m in get_messages(response.wsgi_request)]
        done = any(text.startswith("已") for text in texts)
        ENDED[(f"request page {act}", done)] += 1
        if not done:
            assert snapshot(request) == before, texts
        else:
            assert_stored_data_valid(before[0][COUNTED.index(AuditEvent)])

    rolled_back(body)
    RUN[f"request page {act}"] += 1


# ---- the application: online and at intake ---------------------------------------------------

def _valid_application(intake: bool) -> dict:
    data = {
        "kind": "natural_person", "name": "林志强", "document_type": "resident_id",
        "document_number": "11010519491231002X", "phone": "13905940001",
        "email": "lin.zhiqiang@example.com",
        "postal_address": "福建省莆田市荔城区镇海街道八二一南街88号", "postcode": "351100",
        "form_wanted": "electronic_file", "obtain_method": "online_download",
        "purpose": "了解住所附近企业的环境影响情况", "declaration": "on",
        "items-TOTAL_FORMS": "1", "items-INITIAL_FORMS": "0", "items-MIN_NUM_FORMS": "1",
        "items-MAX_NUM_FORMS": "50",
        "items-0-description": "莆田市2025年度城厢区华亭镇某化工企业环境影响评价报告书及批复文件",
        "proof_of_identity": "real_pdf",
    }
    if intake:
        data.update(channel="in_person", submitted_on=TODAY().isoformat(), register_now="on",
                    scan="real_pdf", obtain_method="post")
        del data["declaration"]
    return data


def _application_payload(draw, form, *, intake: bool = False) -> dict:
    """A valid application with a few fields made hostile, or hostile throughout."""
    if draw(st.booleans()):
        data = _valid_application(intake)
        for name in draw(st.lists(st.sampled_from(sorted(data)), max_size=3)):
            field = form.fields.get(name)
            if field is None:
                data[name] = draw(st.one_of(SCALAR, st.just(MISSING)))
            else:
                data[name] = field_value(draw, field)
        data = {k: v for k, v in data.items() if v is not MISSING}
        for name in ("proof_of_identity", "scan"):
            if isinstance(data.get(name), str):
                data[name] = make_upload("real_pdf")
        return data
    formset = item_formset()
    total = draw(st.one_of(st.sampled_from(["1", "2", "0", "51", "-1", "abc", "1" + "0" * 30]),
                           st.just(MISSING)))
    data = {}
    if total is not MISSING:
        data.update({"items-TOTAL_FORMS": total, "items-INITIAL_FORMS": "0",
                     "items-MIN_NUM_FORMS": "1", "items-MAX_NUM_FORMS": "50"})
    item = formset.empty_form
    for n in range(2):
        for name, field in item.fields.items():
            value = field_value(draw, field)
            if value is not MISSING:
                data[f"items-{n}-{name}"] = value
    data.update(posted(draw, form))
    return data


def _applicant_account():
    user, _created = get_user_model().objects.get_or_create(
        username="lin.zhiqiang@example.com", defaults={"email": "lin.zhiqiang@example.com"})
    return user


@FUZZ
@given(data=st.data())
def test_the_portal_application_never_fails_and_stores_nothing_on_refusal(
    client, organ, people, data
):
    client.force_login(_applicant_account())
    payload = _application_payload(data.draw, PortalApplicationForm())

    def body():
        before = snapshot()
        response = send(client, data.draw, reverse("portal:submit"), payload)
        assert response.status_code in (200, 302)
        ENDED[("portal application", response.status_code == 302)] += 1
        if response.status_code == 200:
            assert snapshot() == before
        else:
            assert_stored_data_valid(before[0][COUNTED.index(AuditEvent)])

    rolled_back(body)
    RUN["portal application"] += 1


@FUZZ
@given(data=st.data())
def test_staff_intake_never_fails_and_stores_nothing_on_refusal(client, organ, people, data):
    client.force_login(people.registrar)
    payload = _application_payload(data.draw, IntakeForm(), intake=True)

    def body():
        before = snapshot()
        response = send(client, data.draw, reverse("intake:new"), payload)
        assert response.status_code in (200, 302)
        ENDED[("staff intake", response.status_code == 302)] += 1
        if response.status_code == 200:
            assert snapshot() == before
        else:
            assert_stored_data_valid(before[0][COUNTED.index(AuditEvent)])

    rolled_back(body)
    RUN["staff intake"] += 1


# ---- query strings ---------------------------------------------------------------------------

QUERY_KEYS = ["page", "organ", "department", "status", "due_within", "period", "year", "month",
              "quarter", "start", "end", "channel", "applicant_kind", "outcome", "figure", "days",
              "step", "format", "registration_number", "applicant", "text"]


@pytest.mark.parametrize("page", ["/workbench/", "/workbench/requests/", "/supervision/",
                                  "/supervision/requests/", "/supervision/annual/",
                                  "/supervision/export/by_department.csv"])
@FUZZ
@given(data=st.data())
def test_junk_query_strings_never_fail(client, organ, people, page, data):
    client.force_login(people.supervisor if page.startswith("/supervision") else people.registrar)
    parts = []
    for key in data.draw(st.lists(st.sampled_from(QUERY_KEYS), max_size=6)):
        raw = data.draw(st.one_of(SCALAR.map(lambda s: s[:200].encode()), RAW))
        parts.append(f"{key}={quote_from_bytes(raw)}")
    parts = [p for p in parts if p != "format=pdf"]  # the annual report's PDF is slow
    if data.draw(st.booleans()):  # a custom period of a few months, at any time
        start = data.draw(st.one_of(
            st.dates(max_value=datetime.date(1, 12, 31)),
            st.dates(min_value=datetime.date(9999, 1, 1)), st.dates()))
        end = start + datetime.timedelta(
            days=data.draw(st.integers(0, min(400, (datetime.date.max - start).days))))
        parts += ["period=custom", f"start={start.isoformat()}", f"end={end.isoformat()}"]
    response = client.get(page + "?" + "&".join(parts))
    assert response.status_code in (200, 302, 404)
    RUN[f"query {page}"] += 1


def test_zz_report_examples_run():
    """Print how many examples each form was given (shown with ``pytest -s``)."""
    for name, n in sorted(RUN.items()):
        print(f"fuzzed {name}: {n} examples, {ENDED[(name, True)]} done, "
              f"{ENDED[(name, False)]} refused")
