"""What an import refuses, said as a parse error says it: the file, the line, what is wrong."""


class SheetImportError(Exception):
    """A file that cannot be read, or a sheet that parsed but cannot be stored."""

    def __init__(self, message: str, *, line: int, source: str = "") -> None:
        self.message, self.line, self.source = message, line, source
        super().__init__(str(self))

    def __str__(self) -> str:
        return f"{self.source}:{self.line} : {self.message}"
