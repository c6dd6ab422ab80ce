"""What a coordinator may attach to a sheet, where it is stored, and how it is served.

A file is accepted when its extension is one of the allowed document types AND its content
is that type, read by its structure where a library can: a PDF is parsed (pypdf), an image
opened and verified (Pillow), an OOXML or OpenDocument file opened as the ZIP archive it is,
with the parts that make it that document; a legacy Office file (OLE2 container) is known by
its header only. An executable renamed ``.pdf``, or a ``%PDF-`` header followed by HTML, is
refused. SVG and HTML are not accepted: a browser would run the scripts they carry.

Files are served by ``web.views.AttachmentView``, which applies the sheet's publication
rules, through :func:`attachment_response`: PDF and images inline, anything else as a
download, never sniffed, in a sandbox (see :data:`SANDBOX_POLICY`).
"""

from __future__ import annotations

import re
import uuid
import warnings
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import PurePath
from typing import NamedTuple

from django.contrib.admin.widgets import AdminFileWidget
from django.core.exceptions import ValidationError
from django.http import FileResponse
from django.template.defaultfilters import filesizeformat
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext_lazy as _

MAX_ATTACHMENT_SIZE = 10 * 1024 * 1024  # 10 Mo
OLE2_HEADER = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .doc, .xls, .ppt
# Markup that a PDF's first bytes never hold and a page made to pass for one does.
HTML_IN_PDF_HEAD = re.compile(rb"<\s*(!doctype|html|head|body|script|iframe|svg)\b", re.I)
PDF_HEAD_SIZE = 1024
# Explicit embedding and override marks (U+202A–U+202E), isolates (U+2066–U+2069), the
# directional marks (U+200E, U+200F, U+061C): in a name they make "exe.pdf" read "fdp.exe".
BIDI_CONTROLS = dict.fromkeys(
    [*range(0x202A, 0x202F), *range(0x2066, 0x206A), 0x200E, 0x200F, 0x061C]
)
# A served file may run nothing, load nothing and reach nothing, even opened on its own.
SANDBOX_POLICY = "sandbox; default-src 'none'"
# Browsers' PDF viewers may draw their page with inline styles (Chromium's shows a PDF with
# or without them): styles, still no script.
PDF_SANDBOX_POLICY = f"{SANDBOX_POLICY}; style-src 'unsafe-inline'"


def without_bidi_controls(text: str) -> str:
    return text.translate(BIDI_CONTROLS)


def content_mismatch(extension: str) -> ValidationError:
    return ValidationError(
        _("Le contenu du fichier ne correspond pas à son extension « .%(extension)s »."),
        code="content_mismatch",
        params={"extension": extension},
    )


def check_pdf(file, extension: str) -> None:
    head = file.read(PDF_HEAD_SIZE)
    if not head.startswith(b"%PDF-"):
        raise content_mismatch(extension)
    if HTML_IN_PDF_HEAD.search(head):
        raise ValidationError(
            _("Ce fichier se présente comme un PDF mais contient une page web (HTML) : il "
              "est refusé."),
            code="html_in_pdf",
        )  # fmt: skip
    file.seek(0)
    # Imported here, as Django imports Pillow for an ImageField: with what it brings
    # (cryptography, fontTools), pypdf holds some 28 MB that a process serving pages would
    # keep for nothing, only an upload needs it.
    from pypdf import PdfReader

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # pypdf warns about what it repairs
            pages = len(PdfReader(file).pages)
    except Exception:  # whatever a malformed file makes the parser raise
        raise ValidationError(
            _("Ce fichier n'est pas un PDF lisible : sa structure est invalide ou incomplète."),
            code="invalid_pdf",
        ) from None
    if not pages:
        raise ValidationError(_("Ce PDF n'a aucune page."), code="empty_pdf")


def image_check(image_format: str) -> Callable:
    """Checks that a file is an image of ``image_format`` (Pillow's name) that decodes."""

    def check(file, extension: str) -> None:
        from PIL import Image  # imported when an upload needs it, like pypdf

        try:
            with warnings.catch_warnings():
                # Pillow only warns of an image large enough to exhaust memory when decoded.
                warnings.simplefilter("error", Image.DecompressionBombWarning)
                with Image.open(file) as image:
                    if image.format != image_format:
                        raise content_mismatch(extension)
                    image.verify()
        except (Image.DecompressionBombWarning, Image.DecompressionBombError):
            raise ValidationError(
                _("Cette image est trop grande (en pixels) pour être déposée."),
                code="image_too_large",
            ) from None

    return check


def zip_check(*required: str, mimetype: str = "") -> Callable:
    """Checks that a file is a ZIP archive holding the ``required`` parts and, for an
    OpenDocument file, whose ``mimetype`` part says its type."""

    def check(file, extension: str) -> None:
        with zipfile.ZipFile(file) as archive:
            if not set(archive.namelist()).issuperset(required):
                raise content_mismatch(extension)
            if mimetype:
                with archive.open("mimetype") as part:  # a few bytes, however large it says
                    if part.read(len(mimetype) + 1) != mimetype.encode():
                        raise content_mismatch(extension)

    return check


def check_ole2(file, extension: str) -> None:
    if file.read(len(OLE2_HEADER)) != OLE2_HEADER:
        raise content_mismatch(extension)


@dataclass(frozen=True)
class AttachmentType:
    content_type: str
    check: Callable  # (file, extension): raises ValidationError
    inline: bool = False  # shown in the browser rather than downloaded
    policy: str = SANDBOX_POLICY


def opendocument(content_type: str) -> AttachmentType:
    # Its "mimetype" part is its content type.
    return AttachmentType(content_type, zip_check("mimetype", mimetype=content_type))


def ooxml(content_type: str, main_part: str) -> AttachmentType:
    return AttachmentType(content_type, zip_check("[Content_Types].xml", main_part))


OFFICE = "application/vnd.openxmlformats-officedocument"
ODF = "application/vnd.oasis.opendocument"
ALLOWED_TYPES: dict[str, AttachmentType] = {
    "pdf": AttachmentType("application/pdf", check_pdf, inline=True, policy=PDF_SANDBOX_POLICY),
    "jpg": AttachmentType("image/jpeg", image_check("JPEG"), inline=True),
    "jpeg": AttachmentType("image/jpeg", image_check("JPEG"), inline=True),
    "png": AttachmentType("image/png", image_check("PNG"), inline=True),
    "gif": AttachmentType("image/gif", image_check("GIF"), inline=True),
    "webp": AttachmentType("image/webp", image_check("WEBP"), inline=True),
    "doc": AttachmentType("application/msword", check_ole2),
    "xls": AttachmentType("application/vnd.ms-excel", check_ole2),
    "ppt": AttachmentType("application/vnd.ms-powerpoint", check_ole2),
    "docx": ooxml(f"{OFFICE}.wordprocessingml.document", "word/document.xml"),
    "xlsx": ooxml(f"{OFFICE}.spreadsheetml.sheet", "xl/workbook.xml"),
    "pptx": ooxml(f"{OFFICE}.presentationml.presentation", "ppt/presentation.xml"),
    "odt": opendocument(f"{ODF}.text"),
    "ods": opendocument(f"{ODF}.spreadsheet"),
    "odp": opendocument(f"{ODF}.presentation"),
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
    file.seek(0)
    try:
        ALLOWED_TYPES[extension].check(file, extension)
    except ValidationError:
        raise
    except Exception:  # whatever a malformed file makes a parser or a decoder raise
        raise content_mismatch(extension) from None
    finally:
        file.seek(0)


def attachment_upload_to(attachment, filename: str) -> str:
    """``fiches/<slug de la fiche>/<uuid>.<ext>``: the name the user gave is never a path."""
    return f"fiches/{attachment.action.slug}/{uuid.uuid4().hex}.{attachment_extension(filename)}"


def attachment_response(attachment) -> FileResponse:
    """The file of ``attachment``, streamed from its storage (whichever it is): PDF and
    images shown, anything else downloaded; its type never sniffed, its content sandboxed
    (a PDF's scripts, were a browser to run them, could not act for the site); kept out of
    shared caches while its sheet is unpublished."""
    kind = ALLOWED_TYPES.get(attachment.extension.lower())
    response = FileResponse(
        attachment.file.open("rb"),
        as_attachment=kind is None or not kind.inline,
        filename=attachment.download_name,
        content_type=kind.content_type if kind else "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = kind.policy if kind else SANDBOX_POLICY
    if not attachment.action.is_published:
        patch_cache_control(response, private=True)
    return response


class LinkedFile(NamedTuple):
    name: str
    url: str

    def __str__(self) -> str:
        return self.name


class AttachmentFileWidget(AdminFileWidget):
    """The workspace's file input, linking the stored file at its address under its sheet
    (``/media/`` is served in development only)."""

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        attachment = getattr(value, "instance", None)
        if context["widget"]["is_initial"] and attachment is not None and attachment.pk:
            context["widget"]["value"] = LinkedFile(str(value), attachment.get_absolute_url())
        return context
