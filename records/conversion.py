"""A record's original made into a PDF: office documents with LibreOffice headless, images
with img2pdf. Pure of the models: paths and bytes in, a PDF file out.

- Word, Excel, WPS and OpenDocument files are converted by ``soffice --headless
  --convert-to pdf``, each run with a user profile of its own in a fresh temporary folder
  (two conversions at once never share one, and nothing is left of them), within a
  timeout: past it the whole process group is killed (reason ``convert_timeout``).
- JPEG, PNG and TIFF images become one page per image (every page of a multi-page TIFF)
  with img2pdf, which embeds the pixels as they are — a JPEG's own bytes, the others
  losslessly — so nothing of a scan is lost or blurred before OCR.
- A PDF is its own working copy.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from requests.file_content import DOC, DOCX, JPEG, ODS, ODT, PDF, PNG, TIFF, XLS, XLSX

from .processes import ProcessTimeoutError, run_with_timeout

#: The office types and the extension LibreOffice is given the file under, chosen by its
#: content (a WPS file is a Word or Excel binary file: it is converted as one).
OFFICE_TYPES: dict[str, str] = {
    DOCX: "docx", XLSX: "xlsx", DOC: "doc", XLS: "xls", ODT: "odt", ODS: "ods",
}
IMAGE_TYPES = frozenset({JPEG, PNG, TIFF})


class ConversionError(Exception):
    """The file could not be made into a PDF (``reason``: a ``records.models.FailureReason``
    value; ``detail``: what the tool said, for the log)."""

    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason
        self.detail = detail


def soffice_command() -> str:
    """The LibreOffice program, from ``PATH``."""
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found is None:
        raise ConversionError("unreadable", "soffice is not installed (scripts/setup)")
    return found


def office_to_pdf(source: Path, content_type: str, target: Path, *, timeout: float) -> None:
    """Convert the office document ``source`` (of ``content_type``) to the PDF ``target``."""
    with tempfile.TemporaryDirectory(prefix="ogi-convert-") as work:
        folder = Path(work)
        document = folder / f"document.{OFFICE_TYPES[content_type]}"
        shutil.copyfile(source, document)
        out = folder / "out"
        out.mkdir()
        command = [
            soffice_command(), "--headless", "--norestore", "--nolockcheck", "--nodefault",
            "--nologo", f"-env:UserInstallation={(folder / 'profile').as_uri()}",
            "--convert-to", "pdf", "--outdir", str(out), str(document),
        ]
        env = {**os.environ, "HOME": str(folder)}
        try:
            finished = run_with_timeout(command, timeout=timeout, cwd=folder, env=env)
        except ProcessTimeoutError as error:
            raise ConversionError("convert_timeout", str(error)) from None
        result = out / "document.pdf"
        if not result.is_file() or result.stat().st_size == 0:
            raise ConversionError("unreadable", finished.output)
        shutil.move(result, target)


def images_to_pdf(source: Path, target: Path) -> None:
    """One page per image of ``source`` (a JPEG, PNG or TIFF, every page of a TIFF)."""
    import img2pdf

    try:
        data = img2pdf.convert(str(source), rotation=img2pdf.Rotation.ifvalid)
    except Exception as error:  # img2pdf and Pillow raise many kinds on a damaged image
        raise ConversionError("image_unreadable", str(error)) from error
    target.write_bytes(data)


def to_pdf(source: Path, content_type: str, target: Path, *, timeout: float) -> None:
    """The original ``source`` as a PDF at ``target``, whatever its accepted type."""
    if content_type == PDF:
        shutil.copyfile(source, target)
    elif content_type in IMAGE_TYPES:
        images_to_pdf(source, target)
    elif content_type in OFFICE_TYPES:
        office_to_pdf(source, content_type, target, timeout=timeout)
    else:
        raise ConversionError("unreadable", f"no conversion for {content_type}")
