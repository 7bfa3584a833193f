"""Punctuation around data that follows the page's language: 「陈雅琴（登记员）」 in Chinese,
"陈雅琴 (Registrar)" in English."""

from django import template
from django.utils.translation import gettext as _

register = template.Library()


@register.filter
def bracketed(text) -> str:
    """``text`` in brackets: （…） in Chinese, " (…)" in English."""
    return _("（%(text)s）") % {"text": text}


@register.simple_tag
def comma() -> str:
    """The comma between the parts of a sentence: ， in Chinese, ", " in English."""
    return _("，")


@register.simple_tag
def colon() -> str:
    """The colon after a label: ： in Chinese, ": " in English."""
    return _("：")


@register.simple_tag
def enumeration_comma() -> str:
    """The mark between the items of a list: 、 in Chinese, ", " in English."""
    return _("、")
