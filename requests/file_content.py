"""What an uploaded file really is, decided by reading it — never by its name or its first
bytes alone.

``checked_content_type(upload)`` returns the content type of a file the organ may keep, or
raises ``ValidationError`` with a message in the user's language:

- a PDF must parse (pypdf) and have at least one page: an HTML page that merely begins with
  ``%PDF-`` is refused;
- a DOCX or XLSX is a ZIP whose parts are those of the format: its ``[Content_Types].xml``
  names the main part of a document or workbook (not a macro-enabled one), every entry has a
  declared content type and an extension an Office document carries — an ``xl/evil.exe``
  is refused. A ZIP bomb is refused from its central directory (declared sizes and entry
  count) before anything is inflated, and every entry is then read in a stream with a hard
  cap on the bytes inflated, whatever the directory claimed;
- a JPEG, PNG or TIFF must decode (Pillow reads its header and verifies it) as the format
  it claims, within a pixel limit.
"""

from __future__ import annotations

import posixpath
import warnings
import zipfile
from typing import IO
from xml.etree import ElementTree

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

PDF = "application/pdf"
JPEG = "image/jpeg"
PNG = "image/png"
TIFF = "image/tiff"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

#: Accepted content types and the file-name extensions that may carry them.
ALLOWED_TYPES: dict[str, tuple[str, ...]] = {
    PDF: ("pdf",),
    JPEG: ("jpg", "jpeg"),
    PNG: ("png",),
    TIFF: ("tif", "tiff"),
    DOCX: ("docx",),
    XLSX: ("xlsx",),
}

#: The main part's content type (in ``[Content_Types].xml``) of each Office type accepted.
OFFICE_MAIN_PARTS = {
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml": DOCX,
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml": XLSX,
}
#: Extensions of the parts an Office document or workbook carries (XML, relationships,
#: pictures, fonts, embedded Office files); ``bin`` only for printer settings.
OFFICE_PART_EXTENSIONS = frozenset({
    "xml", "rels", "vml", "png", "jpeg", "jpg", "gif", "bmp", "tif", "tiff", "emf", "wmf",
    "svg", "odttf", "fntdata", "docx", "xlsx", "pptx", "sigs", "psdsxs",
})
CONTENT_TYPES_PART = "[Content_Types].xml"
_CT = "{http://schemas.openxmlformats.org/package/2006/content-types}"
_PILLOW_FORMATS = {"JPEG": JPEG, "PNG": PNG, "TIFF": TIFF}


def max_uncompressed_bytes() -> int:
    return getattr(settings, "ATTACHMENT_MAX_UNCOMPRESSED_BYTES", 100 * 1024 * 1024)


def max_zip_entries() -> int:
    return getattr(settings, "ATTACHMENT_MAX_ZIP_ENTRIES", 1000)


def max_image_pixels() -> int:
    return getattr(settings, "ATTACHMENT_MAX_IMAGE_PIXELS", 60_000_000)


def detect_content_type(head: bytes) -> str | None:
    """The type the first bytes announce (a first guess; ``checked_content_type`` decides)."""
    kind = filetype.guess(head)
    return kind.mime if kind else None


def _unsupported() -> ValidationError:
    return ValidationError(
        _("不支持的文件类型：只接受PDF、JPEG、PNG、TIFF、DOCX或XLSX文件（按文件内容判断）。"),
        code="file_type",
    )


def checked_content_type(upload: IO[bytes]) -> str:
    """The content type of ``upload`` once its content is checked (see the module docstring);
    ``ValidationError`` if it is not a file of an accepted type. Leaves the file at its start."""
    upload.seek(0)
    head = upload.read(8192)
    upload.seek(0)
    try:
        if head.startswith(b"PK\x03\x04"):
            return _office_type(upload)
        guessed = detect_content_type(head)
        if guessed == PDF:
            _check_pdf(upload)
            return PDF
        if guessed in (JPEG, PNG, TIFF):
            _check_image(upload, guessed)
            return guessed
        raise _unsupported()
    finally:
        upload.seek(0)


def _check_pdf(upload: IO[bytes]) -> None:
    from pypdf import PdfReader

    refused = ValidationError(
        _("PDF文件无法解析或没有页面，请上传有效的PDF文件。"), code="bad_pdf"
    )
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            reader = PdfReader(upload, strict=False)
            if reader.is_encrypted:
                raise ValidationError(
                    _("PDF文件已加密，请上传未加密的PDF文件。"), code="encrypted_pdf"
                )
            pages = len(reader.pages)
    except ValidationError:
        raise
    except Exception as error:  # pypdf raises many kinds on hostile input
        raise refused from error
    if pages < 1:
        raise refused


def _check_image(upload: IO[bytes], guessed: str) -> None:
    from PIL import Image

    refused = ValidationError(
        _("图片文件无法识别或已损坏，请上传有效的JPEG、PNG或TIFF文件。"), code="bad_image"
    )
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            with Image.open(upload) as image:
                kind = _PILLOW_FORMATS.get(image.format or "")
                width, height = image.size
                if kind != guessed:
                    raise refused
                if width * height > max_image_pixels():
                    raise ValidationError(
                        _("图片像素过多（不能超过%(limit)s万像素），请缩小后上传。")
                        % {"limit": max_image_pixels() // 10000},
                        code="image_too_large",
                    )
                image.verify()
    except ValidationError:
        raise
    except Exception as error:  # Pillow raises many kinds on hostile input
        raise refused from error


def _office_refused() -> ValidationError:
    return ValidationError(
        _("文档结构不正确或含有不应有的内容（如可执行文件、宏），请另存为标准的DOCX或XLSX文件后上传。"),
        code="bad_office",
    )


def _too_big() -> ValidationError:
    return ValidationError(
        _("文档解压后过大（不能超过%(limit)s）或包含的部件过多，请拆分文档或压缩其中的图片后上传。")
        % {"limit": filesizeformat(max_uncompressed_bytes())},
        code="zip_bomb",
    )


def _office_type(upload: IO[bytes]) -> str:
    try:
        archive = zipfile.ZipFile(upload)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as error:
        raise _office_refused() from error
    with archive:
        entries = archive.infolist()
        # From the central directory, before anything is inflated.
        if len(entries) > max_zip_entries():
            raise _too_big()
        if sum(entry.file_size for entry in entries) > max_uncompressed_bytes():
            raise _too_big()
        names = [entry.filename for entry in entries]
        if len(set(names)) != len(names) or CONTENT_TYPES_PART not in names:
            raise _office_refused()
        defaults, overrides = _content_types(archive)
        office_type = None
        for part, content_type in overrides.items():
            if content_type in OFFICE_MAIN_PARTS:
                if office_type is not None:
                    raise _office_refused()
                office_type = OFFICE_MAIN_PARTS[content_type]
                if part.lstrip("/") not in names:
                    raise _office_refused()
        if office_type is None:
            raise _office_refused()
        for entry in entries:
            _check_part(entry, defaults, overrides)
        _inflate_within_cap(archive, entries)
    return office_type


def _content_types(archive: zipfile.ZipFile) -> tuple[set[str], dict[str, str]]:
    """The Default extensions and Override parts of ``[Content_Types].xml``."""
    info = archive.getinfo(CONTENT_TYPES_PART)
    if info.file_size > 1024 * 1024:
        raise _office_refused()
    try:
        with archive.open(info) as part:
            data = part.read(1024 * 1024 + 1)
        if len(data) > 1024 * 1024 or b"<!DOCTYPE" in data.upper():
            raise _office_refused()
        root = ElementTree.fromstring(data)
    except ValidationError:
        raise
    except Exception as error:
        raise _office_refused() from error
    if root.tag != f"{_CT}Types":
        raise _office_refused()
    defaults = {
        (e.get("Extension") or "").lower() for e in root.iter(f"{_CT}Default")
    }
    overrides = {
        (e.get("PartName") or "").lstrip("/").lower(): e.get("ContentType") or ""
        for e in root.iter(f"{_CT}Override")
    }
    if any("macroenabled" in value.lower() or "vba" in value.lower()
           for value in overrides.values()):
        raise _office_refused()
    return defaults, overrides


def _check_part(entry: zipfile.ZipInfo, defaults: set[str], overrides: dict[str, str]) -> None:
    """A part of an Office document: a clean relative name, an Office extension, a declared
    content type."""
    name = entry.filename
    if entry.is_dir():
        return
    if (
        not name or name.startswith("/") or "\\" in name or "\x00" in name
        or posixpath.normpath(name) != name or name.startswith("../")
        or entry.flag_bits & 0x1  # encrypted entries
    ):
        raise _office_refused()
    if name == CONTENT_TYPES_PART:
        return
    base = posixpath.basename(name).lower()
    extension = base.rsplit(".", 1)[-1] if "." in base else ""
    allowed = extension in OFFICE_PART_EXTENSIONS or (
        extension == "bin" and "/printersettings/" in name.lower()
    )
    if not allowed or base == "vbaproject.bin":
        raise _office_refused()
    if name.lower() not in overrides and extension not in defaults:
        raise _office_refused()


def _inflate_within_cap(archive: zipfile.ZipFile, entries: list[zipfile.ZipInfo]) -> None:
    """Read every entry in a stream, stopping once more than the cap has been inflated
    (whatever the central directory said); a damaged entry (bad CRC) refuses the file."""
    budget = max_uncompressed_bytes()
    try:
        for entry in entries:
            if entry.is_dir():
                continue
            with archive.open(entry) as part:
                while chunk := part.read(64 * 1024):
                    budget -= len(chunk)
                    if budget < 0:
                        raise _too_big()
    except ValidationError:
        raise
    except Exception as error:  # bad CRC, unsupported compression, truncated data
        raise _office_refused() from error
