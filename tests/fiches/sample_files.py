"""Small real files of each type an attachment may be, made here rather than shipped."""

import io
import zipfile

from PIL import Image
from pypdf import PdfWriter

OLE2_HEADER = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
EXE_BYTES = b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 64


def pdf_bytes() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)  # A4
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def image_bytes(image_format: str, size: tuple[int, int] = (4, 3)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, "#c04020").save(buffer, format=image_format)
    return buffer.getvalue()


def zip_bytes(parts: dict[str, str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, text in parts.items():
            archive.writestr(name, text)
    return buffer.getvalue()


def ooxml_bytes(main_part: str) -> bytes:
    return zip_bytes({"[Content_Types].xml": "<Types/>", main_part: "<document/>"})


def opendocument_bytes(kind: str) -> bytes:
    mimetype = f"application/vnd.oasis.opendocument.{kind}"
    return zip_bytes({"mimetype": mimetype, "content.xml": "<office:document-content/>"})


PDF_BYTES = pdf_bytes()
PNG_BYTES = image_bytes("PNG")
