"""The 版记 (GB/T 9704-2012 10.1, letter format): the copy line 抄送 lists organs, stands
at the foot of the text block of the letter's last page, after everything else — the
attachment note and the attachments included — and never names the organ's own sections."""

import pytest

from letters.kinds import LetterKind
from letters.services import letter_preview
from requests.choices import ConsultedParty, Status
from requests.outcomes import Outcome
from tests.factories import at
from tests.letters import pdfs
from tests.letters.cases import signed_off
from tests.letters.test_rendering import MM, positions
from tests.requests import machine as m

#: The bottom of the GB/T 9704 text block: A4 is 297 mm high, the text block 225 mm below
#: the 37 mm top margin, so it ends 35 mm above the bottom edge.
TEXT_BLOCK_BOTTOM = 35 * MM


def _last_page_runs(data):
    pages = pdfs.reader(data).pages
    return len(pages), positions(data, len(pages) - 1)


@pytest.fixture
def copying_organ(organ):
    organ.reply_copy_to = "莆田市人民政府办公室\n莆田市司法局\n"
    organ.save()
    return organ


def test_reply_is_copied_to_the_configured_organs_in_the_edition_notes(copying_organ, people):
    request = signed_off(copying_organ, people, [Outcome.PROVIDED, Outcome.NOT_HELD])
    data = letter_preview(request=request, kind=LetterKind.REPLY,
                          at=at(m.REPLIED_ON, 16)).data
    count, runs = _last_page_runs(data)
    copy = [r for r in runs if r[2].startswith("抄送：")]
    assert [r[2] for r in copy] == ["抄送：莆田市人民政府办公室，莆田市司法局。"]
    (_x, copy_y, _t) = copy[0]
    # Below every other line of the last page but the page number, and inside the text block.
    body = [r for r in runs if not r[2].startswith(("抄送：", "—"))]
    assert all(y > copy_y for _x, y, _t in body)
    assert TEXT_BLOCK_BOTTOM - 1 <= copy_y <= TEXT_BLOCK_BOTTOM + 15 * MM
    # Only on the last page.
    earlier = "".join(pdfs.page_texts(data)[:-1])
    assert "抄送" not in earlier


def test_consultation_letters_copy_no_section_of_the_organ_and_end_with_their_slip(
    organ, people,
):
    request = m.build(Status.PROCESSING, organ, people)
    consultation = m.open_consultation(request, people, kind=ConsultedParty.THIRD_PARTY,
                                       name=m.THIRD_PARTY)
    data = letter_preview(request=request, kind=LetterKind.THIRD_PARTY_CONSULTATION,
                          subject=consultation, at=at(m.PAUSED_ON)).data
    text = pdfs.text(data)
    assert "抄送" not in text and "本机关污防科" not in text
    assert "附件：征求意见回执" in text
    assert "征求意见回执" in pdfs.page_texts(data)[-1]


def test_no_copy_line_when_the_organ_copies_no_one(organ, people):
    request = signed_off(organ, people, [Outcome.PROVIDED])
    data = letter_preview(request=request, kind=LetterKind.REPLY,
                          at=at(m.REPLIED_ON, 16)).data
    assert "抄送" not in pdfs.text(data)
