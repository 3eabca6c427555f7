"""公文-style official documents as PDF: 受理通知书, 不予受理决定书, 一次性补正告知书, 准予/不予许可
决定书, and later the page of an electronic licence.

The layout follows GB/T 9704-2012 (党政机关公文格式) where it fits a notice to one applicant:
A4, a 156 × 225 mm text block 37 mm from the top and 28 mm from the left edge, body text in 3号
(16 pt) on 22 lines a page, the title in 2号 (22 pt), page numbers "— 1 —" 7 mm under the text
block, the date in Arabic numerals written out in full (2012 edition, 7.3.5.1: "2026年11月23日"),
and the seal pressing on the issuer's name and the date, which sit right, four characters in.

The text is set in Noto Serif CJK SC (a 宋体-style face under the SIL Open Font License), embedded
as a subset, so every viewer shows the same glyphs and no reader needs the font installed. The
subset is converted from the face's CFF outlines to TrueType ones first: fpdf2 then embeds it the
way nearly every PDF reader and text extractor understands (CIDFontType2, Identity-H; pypdf, for
one, cannot read the custom CMap a CFF subset is written with), and converting a few hundred
glyphs is quicker than subsetting the 26 MB collection's CFF table.

The drawn seal is a picture for the reader; the legally binding electronic seal (GB/T 38540) is
applied over these bytes by the licences room. Output is deterministic: the same document gives
the same bytes, so its hash can be recorded and checked later.
"""

from __future__ import annotations

import dataclasses
import datetime
import io
import logging
import math
import re
import tempfile
from collections import deque
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from zoneinfo import ZoneInfo

import segno
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext as _
from fontTools.fontBuilder import FontBuilder
from fontTools.pens.cu2quPen import Cu2QuPen
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.ttLib import TTCollection, TTFont
from fpdf import FPDF
from fpdf.enums import TextMode

from tongban.core.errors import DomainError

MM = 72 / 25.4  # the PDF is laid out in points; the standard speaks in millimetres

PAGE_WIDTH = 210 * MM
LEFT = 28 * MM
TOP = 37 * MM
TEXT_WIDTH = 156 * MM
RIGHT_EDGE = LEFT + TEXT_WIDTH
BOTTOM = TOP + 225 * MM

BODY_SIZE = 16.0  # 3号
LINE = 225 * MM / 22  # 22 lines of 3号 text fill the text block
TITLE_SIZE = 22.0  # 2号
TITLE_LINE = TITLE_SIZE * 1.5
TABLE_SIZE = 14.0  # 4号
TABLE_LINE = TABLE_SIZE * 1.6
TABLE_PADDING = 2 * MM
FOOTNOTE_SIZE = 10.5  # 5号
FOOTNOTE_LINE = FOOTNOTE_SIZE * 1.6
PAGE_NUMBER_SIZE = 14.0  # 4号
MAX_SPACING = 0.3  # the most a justified line spreads its characters apart, in ems

# A local department's official seal is 42 mm across; red, with a five-pointed star in the middle
# and the issuer's name round the upper arc (国务院关于印章管理的规定).
SEAL_RADIUS = 21 * MM
SEAL_RED = (228, 0, 18)
QR_SIZE = 22 * MM

FONT = "song"
# Characters drawn besides the document's own text: page numbers, item numbers, the colon.
FIXED_CHARACTERS = "0123456789—.： "
# fpdf2 subsets the font with fontTools, which logs every step at INFO: hundreds of lines.
logging.getLogger("fontTools").setLevel(logging.WARNING)
BEIJING = ZoneInfo("Asia/Shanghai")
# Where Debian's fonts-noto-cjk puts the face (scripts/setup.sh installs it when missing).
DEFAULT_FONTS = (Path("/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc"),)

# Line-breaking rules for Chinese (GB/T 15834, W3C clreq): closing punctuation never starts a
# line and opening punctuation never ends one, so each is kept with its neighbour.
NO_LINE_START = frozenset("，。、；：？！）》」』】〕〉”’…—·%‰,.;:?!)]}")
NO_LINE_END = frozenset("（《「『【〔〈“‘([{")
WHITESPACE = re.compile(r"\s+")
# A Latin word, a number or a URL breaks as one piece; any other character stands alone.
PIECE = re.compile(r"[A-Za-z0-9]+(?:[-./:_@#?=&%+~]+[A-Za-z0-9]+)*/?|.", re.DOTALL)


@dataclass(frozen=True)
class OfficialDocument:
    """文书: one official notice or decision addressed to one applicant."""

    title: str
    number: str
    addressee: str
    paragraphs: Sequence[str]
    issuer: str
    issued_on: datetime.date
    rows: Sequence[tuple[str, str]] = ()
    items: Sequence[str] = ()
    seal: bool = True
    qr_payload: str | None = None
    footnote: str | None = None


def render_pdf(document: OfficialDocument) -> bytes:
    """The document as PDF bytes; the same document always gives the same bytes."""
    document = _tidied(document)
    font = _truetype_subset(*font_face(), characters=_characters(document))
    with tempfile.TemporaryDirectory() as folder:  # fpdf2 reads fonts from files only
        font_path = Path(folder) / "document.ttf"
        font_path.write_bytes(font)
        return _render(_Sheet(font_path), document)


def _render(sheet: _Sheet, document: OfficialDocument) -> bytes:
    _describe(sheet, document)
    sheet.add_page()
    if document.qr_payload:
        _qr_code(sheet, document.qr_payload)
    _heading(sheet, document)
    _body(sheet, document, tail=_signature_height(document) + _footnote_height(sheet, document))
    _signature(sheet, document)
    if document.footnote:
        _footnote(sheet, document.footnote)
    _refuse_missing_glyphs(sheet)
    return bytes(sheet.output())


def format_date(day: datetime.date) -> str:
    """成文日期: Arabic numerals, the year in full, no leading zeros (GB/T 9704-2012 7.3.5.1)."""
    return f"{day.year}年{day.month}月{day.day}日"


def _tidied(document: OfficialDocument) -> OfficialDocument:
    """The document with its whitespace (a pasted line break, a tab) tidied; see ``tidy``."""
    return dataclasses.replace(
        document,
        title=tidy(document.title),
        number=tidy(document.number),
        addressee=tidy(document.addressee),
        paragraphs=[tidy(paragraph) for paragraph in document.paragraphs],
        rows=[(tidy(label), tidy(value)) for label, value in document.rows],
        items=[tidy(item) for item in document.items],
        issuer=tidy(document.issuer),
        footnote=tidy(document.footnote) if document.footnote else None,
    )


def tidy(text: str) -> str:
    """A run of whitespace between two Latin words is one space; anywhere else it goes, since
    Chinese text has no spaces and a line break pasted into it is no word boundary."""
    text = text.strip()

    def blank(match: re.Match[str]) -> str:
        before, after = text[match.start() - 1], text[match.end()]
        return " " if before.isascii() and after.isascii() else ""

    return WHITESPACE.sub(blank, text)


def _characters(document: OfficialDocument) -> set[str]:
    texts = [
        document.title,
        document.number,
        document.addressee,
        *document.paragraphs,
        *(cell for row in document.rows for cell in row),
        *document.items,
        document.issuer,
        format_date(document.issued_on),
        document.footnote or "",
        FIXED_CHARACTERS,
    ]
    return {character for text in texts for character in text}


def font_face() -> tuple[Path, int]:
    """The font file and, in a collection, the face holding Simplified Chinese glyph forms."""
    configured = getattr(settings, "TONGBAN_PDF_FONT", "")
    candidates = [Path(configured)] if configured else list(DEFAULT_FONTS)
    for path in candidates:
        if path.is_file():
            return path, _simplified_chinese_face(path)
    raise ImproperlyConfigured(
        f"No CJK font for PDF documents: {', '.join(map(str, candidates))} not found. "
        "Install Debian's fonts-noto-cjk (scripts/setup.sh does) or set TONGBAN_PDF_FONT "
        "to a TrueType/OpenType font with Chinese glyphs."
    )


@cache
def _simplified_chinese_face(path: Path) -> int:
    """A .ttc/.otc holds one face per region; the JP, KR and TC faces draw some shared
    characters in other regional forms, so the face named "… SC" is chosen when there is one."""
    if path.suffix.lower() not in {".ttc", ".otc"}:
        return 0
    collection = TTCollection(path, lazy=True)
    for index, face in enumerate(collection.fonts):
        name = face["name"].getDebugName(4) or ""
        if name.endswith(" SC"):
            return index
    return 0


def _truetype_subset(path: Path, face: int, *, characters: set[str]) -> bytes:
    """A TrueType font with just the glyphs for ``characters`` (those the face has); cubic CFF
    outlines are turned quadratic within one font unit, and turned round, as TrueType runs
    outer contours the other way. Timestamps are copied from the face so the same characters
    always give the same bytes."""
    source = TTFont(path, fontNumber=face, lazy=True)
    cmap = source.getBestCmap()
    mapping = {ord(c): cmap[ord(c)] for c in characters if ord(c) in cmap}
    order = [".notdef", *sorted(set(mapping.values()), key=source.getGlyphID)]
    source_names = {".notdef": source.getGlyphName(0)}
    is_cff = "CFF " in source or "CFF2" in source
    outlines, advances = source.getGlyphSet(), source["hmtx"]
    glyphs = {}
    for name in order:
        pen = TTGlyphPen(None)
        outline = outlines[source_names.get(name, name)]
        outline.draw(Cu2QuPen(pen, max_err=1.0, reverse_direction=is_cff))
        glyphs[name] = pen.glyph()
    head, hhea, os2, names = source["head"], source["hhea"], source["OS/2"], source["name"]
    builder = FontBuilder(head.unitsPerEm, isTTF=True)
    builder.updateHead(created=head.created, modified=head.modified)
    builder.setupGlyphOrder(order)
    builder.setupCharacterMap(mapping)
    builder.setupGlyf(glyphs)
    glyf = builder.font["glyf"]
    builder.setupHorizontalMetrics(
        {
            name: (advances[source_names.get(name, name)][0], getattr(glyf[name], "xMin", 0))
            for name in order
        }
    )
    builder.setupHorizontalHeader(ascent=hhea.ascent, descent=hhea.descent, lineGap=hhea.lineGap)
    builder.setupNameTable(
        {
            "familyName": names.getDebugName(1),
            "styleName": names.getDebugName(2),
            "psName": names.getDebugName(6),
        }
    )
    builder.setupOS2(
        **{
            field: getattr(os2, field)
            for field in (
                "usWeightClass",
                "fsType",
                "sTypoAscender",
                "sTypoDescender",
                "sTypoLineGap",
                "usWinAscent",
                "usWinDescent",
                "sxHeight",
                "sCapHeight",
            )
        }
    )
    builder.setupPost()
    font = io.BytesIO()
    builder.save(font)
    return font.getvalue()


class _Sheet(FPDF):
    """The pages with a cursor over the text block; page numbers are drawn as pages close."""

    def __init__(self, font_path: Path) -> None:
        super().__init__(orientation="portrait", unit="pt", format="A4")
        self.set_auto_page_break(False)
        self.set_margins(LEFT, TOP, PAGE_WIDTH - RIGHT_EDGE)
        self.add_font(FONT, fname=font_path)
        self.cursor = TOP

    def add_page(self, *args, **kwargs) -> None:
        super().add_page(*args, **kwargs)
        self.cursor = TOP

    def footer(self) -> None:
        """页码: "— n —", centred 7 mm under the text block."""
        self.set_font(FONT, size=PAGE_NUMBER_SIZE)
        label = f"— {self.page_no()} —"
        self.text((PAGE_WIDTH - self.get_string_width(label)) / 2, BOTTOM + 7 * MM, label)

    def make_room(self, height: float) -> None:
        """Start a new page unless ``height`` still fits under the cursor (or the page is still
        empty: what is taller than a page can only start on one)."""
        if self.cursor > TOP and self.cursor + height > BOTTOM + 0.01:
            self.add_page()

    def write_line(
        self, x: float, text: str, *, size: float, height: float, width: float = 0
    ) -> None:
        """One line at the cursor, vertically centred in ``height``; a ``width`` spreads the
        characters evenly to fill it, as justified Chinese text is set."""
        self.set_font(FONT, size=size)
        spacing = 0.0
        if width and len(text) > 1:
            spacing = max(0.0, (width - self.get_string_width(text)) / (len(text) - 1))
        if spacing > MAX_SPACING * size:
            spacing = 0.0  # a line cut short by a long word reads better ragged than gappy
        self.set_char_spacing(spacing)
        self.text(x, _baseline(self.cursor, height, size), text)
        self.set_char_spacing(0)
        self.cursor += height


def _baseline(top: float, height: float, size: float) -> float:
    """The baseline that centres a CJK em box (0.88 em above the baseline) in a line box."""
    return top + (height - size) / 2 + 0.88 * size


def _describe(sheet: _Sheet, document: OfficialDocument) -> None:
    """Metadata; the creation date is the date of issue so the bytes do not depend on the clock."""
    sheet.set_title(document.title)
    sheet.set_subject(document.number)
    sheet.set_author(document.issuer)
    sheet.set_creator("通办 Tongban")
    sheet.set_lang("zh-CN")
    sheet.set_creation_date(datetime.datetime.combine(document.issued_on, datetime.time(), BEIJING))


def _heading(sheet: _Sheet, document: OfficialDocument) -> None:
    """Title centred in heavy type, the document number under it on the right, then a blank
    line and the addressee flush left with a full-width colon."""
    sheet.set_font(FONT, size=TITLE_SIZE)
    # Only the regular face is embedded: stroking the outlines too makes the title heavy.
    with sheet.local_context(text_mode=TextMode.FILL_STROKE, line_width=0.035 * TITLE_SIZE):
        for line in wrap(document.title, sheet.get_string_width, TEXT_WIDTH):
            left = LEFT + (TEXT_WIDTH - sheet.get_string_width(line)) / 2
            sheet.write_line(left, line, size=TITLE_SIZE, height=TITLE_LINE)
    sheet.set_font(FONT, size=BODY_SIZE)
    number_width = sheet.get_string_width(document.number)
    sheet.write_line(RIGHT_EDGE - number_width, document.number, size=BODY_SIZE, height=LINE)
    sheet.cursor += LINE
    _paragraph(sheet, f"{document.addressee}：", indent=0)


def _body(sheet: _Sheet, document: OfficialDocument, *, tail: float) -> None:
    """Paragraphs, table, numbered items. The last line of the body goes over to the next page
    with the signature rather than leave the signature and seal on a page of their own
    (GB/T 9704-2012 7.3.5): ``tail`` is the height that has to fit under it."""
    paragraphs = list(document.paragraphs)
    last = "items" if document.items else "rows" if document.rows else "paragraphs"
    for number, paragraph in enumerate(paragraphs):
        ends_body = last == "paragraphs" and number == len(paragraphs) - 1
        _paragraph(sheet, paragraph, indent=2 * BODY_SIZE, tail=tail if ends_body else 0)
    _table(sheet, document.rows, tail=tail if last == "rows" else 0)
    _numbered_items(sheet, document.items, tail=tail if last == "items" else 0)


def _paragraph(sheet: _Sheet, text: str, *, indent: float, tail: float = 0) -> None:
    """Body text: wrapped to the text block, first line indented, every line but the last
    justified; ``tail`` must fit under the last line on its page."""
    sheet.set_font(FONT, size=BODY_SIZE)
    lines = wrap(text, sheet.get_string_width, TEXT_WIDTH, first_width=TEXT_WIDTH - indent)
    for number, line in enumerate(lines):
        sheet.make_room(LINE + (tail if number == len(lines) - 1 else 0))
        offset = indent if number == 0 else 0
        justify = TEXT_WIDTH - offset if number < len(lines) - 1 else 0
        sheet.write_line(LEFT + offset, line, size=BODY_SIZE, height=LINE, width=justify)


def _numbered_items(sheet: _Sheet, items: Sequence[str], *, tail: float) -> None:
    """Numbers "1." to "n." two characters in, each item hanging after the widest number;
    ``tail`` must fit under the last line on its page."""
    if not items:
        return
    sheet.set_font(FONT, size=BODY_SIZE)
    labels = [f"{number}." for number in range(1, len(items) + 1)]
    number_x = LEFT + 2 * BODY_SIZE
    text_x = number_x + max(map(sheet.get_string_width, labels)) + BODY_SIZE / 4
    width = RIGHT_EDGE - text_x
    for label, item in zip(labels, items, strict=True):
        lines = wrap(item, sheet.get_string_width, width)
        for number, line in enumerate(lines):
            ends_body = label == labels[-1] and number == len(lines) - 1
            sheet.make_room(LINE + (tail if ends_body else 0))
            if number == 0:
                sheet.text(number_x, _baseline(sheet.cursor, LINE, BODY_SIZE), label)
            justify = width if number < len(lines) - 1 else 0
            sheet.write_line(text_x, line, size=BODY_SIZE, height=LINE, width=justify)


def _table(sheet: _Sheet, rows: Sequence[tuple[str, str]], *, tail: float) -> None:
    """A ruled two-column table; the label column is as wide as its longest label allows (at
    most two fifths), and a row too tall for the page continues on the next. ``tail`` must
    fit under the last row on its page."""
    if not rows:
        return
    sheet.set_font(FONT, size=TABLE_SIZE)
    widest = max(sheet.get_string_width(label) for label, _value in rows)
    label_width = min(widest + 2 * TABLE_PADDING, TEXT_WIDTH * 2 / 5)
    sheet.cursor += LINE / 4
    for number, (label, value) in enumerate(rows, start=1):
        label_lines = deque(wrap(label, sheet.get_string_width, label_width - 2 * TABLE_PADDING))
        value_width = TEXT_WIDTH - label_width - 2 * TABLE_PADDING
        value_lines = deque(wrap(value, sheet.get_string_width, value_width))
        if number == len(rows):
            lines = max(len(label_lines), len(value_lines))
            sheet.make_room(lines * TABLE_LINE + 2 * TABLE_PADDING + LINE / 4 + tail)
        _table_row(sheet, label_lines, value_lines, label_width)
    sheet.cursor += LINE / 4


def _table_row(sheet: _Sheet, labels: deque[str], values: deque[str], label_width: float) -> None:
    page_lines = int((BOTTOM - TOP - 2 * TABLE_PADDING) // TABLE_LINE)
    while labels or values:
        room = int((BOTTOM - sheet.cursor - 2 * TABLE_PADDING) // TABLE_LINE)
        needed = max(len(labels), len(values))
        if room < min(needed, page_lines):
            sheet.add_page()
            continue
        count = min(needed, room)
        top = sheet.cursor
        height = count * TABLE_LINE + 2 * TABLE_PADDING
        sheet.set_line_width(0.6)
        sheet.rect(LEFT, top, label_width, height)
        sheet.rect(LEFT + label_width, top, TEXT_WIDTH - label_width, height)
        for column_x, lines in ((LEFT, labels), (LEFT + label_width, values)):
            sheet.cursor = top + TABLE_PADDING
            for _line in range(min(count, len(lines))):
                text = lines.popleft()
                sheet.write_line(column_x + TABLE_PADDING, text, size=TABLE_SIZE, height=TABLE_LINE)
        sheet.cursor = top + height


def _signature_height(document: OfficialDocument) -> float:
    return LINE / 2 + 2 * SEAL_RADIUS if document.seal else 3 * LINE


def _signature(sheet: _Sheet, document: OfficialDocument) -> None:
    """发文机关署名 and 成文日期 (GB/T 9704-2012 7.3.5). Sealed: the date four characters in from
    the right, the issuer centred over it, the seal centred on both with them a little below its
    middle and its top within a line of the text. Unsealed: a blank line, the issuer two
    characters in, the date below starting two characters further right."""
    sheet.set_font(FONT, size=BODY_SIZE)
    issuer, date = document.issuer, format_date(document.issued_on)
    issuer_width, date_width = sheet.get_string_width(issuer), sheet.get_string_width(date)
    sheet.make_room(_signature_height(document))
    if document.seal:
        date_x = RIGHT_EDGE - 4 * BODY_SIZE - date_width
        centre_x = date_x + date_width / 2
        issuer_x = min(centre_x - issuer_width / 2, RIGHT_EDGE - issuer_width)
        centre_y = sheet.cursor + LINE / 2 + SEAL_RADIUS
        sheet.cursor = centre_y - LINE + 3 * MM
        sheet.write_line(issuer_x, issuer, size=BODY_SIZE, height=LINE)
        sheet.write_line(date_x, date, size=BODY_SIZE, height=LINE)
        _seal(sheet, centre_x, centre_y, issuer)
        sheet.cursor = centre_y + SEAL_RADIUS
    else:
        issuer_x = RIGHT_EDGE - 2 * BODY_SIZE - issuer_width
        date_x = issuer_x + 2 * BODY_SIZE
        if date_x + date_width > RIGHT_EDGE - 2 * BODY_SIZE:
            date_x = RIGHT_EDGE - 2 * BODY_SIZE - date_width
            issuer_x = date_x - 2 * BODY_SIZE
        sheet.cursor += LINE
        sheet.write_line(issuer_x, issuer, size=BODY_SIZE, height=LINE)
        sheet.write_line(date_x, date, size=BODY_SIZE, height=LINE)


def _seal(sheet: _Sheet, x: float, y: float, name: str) -> None:
    """The round red seal: a ring, a five-pointed star and the name round the upper arc,
    each character upright to the centre. Multiplied over the page like ink, so the
    signature under it stays readable."""
    with sheet.local_context(
        blend_mode="Multiply", draw_color=SEAL_RED, fill_color=SEAL_RED, text_color=SEAL_RED
    ):
        sheet.set_line_width(1.2 * MM)
        sheet.circle(x, y, SEAL_RADIUS - 0.6 * MM)
        outer = SEAL_RADIUS * 0.3
        sheet.star(x, y, outer * 0.382, outer, corners=5, rotate_degrees=180, style="F")
        _seal_name(sheet, x, y, name)


def _seal_name(sheet: _Sheet, x: float, y: float, name: str) -> None:
    """Characters at even angles across at most 240° of the upper arc, shrunk when a long
    name would need more."""
    count = len(name)
    radius = SEAL_RADIUS - 2.2 * MM  # the characters' outer edge, inside the ring
    size = 5.4 * MM
    step = math.degrees(1.3 * size / (radius - size / 2))
    if step * (count - 1) > 240:
        step = 240 / (count - 1)
        size = math.radians(step) * (radius - size / 2) / 1.3
    sheet.set_font(FONT, size=size)
    with sheet.local_context(text_mode=TextMode.FILL_STROKE, line_width=0.03 * size):
        for index, character in enumerate(name):
            angle = step * ((count - 1) / 2 - index)  # degrees from the top, positive leftwards
            with sheet.rotation(angle, x, y):
                width = sheet.get_string_width(character)
                sheet.text(x - width / 2, y - radius + 0.88 * size, character)


def _footnote_lines(sheet: _Sheet, text: str) -> list[str]:
    sheet.set_font(FONT, size=FOOTNOTE_SIZE)
    return wrap(text, sheet.get_string_width, TEXT_WIDTH)


def _footnote_height(sheet: _Sheet, document: OfficialDocument) -> float:
    """The footnote's lines and the gap above its rule; nothing without a footnote."""
    if not document.footnote:
        return 0.0
    return len(_footnote_lines(sheet, document.footnote)) * FOOTNOTE_LINE + LINE / 2


def _footnote(sheet: _Sheet, text: str) -> None:
    """Small print at the foot of the last page under a thin rule, like a 版记."""
    lines = _footnote_lines(sheet, text)
    height = len(lines) * FOOTNOTE_LINE
    sheet.make_room(height + LINE / 2)
    sheet.cursor = BOTTOM - height
    sheet.set_line_width(0.25 * MM)
    sheet.line(LEFT, sheet.cursor - 2 * MM, RIGHT_EDGE, sheet.cursor - 2 * MM)
    for number, line in enumerate(lines):
        justify = TEXT_WIDTH if number < len(lines) - 1 else 0
        sheet.write_line(LEFT, line, size=FOOTNOTE_SIZE, height=FOOTNOTE_LINE, width=justify)


def _qr_code(sheet: _Sheet, payload: str) -> None:
    """The QR code in the top right corner of the first page, above the title, with its quiet
    zone; drawn as a crisp 1-bit image ten pixels a module."""
    image = io.BytesIO()
    segno.make(payload, error="m", micro=False).save(image, kind="png", scale=10, border=4)
    image.seek(0)
    sheet.image(image, x=RIGHT_EDGE - QR_SIZE, y=(TOP - QR_SIZE) / 2, w=QR_SIZE, h=QR_SIZE)


def _refuse_missing_glyphs(sheet: _Sheet) -> None:
    """A character the font cannot draw would print as an empty box, in a name perhaps (CJK
    Extension B and later are not in Noto CJK): such a document is refused rather than issued
    wrong."""
    missing = sorted({chr(code) for font in sheet.fonts.values() for code in font.missing_glyphs})
    if missing:
        raise DomainError(
            "pdf_glyph_missing",
            _("文书字体无法显示这些字符：%(characters)s") % {"characters": "".join(missing)},
        )


def wrap(
    text: str,
    width_of: Callable[[str], float],
    width: float,
    *,
    first_width: float | None = None,
) -> list[str]:
    """Break ``text`` into lines no wider than ``width`` (``first_width`` for the first).
    Chinese breaks between any two characters except where punctuation forbids it; a Latin
    word or number breaks only when it is longer than a whole line."""
    lines: list[str] = []
    line, used, limit = "", 0.0, width if first_width is None else first_width
    pending = deque(_pieces(text))
    while pending:
        piece = pending.popleft()
        piece_width = width_of(piece)
        if piece_width > width and len(piece) > 1:
            pending.extendleft(reversed(piece))  # longer than any line: break anywhere
            continue
        if line and used + piece_width > limit:
            lines.append(line.rstrip())
            line, used, limit = "", 0.0, width
            if piece.isspace():
                continue
        line += piece
        used += piece_width
    if line.strip() or not lines:
        lines.append(line.rstrip())
    return lines


def _pieces(text: str) -> Iterable[str]:
    """The unbreakable pieces of ``text``: punctuation joined to the character it belongs to."""
    pieces: list[str] = []
    glue_next = False
    for piece in PIECE.findall(tidy(text)):
        if pieces and (glue_next or piece[0] in NO_LINE_START):
            pieces[-1] += piece
        else:
            pieces.append(piece)
        glue_next = piece[-1] in NO_LINE_END
    return pieces
