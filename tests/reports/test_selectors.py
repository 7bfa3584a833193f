"""Proactive-disclosure candidates (Art. 44) and repeat flags (Art. 36(6))."""

from __future__ import annotations

import datetime

import pytest

from reports.selectors import proactive_disclosure_candidates, repeat_flags
from requests.demo import CHEN_MEILING, GREEN_HOME, LIN_ZHIQIANG, MULANXI_INSTITUTE
from tests.factories import OrganFactory, submit

from .builders import Ledger, Scenario

D = datetime.date.fromisoformat
WATER = "2025年度木兰溪水质月度监测数据"
WATER_AGAIN = "请提供木兰溪2025年度水质月度监测数据"
WATER_THIRD = "申请公开2025年度木兰溪水质监测月度数据"
PLANT = "华亭镇某化工企业环境影响评价报告书及批复"
NOISE = "城厢区某工地夜间施工噪声投诉的处理情况"


@pytest.fixture
def scenario(organ, people):
    return Scenario(organ, people, Ledger())


def registered(scenario, applicant, items, *, on):
    r = submit(scenario.organ, on=on, applicant=applicant, items=items)
    scenario._register(r, on)
    r.refresh_from_db()
    return r


def test_information_asked_for_by_several_applicants_is_a_candidate(
    organ, scenario, django_assert_num_queries
):
    a = registered(scenario, LIN_ZHIQIANG, [WATER, NOISE], on="2025-03-03")
    b = registered(scenario, MULANXI_INSTITUTE, [WATER_AGAIN], on="2025-04-07")
    c = registered(scenario, GREEN_HOME, [WATER_THIRD, PLANT], on="2025-05-06")
    # One applicant asking twice for the plant's report is not "several applicants".
    d = registered(scenario, CHEN_MEILING, [PLANT], on="2025-06-03")
    e = registered(scenario, CHEN_MEILING, ["华亭镇某化工企业环境影响评价报告书和批复"], on="2025-06-04")
    with django_assert_num_queries(1):
        candidates = proactive_disclosure_candidates(organ=organ)
    water, plant = candidates
    assert water.applicant_count == 3 and water.request_ids == (a.pk, b.pk, c.pk)
    assert water.label == WATER
    assert {i.description for i in water.items} == {WATER, WATER_AGAIN, WATER_THIRD}
    assert plant.applicant_count == 2 and set(plant.request_ids) == {c.pk, d.pk, e.pk}
    assert all(NOISE not in i.description for cand in candidates for i in cand.items)
    # A stricter bar, and a period.
    assert [c.applicant_count for c in proactive_disclosure_candidates(
        organ=organ, min_applicants=3)] == [3]
    assert [c.request_ids for c in proactive_disclosure_candidates(
        organ=organ, until=D("2025-04-30"))] == [(a.pk, b.pk)]
    assert proactive_disclosure_candidates(organ=organ, until=D("2025-03-31")) == []


def test_candidates_ignore_unregistered_requests_and_other_organs(organ, scenario):
    registered(scenario, LIN_ZHIQIANG, [WATER], on="2025-03-03")
    submit(organ, on="2025-03-04", applicant=MULANXI_INSTITUTE, items=[WATER_AGAIN])  # not registered
    other = OrganFactory(
        code="XMHB", name="厦门市生态环境局", short_name="厦门市生态环境局",
        letter_number_prefix="厦环信公开",
    )
    submit(other, on="2025-03-04", applicant=GREEN_HOME, items=[WATER_THIRD])
    assert proactive_disclosure_candidates(organ=organ) == []


def test_asking_again_for_what_was_answered_is_flagged(organ, scenario, django_assert_num_queries):
    first = scenario.replied(
        "natural_person", received="2025-03-03", replied="2025-03-20"
    )  # "第1项：2025年度环境监测报告及相关数据", applicant 林志强 (tests.factories)
    again = scenario.replied("natural_person", received="2025-05-06", replied="2025-05-20")
    other_person = registered(
        scenario, CHEN_MEILING, ["第1项：2025年度环境监测报告及相关数据"], on="2025-05-07"
    )
    different = scenario.replied(
        "natural_person", received="2025-06-02", replied="2025-06-20"
    )
    different.items.update(description=NOISE)
    with django_assert_num_queries(1):
        flags = repeat_flags(organ=organ)
    assert [(f.request_id, f.earlier.request_id) for f in flags] == [(again.pk, first.pk)]
    flag = flags[0]
    assert flag.earlier_registration_number == first.registration_number
    assert flag.earlier_replied_on == D("2025-03-20")
    assert flag.similarity == 1.0
    assert other_person.pk not in {f.request_id for f in flags}


def test_not_yet_answered_or_withdrawn_earlier_requests_do_not_flag(organ, scenario):
    # Withdrawn: never answered.
    scenario.withdrawn("natural_person", received="2025-03-03", withdrawn="2025-03-05")
    # Answered only after the new one arrived.
    scenario.replied("natural_person", received="2025-04-01", replied="2025-04-25")
    scenario.open_in_processing("natural_person", received="2025-04-10")
    assert repeat_flags(organ=organ) == []


def test_an_unregistered_request_is_flagged_for_the_registrar(organ, scenario):
    first = scenario.replied("natural_person", received="2025-03-03", replied="2025-03-20")
    new = submit(organ, on="2025-09-01", items=["第1项：2025年度环境监测报告及相关数据"])
    flags = repeat_flags(organ=organ, since=D("2025-09-01"))
    assert [(f.request_id, f.earlier.request_id) for f in flags] == [(new.pk, first.pk)]
    assert flags[0].item.registration_number is None
    assert repeat_flags(organ=organ, until=D("2025-08-31")) == []
