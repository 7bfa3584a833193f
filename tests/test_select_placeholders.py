"""Every select of the staff pages offers its empty choice in the page's language
(「请选择」), never Django's untranslated "---------" or "- Select an option -", nor a bare
dash: the triage page, the handler's reply and side acts, the paper intake, the workbench
filters and the supervision dashboard, and each form class on its own."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext

from requests.choice_fields import EMPTY_LABEL, with_empty_label
from requests.models import Department, OtherOrgan
from tests.workflow.flowkit import do, open_task, start
from workflow.models import RequestProcess, TriageDecision
from workflow.queues import task_claim

pytestmark = pytest.mark.django_db

UNTRANSLATED = ("---------", "Select an option", '<option value="">—</option>')


def empty_options(text: str) -> list[str]:
    return re.findall(r'<option value=""[^>]*>([^<]*)</option>', text)


def assert_translated_placeholders(text: str, placeholder: str = "请选择") -> None:
    for bad in UNTRANSLATED:
        assert bad not in text, bad
    assert empty_options(text), "the page has no select with an empty choice"
    # Every empty choice is either the placeholder or a label the form chose (全部 …).
    assert all(label and label != "—" for label in empty_options(text))
    assert placeholder in empty_options(text)


def task_page(client, process, name, user):
    task = task_claim(task=open_task(process, name), user=user)
    client.force_login(user)
    return client.get(reverse("workflow:task", args=[task.pk])).content.decode()


def test_the_triage_page_offers_the_department_in_chinese(client, organ, people):
    request, process = start(organ)
    do(process, "register", people.registrar)
    text = task_page(client, process, "triage", people.registrar)
    assert 'name="triage-department"' in text
    assert_translated_placeholders(text)


def test_the_triage_page_in_english_has_the_english_placeholder(client, organ, people):
    request, process = start(organ)
    do(process, "register", people.registrar)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    text = task_page(client, process, "triage", people.registrar)
    with translation.override("en"):
        english = gettext("请选择")
    for bad in UNTRANSLATED:
        assert bad not in text
    assert escape(english) in empty_options(text)


def test_the_handlers_page_reply_and_side_acts_have_translated_placeholders(
    client, organ, people
):
    OtherOrgan.objects.create(organ=organ, name="莆田市生态环境局")
    request, process = start(organ)
    do(process, "register", people.registrar)
    do(process, "triage", people.registrar, decision=TriageDecision.CLEAR, department=people.dept)
    text = task_page(client, process, "handle", people.handler)
    assert 'name="reply-outcome_1"' in text and 'name="reply-organ_1"' in text
    assert_translated_placeholders(text)


def test_the_paper_intake_page_has_translated_placeholders(client, organ, people):
    client.force_login(people.registrar)
    text = client.get(reverse("intake:new")).content.decode()
    assert 'name="document_type"' in text
    assert_translated_placeholders(text)


@pytest.mark.parametrize("page", ["workflow:workbench", "workflow:requests"])
def test_the_workbench_filters_keep_their_own_label(client, organ, people, page):
    client.force_login(people.handler)
    text = client.get(reverse(page)).content.decode()
    for bad in UNTRANSLATED:
        assert bad not in text
    assert "全部" in empty_options(text)


def test_the_supervision_dashboard_has_no_untranslated_placeholder(client, organ, people):
    client.force_login(people.supervisor)
    response = client.get(reverse("reports:dashboard"))
    assert response.status_code == 200
    text = response.content.decode()
    for bad in UNTRANSLATED:
        assert bad not in text


def form_classes(organ, people):
    """Each staff form with a select, made as its page makes it."""
    from portal.intake_forms import IntakeForm, OnTheSpotForm
    from reports.forms import DashboardForm
    from requests.models import Organ
    from workflow import step_forms
    from workflow.forms import FilterForm
    from workflow.request_acts import DeliveryForm, ExtensionDecisionForm
    from workflow.side_acts import CloseConsultationForm, ConsultForm, FeeForm

    request, _process = start(organ)
    return {
        "triage": step_forms.TriageForm(request=request),
        "reply": step_forms.ReplyForm(request=request),
        "draft_not_processed": step_forms.DraftNotProcessedForm(request=request),
        "dispatch": step_forms.DispatchForm(request=request),
        "intake": IntakeForm(organs=Organ.objects.filter(pk=organ.pk)),
        "on_the_spot": OnTheSpotForm(request=request),
        "consult": ConsultForm(),
        "close_consultation": CloseConsultationForm(disclosure=request),
        "fee": FeeForm(disclosure=request),
        "delivery": DeliveryForm(),
        "extension_decision": ExtensionDecisionForm(),
        "filter": FilterForm(organ_ids=[organ.pk]),
        "dashboard": DashboardForm(organs=Organ.objects.filter(pk=organ.pk)),
    }


def test_no_staff_form_renders_an_untranslated_placeholder(organ, people):
    with translation.override("zh-hans"):
        for name, form in form_classes(organ, people).items():
            text = str(form)
            for bad in UNTRANSLATED:
                assert bad not in text, (name, bad)
            for label in empty_options(text):
                assert label and label != "—", (name, label)


def test_the_selects_with_a_placeholder_say_please_choose(organ, people):
    with translation.override("zh-hans"):
        forms = form_classes(organ, people)
        for name in ("triage", "reply", "intake", "on_the_spot", "close_consultation"):
            assert "请选择" in empty_options(str(forms[name])), name


def test_a_model_fields_blank_choice_is_the_same_placeholder(db):
    field = RequestProcess._meta.get_field("triage_decision").formfield()
    assert field.choices[0] == ("", EMPTY_LABEL)
    with translation.override("zh-hans"):
        assert "请选择" in empty_options(field.widget.render("decision", ""))


def test_the_helper_keeps_a_label_the_form_chose(db):
    from django import forms

    chosen = with_empty_label(
        forms.ModelChoiceField(queryset=Department.objects.all(), empty_label="全部")
    )
    assert chosen.empty_label == "全部"
    default = with_empty_label(forms.ModelChoiceField(queryset=Department.objects.all()))
    assert default.empty_label == EMPTY_LABEL
