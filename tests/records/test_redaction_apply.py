"""Applying redactions: the text, the image pixels and the vector graphics under each box
are gone from the file (proved by extracting them), the rest stays, each box carries its
ground's code, the file does not grow, and nothing else in it still carries what was
removed."""

from __future__ import annotations

import io

import pymupdf
import pypdf
import pytest
from PIL import Image, ImageDraw

from records.grounds import CODES, Ground
from records.redaction import Box, RedactionError, apply_redactions, suggest

from . import documents as d

A4 = CODES[Ground.THIRD_PARTY]
REMOVED = [d.ID_ZHANG, d.ID_SPLIT, d.ID_LI, "13800000000", d.MOBILE_TABLE, d.CARD,
           d.EMAIL, d.EMAIL_2, "张伟", "李娜", "王芳", "2281234", "62345678", "5000",
           d.MOBILE_FULL_WIDTH, "xinfang", "ecology"]
KEPT = ["莆田市生态环境局信访件办理情况报告", "荔城区某企业夜间排放废气", "固定电话", "银行卡",
        "经查，该企业已于2026年3月整改完毕，监测结果达标。", d.ORDER_NO, d.ID_BAD_CHECK]


def squeezed(text: str) -> str:
    return "".join(text.split())


def pymupdf_text(pdf: bytes) -> str:
    with pymupdf.open(stream=pdf) as document:
        return squeezed("".join(page.get_text() for page in document))


def pypdf_text(pdf: bytes) -> str:
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    return squeezed("".join(page.extract_text(extraction_mode="plain") for page in reader.pages))


def every_object(pdf: bytes) -> bytes:
    """The whole file with its streams decompressed: what any tool could dig out of it."""
    with pymupdf.open(stream=pdf) as document:
        parts = []
        for xref in range(1, document.xref_length()):
            parts.append(document.xref_object(xref, compressed=True).encode())
            if document.xref_is_stream(xref):
                parts.append(document.xref_stream(xref) or b"")
        return b"\n".join(parts)


def all_boxes(pdf: bytes, names=d.NAMES) -> list[Box]:
    return [box for s in suggest(pdf, names) for box in s.boxes(A4)]


@pytest.fixture(scope="module")
def letter():
    original = d.letter_pdf()
    return original, apply_redactions(original, all_boxes(original))


def test_the_redacted_strings_are_gone_from_the_text_also_across_lines(letter):
    original, redacted = letter
    for extract in (pymupdf_text, pypdf_text):
        before, after = extract(original), extract(redacted)
        for text in REMOVED:
            assert text in before
            assert text not in after, (extract.__name__, text)


def test_the_text_outside_the_boxes_is_still_there(letter):
    after = pymupdf_text(letter[1])
    for text in KEPT:
        assert text in after
    # Neighbours of a box keep their characters: 确认 before 李, 同志 after 娜.
    assert "确认" in after and "同志已到场" in after and "（身份证号码）" in after


def test_each_box_is_black_and_labelled_with_its_grounds_code(letter):
    original, redacted = letter
    boxes = all_boxes(original)
    page = pymupdf.open(stream=redacted)[0]
    assert page.get_text().split().count(A4) == len(boxes)
    fills = [p["rect"] for p in page.get_drawings() if p.get("fill") == (0.0, 0.0, 0.0)]
    for box in boxes:
        assert any(abs(rect.x0 - box.x0) < 1 and abs(rect.y1 - box.y1) < 1 for rect in fills)


def test_the_pixels_of_an_image_under_a_box_are_changed_and_the_rest_kept():
    original = d.letter_pdf()
    page = pymupdf.open(stream=original)[0]
    (image,) = page.get_images()
    where = page.get_image_rects(image[0])[0]
    scale_x = where.width / d.PHOTO_SIZE[0]
    scale_y = where.height / d.PHOTO_SIZE[1]
    # A box over the blue block's middle: image pixels 80..120 × 45..75.
    box = Box(1, where.x0 + 80 * scale_x, where.y0 + 45 * scale_y,
              where.x0 + 120 * scale_x, where.y0 + 75 * scale_y, A4)
    redacted = apply_redactions(original, [box])
    document = pymupdf.open(stream=redacted)
    (after,) = document[0].get_images()
    pixels = pymupdf.Pixmap(document, after[0])
    assert (pixels.width, pixels.height) == d.PHOTO_SIZE  # the image kept, not rasterised
    assert pixels.pixel(100, 60) != d.PHOTO_BLUE
    assert pixels.pixel(85, 50) != d.PHOTO_BLUE
    assert pixels.pixel(60, 40) == d.PHOTO_BLUE  # the block outside the box
    assert pixels.pixel(10, 10) == d.PHOTO_RED
    assert pixels.pixel(190, 110) == d.PHOTO_RED


def test_a_vector_line_under_a_box_is_gone_and_the_others_stay():
    original = d.letter_pdf()
    page = pymupdf.open(stream=original)[0]
    lines = [p["rect"] for p in page.get_drawings() if p["type"] == "s"]
    # The table's left border beside 姓名: a vertical line.
    cell = page.search_for("姓名")[0]
    border = min((r for r in lines if r.width < 2 and r.y0 <= cell.y0 and r.y1 >= cell.y1),
                 key=lambda r: abs(r.x0 - cell.x0))
    box = Box(1, border.x0 - 2, cell.y0, border.x1 + 2, cell.y1, A4)
    redacted = pymupdf.open(stream=apply_redactions(original, [box]))[0]
    remaining = [p["rect"] for p in redacted.get_drawings() if p["type"] == "s"]
    def under_box(r):  # a line's rectangle has no width: Rect.intersects is false
        return r.x0 <= box.x1 and r.x1 >= box.x0 and r.y0 <= box.y1 and r.y1 >= box.y0

    assert [r for r in lines if under_box(r)]
    assert not [r for r in remaining if under_box(r)]
    assert len(remaining) >= len(lines) - 3  # only the lines the box touches
    assert "姓名" in redacted.get_text()


def test_an_ocr_scan_loses_the_text_and_the_ink_under_its_boxes():
    original = d.scan_pdf()
    suggestions = suggest(original, d.NAMES)
    redacted = apply_redactions(original, [b for s in suggestions for b in s.boxes(A4)])
    before, after = pymupdf_text(original), pymupdf_text(redacted)
    for text in (d.ID_ZHANG, "13800000000", "张伟", "11010519491231"):
        assert text in before
    for text in (d.ID_ZHANG, "13800000000", "张伟", "11010519491231"):
        assert text not in after
        assert text not in pypdf_text(redacted)
    assert "监测结果达标" in after and "莆田市生态环境局" in after
    document = pymupdf.open(stream=redacted)
    (image,) = document[0].get_images()
    pixels = pymupdf.Pixmap(document, image[0])
    scale = pixels.width / document[0].rect.width
    source = d.scan_image()
    for suggestion in suggestions:
        for x0, y0, x1, y1 in suggestion.rects:
            # There was ink under the box; now every pixel under it is blank.
            region = (int(x0 * scale) + 1, int(y0 * scale) + 1, int(x1 * scale), int(y1 * scale))
            assert source.crop(region).getextrema()[0] < 128
            blanked = {pixels.pixel(x, y)[0] for x in range(region[0], region[2], 7)
                       for y in range(region[1], region[3], 7)}
            assert blanked == {255}, suggestion
    assert pixels.width == source.width  # the scan's image kept at full resolution


def test_a_redacted_text_pdf_is_no_bigger_than_one_fifth_over_the_original(letter):
    original, redacted = letter
    assert len(redacted) <= 1.2 * len(original)


def test_metadata_annotations_fields_attachments_and_scripts_that_carry_the_text_are_dropped():
    document = pymupdf.open(stream=d.letter_pdf())
    secret = f"张伟 {d.ID_ZHANG} {d.EMAIL}"
    document.set_metadata({"title": f"信访件 {d.ID_ZHANG}", "author": d.EMAIL,
                           "subject": secret, "keywords": d.MOBILE_TABLE})
    document.set_xml_metadata(f"<x:xmpmeta xmlns:x='adobe:ns:meta/'>{d.ID_ZHANG}</x:xmpmeta>")
    page = document[0]
    page.add_text_annot((400, 600), f"核对：{d.ID_ZHANG}")
    page.add_freetext_annot(pymupdf.Rect(400, 650, 560, 700), d.EMAIL)
    widget = pymupdf.Widget()
    widget.field_name, widget.field_type = "id_number", pymupdf.PDF_WIDGET_TYPE_TEXT
    widget.field_value, widget.rect = d.ID_ZHANG, pymupdf.Rect(300, 700, 500, 720)
    widget.script = f"app.alert('{d.ID_ZHANG}');"
    page.add_widget(widget)
    page.insert_link({"kind": pymupdf.LINK_URI, "uri": f"mailto:{d.EMAIL}",
                      "from": pymupdf.Rect(77, 181, 234, 198)})
    document.embfile_add("名单.txt", f"{secret}\n".encode(), filename="list.txt")
    document.set_toc([[1, "信访人张伟的材料", 1]])
    document.xref_set_key(document.pdf_catalog(), "OpenAction",
                          f"<</S/JavaScript/JS(app.alert\\('{d.EMAIL}'\\))>>")
    prepared = document.tobytes()
    assert d.ID_ZHANG.encode() in every_object(prepared)

    redacted = apply_redactions(prepared, all_boxes(prepared))
    raw = every_object(redacted) + redacted
    for text in (d.ID_ZHANG, d.EMAIL, d.MOBILE_TABLE):
        assert text.encode() not in raw
    for text in ("张伟", d.ID_ZHANG):
        assert text.encode("utf-16-be") not in raw
        assert text.encode("utf-16-be").hex().upper().encode() not in raw.upper()
    result = pymupdf.open(stream=redacted)
    assert not any(result.metadata.get(k) for k in ("title", "author", "subject", "keywords"))
    assert result.get_xml_metadata() == ""
    assert not list(result[0].annots()) and not list(result[0].widgets())
    assert not result[0].get_links() and result.embfile_count() == 0
    assert result.get_toc() == [[1, "信访人■■的材料", 1]]


def test_a_document_with_nothing_to_withhold_is_still_cleaned():
    document = pymupdf.open(stream=d.letter_pdf())
    document.set_metadata({"author": "张伟"})
    redacted = apply_redactions(document.tobytes(), [])
    assert not pymupdf.open(stream=redacted).metadata.get("author")
    assert "张伟" in pymupdf_text(redacted)


@pytest.mark.parametrize("box, message", [
    (Box(0, 100, 100, 200, 120, A4), "第 0 页不存在：该文件共 1 页"),
    (Box(2, 100, 100, 200, 120, A4), "第 2 页不存在：该文件共 1 页"),
    (Box(1, 100, 100, 100, 120, A4), "面积为零"),
    (Box(1, 200, 100, 100, 120, A4), "坐标颠倒"),
    (Box(1, 500, 800, 700, 820, A4), "超出页面范围"),
    (Box(1, -20, 100, 50, 120, A4), "超出页面范围"),
    (Box(1, 100, 100, 200, 120, ""), "缺少不予公开理由"),
])
def test_a_bad_box_is_refused_with_a_message_and_nothing_is_made(box, message):
    with pytest.raises(RedactionError, match=message):
        apply_redactions(d.letter_pdf(), [Box(1, 77, 142, 137, 160, A4), box])


def test_an_encrypted_or_broken_file_is_refused():
    document = pymupdf.open(stream=d.letter_pdf())
    locked = document.tobytes(encryption=pymupdf.PDF_ENCRYPT_AES_256, user_pw="mima", owner_pw="o")
    owner_only = document.tobytes(encryption=pymupdf.PDF_ENCRYPT_AES_128, owner_pw="owner",
                                  permissions=pymupdf.PDF_PERM_PRINT)
    for data in (locked, owner_only):
        with pytest.raises(RedactionError, match="已加密"):
            apply_redactions(data, [])
    with pytest.raises(RedactionError, match="已损坏或不是 PDF"):
        apply_redactions(d.letter_pdf()[:2000], [])


def test_a_redaction_annotation_already_in_the_file_is_dropped_not_applied():
    document = pymupdf.open(stream=d.letter_pdf())
    page = document[0]
    page.add_redact_annot(page.search_for("荔城区")[0], fill=(0, 0, 0))
    redacted = apply_redactions(document.tobytes(), [Box(1, *page.search_for("张伟")[0], A4)])
    result = pymupdf.open(stream=redacted)[0]
    assert "荔城区" in result.get_text() and "张伟" not in result.get_text()
    assert not list(result.annots())


def test_a_rotated_page_is_redacted_where_its_text_is():
    document = pymupdf.open(stream=d.letter_pdf())
    document[0].set_rotation(90)
    rotated = document.tobytes()
    redacted = apply_redactions(rotated, all_boxes(rotated))
    after = pymupdf_text(redacted)
    for text in REMOVED:
        assert text not in after
    assert "荔城区某企业夜间排放废气" in after
    assert pymupdf.open(stream=redacted)[0].rotation == 90


def test_a_jpeg_photo_under_a_box_stays_a_jpeg_of_about_its_size():
    photo = Image.new("RGB", (1200, 900))
    draw = ImageDraw.Draw(photo)
    for y in range(0, 900, 4):  # a sky, a field, a building: a photo's gradients and edges
        draw.rectangle((0, y, 1200, y + 4), fill=(90 + y // 8, 140 + y // 10, 230 - y // 6))
    draw.rectangle((300, 350, 800, 850), fill=(150, 150, 140))
    for x in range(320, 780, 60):
        draw.rectangle((x, 400, x + 30, 460), fill=(40, 60, 80))
    buffer = io.BytesIO()
    photo.save(buffer, "JPEG", quality=80)
    document = pymupdf.open()
    page = document.new_page()
    page.insert_image(pymupdf.Rect(50, 50, 530, 410), stream=buffer.getvalue())
    page.insert_text((50, 450), "现场照片（拍摄：张伟）", fontname="china-s")
    original = document.tobytes(garbage=4, deflate=True)
    # A box over the building's windows: image pixels 400..700 × 380..480.
    box = Box(1, 50 + 400 * 0.4, 50 + 380 * 0.4, 50 + 700 * 0.4, 50 + 480 * 0.4, A4)
    redacted = apply_redactions(original, [box])
    result = pymupdf.open(stream=redacted)
    # One image in the file (the page's resources may name it twice).
    (image,) = {entry[0]: entry for entry in result[0].get_images(full=True)}.values()
    assert image[8] == "DCTDecode" and (image[2], image[3]) == (1200, 900)
    assert len(redacted) <= 1.2 * len(original)
    pixels = pymupdf.Pixmap(result, image[0])
    assert min(pixels.pixel(500, 430)) > 240  # the window under the box blanked
    assert max(abs(a - b) for a, b in zip(pixels.pixel(600, 700), (150, 150, 140), strict=True)) < 8
    assert "现场照片" in result[0].get_text()
