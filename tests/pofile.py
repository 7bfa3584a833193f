"""A small reader of gettext .po files, enough to check a catalogue (no dependency)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\", "a": "\a", "b": "\b"}
_KEYWORD = re.compile(r'^(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?)\s+"(.*)"\s*$')
_CONTINUATION = re.compile(r'^"(.*)"\s*$')


def unescape(text: str) -> str:
    return re.sub(r"\\(.)", lambda m: _ESCAPES.get(m.group(1), m.group(1)), text)


@dataclass
class Entry:
    msgid: str = ""
    msgctxt: str | None = None
    msgid_plural: str | None = None
    msgstr: dict[str, str] = field(default_factory=dict)  # "" or "0", "1", ... for plurals
    flags: set[str] = field(default_factory=set)
    obsolete: bool = False

    @property
    def key(self) -> tuple[str | None, str]:
        return (self.msgctxt, self.msgid)

    @property
    def translated(self) -> bool:
        return bool(self.msgstr) and all(value.strip() for value in self.msgstr.values())


def parse(path: Path) -> list[Entry]:
    entries: list[Entry] = []
    current: Entry | None = None
    target: tuple[str, str] | None = None  # (attribute, msgstr index)

    def finish():
        nonlocal current
        if current is not None and (current.msgid or current.msgstr):
            entries.append(current)
        current = None

    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line:
            finish()
            target = None
            continue
        if line.startswith("#~"):
            if current is None:
                current = Entry()
            current.obsolete = True
            line = line[2:].strip()
            if not line:
                continue
        elif line.startswith("#,"):
            if current is None:
                current = Entry()
            current.flags.update(flag.strip() for flag in line[2:].split(","))
            continue
        elif line.startswith("#"):
            if current is None:
                current = Entry()
            continue
        if current is None:
            current = Entry()
        match = _KEYWORD.match(line)
        if match:
            keyword, text = match.group(1), unescape(match.group(2))
            if keyword == "msgid" and (current.msgid or current.msgstr):
                finish()
                current = Entry()
            if keyword.startswith("msgstr"):
                index = keyword[7:-1] if "[" in keyword else ""
                current.msgstr[index] = text
                target = ("msgstr", index)
            else:
                setattr(current, keyword, text)
                target = (keyword, "")
            continue
        match = _CONTINUATION.match(line)
        if match and target is not None:
            text = unescape(match.group(1))
            attribute, index = target
            if attribute == "msgstr":
                current.msgstr[index] += text
            else:
                setattr(current, attribute, (getattr(current, attribute) or "") + text)
            continue
        raise ValueError(f"{path}: cannot read line {raw!r}")
    finish()
    return entries
