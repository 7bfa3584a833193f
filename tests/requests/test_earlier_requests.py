"""The same applicant asking again for the same information (Art. 36(6)), at intake."""

import pytest

from requests.models import DisclosureRequest
from requests.selectors import earlier_requests_for_same_information
from tests.factories import natural_person, submit

pytestmark = pytest.mark.django_db

ID = "11010519491231002X"
OTHER_ID = "110105198001010016"


def ask(organ, items, *, document=ID, reference=""):
    return earlier_requests_for_same_information(
        organ=organ, document_type="resident_id", document_number=document,
        items=[(text, reference) for text in items],
    )


def test_similar_wording_of_the_same_applicant_is_found_newest_first(organ):
    first = submit(organ, on="2026-03-02", items=["2025年度木兰溪水质月度监测数据"])
    second = submit(organ, on="2026-04-01", items=["木兰溪2025年度水质月度监测数据（全年）"])
    submit(organ, on="2026-04-02", items=["城厢区餐饮油烟投诉处理情况"])
    found = ask(organ, ["请提供2025年度木兰溪水质月度监测数据"])
    assert [e.request.pk for e in found] == [second.pk, first.pk]
    assert found[0].asked_item == "请提供2025年度木兰溪水质月度监测数据"
    assert not found[0].replied


def test_another_applicant_or_other_information_is_not_a_repeat(organ):
    submit(organ, items=["2025年度木兰溪水质月度监测数据"],
           applicant=natural_person(document_number=OTHER_ID, name="陈雅琴"))
    submit(organ, items=["华亭镇某化工企业环境影响评价报告书"])
    assert ask(organ, ["2025年度木兰溪水质月度监测数据"]) == []


def test_the_document_number_is_compared_normalised(organ):
    submit(organ, items=["2025年度木兰溪水质月度监测数据"])
    assert ask(organ, ["2025年度木兰溪水质月度监测数据"], document="１１０１０５１９４９１２３１００２ｘ")


def test_a_shared_document_reference_is_the_same_information(organ):
    request = submit(organ, items=["关于华亭化工项目的批复"])
    request.items.update(document_reference="莆环审〔2025〕12号")
    found = ask(organ, ["环评批复文件"], reference="莆环审[2025]12号")
    assert [e.request.pk for e in found] == [request.pk] and found[0].similarity == 1.0


def test_one_query_and_the_request_itself_can_be_left_out(organ, django_assert_num_queries):
    request = submit(organ, items=["2025年度木兰溪水质月度监测数据"])
    with django_assert_num_queries(1):
        found = earlier_requests_for_same_information(
            organ=organ, document_type="resident_id", document_number=ID,
            items=[("2025年度木兰溪水质月度监测数据", "")], exclude_request_id=request.pk,
        )
    assert found == []
    assert DisclosureRequest.objects.count() == 1
