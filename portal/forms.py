"""The application form (Art. 29), used by applicants online and by staff at intake.

Every field says what is wrong next to it, in the user's language; the identity document
is checked with the foundation's own checks (``requests.identity``) and the items with the
limits of ``request_submit``. What the letters print — the name, the address, the e-mail
and the items — must be printable in them (``letters.printable``): a character no installed
face draws is refused here, naming it, instead of making every letter of the request
impossible later. Files are checked by content when stored
(``requests.services.attachment_store``): refusals come back next to the file field.
"""

from __future__ import annotations

import uuid

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from letters.printable import validate_printable
from requests.choice_fields import EMPTY_LABEL, PlaceholderMixin
from requests.choices import (
    ORGANISATION_DOCUMENT_TYPES,
    PERSON_DOCUMENT_TYPES,
    ApplicantKind,
    IdDocumentType,
    InformationForm,
    ObtainMethod,
)
from requests.identity import mask_document_number, validate_identity_document
from requests.models import Organ
from requests.models.attachment import AttachmentKind
from requests.services.intake import MAX_ITEM_LENGTH, MAX_ITEMS, ApplicantData, ItemData

from .fields import MultipleFileField, PhoneField, PostcodeField
from .services import FileUpload
from .text import TextField

DOCUMENT_TYPE_CHOICES = [
    ("", EMPTY_LABEL),
    (_("个人证件（自然人）"), [(t.value, t.label) for t in PERSON_DOCUMENT_TYPES]),
    (
        _("组织证件（法人或其他组织）"),
        [(IdDocumentType(t).value, IdDocumentType(t).label) for t in ORGANISATION_DOCUMENT_TYPES],
    ),
]

#: Fields of ``ApplicantData`` as typed in the form.
APPLICANT_FIELDS = (
    "kind", "name", "document_type", "document_number", "phone", "email", "postal_address",
    "postcode", "contact_person", "legal_representative",
)


class ItemForm(forms.Form):
    """One item of information sought."""

    description = TextField(
        label=_("所需政府信息的内容描述"),
        help_text=_("信息的名称、文号，或便于查询的其他特征性描述（如制作机关、时间、事项）。"),
        multiline=True,
        max_length=MAX_ITEM_LENGTH,
        error_messages={"required": _("请填写所需政府信息的内容描述。")},
        validators=[validate_printable],
    )
    document_reference = TextField(
        label=_("文件名称或文号（如知道）"), max_length=200, required=False,
        validators=[validate_printable],
    )


class BaseItemFormSet(forms.BaseFormSet):
    default_error_messages = {
        "missing_management_form": _("申请事项数据不完整，请刷新页面后重新填写。"),
        "too_many_forms": _("一份申请最多填写%(num)d项。"),
    }

    def clean(self):
        if any(self.errors):
            return
        if not self.items():
            raise ValidationError(_("请至少填写一项所需政府信息的内容描述。"), code="no_items")

    def items(self) -> list[ItemData]:
        return [
            ItemData(form.cleaned_data["description"], form.cleaned_data.get("document_reference", ""))
            for form in self.forms
            if form.cleaned_data.get("description")
        ]


ItemFormSet = forms.formset_factory(
    ItemForm,
    formset=BaseItemFormSet,
    extra=0,
    min_num=1,
    max_num=MAX_ITEMS,
    validate_max=True,
    absolute_max=MAX_ITEMS,
)


def items_typed_so_far(post) -> list[dict]:
    """The items of a posted application form, for the "add an item" button (no JavaScript):
    as many as its management form says, read safely — a count that is no number counts as
    one, and never more than ``MAX_ITEMS`` are read, whatever was posted."""
    try:
        total = int(post.get("items-TOTAL_FORMS") or 1)
    except (TypeError, ValueError):
        total = 1
    total = min(max(total, 1), MAX_ITEMS)
    return [
        {
            "description": post.get(f"items-{n}-description", ""),
            "document_reference": post.get(f"items-{n}-document_reference", ""),
        }
        for n in range(total)
    ]


def item_formset(data=None, *, initial=None, extra: int = 0) -> BaseItemFormSet:
    formset_class = ItemFormSet
    if initial is not None and len(initial) >= MAX_ITEMS:
        extra = 0  # the form is full: no room for one more item
    if extra:
        formset_class = forms.formset_factory(
            ItemForm, formset=BaseItemFormSet, extra=extra, min_num=1,
            max_num=MAX_ITEMS, validate_max=True, absolute_max=MAX_ITEMS,
        )
    return formset_class(data, initial=initial, prefix="items")


class ApplicationForm(PlaceholderMixin, forms.Form):
    """The applicant and what they want: Art. 29 (the items are ``ItemFormSet``)."""

    organ = forms.ModelChoiceField(
        label=_("受理机关"), queryset=Organ.objects.none(), empty_label=None,
        help_text=_("向哪个行政机关申请公开政府信息。"),
        error_messages={
            "required": _("请选择受理机关。"),
            "invalid_choice": _("请选择受理机关。"),
        },
    )
    kind = forms.ChoiceField(
        label=_("申请人类型"), choices=ApplicantKind.choices, widget=forms.RadioSelect,
        error_messages={"required": _("请选择申请人类型。")},
    )
    name = TextField(
        label=_("姓名或名称"), max_length=200,
        help_text=_("自然人填写姓名；法人或其他组织填写名称。"),
        error_messages={"required": _("请填写申请人姓名或名称。")},
        validators=[validate_printable],
    )
    document_type = forms.ChoiceField(
        label=_("证件类型"), choices=DOCUMENT_TYPE_CHOICES,
        error_messages={"required": _("请选择证件类型。")},
    )
    document_number = TextField(
        label=_("证件号码"), max_length=40,
        help_text=_("居民身份证为18位；统一社会信用代码为18位。"),
        error_messages={"required": _("请填写证件号码。")},
    )
    legal_representative = TextField(label=_("法定代表人"), max_length=100, required=False)
    contact_person = TextField(
        label=_("联系人"), max_length=100, required=False,
        help_text=_("法人或其他组织必填。"),
    )
    phone = PhoneField(label=_("联系电话"), max_length=50, required=False)
    email = forms.EmailField(
        label=_("电子邮箱"), max_length=254, required=False,
        error_messages={"invalid": _("请填写有效的电子邮箱地址。")},
        validators=[validate_printable],
    )
    postal_address = TextField(
        label=_("通讯地址"), max_length=300, required=False, validators=[validate_printable]
    )
    postcode = PostcodeField(label=_("邮政编码"), max_length=10, required=False)
    form_wanted = forms.ChoiceField(
        label=_("获取信息的载体形式"), choices=InformationForm.choices, widget=forms.RadioSelect,
        error_messages={"required": _("请选择获取信息的载体形式。")},
    )
    obtain_method = forms.ChoiceField(
        label=_("获取信息的方式"), choices=ObtainMethod.choices, widget=forms.RadioSelect,
        error_messages={"required": _("请选择获取信息的方式。")},
    )
    purpose = TextField(
        label=_("申请用途（选填）"), multiline=True, max_length=2000, required=False
    )
    special_needs = TextField(
        label=_("特殊需求（选填）"), multiline=True, max_length=1000, required=False,
        help_text=_(
            "有阅读困难或者视听障碍的，请说明需要的帮助（《条例》第四十三条），"
            "如大字版、电话告知、当面读给您听。"
        ),
    )
    proof_of_identity = forms.FileField(
        label=_("身份证明"),
        help_text=_("身份证件或营业执照等的扫描件或照片：PDF、JPEG或PNG。"),
        error_messages={"required": _("请上传身份证明文件。")},
        required=False,
    )
    supporting_files = MultipleFileField(
        label=_("其他材料（选填）"), required=False,
        help_text=_("最多10个文件：PDF、JPEG、PNG、TIFF、DOCX或XLSX。"),
    )

    def __init__(self, *args, organs=None, previous_document=None, **kwargs) -> None:
        """``previous_document``: (type, number) the applicant gave last time. The form
        shows that number masked (last four characters); sent back unchanged with the same
        type, it stands for the full number, which never reaches the page."""
        super().__init__(*args, **kwargs)
        self.previous_document = previous_document
        if previous_document:
            self.fields["document_number"].help_text = _(
                "已填入您上次填写的证件号码（只显示后四位）；证件未变的，无需重新填写。"
            )
        organs = organs if organs is not None else Organ.objects.order_by("name")
        self.fields["organ"].queryset = organs
        only = list(organs[:2])
        if len(only) == 1:
            # The only organ: no choice to make (default the only one).
            self.fields["organ"].initial = only[0].pk
            self.fields["organ"].widget = forms.HiddenInput()
            self.fields["organ"].required = False
            self.single_organ = only[0]
        else:
            self.single_organ = None

    def clean_organ(self):
        return self.cleaned_data.get("organ") or self.single_organ

    def clean(self):
        data = super().clean()
        kind, document_type = data.get("kind"), data.get("document_type")
        number = data.get("document_number")
        if number and "*" in number:
            number = data["document_number"] = self._unmasked(document_type, number)
        if kind and document_type and number:
            try:
                data["document_number"] = validate_identity_document(
                    kind=kind, document_type=document_type, number=number
                )
            except ValidationError as error:
                field = (
                    "document_type"
                    if getattr(error, "code", "") == "document_type_mismatch"
                    else "document_number"
                )
                self.add_error(field, error)
        if kind and kind != ApplicantKind.NATURAL_PERSON and not data.get("contact_person"):
            self.add_error("contact_person", _("法人或其他组织请填写联系人。"))
        if data.get("obtain_method") == ObtainMethod.POST and not data.get("postal_address"):
            self.add_error("postal_address", _("选择邮寄的，请填写通讯地址。"))
        wants_email = ObtainMethod.EMAIL in (data.get("obtain_method"), data.get("form_wanted"))
        if wants_email and not data.get("email") and "email" not in self.errors:
            self.add_error("email", _("选择电子邮件的，请填写电子邮箱。"))
        if (
            data.get("form_wanted") == InformationForm.INSPECTION
            and data.get("obtain_method")
            and data["obtain_method"] != ObtainMethod.COLLECT_IN_PERSON
        ):
            self.add_error("obtain_method", _("选择当场查阅的，获取方式请选择当面领取。"))
        return data

    def _unmasked(self, document_type: str | None, number: str) -> str | None:
        """The previous number behind its mask, or None (with an error) for any other
        number with masked characters."""
        previous = self.previous_document
        if (
            previous
            and document_type == previous[0]
            and number == mask_document_number(previous[1])
        ):
            return previous[1]
        self.add_error("document_number", _("请填写完整的证件号码。"))
        return None

    def applicant(self) -> ApplicantData:
        return ApplicantData(**{name: self.cleaned_data.get(name) or "" for name in APPLICANT_FIELDS})


class PortalApplicationForm(ApplicationForm):
    """Online: proof of identity and a contact e-mail are required, and a declaration."""

    declaration = forms.BooleanField(
        label=_("本人（本单位）承诺所填写的信息和提交的材料真实、准确。"),
        error_messages={"required": _("请确认所填写的信息真实、准确。")},
    )

    #: The form's one-time key: sent twice, it makes one request (``portal_submit``).
    form_key = forms.UUIDField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound and not self.initial.get("form_key"):
            self.initial["form_key"] = uuid.uuid4()
        self.fields["proof_of_identity"].required = True
        self.fields["email"].required = True
        self.fields["email"].error_messages["required"] = _("请填写电子邮箱，用于接收通知。")


#: Upload fields of an application form and the kind of attachment each becomes.
UPLOAD_FIELDS = (
    ("scan", AttachmentKind.SCAN),  # staff intake only: the paper application
    ("proof_of_identity", AttachmentKind.PROOF_OF_IDENTITY),
    ("supporting_files", AttachmentKind.SUPPORTING),
)


def application_uploads(form: forms.Form) -> list[FileUpload]:
    """The files of a valid application form (portal or staff intake), each with its kind."""
    files = []
    for field, kind in UPLOAD_FIELDS:
        value = form.cleaned_data.get(field) or []
        for upload in value if isinstance(value, list) else [value]:
            files.append(FileUpload(field, upload, kind))
    return files


def bind_service_errors(form: forms.Form, formset, error: ValidationError) -> None:
    """Put the errors of a service (keyed by field) next to the fields they concern."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error.messages)
        return
    for field, errors in error.error_dict.items():
        messages = [message for e in errors for message in e.messages]
        if field == "items" and formset is not None:
            formset._non_form_errors = formset.error_class(
                [*formset.non_form_errors(), *messages], error_class="nonform"
            )
        elif field in form.fields:
            form.add_error(field, messages)
        else:
            form.add_error(None, messages)
