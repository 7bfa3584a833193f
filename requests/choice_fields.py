"""The empty choice of every select, in the page's language.

Django's own placeholders ("---------" on a ``ModelChoiceField``, "- Select an option -" on
a model field with blank choices) are not translated into Chinese, and a bare "—" says
nothing. ``PlaceholderMixin`` (on a form) gives each select's empty choice ``EMPTY_LABEL``
instead; labels the form chose itself (such as "全部" on a filter) are kept. The app's
``ready()`` also makes ``EMPTY_LABEL`` the blank choice of model fields (the admin's forms).
"""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

EMPTY_LABEL = _("请选择")

#: Placeholders that are replaced: Django's defaults and the dash some choices began with.
UNTRANSLATED = frozenset({"---------", "- Select an option -", "—", ""})


def _is_placeholder(label) -> bool:
    from django.db.models import fields

    if label is fields.BLANK_CHOICE_LABEL:
        return True
    return isinstance(label, str) and label in UNTRANSLATED


def with_empty_label(field: forms.Field) -> forms.Field:
    """``field`` with its empty choice (if it has one of Django's placeholders) reading
    ``EMPTY_LABEL``; radio buttons and check boxes have no empty choice to label."""
    if isinstance(field.widget, (forms.RadioSelect, forms.CheckboxSelectMultiple)):
        return field
    if isinstance(field, forms.ModelChoiceField):
        if field.empty_label is not None and _is_placeholder(field.empty_label):
            field.empty_label = EMPTY_LABEL
            field.widget.choices = field.choices
    elif isinstance(field, forms.ChoiceField):
        choices = list(field.choices)
        if any(value == "" and _is_placeholder(label) for value, label in choices):
            field.choices = [
                ("", EMPTY_LABEL) if value == "" and _is_placeholder(label) else (value, label)
                for value, label in choices
            ]
    return field


class PlaceholderMixin:
    """On a form: every select's empty choice in the page's language (``EMPTY_LABEL``).
    Applied when the form is made and again when a field is rendered, so fields a
    subclass adds or changes in its ``__init__`` are labelled too."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            with_empty_label(field)

    def __getitem__(self, name):
        if name in self.fields:
            with_empty_label(self.fields[name])
        return super().__getitem__(name)
