"""When the next partner meetings fall, as a project sheet's perspectives plan them
(« Deux rencontres partenaires chaque année (en juin et décembre) »). Pure Python: it reads
the sheet's text and a date."""

from __future__ import annotations

import unicodedata
from datetime import date

MONTHS = {
    "janvier": 1, "fevrier": 2, "mars": 3, "avril": 4, "mai": 5, "juin": 6, "juillet": 7,
    "aout": 8, "septembre": 9, "octobre": 10, "novembre": 11, "decembre": 12,
}  # fmt: skip
# The sheet's plan when its perspectives speak of meetings without naming their months.
JUNE_AND_DECEMBER = (6, 12)
# The day of the month proposed: a date to change, the month is what the plan says.
PROPOSED_DAY = 15
MEETING_WORD = "rencontre"


def _plain(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def plans_meetings(perspectives: str) -> bool:
    return MEETING_WORD in _plain(perspectives)


def planned_meeting_months(perspectives: str) -> tuple[int, ...]:
    """The months of the meetings the perspectives plan, from the lines that speak of
    meetings (« rencontres … en juin et décembre » → 6, 12); none when they plan none."""
    lines = [line for line in _plain(perspectives).splitlines() if MEETING_WORD in line]
    months = set()
    for line in lines:
        words = "".join(char if char.isalpha() else " " for char in line).split()
        months.update(MONTHS[word] for word in words if word in MONTHS)
    if lines and not months:
        return JUNE_AND_DECEMBER
    return tuple(sorted(months))


def next_meeting_dates(months: tuple[int, ...], today: date, count: int = 2) -> list[date]:
    """The next ``count`` proposed dates in those months, from today on."""
    proposed = []
    year = today.year
    while months and len(proposed) < count:
        for month in months:
            candidate = date(year, month, PROPOSED_DAY)
            if candidate >= today and len(proposed) < count:
                proposed.append(candidate)
        year += 1
    return proposed
