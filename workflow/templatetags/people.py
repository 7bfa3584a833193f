from django import template

from requests.services.audit import person_name

register = template.Library()


@register.filter
def person(user) -> str:
    """A staff member's name as written in Chinese (family name first)."""
    return person_name(user) if user else ""
