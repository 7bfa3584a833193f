"""The receipt date of an application by channel (Art. 31)."""

import datetime

from django.utils.translation import gettext_lazy as _

from .choices import Channel
from .errors import RequestActError


def receipt_date(
    *,
    channel: str,
    submitted_on: datetime.date,
    confirmed_on: datetime.date,
    post_signed_on: datetime.date | None = None,
) -> datetime.date:
    """The day the organ is deemed to have received the application (Art. 31).

    In person or orally: the day it was submitted. Registered post: the day the organ
    signed for it. Ordinary letter: the day the organ confirmed receipt with the applicant.
    Online, fax and e-mail: the day both parties confirmed, i.e. the day staff confirm.
    """
    if channel in (Channel.IN_PERSON, Channel.ORAL):
        return submitted_on
    if channel == Channel.REGISTERED_POST:
        if post_signed_on is None:
            raise RequestActError(_("信函申请需填写签收日期。"), code="post_signed_on")
        if post_signed_on > confirmed_on:
            raise RequestActError(_("签收日期不能晚于登记日期。"), code="post_signed_on")
        return post_signed_on
    if channel in (Channel.ORDINARY_POST, Channel.ONLINE, Channel.FAX, Channel.EMAIL):
        return confirmed_on
    raise RequestActError(_("未知的申请方式。"), code="channel")
