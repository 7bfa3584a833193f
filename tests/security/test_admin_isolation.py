"""The admin shows each organ its own records alone.

Organ 1 (莆田市生态环境局) has applicants with resident ID numbers, phones and addresses, their
requests in the flow with letters, audit events, files, a reconsideration case, a directory
entry, login records and a background task. Organ 2 (厦门市生态环境局) has an administrator
with ``is_staff`` and every model permission there is — the worst case. Every model
registered in the admin is walked (a model registered tomorrow is walked too): its list with
and without searches and filters, the add form, and the change, delete and history pages and
autocomplete lookups of each organ-1 object. Not one identifying string of organ 1 may show,
and organ 1's objects are not found. A superuser sees them, with identity numbers masked.
"""

from __future__ import annotations

import json

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult, get_date_max

from reports.models import RemedyCase, RemedyType
from requests.admin_scope import OrganScopedAdmin, _field_at
from requests.choices import Role
from requests.identity import mask_document_number, resident_id_check_character
from requests.models import Applicant, DisclosureRequest, StaffMembership
from requests.models.attachment import AttachmentKind
from requests.services import attachment_store
from tests.factories import DepartmentFactory, OrganFactory, OtherOrganFactory, staff
from tests.portal.conftest import make_applicant, pdf
from tests.portal.kit import awaiting_correction, in_processing

pytestmark = pytest.mark.django_db

LIN_ID = "11010519491231002X"
CHEN_ID = "35030219850612002" + resident_id_check_character("35030219850612002")
ADMIN_STAFF_USERNAME = "pthb.chenyaqin"
LOGIN_ADDRESS = "198.51.100.23"


@pytest.fixture
def organ_one(organ, people):
    """Organ 1 with realistic records in every registered model."""
    lin = make_applicant("lin.zhiqiang@example.com")
    chen = make_applicant("chen.yaqin@example.com")
    first = awaiting_correction(organ, people, lin)
    second = in_processing(
        organ, people, chen, items=["木兰溪2025年水质月报"], name="陈雅琴",
        document_number=CHEN_ID, phone="13705948888",
        postal_address="福建省莆田市城厢区凤凰山街道梅园东路166号",
    )
    attachment_store(organ=organ, upload=pdf("身份证正面.pdf"), kind=AttachmentKind.PROOF_OF_IDENTITY,
                     uploaded_by=lin, request=first, applicant=first.applicant)
    RemedyCase.objects.create(
        organ=organ, request=second, case_type=RemedyType.RECONSIDERATION,
        case_number="莆政复〔2026〕37号", body="莆田市人民政府", filed_on=timezone.localdate(),
    )
    OtherOrganFactory(organ=organ, name="莆田市自然资源局", phone="0594-2695001")
    clerk = staff(organ, Role.REGISTRAR, ADMIN_STAFF_USERNAME, people.office)
    clerk.first_name, clerk.last_name, clerk.email = "雅琴", "陈", "chenyaqin@pthb.example.cn"
    clerk.save()
    login = dict(username=ADMIN_STAFF_USERNAME, ip_address=LOGIN_ADDRESS,
                 user_agent="Mozilla/5.0 (Windows NT 10.0)", path_info="/accounts/login/",
                 http_accept="text/html")
    AccessAttempt.objects.create(**login, get_data="", post_data="", failures_since_start=3)
    AccessLog.objects.create(**login)
    AccessFailureLog.objects.create(**login, locked_out=False)
    Group.objects.create(name="莆田市生态环境局办公室")
    DBTaskResult.objects.create(
        task_path="portal.tasks.send_portal_mail", backend_name="default",
        run_after=get_date_max(), queue_name="default",
        args_kwargs={"args": ["lin.zhiqiang@example.com", "申请已登记", "林志强，您的申请已登记"],
                     "kwargs": {}},
    )
    requests = list(DisclosureRequest.objects.filter(organ=organ))
    letters = [letter.number for r in requests for letter in r.letters.all()]
    assert len(requests) == 2 and letters
    secrets = [
        "林志强", LIN_ID, "13905940001", "八二一南街88号", "lin.zhiqiang@example.com",
        "陈雅琴", CHEN_ID, "13705948888", "梅园东路166号", "chen.yaqin@example.com",
        *[r.registration_number for r in requests], *letters,
        "莆田市生态环境局", "污防科", "环审科", "莆政复〔2026〕37号", "莆田市自然资源局",
        "0594-2695001", ADMIN_STAFF_USERNAME, "chenyaqin@pthb.example.cn", LOGIN_ADDRESS,
        "木兰溪2025年水质月报",
    ]
    return secrets


@pytest.fixture
def organ_two(db):
    """Organ 2 and its administrator holding is_staff and every permission."""
    other = OrganFactory(name="厦门市生态环境局", short_name="厦门市生态环境局", code="XMHB",
                         letter_number_prefix="厦环信公开", address="福建省厦门市思明区",
                         phone="0592-0000000", email="ogi@xmhb.example.cn")
    office = DepartmentFactory(organ=other, name="办公室")
    boss = staff(other, Role.ADMINISTRATOR, "xm.admin")
    StaffMembership.objects.create(user=boss, organ=other, department=office, role=Role.REGISTRAR)
    boss.is_staff = True
    boss.save()
    boss.user_permissions.add(*Permission.objects.all())
    return boss


def _own_pks(boss) -> dict:
    """The objects of organ 2 (the administrator's own), by model."""
    memberships = StaffMembership.objects.filter(user=boss)
    logins = {model: set(model.objects.filter(username=boss.username).values_list("pk", flat=True))
              for model in (AccessAttempt, AccessLog, AccessFailureLog)}
    return {
        **logins,
        get_user_model(): {boss.pk},
        StaffMembership: set(memberships.values_list("pk", flat=True)),
        memberships.first().organ._meta.model: {memberships.first().organ_id},
    }


def _text(response) -> str:
    body = response.content.decode()
    if response.get("Content-Type", "").startswith("application/json"):
        body += json.dumps(json.loads(body), ensure_ascii=False)
    return body


def _assert_clean(response, secrets, where):
    assert response.status_code != 500, where
    body = _text(response)
    leaked = [s for s in secrets if s in body]
    assert not leaked, f"{where}: {leaked}"


def _url(model, view, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def _filter_params(model_admin, objects) -> list[dict]:
    """Filters on related fields set to organ 1's values, the way a crafted URL would."""
    params = []
    for entry in model_admin.list_filter:
        if not isinstance(entry, str):
            continue
        field = _field_at(model_admin.model, entry)
        if field is None or not field.is_relation:
            continue
        for obj in objects:
            value = obj
            for part in entry.split("__"):
                value = getattr(value, part, None) if value is not None else None
            values = value.all() if hasattr(value, "all") else [value]
            params += [{f"{entry}__id__exact": v.pk} for v in values if v is not None]
    return params


def searched(secrets):
    """A name, an ID number, a phone, a registration and a letter number, a login."""
    return [secrets[0], secrets[1], secrets[2], secrets[10], secrets[12],
            ADMIN_STAFF_USERNAME, LOGIN_ADDRESS]


def _other_organs_objects(model, own):
    return [obj for obj in model._base_manager.all() if obj.pk not in own.get(model, set())]


def test_every_admin_class_keeps_to_the_organ():
    """A model registered without the organ scope fails here, before any data is walked."""
    unscoped = [m._meta.label for m, a in admin.site._registry.items()
                if not isinstance(a, OrganScopedAdmin)]
    assert unscoped == []


def test_another_organs_administrator_sees_nothing_of_organ_one(client, organ_one, organ_two):
    secrets = organ_one
    client.force_login(organ_two)
    own = _own_pks(organ_two)
    _assert_clean(client.get(reverse("admin:index")), secrets, "index")
    walked = set()
    for model, model_admin in admin.site._registry.items():
        label = model._meta.label
        walked.add(label)
        objects = [] if getattr(model_admin, "organ_shared", False) else _other_organs_objects(model, own)
        if not getattr(model_admin, "organ_shared", False):
            assert objects, f"{label}: give organ 1 a record of this model in the fixture"
        changelist = _url(model, "changelist")
        queries = [{}, {"_popup": "1"}, {"o": "1"}, *({"q": s} for s in searched(secrets)),
                   *_filter_params(model_admin, objects)]
        for query in queries:
            response = client.get(changelist, query)
            assert response.status_code in (200, 302, 400, 403), (label, query)
            # The search box repeats what was searched for; the rest must not show.
            _assert_clean(response, [s for s in secrets if s != query.get("q")],
                          f"{label} list {query}")
            if response.status_code == 200 and not getattr(model_admin, "organ_shared", False):
                shown = {row.pk for row in response.context["cl"].result_list}
                assert not shown & {obj.pk for obj in objects}, (label, query)
        add = client.get(_url(model, "add"))
        assert add.status_code in (200, 302, 403), label
        _assert_clean(add, secrets, f"{label} add")
        if getattr(model_admin, "organ_shared", False):
            continue  # reference data common to all organs (the calendar)
        for obj in objects:
            views = ("change", "delete", "history")
            if model is get_user_model():
                views += ("password_change",)  # setting another organ's password
            for view in views:
                url = _url(model, view, obj.pk)
                response = client.get(url)
                assert response.status_code in (302, 403, 404), (label, view, obj.pk)
                if response.status_code == 302:
                    assert response["Location"] == reverse("admin:index"), (label, view)
                    followed = client.get(response["Location"])
                    _assert_clean(followed, secrets, f"{label} {view} (followed)")
                _assert_clean(response, secrets, f"{label} {view}")
            response = client.post(_url(model, "delete", obj.pk), {"post": "yes"})
            assert response.status_code in (302, 403, 404), (label, "delete POST")
            assert model._base_manager.filter(pk=obj.pk).exists(), (label, "deleted")
            response = client.post(_url(model, "change", obj.pk), {})
            assert response.status_code in (302, 403, 404), (label, "change POST")
        for field_name in model_admin.autocomplete_fields:
            for term in ["", *secrets]:
                response = client.get(reverse("admin:autocomplete"), {
                    "app_label": model._meta.app_label, "model_name": model._meta.model_name,
                    "field_name": field_name, "term": term,
                })
                assert response.status_code in (200, 403), (label, field_name)
                _assert_clean(response, secrets, f"{label}.{field_name} autocomplete {term}")
    # The walk covered the project's models and the libraries' ones.
    assert {"requests.Applicant", "requests.DisclosureRequest", "requests.AuditEvent",
            "letters.IssuedLetter", "reports.RemedyCase", "auth.User", "viewflow.Task",
            "viewflow.Process", "axes.AccessAttempt", "django_tasks_database.DBTaskResult"} <= walked


def test_list_filters_offer_only_the_organs_own_choices(client, organ_one, organ_two, organ):
    StaffMembership.objects.create(
        user=organ_two, organ=organ_two.memberships.first().organ,
        department=DepartmentFactory(organ=organ_two.memberships.first().organ, name="法规科"),
        role=Role.HANDLER,
    )
    client.force_login(organ_two)
    page = client.get(_url(StaffMembership, "changelist")).content.decode()
    assert "法规科" in page and "污防科" not in page and "莆田市生态环境局" not in page


def test_a_superuser_sees_every_organ_with_identity_numbers_masked(admin_client, organ_one):
    applicants = Applicant.objects.all()
    listing = admin_client.get(_url(Applicant, "changelist")).content.decode()
    assert "林志强" in listing and "陈雅琴" in listing
    assert mask_document_number(LIN_ID) in listing
    requests = admin_client.get(_url(DisclosureRequest, "changelist")).content.decode()
    for request in DisclosureRequest.objects.all():
        assert request.registration_number in requests
    for model in admin.site._registry:
        assert admin_client.get(_url(model, "changelist")).status_code == 200, model
    pages = [admin_client.get(_url(model, "changelist")) for model in admin.site._registry]
    pages += [admin_client.get(_url(Applicant, "change", a.pk)) for a in applicants]
    pages += [admin_client.get(_url(DisclosureRequest, "change", r.pk))
              for r in DisclosureRequest.objects.all()]
    for page in pages:
        assert page.status_code == 200
        body = _text(page)
        assert LIN_ID not in body and CHEN_ID not in body
    found = admin_client.get(_url(Applicant, "changelist"), {"q": LIN_ID}).content.decode()
    assert "林志强" in found and "陈雅琴" not in found


def test_the_admin_cannot_rewrite_an_identity_number(admin_client, organ_one):
    lin = Applicant.objects.get(name="林志强")
    page = admin_client.get(_url(Applicant, "change", lin.pk)).content.decode()
    assert mask_document_number(LIN_ID) in page and 'name="document_number"' not in page


def test_an_organs_administrator_keeps_their_own_organ(client, organ_one, organ, people):
    boss = staff(organ, Role.ADMINISTRATOR, "pthb.admin")
    boss.is_staff = True
    boss.save()
    boss.user_permissions.add(*Permission.objects.all())
    client.force_login(boss)
    listing = client.get(_url(Applicant, "changelist")).content.decode()
    assert "林志强" in listing and LIN_ID not in listing
    lin = Applicant.objects.get(name="林志强")
    assert client.get(_url(Applicant, "change", lin.pk)).status_code == 200
    clerk = get_user_model().objects.get(username=ADMIN_STAFF_USERNAME)
    page = client.get(_url(get_user_model(), "change", clerk.pk))
    assert page.status_code == 200
    # Who may use the admin, and with which permissions, is a superuser's to decide.
    assert 'name="is_superuser"' not in page.content.decode()
    assert 'name="user_permissions"' not in page.content.decode()
    # An applicant's portal account is not the organ's to change.
    assert client.get(_url(get_user_model(), "change", lin.account_id)).status_code == 302


def test_an_organs_administrator_adds_a_staff_member_with_their_role(client, organ, people):
    boss = staff(organ, Role.ADMINISTRATOR, "pthb.admin")
    boss.is_staff = True
    boss.save()
    boss.user_permissions.add(*Permission.objects.filter(
        content_type__app_label__in=["auth", "requests"]))
    client.force_login(boss)
    form = {
        "username": "pthb.linxiao", "usable_password": "true",
        "password1": "Mulan-River-7391#q", "password2": "Mulan-River-7391#q",
        "memberships-TOTAL_FORMS": "1", "memberships-INITIAL_FORMS": "0",
        "memberships-MIN_NUM_FORMS": "1", "memberships-MAX_NUM_FORMS": "1000",
        "memberships-0-organ": str(organ.pk), "memberships-0-department": str(people.dept.pk),
        "memberships-0-role": Role.HANDLER,
    }
    without_role = {**form, "memberships-0-organ": "", "memberships-0-role": ""}
    assert client.post(_url(get_user_model(), "add"), without_role).status_code == 200
    assert not get_user_model().objects.filter(username="pthb.linxiao").exists()
    response = client.post(_url(get_user_model(), "add"), form)
    assert response.status_code == 302, [
        (f.errors, f.non_form_errors() if hasattr(f, "non_form_errors") else "")
        for f in [response.context["adminform"].form,
                  *(i.formset for i in response.context["inline_admin_formsets"])]
    ] if response.status_code == 200 else response
    created = get_user_model().objects.get(username="pthb.linxiao")
    assert created.memberships.get().role == Role.HANDLER
    assert not created.is_staff and not created.is_superuser
    assert client.get(response["Location"]).status_code == 200


def test_the_demos_ordinary_staff_are_not_admin_users(db, settings):
    from requests.demo import STAFF

    settings.DEBUG = True  # the demo as scripts/run makes it

    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    users = get_user_model().objects.filter(username__in=[s.username for s in STAFF])
    assert users.count() == len(STAFF)
    for spec in STAFF:
        user = users.get(username=spec.username)
        if spec.role == Role.ADMINISTRATOR:
            assert user.is_staff
            continue
        assert not user.is_staff and not user.is_superuser, spec.username
        assert user.get_all_permissions() == set(), spec.username
        assert not user.groups.exists()


def test_another_organs_administrator_cannot_give_themselves_a_role_in_organ_one(
    client, organ_one, organ_two, organ, people
):
    client.force_login(organ_two)
    before = StaffMembership.objects.count()
    response = client.post(_url(StaffMembership, "add"), {
        "user": organ_two.pk, "organ": organ.pk, "department": people.office.pk,
        "role": Role.REGISTRAR,
    })
    assert response.status_code == 200  # the form refuses the organ and the department
    assert StaffMembership.objects.count() == before
    assert not StaffMembership.objects.filter(user=organ_two, organ=organ).exists()
    clerk = get_user_model().objects.get(username=ADMIN_STAFF_USERNAME)
    client.post(_url(StaffMembership, "add"), {
        "user": clerk.pk, "organ": organ_two.memberships.first().organ_id, "role": Role.HANDLER,
    })
    assert not StaffMembership.objects.filter(user=clerk).exclude(organ=organ).exists()
