"""Letter kinds (DESIGN.md §5) and their numbering families.

Every issued letter takes a document number (文号) from a gap-free series per organ, per
family and per year. The family decides the series and the mark after the organ's prefix:

=========== ===================================== ======================================
family      kinds                                 number (prefix 莆环信公开)
=========== ===================================== ======================================
reply       政府信息公开申请答复书                   莆环信公开〔2026〕12号
notice      告知书/通知书 to the applicant           莆环信公开告〔2026〕5号
            (补正, 说明理由, 延期, 收费, 终止办理)
letter      函/意见书 to third parties and organs    莆环信公开函〔2026〕2号
            (征求第三方意见书, 征求意见函, 第三方告知书)
receipt     登记回执                               莆环信公开登〔2026〕31号
=========== ===================================== ======================================

The replies keep the organ's main series, as the annual report and the courts know them;
the other families are derived from the same prefix, so an organ configures one prefix.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _


class LetterKind(models.TextChoices):
    """The letters the organ sends; the labels are the letters' names."""

    RECEIPT = "receipt", _("登记回执")
    CORRECTION_NOTICE = "correction_notice", _("补正告知书")
    REASONS_NOTICE = "reasons_notice", _("说明理由告知书")
    EXTENSION_NOTICE = "extension_notice", _("延期答复告知书")
    THIRD_PARTY_CONSULTATION = "third_party_consultation", _("征求第三方意见书")
    ORGAN_CONSULTATION = "organ_consultation", _("征求意见函")
    THIRD_PARTY_NOTICE = "third_party_notice", _("第三方告知书")
    FEE_NOTICE = "fee_notice", _("收费通知书")
    TERMINATION_NOTICE = "termination_notice", _("终止办理告知书")
    REPLY = "reply", _("政府信息公开申请答复书")


K = LetterKind


@dataclass(frozen=True)
class Family:
    """One numbering family: its sequence name and the mark after the organ's prefix."""

    key: str
    mark: str

    @property
    def series(self) -> str:
        """The name of the family's series in ``requests.Sequence``."""
        return f"letter:{self.key}"


REPLY_FAMILY = Family("reply", "")
NOTICE_FAMILY = Family("notice", "告")
LETTER_FAMILY = Family("letter", "函")
RECEIPT_FAMILY = Family("receipt", "登")
FAMILIES = (REPLY_FAMILY, NOTICE_FAMILY, LETTER_FAMILY, RECEIPT_FAMILY)

FAMILY_OF_KIND: dict[str, Family] = {
    K.RECEIPT: RECEIPT_FAMILY,
    K.CORRECTION_NOTICE: NOTICE_FAMILY,
    K.REASONS_NOTICE: NOTICE_FAMILY,
    K.EXTENSION_NOTICE: NOTICE_FAMILY,
    K.FEE_NOTICE: NOTICE_FAMILY,
    K.TERMINATION_NOTICE: NOTICE_FAMILY,
    K.THIRD_PARTY_CONSULTATION: LETTER_FAMILY,
    K.ORGAN_CONSULTATION: LETTER_FAMILY,
    K.THIRD_PARTY_NOTICE: LETTER_FAMILY,
    K.REPLY: REPLY_FAMILY,
}
assert set(FAMILY_OF_KIND) == set(LetterKind.values)


def family_of(kind: str) -> Family:
    return FAMILY_OF_KIND[LetterKind(kind)]


def document_number(*, prefix: str, kind: str, year: int, serial: int | str) -> str:
    """The document number as printed: ``莆环信公开〔2026〕12号`` (no zero padding)."""
    return f"{prefix}{family_of(kind).mark}〔{year}〕{serial}号"


#: The title after the organ's name (GB/T 9704 标题: 发文机关 + 文种).
TITLES: dict[str, str] = {
    K.RECEIPT: _("政府信息公开申请登记回执"),
    K.CORRECTION_NOTICE: _("政府信息公开申请补正告知书"),
    K.REASONS_NOTICE: _("政府信息公开申请说明理由告知书"),
    K.EXTENSION_NOTICE: _("政府信息公开申请延期答复告知书"),
    K.THIRD_PARTY_CONSULTATION: _("政府信息公开征求第三方意见书"),
    K.ORGAN_CONSULTATION: _("政府信息公开征求意见函"),
    K.THIRD_PARTY_NOTICE: _("政府信息公开第三方告知书"),
    K.FEE_NOTICE: _("政府信息公开信息处理费收费通知书"),
    K.TERMINATION_NOTICE: _("政府信息公开申请终止办理告知书"),
    K.REPLY: _("政府信息公开申请答复书"),
}

#: Kinds addressed to a third party or another organ rather than to the applicant.
NON_APPLICANT_KINDS = frozenset(
    {K.THIRD_PARTY_CONSULTATION, K.ORGAN_CONSULTATION, K.THIRD_PARTY_NOTICE}
)
#: Decisions that can be challenged: they carry the remedy notice (LETTERS.md frame 7). The
#: fee notice is not one: a fee decision cannot be challenged on its own (2020 fee measures).
REMEDY_KINDS = frozenset({K.REPLY, K.TERMINATION_NOTICE, K.THIRD_PARTY_NOTICE})
#: Kinds that are about one related record, passed as ``subject`` to ``letter_issue``.
SUBJECT_KINDS = frozenset(
    {K.EXTENSION_NOTICE, K.THIRD_PARTY_CONSULTATION, K.ORGAN_CONSULTATION,
     K.THIRD_PARTY_NOTICE, K.FEE_NOTICE}
)
