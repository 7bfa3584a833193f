"""The grounds on which a part of a record is withheld (区分处理, Art. 37): the Regulations'
refusal grounds, each with the short code a redaction box is labelled with."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from requests.outcomes import Outcome


class Ground(models.TextChoices):
    """Why a redacted part is withheld; the article relied on is in ``ARTICLES``."""

    STATE_SECRET = "state_secret", _("国家秘密")
    LAW_PROHIBITS = "law_prohibits", _("其他法律行政法规禁止公开")
    THREE_SAFETIES = "three_safeties", _("危及“三安全一稳定”")
    THIRD_PARTY = "third_party", _("第三方合法权益（个人隐私、商业秘密）")
    INTERNAL_AFFAIRS = "internal_affairs", _("内部事务信息")
    PROCESS_INFORMATION = "process_information", _("过程性信息")
    ENFORCEMENT_FILE = "enforcement_file", _("行政执法案卷信息")


#: The short code printed in each redaction box (the box is too small for the ground's name).
CODES: dict[str, str] = {
    Ground.STATE_SECRET: "A1",
    Ground.LAW_PROHIBITS: "A2",
    Ground.THREE_SAFETIES: "A3",
    Ground.THIRD_PARTY: "A4",
    Ground.INTERNAL_AFFAIRS: "A5",
    Ground.PROCESS_INFORMATION: "A6",
    Ground.ENFORCEMENT_FILE: "A7",
}

#: The article of the Regulations each ground rests on, for the reply's statement of reasons.
ARTICLES: dict[str, str] = {
    Ground.STATE_SECRET: "第十四条",
    Ground.LAW_PROHIBITS: "第十四条",
    Ground.THREE_SAFETIES: "第十四条",
    Ground.THIRD_PARTY: "第十五条",
    Ground.INTERNAL_AFFAIRS: "第十六条第一款",
    Ground.PROCESS_INFORMATION: "第十六条第二款",
    Ground.ENFORCEMENT_FILE: "第十六条第二款",
}

#: The refusal outcome of §4 (三) each ground is, so the reply's reasons for a withheld part
#: use the same words as a refusal of a whole item.
OUTCOMES: dict[str, str] = {
    Ground.STATE_SECRET: Outcome.REFUSED_STATE_SECRET,
    Ground.LAW_PROHIBITS: Outcome.REFUSED_OTHER_LAW,
    Ground.THREE_SAFETIES: Outcome.REFUSED_SECURITY_STABILITY,
    Ground.THIRD_PARTY: Outcome.REFUSED_THIRD_PARTY,
    Ground.INTERNAL_AFFAIRS: Outcome.REFUSED_INTERNAL_AFFAIRS,
    Ground.PROCESS_INFORMATION: Outcome.REFUSED_PROCESS_INFORMATION,
    Ground.ENFORCEMENT_FILE: Outcome.REFUSED_ENFORCEMENT_FILE,
}
