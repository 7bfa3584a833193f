"""The working-day calendar: the seeded table, counting by rule, importing a State Council
notice, confirming a year and recomputing open deadlines, and the admin pages."""

from __future__ import annotations

import datetime
import io
import json
import re

import chinese_calendar
import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command

from requests.calendar import WorkingCalendar
from requests.choices import Status
from requests.models import AuditEvent, CalendarDay, CalendarYear, DisclosureRequest
from requests.models.audit import Act
from requests.outcomes import Outcome
from requests.selectors import load_working_calendar
from requests.services import (
    calendar_confirm_year,
    request_ask_extension,
    request_draft_reply,
    request_grant_extension,
    request_issue_correction_notice,
    request_pass_confidentiality_review,
    request_register,
    request_reply,
    request_sign_off,
    request_submit_for_review,
    request_triage,
)
from requests.services.reply import ItemDecision
from tests.factories import at, submit

D = datetime.date
ONE_DAY = datetime.timedelta(days=1)

# A made-up but plausible State Council notice for 2027 (the real one is not out yet).
# It differs from the rule-based count of the ``holidays`` package where it matters for the
# tests below: 春节 is 02-05..02-11 (the rule stops at Wed 02-10) and Sat 02-13 is a
# make-up working day.  Some lines use the Chinese kind words 休/班.
NOTICE_2027 = """\
# 国务院办公厅关于2027年部分节假日安排的通知（测试用）
2027-01-01,holiday,元旦
2027-01-02,holiday,元旦
2027-01-03,holiday,元旦
2027-02-05,holiday,春节
2027-02-06,holiday,春节
2027-02-07,holiday,春节
2027-02-08,holiday,春节
2027-02-09,holiday,春节
2027-02-10,holiday,春节
2027-02-11,holiday,春节
2027-02-13,workday,春节

2027-04-03,休,清明节
2027-04-04,休,清明节
2027-04-05,休,清明节
2027-05-01,holiday,劳动节
2027-05-02,holiday,劳动节
2027-05-03,holiday,劳动节
2027-05-04,holiday,劳动节
2027-05-05,holiday,劳动节
2027-05-08,班,劳动节
2027-06-09,holiday,端午节
2027-09-15,holiday,中秋节
2027-09-26,workday,国庆节
2027-10-01,holiday,国庆节
2027-10-02,holiday,国庆节
2027-10-03,holiday,国庆节
2027-10-04,holiday,国庆节
2027-10-05,holiday,国庆节
2027-10-06,holiday,国庆节
2027-10-07,holiday,国庆节
2027-10-09,workday,国庆节
"""


# --- the seeded table and counting by rule -----------------------------------------------


@pytest.mark.django_db
def test_seeded_table_agrees_with_chinese_calendar_for_2004_to_2026():
    calendar = load_working_calendar()
    assert set(range(2004, 2027)) <= calendar.confirmed_years
    assert set(CalendarYear.objects.filter(confirmed=True).values_list("year", flat=True)) == set(
        range(2004, 2027)
    )
    day = D(2004, 1, 1)
    while day.year <= 2026:
        assert calendar.is_working_day(day) == chinese_calendar.is_workday(day), day
        kind, name = calendar.day_kind(day)
        if kind == "makeup_workday":
            assert day.weekday() >= 5, day
        if kind == "holiday":
            assert name, day
        assert not calendar.is_provisional(day)
        day += ONE_DAY
    assert calendar.day_kind(D(2026, 10, 10)) == ("makeup_workday", "国庆节")
    assert calendar.day_kind(D(2026, 2, 17)) == ("holiday", "春节")


def test_years_without_a_notice_are_counted_by_rule_and_provisional():
    calendar = WorkingCalendar()  # an empty table: everything by rule
    assert calendar.day_kind(D(2027, 1, 1)) == ("holiday", "元旦")
    assert calendar.day_kind(D(2027, 1, 2)) == ("weekend", "")
    assert calendar.day_kind(D(2027, 1, 4)) == ("workday", "")
    assert not calendar.is_working_day(D(2027, 10, 1))
    assert calendar.is_provisional(D(2027, 1, 4))


def test_working_day_arithmetic_edges():
    calendar = WorkingCalendar()
    friday = D(2027, 1, 8)
    assert calendar.add_working_days(friday, 0) == friday
    assert calendar.add_working_days(friday, 1) == D(2027, 1, 11)  # over the weekend
    assert calendar.working_days_between(friday, friday) == 0
    assert calendar.working_days_between(friday, D(2027, 1, 11)) == 1
    assert calendar.working_days_between(D(2027, 1, 11), friday) == 0
    with pytest.raises(ValueError):
        calendar.add_working_days(friday, -1)


# --- importing a notice --------------------------------------------------------------------


@pytest.fixture
def notice_file(tmp_path):
    def write(text: str, name: str = "notice.csv"):
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return path

    return write


def import_calendar(path, *args) -> str:
    out = io.StringIO()
    call_command("import_calendar", str(path), *args, stdout=out)
    return out.getvalue()


def registered(organ, people, on: str):
    request = submit(organ, on=on)
    request_register(request=request, acting_user=people.registrar, at=at(on))
    return request


def replied(organ, people, on: str, reply_on: str):
    request = registered(organ, people, on)
    request_triage(request=request, acting_user=people.registrar, department=people.dept,
                   at=at(on))
    request_draft_reply(
        request=request, acting_user=people.handler,
        decisions=[ItemDecision(1, Outcome.PROVIDED, "提供环境影响评价报告书电子版")],
        at=at(reply_on),
    )
    request_submit_for_review(request=request, acting_user=people.handler, at=at(reply_on))
    request_pass_confidentiality_review(request=request, acting_user=people.reviewer,
                                        at=at(reply_on))
    request_sign_off(request=request, acting_user=people.leader, at=at(reply_on))
    request_reply(request=request, acting_user=people.registrar, at=at(reply_on))
    assert request.status == Status.REPLIED
    return request


def extended(organ, people, on: str, days: int):
    request = registered(organ, people, on)
    request_triage(request=request, acting_user=people.registrar, department=people.dept,
                   at=at(on))
    extension = request_ask_extension(
        request=request, acting_user=people.handler, days=days,
        reason="涉及多个年度的档案，需要调阅整理", at=at(on),
    )
    request_grant_extension(request=request, acting_user=people.ogi_head, extension=extension,
                            at=at(on))
    return request


def due(request) -> tuple[datetime.date | None, bool]:
    return tuple(
        DisclosureRequest.objects.filter(pk=request.pk)
        .values_list("due_on", "due_is_provisional")
        .get()
    )


def working_days_used(request) -> int | None:
    return DisclosureRequest.objects.values_list("working_days_used", flat=True).get(pk=request.pk)


def recomputed_events():
    return AuditEvent.objects.filter(act=Act.DEADLINE_RECOMPUTED)


@pytest.mark.django_db
def test_importing_the_2027_notice_confirms_the_year_and_recomputes_open_deadlines(
    organ, people, notice_file
):
    # A: received Tue 2026-12-15, due Wed 2027-01-13 (counted in test_clock.py). The notice
    #    keeps 元旦 at 01-01..01-03, so the date stays and only "provisional" goes.
    crossing = registered(organ, people, "2026-12-15")
    # B: received Thu 2026-12-31, extended by 5 to 25 working days:
    #    2027-01-04..01-29 = 1..20 (元旦 Fri 01-01 off), Mon 02-01..Thu 02-04 = 21..24;
    #    by rule 02-05 (除夕) and 02-08..02-10 are off, so Thu 02-11 = 25;
    #    by the notice 02-05..02-11 are off, so Fri 02-12 = 25.
    spring = extended(organ, people, "2026-12-31", days=5)
    # C: the same dates as A but already replied: concluded, no event, but its cached
    #    figures follow the confirmed calendar.
    concluded = replied(organ, people, "2026-12-15", reply_on="2026-12-18")
    # E: received Mon 2027-02-01, replied Fri 02-12: by rule 02-02..02-04, 02-11, 02-12 are
    #    working days (5); by the notice 02-05..02-11 are off, so 4.
    over_spring = replied(organ, people, "2027-02-01", reply_on="2027-02-12")
    assert working_days_used(over_spring) == 5
    assert working_days_used(concluded) == 3
    # D: wholly in 2026 (Mon 11-02 → Mon 11-30): not affected.
    in_2026 = registered(organ, people, "2026-11-02")

    assert due(crossing) == (D(2027, 1, 13), True)
    assert due(spring) == (D(2027, 2, 11), True)
    assert due(concluded) == (D(2027, 1, 13), True)
    assert due(in_2026) == (D(2026, 11, 30), False)
    assert not CalendarYear.objects.filter(year=2027).exists()

    output = import_calendar(notice_file(NOTICE_2027), "--source", "国办发明电〔2026〕99号")
    assert output.strip() == "2027: calendar imported and confirmed; 2 open deadline(s) changed."

    year = CalendarYear.objects.get(year=2027)
    assert year.confirmed and year.confirmed_at is not None
    assert year.source == "国办发明电〔2026〕99号"
    assert year.days.count() == 365
    calendar = load_working_calendar()
    assert 2027 in calendar.confirmed_years
    assert calendar.day_kind(D(2027, 2, 11)) == ("holiday", "春节")
    assert calendar.day_kind(D(2027, 2, 13)) == ("makeup_workday", "春节")
    assert calendar.day_kind(D(2027, 4, 3)) == ("holiday", "清明节")  # 休
    assert calendar.day_kind(D(2027, 5, 8)) == ("makeup_workday", "劳动节")  # 班
    assert calendar.day_kind(D(2027, 3, 1)) == ("workday", "")
    assert calendar.day_kind(D(2027, 3, 6)) == ("weekend", "")

    assert due(crossing) == (D(2027, 1, 13), False)
    assert due(spring) == (D(2027, 2, 12), False)
    assert due(concluded) == (D(2027, 1, 13), False)
    assert working_days_used(concluded) == 3
    assert working_days_used(over_spring) == 4
    assert due(in_2026) == (D(2026, 11, 30), False)

    events = {event.request_id: event for event in recomputed_events()}
    assert set(events) == {crossing.pk, spring.pk}
    assert events[spring.pk].data == {
        "year": 2027,
        "due_before": "2027-02-11",
        "due_after": "2027-02-12",
        "provisional_before": True,
        "provisional_after": False,
    }
    assert events[crossing.pk].data["due_before"] == events[crossing.pk].data["due_after"]
    assert events[crossing.pk].data["provisional_after"] is False
    assert events[crossing.pk].status_before == events[crossing.pk].status_after
    assert events[crossing.pk].actor is None  # the command acts as the system

    # Importing the same notice again changes nothing.
    days_before = list(CalendarDay.objects.filter(year=2027).values_list("date", "kind", "name"))
    output = import_calendar(notice_file(NOTICE_2027), "--source", "国办发明电〔2026〕99号")
    assert output.strip() == "2027: calendar imported and confirmed; 0 open deadline(s) changed."
    assert recomputed_events().count() == 2
    assert list(
        CalendarDay.objects.filter(year=2027).values_list("date", "kind", "name")
    ) == days_before
    assert due(spring) == (D(2027, 2, 12), False)


@pytest.mark.django_db
def test_import_without_source_names_the_file_and_accepts_a_bom(organ, notice_file):
    path = notice_file("", name="2027.csv")
    path.write_bytes(("\ufeff" + NOTICE_2027).encode("utf-8"))
    import_calendar(path)
    assert CalendarYear.objects.get(year=2027).source == "2027.csv"


BAD_NOTICES = [
    pytest.param("2027-01-01,holiday,元旦\n2027-02-30,holiday,春节\n", "第2行：日期“2027-02-30”无效",
                 id="bad-date"),
    pytest.param("2027/01/01,holiday,元旦\n", "第1行：日期“2027/01/01”无效", id="date-format"),
    pytest.param("2027-01-01,vacation,元旦\n", "第1行：类型“vacation”无效", id="bad-kind"),
    pytest.param("2027-01-01\n", "第1行：应为“日期,类型[,名称]”", id="no-kind"),
    pytest.param(
        "2027-02-11,holiday,春节\n2027-02-12,workday,春节\n", "第2行：2027-02-12不是周末",
        id="weekday-as-make-up-day",
    ),
    pytest.param(
        "2027-01-01,holiday,元旦\n2028-01-01,holiday,元旦\n", "一个文件只能包含一个年度",
        id="two-years",
    ),
    pytest.param(
        "2027-01-01,holiday,元旦\n2027-01-01,holiday,元旦\n", "同一日期出现了多次",
        id="duplicate-date",
    ),
    pytest.param("", "文件中没有日期", id="empty"),
    pytest.param("# only a comment\n\n", "文件中没有日期", id="only-comments"),
]


@pytest.mark.django_db
@pytest.mark.parametrize("text, message", BAD_NOTICES)
def test_bad_notices_are_refused_and_change_nothing(organ, people, notice_file, text, message):
    crossing = registered(organ, people, "2026-12-15")
    days = CalendarDay.objects.count()
    years = list(CalendarYear.objects.values_list("year", "confirmed", "source"))
    events = AuditEvent.objects.count()
    with pytest.raises(CommandError, match=re.escape(message)):
        import_calendar(notice_file(text))
    assert CalendarDay.objects.count() == days
    assert list(CalendarYear.objects.values_list("year", "confirmed", "source")) == years
    assert AuditEvent.objects.count() == events
    assert due(crossing) == (D(2027, 1, 13), True)


@pytest.mark.django_db
def test_a_bad_line_in_a_notice_for_a_seeded_year_leaves_that_year_alone(notice_file):
    before = list(CalendarDay.objects.filter(year=2026).values_list("date", "kind", "name"))
    with pytest.raises(CommandError, match="第3行"):
        import_calendar(notice_file("2026-01-01,holiday,元旦\n2026-01-02,holiday,元旦\n"
                                    "2026-01-03,rest,元旦\n"))
    assert list(CalendarDay.objects.filter(year=2026).values_list("date", "kind", "name")) == before


@pytest.mark.django_db
def test_a_missing_file_is_refused(tmp_path):
    with pytest.raises(CommandError, match="cannot read"):
        import_calendar(tmp_path / "nowhere.csv")


@pytest.mark.django_db
def test_a_year_without_days_cannot_be_confirmed():
    year = CalendarYear.objects.create(year=2030)
    with pytest.raises(ValidationError):
        calendar_confirm_year(year=year, acting_user=None)
    year.refresh_from_db()
    assert not year.confirmed


@pytest.mark.django_db
def test_requests_without_a_due_date_are_left_alone_by_a_confirmation(organ, people, notice_file):
    waiting = registered(organ, people, "2026-12-15")
    request_issue_correction_notice(
        request=waiting, acting_user=people.registrar, points="请写明信息的名称或文号",
        at=at("2026-12-16"),
    )
    assert due(waiting) == (None, False)
    output = import_calendar(notice_file(NOTICE_2027))
    assert "0 open deadline(s) changed" in output
    assert not recomputed_events().exists()


# --- the admin pages ------------------------------------------------------------------------


@pytest.mark.django_db
def test_calendar_admin_pages_load(admin_client):
    assert admin_client.get("/admin/requests/calendaryear/").status_code == 200
    response = admin_client.get("/admin/requests/calendarday/")
    assert response.status_code == 200
    response = admin_client.get("/admin/requests/calendarday/", {"date__year": "2026"})
    assert response.status_code == 200
    response = admin_client.get("/admin/requests/calendarday/", {"kind__exact": "makeup_workday"})
    assert response.status_code == 200
    assert admin_client.get("/admin/requests/calendaryear/2026/change/").status_code == 200
    assert admin_client.get("/admin/requests/calendarday/2026-02-14/change/").status_code == 200


@pytest.mark.django_db
def test_admin_prepares_next_year_by_rule_then_confirms_it(admin_client, organ, people):
    crossing = registered(organ, people, "2026-12-15")
    url = "/admin/requests/calendaryear/"
    response = admin_client.post(
        url, {"action": "prepare_next", "_selected_action": ["2026"]}, follow=True
    )
    assert response.status_code == 200
    year = CalendarYear.objects.get(year=2027)
    assert not year.confirmed
    assert year.days.count() == 365
    assert year.days.get(date=D(2027, 1, 1)).kind == "holiday"
    assert due(crossing) == (D(2027, 1, 13), True)  # prepared, not confirmed: still provisional

    response = admin_client.post(
        url, {"action": "confirm", "_selected_action": ["2027"]}, follow=True
    )
    assert response.status_code == 200
    assert "2027年度已确认，1件申请的答复期限已重新计算。" in response.content.decode()
    year.refresh_from_db()
    assert year.confirmed
    assert due(crossing) == (D(2027, 1, 13), False)
    event = recomputed_events().get()
    assert event.request_id == crossing.pk
    assert event.actor.username == "admin"

    # Confirming again changes nothing more.
    response = admin_client.post(
        url, {"action": "confirm", "_selected_action": ["2027"]}, follow=True
    )
    assert "2027年度已确认，0件申请的答复期限已重新计算。" in response.content.decode()
    assert recomputed_events().count() == 1


@pytest.mark.django_db
def test_admin_confirm_of_an_empty_year_reports_the_error(admin_client):
    CalendarYear.objects.create(year=2030)
    response = admin_client.post(
        "/admin/requests/calendaryear/",
        {"action": "confirm", "_selected_action": ["2030"]},
        follow=True,
    )
    assert response.status_code == 200
    assert "2030年度还没有日期，不能确认。" in response.content.decode()
    assert not CalendarYear.objects.get(year=2030).confirmed


@pytest.mark.django_db
def test_editing_a_day_in_the_admin_unconfirms_its_year(admin_client, notice_file):
    import_calendar(notice_file(NOTICE_2027))
    assert CalendarYear.objects.get(year=2027).confirmed
    response = admin_client.post(
        "/admin/requests/calendarday/2027-02-12/change/",
        {"date": "2027-02-12", "year": "2027", "kind": "holiday", "name": "春节"},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert CalendarDay.objects.get(date=D(2027, 2, 12)).kind == "holiday"
    assert not CalendarYear.objects.get(year=2027).confirmed
    assert load_working_calendar().is_provisional(D(2027, 2, 12))


@pytest.mark.django_db
def test_a_year_entered_day_by_day_in_the_admin_still_counts(admin_client):
    """While a notice is being entered by hand, the year has only some rows: the other days
    are counted by rule (and the year stays provisional), never a crash."""
    response = admin_client.post(
        "/admin/requests/calendaryear/add/", {"year": "2028", "source": "国办发明电（待发布）"}
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    response = admin_client.post(
        "/admin/requests/calendarday/add/",
        {"date": "2028-01-01", "year": "2028", "kind": "holiday", "name": "元旦"},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    # Received Mon 2027-12-20 (2027 by rule): 12-21..12-24 = 1..4, 12-27..12-31 = 5..9;
    # Sat 2028-01-01 元旦 (the row), Sun 01-02, Mon 01-03 元旦（补假） by rule off;
    # 01-04..01-07 = 10..13, 01-10..01-14 = 14..18, Mon 01-17, Tue 01-18 = 19, 20.
    out = io.StringIO()
    call_command("deadline", "--received", "2027-12-20", "--today", "2027-12-20", stdout=out)
    result = json.loads(out.getvalue())
    assert result["due"] == "2028-01-18"
    assert result["provisional"] is True
    assert admin_client.get("/admin/requests/calendarday/", {"date__year": "2028"}).status_code == 200


@pytest.mark.django_db
def test_a_deleted_day_falls_back_to_the_rule():
    CalendarDay.objects.filter(date=D(2026, 10, 12)).delete()
    calendar = load_working_calendar()
    assert calendar.day_kind(D(2026, 10, 12)) == ("workday", "")  # a plain Monday by rule
    assert calendar.add_working_days(D(2026, 9, 28), 20) == D(2026, 10, 30)
