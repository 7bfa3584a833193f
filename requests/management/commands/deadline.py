"""Compute a reply due date by hand: ``manage.py deadline --received 2026-09-28``."""

import datetime
import json

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from requests.clock import (
    CORRECTION_RECEIVED,
    CORRECTION_REQUESTED,
    EXTENDED,
    PAUSE_ENDED,
    PAUSE_STARTED,
    RECEIVED,
    ClockFact,
    compute_clock,
)
from requests.selectors import load_working_calendar
from requests.services.extension import MAX_EXTENSION_DAYS


def _date(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"not a date (YYYY-MM-DD): {value!r}") from None


class Command(BaseCommand):
    help = (
        "Print the statutory reply due date as JSON (due, provisional, steps, …) for a "
        "receipt date, an optional corrected-application date, pauses START:END (the due "
        "date moves out by the working days in (START, END], overlaps merged; a pause "
        "beginning after the due date of that day moves nothing and is listed under "
        "pauses_not_counted), an extension of N working days and a later reply date set "
        "under Art. 35."
    )

    def add_arguments(self, parser):
        parser.add_argument("--received", required=True, help="receipt date, YYYY-MM-DD")
        parser.add_argument("--corrected", help="date the corrected application arrived")
        parser.add_argument(
            "--pause", action="append", default=[], metavar="START:END",
            help="a consultation or fee pause; may be given several times",
        )
        parser.add_argument("--extension", type=int, default=None, metavar="N")
        parser.add_argument(
            "--extended-on", metavar="DATE",
            help="the day the extension was granted (default: the day the count starts, "
            "so that it is in force before any pause begins)",
        )
        parser.add_argument(
            "--reply-date", metavar="SET_ON:REPLY_BY",
            help="Art. 35: the OGI office head set the later reply date REPLY_BY on SET_ON",
        )
        parser.add_argument("--today", help="count days used and left as of this date")

    def handle(self, *args, **options):
        received = _date(options["received"])
        facts = [ClockFact(RECEIVED, received)]
        start = received
        if options["corrected"]:
            corrected = _date(options["corrected"])
            if corrected < received:
                raise CommandError("--corrected must not be before --received")
            facts += [
                ClockFact(CORRECTION_REQUESTED, received),
                ClockFact(CORRECTION_RECEIVED, corrected),
            ]
            start = corrected
        for n, pause in enumerate(options["pause"]):
            start, sep, end = pause.partition(":")
            if not sep:
                raise CommandError(f"--pause wants START:END, got {pause!r}")
            start_date, end_date = _date(start), _date(end)
            if end_date < start_date:
                raise CommandError(f"pause {pause!r} ends before it starts")
            facts += [
                ClockFact(PAUSE_STARTED, start_date, pause_key=f"p{n}"),
                ClockFact(PAUSE_ENDED, end_date, pause_key=f"p{n}"),
            ]
        if options["extended_on"] and options["extension"] is None:
            raise CommandError("--extended-on needs --extension")
        if options["extension"] is not None:
            if not 0 < options["extension"] <= MAX_EXTENSION_DAYS:
                raise CommandError(f"--extension must be 1 to {MAX_EXTENSION_DAYS} working days")
            extended_on = _date(options["extended_on"]) if options["extended_on"] else start
            facts.append(ClockFact(EXTENDED, extended_on, days=options["extension"]))
        if options["reply_date"]:
            set_on, sep, reply_by = options["reply_date"].partition(":")
            if not sep:
                raise CommandError(
                    f"--reply-date wants SET_ON:REPLY_BY, got {options['reply_date']!r}"
                )
            set_on_date, reply_by_date = _date(set_on), _date(reply_by)
            if reply_by_date <= set_on_date:
                raise CommandError("--reply-date: the reply date must be after the day it is set")
            facts.append(ClockFact.reply_date_set(set_on_date, reply_by_date))
        today = _date(options["today"]) if options["today"] else timezone.localdate()
        state = compute_clock(facts, load_working_calendar(), today)
        self.stdout.write(json.dumps(state.as_dict(), ensure_ascii=False, indent=2))
