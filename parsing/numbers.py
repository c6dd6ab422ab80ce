"""What the figure readers (``parsing.amounts``, ``parsing.head_counts``) share: the record
they return, and reading numbers the way French sheets write them ("2 000", "1 500,00",
"trois", "une trentaine")."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal


@dataclass(frozen=True)
class Figure:
    """A figure read from a text: ``value`` (never negative) in ``unit``, for the whole
    action or ``per`` something ("an", "atelier"); ``approximate`` when the text says
    "environ", "une trentaine", a range; ``note`` says in French how it was read."""

    value: int
    unit: str
    per: str = ""
    approximate: bool = False
    note: str = ""


def describe(figure: Figure | None) -> str:
    """The note stored beside a figure: whether approximate, its period, its unit when not
    the usual one, how it was read ("environ ; par atelier")."""
    if figure is None:
        return ""
    parts = []
    if figure.approximate:
        parts.append("environ")
    if figure.per:
        parts.append(f"par {figure.per}")
    if figure.unit not in ("€", "personnes"):
        parts.append(f"en {figure.unit}")
    if figure.note:
        parts.append(figure.note)
    return " ; ".join(parts)


# A whole number as sheets write it: grouped by thousands with a space or a dot ("2 000",
# "10.000"), or not. Never preceded by another digit, a comma or a dot (the decimals of
# another number).
NUMBER = r"(?<![\d,.])(?:\d{1,3}(?:[ .]\d{3})+(?!\d)|\d+)"
DECIMALS = r"(?:,(?P<cents>\d{1,2})(?!\d))?"

# Words that say a figure is an estimate.
APPROXIMATE_WORDS = re.compile(
    r"\b(?:environ|env\.|approximativement|à peu près|a peu pres|près de|pres de|autour de"
    r"|plus de|au moins|~)",
)

NUMBER_WORDS = {
    "un": 1, "une": 1, "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "six": 6, "sept": 7,
    "huit": 8, "neuf": 9, "dix": 10, "onze": 11, "douze": 12, "treize": 13, "quatorze": 14,
    "quinze": 15, "seize": 16, "vingt": 20, "trente": 30, "quarante": 40, "cinquante": 50,
    "soixante": 60, "cent": 100,
}  # fmt: skip
# "Une trentaine": about thirty. Plural ("des dizaines") says no number.
APPROXIMATE_NUMBER_WORDS = {
    "dizaine": 10, "douzaine": 12, "quinzaine": 15, "vingtaine": 20, "trentaine": 30,
    "quarantaine": 40, "cinquantaine": 50, "soixantaine": 60, "centaine": 100,
}  # fmt: skip


# Spaces made plain and apostrophes straight, by ``normalised``.
_PLAIN_CHARACTERS = str.maketrans(
    dict.fromkeys("\u00a0\u202f\u2009\t", " ") | dict.fromkeys("’‘ʼ´`", "'")
)


def normalised(text: str) -> str:
    """``text`` lower-cased, its spaces plain and apostrophes straight, of the same length
    (matches point into it as into the original)."""
    text = unicodedata.normalize("NFC", text or "").translate(_PLAIN_CHARACTERS)
    lowered = text.lower()
    # Lower-cased at once unless a letter lowers to two ("İ", kept as it is) or as the end
    # of a word ("Σ"): then letter by letter, as the matches need.
    if len(lowered) == len(text) and "Σ" not in text:
        return lowered
    out = []
    for char in text:
        lowered = char.lower()
        out.append(lowered if len(lowered) == 1 else char)
    return "".join(out)


def number_value(digits: str, cents: str | None = None) -> Decimal:
    """The value of :data:`NUMBER`'s match and its decimals."""
    value = Decimal(re.sub(r"[ .]", "", digits))
    if cents:
        value += Decimal(cents) / (10 ** len(cents))
    return value


def whole(value: Decimal) -> int:
    """Rounded to a whole number, halves up (1 500,50 € is 1 501 €)."""
    return int(value.to_integral_value(rounding=ROUND_HALF_UP))


def grouped(value: int) -> str:
    """A number as the page writes it: "12 000" (a narrow no-break space between groups)."""
    return f"{value:,}".replace(",", "\u202f")
