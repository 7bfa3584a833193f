"""A draft the secrecy review sends back comes back to the handler as it was: the outcomes,
the texts and the further remarks are in the handle form, and the reason for the return is
shown above it; nothing has to be typed again."""

import re

from django.urls import reverse

from requests.services.reply import ItemDecision
from tests.workflow.flowkit import do, open_task
from tests.workflow.reach import handling
from workflow.step_specs import SPECS

TEXT = "该报告第4章涉及企业商业秘密的工艺参数已作区分处理，其余内容予以公开"


def test_a_draft_returned_by_the_review_comes_back_as_it_was(client, organ, people):
    request, process = handling(organ, people)
    do(process, "handle", people.handler, step=SPECS["handle"].form("reply").action,
       decisions=[ItemDecision(1, "partial", TEXT)], decision_text="纸质文本将另行邮寄")
    do(process, "review", people.reviewer, passed=False,
       comment="第4章第2节的排放口坐标未作区分处理，请补充")
    task = open_task(process, "handle")
    assert task.owner == people.handler  # back to the drafter, who holds it again
    client.force_login(people.handler)
    page = client.get(reverse("workflow:task", args=[task.pk])).content.decode()

    assert "第4章第2节的排放口坐标未作区分处理，请补充" in page
    assert page.index("第4章第2节的排放口坐标") < page.index('name="reply-outcome_1"')
    assert re.search(r'<option value="partial" selected>', page)
    assert f"\n{TEXT}</textarea>" in page
    assert "\n纸质文本将另行邮寄</textarea>" in page
