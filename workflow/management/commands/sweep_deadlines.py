"""The deadline sweep, for cron or a systemd timer (every few minutes is fine)."""

import datetime

from django.core.management.base import BaseCommand, CommandError

from workflow.sweeps import sweep_deadlines


class Command(BaseCommand):
    help = (
        "Apply the statutory defaults whose time has come and send reminders: move on the "
        "stored due dates of requests whose clock is paused, close "
        "consultations after 15 working days (third party: the organ decides; other organ: "
        "consent), offer lapsed corrections and unpaid fees to the registrars to confirm as "
        "abandoned or excuse with a new period (it never abandons a request itself), remind task holders and the OGI office head at 5 and 2 working days left and "
        "when overdue, and flag late correction notices to supervisors. Idempotent: each "
        "effect happens once, however often or concurrently it runs."
    )

    def add_arguments(self, parser):
        parser.add_argument("--today", help="run as of this date (YYYY-MM-DD); default: today")

    def handle(self, *args, today=None, **options):
        day = None
        if today:
            try:
                day = datetime.date.fromisoformat(today)
            except ValueError:
                raise CommandError(f"not a date (YYYY-MM-DD): {today!r}") from None
        report = sweep_deadlines(day)
        for line in report.lines():
            self.stdout.write(line)
