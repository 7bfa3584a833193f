"""The staff login: an applicant's account is sent to the applicants' login, in the page's
language, and not logged in; staff land on their own page (the supervision dashboard for a
supervisor with no work role, the workbench otherwise) unless a safe ``next`` is given."""

from __future__ import annotations

import pytest
from django.conf import settings as django_settings
from django.contrib.auth import SESSION_KEY
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext
from django_otp.plugins.otp_totp.models import TOTPDevice

from requests.choices import Role
from tests.factories import UserFactory, staff
from tests.portal.conftest import PASSWORD as APPLICANT_PASSWORD
from tests.portal.conftest import make_applicant

from .conftest import code_of, password_login, with_password

pytestmark = pytest.mark.django_db
WORKBENCH = reverse("workflow:workbench")
DASHBOARD = reverse("reports:dashboard")
PORTAL_LOGIN = reverse("portal:login")


APPLICANT_MESSAGE = "此处是工作人员登录入口。申请人请从申请人登录页面登录，查询和提交申请。"


def in_english(source: str) -> str:
    """``source`` as the English page shows it (``tests/test_translations.py`` sees to it
    that every source text has its English)."""
    with translation.override("en"):
        return gettext(source)


def english(client):
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def applicant_at_staff_login(client):
    make_applicant("wang.fang@example.com")
    return password_login(client, "wang.fang@example.com", APPLICANT_PASSWORD)


def test_an_applicant_at_the_staff_login_is_sent_to_the_applicants_login_in_chinese(client):
    response = applicant_at_staff_login(client)
    assert response.status_code == 200
    text = response.content.decode()
    assert "此处是工作人员登录入口" in text
    assert f'href="{PORTAL_LOGIN}"' in text and "前往申请人登录" in text
    assert SESSION_KEY not in client.session
    # Not signed in: the workbench asks for a login, it does not answer 403.
    assert client.get(WORKBENCH).status_code == 302


def test_an_applicant_at_the_staff_login_is_told_in_english_when_english_is_chosen(client):
    response = applicant_at_staff_login(english(client))
    assert response.status_code == 200
    text = response.content.decode()
    assert '<html lang="en">' in text and "User name" in text
    assert escape(in_english(APPLICANT_MESSAGE)) in text
    assert in_english("前往申请人登录") in text  # {% translate %} prints it as it is
    assert f'href="{PORTAL_LOGIN}"' in text
    assert SESSION_KEY not in client.session


def test_accept_language_alone_chooses_english_for_the_applicants_message(client):
    make_applicant("wang.fang@example.com")
    response = client.post(
        reverse("login"), {"username": "wang.fang@example.com", "password": APPLICANT_PASSWORD},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    text = response.content.decode()
    assert response.status_code == 200 and '<html lang="en">' in text
    assert escape(in_english(APPLICANT_MESSAGE)) in text


def test_a_wrong_password_for_an_applicant_says_no_more_than_for_anyone(client):
    make_applicant("wang.fang@example.com")
    response = password_login(client, "wang.fang@example.com", "not-the-password")
    text = response.content.decode()
    assert "用户名或密码不正确" in text and "此处是工作人员登录入口" not in text


def test_the_staff_login_page_points_applicants_to_their_login(client):
    text = client.get(reverse("login")).content.decode()
    assert f'href="{PORTAL_LOGIN}"' in text and "申请人请从" in text


def test_a_signed_in_applicant_refused_a_staff_page_gets_the_projects_403_with_a_way_back(client):
    client.force_login(make_applicant("wang.fang@example.com"))
    for lang, heading in (("zh-hans", "无权访问此页面"), ("en", "You may not open this page")):
        client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = lang
        response = client.get(WORKBENCH)
        assert response.status_code == 403
        text = response.content.decode()
        assert heading in text
        assert 'href="/"' in text and 'href="/portal/"' in text
        assert "Forbidden" not in text


# Landing after the login.

def test_a_supervisor_without_a_work_role_lands_on_the_supervision_dashboard(client, people):
    with_password(people.supervisor)
    response = password_login(client, "supervisor")
    assert response.status_code == 302 and response["Location"] == DASHBOARD
    assert client.get(DASHBOARD).status_code == 200


@pytest.mark.parametrize("who", ["registrar", "handler", "reviewer", "ogi_head", "leader"])
def test_staff_with_a_work_role_land_on_their_queue(client, people, who):
    with_password(getattr(people, who))
    response = password_login(client, who)
    assert response.status_code == 302 and response["Location"] == WORKBENCH


def test_a_supervisor_who_also_holds_a_work_role_lands_on_the_queue(client, people, organ):
    staff(organ, Role.HANDLER, "supervisor", people.dept)
    with_password(people.supervisor)
    assert password_login(client, "supervisor")["Location"] == WORKBENCH


def test_django_staff_with_no_role_in_an_organ_land_on_the_admin(client, db):
    with_password(UserFactory(username="root", is_staff=True, is_superuser=True))
    assert password_login(client, "root")["Location"] == reverse("admin:index")


def test_a_safe_next_still_wins_and_an_unsafe_one_is_ignored(client, people):
    with_password(people.supervisor)
    response = password_login(client, "supervisor", next_url="/workbench/requests/")
    assert response["Location"] == "/workbench/requests/"
    client.logout()
    response = password_login(client, "supervisor", next_url="https://evil.example/")
    assert response["Location"] == DASHBOARD


def test_after_the_second_factor_a_supervisor_lands_on_the_dashboard(client, people, settings):
    settings.OGI_STAFF_SECOND_FACTOR = True
    with_password(people.supervisor)
    device = TOTPDevice.objects.create(user=people.supervisor, name="authenticator", confirmed=True)
    response = password_login(client, "supervisor")
    assert response["Location"].startswith(reverse("accounts:verify"))
    done = client.post(reverse("accounts:verify"), {"code": code_of(device)})
    assert done.status_code == 302 and done["Location"] == DASHBOARD


def test_the_workbench_sends_a_supervisor_without_a_work_role_to_the_dashboard(client, people):
    client.force_login(people.supervisor)
    response = client.get(WORKBENCH)
    assert response.status_code == 302 and response["Location"] == DASHBOARD
    # The request list stays open to them.
    assert client.get(reverse("workflow:requests")).status_code == 200


def test_the_workbench_still_opens_for_staff_with_a_work_role(client, people):
    client.force_login(people.handler)
    assert client.get(WORKBENCH).status_code == 200




def _summary(response) -> str:
    page = response.content.decode()
    start = page.index('id="error-summary"')
    return page[start:page.index("</div>", start)]


def test_a_wrong_password_is_summed_up_above_the_form_in_the_pages_language(client, people):
    with_password(people.registrar)
    response = password_login(client, "registrar", "not-the-password")
    assert response.status_code == 200
    summary = _summary(response)
    assert "提交未成功，请更正以下问题" in summary and "用户名或密码不正确。" in summary
    assert SESSION_KEY not in client.session
    # Shown again, the form leaves the focus to the summary (no autofocus on the name).
    assert "autofocus" not in response.content.decode()
    response = password_login(english(client), "registrar", "not-the-password")
    summary = _summary(response)
    assert in_english("用户名或密码不正确。") in summary and "Your request was not submitted" in summary
    assert not any("\u4e00" <= c <= "\u9fff" for c in summary)


def test_a_login_without_a_password_names_the_field_in_the_summary(client, people):
    response = english(client).post(reverse("login"), {"username": "registrar", "password": ""})
    summary = _summary(response)
    assert 'href="#id_password"' in summary and "Password: This field is required." in summary
