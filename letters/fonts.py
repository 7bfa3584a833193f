"""The font stacks of the letters (DESIGN.md §5): official faces first, free fallbacks.

GB/T 9704 sets the body in 仿宋, titles in 小标宋, second-level headings in 楷体 and
first-level ones in 黑体. Those faces are licensed; an organ that has installed them gets
them, everyone else gets Noto Serif CJK SC (and Noto Sans CJK SC for 黑体) from Debian's
``fonts-noto-cjk``. Every stack then ends with the same free faces for what the CJK faces do
not draw: Latin and Cyrillic beyond the basics (Noto Serif / Noto Sans), the scripts of
China's languages — Tibetan, Mongolian, Yi, Uyghur and Kazakh in Arabic script, Dai (Tai Le,
New Tai Lue, Tai Tham), Lisu, Miao — (``fonts-noto-core``) and the Han characters of CJK
Extensions B–F (花園明朝B, ``fonts-hanazono``), so that a name in any of them is printed.

The stacks themselves are in the shared stylesheet; this module knows which families are
installed, so that a title falls back to the *bold* Noto face (小标宋 is a heavy face) while a
real 小标宋 is never made artificially bold, and which font files those families are, for
``letters.printable`` to read what they can draw.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

#: Each role: the official faces in order of preference, then the free fallback.
#: The same lists are written out in ``static/letters/letters.css``.
BODY_FACES = ("仿宋_GB2312", "FangSong_GB2312", "仿宋", "FangSong", "STFangsong", "华文仿宋")
TITLE_FACES = (
    "方正小标宋简体", "方正小标宋_GBK", "FZXiaoBiaoSong-B05S", "FZXiaoBiaoSong-B05", "小标宋",
)
KAI_FACES = ("楷体_GB2312", "KaiTi_GB2312", "楷体", "KaiTi", "STKaiti", "华文楷体")
HEI_FACES = ("黑体", "SimHei", "方正黑体_GBK", "方正黑体简体")
SONG_FACES = ("宋体", "SimSun")
SERIF_FALLBACK = "Noto Serif CJK SC"
SANS_FALLBACK = "Noto Sans CJK SC"
#: After the CJK fallback of every stack: what the CJK faces do not draw. The Latin face
#: first (accented Latin, Cyrillic), then one face per script; 花園明朝B for the Han
#: characters of Extensions B–F (it draws no BMP character the faces before it lack);
#: DejaVu Sans last, for symbols and the commoner emoji (``fonts-dejavu-core``).
SCRIPT_FACES = (
    "Noto Serif Tibetan", "Noto Sans Mongolian", "Noto Sans Yi", "Noto Naskh Arabic",
    "Noto Sans Tai Le", "Noto Sans New Tai Lue", "Noto Sans Tai Tham", "Noto Sans Lisu",
    "Noto Sans Miao", "HanaMinB", "DejaVu Sans",
)
SERIF_TAIL = (SERIF_FALLBACK, "Noto Serif", *SCRIPT_FACES)
SANS_TAIL = (SANS_FALLBACK, "Noto Sans", *SCRIPT_FACES)

#: The whole stack of each role, as ``static/letters/letters.css`` writes it out. The
#: monospaced stack (hash values in the audit trail: hexadecimal digits only) is not one.
STACKS = {
    "body": (*BODY_FACES, *SERIF_TAIL),
    "title": (*TITLE_FACES, *SERIF_TAIL),
    "kai": (*KAI_FACES, *SERIF_TAIL),
    "hei": (*HEI_FACES, *SANS_TAIL),
    "song": (*SONG_FACES, *SERIF_TAIL),
}


def css_stack(faces: tuple[str, ...]) -> str:
    """``faces`` as a CSS ``font-family`` value."""
    return ", ".join(f'"{face}"' for face in faces)


@dataclass(frozen=True)
class FontChoice:
    """The face each role will use in this process."""

    body: str
    title: str
    kai: str
    hei: str

    @property
    def title_is_official(self) -> bool:
        return self.title != SERIF_FALLBACK

    def describe(self) -> str:
        return (
            f"正文 {self.body}；标题 {self.title}"
            f"{'' if self.title_is_official else '（粗体）'}；楷体 {self.kai}；黑体 {self.hei}"
        )


@functools.cache
def family_files() -> dict[str, frozenset[str]]:
    """Every family name (in every language) of the fonts fontconfig knows, lower-cased,
    with the font files of that family (every style)."""
    from weasyprint.text.ffi import ffi, fontconfig

    config = fontconfig.FcInitLoadConfigAndFonts()
    files: dict[str, set[str]] = {}
    try:
        fonts = fontconfig.FcConfigGetFonts(config, fontconfig.FcSetSystem)
        string = ffi.new("FcChar8 **")
        for i in range(fonts.nfont if fonts != ffi.NULL else 0):
            pattern = fonts.fonts[i]
            path = ""
            if fontconfig.FcPatternGetString(pattern, b"file", 0, string) == 0:
                path = ffi.string(string[0]).decode("utf-8", "replace")
            index = 0
            while fontconfig.FcPatternGetString(pattern, b"family", index, string) == 0:
                name = ffi.string(string[0]).decode("utf-8", "replace").lower()
                files.setdefault(name, set())
                if path:
                    files[name].add(path)
                index += 1
    finally:
        fontconfig.FcConfigDestroy(config)
    return {name: frozenset(paths) for name, paths in files.items()}


def installed_families() -> frozenset[str]:
    """Every family name (in every language) of the fonts fontconfig knows, lower-cased."""
    return frozenset(family_files())


def _first_installed(faces: tuple[str, ...], fallback: str) -> str:
    families = installed_families()
    return next((face for face in faces if face.lower() in families), fallback)


@functools.cache
def font_choice() -> FontChoice:
    return FontChoice(
        body=_first_installed(BODY_FACES, SERIF_FALLBACK),
        title=_first_installed(TITLE_FACES, SERIF_FALLBACK),
        kai=_first_installed(KAI_FACES, SERIF_FALLBACK),
        hei=_first_installed(HEI_FACES, SANS_FALLBACK),
    )


def font_overrides_css() -> str:
    """What the shared stylesheet cannot know: the title weight for the installed face."""
    weight = 400 if font_choice().title_is_official else 700
    return f":root {{ --title-weight: {weight}; }}"
