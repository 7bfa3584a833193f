"""Attachments: type by content, size limit, private storage, authorised download."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from requests.models import Attachment
from requests.models.attachment import AttachmentKind
from requests.services import attachment_store
from tests.factories import OrganFactory, UserFactory, submit

PDF = b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00"
    b"\x00\x00\x00IEND\xaeB`\x82"
)
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
