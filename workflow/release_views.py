"""The release package on the staff side: each released file for printing or copying to a
disc, and the print view of the package (the reply letter, then the files in the order its
附件 note lists them) for a reply on paper or on a disc."""

from __future__ import annotations

from dataclasses import dataclass

from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from letters.kinds import LetterKind
from records.models import ReleasedFile
from records.selectors import downloads_of, released_files_of
from requests.choices import InformationForm, ObtainMethod
from requests.models import DisclosureRequest

from .access import staff_required
from .selectors import request_for_staff


@staff_required
def released_file_view(request: HttpRequest, public_id, released_id) -> FileResponse:
    """A released file of a request of the person's organs (staff print or copy it; only the
    applicant's downloads are recorded)."""
    disclosure = request_for_staff(request.user, public_id)
    released = ReleasedFile.objects.filter(request=disclosure, public_id=released_id).first()
    if released is None:
        raise Http404
    response = FileResponse(
        released.file.open("rb"), as_attachment=True, content_type="application/pdf",
        filename=f"{released.position:02d}-{released.name}.pdf",
    )
    response["Cache-Control"] = "private, no-store"
    return response


def handing_over(disclosure: DisclosureRequest) -> str:
    """What staff do with the package, in the form the applicant asked for (Art. 40)."""
    if disclosure.form_wanted == InformationForm.INSPECTION:
        return _("申请人要求当场查阅：请准备答复书和以下文件，供申请人在办公场所查阅。")
    paper = disclosure.form_wanted == InformationForm.PAPER
    method = disclosure.obtain_method
    if paper:
        return _("申请人要求纸质文本：请按以下顺序打印答复书和各附件，%(how)s。") % {
            "how": _("邮寄给申请人") if method == ObtainMethod.POST else _("供申请人领取")}
    if method in (ObtainMethod.POST, ObtainMethod.COLLECT_IN_PERSON):
        return _("申请人要求电子文件：请将以下文件按顺序拷贝至光盘或U盘，并在登记送达时于凭证中注明载体"
                 "（光盘或U盘）及其编号。")
    if method == ObtainMethod.EMAIL:
        return _("申请人要求通过电子邮件获取：答复书附件所列文件随答复书发送；超过电子邮件附件容量的，"
                 "申请人从网上申请平台下载。")
    return _("申请人通过网上申请平台下载以下文件，下载情况记入办理过程。")


@staff_required
def release_package_view(request: HttpRequest, public_id) -> HttpResponse:
    """The package to print (or copy): the reply letter, then each file in its order."""
    disclosure = request_for_staff(request.user, public_id)
    files = released_files_of(disclosure)
    if not files:
        raise Http404
    return render(request, "workflow/release_package.html", {
        "r": disclosure,
        "reply": disclosure.letters.filter(kind=LetterKind.REPLY, replaced_by__isnull=True)
        .order_by("-issued_at").first(),
        "files": files,
        "total_pages": sum(f.page_count for f in files),
        "handing_over": handing_over(disclosure),
        "nav": "requests",
    })


@dataclass(frozen=True)
class DownloadEntry:
    """A download in the staff history, shaped like the audit events listed beside it."""

    at: object
    actor_name: str
    comment: str
    get_act_display: str = ""
    status_after_label: str = ""


def history_with_downloads(events, disclosure: DisclosureRequest) -> list:
    """The request's audit events in their order with the applicant's downloads placed
    among them by time (staff only: the applicant's own history leaves them out)."""
    downloads = [
        DownloadEntry(
            at=d.at, actor_name=_("%(name)s（申请人）") % {"name": disclosure.applicant.name},
            comment=d.released_file.name, get_act_display=_("下载公开的文件"),
        )
        for d in downloads_of(disclosure)
    ]
    merged: list = []
    for event in events:
        while downloads and downloads[0].at < event.at:
            merged.append(downloads.pop(0))
        merged.append(event)
    return merged + downloads
