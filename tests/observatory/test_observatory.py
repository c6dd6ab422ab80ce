"""The observatory (``/observatoire/``): its counts are those of the sheets the list's filters
give, counted here again row by row; they agree with the list's facets; its CSVs; its
query count does not grow with the catalogue."""

import csv
import io
import re
import statistics
from collections import Counter

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.facet_store import forget_indexes
from fiches.models import Action, Keyword
from observatory.charts import BUDGET_BINS, CHARTS, PEOPLE_BINS
from tests.centres.factories import CentreFactory
from tests.fiches.factories import ActionFactory, PartnerTypeFactory

pytestmark = pytest.mark.django_db

URL = "/observatoire/"
# Sheets of the seeds filed under "parentalite", in the Yvelines: a coordinator's question.
PARENTING_IN_YVELINES = {"keyword": "parentalite", "departement": "Yvelines"}


def expected_counts(sheets) -> dict[str, Counter]:
    """Each chart's count per option, sheet by sheet, as a person would tally them."""
    counts = {chart.slug: Counter() for chart in CHARTS if chart.facet not in ("budget", "people")}
    for sheet in sheets:
        counts["mots-cles"].update(k.slug for k in sheet.keywords.all())
        counts["publics"].update(p.slug for p in sheet.publics.all())
        counts["partenaires"].update(p.slug for p in sheet.partner_types.all())
        for slug, value in (
            ("territoires", sheet.territory), ("dimensions", sheet.dimension),
            ("statuts", sheet.status), ("departements", sheet.centre.departement),
            ("centres", sheet.centre.slug),
        ):  # fmt: skip
            if value:
                counts[slug][value] += 1
    return counts


def filtered_sheets(keyword=None, departement=None):
    """The published sheets a filter gives, by plain ORM reads."""
    sheets = []
    for sheet in Action.objects.published().select_related("centre"):
        if keyword and keyword not in {k.slug for k in sheet.keywords.all()}:
            continue
        if departement and sheet.centre.departement != departement:
            continue
        sheets.append(sheet)
    return sheets


def charts_of(response) -> dict:
    return {chart.slug: chart for chart in response.context["charts"]}


@pytest.mark.parametrize("filters", [{}, PARENTING_IN_YVELINES], ids=["tout", "filtre"])
def test_every_count_is_the_sheets_counted_one_by_one(client, seeded, filters):
    sheets = filtered_sheets(**filters)
    assert sheets  # the filter gives sheets to count

    response = client.get(URL, filters)

    assert response.context["result_count"] == len(sheets)
    charts = charts_of(response)
    for slug, expected in expected_counts(sheets).items():
        assert {row.value: row.count for row in charts[slug].rows} == dict(expected), slug
    shares = {row.value: row.share for row in charts["partenaires"].rows}
    partners = expected_counts(sheets)["partenaires"]
    assert shares == {slug: round(100 * n / len(sheets)) for slug, n in partners.items()}


@pytest.mark.parametrize("filters", [{}, PARENTING_IN_YVELINES], ids=["tout", "filtre"])
@pytest.mark.parametrize(
    ("slug", "field", "bins"),
    [("budgets", "budget_euros", BUDGET_BINS), ("personnes", "people_count", PEOPLE_BINS)],
)
def test_the_figures_distributions_bins_missing_and_median(
    client, seeded, filters, slug, field, bins
):
    values = [getattr(sheet, field) for sheet in filtered_sheets(**filters)]
    stated = [value for value in values if value is not None]

    chart = charts_of(client.get(URL, filters))[slug]

    counted = {row.label: row.count for row in chart.rows}
    for bin_ in bins:
        in_bin = [v for v in stated if v >= bin_.low and (bin_.high is None or v <= bin_.high)]
        assert counted[bin_.label] == len(in_bin)
    assert counted["Sans chiffre"] == len(values) - len(stated)
    assert chart.median == round(statistics.median(stated) + 0.001)


def test_the_counts_agree_with_the_lists_facets(client, seeded):
    facets = {
        facet.name: {option.value: option.count for option in facet.options}
        for facet in client.get("/actions/", {"keyword": "parentalite"}).context["facets"]
    }
    charts = charts_of(client.get(URL, {"keyword": "parentalite"}))

    # Every facet but the filtered one counts the same sheets in the list.
    for chart in CHARTS:
        if chart.facet in facets and chart.facet != "keyword":
            counted = {row.value: row.count for row in charts[chart.slug].rows}
            assert counted == {v: n for v, n in facets[chart.facet].items() if n}, chart.slug


def test_the_page_shows_its_filters_and_links_to_the_matching_list(client, seeded):
    response = client.get(URL, PARENTING_IN_YVELINES)

    html = response.content.decode()
    assert "Mots clés : Parentalité" in html
    assert 'href="/actions/?keyword=parentalite&amp;departement=Yvelines"' in html
    assert 'href="/observatoire/budgets.csv?keyword=parentalite&amp;departement=Yvelines"' in html
    assert 'rel="license"' in html
    assert '<a href="/observatoire/" aria-current="page">Observatoire</a>' in html


def test_each_chart_is_an_svg_with_its_title_description_values_and_table(client, seeded):
    html = client.get(URL).content.decode()

    for chart in CHARTS:
        section = html[html.index(f'id="graphique-{chart.slug}"') :]
        section = section[: section.index("</section>")]
        assert f'role="img" aria-labelledby="svg-titre-{chart.slug} svg-desc-{chart.slug}"' in (
            section
        )
        assert f'<title id="svg-titre-{chart.slug}">' in section
        assert f'<desc id="svg-desc-{chart.slug}">' in section
        # Every bar has its value written beside it.
        assert section.count("<rect ") == section.count("</text>") // 2 > 0
        assert "<caption>" in section and "<table" in section
        assert "style=" not in section


def test_a_filter_that_gives_nothing_says_so(client, seeded):
    response = client.get(URL, {"q": "zzzqqqwww"})

    assert response.status_code == 200
    assert response.context["result_count"] == 0
    assert "Aucune fiche ne correspond à ces filtres." in response.content.decode()


def test_a_chart_as_csv(client, seeded):
    response = client.get("/observatoire/mots-cles.csv", PARENTING_IN_YVELINES)

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'rel="license"' in response["Link"]
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text[1:]), delimiter=";"))
    assert rows[0] == ["libellé", "valeur", "fiches", "part des fiches (%)"]
    expected = expected_counts(filtered_sheets(**PARENTING_IN_YVELINES))["mots-cles"]
    assert {value: int(count) for _, value, count, _ in rows[1:]} == dict(expected)


def test_an_unknown_chart_is_not_found(client, db):
    assert client.get("/observatoire/inconnu.csv").status_code == 404


def test_drafts_are_counted_for_staff_only(client, staff_client, db):
    ActionFactory(title="Publiée", financial_resources="100 €")
    ActionFactory(title="Brouillon", publication_state="brouillon")

    assert client.get(URL).context["result_count"] == 1
    assert staff_client.get(URL).context["result_count"] == 2


def many_sheets(count: int, *, start: int = 0) -> None:
    keywords = [
        Keyword.objects.get_or_create_by_name("Cuisine")[0],
        Keyword.objects.get_or_create_by_name("Santé")[0],
    ]
    centres = [CentreFactory() for _ in range(3)]
    for index in range(start, start + count):
        ActionFactory(
            title=f"Atelier {index:03}", centre=centres[index % 3], keywords=keywords,
            partner_types=[PartnerTypeFactory()], territory=f"Quartier {index % 4}",
            financial_resources=f"{100 * index} €", people_mobilised=f"{index} bénévoles",
        )  # fmt: skip


def queries_of(client, params) -> int:
    forget_indexes()
    client.get(URL, params)  # builds the index
    with CaptureQueriesContext(connection) as queries:
        assert client.get(URL, params).status_code == 200
    return len(queries)


@pytest.mark.parametrize(
    "params", [{}, {"keyword": "cuisine", "q": "atelier"}], ids=["sans-filtre", "filtres"]
)
def test_the_page_runs_a_bounded_number_of_queries(client, params):
    many_sheets(5)
    few = queries_of(client, params)
    many_sheets(40, start=5)

    assert queries_of(client, params) == few
    assert few <= 6


def test_the_sheet_csv_names_no_more_than_the_page(client, seeded):
    html = client.get(URL).content.decode()
    links = re.findall(r'href="(/observatoire/[a-z-]+\.csv)"', html)
    assert sorted(links) == sorted(f"/observatoire/{chart.slug}.csv" for chart in CHARTS)
    for link in links:
        assert client.get(link).status_code == 200
