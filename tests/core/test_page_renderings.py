"""After a write, a kept page stands for the new version's when the write changed none of what
it shows, and never otherwise: the page served is always the one rendered anew would be.

These tests commit their writes (``transaction=True``): which rows changed between two
versions is read in the log of committed transactions, as other processes see it.
"""

import random

import pytest
from django.test import Client

from centres.models import Centre
from core import facet_store
from fiches.derived import refresh_derived
from fiches.models import Action
from tests.centres.factories import CentreFactory
from tests.fiches.factories import ActionFactory, KeywordFactory
from web.views import ActionListView

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

LIST = "/actions/"


@pytest.fixture(autouse=True)
def _fresh_indexes():
    facet_store.forget_indexes()
    yield
    facet_store.forget_indexes()


@pytest.fixture
def catalogue():
    """Thirty sheets: the list's first page shows twenty of them, by title."""
    centre = CentreFactory(name="Maison des Tilleuls")
    keyword = KeywordFactory(name="Jardinage")
    return [
        ActionFactory(title=f"Fiche {number:02d}", centre=centre, keywords=[keyword])
        for number in range(30)
    ]


def visit(url: str = LIST):
    """A visitor's request, and whether the page was rendered for it."""
    response = Client().get(url)
    assert response.status_code == 200
    return response.content.decode(), bool(response.templates)


def rendered_anew(settings, url: str = LIST) -> str:
    """The page as rendered now, with no page kept."""
    alias = settings.PAGE_CACHE_ALIAS
    settings.PAGE_CACHE_ALIAS = None
    try:
        return Client().get(url).content.decode()
    finally:
        settings.PAGE_CACHE_ALIAS = alias


def edit_summary(action: Action, summary: str) -> None:
    action.summary = summary
    action.save()
    refresh_derived(actions=[action])


def test_an_edit_to_a_sheet_the_page_does_not_show_leaves_its_rendering_standing(
    page_cache, catalogue
):
    before, rendered = visit()
    assert rendered and "Fiche 00" in before and "Fiche 25" not in before

    edit_summary(catalogue[25], "Un potager sur le toit.")
    after, rendered = visit()

    assert not rendered
    assert after == before


def test_a_page_served_from_its_rendering_costs_the_shared_cache_four_round_trips(
    page_cache, catalogue, monkeypatch
):
    # The page and its last rendering read together, the lock taken, the page and its
    # rendering kept together, the lock dropped: after every edit, in every process.
    visit()
    edit_summary(catalogue[25], "Un potager sur le toit.")
    calls, depth = [], [0]

    def counted(name, method):
        # The backend's own calls (local memory's set_many calls set) are not round trips.
        def call(*args, **kwargs):
            if not depth[0]:
                calls.append(name)
            depth[0] += 1
            try:
                return method(*args, **kwargs)
            finally:
                depth[0] -= 1

        return call

    for name in ("get", "get_many", "set", "set_many", "add", "delete"):
        monkeypatch.setattr(page_cache, name, counted(name, getattr(page_cache, name)))

    _, rendered = visit()

    assert not rendered
    assert calls == ["get_many", "add", "set_many", "delete"]


@pytest.mark.parametrize("url", [LIST, f"{LIST}?q=fiche&page=2"])
def test_a_standing_rendering_is_found_without_building_the_list_s_queryset(
    page_cache, catalogue, monkeypatch, url
):
    before, _ = visit(url)
    built = []
    list_queryset = ActionListView.get_queryset
    monkeypatch.setattr(
        ActionListView, "get_queryset", lambda view: built.append(view) or list_queryset(view)
    )

    edit_summary(catalogue[25 if "page" not in url else 0], "Un potager sur le toit.")
    after, rendered = visit(url)

    assert not rendered and after == before
    assert built == []


def test_an_edit_to_a_sheet_the_page_shows_renders_it_anew(page_cache, catalogue):
    visit()

    catalogue[3].title = "Fiche 03 le potager"
    catalogue[3].save()
    after, rendered = visit()

    assert rendered and "Fiche 03 le potager" in after


def test_a_new_sheet_elsewhere_in_the_list_still_changes_its_count(page_cache, catalogue):
    visit()

    ActionFactory(title="Zoo de quartier", centre=catalogue[0].centre)
    after, rendered = visit()

    assert rendered and "31 fiches actions" in after


def test_a_write_to_what_the_rows_show_from_elsewhere_renders_the_page_anew(page_cache, catalogue):
    visit()

    Centre.objects.filter(pk=catalogue[0].centre_id).update(display_name="Maison des Acacias")
    after, rendered = visit()

    assert rendered and "Maison des Acacias" in after


def test_a_sheet_s_page_stands_after_an_edit_of_a_sheet_it_does_not_show(page_cache):
    centre, other_centre = CentreFactory(), CentreFactory()
    gardening, cooking = KeywordFactory(name="Jardinage"), KeywordFactory(name="Cuisine")
    sheet = ActionFactory(title="Potager", centre=centre, keywords=[gardening])
    alike = ActionFactory(title="Jardin partagé", centre=other_centre, keywords=[gardening])
    for number in range(4):  # the page shows four sheets alike: these and « Jardin partagé »
        ActionFactory(title=f"Verger {number}", centre=other_centre, keywords=[gardening])
    same_centre = ActionFactory(title="Atelier vélo", centre=centre, keywords=[cooking])
    unrelated = ActionFactory(title="Repas partagé", centre=other_centre, keywords=[cooking])
    page, rendered = visit(sheet.get_absolute_url())
    assert rendered and "Jardin partagé" in page and "Atelier vélo" in page

    edit_summary(unrelated, "Un repas chaque mois.")
    assert visit(sheet.get_absolute_url()) == (page, False)

    for shown in (alike, same_centre, sheet):
        shown.title = f"{shown.title} (bis)"
        shown.save()
        page, rendered = visit(sheet.get_absolute_url())
        assert rendered and f"{shown.title}" in page


def test_the_page_served_after_any_write_is_the_page_rendered_anew(page_cache, settings):
    rng = random.Random(11)
    centres = [CentreFactory(name=f"Centre {letter}") for letter in "ABC"]
    keywords = [KeywordFactory(name=f"Thème {number}") for number in range(3)]
    for number in range(26):
        ActionFactory(
            title=f"Fiche {number:02d}",
            centre=rng.choice(centres),
            keywords=rng.sample(keywords, rng.randint(0, 2)),
        )
    shown = Action.objects.order_by("pk")[3]
    pages = [
        LIST,
        f"{LIST}?page=2",
        f"{LIST}?q=atelier",
        f"{LIST}?keyword={keywords[0].slug}",
        shown.get_absolute_url(),
    ]
    for page in pages:
        visit(page)
    stood = 0

    for step in range(30):
        action = rng.choice(list(Action.objects.exclude(pk=shown.pk)))
        match rng.randrange(6):
            case 0:
                edit_summary(action, rng.choice(["Un atelier cuisine.", "Un potager."]))
            case 1:
                action.title = f"Fiche {rng.randrange(40):02d} bis"
                action.save()
            case 2:
                action.keywords.set(rng.sample(keywords, rng.randint(0, 2)))
            case 3:
                ActionFactory(title=f"Fiche {rng.randrange(40):02d} nouvelle")
            case 4:
                action.delete()
            case 5:
                edit_summary(action, action.summary)  # saved unchanged
        for page in pages:
            served, rendered = visit(page)
            stood += not rendered
            assert served == rendered_anew(settings, page), (step, page)

    assert stood  # some pages did stand: the comparison covered them
