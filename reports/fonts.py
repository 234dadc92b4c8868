"""The 仿宋 face of the report body: FandolFang (GPL with the font exception,
all 6,763 hanzi of GB2312), which Debian ships in texlive-lang-chinese as an
OpenType font with CFF outlines. reportlab embeds TrueType outlines only, so
setup converts it once (fontTools, cubic → quadratic curves) into a TrueType
file in a font folder fontconfig reads, where both the PDF renderer and
LibreOffice (through scripts/fontconfig/) find it. No font is kept in the
repository: the .otf comes from the Debian package, the .ttf is made from it.

    make setup                     # runs: manage.py prepare_report_fonts
"""

import os
import subprocess
from pathlib import Path

FANGSONG_FAMILY = "FandolFang R"
FANGSONG_OTF = Path(
    "/usr/share/texlive/texmf-dist/fonts/opentype/public/fandol/FandolFang-Regular.otf"
)
FANGSONG_TTF_NAME = "FandolFang-Regular.ttf"
# Font folders fontconfig reads by default: the machine's (root), the user's.
FONT_DIRS = (
    Path("/usr/local/share/fonts/sixiaji"),
    Path.home() / ".local/share/fonts/sixiaji",
)


def fangsong_ttf() -> Path | None:
    """The converted 仿宋 TrueType file, if setup has made it."""
    for folder in FONT_DIRS:
        path = folder / FANGSONG_TTF_NAME
        if path.exists():
            return path
    return None


def convert_to_truetype(source: Path, target: Path) -> None:
    """An OpenType/CFF font as TrueType: each glyph's cubic curves as
    quadratic ones (within 1 unit), the CFF and its vertical origins
    replaced by glyf/loca; the metrics, cmap and names are kept."""
    from fontTools.pens.cu2quPen import Cu2QuPen
    from fontTools.pens.ttGlyphPen import TTGlyphPen
    from fontTools.ttLib import TTFont, newTable

    font = TTFont(source)
    glyph_order = font.getGlyphOrder()
    glyph_set = font.getGlyphSet()
    glyf = newTable("glyf")
    glyf.glyphOrder = glyph_order
    glyf.glyphs = {}
    for name in glyph_order:
        pen = TTGlyphPen(glyph_set)
        glyph_set[name].draw(Cu2QuPen(pen, max_err=1.0, reverse_direction=True))
        glyf[name] = pen.glyph()
    font["glyf"] = glyf
    font["loca"] = newTable("loca")
    for tag in ("CFF ", "VORG"):
        if tag in font:
            del font[tag]
    maxp = font["maxp"]
    maxp.tableVersion = 0x00010000
    for field in (
        "maxZones maxTwilightPoints maxStorage maxFunctionDefs "
        "maxInstructionDefs maxStackElements maxSizeOfInstructions "
        "maxComponentElements"
    ).split():
        setattr(maxp, field, 0)
    maxp.maxZones = 1
    maxp.maxComponentDepth = 0
    post = font["post"]
    post.formatType = 3.0  # no glyph names (a CID font has none worth keeping)
    post.extraNames, post.mapping = [], {}
    font["head"].glyphDataFormat = 0
    font.sfntVersion = "\x00\x01\x00\x00"
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_suffix(".part")
    font.save(partial)
    os.replace(partial, target)


def prepare_fangsong() -> tuple[Path | None, str]:
    """Make the 仿宋 TrueType file if it is missing; (its path, what was
    done). Tells fontconfig about a new file."""
    existing = fangsong_ttf()
    if existing is not None:
        return existing, f"已有 {existing}"
    if not FANGSONG_OTF.exists():
        return None, (
            f"未找到 {FANGSONG_OTF}（Debian 软件包 texlive-lang-chinese，"
            "bash scripts/system-deps.sh 安装），报告正文仍用宋体。"
        )
    for folder in FONT_DIRS:
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError:
            continue
        if os.access(folder, os.W_OK):
            target = folder / FANGSONG_TTF_NAME
            convert_to_truetype(FANGSONG_OTF, target)
            subprocess.run(["fc-cache", "-f", str(folder)], check=False)
            return target, f"已生成 {target}"
    return None, "没有可写的字体目录，报告正文仍用宋体。"
