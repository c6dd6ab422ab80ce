"""The charts' arithmetic (``observatory.charts``): bins, median, bars."""

import pytest

from observatory.charts import (
    BAR_AREA,
    BUDGET_BINS,
    CHARTS,
    PEOPLE_BINS,
    Chart,
    Row,
    _bars,
    _median,
)


def test_the_bins_cover_every_value_once():
    for bins in (BUDGET_BINS, PEOPLE_BINS):
        for value in [*range(0, 2000), 10**6, 10**9]:
            assert sum(bin_.holds(value) for bin_ in bins) == 1, value


def test_bins_read_as_french_ranges():
    assert [bin_.label for bin_ in BUDGET_BINS[:3]] == ["0 €", "1 à 499 €", "500 à 999 €"]
    assert BUDGET_BINS[-1].label == "50\u202f000 € et plus"


@pytest.mark.parametrize(
    ("values", "median"),
    [([], None), ([(7, 1)], 7), ([(1, 1), (2, 1)], 2), ([(1, 2), (10, 1)], 1),
     ([(100, 1), (300, 3)], 300), ([(0, 2), (50, 2)], 25)],
)  # fmt: skip
def test_median_of_counted_values(values, median):
    assert _median(values) == median


def test_the_longest_bar_fills_the_area_and_every_bar_says_its_value():
    declaration = next(chart for chart in CHARTS if chart.slug == "mots-cles")
    rows = [Row("Parentalité", "parentalite", 8, 80), Row("Santé", "sante", 2, 20)]
    chart = Chart(declaration, 10, rows)

    bars = _bars(chart)

    assert [bar.width for bar in bars] == [BAR_AREA, BAR_AREA // 4]
    assert [bar.value_text for bar in bars] == ["8 (80 %)", "2 (20 %)"]
    assert bars[1].y > bars[0].y
