"""Form fields shared by the applicant's form and staff intake."""

from __future__ import annotations

import re
import unicodedata

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .text import TextField

#: At most this many supporting files in one upload field.
MAX_FILES = 10

_PHONE = re.compile(r"^\+?[0-9][0-9\- ()]{4,29}$")
_POSTCODE = re.compile(r"^[0-9]{6}$")


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input; cleans to a list (empty when none was chosen)."""

    def __init__(self, *args, max_files: int = MAX_FILES, **kwargs) -> None:
        self.max_files = max_files
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = [f for f in (data if isinstance(data, (list, tuple)) else [data]) if f]
        if not files:
            if self.required:
                raise ValidationError(self.error_messages["required"], code="required")
            return []
        if len(files) > self.max_files:
            raise ValidationError(
                _("一次最多上传%(n)s个文件。"), code="too_many_files", params={"n": self.max_files}
            )
        single = super().clean
        return [single(f, initial) for f in files]


class PhoneField(TextField):
    def to_python(self, value):
        value = super().to_python(value)
        if value in self.empty_values:
            return value
        value = unicodedata.normalize("NFKC", value).strip()
        if not _PHONE.fullmatch(value) or sum(c.isdigit() for c in value) < 5:
            raise ValidationError(
                _("请填写有效的电话号码（数字，可含国家或地区代码、“-”和空格）。"), code="phone"
            )
        return value


class PostcodeField(TextField):
    def to_python(self, value):
        value = super().to_python(value)
        if value in self.empty_values:
            return value
        value = unicodedata.normalize("NFKC", value).replace(" ", "")
        if not _POSTCODE.fullmatch(value):
            raise ValidationError(_("邮政编码应为6位数字。"), code="postcode")
        return value
