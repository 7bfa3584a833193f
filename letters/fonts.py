"""The font stacks of the letters (DESIGN.md §5): official faces first, free fallbacks.

GB/T 9704 sets the body in 仿宋, titles in 小标宋, second-level headings in 楷体 and
first-level ones in 黑体. Those faces are licensed; an organ that has installed them gets
them, everyone else gets Noto Serif CJK SC (and Noto Sans CJK SC for 黑体) from Debian's
``fonts-noto-cjk``. The stacks themselves are in the shared stylesheet; this module only
knows which families are installed, so that a title falls back to the *bold* Noto face
(小标宋 is a heavy face) while a real 小标宋 is never made artificially bold.
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
SERIF_FALLBACK = "Noto Serif CJK SC"
SANS_FALLBACK = "Noto Sans CJK SC"


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
def installed_families() -> frozenset[str]:
    """Every family name (in every language) of the fonts fontconfig knows, lower-cased."""
    from weasyprint.text.ffi import ffi, fontconfig

    config = fontconfig.FcInitLoadConfigAndFonts()
    names: set[str] = set()
    try:
        fonts = fontconfig.FcConfigGetFonts(config, fontconfig.FcSetSystem)
        string = ffi.new("FcChar8 **")
        for i in range(fonts.nfont if fonts != ffi.NULL else 0):
            pattern = fonts.fonts[i]
            index = 0
            while fontconfig.FcPatternGetString(pattern, b"family", index, string) == 0:
                names.add(ffi.string(string[0]).decode("utf-8", "replace").lower())
                index += 1
    finally:
        fontconfig.FcConfigDestroy(config)
    return frozenset(names)


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
