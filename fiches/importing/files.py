"""Reading the files to import: folders expanded, bytes read, text decoded.

A dump is whatever a centre's computer saved: UTF-8, with or without the byte order mark
Windows' Notepad writes; UTF-16 with its mark (Word's and Notepad's "Unicode"); Windows-1252
(the "ANSI" text of a French Windows) or Latin-1. The encoding is told from the bytes, the
strictest first, since the looser ones read anything:

1. a byte order mark names its encoding (UTF-8 or UTF-16), and the bytes must then be valid;
2. without one, NUL bytes mean a binary file (or UTF-16 without its mark): refused;
3. UTF-8, which a text in another encoding almost never passes by chance;
4. Windows-1252, unless the file holds one of the five bytes it leaves undefined;
5. Latin-1, which decodes any byte.

Whatever the encoding, a text holding control characters other than tab, line breaks and form
feed is not a sheet but a binary file read as text: refused, with its line.
"""

import codecs
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from parsing.text import clean_source

from .errors import SheetImportError

UTF_8 = "UTF-8"
UTF_8_BOM = "UTF-8 avec BOM"
UTF_16_LE = "UTF-16 LE"
UTF_16_BE = "UTF-16 BE"
WINDOWS_1252 = "Windows-1252"
LATIN_1 = "Latin-1 (ISO-8859-1)"

# The marks that name their encoding, with the codec that reads what follows them.
BYTE_ORDER_MARKS = (
    (codecs.BOM_UTF8, "utf-8", UTF_8_BOM),
    (codecs.BOM_UTF16_LE, "utf-16-le", UTF_16_LE),
    (codecs.BOM_UTF16_BE, "utf-16-be", UTF_16_BE),
)
# C0 control characters but tab, line feed, form feed and carriage return.
CONTROL_CHARACTER = re.compile("[\x00-\x08\x0b\x0e-\x1f]")
NOT_TEXT = "fichier binaire : un dump de fiches est un fichier texte"


@dataclass(frozen=True)
class DecodedText:
    text: str
    encoding: str  # as the report names it: "UTF-8", "Windows-1252"…


def expand_paths(paths: Iterable[str | Path]) -> list[Path]:
    """The files given, each folder replaced by its files (hidden ones apart) in name order."""
    files = []
    for path in map(Path, paths):
        if path.is_dir():
            files.extend(
                sorted(p for p in path.rglob("*") if p.is_file() and not p.name.startswith("."))
            )
        else:
            files.append(path)
    return files


def read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as error:
        raise SheetImportError(
            f"fichier illisible ({error.strerror or error})", line=1, source=str(path)
        ) from error


def decode_text(data: bytes, *, source: str) -> DecodedText:
    """The text of a file's bytes (read from disk or uploaded) and the encoding it was read
    in; a clear error, with its line, for what is not text."""
    for mark, codec, encoding in BYTE_ORDER_MARKS:
        if data.startswith(mark):
            body = data[len(mark) :]
            decoded = DecodedText(_decode_marked(body, codec, encoding, source=source), encoding)
            break
    else:
        if b"\x00" in data:
            line = data[: data.index(b"\x00")].count(b"\n") + 1
            raise SheetImportError(NOT_TEXT, line=line, source=source)
        decoded = _decode_unmarked(data)
    if found := CONTROL_CHARACTER.search(decoded.text):
        line = clean_source(decoded.text[: found.start()]).count("\n") + 1
        raise SheetImportError(
            f"{NOT_TEXT} (caractère de contrôle U+{ord(found.group()):04X} lu en "
            f"{decoded.encoding})",
            line=line,
            source=source,
        )
    return decoded


def _decode_marked(data: bytes, codec: str, encoding: str, *, source: str) -> str:
    try:
        return data.decode(codec)
    except UnicodeDecodeError as error:
        read = data[: error.start].decode(codec, errors="replace")
        raise SheetImportError(
            f"le fichier commence par la marque de l'encodage {encoding} mais n'est pas écrit "
            "dans cet encodage à partir de cette ligne (fichier tronqué ou abîmé ?)",
            line=clean_source(read).count("\n") + 1,
            source=source,
        ) from error


def _decode_unmarked(data: bytes) -> DecodedText:
    try:
        return DecodedText(data.decode("utf-8"), UTF_8)
    except UnicodeDecodeError:
        pass
    try:
        # Python's codec refuses the bytes Windows-1252 leaves undefined (0x81, 0x8D, 0x8F,
        # 0x90 and 0x9D). Without them, Windows-1252 is the likelier of the two: the same
        # letters as Latin-1, plus the curly quotes, "œ" and "€" that French text is full of.
        return DecodedText(data.decode("cp1252"), WINDOWS_1252)
    except UnicodeDecodeError:
        return DecodedText(data.decode("latin-1"), LATIN_1)
