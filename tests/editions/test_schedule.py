"""The next partner meetings, from the months a project sheet's perspectives name."""

from datetime import date

import pytest

from editions.schedule import next_meeting_dates, planned_meeting_months

CHANTIERS = """· Deux rencontres partenaires chaque année (en juin et décembre)
· Une mise à jour annuelle de l'Outil Partenaires
· Favoriser l'accès à la culture (sorties en mars)"""


def test_the_months_are_those_of_the_lines_about_meetings():
    assert planned_meeting_months(CHANTIERS) == (6, 12)


def test_meetings_without_months_are_june_and_december():
    assert planned_meeting_months("Des RENCONTRES régulières") == (6, 12)


def test_no_meeting_planned_gives_no_month():
    assert planned_meeting_months("Favoriser l'accès à la culture en juin") == ()


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (date(2027, 1, 10), [date(2027, 6, 15), date(2027, 12, 15)]),
        (date(2027, 6, 15), [date(2027, 6, 15), date(2027, 12, 15)]),
        (date(2027, 6, 16), [date(2027, 12, 15), date(2028, 6, 15)]),
        (date(2027, 12, 31), [date(2028, 6, 15), date(2028, 12, 15)]),
    ],
)
def test_the_next_dates_follow_today(today, expected):
    assert next_meeting_dates((6, 12), today) == expected


def test_no_month_no_date():
    assert next_meeting_dates((), date(2027, 1, 1)) == []
