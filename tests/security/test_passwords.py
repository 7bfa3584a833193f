"""Passwords of at least 10 characters, not common ones, at sign-up and at every change;
the demo's published password never opens a staff account outside DEBUG."""

from __future__ import annotations

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from requests.choices import Role
from requests.demo import DEMO_PASSWORD, STAFF
from tests.factories import UserFactory, staff
from tests.portal.conftest import make_applicant

from .conftest import password_login, with_password

pytestmark = pytest.mark.django_db
User = get_user_model()
TOO_SHORT = "Mlx-2026a"  # nine characters
LONG_ENOUGH = "Mlx-2026ab"  # ten
COMMON = "qwertyuiop"  # ten characters, on the common-password list


def signup(client, password):
    return client.post(
        reverse("portal:signup"),
        {"email": "wang.fang@example.com", "password1": password, "password2": password},
    )


@pytest.mark.parametrize("password, message", [
    (TOO_SHORT, "此密码太短，至少要包含 10 个字符。"),
    (COMMON, "这个密码太常见了。"),
])
def test_sign_up_refuses_a_short_or_common_password(client, password, message):
    response = signup(client, password)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not User.objects.filter(username="wang.fang@example.com").exists()


def test_sign_up_takes_ten_characters(client):
    assert signup(client, LONG_ENOUGH).status_code == 302
    assert User.objects.filter(username="wang.fang@example.com").exists()


def test_the_sign_up_page_says_ten_characters(client):
    assert "至少10个字符" in client.get(reverse("portal:signup")).content.decode()


@pytest.mark.parametrize("password", [TOO_SHORT, COMMON])
def test_a_new_password_by_reset_link_must_be_long_and_uncommon(client, password):
    user = make_applicant()
    url = reverse("portal:password_reset_confirm", kwargs={
        "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
        "token": default_token_generator.make_token(user),
    })
    form_url = client.get(url)["Location"]
    response = client.post(form_url, {"new_password1": password, "new_password2": password})
    assert response.status_code == 200
    user.refresh_from_db()
    assert not user.check_password(password)


@pytest.mark.parametrize("password", [TOO_SHORT, COMMON])
def test_a_staff_password_change_must_be_long_and_uncommon(client, organ, password):
    person = with_password(UserFactory(username="zhangwei", is_staff=True))
    staff(organ, Role.ADMINISTRATOR, "zhangwei")
    client.force_login(person)
    response = client.post(reverse("admin:password_change"), {
        "old_password": "Putian-Eco-Bureau-2026", "new_password1": password,
        "new_password2": password,
    })
    assert response.status_code == 200
    person.refresh_from_db()
    assert person.check_password("Putian-Eco-Bureau-2026")


def test_a_staff_login_with_the_demo_password_is_refused_outside_debug(client, people):
    with_password(people.registrar, DEMO_PASSWORD)
    response = password_login(client, "registrar", DEMO_PASSWORD)
    assert response.status_code == 200
    assert "该工作人员账户仍在使用演示密码，不能登录。" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_the_demo_password_opens_staff_accounts_in_the_demo(client, people, settings):
    settings.DEBUG = True
    with_password(people.registrar, DEMO_PASSWORD)
    assert password_login(client, "registrar", DEMO_PASSWORD).status_code == 302


def test_an_applicant_may_keep_a_password_equal_to_the_demo_one(client, db):
    with_password(make_applicant("wang.fang@example.com"), DEMO_PASSWORD)
    response = client.post(reverse("portal:login"),
                           {"username": "wang.fang@example.com", "password": DEMO_PASSWORD})
    assert response.status_code == 302


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_outside_debug_the_demo_gives_no_staff_account_the_demo_password():
    try:
        call_command("seed_demo", stdout=StringIO())
    except CommandError:
        return  # the demo refuses to run at all: nothing to check
    for spec in STAFF:
        user = User.objects.get(username=spec.username)
        assert not user.check_password(DEMO_PASSWORD), spec.username
