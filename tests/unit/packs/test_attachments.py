"""Reading the text of bidders' attachments: plain text, PDF and Word."""

from __future__ import annotations

import io

import docx
import pytest
from reportlab.lib import pdfencrypt
from reportlab.pdfgen import canvas

from svdesk.packs.attachments import (
    SUPPORTED_SUFFIXES,
    AttachmentError,
    extract_text,
    media_type,
)


def make_pdf(pages: list[list[str]], encrypt: pdfencrypt.StandardEncryption | None = None) -> bytes:
    out = io.BytesIO()
    pdf = canvas.Canvas(out, encrypt=encrypt)
    for lines in pages:
        y = 780
        for line in lines:
            pdf.drawString(72, y, line)
            y -= 18
        if not lines:
            pdf.rect(72, 400, 200, 200, fill=1)  # a picture, no text: like a scanned page
        pdf.showPage()
    pdf.save()
    return out.getvalue()


def make_docx() -> bytes:
    document = docx.Document()
    document.add_heading("Our social value offer", level=1)
    document.add_paragraph("We will hire local people.   ")
    for _ in range(4):
        document.add_paragraph("")
    table = document.add_table(rows=3, cols=3)
    for column, text in enumerate(["Measure", "Target", "Year"]):
        table.cell(0, column).text = text
    table.cell(1, 0).text = "Apprentices"
    table.cell(1, 1).merge(table.cell(1, 2)).text = "12 a year"
    document.add_heading("Monitoring", level=2)
    document.add_paragraph("Reported quarterly.")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def whole_text(path: str, data: bytes) -> str:
    """The attachment's text, checked to be read in full."""
    result = extract_text(path, data)
    assert result.shortfall == ""
    return result.text


def failure(path: str, data: bytes) -> str:
    with pytest.raises(AttachmentError) as caught:
        extract_text(path, data)
    message = str(caught.value)
    assert "\n" not in message
    assert message.startswith(f"the attachment '{path}' ")
    return message


# -- Media types ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("a.txt", "text/plain"),
        ("notes/A.MD", "text/markdown"),
        ("answers\\B01.Pdf", "application/pdf"),
        ("b.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    ],
)
def test_media_type(path: str, expected: str) -> None:
    assert media_type(path) == expected


def test_supported_suffixes_are_the_formats() -> None:
    assert SUPPORTED_SUFFIXES == (".txt", ".md", ".pdf", ".docx")


@pytest.mark.parametrize("path", ["prices.xlsx", "answer.doc", "README"])
def test_unsupported_types_are_refused(path: str) -> None:
    with pytest.raises(AttachmentError, match=r"attachments must be \.txt, \.md, \.pdf or \.docx"):
        media_type(path)
    assert "attachments must be" in failure(path, b"data")


# -- Plain text ----------------------------------------------------------------------------------


def test_text_utf8_with_and_without_bom() -> None:
    text = "Café – £5 a week\r\nSecond line"
    assert whole_text("a.txt", text.encode("utf-8")) == "Café – £5 a week\nSecond line"
    assert whole_text("a.md", b"\xef\xbb\xbf" + text.encode()) == "Café – £5 a week\nSecond line"


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be", "utf-16-le"])
def test_text_utf16_with_bom(encoding: str) -> None:
    bom = "" if encoding == "utf-16" else "\ufeff"
    data = (bom + "Apprentices: 12\r\nNet zero by 2030").encode(encoding)
    assert whole_text("a.txt", data) == "Apprentices: 12\nNet zero by 2030"


def test_text_windows_1252() -> None:
    data = "Café – “quoted” £5\rend".encode("cp1252")
    assert data != "Café – “quoted” £5\rend".encode()
    assert whole_text("a.txt", data) == "Café – “quoted” £5\nend"


def test_text_tidy_trailing_spaces_and_blank_runs() -> None:
    data = b"  Title  \n\n\n\n\nBody\t \n\nEnd\n\n\n"
    assert whole_text("a.txt", data) == "  Title\n\nBody\n\nEnd"


def test_binary_file_renamed_txt_is_refused() -> None:
    message = failure("a.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    assert "cannot be read as text" in message
    assert "binary" in message


# -- PDF -----------------------------------------------------------------------------------------


def test_pdf_pages_joined_by_blank_lines() -> None:
    data = make_pdf([["Social value offer", "We will hire 12 apprentices."], ["Page two text"]])
    assert whole_text("answers/B01.pdf", data) == (
        "Social value offer\nWe will hire 12 apprentices.\n\nPage two text"
    )


def test_scanned_pdf_without_text_gives_empty_text() -> None:
    assert whole_text("scan.pdf", make_pdf([[], []])) == ""


def test_pdf_with_user_password_is_refused() -> None:
    locked = make_pdf([["Hidden"]], pdfencrypt.StandardEncryption("secret", ownerPassword="x"))
    message = failure("locked.pdf", locked)
    assert "cannot be read as a PDF" in message
    assert "password-protected" in message


def test_pdf_with_owner_password_only_opens() -> None:
    restricted = pdfencrypt.StandardEncryption("", ownerPassword="owner", canCopy=0)
    assert whole_text("r.pdf", make_pdf([["Readable text"]], restricted)) == "Readable text"


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"%PDF-1.4\n1 0 obj << /Type /Catalog", "damaged"),
        (b"Dear panel, here is our answer.", "not a PDF file"),
        (b"", "not a PDF file"),
    ],
)
def test_corrupt_pdf_is_refused(data: bytes, expected: str) -> None:
    message = failure("bad.pdf", data)
    assert "cannot be read as a PDF" in message
    assert expected in message


def test_truncated_pdf_is_refused() -> None:
    data = make_pdf([["Some text"]])
    assert "damaged" in failure("cut.pdf", data[: len(data) // 3])


# -- Word ----------------------------------------------------------------------------------------


def test_docx_paragraphs_and_tables_in_order() -> None:
    assert whole_text("answers/B01.docx", make_docx()) == (
        "Our social value offer\n"
        "We will hire local people.\n"
        "\n"
        "Measure | Target | Year\n"
        "Apprentices | 12 a year\n"
        "\n"
        "Monitoring\n"
        "Reported quarterly."
    )


@pytest.mark.parametrize(
    "data",
    [b"not a word document", b"PK\x03\x04 broken zip", b""],
)
def test_corrupt_docx_is_refused(data: bytes) -> None:
    message = failure("bad.docx", data)
    assert "cannot be read as a Word document" in message


def test_zip_that_is_not_a_docx_is_refused() -> None:
    out = io.BytesIO()
    import zipfile

    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("hello.txt", "hello")
    message = failure("other.docx", out.getvalue())
    assert "cannot be read as a Word document: it is damaged" in message


def test_truncated_docx_is_refused() -> None:
    data = make_docx()
    assert "cannot be read as a Word document" in failure("cut.docx", data[: len(data) // 2])


def test_password_protected_docx_is_explained() -> None:
    message = failure("locked.docx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(1024))
    assert "password-protected or an old Word 97-2003 .doc file" in message
