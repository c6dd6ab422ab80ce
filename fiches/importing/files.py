"""Reading the files to import: folders expanded, bytes read, text decoded."""

from collections.abc import Iterable
from pathlib import Path

from .errors import SheetImportError

NOT_TEXT = "fichier binaire : un dump de fiches est un fichier texte"


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


def decode_text(data: bytes, *, source: str) -> str:
    """The text of a file's bytes (read from disk or uploaded), or a clear error for what is
    not a UTF-8 text file."""
    if b"\x00" in data:
        line = data[: data.index(b"\x00")].count(b"\n") + 1
        raise SheetImportError(NOT_TEXT, line=line, source=source)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise SheetImportError(
            "le fichier n'est pas encodé en UTF-8 (enregistrez-le en UTF-8 puis réessayez)",
            line=line,
            source=source,
        ) from error
