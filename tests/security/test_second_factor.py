"""Staff log in with a password and a code from an authenticator (TOTP, RFC 6238) or a
single-use backup code; a staff member without one sets it up right after the password.
Applicants keep password log-in. Administrators reset a lost second factor (audited)."""

from __future__ import annotations

import base64
import re

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from requests.choices import Role
from requests.models import AuditEvent
from requests.models.audit import Act
from requests.services.audit import audit_verify_chain
from tests.factories import OrganFactory, UserFactory, staff
from tests.portal.conftest import PASSWORD as APPLICANT_PASSWORD
from tests.portal.conftest import make_applicant

from .conftest import STAFF_PASSWORD, code_of, password_login, with_password

pytestmark = pytest.mark.usefixtures("second_factor_on")
WORKBENCH = reverse("workflow:workbench")


def confirmed_authenticator(user) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="authenticator", confirmed=True)


def verify(client, code: str, next_url: str = ""):
    data = {"code": code}
    if next_url:
        data["next"] = next_url
    return client.post(reverse("accounts:verify"), data)


def test_a_staff_member_without_an_authenticator_sets_one_up_right_after_the_password(
    client, people, settings
):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # a wrong code, then at once the right one
    with_password(people.registrar)
    response = password_login(client, "registrar", next_url="/workbench/requests/")
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:setup") + "?next=%2Fworkbench%2Frequests%2F"
    # Until the set-up is done, the workbench is out of reach.
    assert client.get(WORKBENCH)["Location"].startswith(reverse("accounts:setup"))

    page = client.get(response["Location"])
    assert page.status_code == 200
    text = page.content.decode()
    device = TOTPDevice.objects.get(user=people.registrar)
    assert not device.confirmed
    # The QR code is drawn here, as inline SVG, and the secret is shown for typing in.
    assert "<svg" in text and "<img" not in text
    assert not re.search(r"""(src|href)=["']https?://""", text)
    secret = base64.b32encode(device.bin_key).decode().rstrip("=")
    assert " ".join(secret[i:i + 4] for i in range(0, len(secret), 4)) in text
    # Reloading the page shows the same secret, not a new one.
    client.get(response["Location"])
    assert TOTPDevice.objects.filter(user=people.registrar).count() == 1

    wrong = client.post(response["Location"], {"code": "000000" if code_of(device) != "000000" else "111111"})
    assert wrong.status_code == 200
    assert "验证码不正确" in wrong.content.decode()
    device.refresh_from_db()
    assert not device.confirmed and not StaticDevice.objects.filter(user=people.registrar).exists()

    done = client.post(response["Location"], {"code": code_of(device)})
    assert done.status_code == 302
    assert done["Location"] == reverse("accounts:backup_codes") + "?next=%2Fworkbench%2Frequests%2F"
    device.refresh_from_db()
    assert device.confirmed

    codes_page = client.get(done["Location"]).content.decode()
    codes = set(StaticToken.objects.filter(device__user=people.registrar).values_list("token", flat=True))
    assert len(codes) == 10
    assert all(code in codes_page for code in codes)
    assert "只显示这一次" in codes_page
    # Shown once.
    again = client.get(reverse("accounts:backup_codes")).content.decode()
    assert not any(code in again for code in codes) and "10个未使用的备用验证码" in again
    assert client.get("/workbench/requests/").status_code == 200


def test_a_staff_member_with_an_authenticator_gives_its_code_after_the_password(
    client, people, settings
):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # a wrong code, then at once the right one
    with_password(people.handler)
    device = confirmed_authenticator(people.handler)
    response = password_login(client, "handler")
    assert response["Location"] == reverse("accounts:verify")
    # The password alone opens nothing.
    for url in (WORKBENCH, "/workbench/requests/"):
        refused = client.get(url)
        assert refused.status_code == 302 and refused["Location"].startswith(reverse("accounts:verify"))

    wrong = verify(client, "12345" + str((int(code_of(device)[-1]) + 1) % 10))
    assert wrong.status_code == 200 and "验证码不正确" in wrong.content.decode()
    assert client.get(WORKBENCH).status_code == 302

    right = verify(client, code_of(device), next_url="/workbench/requests/")
    assert right.status_code == 302 and right["Location"] == "/workbench/requests/"
    assert client.get(WORKBENCH).status_code == 200

    # The same code does not open a second session (no replay).
    other = client.__class__()
    password_login(other, "handler")
    assert verify(other, code_of(device)).status_code == 200
    assert other.get(WORKBENCH).status_code == 302


def test_the_code_step_never_sends_to_another_site(client, people):
    with_password(people.handler)
    device = confirmed_authenticator(people.handler)
    password_login(client, "handler")
    response = verify(client, code_of(device), next_url="https://evil.example.com/")
    assert response["Location"] == WORKBENCH


def test_a_backup_code_stands_in_for_the_authenticator_once(client, people):
    with_password(people.handler)
    confirmed_authenticator(people.handler)
    backup = StaticDevice.objects.create(user=people.handler, name="backup", confirmed=True)
    StaticToken.objects.create(device=backup, token="mlx2k7qa")
    StaticToken.objects.create(device=backup, token="pt9h3fzc")

    password_login(client, "handler")
    response = verify(client, "MLX2-K7QA")
    assert response.status_code == 302 and response["Location"] == WORKBENCH
    assert "还剩1个" in client.get(WORKBENCH).content.decode()
    assert list(StaticToken.objects.values_list("token", flat=True)) == ["pt9h3fzc"]

    client.logout()
    password_login(client, "handler")
    assert verify(client, "mlx2k7qa").status_code == 200
    assert client.get(WORKBENCH).status_code == 302


def test_wrong_codes_are_throttled_with_a_growing_delay(client, people):
    with_password(people.handler)
    device = confirmed_authenticator(people.handler)
    password_login(client, "handler")
    wrong = "000000" if code_of(device) != "000000" else "111111"
    verify(client, wrong)
    verify(client, wrong)
    # Now even the right code waits.
    response = verify(client, code_of(device))
    assert response.status_code == 200
    assert "验证码错误次数过多" in response.content.decode()
    assert client.get(WORKBENCH).status_code == 302


def test_the_password_alone_cannot_add_an_authenticator_to_an_account_that_has_one(client, people):
    with_password(people.handler)
    confirmed_authenticator(people.handler)
    password_login(client, "handler")
    response = client.get(reverse("accounts:setup"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:verify"))
    response = client.post(reverse("accounts:setup"), {"code": "123456"})
    assert response.status_code == 302
    assert TOTPDevice.objects.filter(user=people.handler).count() == 1


@pytest.mark.parametrize(
    "url",
    [
        "/files/8d3c1c0e-2f8a-4b8e-9a55-1f2d3c4b5a69/",
        "/workbench/",
        "/workbench/requests/",
        "/workbench/intake/",
        "/supervision/",
        "/admin/",
        "/admin/auth/user/",
        "/portal/",
        "/accounts/second-factor/backup-codes/",
        "/accounts/second-factor/staff/",
    ],
)
def test_an_unverified_staff_session_is_sent_to_the_code_step_everywhere(client, people, url):
    superuser = with_password(UserFactory(username="zhangwei", is_staff=True, is_superuser=True))
    staff(people.registrar.memberships.first().organ, Role.ADMINISTRATOR, "zhangwei")
    confirmed_authenticator(superuser)
    password_login(client, "zhangwei")
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:verify") + "?next=")


def test_a_staff_member_logging_in_on_the_portal_still_gives_the_code(client, people):
    member = staff(people.registrar.memberships.first().organ, Role.HANDLER, "zhou.min@pthb.example.cn")
    with_password(member)
    confirmed_authenticator(member)
    response = client.post(
        reverse("portal:login"), {"username": "zhou.min@pthb.example.cn", "password": STAFF_PASSWORD}
    )
    assert response.status_code == 302
    assert client.get(WORKBENCH)["Location"].startswith(reverse("accounts:verify"))


def test_applicants_keep_logging_in_with_their_password(client, db):
    make_applicant("wang.fang@example.com")
    response = client.post(
        reverse("portal:login"), {"username": "wang.fang@example.com", "password": APPLICANT_PASSWORD}
    )
    assert response.status_code == 302 and response["Location"] == reverse("portal:home")
    assert client.get(reverse("portal:home")).status_code == 200


def test_an_applicant_has_no_second_factor_pages(client, db):
    applicant = make_applicant("wang.fang@example.com")
    client.force_login(applicant)
    for name in ("accounts:setup", "accounts:verify", "accounts:backup_codes"):
        assert client.get(reverse(name)).status_code == 404, name
        assert client.post(reverse(name), {"code": "123456"}).status_code == 404, name
    assert not TOTPDevice.objects.filter(user=applicant).exists()


def test_the_admin_login_form_is_the_staff_login(client, db):
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 302 and response["Location"] == "/accounts/login/?next=/admin/"


def test_with_the_requirement_off_the_password_is_enough(client, people, settings):
    settings.OGI_STAFF_SECOND_FACTOR = False
    with_password(people.registrar)
    response = password_login(client, "registrar")
    assert response["Location"] == WORKBENCH
    assert client.get(WORKBENCH).status_code == 200


# --- reset by an administrator ---------------------------------------------------------


def verified_client(client_class, user):
    client = client_class()
    with_password(user)
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first() or confirmed_authenticator(user)
    password_login(client, user.get_username())
    assert verify(client, code_of(device)).status_code == 302
    return client


def test_an_organ_administrator_resets_a_lost_second_factor_and_it_is_audited(client, organ, people):
    administrator = staff(organ, Role.ADMINISTRATOR, "lin.admin")
    admin_client = verified_client(client.__class__, administrator)
    handler_client = verified_client(client.__class__, people.handler)
    backup = StaticDevice.objects.create(user=people.handler, name="backup", confirmed=True)
    StaticToken.objects.create(device=backup, token="mlx2k7qa")

    assert reverse("accounts:staff") in admin_client.get(WORKBENCH).content.decode()
    assert reverse("accounts:staff") not in handler_client.get(WORKBENCH).content.decode()
    page = admin_client.get(reverse("accounts:staff")).content.decode()
    assert "handler" in page and "已设置" in page
    response = admin_client.post(reverse("accounts:staff_reset", args=[people.handler.pk]))
    assert response.status_code == 302
    assert "已重置" in admin_client.get(reverse("accounts:staff")).content.decode()

    assert not TOTPDevice.objects.filter(user=people.handler).exists()
    assert not StaticDevice.objects.filter(user=people.handler).exists()
    (event,) = AuditEvent.objects.filter(act=Act.RESET_SECOND_FACTOR)
    assert event.organ == organ and event.actor == administrator
    assert event.data["user"] == "handler" and event.data["devices"] == 2
    assert audit_verify_chain(organ) == []
    # The handler's open session lost its second factor: it must set up a new one.
    assert handler_client.get(WORKBENCH)["Location"].startswith(reverse("accounts:setup"))


def test_only_administrators_of_the_persons_organ_may_reset(client, organ, people):
    elsewhere = OrganFactory(code="PTZR", name="莆田市自然资源局", short_name="莆田市自然资源局")
    foreign_admin = staff(elsewhere, Role.ADMINISTRATOR, "other.admin")
    confirmed_authenticator(people.handler)
    foreign = verified_client(client.__class__, foreign_admin)
    assert "handler" not in foreign.get(reverse("accounts:staff")).content.decode()
    assert foreign.post(reverse("accounts:staff_reset", args=[people.handler.pk])).status_code == 404

    handler = verified_client(client.__class__, people.registrar)
    assert handler.get(reverse("accounts:staff")).status_code == 403
    assert handler.post(reverse("accounts:staff_reset", args=[people.handler.pk])).status_code == 403
    assert TOTPDevice.objects.filter(user=people.handler).exists()
    assert not AuditEvent.objects.filter(act=Act.RESET_SECOND_FACTOR).exists()


def test_a_superuser_resets_from_the_admin_user_list(client, organ, people):
    superuser = UserFactory(username="zhangwei", is_staff=True, is_superuser=True)
    admin_client = verified_client(client.__class__, superuser)
    confirmed_authenticator(people.handler)
    response = admin_client.post(
        "/admin/auth/user/",
        {"action": "reset_second_factor", "_selected_action": [people.handler.pk]},
        follow=True,
    )
    assert response.status_code == 200
    assert "已重置1个账户的双因素认证" in response.content.decode()
    assert not TOTPDevice.objects.filter(user=people.handler).exists()
    (event,) = AuditEvent.objects.filter(act=Act.RESET_SECOND_FACTOR)
    assert event.organ == organ and event.actor == superuser


def test_the_admin_lists_no_authenticator_secrets(client, db):
    superuser = UserFactory(username="zhangwei", is_staff=True, is_superuser=True)
    staff(OrganFactory(), Role.ADMINISTRATOR, "zhangwei")
    admin_client = verified_client(client.__class__, superuser)
    assert admin_client.get("/admin/otp_totp/totpdevice/").status_code == 404
    assert admin_client.get("/admin/otp_static/staticdevice/").status_code == 404
    assert get_user_model().objects.filter(username="zhangwei").exists()
