"""Attachments: type by content, size limit, private storage, authorised download."""

import io
import time

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from requests.models import Attachment
from requests.models.attachment import AttachmentKind
from requests.services import attachment_store
from tests.factories import OrganFactory, UserFactory, submit
from tests.uploads import (
    BROKEN_PNG,
    FAKE_PDF,
    PAGELESS_PDF,
    lying_zip_bomb,
    real_docx,
    real_jpeg,
    real_pdf,
    real_png,
    real_xlsx,
    xlsx_parts,
    xlsx_with_evil_exe,
    zip_bomb,
    zipped,
)

PDF = real_pdf()
PNG = real_png()
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 200


@pytest.fixture
def request_with_applicant(organ, people):
    return submit(organ)


def store(organ, request, name, content, kind=AttachmentKind.PROOF_OF_IDENTITY):
    return attachment_store(
        organ=organ,
        upload=SimpleUploadedFile(name, content),
        kind=kind,
        uploaded_by=None,
        request=request,
    )


def test_a_pdf_is_stored_privately_with_its_hash(organ, request_with_applicant, settings):
    attachment = store(organ, request_with_applicant, "身份证.pdf", PDF)
    assert attachment.content_type == "application/pdf"
    assert attachment.size == len(PDF)
    assert len(attachment.sha256) == 64
    path = attachment.file.path
    assert path.startswith(str(settings.PRIVATE_MEDIA_ROOT))
    # The stored name never carries the uploader's file name.
    assert "身份证" not in path
    assert attachment.original_name == "身份证.pdf"


@pytest.mark.parametrize(
    ("name", "content", "code"),
    [
        ("scan.pdf", EXE, "file_type"),  # an executable named .pdf
        ("scan.exe", EXE, "file_type"),
        ("notes.txt", "纯文本申请材料".encode(), "file_type"),
        ("photo.pdf", PNG, "disguised"),  # a PNG that claims to be a PDF
        ("empty.pdf", b"", "empty"),
    ],
)
def test_wrong_or_disguised_files_are_refused_and_nothing_is_stored(
    organ, request_with_applicant, name, content, code
):
    with pytest.raises(ValidationError) as exc:
        store(organ, request_with_applicant, name, content)
    assert exc.value.code == code
    assert exc.value.messages[0]
    assert Attachment.objects.count() == 0


def test_oversize_files_are_refused(organ, request_with_applicant, settings):
    settings.ATTACHMENT_MAX_BYTES = 1024
    with pytest.raises(ValidationError) as exc:
        store(organ, request_with_applicant, "big.pdf", PDF + b"0" * 2048)
    assert exc.value.code == "too_large"
    assert "文件过大" in exc.value.messages[0]
    assert Attachment.objects.count() == 0


def test_only_the_organs_staff_and_the_owner_can_download(client, organ, people):
    owner = UserFactory(username="applicant-owner")
    request = submit(organ)
    request.applicant.account = owner
    request.applicant.save()
    attachment = store(organ, request, "proof.png", PNG)
    url = reverse("requests:attachment_download", args=[attachment.public_id])

    # Anonymous: sent to log in.
    assert client.get(url).status_code == 302

    # Staff of another organ: as if it did not exist.
    other_organ = OrganFactory(
        name="莆田市自然资源局", short_name="莆田市自然资源局", code="PTZY",
        letter_number_prefix="莆自然资信公开",
    )
    from requests.choices import Role
    from tests.factories import staff

    outsider = staff(other_organ, Role.REGISTRAR, "outsider")
    client.force_login(outsider)
    assert client.get(url).status_code == 404

    # Another applicant: 404 too.
    client.force_login(UserFactory(username="someone-else"))
    assert client.get(url).status_code == 404

    for allowed in (owner, people.registrar):
        client.force_login(allowed)
        response = client.get(url)
        assert response.status_code == 200
        assert b"".join(response.streaming_content) == PNG
        assert response["Content-Type"] == "image/png"
        assert "attachment" in response["Content-Disposition"]


def test_unknown_attachment_is_404(client, people):
    client.force_login(people.registrar)
    url = reverse("requests:attachment_download", args=["6f1c1c3e-7a35-4d0e-9a77-2f3d8a1d0b11"])
    assert client.get(url).status_code == 404


def test_attachment_store_reads_file_objects_from_the_start(organ, request_with_applicant):
    upload = SimpleUploadedFile("scan.pdf", PDF)
    upload.read(5)
    attachment = attachment_store(
        organ=organ, upload=upload, kind=AttachmentKind.SCAN, uploaded_by=None,
        request=request_with_applicant,
    )
    with attachment.file.open("rb") as stored:
        assert io.BytesIO(stored.read()).getvalue() == PDF


# ---- content checked by parsing, not by the first bytes ------------------------------------

HOSTILE = [
    ("身份证.pdf", FAKE_PDF, "bad_pdf"),  # an HTML page that begins with %PDF-
    ("身份证.pdf", PAGELESS_PDF, "bad_pdf"),  # a catalogue without pages
    ("企业名单.xlsx", xlsx_with_evil_exe(), "bad_office"),
    ("企业名单.xlsx", lying_zip_bomb(), "bad_office"),  # its directory lies about a size
    ("照片.png", BROKEN_PNG, "bad_image"),
]


@pytest.mark.parametrize(("name", "content", "code"), HOSTILE, ids=[
    "html-starting-with-%PDF-", "pdf-without-pages", "xlsx-with-evil-exe", "lying-zip-bomb",
    "broken-png",
])
def test_files_that_only_look_right_are_refused_and_nothing_is_stored(
    organ, request_with_applicant, name, content, code
):
    with pytest.raises(ValidationError) as exc:
        store(organ, request_with_applicant, name, content, kind=AttachmentKind.SUPPORTING)
    assert exc.value.code == code
    assert exc.value.messages[0]
    assert Attachment.objects.count() == 0


def test_a_zip_bomb_is_refused_from_its_directory_without_inflating_it(
    organ, request_with_applicant
):
    bomb = zip_bomb()  # 200 MiB of zeros inflated, about 200 KiB on disk
    assert len(bomb) < 1024 * 1024
    started = time.perf_counter()
    with pytest.raises(ValidationError) as exc:
        store(organ, request_with_applicant, "企业名单.xlsx", bomb, kind=AttachmentKind.SUPPORTING)
    assert time.perf_counter() - started < 0.5
    assert exc.value.code == "zip_bomb"
    assert "文档解压后过大" in exc.value.messages[0]
    assert Attachment.objects.count() == 0


def test_too_many_entries_or_a_lower_cap_refuse_an_office_file(
    organ, request_with_applicant, settings
):
    settings.ATTACHMENT_MAX_ZIP_ENTRIES = 3
    with pytest.raises(ValidationError) as exc:
        store(organ, request_with_applicant, "清单.xlsx", real_xlsx(), kind=AttachmentKind.SUPPORTING)
    assert exc.value.code == "zip_bomb"
    settings.ATTACHMENT_MAX_ZIP_ENTRIES = 1000
    settings.ATTACHMENT_MAX_UNCOMPRESSED_BYTES = 1000
    with pytest.raises(ValidationError) as exc:
        store(organ, request_with_applicant, "清单.xlsx", real_xlsx(), kind=AttachmentKind.SUPPORTING)
    assert exc.value.code == "zip_bomb"
    assert Attachment.objects.count() == 0


def test_a_macro_enabled_workbook_named_xlsx_is_refused(organ, request_with_applicant):
    parts = xlsx_parts()
    parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(
        "spreadsheetml.sheet.main+xml", "spreadsheetml.sheet.main+xml\"/><Override "
        "PartName=\"/xl/vbaProject.bin\" ContentType=\"application/vnd.ms-office.vbaProject"
    )
    parts["xl/vbaProject.bin"] = b"\xd0\xcf\x11\xe0" + b"\x00" * 100
    with pytest.raises(ValidationError) as exc:
        store(organ, request_with_applicant, "清单.xlsx", zipped(parts), kind=AttachmentKind.SUPPORTING)
    assert exc.value.code == "bad_office"


@pytest.mark.parametrize(("name", "content", "content_type"), [
    ("申请书.pdf", real_pdf(), "application/pdf"),
    ("申请书.docx", real_docx(),
     "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    ("企业名单.xlsx", real_xlsx(), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    ("现场照片.jpg", real_jpeg(), "image/jpeg"),
    ("位置图.png", real_png(), "image/png"),
])
def test_real_files_of_every_accepted_type_are_stored(
    organ, request_with_applicant, name, content, content_type
):
    attachment = store(organ, request_with_applicant, name, content, kind=AttachmentKind.SUPPORTING)
    assert attachment.content_type == content_type


def test_the_projects_own_workbooks_are_accepted(organ, request_with_applicant):
    workbook = Workbook()
    workbook.active["A1"] = "莆田市生态环境局"
    out = io.BytesIO()
    workbook.save(out)
    attachment = store(organ, request_with_applicant, "年报.xlsx", out.getvalue(),
                       kind=AttachmentKind.SUPPORTING)
    assert attachment.content_type.endswith("spreadsheetml.sheet")


def test_a_long_file_name_is_shortened_keeping_its_extension_and_its_chinese(
    organ, request_with_applicant
):
    name = "关于莆田市城厢区华亭镇某化工企业环境影响评价报告书及批复文件的政府信息公开申请" * 6 + ".pdf"
    assert len(name) > 200
    attachment = store(organ, request_with_applicant, name, real_pdf())
    assert len(attachment.original_name) <= 200
    assert attachment.original_name.endswith(".pdf")
    assert attachment.original_name.startswith("关于莆田市城厢区华亭镇")
    assert name.startswith(attachment.original_name[:-4])


def test_control_characters_and_folders_are_dropped_from_the_name(organ, request_with_applicant):
    attachment = store(organ, request_with_applicant, "C:\\扫描\\身份\x00证\u202e.pdf", real_pdf())
    assert attachment.original_name == "身份证.pdf"


def test_a_workbook_claiming_a_zip_version_zipfile_cannot_read_is_refused(
    organ, request_with_applicant
):
    data = bytearray(real_xlsx())
    at = data.find(b"PK\x01\x02")  # the central directory's first entry
    data[at + 6:at + 8] = (75).to_bytes(2, "little")  # "version needed to extract": 7.5
    with pytest.raises(ValidationError) as exc:
        store(organ, request_with_applicant, "清单.xlsx", bytes(data))
    assert exc.value.code == "bad_office"
