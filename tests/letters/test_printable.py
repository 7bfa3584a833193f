"""What the letters can print is read from the faces of their font stacks."""

import re

from letters import fonts, printable, rendering
from tests.portal.test_printable_text import KHITAN, NAMES, UNPRINTABLE


def stylesheet_stacks() -> dict[str, tuple[str, ...]]:
    css = rendering.STYLESHEET.read_text(encoding="utf-8")
    values = dict(re.findall(r"--font-([a-z]+):\s*([^;]+);", css))
    scripts = values.pop("scripts")

    def faces(value: str) -> tuple[str, ...]:
        value = value.replace("var(--font-scripts)", scripts)
        return tuple(re.findall(r'"([^"]+)"', value))

    return {role: faces(value) for role, value in values.items() if role != "mono"}


def test_the_stylesheet_writes_out_the_stacks_of_letters_fonts():
    assert stylesheet_stacks() == fonts.STACKS


def test_the_refused_characters_are_really_drawn_by_no_installed_face():
    for char in (UNPRINTABLE, KHITAN):
        assert printable.unprintable_characters(f"林{char}") == [char]
    for _script, name, _face in NAMES:
        assert printable.unprintable_characters(name) == []


def test_what_is_printable_is_read_from_the_faces_of_the_stacks(monkeypatch):
    """Nothing lists ranges: without 花園明朝B in the stacks, Extension B is unprintable."""
    assert 0x20000 in printable.printable_codepoints()
    without = {role: tuple(f for f in stack if f != "HanaMinB") for role, stack in fonts.STACKS.items()}
    monkeypatch.setattr(printable, "STACKS", without)
    printable.printable_codepoints.cache_clear()
    try:
        assert printable.unprintable_characters("李𠀀") == ["𠀀"]
    finally:
        monkeypatch.undo()
        printable.printable_codepoints.cache_clear()
    assert printable.unprintable_characters("李𠀀") == []


