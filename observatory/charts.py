"""The observatory's charts, declared once (what each counts, its title, its bins), and
built from the counts of the filtered sheets: rows for the table and the CSV, bars for the
SVG drawn by the template (no JavaScript, no third party).

A chart counts sheets: by option (keywords, territories…: a sheet under several keywords
counts under each), as a share of the sheets (partner types), or by bins of a figure
(budgets, head counts) with the sheets that state none and the median of those that do.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum

from django.utils.translation import gettext_lazy as _

from parsing.naming import match_key
from parsing.numbers import grouped

from .filters import ObservatoryFilterSet

# The rows a chart draws; the table says how many more there are, the CSV has them all.
SHOWN_ROWS = 15
# The SVG's geometry, in user units (the drawing scales to its box, about as wide): labels
# right-aligned before the bars, each bar's value after it.
WIDTH, LABEL_WIDTH, BAR_AREA, ROW_HEIGHT, BAR_HEIGHT, TOP = 560, 220, 240, 30, 20, 6
FONT_SIZE = 15
# A longer label is cut (the table beside gives it whole).
LABEL_CHARACTERS = 23


class Kind(Enum):
    COUNT = "count"  # sheets per option
    SHARE = "share"  # share of the sheets with each option
    DISTRIBUTION = "distribution"  # sheets per bin of a figure


@dataclass(frozen=True)
class Bin:
    low: int
    high: int | None  # None: no upper bound
    unit: str

    @property
    def label(self) -> str:
        if self.high is None:
            return f"{grouped(self.low)} {self.unit} et plus"
        if self.low == self.high:
            return f"{grouped(self.low)} {self.unit}"
        return f"{grouped(self.low)} à {grouped(self.high)} {self.unit}"

    @property
    def value(self) -> str:
        return f"{self.low}-{'' if self.high is None else self.high}"

    def holds(self, value: int) -> bool:
        return value >= self.low and (self.high is None or value <= self.high)


def _bins(bounds: tuple[int, ...], unit: str) -> tuple[Bin, ...]:
    """Bins from their lower bounds, the last open."""
    highs = [*(bound - 1 for bound in bounds[1:]), None]
    return tuple(Bin(low, high, unit) for low, high in zip(bounds, highs, strict=True))


BUDGET_BINS = _bins((0, 1, 500, 1_000, 5_000, 10_000, 50_000), "€")
PEOPLE_BINS = _bins((0, 5, 10, 20, 50, 100, 500), "personnes")


@dataclass(frozen=True)
class ChartDeclaration:
    slug: str  # its CSV's address: /observatoire/<slug>.csv
    facet: str  # the filter (or figure) of the index it counts
    title: str
    kind: Kind = Kind.COUNT
    bins: tuple[Bin, ...] = ()


CHARTS = (
    ChartDeclaration("mots-cles", "keyword", _("Fiches par mot clé")),
    ChartDeclaration("territoires", "territory", _("Fiches par territoire concerné")),
    ChartDeclaration("publics", "public", _("Fiches par public")),
    ChartDeclaration("dimensions", "dimension", _("Fiches par dimension")),
    ChartDeclaration("statuts", "status", _("Fiches par statut de l'action")),
    ChartDeclaration("departements", "departement", _("Fiches par département")),
    ChartDeclaration("centres", "centre", _("Fiches par centre")),
    ChartDeclaration(
        "partenaires", "partner_type", _("Part des fiches menées avec chaque type de partenaire"),
        Kind.SHARE,
    ),
    ChartDeclaration(
        "budgets", "budget", _("Ressources financières mobilisées (budget en euros)"),
        Kind.DISTRIBUTION, BUDGET_BINS,
    ),
    ChartDeclaration(
        "personnes", "people", _("Nombre de personnes mobilisées"),
        Kind.DISTRIBUTION, PEOPLE_BINS,
    ),
)  # fmt: skip
CHARTS_BY_SLUG = {chart.slug: chart for chart in CHARTS}


@dataclass(frozen=True)
class Row:
    label: str
    value: str  # the option's identifier in the list's URL, or the bin's bounds
    count: int
    share: int  # of the filtered sheets, in whole percent
    missing: bool = False  # the sheets that state no figure


@dataclass(frozen=True)
class Bar:
    """A row as the SVG draws it: its label, its bar and its value, in user units."""

    label: str
    y: int
    width: int
    value_text: str
    value_x: int
    missing: bool

    label_x = LABEL_WIDTH - 8
    bar_x = LABEL_WIDTH
    bar_height = BAR_HEIGHT
    font_size = FONT_SIZE

    @property
    def text_y(self) -> int:
        """The baseline of the row's texts, level with the middle of its bar."""
        return self.y + BAR_HEIGHT // 2 + 5


@dataclass
class Chart:
    declaration: ChartDeclaration
    total: int  # the filtered sheets
    rows: list[Row]
    median: int | None = None
    with_figure: int = 0
    hidden: int = 0  # rows beyond SHOWN_ROWS
    bars: list[Bar] = field(default_factory=list)
    csv_url: str = ""  # the page sets it, with the page's filters

    @property
    def slug(self) -> str:
        return self.declaration.slug

    @property
    def title(self) -> str:
        return str(self.declaration.title)

    @property
    def is_share(self) -> bool:
        return self.declaration.kind is Kind.SHARE

    @property
    def is_distribution(self) -> bool:
        return self.declaration.kind is Kind.DISTRIBUTION

    @property
    def shown_rows(self) -> list[Row]:
        return self.rows[: len(self.rows) - self.hidden]

    @property
    def description(self) -> str:
        """What the chart shows, in words: the SVG's ``<desc>``, the first rows read out."""
        if not self.rows:
            return f"{self.title} : aucune fiche."
        parts = [
            f"{row.label} : {row.share} %" if self.is_share else f"{row.label} : {row.count}"
            for row in self.shown_rows
        ]
        text = f"{self.title}, sur {self.total} fiches. " + " ; ".join(parts) + "."
        if self.is_distribution and self.median is not None:
            text += f" Médiane : {self.median_text} ({self.with_figure} fiches chiffrées)."
        return text

    @property
    def median_text(self) -> str:
        """The median with its unit ("1 228 €"), "" when no sheet states the figure."""
        if self.median is None:
            return ""
        return f"{grouped(self.median)} {self.declaration.bins[0].unit}"

    @property
    def width(self) -> int:
        return WIDTH

    @property
    def height(self) -> int:
        return TOP + ROW_HEIGHT * max(1, len(self.bars))


def build_charts(filterset: ObservatoryFilterSet) -> list[Chart]:
    total = filterset.result_count
    return [build_chart(declaration, filterset, total) for declaration in CHARTS]


def build_chart(declaration: ChartDeclaration, filterset: ObservatoryFilterSet, total: int):
    counted = filterset.counted(declaration.facet)
    if declaration.kind is Kind.DISTRIBUTION:
        chart = _distribution(declaration, counted, total)
    else:
        rows = [
            Row(filterset.label_of(declaration.facet, value, label), value, count,
                _share(count, total))
            for value, label, count in counted
            if value not in (None, "")
        ]  # fmt: skip
        rows.sort(key=lambda row: (-row.count, match_key(row.label)))
        chart = Chart(declaration, total, rows, hidden=max(0, len(rows) - SHOWN_ROWS))
    chart.bars = _bars(chart)
    return chart


def _distribution(declaration: ChartDeclaration, counted, total: int) -> Chart:
    values = sorted((int(value), count) for value, _, count in counted)
    rows = [
        Row(bin_.label, bin_.value, count := sum(n for v, n in values if bin_.holds(v)),
            _share(count, total))
        for bin_ in declaration.bins
    ]  # fmt: skip
    with_figure = sum(count for _, count in values)
    rows.append(
        Row(str(_("Sans chiffre")), "", total - with_figure, _share(total - with_figure, total),
            missing=True)
    )  # fmt: skip
    return Chart(declaration, total, rows, median=_median(values), with_figure=with_figure)


def _median(values: list[tuple[int, int]]) -> int | None:
    """The median of values given with their counts, in order (halves rounded up)."""
    count = sum(n for _, n in values)
    if not count:
        return None
    middle = [(count - 1) // 2, count // 2]
    found, seen = [], 0
    for value, n in values:
        while middle and middle[0] < seen + n:
            found.append(value)
            middle.pop(0)
        seen += n
    return (found[0] + found[1] + 1) // 2


def _share(count: int, total: int) -> int:
    return round(100 * count / total) if total else 0


def _bars(chart: Chart) -> list[Bar]:
    rows = chart.shown_rows
    largest = max((row.share if chart.is_share else row.count for row in rows), default=0)
    bars = []
    for number, row in enumerate(rows):
        amount = row.share if chart.is_share else row.count
        width = round(BAR_AREA * amount / largest) if largest else 0
        label = row.label[:1].upper() + row.label[1:]
        if len(label) > LABEL_CHARACTERS:
            label = label[: LABEL_CHARACTERS - 1].rstrip() + "…"
        value_text = f"{row.share} %" if chart.is_share else f"{row.count} ({row.share} %)"
        bars.append(
            Bar(label, TOP + number * ROW_HEIGHT, width, value_text,
                LABEL_WIDTH + width + 6, row.missing)
        )  # fmt: skip
    return bars
