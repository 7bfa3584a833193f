"""Identity document checks (DESIGN.md §1)."""

import pytest
from django.core.exceptions import ValidationError

from requests.choices import ApplicantKind, IdDocumentType
from requests.identity import (
    resident_id_check_character,
    uscc_check_character,
    validate_identity_document,
)

PERSON = ApplicantKind.NATURAL_PERSON
COMPANY = ApplicantKind.COMMERCIAL_ENTERPRISE


@pytest.mark.parametrize(
    "number",
    [
        "11010519491231002X",  # the example of GB 11643-1999
        "11010519491231002x",  # lower-case x is accepted and normalised
        "350302198506153414",
        "３５０３０２１９８５０６１５３４１４",  # full-width digits, as typed on some phones
    ],
)
def test_valid_resident_ids_pass_and_are_normalised(number):
    normalised = validate_identity_document(
        kind=PERSON, document_type=IdDocumentType.RESIDENT_ID, number=number
    )
    assert normalised == normalised.upper()
    assert len(normalised) == 18
    assert resident_id_check_character(normalised[:17]) == normalised[17]


@pytest.mark.parametrize(
    ("number", "message"),
    [
        ("110105194912310021", "校验位不正确"),  # wrong check digit
        ("350302198506153413", "校验位不正确"),
        ("35030219850615341", "应为18位"),  # 17 characters
        ("3503021985061534123", "应为18位"),  # 19 characters
        ("35030219850615341A", "应为18位"),  # letter other than X
        ("350302198502303414", "出生日期无效"),  # 30 February
        ("350302289901013414", "出生日期无效"),  # born in 2899
    ],
)
def test_invalid_resident_ids_are_refused_with_their_reason(number, message):
    with pytest.raises(ValidationError) as exc:
        validate_identity_document(
            kind=PERSON, document_type=IdDocumentType.RESIDENT_ID, number=number
        )
    assert message in exc.value.messages[0]


def test_check_digit_of_the_standard_example():
    assert resident_id_check_character("11010519491231002") == "X"


@pytest.mark.parametrize(
    "code",
    [
        "91350100M000100Y43",  # the example of GB 32100-2015
        "91110000600037341L",
        "91350300MA2XN5AB3K",
    ],
)
def test_valid_unified_social_credit_codes_pass(code):
    if code == "91350300MA2XN5AB3K":
        code = code[:17] + uscc_check_character(code[:17])
    assert (
        validate_identity_document(
            kind=COMPANY, document_type=IdDocumentType.UNIFIED_SOCIAL_CREDIT_CODE, number=code
        )
        == code
    )


@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("91350100M000100Y42", "校验码不正确"),
        ("91350100M000100Y4", "应为18位"),
        ("91350100M000100YI3", "不含I、O、Z、S、V"),  # I is not in the alphabet
        ("9135A100M000100Y43", "行政区划码"),
    ],
)
def test_invalid_unified_social_credit_codes_are_refused(code, message):
    with pytest.raises(ValidationError) as exc:
        validate_identity_document(
            kind=COMPANY, document_type=IdDocumentType.UNIFIED_SOCIAL_CREDIT_CODE, number=code
        )
    assert message in exc.value.messages[0]


def test_a_document_type_must_fit_the_applicant_kind():
    with pytest.raises(ValidationError) as exc:
        validate_identity_document(
            kind=PERSON,
            document_type=IdDocumentType.UNIFIED_SOCIAL_CREDIT_CODE,
            number="91350100M000100Y43",
        )
    assert "证件类型与申请人类型不符" in exc.value.messages[0]
    with pytest.raises(ValidationError):
        validate_identity_document(
            kind=COMPANY, document_type=IdDocumentType.RESIDENT_ID, number="11010519491231002X"
        )


@pytest.mark.parametrize(
    ("document_type", "good", "bad"),
    [
        (IdDocumentType.PASSPORT, "E12345678", "E1-2345"),
        (IdDocumentType.HK_MACAO_PERMIT, "H12345678", "X12345678"),
        (IdDocumentType.TAIWAN_PERMIT, "12345678", "1234567"),
        (IdDocumentType.FOREIGN_PERMANENT_RESIDENT, "USA110079010101", "USA11007901"),
    ],
)
def test_other_documents_are_checked_for_shape(document_type, good, bad):
    assert validate_identity_document(kind=PERSON, document_type=document_type, number=good)
    with pytest.raises(ValidationError):
        validate_identity_document(kind=PERSON, document_type=document_type, number=bad)
