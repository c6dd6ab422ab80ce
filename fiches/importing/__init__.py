"""Bringing sheet dumps into the catalogue, by job:

- ``files``: paths expanded, bytes read, text decoded (and its encoding named);
- ``report``: what importing a file did (``FileReport``);
- ``centres``, ``actions``, ``projects``: one writer per kind of record (centres and
  partners; action sheets; project sheets and their children), over what they share
  (``writing``: the file's run, fingerprints, lengths checked before writing);
- ``reading_ahead``: the next file parsed by a process of its own while one is written;
- ``service``: one file in one transaction, each file its report (``import_paths``,
  ``imported_files``, ``import_bytes``, ``import_text``), the only entry the command and the
  admin page use.
"""

from .errors import SheetImportError
from .report import FileReport
from .service import import_bytes, import_paths, import_text, imported_files

__all__ = [
    "FileReport",
    "SheetImportError",
    "import_bytes",
    "import_paths",
    "import_text",
    "imported_files",
]
