"""What every reply must say, outcome by outcome — the reviewed legal basis, in one table.

This is the page a legal officer reads to check the system. For each outcome a reply can
carry it states, independently of the code that words the letters:

* ``cites`` — the article (and paragraph or item) of the Regulations the decision relies on,
  as the letter cites it after 《条例》;
* ``routes`` — the remedies the letter offers against it, in the order stated
  (``requests.outcomes.Remedy``): reconsideration first for a refusal to disclose
  (行政复议法 2023 第二十三条第一款第（四）项); reconsideration or litigation (60 days / 6
  months) for the other decisions; reconsideration only where the courts do not accept the
  case (最高人民法院关于审理政府信息公开行政案件若干问题的规定 2011 第二条第（二）（三）项:
  refusing to supply publications, or to create, compile or analyse information). A partial
  disclosure has two: reconsideration first for the withheld part, the choice for the rest;
* ``tells`` — words the decision must contain: how to obtain the information, or where the
  applicant can turn instead;
* ``never`` — words the decision must not contain (wording that belongs to another rule);
* ``releases`` — whether information is provided, so the letter says how and when it reaches
  the applicant.

tests/letters/test_legal_basis.py renders the words of the reply for every outcome × every
applicant kind × one or several items and holds them to this table. A change of the law is a
change here first; the test then shows every letter that no longer agrees.
"""

from __future__ import annotations

from dataclasses import dataclass

from .outcomes import Outcome, Remedy

FIRST = Remedy.RECONSIDERATION_FIRST
CHOICE = Remedy.RECONSIDERATION_OR_LITIGATION
ONLY = Remedy.RECONSIDERATION_ONLY


@dataclass(frozen=True)
class Basis:
    cites: str
    routes: tuple[str, ...] = (CHOICE,)
    tells: tuple[str, ...] = ()
    never: tuple[str, ...] = ()
    releases: bool = False


#: Words that call a decision a refusal to disclose (条例 第三十六条第（三）项).
REFUSAL_WORDS = "决定不予公开"
#: Wording of Art. 39(1): the request is not treated as an OGI application.
NOT_AN_APPLICATION = "不作为政府信息公开申请处理"

LEGAL_BASIS: dict[str, Basis] = {
    # （一）予以公开
    Outcome.PROVIDED: Basis("第三十六条第（二）项", releases=True),
    Outcome.ALREADY_PUBLIC: Basis("第三十六条第（一）项", tells=("获取该信息的方式和途径",)),
    # （二）部分公开: 第三十七条 区分处理; the withheld part is a refusal
    Outcome.PARTIAL: Basis("第三十七条", (FIRST, CHOICE), releases=True,
                           tells=("对不应当公开的部分不予公开",)),
    # （三）不予公开: 第十四条—第十六条 with 第三十六条第（三）项
    Outcome.REFUSED_STATE_SECRET: Basis("第十四条、第三十六条第（三）项", (FIRST,)),
    Outcome.REFUSED_OTHER_LAW: Basis("第十四条、第三十六条第（三）项", (FIRST,)),
    Outcome.REFUSED_SECURITY_STABILITY: Basis("第十四条、第三十六条第（三）项", (FIRST,)),
    Outcome.REFUSED_THIRD_PARTY: Basis("第十五条、第三十二条、第三十六条第（三）项", (FIRST,)),
    Outcome.REFUSED_INTERNAL_AFFAIRS: Basis("第十六条第一款、第三十六条第（三）项", (FIRST,)),
    Outcome.REFUSED_PROCESS_INFORMATION: Basis("第十六条第二款、第三十六条第（三）项", (FIRST,)),
    Outcome.REFUSED_ENFORCEMENT_FILE: Basis("第十六条第二款、第三十六条第（三）项", (FIRST,)),
    # 行政查询事项 (第三十六条第（七）项): redirected to the channel the other laws set; no
    # refusal to disclose, so no reconsideration first
    Outcome.REFUSED_ADMINISTRATIVE_QUERY: Basis(
        "第三十六条第（七）项", tells=("依照有关法律、行政法规的规定",),
        never=(REFUSAL_WORDS, "不予公开")),
    # （四）无法提供
    Outcome.NOT_HELD: Basis("第三十六条第（四）项", tells=("该政府信息不存在",)),
    Outcome.NOT_THIS_ORGAN: Basis("第三十六条第（五）项", tells=("联系方式",)),
    Outcome.NEEDS_CREATION: Basis("第三十八条", (ONLY,)),
    Outcome.STILL_UNCLEAR: Basis("第二十九条第二款、第三十条", tells=("重新提出申请",)),
    # （五）不予处理
    Outcome.NOT_OGI_PETITION: Basis("第三十九条第一款", tells=(NOT_AN_APPLICATION, "渠道")),
    Outcome.NOT_OGI_REPEAT: Basis("第三十六条第（六）项", tells=("不予重复处理",)),
    Outcome.NOT_OGI_PUBLICATION: Basis(
        "第三十九条第二款", (ONLY,), tells=("获取该出版物的途径",), never=(NOT_AN_APPLICATION,)),
    Outcome.NOT_OGI_BULK: Basis("第三十五条", tells=("不予处理",)),
    Outcome.NOT_OGI_CONFIRMATION: Basis("第三十九条第一款", tells=(NOT_AN_APPLICATION,)),
    Outcome.NOT_OGI_REISSUE: Basis(
        "第三十九条第一款、第三十八条", (ONLY,), tells=(NOT_AN_APPLICATION, "另行制作")),
}
