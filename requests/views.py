"""The one view of this layer: an attachment, to those allowed to see it."""

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest

from .selectors import attachment_get_for_user


@login_required
def attachment_download(request: HttpRequest, public_id) -> FileResponse:
    attachment = attachment_get_for_user(public_id=public_id, user=request.user)
    response = FileResponse(
        attachment.file.open("rb"),
        as_attachment=True,
        filename=attachment.original_name,
        content_type=attachment.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
