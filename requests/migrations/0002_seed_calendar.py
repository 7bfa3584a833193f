"""Seed the working-day calendar for 2004–2026 from ``chinese-calendar``.

Those years' State Council notices are in the package, so the years are confirmed.
"""

import datetime

from django.db import migrations

FIRST_YEAR, LAST_YEAR = 2004, 2026

HOLIDAY_NAMES = {
    "New Year's Day": "元旦",
    "Spring Festival": "春节",
    "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节",
    "National Day": "国庆节",
    "Mid-autumn Festival": "中秋节",
    "Anti-Fascist 70th Day": "中国人民抗日战争暨世界反法西斯战争胜利70周年纪念日",
}


def seed(apps, schema_editor):
    import chinese_calendar

    CalendarYear = apps.get_model("requests", "CalendarYear")
    CalendarDay = apps.get_model("requests", "CalendarDay")
    rows = []
    for year_number in range(FIRST_YEAR, LAST_YEAR + 1):
        year = CalendarYear.objects.create(
            year=year_number, confirmed=True, source="chinese-calendar (国务院办公厅通知)"
        )
        day = datetime.date(year_number, 1, 1)
        while day.year == year_number:
            on_holiday, holiday = chinese_calendar.get_holiday_detail(day)
            weekend = day.weekday() >= 5
            name = ""
            if on_holiday and holiday is not None:
                kind = "holiday"
                name = HOLIDAY_NAMES.get(holiday, holiday)
            elif on_holiday:
                kind = "weekend"
            elif weekend:
                kind = "makeup_workday"
                name = HOLIDAY_NAMES.get(holiday, holiday) if holiday else ""
            else:
                kind = "workday"
            rows.append(CalendarDay(date=day, year=year, kind=kind, name=name))
            day += datetime.timedelta(days=1)
    CalendarDay.objects.bulk_create(rows, batch_size=2000)


def unseed(apps, schema_editor):
    apps.get_model("requests", "CalendarDay").objects.all().delete()
    apps.get_model("requests", "CalendarYear").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("requests", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
