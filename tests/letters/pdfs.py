"""Reading the letters' PDFs back: text, page size, fonts, glyph coverage."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass

from pypdf import PdfReader
from pypdf.generic import NameObject

A4 = (595.28, 841.89)  # points
PAGE_NUMBER = re.compile(r"—\s*\d+\s*(/\s*\d+\s*)?—")
PREVIEW_MARK = "样稿（预览，未发出）"


def reader(data: bytes) -> PdfReader:
    return PdfReader(io.BytesIO(data))


def page_texts(data: bytes) -> list[str]:
    return [page.extract_text() or "" for page in reader(data).pages]


def compact(pages: list[str]) -> str:
    joined = "".join(PAGE_NUMBER.sub("", page).replace(PREVIEW_MARK, "") for page in pages)
    return re.sub(r"\s+", "", joined)


def text(data: bytes) -> str:
    """All text, pages joined, without whitespace, page numbers or the preview mark, so a
    sentence broken across lines or pages reads as one string."""
    return compact(page_texts(data))


def raw_text(data: bytes) -> str:
    return "\n".join(page_texts(data))


def page_sizes(data: bytes) -> list[tuple[float, float]]:
    return [(round(float(p.mediabox.width), 2), round(float(p.mediabox.height), 2))
            for p in reader(data).pages]


def is_a4(size: tuple[float, float]) -> bool:
    width, height = sorted(size)
    return abs(width - A4[0]) < 1 and abs(height - A4[1]) < 1


@dataclass
class FontInfo:
    name: str
    embedded: bool
    encoding: str
    chars: set[str]


def _to_unicode(font) -> set[str]:
    """The characters a font's ToUnicode CMap maps its glyphs to."""
    if "/ToUnicode" not in font:
        return set()
    cmap = font["/ToUnicode"].get_object().get_data().decode("latin-1")
    chars: set[str] = set()
    for block in re.findall(r"beginbfchar(.*?)endbfchar", cmap, re.S):
        for _gid, uni in re.findall(r"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>", block):
            chars.update(bytes.fromhex(uni).decode("utf-16-be"))
    for block in re.findall(r"beginbfrange(.*?)endbfrange", cmap, re.S):
        for start, end, uni in re.findall(
            r"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>", block
        ):
            first = int(uni, 16)
            for offset in range(int(end, 16) - int(start, 16) + 1):
                chars.add(chr(first + offset))
    return chars


def fonts(data: bytes) -> list[FontInfo]:
    found: dict[str, FontInfo] = {}
    for page in reader(data).pages:
        resources = page.get("/Resources") or {}
        font_dict = resources.get("/Font") or {}
        for ref in font_dict.values():
            font = ref.get_object()
            name = str(font.get("/BaseFont"))
            descriptors = [font]
            if "/DescendantFonts" in font:
                descriptors = [d.get_object() for d in font["/DescendantFonts"]]
            embedded = all(
                any(k in d["/FontDescriptor"].get_object()
                    for k in ("/FontFile", "/FontFile2", "/FontFile3"))
                for d in descriptors if "/FontDescriptor" in d
            ) and any("/FontDescriptor" in d for d in descriptors)
            encoding = font.get("/Encoding")
            encoding = str(encoding) if isinstance(encoding, NameObject) else "custom"
            info = found.setdefault(name, FontInfo(name, embedded, encoding, set()))
            info.chars |= _to_unicode(font)
    return list(found.values())


def check_fonts(data: bytes, raw: str | None = None) -> None:
    """Every font embedded, none with a missing-glyph box, every character covered."""
    infos = fonts(data)
    assert infos, "no fonts in the PDF"
    for info in infos:
        assert info.embedded, f"font {info.name} is not embedded"
        # WeasyPrint switches a font to a custom encoding only to draw .notdef boxes.
        assert info.encoding == "/Identity-H", f"font {info.name} shows missing glyphs"
    covered = set().union(*(info.chars for info in infos))
    used = set(re.sub(r"\s", "", raw if raw is not None else raw_text(data)))
    assert used <= covered, f"characters without a glyph: {sorted(used - covered)}"


def check_pdf(data: bytes) -> str:
    """A4 pages, fonts as required; returns the compact text."""
    assert data.startswith(b"%PDF-")
    sizes = page_sizes(data)
    assert sizes and all(is_a4(size) for size in sizes), sizes
    pages = page_texts(data)
    check_fonts(data, "\n".join(pages))
    return compact(pages)
