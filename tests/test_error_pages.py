"""The error pages are the project's own, in the site's language, with a way back; 500.html
renders with no context at all, as Django's handler gives it none. (The tests run with
DEBUG off, as production does.)"""

import pytest
from django.conf import settings
from django.template import loader
from django.test import Client, override_settings
from django.utils import translation

pytestmark = pytest.mark.django_db

WAY_BACK = ('href="/"', 'href="/portal/"', 'href="/workbench/"')
STYLESHEET = "/static/css/ogidesk.css"


def english(client: Client) -> Client:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def assert_project_page(response, status: int, *, lang: str = "zh-CN") -> str:
    assert response.status_code == status
    text = response.content.decode()
    assert f'<html lang="{lang}">' in text
    assert STYLESHEET in text
    assert f'<p class="error-code">{status}</p>' in text
    for link in WAY_BACK:
        assert link in text
    return text


def test_an_unknown_address_gives_the_projects_404_in_chinese(client):
    text = assert_project_page(client.get("/no-such-page/"), 404)
    assert "页面不存在" in text
    assert "政府信息公开申请办理系统" in text
    assert "我的申请" in text and "进入工作台" in text
    assert "Not Found" not in text


def test_an_unknown_address_gives_the_projects_404_in_english_when_english_is_chosen(client):
    text = assert_project_page(english(client).get("/no-such-page/"), 404, lang="en")
    assert "Government information disclosure requests" in text
    assert "My requests" in text and "Go to the workbench" in text
    assert "政府信息公开申请办理系统" not in text


def test_a_404_raised_inside_a_view_gives_the_projects_404(client, django_user_model):
    # Not only the resolver's: a file that does not exist (or is not this visitor's).
    client.force_login(django_user_model.objects.create_user("visitor", password="x-9Lq2"))
    response = client.get("/files/00000000-0000-0000-0000-000000000000/")
    assert response.status_code == 404
    assert "页面不存在" in response.content.decode()


@override_settings(ROOT_URLCONF="tests.error_urls")
def test_a_fault_in_a_view_gives_the_projects_500(client):
    client.raise_request_exception = False
    text = assert_project_page(client.get("/test-errors/500/"), 500)
    assert "系统暂时出现错误" in text
    assert "a fault in a view" not in text and "Traceback" not in text


@override_settings(ROOT_URLCONF="tests.error_urls")
def test_the_500_page_follows_the_chosen_language(client):
    client.raise_request_exception = False
    english(client)
    text = assert_project_page(client.get("/test-errors/500/"), 500, lang="en")
    assert "My requests" in text


def test_the_500_page_renders_without_any_context():
    # As django.views.defaults.server_error renders it: no request, no context processors
    # (in the language of the request being answered; here the site's).
    with translation.override("zh-hans"):
        text = loader.get_template("500.html").render()
    assert "系统暂时出现错误" in text and STYLESHEET in text and 'href="/portal/"' in text


@override_settings(ROOT_URLCONF="tests.error_urls")
def test_a_refused_view_gives_the_projects_403(client):
    text = assert_project_page(client.get("/test-errors/403/"), 403)
    assert "无权访问此页面" in text


@override_settings(ROOT_URLCONF="tests.error_urls")
def test_a_malformed_request_gives_the_projects_400(client):
    text = assert_project_page(client.get("/test-errors/400/"), 400)
    assert "无法处理此请求" in text
    assert "a malformed request" not in text


def test_a_form_posted_without_its_csrf_token_gives_the_projects_403():
    client = Client(enforce_csrf_checks=True)
    response = client.post("/accounts/login/", {"username": "x", "password": "y"})
    text = assert_project_page(response, 403)
    assert "表单已失效" in text
    assert "CSRF verification failed" not in text
