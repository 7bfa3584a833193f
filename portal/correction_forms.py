"""Answering a correction notice, and withdrawing."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from letters.printable import validate_printable
from requests.models import RequestItem
from requests.services.intake import MAX_ITEM_LENGTH, ItemData

from .fields import MultipleFileField
from .text import TextField


class CorrectionForm(forms.Form):
    """Each item as it stands, to edit; a note; more files (Art. 30)."""

    note = TextField(
        label=_("补正说明（选填）"), multiline=True, max_length=2000, required=False,
        help_text=_("说明补正了什么，或对补正告知书的回应。"),
    )
    files = MultipleFileField(
        label=_("补充材料（选填）"), required=False,
        help_text=_("最多10个文件：PDF、JPEG、PNG、TIFF、DOCX或XLSX。"),
    )

    def __init__(self, *args, items: list[RequestItem], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.items = items
        fields = {}
        for item in items:
            fields[f"description_{item.position}"] = TextField(
                label=_("第%(n)s项：所需政府信息的内容描述") % {"n": item.position},
                multiline=True,
                max_length=MAX_ITEM_LENGTH,
                initial=item.description,
                error_messages={"required": _("内容描述不能为空；不再需要的事项请在补正说明中写明。")},
                validators=[validate_printable],
            )
            fields[f"reference_{item.position}"] = TextField(
                label=_("第%(n)s项：文件名称或文号（如知道）") % {"n": item.position},
                max_length=200,
                required=False,
                initial=item.document_reference,
                validators=[validate_printable],
            )
        self.fields = {**fields, **self.fields}

    def item_fields(self):
        for item in self.items:
            yield item, self[f"description_{item.position}"], self[f"reference_{item.position}"]

    def corrected_items(self) -> dict[int, ItemData]:
        return {
            item.position: ItemData(
                self.cleaned_data[f"description_{item.position}"],
                self.cleaned_data.get(f"reference_{item.position}") or "",
            )
            for item in self.items
        }


class WithdrawForm(forms.Form):
    reason = TextField(
        label=_("撤回原因（选填）"), multiline=True, max_length=1000, required=False
    )
    confirm = forms.BooleanField(
        label=_("我确认撤回该申请。撤回后本机关不再处理，如仍需要该信息，须重新申请。"),
        error_messages={"required": _("请勾选确认撤回。")},
    )
