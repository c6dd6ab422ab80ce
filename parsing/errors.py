"""The one error the sheet parsers raise: what was expected, in which file, at which line."""

from __future__ import annotations


class SheetParseError(ValueError):
    def __init__(self, message: str, *, line: int, source: str = "") -> None:
        self.message = message
        self.line = line
        self.source = source
        super().__init__(str(self))

    def __str__(self) -> str:
        where = f"{self.source}:{self.line}" if self.source else f"ligne {self.line}"
        return f"{where} : {self.message}"
