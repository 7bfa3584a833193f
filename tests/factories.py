"""Realistic test data: the organ of the demo, its people, applicants and requests."""

from __future__ import annotations

import datetime
import zoneinfo

import factory
from django.contrib.auth import get_user_model

from requests.choices import ApplicantKind, Channel, IdDocumentType, InformationForm, ObtainMethod
from requests.models import Department, Organ, OtherOrgan, StaffMembership
from requests.services import request_submit
from requests.services.intake import ApplicantData, ItemData

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")


def at(day: datetime.date | str, hour: int = 10) -> datetime.datetime:
    """An aware datetime on ``day`` during office hours in China."""
    if isinstance(day, str):
        day = datetime.date.fromisoformat(day)
    return datetime.datetime(day.year, day.month, day.day, hour, 0, tzinfo=SHANGHAI)


class OrganFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organ
        django_get_or_create = ("code",)

    name = "莆田市生态环境局"
    short_name = "莆田市生态环境局"
    code = "PTHB"
    letter_number_prefix = "莆环信公开"
    address = "福建省莆田市城厢区东园西路1999号"
    phone = "0594-2283001"
    email = "ogi@pthb.example.cn"
    reconsideration_body = "莆田市人民政府"
    court = "莆田市城厢区人民法院"


class DepartmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Department
        django_get_or_create = ("organ", "name")

    organ = factory.SubFactory(OrganFactory)
    name = "污防科"


class OtherOrganFactory(factory.django.DjangoModelFactory):
    """An entry of an organ's directory of other organs (其他行政机关名录)."""

    class Meta:
        model = OtherOrgan
        django_get_or_create = ("organ", "name")

    organ = factory.SubFactory(OrganFactory)
    name = "莆田市自然资源局"
    address = "福建省莆田市城厢区荔城中大道2368号"
    phone = "0594-2695001"
    website = "http://zrzyj.putian.gov.cn/"
    email = "zrzyj@pt.example.cn"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"staff{n}")
    first_name = "测试"


def staff(organ: Organ, role: str, username: str, department: Department | None = None):
    user = UserFactory(username=username)
    StaffMembership.objects.get_or_create(user=user, organ=organ, role=role, department=department)
    return user


def natural_person(**overrides) -> ApplicantData:
    data = dict(
        kind=ApplicantKind.NATURAL_PERSON,
        name="林志强",
        document_type=IdDocumentType.RESIDENT_ID,
        document_number="11010519491231002X",
        phone="13905940001",
        email="lin.zhiqiang@example.com",
        postal_address="福建省莆田市荔城区镇海街道八二一南街88号",
        postcode="351100",
    )
    data.update(overrides)
    return ApplicantData(**data)


def submit(
    organ: Organ,
    *,
    channel: str = Channel.ONLINE,
    on: datetime.date | str = "2026-03-02",
    entered_by=None,
    applicant: ApplicantData | None = None,
    items: list[str] | None = None,
):
    """Submit an application as an applicant would (or as staff enter a paper one)."""
    return request_submit(
        organ=organ,
        applicant=applicant or natural_person(),
        items=[
            ItemData(text)
            for text in items
            or ["莆田市2025年度城厢区华亭镇某化工企业环境影响评价报告书及批复文件"]
        ],
        channel=channel,
        form_wanted=InformationForm.ELECTRONIC_FILE,
        obtain_method=ObtainMethod.EMAIL,
        purpose="了解住所附近企业的环境影响情况",
        entered_by=entered_by,
        submitted_at=at(on, 9),
    )
