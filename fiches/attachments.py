"""What a coordinator may attach to a sheet, and where it is stored.

A file is accepted when its extension is one of the allowed document types AND its first
bytes are that type's signature: an executable renamed ``.pdf`` is refused. Office documents
are ZIP (OOXML, OpenDocument) or OLE2 (legacy Office) containers; a ZIP must also hold the
member that makes it a document. SVG and HTML are not accepted: a browser would run scripts
they carry from the site's own origin.
"""

from __future__ import annotations

import uuid
import zipfile
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

MAX_ATTACHMENT_SIZE = 10 * 1024 * 1024  # 10 Mo

PDF = (b"%PDF-",)
JPEG = (b"\xff\xd8\xff",)
PNG = (b"\x89PNG\r\n\x1a\n",)
GIF = (b"GIF87a", b"GIF89a")
OLE2 = (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",)  # .doc, .xls, .ppt
ZIP = (b"PK\x03\x04",)
OOXML_MEMBER = "[Content_Types].xml"  # every .docx, .xlsx, .pptx has it
ODF_MEMBER = "mimetype"  # every .odt, .ods, .odp starts with it

# extension: (accepted signatures, the ZIP member that must be there, or "")
ALLOWED_TYPES: dict[str, tuple[tuple[bytes, ...], str]] = {
    "pdf": (PDF, ""),
    "jpg": (JPEG, ""),
    "jpeg": (JPEG, ""),
    "png": (PNG, ""),
    "gif": (GIF, ""),
    "webp": ((b"RIFF",), ""),  # and "WEBP" at offset 8, checked below
    "doc": (OLE2, ""),
    "xls": (OLE2, ""),
    "ppt": (OLE2, ""),
    "docx": (ZIP, OOXML_MEMBER),
    "xlsx": (ZIP, OOXML_MEMBER),
    "pptx": (ZIP, OOXML_MEMBER),
    "odt": (ZIP, ODF_MEMBER),
    "ods": (ZIP, ODF_MEMBER),
    "odp": (ZIP, ODF_MEMBER),
}


def attachment_extension(name: str) -> str:
    return PurePath(name).suffix.lower().lstrip(".")


def validate_attachment(file) -> None:
    """Refuses a file over 10 Mo, of a type not allowed, or whose content is not its type."""
    if file.size > MAX_ATTACHMENT_SIZE:
        raise ValidationError(
            _("Le fichier pèse %(size)s ; %(max)s au plus."),
            code="too_large",
            params={
                "size": filesizeformat(file.size),
                "max": filesizeformat(MAX_ATTACHMENT_SIZE),
            },
        )
    extension = attachment_extension(file.name)
    if extension not in ALLOWED_TYPES:
        raise ValidationError(
            _("Type de fichier non accepté (« .%(extension)s ») : PDF, images (JPEG, PNG, GIF, "
              "WebP) ou documents bureautiques (Word, Excel, PowerPoint, OpenDocument)."),
            code="type_not_allowed",
            params={"extension": extension},
        )  # fmt: skip
    signatures, zip_member = ALLOWED_TYPES[extension]
    file.seek(0)
    head = file.read(16)
    file.seek(0)
    looks_right = head.startswith(signatures) and (extension != "webp" or head[8:12] == b"WEBP")
    if looks_right and zip_member:
        looks_right = _zip_has_member(file, zip_member)
    if not looks_right:
        raise ValidationError(
            _("Le contenu du fichier ne correspond pas à son extension « .%(extension)s »."),
            code="content_mismatch",
            params={"extension": extension},
        )


def _zip_has_member(file, member: str) -> bool:
    try:
        with zipfile.ZipFile(file) as archive:
            return member in archive.namelist()
    except (zipfile.BadZipFile, OSError):
        return False
    finally:
        file.seek(0)


def attachment_upload_to(attachment, filename: str) -> str:
    """``fiches/<slug de la fiche>/<uuid>.<ext>``: the name the user gave is never a path."""
    return f"fiches/{attachment.action.slug}/{uuid.uuid4().hex}.{attachment_extension(filename)}"
