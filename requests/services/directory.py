"""Keeping an organ's directory of other organs (其他行政机关名录), e.g. from a CSV file."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ..models import Organ, OtherOrgan

#: Columns of the CSV file, in the order of its header row; the last ones may be left out.
REQUIRED_COLUMNS = ("name", "address", "phone", "website")
OPTIONAL_COLUMNS = ("email", "note")


@dataclass
class DirectoryImport:
    """What an import did (or, on a dry run, would do), by organ name."""

    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)


def _website(value: str) -> str:
    """A website written without its scheme (www.putian.gov.cn) is taken as https."""
    if value and "://" not in value:
        return "https://" + value
    return value


def _rows(text: str) -> tuple[list[str], list[tuple[int, dict[str, str]]]]:
    """The header and each non-blank line as (line number, values); errors name the line."""
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff")))
    header: list[str] | None = None
    rows: list[tuple[int, dict[str, str]]] = []
    errors: list[str] = []
    for values in reader:
        line = reader.line_num
        if not any(v.strip() for v in values):
            continue
        if header is None:
            header = [v.strip().lower() for v in values]
            unknown = [c for c in header if c not in REQUIRED_COLUMNS + OPTIONAL_COLUMNS]
            missing = [c for c in REQUIRED_COLUMNS if c not in header]
            if unknown or missing or len(set(header)) != len(header):
                raise ValidationError(
                    _("第%(n)s行：标题行应为“name,address,phone,website[,email][,note]”。")
                    % {"n": line},
                    code="header",
                )
            continue
        if len(values) != len(header):
            errors.append(
                _("第%(n)s行：应有%(expected)s列，实有%(got)s列。")
                % {"n": line, "expected": len(header), "got": len(values)}
            )
            continue
        rows.append((line, {c: v.strip() for c, v in zip(header, values, strict=True)}))
    if header is None:
        raise ValidationError(_("文件为空，没有标题行。"), code="empty")
    if errors:
        raise ValidationError(errors)
    return header, rows


def directory_import(*, organ: Organ, text: str, dry_run: bool = False) -> DirectoryImport:
    """Add or update the organ's directory entries from CSV text, matched by name.

    The header row names the columns ``name,address,phone,website`` and optionally
    ``email`` and ``note``; a column left out keeps the entry's stored value. Every line
    is checked before anything is written: one bad line, and nothing is written (the
    error names each bad line). Importing the same file twice changes nothing the second
    time. ``dry_run`` checks and reports without writing.
    """
    header, rows = _rows(text)
    existing = {entry.name: entry for entry in OtherOrgan.objects.filter(organ=organ)}
    result = DirectoryImport()
    errors: list[str] = []
    seen: dict[str, int] = {}
    to_save: list[OtherOrgan] = []
    for line, values in rows:
        name = values["name"]
        if not name:
            errors.append(_("第%(n)s行：请填写机关名称。") % {"n": line})
            continue
        if name in seen:
            errors.append(
                _("第%(n)s行：机关名称“%(name)s”与第%(first)s行重复。")
                % {"n": line, "name": name, "first": seen[name]}
            )
            continue
        seen[name] = line
        if "website" in values:
            values["website"] = _website(values["website"])
        entry = existing.get(name) or OtherOrgan(organ=organ, name=name)
        before = {c: getattr(entry, c) for c in header}
        for column in header:
            setattr(entry, column, values[column])
        try:
            entry.full_clean(validate_unique=False)
        except ValidationError as error:
            for column, messages in error.message_dict.items():
                label = (
                    OtherOrgan._meta.get_field(column).verbose_name if column in header else ""
                )
                for message in messages:
                    errors.append(
                        _("第%(n)s行：%(field)s%(message)s")
                        % {"n": line, "field": f"{label}：" if label else "", "message": message}
                    )
            continue
        if entry.pk is None:
            result.created.append(name)
            to_save.append(entry)
        elif before != {c: getattr(entry, c) for c in header}:
            result.updated.append(name)
            to_save.append(entry)
        else:
            result.unchanged.append(name)
    if errors:
        raise ValidationError(errors)
    if not dry_run:
        with transaction.atomic():
            for entry in to_save:
                entry.save()
    return result
