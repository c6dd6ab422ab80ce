"""Text helpers shared by the sheet parsers: cleaning what Word and Windows leave in a file,
and comparing headings the way a person reads them.
"""

from __future__ import annotations

import re
import unicodedata

from parsing.errors import SheetParseError

BYTE_ORDER_MARK = "\ufeff"

# Word leaves its hidden bookmarks in text exports ("[bookmark: _GoBack]"), even mid-line.
_WORD_BOOKMARK = re.compile(r"\[bookmark:[^\]\n]*\]")
_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "ʼ": "'", "´": "'", "`": "'"})
_DASHES = str.maketrans({"–": "-", "—": "-", "‐": "-", "‑": "-", "−": "-"})
_WHITESPACE_RUN = re.compile(r"\s+")
# "L' ACTION", "( si autre )", "Constat (s)", "Public (s) :" all read like their tight forms.
_SPACE_BEFORE_PUNCTUATION = re.compile(r" (?=[:;,.?!)(\]'])")
_SPACE_AFTER_OPENING = re.compile(r"(?<=[(\['])\s")


def clean_source(text: str) -> str:
    """Undo what the export added around the text, without touching the text itself.

    Removes byte order marks and Word bookmarks, and turns CRLF and lone CR line ends into LF.
    Line numbers are unchanged, so they still point at the original file.
    """
    # Not only the leading one: concatenated exports carry a mark at the start of each file.
    text = text.replace(BYTE_ORDER_MARK, "")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _WORD_BOOKMARK.sub("", text)


def split_lines(text: str) -> list[str]:
    """The cleaned lines of ``text``; a final line break does not open an extra empty line."""
    text = clean_source(text)
    if not text:
        return []
    return text.removesuffix("\n").split("\n")


def reject_binary(text: str, *, source: str = "") -> None:
    """Refuse text that is really a binary file (or one decoded with the wrong encoding)."""
    position = text.find("\x00")
    if position >= 0:
        line = clean_source(text[:position]).count("\n") + 1
        raise SheetParseError(
            "le fichier contient des octets nuls : ce n'est pas un texte (fichier binaire ou "
            "mauvais encodage ?)",
            line=line,
            source=source,
        )


def strip_value(value: str) -> str:
    """Strip spaces, tabs and non-breaking spaces at both ends (``str.strip`` covers them all)."""
    return value.strip()


def heading_key(text: str) -> str:
    """A form of ``text`` for tolerant heading comparison.

    Casefolds, strips accents, treats typographic apostrophes and dashes as plain ones, collapses
    any whitespace (non-breaking spaces and tabs included) and drops the spaces people put before
    punctuation or inside parentheses, so that "RAISON D'ETRE DE L' ACTION" and
    "Raison d’être de l’action" give the same key.
    """
    decomposed = unicodedata.normalize("NFKD", text)
    text = "".join(char for char in decomposed if not unicodedata.combining(char))
    text = text.casefold().translate(_APOSTROPHES).translate(_DASHES)
    text = _WHITESPACE_RUN.sub(" ", text).strip()
    text = _SPACE_BEFORE_PUNCTUATION.sub("", text)
    return _SPACE_AFTER_OPENING.sub("", text)


def join_text_lines(lines: list[str]) -> str:
    """Free text from its lines: inner line breaks and blank lines kept, blank edges removed.

    Trailing whitespace of each line is dropped: it is invisible and export-dependent, and keeping
    it would make the same sheet differ between a Word and a plain-text export.
    """
    return strip_value("\n".join(line.rstrip() for line in lines))
