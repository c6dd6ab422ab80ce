"""The facet index: its counts and its "most alike" rows against plain Python, its freshness
against the catalogue's version, and the version's database triggers."""

import random
from array import array
from collections import Counter

import pytest
from django.db import connection
from django.http import QueryDict
from hypothesis import given, settings
from hypothesis import strategies as st

from core import facet_store
from core.facet_index import MASKS_PER_FACET, FacetIndex
from core.facet_store import index_for
from core.ranking import Ranking
from core.versioning import catalogue_tables, current_version
from fiches.filters import ActionFilterSet
from fiches.models import Action, Keyword, PendingImport
from tests.centres.factories import UserFactory
from tests.fiches.factories import ActionFactory, KeywordFactory


def random_index(rng: random.Random, size: int, options: int, *, single: bool) -> FacetIndex:
    """An index of ``size`` rows with one facet ``f`` of ``options`` options: one option per
    row (or none) when ``single``, any number otherwise."""
    filed = {f"v{number}": (f"Option {number}", []) for number in range(options)}
    for position in range(size):
        if single:
            if rng.random() < 0.9:
                filed[f"v{rng.randrange(options)}"][1].append(position)
        else:
            for value in rng.sample(sorted(filed), rng.randint(0, min(3, options))):
                filed[value][1].append(position)
    filed = {value: entry for value, entry in filed.items() if entry[1]}
    keys = list(range(1000, 1000 + size))
    return FacetIndex(keys, {"f": filed}, ["f"] if single else [], sort_hashes=[0] * size)


def plain_counts(index: FacetIndex, rows: int) -> dict[str, int]:
    counts = {}
    for value, (_, under) in index.options["f"].items():
        count = sum(
            1 for position in range(index.size) if under >> position & 1 and rows >> position & 1
        )
        if count:
            counts[value] = count
    return counts


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 10_000), size=st.integers(1, 300), single=st.booleans())
def test_counts_are_those_of_plain_python(seed, size, single):
    rng = random.Random(seed)
    index = random_index(rng, size, MASKS_PER_FACET + 8, single=single)
    rows = rng.getrandbits(size)

    counted = {value: count for value, _, count in index.counts("f", rows)}

    assert counted == plain_counts(index, rows)
    assert {v: c for v, _, c in index.counts("f", index.everything)} == plain_counts(
        index, index.everything
    )


def test_many_options_of_one_per_row_are_tallied_row_by_row():
    # So the property test above checks both ways of counting.

    index = random_index(random.Random(1), 2000, MASKS_PER_FACET + 1, single=True)
    few = random_index(random.Random(1), 2000, MASKS_PER_FACET, single=True)

    assert "f" in index._row_options and "f" not in few._row_options


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 10_000), size=st.integers(1, 200), limit=st.integers(1, 6))
def test_most_alike_ranks_as_plain_python(seed, size, limit):
    rng = random.Random(seed)
    first = random_index(rng, size, 6, single=False)
    second = random_index(rng, size, 4, single=False)
    index = FacetIndex(
        first.keys,
        {
            "a": {v: (label, positions(first, v)) for v, (label, _) in first.options["f"].items()},
            "b": {
                v: (label, positions(second, v)) for v, (label, _) in second.options["f"].items()
            },
        },
    )
    wanted_a = rng.sample(sorted(index.options["a"]), min(3, len(index.options["a"])))
    wanted_b = rng.sample(sorted(index.options["b"]), min(2, len(index.options["b"])))
    among = rng.getrandbits(size)

    found = index.most_alike([("a", wanted_a), ("b", wanted_b)], among=among, limit=limit)

    def shared(position, facet, wanted):
        return sum(1 for value in wanted if index.options[facet][value][1] >> position & 1)

    scored = [
        (-shared(p, "a", wanted_a), -shared(p, "b", wanted_b), p)
        for p in range(size)
        if among >> p & 1 and (shared(p, "a", wanted_a) or shared(p, "b", wanted_b))
    ]
    assert found == [index.keys[p] for *_, p in sorted(scored)[:limit]]


def positions(index: FacetIndex, value: str) -> list[int]:
    under = index.options["f"][value][1]
    return [position for position in range(index.size) if under >> position & 1]


# --- Freshness ----------------------------------------------------------------------------


def facet_sources():
    filterset = ActionFilterSet(QueryDict(), queryset=Action.objects.published())
    return {name: filter_.source(Action) for name, filter_ in filterset.facet_filters().items()}


@pytest.mark.django_db
def test_an_index_is_kept_until_the_catalogue_changes():
    ActionFactory(keywords=[KeywordFactory(name="Santé")])
    scope = Action.objects.published()

    first = index_for(scope, facet_sources())
    assert index_for(scope, facet_sources()) is first

    Keyword.objects.update(name="Santé publique")  # a bulk update: no signal
    rebuilt = index_for(scope, facet_sources())
    assert rebuilt is not first
    assert [label for _, label, _ in rebuilt.counts("keyword", rebuilt.everything)] == [
        "Santé publique"
    ]


@pytest.mark.django_db
def test_each_scope_has_its_own_index():
    ActionFactory()
    ActionFactory(publication_state="brouillon")

    published = index_for(Action.objects.published(), facet_sources())
    everything = index_for(Action.objects.all(), facet_sources())

    assert (published.size, everything.size) == (1, 2)


@pytest.mark.django_db
def test_every_catalogue_table_changes_the_version_whoever_writes():
    action = ActionFactory(keywords=[KeywordFactory()])
    tables = catalogue_tables()
    assert {"fiches_action", "fiches_action_keywords", "centres_centre"} <= set(tables)
    assert not [table for table in tables if "historical" in table]
    assert "fiches_pendingimport" not in tables  # files waiting for an import: not content

    for statement in (
        "UPDATE fiches_action SET title = 'Autre' WHERE id = %s",
        "DELETE FROM fiches_action_keywords WHERE action_id = %s",
    ):
        before = current_version()
        with connection.cursor() as cursor:
            cursor.execute(statement, [action.pk])
        assert current_version() != before, statement

    before = current_version()
    PendingImport.objects.hold(user=UserFactory(), name="d.txt", content=b"", publication_state="")
    assert current_version() == before


@pytest.fixture(autouse=True)
def _fresh_indexes():
    facet_store.forget_indexes()
    yield
    facet_store.forget_indexes()


@settings(max_examples=60, deadline=None)
@given(seed=st.integers(0, 10_000), size=st.integers(1, 200), reordered=st.booleans())
def test_ranked_rows_are_by_score_then_in_the_scope_s_order(seed, size, reordered):
    rng = random.Random(seed)
    index = random_index(rng, size, 3, single=False)
    if reordered:
        # A patch that moved rows in the scope's order, and took one out of the scope.
        gone = rng.choice(index.keys)
        order = [key for key in index.keys if key != gone]
        rng.shuffle(order)
        index.patch([gone], {}, {}, {}, order)
    scored = [(key, rng.choice([0.5, 0.25, 0.125])) for key in index.keys if rng.random() < 0.7]
    scored.append((-1, 0.0))  # a key outside the scope is left out

    ranking = index.ranked(scored)

    rank = {key: rank for rank, key in enumerate(order)} if reordered else index.positions
    expected = sorted((score, rank[key], key) for key, score in scored if key in index.positions)
    assert [index.keys[position] for position in ranking.positions] == [k for *_, k in expected]
    assert list(ranking.scores) == [score for score, *_ in expected]
    assert ranking.rows == sum(1 << position for position in ranking.positions)


def test_nothing_scored_ranks_no_row():
    index = random_index(random.Random(1), 10, 3, single=False)

    assert index.ranked([]) == Ranking(0, array("q"), array("f"))


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 10_000), size=st.integers(1, 200), start=st.integers(0, 30))
def test_first_rows_are_those_of_plain_python(seed, size, start):
    rng = random.Random(seed)
    index = random_index(rng, size, 3, single=False)
    rows = rng.getrandbits(size)

    keys = index.first_rows(rows, start, start + 7)

    in_order = [index.keys[position] for position in range(size) if rows >> position & 1]
    assert keys == in_order[start : start + 7]


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 10_000), size=st.integers(1, 200), single=st.booleans())
def test_a_patched_index_counts_as_one_built_afresh(seed, size, single):
    # Many options (one per row: counted through each row's option) or few, the totals of
    # the whole scope kept and corrected by each patch rather than counted again.
    rng = random.Random(seed)
    options = MASKS_PER_FACET + 8 if single else 6
    index = random_index(rng, size, options, single=single)
    filed_now = {
        key: [value for value, (_, rows) in index.options["f"].items() if rows >> position & 1]
        for position, key in enumerate(index.keys)
    }
    index.counts("f", index.everything)  # the totals, kept
    next_key = 1000 + size
    for _ in range(6):
        changed = set(rng.sample(sorted(filed_now), min(len(filed_now), rng.randint(0, 4))))
        for _ in range(rng.randint(0, 2)):
            changed.add(next_key)
            next_key += 1
        filed = {}
        for key in changed:
            if rng.random() < 0.2:
                filed_now.pop(key, None)  # out of the scope
                continue
            count = 1 if single else rng.randint(0, 3)
            values = [f"v{rng.randrange(options + 2)}" for _ in range(count)]
            filed[key] = {"f": values}
            filed_now[key] = values
        labels = {"f": {value: f"Option {value[1:]}" for f in filed.values() for value in f["f"]}}
        index.patch(changed, filed, labels, dict.fromkeys(filed, 0))

        expected = Counter(value for values in filed_now.values() for value in set(values))
        totals = {value: count for value, _, count in index.counts("f", index.everything)}
        assert totals == expected
        counted_afresh = {value: count for value, _, count in index._count("f", index.everything)}
        assert counted_afresh == expected


@settings(max_examples=30, deadline=None)
@given(seed=st.integers(0, 10_000), single=st.booleans())
def test_rows_filed_again_as_they_were_leave_the_index_as_it_was(seed, single):
    # A summary edited: the rows read again are filed as before, and the kept totals (with
    # what was computed from them) stay; a remembered search still scores the rows again.
    rng = random.Random(seed)
    index = random_index(rng, 60, MASKS_PER_FACET + 8 if single else 6, single=single)
    totals = index.counts("f", index.everything)
    options = dict(index.options["f"])
    changed = set(rng.sample(index.keys, 3))
    filed = {
        key: {
            "f": [value for value, (_, rows) in options.items() if rows >> index.positions[key] & 1]
        }
        for key in changed
    }
    labels = {"f": {value: options[value][0] for f in filed.values() for value in f["f"]}}
    patches = index.patch_count

    assert index.patch(changed, filed, labels, dict.fromkeys(filed, 0))

    assert index.options["f"] == options
    assert index.counts("f", index.everything) is totals
    assert index.patch_count == patches + 1

    assert index.most_alike([("f", ["v-nouvelle"])], among=index.everything, limit=3) == []
    some = index.rows_of(changed)  # a search's rows, say
    assert "v-nouvelle" not in {value for value, _, _ in index.counts("f", some)}
    moved_to_another = next(iter(changed))
    filed[moved_to_another] = {"f": ["v-nouvelle"]}
    index.patch(changed, filed, labels | {"f": {"v-nouvelle": "Nouvelle"}}, dict.fromkeys(filed, 0))
    counts = {value: count for value, _, count in index.counts("f", index.everything)}
    assert counts["v-nouvelle"] == 1
    alike = index.most_alike([("f", ["v-nouvelle"])], among=index.everything, limit=3)
    assert alike == [moved_to_another]
    assert ("v-nouvelle", "Nouvelle", 1) in index.counts("f", some)


@pytest.mark.parametrize("rows_kept, computed_anew", [(20_000, False), (2, True)])
def test_a_search_remembered_many_patches_ago_is_patched_while_their_rows_are_few(
    monkeypatch, rows_kept, computed_anew
):
    # The oldest patches are merged rather than forgotten, up to a number of rows: an old
    # search is patched with the rows they wrote, or computed anew beyond that.
    monkeypatch.setattr("core.facet_index.PATCHES_KEPT", 3)
    monkeypatch.setattr("core.facet_index.PATCHED_ROWS_KEPT", rows_kept)
    rng = random.Random(7)
    index = random_index(rng, 40, 6, single=False)
    matching = {key for key in index.keys if key % 3 == 0}
    computed = []

    def compute(keys):
        computed.append(keys)
        if keys is None:
            return Ranking(index.rows_of(matching))
        return [key for key in keys if key in matching]

    index.narrowed("recherche", compute)
    for _ in range(10):
        changed = set(rng.sample(index.keys, 2))
        matching ^= changed
        filed = {key: {"f": ["v0"]} for key in changed}
        index.patch(changed, filed, {"f": {"v0": "Option 0"}}, dict.fromkeys(filed, 0))

    found = index.narrowed("recherche", compute)

    assert found.rows == index.rows_of(matching)
    assert (computed[-1] is None) == computed_anew
