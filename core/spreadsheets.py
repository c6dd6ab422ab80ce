"""CSV files as French spreadsheet software opens them: UTF-8 with a byte order mark, ";"
between columns. Shared by the open data exports and the observatory's charts."""

import csv

CSV_DELIMITER = ";"  # what French spreadsheet software expects, the comma being decimal
BYTE_ORDER_MARK = "\ufeff"  # without it, a spreadsheet reads UTF-8 as Windows-1252


class _EchoBuffer:
    """What ``csv.writer`` writes to: each line is handed back rather than stored."""

    def write(self, line: str) -> str:
        return line


def csv_lines(rows):
    """``rows`` as the lines of a CSV file that spreadsheets read, written a row at a time."""
    writer = csv.writer(_EchoBuffer(), delimiter=CSV_DELIMITER)
    yield BYTE_ORDER_MARK
    for row in rows:
        yield writer.writerow(row)
