"""What the reviewers approve: the reply letter as it will be issued, marked 样稿.

The secrecy reviewer, the coordination consultation's participants, the signing leader and
the registrar who dispatches open the preview from their task page; it is rendered from
the draft as it stands (the number shown is the one the letter would take now), never
stored or numbered.
"""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

from letters.kinds import LetterKind
from letters.services import letter_preview
from requests.models import DisclosureRequest

from .access import staff_required
from .selectors import request_for_staff

#: The steps whose page shows the reply's preview: they decide on the draft or send it.
REVIEWING_STEPS = frozenset({
    "opinion_legal", "opinion_secrecy", "opinion_publicity", "opinion_department", "conclude",
    "review", "sign", "dispatch",
})


def reply_drafted(request: DisclosureRequest) -> bool:
    """Every item has its drafted outcome: there is a reply to preview."""
    outcomes = [item.outcome for item in request.items.all()]
    return bool(outcomes) and all(outcomes)


@staff_required
def reply_preview_view(request: HttpRequest, public_id) -> HttpResponse:
    disclosure = request_for_staff(request.user, public_id)
    if not reply_drafted(disclosure):
        raise Http404(_("该申请尚未拟写答复。"))
    pdf = letter_preview(request=disclosure, kind=LetterKind.REPLY)
    response = HttpResponse(pdf.data, content_type="application/pdf")
    name = _("%(number)s答复书样稿.pdf") % {"number": disclosure.registration_number}
    response["Content-Disposition"] = content_disposition_header(False, name)
    response["Cache-Control"] = "private, no-store"
    return response
