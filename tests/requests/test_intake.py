"""Taking in an application: validation refuses bad input and stores nothing."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from requests.choices import ApplicantKind, Channel, IdDocumentType, Status
from requests.models import Applicant, AuditEvent, DisclosureRequest
from requests.receipt import receipt_date
from requests.services import request_register
from tests.factories import at, natural_person, submit


def nothing_stored():
    return (
        DisclosureRequest.objects.count() == 0
        and Applicant.objects.count() == 0
        and AuditEvent.objects.count() == 0
    )


@pytest.mark.parametrize(
    ("applicant", "items", "field"),
    [
        (natural_person(document_number="110105194912310021"), None, "document_number"),
        (natural_person(name="  "), None, "name"),
        (natural_person(phone="", email="", postal_address=""), None, "phone"),
        (
            natural_person(
                kind=ApplicantKind.LEGAL_SERVICES_ORG,
                document_type=IdDocumentType.RESIDENT_ID,
            ),
            None,
            "document_number",
        ),
        (natural_person(), ["   ", ""], "items"),
        (natural_person(), ["环" * 2001], "items"),
    ],
)
def test_bad_applications_are_refused_by_field_and_nothing_is_stored(
    organ, applicant, items, field
):
    with pytest.raises(ValidationError) as exc:
        submit(organ, applicant=applicant, items=items or ["x"] if items is None else items)
    assert field in exc.value.message_dict
    assert all(exc.value.message_dict[field])
    assert nothing_stored()


def test_paper_channels_need_the_staff_member_who_entered_them(organ):
    with pytest.raises(ValidationError) as exc:
        submit(organ, channel=Channel.REGISTERED_POST)
    assert "channel" in exc.value.message_dict
    assert nothing_stored()


def test_an_application_is_received_with_its_items_and_one_audit_event(organ, people):
    request = submit(
        organ,
        channel=Channel.IN_PERSON,
        entered_by=people.registrar,
        items=["2026年木兰溪干流水质月度监测数据", "  ", "莆田市2026年重点排污单位名录"],
    )
    assert request.status == Status.RECEIVED
    assert list(request.items.values_list("position", "description")) == [
        (1, "2026年木兰溪干流水质月度监测数据"),
        (2, "莆田市2026年重点排污单位名录"),
    ]
    assert request.entered_by == people.registrar
    assert AuditEvent.objects.filter(request=request, act="submit").count() == 1


def test_the_same_applicant_details_are_stored_once(organ):
    first = submit(organ)
    second = submit(organ, items=["另一项信息"])
    assert first.applicant_id == second.applicant_id


def test_new_contact_details_do_not_rewrite_an_earlier_request(organ):
    first = submit(organ)
    second = submit(organ, applicant=natural_person(phone="13800000000"), items=["另一项信息"])
    assert first.applicant_id != second.applicant_id
    first.refresh_from_db()
    assert first.applicant.phone == "13905940001"
    assert second.applicant.document_number == first.applicant.document_number


@pytest.mark.parametrize(
    ("channel", "expected"),
    [
        (Channel.IN_PERSON, "2026-03-02"),  # the day it was handed in
        (Channel.ORAL, "2026-03-02"),
        (Channel.REGISTERED_POST, "2026-03-03"),  # the day the organ signed for it
        (Channel.ORDINARY_POST, "2026-03-05"),  # the day receipt was confirmed
        (Channel.ONLINE, "2026-03-05"),  # the day staff confirmed
        (Channel.FAX, "2026-03-05"),
        (Channel.EMAIL, "2026-03-05"),
    ],
)
def test_receipt_date_follows_article_31_for_each_channel(organ, people, channel, expected):
    request = submit(organ, channel=channel, on="2026-03-02", entered_by=people.registrar)
    request_register(
        request=request,
        acting_user=people.registrar,
        post_signed_on=datetime.date(2026, 3, 3) if channel == Channel.REGISTERED_POST else None,
        at=at("2026-03-05"),
    )
    assert request.received_on == datetime.date.fromisoformat(expected)


def test_registered_post_without_a_signing_date_is_refused():
    from requests.errors import RequestActError

    with pytest.raises(RequestActError):
        receipt_date(
            channel=Channel.REGISTERED_POST,
            submitted_on=datetime.date(2026, 3, 2),
            confirmed_on=datetime.date(2026, 3, 5),
        )
