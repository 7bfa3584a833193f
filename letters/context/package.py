"""The release package as the reply letter names it: each file with its pages and the first
12 hex digits of its SHA-256 (the 附件 note), frozen on dispatch, or — in a preview before
dispatch — as ``records.release.release_plan`` would freeze it now."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils.translation import gettext as _

from records.release import release_plan
from records.selectors import released_files_of
from requests.models import DisclosureRequest

#: How many hex digits of a file's SHA-256 the letter prints.
HASH_PREFIX = 12


def file_size(size: int) -> str:
    """A size as a letter writes it: 856 KB, 12.4 MB."""
    if size < 1024 * 1024:
        return f"{max(1, round(size / 1024))} KB"
    return f"{size / (1024 * 1024):.1f} MB"


@dataclass(frozen=True)
class PackageFile:
    name: str
    page_count: int | None
    size: int | None
    sha256: str
    is_redacted: bool
    available_until: datetime.date | None = None

    def attachment_line(self) -> str:
        facts = []
        if self.is_redacted:
            facts.append(_("区分处理后公开"))
        if self.page_count:
            facts.append(_("%(n)s页") % {"n": self.page_count})
        if self.sha256:
            facts.append(_("SHA-256：%(hash)s") % {"hash": self.sha256[:HASH_PREFIX]})
        return self.name + (_("（%(facts)s）") % {"facts": "，".join(facts)} if facts else "")


def package_of(request: DisclosureRequest) -> list[PackageFile]:
    """The frozen files of the request; before they are frozen, the files that would be."""
    frozen = released_files_of(request)
    if frozen:
        return [PackageFile(f.name, f.page_count, f.size, f.sha256, f.is_redacted,
                            f.available_until) for f in frozen]
    planned, _problems = release_plan(request)
    return [PackageFile(p.name, p.page_count, p.size, p.sha256, p.is_redacted)
            for p in planned]
