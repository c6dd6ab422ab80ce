"""The action list's FilterSet: several values per filter (OR within, AND across), facet
counts in a single query, chips, lenient reading of old URLs, sort orders."""

import pytest
from django.http import QueryDict
from django.test import RequestFactory

from core.filters import FACET_OPTIONS_SHOWN
from core.publication import PublicationState
from fiches.enums import ActionStatus
from fiches.filters import ActionFilterSet, SortOrder
from fiches.models import Action
from tests.centres.factories import CentreFactory
from tests.fiches.factories import (
    ActionFactory,
    InitiatorFactory,
    KeywordFactory,
    PartnerTypeFactory,
    PublicFactory,
)


def filterset(query: str = "", queryset=None) -> ActionFilterSet:
    request = RequestFactory().get(f"/actions/?{query}")
    return ActionFilterSet(
        request.GET,
        queryset=queryset if queryset is not None else Action.objects.published(),
        request=request,
    )


def titles(fs: ActionFilterSet) -> list[str]:
    return list(fs.qs.values_list("title", flat=True))


@pytest.fixture
def catalogue():
    """Four published sheets and a draft, across two centres and two communes."""
    keywords = {name: KeywordFactory(name=name) for name in ("Parentalité", "Santé", "Culture")}
    publics = {name: PublicFactory(name=name) for name in ("Familles", "Seniors")}
    versailles = CentreFactory(display_name="Maison de quartier des Lilas", commune="Versailles")
    trappes = CentreFactory(display_name="Centre social Albert Schweitzer", commune="Trappes")
    ActionFactory(
        title="Café des parents",
        centre=versailles,
        keywords=[keywords["Parentalité"]],
        publics=[publics["Familles"]],
        territory="Un quartier",
        dimension="Services",
    )
    ActionFactory(
        title="Atelier cuisine",
        centre=versailles,
        keywords=[keywords["Parentalité"], keywords["Santé"]],
        publics=[publics["Familles"]],
        territory="Une commune",
        status=ActionStatus.FINISHED,
    )
    ActionFactory(
        title="Gym douce",
        centre=trappes,
        keywords=[keywords["Santé"]],
        publics=[publics["Seniors"]],
        territory="Un quartier",
        partner_types=[PartnerTypeFactory(name="Commune")],
        initiators=[InitiatorFactory(name="Un groupe d'habitants")],
    )
    ActionFactory(title="Boîte à livres", centre=trappes, keywords=[keywords["Culture"]])
    ActionFactory(
        title="Brouillon santé",
        centre=trappes,
        keywords=[keywords["Santé"]],
        publication_state=PublicationState.DRAFT,
    )


pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("catalogue")]


ALL = ["Atelier cuisine", "Boîte à livres", "Café des parents", "Gym douce"]


def test_no_filter_lists_every_published_sheet_by_title():
    assert titles(filterset()) == ALL


def test_values_of_one_filter_are_ored_without_repeating_a_sheet():
    # "Atelier cuisine" has both keywords: it comes once.
    assert titles(filterset("keyword=parentalite&keyword=sante")) == [
        "Atelier cuisine",
        "Café des parents",
        "Gym douce",
    ]


def test_filters_are_anded():
    assert titles(filterset("keyword=sante&public=familles")) == ["Atelier cuisine"]
    assert titles(filterset("keyword=sante&public=familles&territory=Un+quartier")) == []


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("territory=Un+quartier", ["Café des parents", "Gym douce"]),
        ("departement=Yvelines", ALL),
        ("commune=Trappes", ["Boîte à livres", "Gym douce"]),
        ("centre=maison-de-quartier-des-lilas", ["Atelier cuisine", "Café des parents"]),
        ("public=seniors", ["Gym douce"]),
        ("dimension=Services", ["Café des parents"]),
        ("status=terminee", ["Atelier cuisine"]),
        ("status=en_cours&status=terminee", ALL),
        ("partner_type=commune", ["Gym douce"]),
        ("initiator=un-groupe-d-habitants", ["Gym douce"]),
        ("q=cuisine", ["Atelier cuisine"]),
        ("q=cuisine&keyword=culture", []),
    ],
)  # fmt: skip
def test_each_filter(query, expected):
    assert sorted(titles(filterset(query))) == expected


def test_values_that_match_nothing_are_ignored_not_errors():
    fs = filterset("keyword=inconnu&keyword=sante&status=bidon&sort=nimporte&territory=")

    assert titles(fs) == ["Atelier cuisine", "Gym douce"]
    assert fs.current_sort == SortOrder.TITLE
    assert [chip.label for chip in fs.active_filters()] == ["Santé"]


def test_values_with_control_characters_are_dropped_before_the_database():
    # PostgreSQL refuses a NUL in any text: the value must not reach a query.
    fs = filterset("keyword=%00&keyword=sante&centre=a%00b&territory=Un%01quartier&status=%00")

    assert titles(fs) == ["Atelier cuisine", "Gym douce"]
    assert [chip.label for chip in fs.active_filters()] == ["Santé"]
    assert fs.result_count == 2


def test_facet_counts_say_what_each_option_would_give_with_the_other_filters():
    fs = filterset("keyword=sante&public=familles")
    facets = {facet.name: facet for facet in fs.facets()}

    # Keywords are counted without the keyword filter, with the public one.
    keyword_counts = {option.label: option.count for option in facets["keyword"].options}
    assert keyword_counts == {"Parentalité": 2, "Santé": 1}
    # Publics without the public filter, with the keyword one (the draft does not count).
    public_counts = {option.label: option.count for option in facets["public"].options}
    assert public_counts == {"Familles": 1, "Seniors": 1}
    selected = {o.label for facet in facets.values() for o in facet.options if o.selected}
    assert selected == {"Santé", "Familles"}
    status_counts = [(option.label, option.count) for option in facets["status"].options]
    assert status_counts == [("Terminée", 1)]


def test_a_chosen_option_that_gives_nothing_stays_listed_to_be_unticked():
    fs = filterset("keyword=culture&public=seniors")
    keyword = next(facet for facet in fs.facets() if facet.name == "keyword")

    culture = next(option for option in keyword.options if option.label == "Culture")
    assert (culture.count, culture.selected) == (0, True)


def test_options_come_in_label_order_and_status_in_its_own():
    facets = {facet.name: facet for facet in filterset().facets()}

    assert [option.label for option in facets["keyword"].options] == [
        "Culture",
        "Parentalité",
        "Santé",
    ]
    assert [option.value for option in facets["status"].options] == ["en_cours", "terminee"]
    assert [option.html_id for option in facets["territory"].options] == [
        "territory-un-quartier",
        "territory-une-commune",
    ]


def test_facets_and_count_read_only_the_version_and_the_search_rows(django_assert_num_queries):
    filterset().facets()  # builds the facet index of the published sheets
    fs = filterset("keyword=sante&public=familles&q=cuisine")
    fs.errors  # noqa: B018  (validates the form: one query per filter naming objects)

    # The catalogue's version, the keys the search gives: whether the words typed find any
    # sheet is read in them, not asked apart.
    with django_assert_num_queries(2):
        fs.facets()
        count = fs.result_count
    assert count == fs.qs.count() == 1


def test_building_the_facet_index_costs_the_same_queries_for_any_number_of_rows(
    django_assert_num_queries,
):
    with django_assert_num_queries(11):  # version, rows, 5 naming tables, 4 link tables
        filterset().facets()
    ActionFactory.create_batch(5, keywords=[KeywordFactory()], publics=[PublicFactory()])

    with django_assert_num_queries(11):
        filterset().facets()


def test_the_counts_follow_every_change_of_the_catalogue():
    def counts(name: str) -> dict[str, int]:
        facet = next(facet for facet in filterset().facets() if facet.name == name)
        return {option.value: option.count for option in facet.options}

    before = counts("keyword")
    Action.objects.filter(title="Atelier cuisine").update(
        publication_state=PublicationState.DRAFT
    )  # no signal: the database's triggers tell
    assert counts("keyword") == before | {"sante": before["sante"] - 1,
                                          "parentalite": before["parentalite"] - 1}  # fmt: skip

    KeywordFactory._meta.model.objects.filter(slug="sante").update(name="Santé publique")
    labels = {o.label for f in filterset().facets() if f.name == "keyword" for o in f.options}
    assert "Santé publique" in labels


def test_chips_remove_one_value_and_go_back_to_the_first_page():
    fs = filterset("q=atelier&keyword=sante&keyword=parentalite&status=terminee&page=2")

    chips = {(chip.group, chip.label): chip.remove_url for chip in fs.active_filters()}

    assert chips == {
        ("Recherche", "« atelier »"): "/actions/?keyword=sante&keyword=parentalite&status=terminee",
        ("Mots clés", "Santé"): "/actions/?q=atelier&keyword=parentalite&status=terminee",
        ("Mots clés", "Parentalité"): "/actions/?q=atelier&keyword=sante&status=terminee",
        ("Statut", "Terminée"): "/actions/?q=atelier&keyword=sante&keyword=parentalite",
    }
    assert fs.reset_url == "/actions/"


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("title", ALL),
        ("centre", ["Boîte à livres", "Gym douce", "Atelier cuisine", "Café des parents"]),
        ("updated", ["Boîte à livres", "Gym douce", "Atelier cuisine", "Café des parents"]),
    ],
)
def test_sort_orders(sort, expected):
    assert titles(filterset(f"sort={sort}")) == expected


def test_relevance_is_the_default_order_of_a_search_only():
    assert filterset("q=atelier").current_sort == SortOrder.RELEVANCE
    assert filterset("sort=relevance").current_sort == SortOrder.TITLE
    assert [value for value, _ in filterset().sort_choices] == ["title", "updated", "centre"]


def test_filter_sets_made_together_each_filter_with_their_own_filters(catalogue):
    alone = titles(filterset("q=cuisine&sort=title"))

    first = filterset("q=cuisine&sort=title")
    second = filterset("q=gym&sort=updated")

    assert first.filters["q"] is not second.filters["q"]
    assert first.filters["q"].parent is first and second.filters["q"].parent is second
    assert titles(first) == alone
    assert first.form is not second.form
    assert first.form.cleaned_data["sort"] == "title"


def test_staff_filter_drafts_too():
    fs = filterset("keyword=sante", queryset=Action.objects.all())

    assert titles(fs) == ["Atelier cuisine", "Brouillon santé", "Gym douce"]


def test_the_url_keeps_several_values_of_a_parameter():
    fs = filterset("keyword=sante&keyword=culture")

    assert fs.data.getlist("keyword") == ["sante", "culture"]
    assert isinstance(fs.data, QueryDict)


def test_a_facet_with_many_options_shows_the_chosen_and_the_most_frequent():
    centres = [CentreFactory(display_name=f"Centre {number:02}") for number in range(12)]
    for number, centre in enumerate(centres):
        ActionFactory.create_batch(1 + (number >= 6), centre=centre)
    chosen = centres[0]

    capped = facet_named(filterset(f"centre={chosen.slug}"), "centre")
    expanded = facet_named(filterset(f"centre={chosen.slug}&toutes=centre"), "centre")

    shown = {option.value: option.count for option in capped.options}
    every = {option.value: option.count for option in expanded.options}
    assert len(shown) == FACET_OPTIONS_SHOWN and chosen.slug in shown
    assert capped.hidden == len(every) - FACET_OPTIONS_SHOWN > 0
    hidden_counts = [count for value, count in every.items() if value not in shown]
    assert min(count for value, count in shown.items() if value != chosen.slug) >= max(
        hidden_counts
    )
    assert capped.expand_url == f"/actions/?centre={chosen.slug}&toutes=centre"
    assert expanded.expanded and not expanded.hidden and not capped.expanded


def test_a_kept_facet_links_to_the_address_of_its_own_list():
    # The same counts under two addresses: each facet expands its own list.
    for number in range(FACET_OPTIONS_SHOWN + 2):
        ActionFactory(centre=CentreFactory(display_name=f"Centre {number:02}"))

    by_title = facet_named(filterset("sort=title"), "centre")
    by_update = facet_named(filterset("sort=updated"), "centre")

    assert by_title.expand_url == "/actions/?sort=title&toutes=centre"
    assert by_update.expand_url == "/actions/?sort=updated&toutes=centre"


def facet_named(fs: ActionFilterSet, name: str):
    return next(facet for facet in fs.facets() if facet.name == name)


@pytest.mark.parametrize("query", ["", "q=atelier", "q=parents&keyword=parentalite", "q=cafe"])
@pytest.mark.parametrize("sort", ["", "title", "relevance"])
def test_pages_read_from_the_index_are_those_the_database_gives(query, sort):
    for number in range(7):
        ActionFactory(title=f"Atelier des parents {number}", summary="Café, atelier, parents.")
    fs = filterset(f"{query}&sort={sort}")

    in_database = list(fs.qs.values_list("pk", flat=True))
    from_index = fs.page_keys(0, len(in_database) + 5)

    assert from_index == in_database
    assert fs.page_keys(2, 5) == in_database[2:5]


def test_a_search_is_ranked_once_while_the_catalogue_stays_the_same(monkeypatch):
    from fiches import search

    calls = []
    scored_keys = search.scored_keys
    monkeypatch.setattr(
        search, "scored_keys", lambda *a, **kw: calls.append(a) or scored_keys(*a, **kw)
    )

    first = filterset("q=atelier").result_count
    assert filterset("q=atelier&keyword=sante").result_count <= first
    assert len(calls) == 1

    ActionFactory(title="Atelier nouveau")
    assert filterset("q=atelier").result_count == first + 1
    assert len(calls) == 2


def test_a_kept_facet_follows_its_counts():
    # The same counts give the same facet, a sheet moved to another centre gives another.
    first, second, third = (CentreFactory() for _ in range(3))
    moved = ActionFactory(centre=first)
    for centre in (first, second, third):
        ActionFactory(centre=centre)

    def centre_counts() -> dict[str, int]:
        (facet,) = [facet for facet in filterset().facets() if facet.name == "centre"]
        counts = {option.value: option.count for option in facet.options}
        return {centre.slug: counts.get(centre.slug, 0) for centre in (first, second, third)}

    assert centre_counts() == {first.slug: 2, second.slug: 1, third.slug: 1}
    assert centre_counts() == {first.slug: 2, second.slug: 1, third.slug: 1}

    moved.centre = third
    moved.save()

    assert centre_counts() == {first.slug: 1, second.slug: 1, third.slug: 2}
