"""Applicant accounts: sign-up with e-mail confirmation, login, lockout, password reset."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from requests.choices import Role
from tests.factories import staff

from .conftest import PASSWORD, make_applicant

pytestmark = pytest.mark.django_db
User = get_user_model()
NEW_PASSWORD = "Mulanxi-River-2026"


def link_in(mail) -> str:
    return re.search(r"http://testserver(/\S+)", mail.body).group(1)


def signup(client, email="wang.fang@example.com", password=PASSWORD, **extra):
    return client.post(
        reverse("portal:signup"),
        {"email": email, "password1": password, "password2": password},
        **extra,
    )


def login(client, email, password, address="198.51.100.20"):
    return client.post(
        reverse("portal:login"), {"username": email, "password": password},
        REMOTE_ADDR=address,
    )


def test_sign_up_confirm_and_land_on_my_requests(client, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = signup(client, email="Wang.Fang@Example.com")
    assert response.status_code == 302
    assert response["Location"] == reverse("portal:signup_done")
    user = User.objects.get(username="wang.fang@example.com")
    assert not user.is_active and user.email == "wang.fang@example.com"
    assert len(mailoutbox) == 1 and mailoutbox[0].to == ["wang.fang@example.com"]
    # Before confirming, the account cannot log in.
    assert login(client, "wang.fang@example.com", PASSWORD).status_code == 200
    response = client.get(link_in(mailoutbox[0]))
    assert response.status_code == 302 and response["Location"] == reverse("portal:home")
    user.refresh_from_db()
    assert user.is_active
    assert client.get(reverse("portal:home")).status_code == 200
    # The link works once.
    client.logout()
    assert client.get(link_in(mailoutbox[0])).status_code == 400


def test_sign_up_refuses_weak_or_mismatched_passwords_and_bad_addresses(client):
    cases = [
        ({"email": "x@example.com", "password1": "12345678", "password2": "12345678"}, "password1"),
        ({"email": "x@example.com", "password1": PASSWORD, "password2": PASSWORD + "x"}, "password2"),
        ({"email": "not-an-address", "password1": PASSWORD, "password2": PASSWORD}, "email"),
        ({"email": "", "password1": PASSWORD, "password2": PASSWORD}, "email"),
    ]
    for data, field in cases:
        response = client.post(reverse("portal:signup"), data)
        assert response.status_code == 200
        assert field in response.context["form"].errors, data
    assert not User.objects.exists()


def test_signing_up_again_reveals_nothing_and_mails_the_owner(
    client, applicant, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = signup(client, email=applicant.email, password="Another-Pass-2026")
    assert response["Location"] == reverse("portal:signup_done")
    assert User.objects.filter(username=applicant.email).count() == 1
    applicant.refresh_from_db()
    assert applicant.check_password(PASSWORD)  # nobody can take over the account
    assert "已经注册过" in mailoutbox[0].body


def test_sign_ups_are_limited_per_address(client, settings):
    settings.PORTAL_RATE_LIMITS = {"signup": {"address": (2, 3600)}}
    for n in range(2):
        assert signup(client, email=f"a{n}@example.com", REMOTE_ADDR="192.0.2.1").status_code == 302
    response = signup(client, email="a3@example.com", REMOTE_ADDR="192.0.2.1")
    assert response.status_code == 200
    assert "操作过于频繁" in response.content.decode()
    assert signup(client, email="a4@example.com", REMOTE_ADDR="192.0.2.2").status_code == 302


def test_login_with_the_address_in_any_case(client, applicant):
    response = login(client, "Lin.ZhiQiang@Example.com", PASSWORD)
    assert response.status_code == 302 and response["Location"] == reverse("portal:home")


def test_repeated_failed_logins_lock_the_account_from_that_address(client, applicant, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        response = login(client, applicant.email, "wrong-password")
        assert response.status_code == 200
        assert "电子邮箱或密码不正确" in response.content.decode()
    response = login(client, applicant.email, "wrong-password")
    assert response.status_code == 429
    assert "暂时无法登录" in response.content.decode()
    # Even the right password is refused now, from this address ...
    assert login(client, applicant.email, PASSWORD).status_code == 429
    # ... but nobody can lock the applicant out from elsewhere.
    assert login(client, applicant.email, PASSWORD, address="203.0.113.99").status_code == 302


def test_staff_logins_are_locked_out_too(client, organ):
    user = staff(organ, Role.REGISTRAR, "registrar")
    user.set_password(PASSWORD)
    user.save()
    for _ in range(5):
        response = client.post(
            reverse("login"), {"username": "registrar", "password": "nope"}, REMOTE_ADDR="10.0.0.8"
        )
    assert response.status_code == 429


def test_password_reset_sets_a_new_password_and_ends_a_lockout(
    client, applicant, mailoutbox, django_capture_on_commit_callbacks, settings
):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        login(client, applicant.email, "wrong-password")
    assert login(client, applicant.email, PASSWORD).status_code == 429
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("portal:password_reset"), {"email": applicant.email})
    assert response["Location"] == reverse("portal:password_reset_done")
    assert len(mailoutbox) == 1
    form_page = client.get(link_in(mailoutbox[0]), follow=True)
    assert form_page.context["validlink"]
    response = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response["Location"] == reverse("portal:password_reset_complete")
    assert login(client, applicant.email, NEW_PASSWORD).status_code == 302


def test_no_reset_link_for_staff_or_unknown_addresses(
    client, organ, mailoutbox, django_capture_on_commit_callbacks
):
    user = staff(organ, Role.REGISTRAR, "registrar")
    user.username, user.email = "registrar@pthb.example.cn", "registrar@pthb.example.cn"
    user.set_password(PASSWORD)
    user.save()
    with django_capture_on_commit_callbacks(execute=True):
        for email in ("registrar@pthb.example.cn", "nobody@example.com"):
            response = client.post(reverse("portal:password_reset"), {"email": email})
            assert response["Location"] == reverse("portal:password_reset_done")
    assert mailoutbox == []


def test_confirmation_mail_can_be_sent_again(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    make_applicant("zhao.lei@example.com", active=False)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("portal:signup_resend"), {"email": "zhao.lei@example.com"})
    assert response["Location"] == reverse("portal:signup_done")
    assert len(mailoutbox) == 1
    assert client.get(link_in(mailoutbox[0])).status_code == 302


def test_a_forged_confirmation_link_is_refused(client):
    user = make_applicant("zhao.lei@example.com", active=False)
    url = reverse("portal:signup_confirm", kwargs={"uidb64": "MQ", "token": "forged-token"})
    assert client.get(url).status_code == 400
    user.refresh_from_db()
    assert not user.is_active


def test_logging_out_returns_to_the_portal_login(applicant_client):
    response = applicant_client.post(reverse("portal:logout"))
    assert response["Location"] == reverse("portal:login")
    page = applicant_client.get(reverse("portal:home"))
    assert page.status_code == 302 and page["Location"].startswith(reverse("portal:login"))
