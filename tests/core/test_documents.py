"""Official documents as PDF: Chinese text that any viewer shows, wrapped and paged like a 公文."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import re
from pathlib import Path

import pytest
import segno
from django.core.exceptions import ImproperlyConfigured
from hypothesis import given
from hypothesis import strategies as st
from pypdf import PageObject, PdfReader
from pypdf.generic import DictionaryObject

from tongban.core.documents import OfficialDocument, format_date, render_pdf, tidy, wrap
from tongban.core.errors import DomainError

VERIFY_URL = "https://tongban.example.gov.cn/verify/37010220261120000001"
SENTENCE = "经审查，申请材料不齐全、不符合法定形式。"
ITEMS = [
    f"材料{number}：食品安全管理制度缺少从业人员健康管理、进货查验记录和场所设施清洗消毒制度，"
    f"请补充完整后加盖公章（第{number}份）。"
    for number in range(1, 41)
]


def notice(**changes) -> OfficialDocument:
    """一次性补正告知书 with every part filled in: the same for every test that asks."""
    document = OfficialDocument(
        title="一次性补正告知书",
        number="济政务补〔2026〕0001号",
        addressee="张伟",
        paragraphs=[
            "你于2026年11月20日提出的食品经营许可申请（申请编号：37010220261120000001），"
            + SENTENCE
            + "根据《中华人民共和国行政许可法》第三十二条的规定，现一次性告知需要补正的全部内容。",
            "请自收到本告知书之日起二十个工作日内通过通办平台提交补正材料。",
        ],
        rows=[
            ("事项名称", "食品经营许可"),
            ("经营场所", "山东省济南市历下区泉城路188号恒隆广场五层L501室（东侧靠近电梯厅）"),
        ],
        items=ITEMS,
        issuer="济南市政务服务中心",
        issued_on=dt.date(2026, 11, 23),
        qr_payload=VERIFY_URL,
        footnote="如对本告知书有异议，可以自收到之日起六十日内申请行政复议。",
    )
    return dataclasses.replace(document, **changes)


@pytest.fixture(scope="module")
def pdf() -> bytes:
    return render_pdf(notice())


@pytest.fixture(scope="module")
def short_unsealed_pdf() -> bytes:
    return render_pdf(notice(items=(), rows=(), seal=False, qr_payload=None, footnote=None))


def read(data: bytes) -> PdfReader:
    return PdfReader(io.BytesIO(data))


def page_text(reader: PdfReader, index: int) -> str:
    """The page's text without line breaks, which fall anywhere in Chinese (no test sentence
    has a space of its own)."""
    return "".join(reader.pages[index].extract_text().split())


def all_text(reader: PdfReader) -> str:
    """The whole document's text, without the page numbers that would split a paragraph."""
    pages = (page_text(reader, index) for index in range(len(reader.pages)))
    return "".join(re.sub(r"—\d+—$", "", text) for text in pages)


def test_the_output_is_a_pdf(pdf: bytes) -> None:
    assert pdf.startswith(b"%PDF-")


def test_the_chinese_font_is_embedded_as_a_subset_of_its_simplified_chinese_face(
    pdf: bytes,
) -> None:
    fonts = [font.get_object() for font in read(pdf).pages[0]["/Resources"]["/Font"].values()]
    assert fonts
    for font in fonts:
        descendant = font["/DescendantFonts"][0].get_object()
        descriptor: DictionaryObject = descendant["/FontDescriptor"].get_object()
        assert "/FontFile2" in descriptor  # TrueType outlines, the most widely read kind
        assert font["/Encoding"] == "/Identity-H"
        assert re.fullmatch(r"/[A-Z]{6}\+NotoSerifCJKSC", font["/BaseFont"])


def test_title_addressee_paragraph_table_and_every_item_can_be_read_back(pdf: bytes) -> None:
    reader = read(pdf)
    first = page_text(reader, 0)
    text = all_text(reader)

    assert "一次性补正告知书" in first
    assert "济政务补〔2026〕0001号" in first
    assert "张伟：" in first
    assert SENTENCE in text
    assert "食品经营许可" in text
    assert "山东省济南市历下区泉城路188号恒隆广场五层L501室（东侧靠近电梯厅）" in text
    for item in ITEMS:
        assert item in text
    assert "济南市政务服务中心" in text
    assert "2026年11月23日" in text


def test_forty_items_run_over_several_numbered_pages(pdf: bytes) -> None:
    reader = read(pdf)

    assert len(reader.pages) > 1
    for index in range(len(reader.pages)):
        assert f"—{index + 1}—" in page_text(reader, index)


def test_the_signature_never_stands_on_a_page_without_body_text(pdf: bytes) -> None:
    last = page_text(read(pdf), -1)

    assert last.index(ITEMS[-1][-12:]) < last.index("2026年11月23日")


def test_the_same_document_renders_to_the_same_bytes(pdf: bytes) -> None:
    assert render_pdf(notice()) == pdf


def test_metadata_carry_the_title_and_the_date_of_issue(pdf: bytes) -> None:
    metadata = read(pdf).metadata

    assert metadata.title == "一次性补正告知书"
    assert metadata.author == "济南市政务服务中心"
    assert metadata.creation_date == dt.datetime(
        2026, 11, 23, tzinfo=dt.timezone(dt.timedelta(hours=8))
    )


def test_the_qr_code_is_an_image_on_the_first_page_that_encodes_the_payload(pdf: bytes) -> None:
    images = read(pdf).pages[0].images
    assert len(images) == 1
    picture = images[0].image.convert("L")
    matrix = segno.make(VERIFY_URL, error="m", micro=False).matrix
    module = picture.width / (len(matrix) + 8)  # four modules of quiet zone on each side

    def dark(row: int, column: int) -> bool:
        centre = (int((column + 4.5) * module), int((row + 4.5) * module))
        return picture.getpixel(centre) < 128

    assert [[dark(r, c) for c in range(len(matrix))] for r in range(len(matrix))] == [
        [bool(bit) for bit in line] for line in matrix
    ]


def test_no_qr_code_is_drawn_when_none_is_asked_for(short_unsealed_pdf: bytes) -> None:
    assert len(read(short_unsealed_pdf).pages[0].images) == 0


def blend_modes(page: PageObject) -> set[str]:
    states = page["/Resources"].get("/ExtGState", DictionaryObject()).get_object()
    return {str(state.get_object().get("/BM")) for state in states.values()}


def test_only_a_sealed_document_carries_the_seal(pdf: bytes, short_unsealed_pdf: bytes) -> None:
    """The seal is multiplied over the page like ink: its blend mode shows where it is drawn."""
    unsealed = read(short_unsealed_pdf)

    assert "/Multiply" in blend_modes(read(pdf).pages[-1])
    assert "/Multiply" not in blend_modes(unsealed.pages[0])
    assert "济南市政务服务中心" in page_text(unsealed, 0)


def test_dates_are_written_in_arabic_numerals_without_leading_zeros() -> None:
    assert format_date(dt.date(2026, 1, 5)) == "2026年1月5日"
    assert format_date(dt.date(2026, 11, 23)) == "2026年11月23日"


def test_a_character_the_font_cannot_draw_is_refused_not_printed_as_a_box() -> None:
    with pytest.raises(DomainError) as caught:
        render_pdf(notice(addressee="王\U00030000", items=(), rows=(), qr_payload=None))

    assert caught.value.code == "pdf_glyph_missing"
    assert "\U00030000" in str(caught.value.message)


def test_a_configured_truetype_font_is_used(pdf: bytes, settings, tmp_path: Path) -> None:
    """Any font file will do: here the TrueType subset the first rendering embedded."""
    [font] = [f.get_object() for f in read(pdf).pages[0]["/Resources"]["/Font"].values()]
    descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"].get_object()
    (tmp_path / "subset.ttf").write_bytes(descriptor["/FontFile2"].get_object().get_data())
    settings.TONGBAN_PDF_FONT = str(tmp_path / "subset.ttf")

    again = read(render_pdf(notice()))

    assert all_text(again) == all_text(read(pdf))


def test_a_configured_font_that_is_not_there_is_a_configuration_error(settings) -> None:
    settings.TONGBAN_PDF_FONT = "/nonexistent/font.ttf"

    with pytest.raises(ImproperlyConfigured, match="TONGBAN_PDF_FONT"):
        render_pdf(notice())


def test_whitespace_is_kept_only_between_latin_words() -> None:
    assert tidy(" 经审查，\n不符合\t条件 ") == "经审查，不符合条件"
    assert tidy("Tongban  v1.0\nbeta 版") == "Tongban v1.0 beta版"


def cells(text: str) -> float:
    """A stand-in for measuring: Latin characters one cell wide, everything else two."""
    return sum(1.0 if character.isascii() else 2.0 for character in text)


def test_closing_punctuation_never_starts_a_line() -> None:
    assert wrap("申请材料不齐全。请补正", cells, 14) == ["申请材料不齐", "全。请补正"]


def test_opening_punctuation_never_ends_a_line() -> None:
    assert wrap("依照《行政许可法》", cells, 6) == ["依照", "《行政", "许可", "法》"]


def test_a_number_is_not_broken_across_lines() -> None:
    assert wrap("编号37010220", cells, 9) == ["编号", "37010220"]


def test_a_word_longer_than_a_line_fills_the_line_before_it_breaks() -> None:
    assert wrap("见https://a.cn/xyz", cells, 8) == ["见https:", "//a.cn/x", "yz"]


def test_the_first_line_may_be_narrower_for_its_indent() -> None:
    assert wrap("一二三四五六七八", cells, 8, first_width=4) == ["一二", "三四五六", "七八"]


@given(
    text=st.text(alphabet="政务服务中心，。（）《》 abc123", max_size=80),
    width=st.integers(min_value=4, max_value=40),
)
def test_wrapping_loses_nothing_and_keeps_every_line_inside_the_width(
    text: str, width: int
) -> None:
    lines = wrap(text, cells, width)

    assert "".join("".join(lines).split()) == "".join(text.split())
    assert all(cells(line) <= width for line in lines)
