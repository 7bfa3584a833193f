"""Reconsideration and litigation cases: recording, concluding, refusals, the admin."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from reports.models import RemedyCase, RemedyResult, RemedyType
from reports.services import remedy_case_conclude, remedy_case_record
from requests.choices import Role, Status
from tests.factories import OrganFactory, UserFactory, staff
from tests.requests.machine import build

D = datetime.date.fromisoformat


@pytest.fixture
def replied(organ, people):
    return build(Status.REPLIED, organ, people)  # submitted 2026-03-02, replied 2026-03-10


def record(organ, request, user, **overrides):
    kwargs = dict(
        organ=organ, request=request, case_type=RemedyType.RECONSIDERATION,
        filed_on=D("2026-04-20"), acting_user=user, case_number="莆政复〔2026〕12号",
    )
    kwargs.update(overrides)
    return remedy_case_record(**kwargs)


def test_recording_a_reconsideration_defaults_the_body_and_starts_pending(organ, people, replied):
    case = record(organ, replied, people.registrar)
    assert case.pk and case.result == RemedyResult.PENDING and case.concluded_on is None
    assert case.body == "莆田市人民政府"  # the organ's reconsideration body
    assert case.entered_by == people.registrar
    lawsuit = record(
        organ, replied, people.registrar, case_type=RemedyType.LITIGATION_DIRECT,
        case_number="（2026）闽0302行初45号",
    )
    assert lawsuit.body == "莆田市城厢区人民法院"
    assert str(lawsuit) == "行政诉讼（未经复议直接起诉） （2026）闽0302行初45号"


def test_concluding_records_the_result_and_date(organ, people, replied):
    case = record(organ, replied, people.registrar)
    remedy_case_conclude(
        case=case, result=RemedyResult.CORRECTED, concluded_on=D("2026-06-15"),
        acting_user=people.registrar, notes="责令重新答复",
    )
    case.refresh_from_db()
    assert (case.result, case.concluded_on, case.notes) == (
        RemedyResult.CORRECTED, D("2026-06-15"), "责令重新答复"
    )
    with pytest.raises(ValidationError, match="已经审结"):
        remedy_case_conclude(
            case=case, result=RemedyResult.UPHELD, concluded_on=D("2026-06-16"),
            acting_user=people.registrar,
        )


def test_a_decided_case_can_be_entered_with_its_result(organ, people, replied):
    case = record(
        organ, replied, people.registrar, result=RemedyResult.UPHELD,
        concluded_on=D("2026-05-30"),
    )
    assert case.result == RemedyResult.UPHELD


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"result": RemedyResult.UPHELD}, "concluded_on", "请填写审结日期"),
        ({"concluded_on": D("2026-05-30")}, "result", "请选择审结结果"),
        (
            {"result": RemedyResult.UPHELD, "concluded_on": D("2026-04-01")},
            "concluded_on",
            "不能早于申请或起诉日期",
        ),
        ({"filed_on": D("2026-02-27")}, "filed_on", "不能早于政府信息公开申请的提交日期"),
        ({"case_type": "appeal"}, "case_type", "请选择案件类型"),
        ({"result": "won"}, "result", "请选择审结结果"),
    ],
)
def test_bad_input_is_refused_with_a_message_and_nothing_is_written(
    organ, people, replied, overrides, field, message
):
    with pytest.raises(ValidationError) as excinfo:
        record(organ, replied, people.registrar, **overrides)
    assert field in excinfo.value.message_dict
    assert any(message in m for m in excinfo.value.message_dict[field])
    assert not RemedyCase.objects.exists()


def test_dates_in_the_future_are_refused(organ, people, replied):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    with pytest.raises(ValidationError) as excinfo:
        record(organ, replied, people.registrar, filed_on=tomorrow)
    assert "不能晚于今天" in excinfo.value.message_dict["filed_on"][0]
    case = record(organ, replied, people.registrar)
    with pytest.raises(ValidationError) as excinfo:
        remedy_case_conclude(
            case=case, result=RemedyResult.UPHELD, concluded_on=tomorrow,
            acting_user=people.registrar,
        )
    assert "不能晚于今天" in excinfo.value.message_dict["concluded_on"][0]
    case.refresh_from_db()
    assert case.result == RemedyResult.PENDING


def test_concluding_needs_a_decided_result(organ, people, replied):
    case = record(organ, replied, people.registrar)
    with pytest.raises(ValidationError) as excinfo:
        remedy_case_conclude(
            case=case, result=RemedyResult.PENDING, concluded_on=D("2026-06-01"),
            acting_user=people.registrar,
        )
    assert "result" in excinfo.value.message_dict


def test_a_request_of_another_organ_is_refused(organ, people, replied):
    other = OrganFactory(
        code="XMHB", name="厦门市生态环境局", short_name="厦门市生态环境局",
        letter_number_prefix="厦环信公开",
    )
    staff(other, Role.REGISTRAR, "xm_registrar")
    xm_registrar = UserFactory(username="xm_registrar")
    with pytest.raises(ValidationError) as excinfo:
        record(other, replied, xm_registrar)
    assert "本机关办理" in excinfo.value.message_dict["request"][0]
    # Staff of the other organ cannot enter it under the request's organ either.
    with pytest.raises(ValidationError, match="没有登记复议、诉讼案件的岗位"):
        record(organ, replied, xm_registrar)
    assert not RemedyCase.objects.exists()


def test_only_the_ogi_office_and_legal_staff_enter_cases(organ, people, replied):
    with pytest.raises(ValidationError, match="没有登记复议、诉讼案件的岗位"):
        record(organ, replied, people.handler)
    legal = staff(organ, Role.LEGAL_REVIEWER, "legal", people.office)
    assert record(organ, replied, legal).pk


def test_the_database_refuses_a_pending_case_with_a_conclusion(organ, replied):
    with pytest.raises(IntegrityError), transaction.atomic():
        RemedyCase.objects.create(
            organ=organ, request=replied, case_type=RemedyType.RECONSIDERATION,
            filed_on=D("2026-04-20"), concluded_on=D("2026-05-01"),
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        RemedyCase.objects.create(
            organ=organ, request=replied, case_type=RemedyType.RECONSIDERATION,
            filed_on=D("2026-04-20"), result=RemedyResult.UPHELD, concluded_on=D("2026-04-01"),
        )


# ---- admin ---------------------------------------------------------------------------------


@pytest.fixture
def admin_client_for(client):
    def login(user):
        user.is_staff = True
        user.save()
        client.force_login(user)
        return client

    return login


def test_staff_enter_a_case_in_the_admin(organ, people, replied, admin_client_for):
    from django.contrib.auth.models import Permission

    user = people.registrar
    user.user_permissions.add(
        *Permission.objects.filter(content_type__app_label="reports", codename__endswith="remedycase")
    )
    client = admin_client_for(user)
    assert client.get("/admin/reports/remedycase/add/").status_code == 200
    form = {
        "organ": organ.pk, "request": replied.pk, "case_type": RemedyType.LITIGATION_DIRECT,
        "case_number": "（2026）闽0302行初45号", "body": "", "filed_on": "2026-05-06",
        "result": RemedyResult.PENDING, "concluded_on": "", "notes": "",
    }
    bad = client.post("/admin/reports/remedycase/add/", {**form, "result": RemedyResult.UPHELD})
    assert bad.status_code == 200 and not RemedyCase.objects.exists()
    assert "请填写审结日期" in bad.content.decode()
    response = client.post("/admin/reports/remedycase/add/", form)
    assert response.status_code == 302, response.content.decode()[:2000]
    case = RemedyCase.objects.get()
    assert case.entered_by == user and case.body == "莆田市城厢区人民法院"
    listing = client.get("/admin/reports/remedycase/")
    assert "（2026）闽0302行初45号" in listing.content.decode()


def test_admin_shows_only_the_cases_of_ones_own_organ(organ, people, replied, admin_client_for):
    from django.contrib.auth.models import Permission

    record(organ, replied, people.registrar)
    other = OrganFactory(
        code="XMHB", name="厦门市生态环境局", short_name="厦门市生态环境局",
        letter_number_prefix="厦环信公开",
    )
    outsider = staff(other, Role.REGISTRAR, "xm_registrar")
    outsider.user_permissions.add(
        *Permission.objects.filter(content_type__app_label="reports", codename__endswith="remedycase")
    )
    client = admin_client_for(outsider)
    listing = client.get("/admin/reports/remedycase/")
    assert listing.status_code == 200
    assert "莆政复〔2026〕12号" not in listing.content.decode()
