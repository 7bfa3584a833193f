from collections import defaultdict

from django.db import migrations, models
from django.utils import timezone


def fill_working_days_used(apps, schema_editor):
    """The net working days of every request concluded before the column existed."""
    from requests.calendar import WorkingCalendar
    from requests.clock import ClockFact, compute_clock

    CalendarDay = apps.get_model("requests", "CalendarDay")
    CalendarYear = apps.get_model("requests", "CalendarYear")
    ClockEvent = apps.get_model("requests", "ClockEvent")
    DisclosureRequest = apps.get_model("requests", "DisclosureRequest")
    days = {d: (kind, name) for d, kind, name in CalendarDay.objects.values_list("date", "kind", "name")}
    calendar = WorkingCalendar(
        days=days,
        table_years=frozenset(d.year for d in days),
        confirmed_years=frozenset(
            CalendarYear.objects.filter(confirmed=True).values_list("year", flat=True)
        ),
    )
    concluded = DisclosureRequest.objects.filter(concluded_on__isnull=False)
    facts = defaultdict(list)
    events = ClockEvent.objects.filter(request__in=concluded.values("pk")).order_by("on", "id")
    for request_id, kind, on, n, key in events.values_list("request_id", "kind", "on", "days", "pause_key"):
        facts[request_id].append(ClockFact(kind=kind, on=on, days=n, pause_key=key))
    today = timezone.localdate()
    changed = []
    for pk in concluded.values_list("pk", flat=True):
        state = compute_clock(facts.get(pk, ()), calendar, today)
        if state.stopped_on is not None:
            changed.append(DisclosureRequest(pk=pk, working_days_used=state.working_days_used))
    DisclosureRequest.objects.bulk_update(changed, ["working_days_used"], batch_size=2000)


class Migration(migrations.Migration):

    dependencies = [
        ('requests', '0003_coordination_opinions'),
    ]

    operations = [
        migrations.AddField(
            model_name='disclosurerequest',
            name='working_days_used',
            field=models.PositiveSmallIntegerField(blank=True, editable=False, null=True, verbose_name='办理用时（工作日）'),
        ),
        migrations.RunPython(fill_working_days_used, migrations.RunPython.noop),
    ]
