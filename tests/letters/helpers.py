"""People and requests for the letters' tests, usable outside function-scoped fixtures."""

from __future__ import annotations

from types import SimpleNamespace

from requests.choices import Role
from requests.models import Organ
from tests.factories import DepartmentFactory, OrganFactory, staff


def make_people(organ: Organ) -> SimpleNamespace:
    """The same people as the ``people`` fixture of tests/conftest.py."""
    office = DepartmentFactory(organ=organ, name="办公室")
    office.is_ogi_office = True
    office.save()
    dept = DepartmentFactory(organ=organ, name="污防科")
    other_dept = DepartmentFactory(organ=organ, name="环审科")
    return SimpleNamespace(
        office=office, dept=dept, other_dept=other_dept,
        registrar=staff(organ, Role.REGISTRAR, "registrar", office),
        handler=staff(organ, Role.HANDLER, "handler", dept),
        handler2=staff(organ, Role.HANDLER, "handler2", dept),
        other_handler=staff(organ, Role.HANDLER, "other_handler", other_dept),
        reviewer=staff(organ, Role.SECRECY_REVIEWER, "reviewer", office),
        ogi_head=staff(organ, Role.OGI_HEAD, "ogi_head", office),
        leader=staff(organ, Role.SIGNING_LEADER, "leader"),
        supervisor=staff(organ, Role.SUPERVISOR, "supervisor"),
    )


def make_organ() -> Organ:
    return OrganFactory()
