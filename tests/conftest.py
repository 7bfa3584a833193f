"""Shared fixtures: the demo organ with one person per role."""

from types import SimpleNamespace

import pytest
from django.utils import translation

from requests.choices import Role
from tests.factories import DepartmentFactory, OrganFactory, staff
from tests.typesetting import typesetting_kept


@pytest.fixture(autouse=True, scope="session")
def _typeset_each_document_once():
    """WeasyPrint typesets each distinct document once (``tests/typesetting.py``)."""
    undo = typesetting_kept()
    yield
    undo()


@pytest.fixture(autouse=True)
def _organ_language_after_each_test():
    """A page asked for in English leaves English active in the thread (the locale
    middleware activates the page's language, nothing deactivates it): the next test starts
    in the organ's language again."""
    yield
    translation.deactivate()


@pytest.fixture
def organ(db):
    return OrganFactory()


@pytest.fixture
def people(organ):
    office = DepartmentFactory(organ=organ, name="办公室")
    office.is_ogi_office = True
    office.save()
    dept = DepartmentFactory(organ=organ, name="污防科")
    other_dept = DepartmentFactory(organ=organ, name="环审科")
    return SimpleNamespace(
        office=office,
        dept=dept,
        other_dept=other_dept,
        registrar=staff(organ, Role.REGISTRAR, "registrar", office),
        handler=staff(organ, Role.HANDLER, "handler", dept),
        handler2=staff(organ, Role.HANDLER, "handler2", dept),
        other_handler=staff(organ, Role.HANDLER, "other_handler", other_dept),
        reviewer=staff(organ, Role.SECRECY_REVIEWER, "reviewer", office),
        ogi_head=staff(organ, Role.OGI_HEAD, "ogi_head", office),
        leader=staff(organ, Role.SIGNING_LEADER, "leader"),
        supervisor=staff(organ, Role.SUPERVISOR, "supervisor"),
    )
