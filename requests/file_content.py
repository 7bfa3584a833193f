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

The records an organ finds for a request (``records``) may also be in the older and the
other office formats, checked as carefully (``accepted=RECORD_TYPES``; never for what
applicants upload):

- a legacy Word or Excel file (``.doc``, ``.xls``), or WPS Office's (``.wps``, ``.et``: the
  same binary formats under their own names), is an OLE2 compound file whose root holds a
  Word document stream (its header names Word and no encryption) or an Excel workbook
  stream (a BIFF BOF record, not followed by a FILEPASS record: no password); one carrying
  macros (a ``Macros`` or ``_VBA_PROJECT_CUR`` storage) is refused, and so is a
  password-protected DOCX or XLSX (an OLE2 file holding an ``EncryptedPackage``);
- an OpenDocument text or spreadsheet (``.odt``, ``.ods``) is a ZIP whose first entry is
  its ``mimetype``, stored, naming the format; its manifest declares no encryption, it
  holds no macros (``Basic/``, ``Scripts/``) and only the parts such a document carries,
  under the same ZIP-bomb limits as a DOCX.
"""

from __future__ import annotations

import contextlib
import posixpath
import struct
import warnings
import zipfile
from typing import IO
from xml.etree import ElementTree

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from .compound_file import SIGNATURE as COMPOUND_FILE_SIGNATURE
from .compound_file import CompoundFile, CompoundFileError

PDF = "application/pdf"
JPEG = "image/jpeg"
PNG = "image/png"
TIFF = "image/tiff"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOC = "application/msword"
XLS = "application/vnd.ms-excel"
ODT = "application/vnd.oasis.opendocument.text"
ODS = "application/vnd.oasis.opendocument.spreadsheet"

#: Accepted content types and the file-name extensions that may carry them.
ALLOWED_TYPES: dict[str, tuple[str, ...]] = {
    PDF: ("pdf",),
    JPEG: ("jpg", "jpeg"),
    PNG: ("png",),
    TIFF: ("tif", "tiff"),
    DOCX: ("docx",),
    XLSX: ("xlsx",),
}

#: What a record found for a request may be (``records``): the types above, the legacy
#: binary Word and Excel files under their own names and WPS Office's, and OpenDocument.
RECORD_TYPES: dict[str, tuple[str, ...]] = {
    **ALLOWED_TYPES,
    DOC: ("doc", "wps"),
    XLS: ("xls", "et"),
    ODT: ("odt",),
    ODS: ("ods",),
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
#: An OpenDocument package's ``mimetype`` entry, for the formats accepted.
ODF_MIMETYPES = {ODT: ODT, ODS: ODS}
#: Extensions of the parts an OpenDocument file carries (XML, RDF metadata, pictures).
ODF_PART_EXTENSIONS = frozenset({
    "xml", "rdf", "png", "jpeg", "jpg", "gif", "bmp", "tif", "tiff", "svg", "svm", "wmf", "emf",
})
#: Folders of an OpenDocument package that hold macros.
ODF_MACRO_FOLDERS = ("basic/", "scripts/")
_MANIFEST = "{urn:oasis:names:tc:opendocument:xmlns:manifest:1.0}"
#: The first words of a Word 97–2003 (and Word 6/95) document stream, and its flag for a
#: document with a password ([MS-DOC] FibBase.fEncrypted).
WORD_IDENTS = (0xA5EC, 0xA5DC)
WORD_ENCRYPTED = 0x0100
#: [MS-XLS] record types: the beginning of the workbook, and the password record that
#: follows it at once in an encrypted workbook.
BIFF_BOF = 0x0809
BIFF_FILEPASS = 0x002F


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


def _unsupported(accepted: dict[str, tuple[str, ...]] = ALLOWED_TYPES) -> ValidationError:
    if DOC in accepted:
        return ValidationError(
            _("不支持的文件类型：只接受PDF、JPEG、PNG、TIFF、DOC、DOCX、XLS、XLSX、WPS、ET、ODT"
              "或ODS文件（按文件内容判断）。"),
            code="file_type",
        )
    return ValidationError(
        _("不支持的文件类型：只接受PDF、JPEG、PNG、TIFF、DOCX或XLSX文件（按文件内容判断）。"),
        code="file_type",
    )


def _encrypted_document() -> ValidationError:
    return ValidationError(
        _("文档设有打开密码（已加密），请取消密码后重新上传。"), code="encrypted_document"
    )


def checked_content_type(
    upload: IO[bytes], accepted: dict[str, tuple[str, ...]] = ALLOWED_TYPES
) -> str:
    """The content type of ``upload`` once its content is checked (see the module docstring);
    ``ValidationError`` if it is not a file of a type in ``accepted`` (``ALLOWED_TYPES``, or
    ``RECORD_TYPES`` for a record). Leaves the file at its start."""
    upload.seek(0)
    head = upload.read(8192)
    upload.seek(0)
    try:
        if head.startswith(b"PK\x03\x04"):
            if ODT in accepted and head[30:38] == b"mimetype":
                return _odf_type(upload)
            return _office_type(upload)
        if head.startswith(COMPOUND_FILE_SIGNATURE) and DOC in accepted:
            return _binary_office_type(upload, accepted)
        guessed = detect_content_type(head)
        if guessed == PDF:
            _check_pdf(upload)
            return PDF
        if guessed in (JPEG, PNG, TIFF):
            _check_image(upload, guessed)
            return guessed
        raise _unsupported(accepted)
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


@contextlib.contextmanager
def _package(upload: IO[bytes]):
    """The ZIP archive of an office document and its entries, refused from its central
    directory (before anything is inflated) when it would inflate too far."""
    try:
        archive = zipfile.ZipFile(upload)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError) as error:
        # NotImplementedError: an entry needing a ZIP version zipfile does not read.
        raise _office_refused() from error
    with archive:
        entries = archive.infolist()
        if len(entries) > max_zip_entries():
            raise _too_big()
        if sum(entry.file_size for entry in entries) > max_uncompressed_bytes():
            raise _too_big()
        yield archive, entries


def _office_type(upload: IO[bytes]) -> str:
    with _package(upload) as (archive, entries):
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
    _check_part_name(entry)
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


def _check_part_name(entry: zipfile.ZipInfo) -> None:
    """A clean relative name, not encrypted by the ZIP itself."""
    name = entry.filename.removesuffix("/") if entry.is_dir() else entry.filename
    if (
        not name or name.startswith("/") or "\\" in name or "\x00" in name
        or posixpath.normpath(name) != name or name.startswith("../")
        or entry.flag_bits & 0x1  # encrypted entries
    ):
        raise _office_refused()


def _odf_type(upload: IO[bytes]) -> str:
    """An OpenDocument text or spreadsheet (see the module docstring)."""
    with _package(upload) as (archive, entries):
        first = entries[0]
        if first.filename != "mimetype" or first.compress_type != zipfile.ZIP_STORED:
            raise _office_refused()
        if first.file_size > 100:
            raise _office_refused()
        try:
            mimetype = archive.read(first).decode("ascii").strip()
        except Exception as error:  # bad CRC, not ASCII
            raise _office_refused() from error
        if mimetype not in ODF_MIMETYPES:
            raise _unsupported(RECORD_TYPES)
        names = [entry.filename for entry in entries]
        if len(set(names)) != len(names) or not {"content.xml", "META-INF/manifest.xml"} <= set(names):
            raise _office_refused()
        for entry in entries[1:]:
            _check_odf_part(entry)
        _check_odf_manifest(archive)
        _inflate_within_cap(archive, entries)
    return ODF_MIMETYPES[mimetype]


def _check_odf_part(entry: zipfile.ZipInfo) -> None:
    name = entry.filename
    _check_part_name(entry)
    if name.lower().startswith(ODF_MACRO_FOLDERS):
        raise _office_refused()
    if entry.is_dir():
        return
    base = posixpath.basename(name).lower()
    extension = base.rsplit(".", 1)[-1] if "." in base else ""
    # A chart's or formula's picture in ObjectReplacements/ has no extension.
    if extension not in ODF_PART_EXTENSIONS and not (
        not extension and name.startswith("ObjectReplacements/")
    ):
        raise _office_refused()


def _check_odf_manifest(archive: zipfile.ZipFile) -> None:
    """The manifest parses and declares no encrypted part (a document with a password)."""
    info = archive.getinfo("META-INF/manifest.xml")
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
    if root.tag != f"{_MANIFEST}manifest":
        raise _office_refused()
    if next(root.iter(f"{_MANIFEST}encryption-data"), None) is not None:
        raise _encrypted_document()


def _binary_office_type(upload: IO[bytes], accepted: dict[str, tuple[str, ...]]) -> str:
    """A legacy Word or Excel file, or WPS Office's (see the module docstring)."""
    try:
        document = CompoundFile(upload)
        entries = document.root_entries()
        if "encryptedpackage" in entries or "encryptioninfo" in entries:
            raise _encrypted_document()
        if "macros" in entries or "_vba_project_cur" in entries:
            raise _office_refused()
        word = entries.get("worddocument")
        if word is not None and word.is_stream:
            fib = document.read_stream_head(word, 32)
            if len(fib) < 12 or struct.unpack_from("<H", fib, 0)[0] not in WORD_IDENTS:
                raise _office_refused()
            if struct.unpack_from("<H", fib, 10)[0] & WORD_ENCRYPTED:
                raise _encrypted_document()
            return DOC
        book = entries.get("workbook") or entries.get("book")
        if book is not None and book.is_stream:
            head = document.read_stream_head(book, 512)
            if len(head) < 4:
                raise _office_refused()
            kind, length = struct.unpack_from("<HH", head, 0)
            if kind != BIFF_BOF:
                raise _office_refused()
            after = 4 + length
            if len(head) >= after + 2 and struct.unpack_from("<H", head, after)[0] == BIFF_FILEPASS:
                raise _encrypted_document()
            return XLS
    except CompoundFileError as error:
        raise _office_refused() from error
    except struct.error as error:
        raise _office_refused() from error
    raise _unsupported(accepted)  # a presentation, an installer, another compound file


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
