"""The language of the file: what an act stores — audit comments and names, notes, the
texts the system writes for people — is written in the organ's language
(``settings.LANGUAGE_CODE``; organs keep no language of their own), whatever the language
of the page the act was done from. Refusals and messages to the person acting stay in the
page's language: only the stored text is computed under ``organ_language()``."""

import functools

from django.conf import settings
from django.utils import translation


def organ_language() -> translation.override:
    return translation.override(settings.LANGUAGE_CODE)


def in_organ_language(function):
    """Run ``function`` under ``organ_language()``: for what only writes records and tells
    nobody at the page (the sweeps, the flags they raise)."""

    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        with organ_language():
            return function(*args, **kwargs)

    return wrapper
