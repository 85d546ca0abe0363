"""Reading generated documents back as a person would: the PDF through poppler's pdftotext (layout kept), the
Word file through python-docx (paragraphs, then the cells of every table, in order)."""

import io
import subprocess
import unicodedata


def pdf_text(content):
    """The PDF's text with its layout (pdftotext -layout), NFC."""
    result = subprocess.run(
        ["pdftotext", "-layout", "-enc", "UTF-8", "-", "-"], input=content, capture_output=True, check=True
    )
    return unicodedata.normalize("NFC", result.stdout.decode("utf-8"))


def pdf_page_count(content):
    from pypdf import PdfReader

    return len(PdfReader(io.BytesIO(content)).pages)


def docx_lines(content):
    """Every paragraph of the Word file, body and tables (cells left to right, rows top to bottom), NFC."""
    from docx import Document

    document = Document(io.BytesIO(content))
    lines = []
    body = document.element.body
    for child in body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            lines.append("".join(node.text or "" for node in child.iter() if node.tag.endswith("}t")))
        elif tag == "tbl":
            for row in child.iter():
                if row.tag.endswith("}tc"):
                    for paragraph in row.iter():
                        if paragraph.tag.endswith("}p"):
                            lines.append("".join(n.text or "" for n in paragraph.iter() if n.tag.endswith("}t")))
    return [unicodedata.normalize("NFC", line) for line in lines]


def docx_tables(content):
    """Each table of the Word file as rows of cell texts."""
    from docx import Document

    document = Document(io.BytesIO(content))
    return [
        [[unicodedata.normalize("NFC", cell.text) for cell in row.cells] for row in table.rows]
        for table in document.tables
    ]


def docx_header_repeats(content):
    """For each table: whether its first row is marked to repeat on every page (w:tblHeader)."""
    from docx import Document
    from docx.oxml.ns import qn

    document = Document(io.BytesIO(content))
    flags = []
    for table in document.tables:
        properties = table.rows[0]._tr.trPr
        flags.append(properties is not None and properties.find(qn("w:tblHeader")) is not None)
    return flags
