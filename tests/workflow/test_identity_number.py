"""The applicant's identity number on the staff side: masked on the request page and in
every list; the full number only on a POST (「显示完整号码」) by a role holder of the
request, each look one audit event that is no step of the procedure."""

import pytest
from django.test import Client
from django.urls import reverse

from letters.audit_trail import audit_trail
from requests.choices import Role, Status
from requests.identity import mask_document_number
from requests.models import AuditEvent, ClockEvent, DisclosureRequest
from requests.models.audit import Act
from requests.services import audit_verify_chain
from requests.services.identity import request_view_identity
from tests.factories import OrganFactory, staff
from tests.requests import machine as m

FULL = "11010519491231002X"  # tests.factories.natural_person
MASKED = mask_document_number(FULL)
BUTTON = "显示完整号码"


@pytest.fixture
def request_(organ, people):
    """Registered and sent to 污防科 (people.dept): handler and handler2 work there."""
    return m.build(Status.PROCESSING, organ, people)


def page(client, user, request) -> str:
    client.force_login(user)
    response = client.get(reverse("workflow:request", args=[request.public_id]))
    assert response.status_code == 200
    return response.content.decode()


def reveal(client, user, request):
    client.force_login(user)
    return client.post(reverse("workflow:request_identity", args=[request.public_id]))


def views_of(request) -> int:
    return AuditEvent.objects.filter(request=request, act=Act.VIEW_IDENTITY).count()


def test_the_mask_keeps_the_last_four_characters():
    assert MASKED == "**************002X"


@pytest.mark.parametrize("who", ["registrar", "ogi_head", "handler", "handler2"])
def test_the_request_page_shows_the_number_masked_and_offers_the_full_view_to_role_holders(
    client, people, request_, who
):
    html = page(client, getattr(people, who), request_)
    assert MASKED in html
    assert FULL not in html
    assert BUTTON in html


@pytest.mark.parametrize("who", ["other_handler", "reviewer", "leader", "supervisor"])
def test_staff_without_a_role_on_the_request_see_the_mask_and_no_button(
    client, people, request_, who
):
    html = page(client, getattr(people, who), request_)
    assert MASKED in html and FULL not in html
    assert BUTTON not in html


def test_a_role_holder_sees_the_full_number_and_each_look_is_one_audit_event(
    client, people, request_
):
    before = DisclosureRequest.objects.filter(pk=request_.pk).values(
        "status", "version", "due_on", "received_on"
    ).get()
    clock_events = ClockEvent.objects.filter(request=request_).count()

    response = reveal(client, people.handler, request_)
    assert response.status_code == 200
    html = response.content.decode()
    assert f'<span class="tracking" id="full-document-number">{FULL}</span>' in html
    assert "no-store" in response["Cache-Control"]
    assert views_of(request_) == 1
    event = AuditEvent.objects.get(request=request_, act=Act.VIEW_IDENTITY)
    assert event.actor == people.handler
    assert event.status_before == event.status_after == ""
    assert FULL not in str(event.data) and FULL not in event.comment

    assert reveal(client, people.registrar, request_).status_code == 200
    assert views_of(request_) == 2  # exactly one event per look
    # No status, no clock, no version: the look is no act on the request.
    assert DisclosureRequest.objects.filter(pk=request_.pk).values(
        "status", "version", "due_on", "received_on"
    ).get() == before
    assert ClockEvent.objects.filter(request=request_).count() == clock_events
    assert audit_verify_chain(request_.organ) == []


@pytest.mark.parametrize("who", ["other_handler", "reviewer", "leader", "supervisor"])
def test_the_full_view_is_refused_to_staff_without_a_role_on_the_request(
    client, people, request_, who
):
    response = reveal(client, getattr(people, who), request_)
    assert response.status_code == 403
    assert FULL not in response.content.decode()
    assert views_of(request_) == 0


def test_the_full_view_is_refused_to_staff_of_another_organ(client, request_):
    elsewhere = OrganFactory(name="莆田市自然资源局", short_name="莆田市自然资源局", code="PTZR")
    outsider = staff(elsewhere, Role.REGISTRAR, "outsider")
    response = reveal(client, outsider, request_)
    assert response.status_code == 404
    assert FULL not in response.content.decode()
    assert views_of(request_) == 0


def test_the_full_view_is_refused_to_an_applicant_and_to_nobody(client, request_,
                                                                 django_user_model):
    response = client.post(reverse("workflow:request_identity", args=[request_.public_id]))
    assert response.status_code == 302  # to the login page
    applicant = django_user_model.objects.create_user("lin@example.com", password="x-9Lq2zz")
    assert reveal(client, applicant, request_).status_code == 403
    assert views_of(request_) == 0


def test_the_full_view_takes_a_post_with_its_csrf_token(people, request_):
    client = Client(enforce_csrf_checks=True)
    client.force_login(people.registrar)
    url = reverse("workflow:request_identity", args=[request_.public_id])
    assert client.get(url).status_code == 405
    assert client.post(url).status_code == 403
    assert views_of(request_) == 0


def test_the_service_refuses_without_a_role_and_writes_nothing(people, request_):
    from requests.errors import RequestActError

    with pytest.raises(RequestActError, match="没有查看申请人完整证件号码的岗位"):
        request_view_identity(request=request_, acting_user=people.other_handler)
    assert views_of(request_) == 0
    assert request_view_identity(request=request_, acting_user=people.ogi_head) == FULL
    assert views_of(request_) == 1


def test_a_look_stays_out_of_the_procedure_history_and_the_audit_trail(
    client, people, request_
):
    request_view_identity(request=request_, acting_user=people.registrar)
    label = str(Act.VIEW_IDENTITY.label)
    assert label not in page(client, people.registrar, request_)
    trail = audit_trail(request_)
    assert label not in {row.act for row in trail.rows}
    assert trail.chain_ok
    procedural = AuditEvent.objects.filter(request=request_).exclude(act=Act.VIEW_IDENTITY)
    assert len([r for r in trail.rows if r.sequence is not None]) == procedural.count()


def test_the_workbench_and_the_request_list_never_show_the_number(client, people, request_):
    for url in (reverse("workflow:workbench"), reverse("workflow:requests")):
        for who in (people.registrar, people.handler, people.supervisor):
            client.force_login(who)
            # A supervisor is sent on from the workbench to the dashboard: follow.
            response = client.get(url, follow=True)
            assert response.status_code == 200
            assert FULL not in response.content.decode(), (url, who)


def test_the_intake_page_after_a_paper_application_shows_no_number(client, organ, people):
    paper = m.build(Status.REGISTERED, organ, people, channel="in_person")
    client.force_login(people.registrar)
    response = client.get(reverse("intake:done", args=[paper.public_id]))
    assert response.status_code == 200
    assert FULL not in response.content.decode()
