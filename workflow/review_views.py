"""What the reviewers approve: the reply letter as it will be issued, marked 样稿.

The secrecy reviewer, the coordination consultation's participants, the signing leader and
the registrar who dispatches open the preview from their task page; it is rendered from
the draft as it stands (the number shown is the one the letter would take now), never
stored or numbered.
"""

from __future__ import annotations

from django.core.cache import cache
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

from letters.kinds import LetterKind
from letters.services import letter_preview
from records.thumbnails import render_pdf_page
from requests.models import DisclosureRequest

from .access import staff_required
from .selectors import request_for_staff

#: How long a rendered preview is kept (seconds), and the width of its page pictures.
PREVIEW_SECONDS = 600
PAGE_WIDTH = 700

#: The steps whose page shows the reply's preview: they decide on the draft or send it.
REVIEWING_STEPS = frozenset({
    "opinion_legal", "opinion_secrecy", "opinion_publicity", "opinion_department", "conclude",
    "review", "sign", "dispatch",
})


def reply_drafted(request: DisclosureRequest) -> bool:
    """Every item has its drafted outcome: there is a reply to preview."""
    outcomes = [item.outcome for item in request.items.all()]
    return bool(outcomes) and all(outcomes)


def reply_preview(disclosure: DisclosureRequest):
    """The reply as it would be issued now: rendered once for each state of the request
    (its version moves on with every act) and day (the number it would take), kept a while
    in the cache so the task page and its pictures share one rendering."""
    key = f"reply-preview:{disclosure.pk}:{disclosure.version}:{timezone.localdate():%Y%m%d}"
    pdf = cache.get(key)
    if pdf is None:
        pdf = letter_preview(request=disclosure, kind=LetterKind.REPLY)
        cache.set(key, pdf, PREVIEW_SECONDS)
    return pdf


@staff_required
def reply_preview_view(request: HttpRequest, public_id) -> HttpResponse:
    disclosure = request_for_staff(request.user, public_id)
    if not reply_drafted(disclosure):
        raise Http404(_("该申请尚未拟写答复。"))
    pdf = reply_preview(disclosure)
    response = HttpResponse(pdf.data, content_type="application/pdf")
    name = _("%(number)s答复书样稿.pdf") % {"number": disclosure.registration_number}
    response["Content-Disposition"] = content_disposition_header(False, name)
    response["Cache-Control"] = "private, no-store"
    return response


@staff_required
def reply_preview_page_view(request: HttpRequest, public_id, page: int) -> HttpResponse:
    """A page of the reply's preview as a picture, for the task page."""
    disclosure = request_for_staff(request.user, public_id)
    if not reply_drafted(disclosure):
        raise Http404(_("该申请尚未拟写答复。"))
    try:
        png = render_pdf_page(reply_preview(disclosure).data, page, PAGE_WIDTH)
    except IndexError:
        raise Http404 from None
    response = HttpResponse(png, content_type="image/png")
    response["Cache-Control"] = "private, no-store"
    return response
