"""Identity document checks (DESIGN.md §1).

* Resident ID card (居民身份证, GB 11643-1999): 17 digits and a check character computed
  with ISO 7064 MOD 11-2; the digits 7–14 are a real date of birth.
* Unified social credit code (统一社会信用代码, GB 32100-2015): 18 characters from a
  31-character alphabet without I, O, Z, S, V; the last is a MOD 31 check character.
* Other documents: a plausible shape only (no public check algorithm).
"""

import datetime
import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .choices import ORGANISATION_DOCUMENT_TYPES, ApplicantKind, IdDocumentType

_RESIDENT_WEIGHTS = [2 ** (17 - i) % 11 for i in range(17)]
_RESIDENT_CHECK = "10X98765432"
_USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_USCC_WEIGHTS = [3**i % 31 for i in range(17)]

_OTHER_PATTERNS = {
    IdDocumentType.PASSPORT: re.compile(r"^[A-Z0-9]{5,17}$"),
    IdDocumentType.HK_MACAO_PERMIT: re.compile(r"^[HM]\d{8}(\d{2})?$"),
    IdDocumentType.TAIWAN_PERMIT: re.compile(r"^\d{8}(\d{2})?$"),
    IdDocumentType.FOREIGN_PERMANENT_RESIDENT: re.compile(r"^([A-Z]{3}\d{12}|9\d{17})$"),
    IdDocumentType.OTHER_ORG_DOCUMENT: re.compile(r"^[A-Z0-9\-]{4,30}$"),
}


def normalise_document_number(number: str) -> str:
    """Upper-case, strip spaces, and turn full-width letters and digits into ASCII."""
    return "".join(
        chr(ord(c) - 0xFEE0) if "\uff01" <= c <= "\uff5e" else c for c in number
    ).replace(" ", "").upper()


def resident_id_check_character(first17: str) -> str:
    total = sum(int(d) * w for d, w in zip(first17, _RESIDENT_WEIGHTS, strict=True))
    return _RESIDENT_CHECK[total % 11]


def validate_resident_id(number: str) -> None:
    if not re.fullmatch(r"\d{17}[\dX]", number):
        raise ValidationError(
            _("居民身份证号码应为18位，前17位为数字，最后一位为数字或X。"), code="id_format"
        )
    try:
        born = datetime.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        raise ValidationError(
            _("居民身份证号码中的出生日期无效。"), code="id_birth_date"
        ) from None
    if not datetime.date(1900, 1, 1) <= born <= datetime.date.today():
        raise ValidationError(_("居民身份证号码中的出生日期无效。"), code="id_birth_date")
    if resident_id_check_character(number[:17]) != number[17]:
        raise ValidationError(
            _("居民身份证号码校验位不正确，请核对后重新输入。"), code="id_check_digit"
        )


def uscc_check_character(first17: str) -> str:
    total = sum(_USCC_ALPHABET.index(c) * w for c, w in zip(first17, _USCC_WEIGHTS, strict=True))
    return _USCC_ALPHABET[(31 - total % 31) % 31]


def validate_unified_social_credit_code(code: str) -> None:
    if len(code) != 18 or any(c not in _USCC_ALPHABET for c in code):
        raise ValidationError(
            _("统一社会信用代码应为18位，由数字和大写字母（不含I、O、Z、S、V）组成。"),
            code="uscc_format",
        )
    if not re.fullmatch(r"\d{6}", code[2:8]):
        raise ValidationError(
            _("统一社会信用代码第3至8位应为登记管理机关行政区划码。"), code="uscc_format"
        )
    if uscc_check_character(code[:17]) != code[17]:
        raise ValidationError(
            _("统一社会信用代码校验码不正确，请核对后重新输入。"), code="uscc_check"
        )


def validate_identity_document(*, kind: str, document_type: str, number: str) -> str:
    """Check a document against the applicant kind; return the normalised number.

    Raises ``ValidationError`` with a translated message when the number is not valid for
    its type, or the type does not fit the applicant kind.
    """
    number = normalise_document_number(number)
    if not number:
        raise ValidationError(_("请填写证件号码。"), code="required")
    is_person = kind == ApplicantKind.NATURAL_PERSON
    if is_person == (document_type in ORGANISATION_DOCUMENT_TYPES):
        raise ValidationError(
            _("证件类型与申请人类型不符：自然人请提供个人身份证件，法人或其他组织请提供组织证件。"),
            code="document_type_mismatch",
        )
    if document_type == IdDocumentType.RESIDENT_ID:
        validate_resident_id(number)
    elif document_type == IdDocumentType.UNIFIED_SOCIAL_CREDIT_CODE:
        validate_unified_social_credit_code(number)
    elif not _OTHER_PATTERNS[IdDocumentType(document_type)].fullmatch(number):
        raise ValidationError(_("证件号码格式不正确。"), code="document_format")
    return number


def mask_document_number(number: str, shown: int = 4) -> str:
    """The number with all but its last ``shown`` characters masked (列表、导出、后台)."""
    if not number:
        return ""
    visible = number[-shown:] if len(number) > shown else ""
    return "*" * (len(number) - len(visible)) + visible
