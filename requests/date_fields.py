"""The date a person types into a form, kept within the days that can make sense for it.

A day of receipt, submission, delivery or payment lies between the day the Regulations took
effect (2019-05-15) and today; a day set ahead (a deadline to respond, a later reply date,
a new period) lies within a bounded time to come. Every date field of the project's forms
is a ``BoundedDateField``, so junk such as year 1 or 9999 is refused next to the field with
a message in the user's language, and never reaches the date arithmetic of the clock or the
dashboard (where it would overflow).
"""

from __future__ import annotations

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .clock import date_in_language

#: 《中华人民共和国政府信息公开条例》(2019年修订) took effect on this day.
REGULATIONS_IN_FORCE = datetime.date(2019, 5, 15)
#: The first day of the working-day calendar (and of the supervision figures).
CALENDAR_START = datetime.date(2004, 1, 1)
#: How far ahead a day set in advance may lie: one year.
YEAR_AHEAD = 366

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class BoundedDateField(forms.DateField):
    """A ``DateField`` refusing days before ``earliest`` or more than ``days_ahead`` days
    after today (0: not after today, the default). Today is the organ's local day, read when
    the form is cleaned."""

    default_error_messages = {
        "invalid": _("请填写有效的日期。"),
        "before_regulations": _("日期不能早于%(date)s（现行《条例》施行之日）。"),
        "too_early": _("日期不能早于%(date)s。"),
        "after_today": _("日期不能晚于今天。"),
        "too_late": _("日期不能晚于%(date)s。"),
    }

    def __init__(
        self, *, earliest: datetime.date = REGULATIONS_IN_FORCE, days_ahead: int = 0, **kwargs
    ) -> None:
        self.earliest = earliest
        self.days_ahead = days_ahead
        kwargs.setdefault("widget", DATE_INPUT)
        super().__init__(**kwargs)

    def latest(self) -> datetime.date:
        return timezone.localdate() + datetime.timedelta(days=self.days_ahead)

    def to_python(self, value):
        try:
            return super().to_python(value)
        except (OverflowError, TypeError) as error:
            raise ValidationError(self.error_messages["invalid"], code="invalid") from error

    def validate(self, value) -> None:
        super().validate(value)
        if value in self.empty_values:
            return
        if value < self.earliest:
            code = "before_regulations" if self.earliest == REGULATIONS_IN_FORCE else "too_early"
            raise ValidationError(
                self.error_messages[code], code=code, params={"date": date_in_language(self.earliest)}
            )
        if value > self.latest():
            if self.days_ahead == 0:
                raise ValidationError(self.error_messages["after_today"], code="after_today")
            raise ValidationError(
                self.error_messages["too_late"], code="too_late",
                params={"date": date_in_language(self.latest())},
            )


def past_date(**kwargs) -> BoundedDateField:
    """A day that has come: receipt, submission, delivery, payment (not before the
    Regulations, not after today)."""
    return BoundedDateField(**kwargs)


def day_ahead(**kwargs) -> BoundedDateField:
    """A day set in advance (a deadline, a later reply date): at most a year from today."""
    kwargs.setdefault("days_ahead", YEAR_AHEAD)
    return BoundedDateField(**kwargs)
