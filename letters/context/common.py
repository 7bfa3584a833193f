"""The frame every letter shares (LETTERS.md): header, title, addressee, opening, contact,
signature. Pure functions of the records; no rendering here."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from requests.choices import Channel
from requests.clock import cn_date
from requests.models import DisclosureRequest, Organ

from ..kinds import TITLES, LetterKind

#: The Regulations, named in full once per letter and by their short name afterwards.
REGULATIONS_FULL = gettext_lazy("《中华人民共和国政府信息公开条例》（以下简称《条例》）")
REGULATIONS = gettext_lazy("《条例》")
#: Longest item description quoted in full; longer ones are shortened with "……".
QUOTE_LIMIT = 120
#: Title characters that fit on one line (2号 type across the 156 mm text block).
TITLE_LINE_CHARS = 20

CHANNEL_PHRASES = {
    Channel.ONLINE: gettext_lazy("通过网上申请平台"),
    Channel.IN_PERSON: gettext_lazy("当面"),
    Channel.REGISTERED_POST: gettext_lazy("以信函（挂号信）方式"),
    Channel.ORDINARY_POST: gettext_lazy("以信函（平信）方式"),
    Channel.FAX: gettext_lazy("以传真方式"),
    Channel.EMAIL: gettext_lazy("以电子邮件方式"),
    Channel.ORAL: gettext_lazy("以口头方式（由本机关工作人员代为填写）"),
}


@dataclass
class Letter:
    """Everything a letter template shows, already worded; the templates only lay it out."""

    kind: str
    template: str
    organ: Organ
    number: str
    issued_on: datetime.date
    title_lines: list[str]
    addressee: str
    opening: list[str] = field(default_factory=list)
    body: list[str] = field(default_factory=list)
    remedy: str = ""
    contact: str = ""
    attachments: list[str] = field(default_factory=list)
    #: Organs the letter is copied to (抄送, in the 版记); never the organ's own sections.
    copy_to: list[str] = field(default_factory=list)
    replaces_note: str = ""
    preview: bool = False
    #: Structured parts of one kind (the fee table, the reply slip, the decisions).
    extra: dict = field(default_factory=dict)

    @property
    def date(self) -> str:
        return cn_date(self.issued_on)

    @property
    def title(self) -> str:
        return "".join(self.title_lines)

    def text(self) -> str:
        """All the words of the letter in reading order (for tests and search)."""
        parts = [self.organ.name, self.number, self.title, self.addressee + "：",
                 self.replaces_note, *self.opening, *self.body, self.remedy, self.contact,
                 *self.attachments, self.organ.name, self.date, *self.copy_to]
        return "\n".join(p for p in parts if p)


def title_lines(organ: Organ, kind: str) -> list[str]:
    """The title, broken after the organ's name when it does not fit on one line
    (GB/T 9704 7.3.1: a long title in a trapezoid, shorter line above)."""
    name = str(TITLES[LetterKind(kind)])
    if len(organ.name) + len(name) <= TITLE_LINE_CHARS:
        return [organ.name + name]
    return [organ.name, name]


def applicant_name(request: DisclosureRequest) -> str:
    return request.applicant.name


def quote(text: str, limit: int = QUOTE_LIMIT) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 2] + "……"


def items_summary(request: DisclosureRequest) -> str:
    """What was asked for, in the applicant's words: “…”, or “…”等N项 when several."""
    items = list(request.items.all())
    first = items[0]
    described = quote(first.description)
    if first.document_reference:
        described += _("（%(ref)s）") % {"ref": first.document_reference}
    if len(items) == 1:
        return _("“%(text)s”") % {"text": described}
    return _("“%(text)s”等%(n)s项政府信息") % {"text": described, "n": len(items)}


def receipt_phrase(request: DisclosureRequest) -> str:
    """When and how the application arrived, and its registration number."""
    channel = str(CHANNEL_PHRASES.get(request.channel, ""))
    return _("本机关于%(date)s收到您%(channel)s提交的政府信息公开申请（登记编号：%(number)s）") % {
        "date": cn_date(request.received_on), "channel": channel,
        "number": request.registration_number,
    }


def applicant_opening(request: DisclosureRequest, as_of: datetime.date) -> str:
    """LETTERS.md frame 5: received when, through which channel, its number, what; and the
    correction, when it came before the letter."""
    text = receipt_phrase(request) + _("，申请获取%(what)s。") % {"what": items_summary(request)}
    if request.correction_received_on and request.correction_received_on <= as_of:
        text += _("本机关于%(notice)s向您发出补正告知，并于%(date)s收到您补正后的申请。") % {
            "notice": cn_date(request.correction_requested_on),
            "date": cn_date(request.correction_received_on),
        }
    return text


def ogi_office(organ: Organ) -> str:
    return f"{organ.name}{organ.ogi_office_name}"


def contact_paragraph(organ: Organ) -> str:
    """LETTERS.md frame 8: the OGI office, its address, telephone and e-mail."""
    parts = [_("联系机构：%(office)s") % {"office": ogi_office(organ)}]
    if organ.address:
        address = organ.address
        if organ.postcode:
            address += _("（邮政编码：%(code)s）") % {"code": organ.postcode}
        parts.append(_("地址：%(address)s") % {"address": address})
    if organ.phone:
        parts.append(_("电话：%(phone)s") % {"phone": organ.phone})
    if organ.email:
        parts.append(_("电子邮箱：%(email)s") % {"email": organ.email})
    return "；".join(parts) + "。"


def replaces_note(replaced, kind_label: str) -> str:
    """A corrected letter names the one it replaces (DESIGN.md §5)."""
    if replaced is None:
        return ""
    return _(
        "本文书更正并替代本机关%(date)s作出的%(title)s（%(number)s），原文书自本文书送达之日起不再有效。"
    ) % {"date": cn_date(replaced.issued_on), "title": f"《{replaced.title}》",
         "number": replaced.number}


def base_letter(
    *, request: DisclosureRequest, kind: str, number: str, issued_on: datetime.date,
    addressee: str, preview: bool, replaced=None,
) -> Letter:
    organ = request.organ
    return Letter(
        kind=kind,
        template=f"letters/kinds/{kind}.html",
        organ=organ,
        number=number,
        issued_on=issued_on,
        title_lines=title_lines(organ, kind),
        addressee=addressee,
        contact=contact_paragraph(organ),
        replaces_note=replaces_note(replaced, LetterKind(kind).label),
        preview=preview,
    )


class Citer:
    """Cites the Regulations: in full with its short name the first time, short after.

    Use one per letter, in reading order.
    """

    def __init__(self) -> None:
        self.used = False

    def __call__(self, article: str = "") -> str:
        name = REGULATIONS if self.used else REGULATIONS_FULL
        self.used = True
        return f"{name}{article}"
